"""`wendbaar brc import`: the Dutch BRC 2014 groups and the CBS ISCO-08 to BRC table.

Each ISCO unit group maps to its BRC group (skos:broadMatch: the BRC group is as
broad or broader), so every ESCO occupation reaches its BRC group through its ISCO
code. ISCO groups not yet imported are kept as placeholders until ESCO fills them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.crosswalk_io import CrosswalkFormatError
from wendbaar.taxonomy.models import Concept, Mapping
from wendbaar.taxonomy.queries import ISCO_URI
from wendbaar.taxonomy.runs import tracked_run
from wendbaar.taxonomy.schemes import BRC, ISCO, ensure
from wendbaar.taxonomy.writer import TaxonomyWriter

BRC_URI = "https://wendbaar.nl/scheme/brc-2014/{code}"
PROVENANCE = "CBS isco08_to_brc2014"


def _table(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise CrosswalkFormatError(
                    str(path), f"missing columns: {', '.join(sorted(missing))}", 1
                )
            return [(reader.line_num, row) for row in reader]
    except (OSError, csv.Error, UnicodeDecodeError) as exc:
        raise CrosswalkFormatError(str(path), f"cannot be read: {exc}") from exc


def import_brc(groups_path: Path, isco_path: Path) -> dict[str, Any]:
    groups = _table(groups_path, {"brc_group", "brc_group_label", "brc_class"})
    pairs = _table(isco_path, {"isco08_unit", "brc_group"})
    codes = {row["brc_group"].strip() for _, row in groups}
    for line, row in pairs:
        if row["brc_group"].strip() not in codes:
            raise CrosswalkFormatError(
                str(isco_path), f"BRC group {row['brc_group']!r} is not in {groups_path.name}", line
            )
        if not row["isco08_unit"].strip().isdigit():
            raise CrosswalkFormatError(str(isco_path), "isco08_unit must be an ISCO code", line)
    with tracked_run("brc", [str(groups_path), str(isco_path)]) as (run, _progress):
        with transaction.atomic():
            summary = _apply(groups, pairs)
        run.summary = summary
    return summary


def _apply(
    groups: list[tuple[int, dict[str, str]]], pairs: list[tuple[int, dict[str, str]]]
) -> dict[str, Any]:
    brc = ensure(BRC)
    isco = ensure(ISCO)
    writer = TaxonomyWriter("2014", brc, {r.ISCO_GROUP: isco})
    writer.apply_concepts(
        r.ConceptRecord(
            uri=BRC_URI.format(code=row["brc_group"].strip()),
            kind=Concept.Kind.OCCUPATION_GROUP,
            content=r.LanguageContent(lang="nl", pref=row["brc_group_label"].strip()),
            code=row["brc_group"].strip(),
            attributes={"brc_class": row["brc_class"].strip()},
        )
        for _, row in groups
    )
    existing = {
        (m.source_id, m.target_id): m
        for m in Mapping.objects.filter(target__scheme=brc, provenance=PROVENANCE)
    }
    wanted = set()
    new = []
    for _, row in pairs:
        code = row["isco08_unit"].strip()
        source = writer.resolve(ISCO_URI.format(code=code), r.ISCO_GROUP, code)
        target = writer.known[BRC_URI.format(code=row["brc_group"].strip())].id
        wanted.add((source, target))
        if (source, target) not in existing:
            new.append(
                Mapping(
                    source_id=source,
                    target_id=target,
                    relation=Mapping.Relation.BROAD,
                    status=Mapping.Status.ACCEPTED,
                    provenance=PROVENANCE,
                    confidence=1.0,
                )
            )
    Mapping.objects.bulk_create(new)
    stale = [m.pk for key, m in existing.items() if key not in wanted]
    Mapping.objects.filter(pk__in=stale).delete()
    brc.version = "2014"
    brc.save(update_fields=["version", "updated_at"])
    return {
        "groups": len(groups),
        "mappings": len(wanted),
        "changes": writer.report.total() + len(new) + len(stale),
    }
