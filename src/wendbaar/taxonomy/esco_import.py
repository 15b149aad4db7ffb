"""`wendbaar esco import`: the official ESCO CSV distribution into the taxonomy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.progress import Progress
from wendbaar.taxonomy import esco_csv
from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.models import SchemeRelease
from wendbaar.taxonomy.runs import tracked_run
from wendbaar.taxonomy.schemes import ESCO, ISCO, ensure
from wendbaar.taxonomy.writer import TaxonomyWriter

# Concept files first (so relations find their concepts), English before other
# languages (its labels are the most complete), collections after main files
# (they only add labels where the main file of that language is absent).
_ROLE_ORDER = {"concepts": 0, "collection": 1, "hierarchy": 2, "relations": 3}
_BASE_ORDER = {"ISCOGroups": 0, "skillGroups": 1, "skills": 2, "occupations": 3}
# Which relation file is the full list for which relation kinds and source kinds.
_AUTHORITY = {
    "occupationSkillRelations": {
        r.ESSENTIAL: {r.OCCUPATION},
        r.OPTIONAL: {r.OCCUPATION},
    },
    "skillSkillRelations": {
        r.SKILL_ESSENTIAL: {r.SKILL, r.KNOWLEDGE},
        r.SKILL_OPTIONAL: {r.SKILL, r.KNOWLEDGE},
    },
    "broaderRelationsOccPillar": {r.BROADER: {r.OCCUPATION, r.ISCO_GROUP}},
    "broaderRelationsSkillPillar": {r.BROADER: {r.SKILL, r.KNOWLEDGE, r.SKILL_GROUP}},
}


def _order(source: esco_csv.SourceFile) -> tuple[int, int, int, str]:
    return (
        _ROLE_ORDER[source.role],
        _BASE_ORDER.get(source.base, 9),
        0 if source.lang == "en" else 1,
        source.name,
    )


def import_esco(
    paths: list[Path], version: str | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Import an ESCO release; all or nothing. Returns the change report."""
    distribution = esco_csv.discover(paths, version)
    for source in distribution.files:
        esco_csv.check_header(source)
    with tracked_run("esco", [str(p) for p in paths], progress) as (run, live):
        with transaction.atomic():
            summary = _import(distribution, live)
        run.summary = summary
    return summary


def _labels_noting_members(
    source: esco_csv.SourceFile, members: dict[str, str], progress: Progress
) -> Iterator[r.ConceptRecord]:
    for member, record in esco_csv.collection_records(source, progress.advance):
        members[member.uri] = member.kind
        yield record


def _import(distribution: esco_csv.Distribution, progress: Progress) -> dict[str, Any]:
    esco = ensure(ESCO)
    isco = ensure(ISCO)
    writer = TaxonomyWriter(distribution.version, esco, {r.ISCO_GROUP: isco})
    files = sorted(distribution.files, key=_order)
    collections: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for source in files:
        progress.stage(source.name, source.size)
        if source.role == "concepts":
            writer.apply_concepts(esco_csv.concept_records(source, progress.advance))
        elif source.role == "collection":
            code, titles = esco_csv.collection_code(source.base)
            members = collections.setdefault(code, (titles, {}))[1]
            writer.apply_concepts(_labels_noting_members(source, members, progress))
        elif source.role == "hierarchy":
            writer.apply_relations(esco_csv.hierarchy_records(source, progress.advance))
        else:
            writer.apply_relations(
                esco_csv.relation_records(source, progress.advance), _AUTHORITY[source.base]
            )
    for code, (titles, members) in collections.items():
        writer.apply_collection(code, titles, members, members)
    writer.finish(distribution.complete_kinds())
    report = writer.report.as_dict()
    previous = esco.version
    if report["total_changes"] or previous != distribution.version:
        esco.version = isco.version = distribution.version
        esco.save(update_fields=["version", "updated_at"])
        isco.save(update_fields=["version", "updated_at"])
        SchemeRelease.objects.create(scheme=esco, version=distribution.version, summary=report)
    return {
        "version": distribution.version,
        "previous_version": previous,
        "languages": distribution.languages,
        "files": [f.display for f in files],
        "ignored_files": distribution.ignored,
        **report,
    }
