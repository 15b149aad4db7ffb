"""Load the demo taxonomy (``taxonomy.json``) through the same writer as real imports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.taxonomy import records as r
from wendbaar.taxonomy.models import Concept, ConceptScheme
from wendbaar.taxonomy.runs import tracked_run
from wendbaar.taxonomy.writer import TaxonomyWriter

DATA = Path(__file__).with_name("taxonomy.json")
SCHEME_CODE = "demo"
VERSION = "demo-1"


def _uri(data: dict[str, Any], kind: str, slug: str) -> str:
    return f"{data['uri_base']}{kind}/{slug}"


def _content(entry: dict[str, Any], lang: str) -> r.LanguageContent:
    text = entry[lang]
    return r.LanguageContent(
        lang=lang,
        pref=text["pref"],
        alt=tuple(text.get("alt", ())),
        hidden=tuple(text.get("hidden", ())),
        description=text.get("description", ""),
    )


def _concepts(data: dict[str, Any]) -> Iterator[r.ConceptRecord]:
    for entry in data["skill_groups"]:
        for lang in ("nl", "en"):
            yield r.ConceptRecord(
                _uri(data, "skill-group", entry["id"]),
                r.SKILL_GROUP,
                _content(entry, lang),
                code=entry["id"],
                status="demo",
            )
    for entry in data["skills"]:
        kind = r.KNOWLEDGE if entry["type"] == "knowledge" else r.SKILL
        for lang in ("nl", "en"):
            yield r.ConceptRecord(
                _uri(data, "skill", entry["id"]),
                kind,
                _content(entry, lang),
                code=entry["id"],
                status="demo",
                reuse_level=entry.get("reuse", ""),
                attributes={"skill_type": entry["type"]},
            )
    for entry in data["occupations"]:
        for lang in ("nl", "en"):
            yield r.ConceptRecord(
                _uri(data, "occupation", entry["id"]),
                r.OCCUPATION,
                _content(entry, lang),
                code=entry["id"],
                status="demo",
                attributes={"isco_group": entry["isco"]},
            )


def _relations(data: dict[str, Any], kinds: dict[str, str]) -> Iterator[r.RelationRecord]:
    uris = {
        entry["id"]: _uri(data, path, entry["id"])
        for key, path in (
            ("skills", "skill"),
            ("skill_groups", "skill-group"),
            ("occupations", "occupation"),
        )
        for entry in data[key]
    }
    for entry in data["occupations"]:
        for relation in (r.ESSENTIAL, r.OPTIONAL):
            for skill in entry.get(relation, ()):
                yield r.RelationRecord(
                    uris[entry["id"]], uris[skill], relation, r.OCCUPATION, kinds[skill]
                )
    for entry in data["skills"]:
        for related in entry.get("related", ()):
            kind = r.SKILL_ESSENTIAL if related["type"] == "essential" else r.SKILL_OPTIONAL
            yield r.RelationRecord(
                uris[entry["id"]],
                uris[related["id"]],
                kind,
                kinds[entry["id"]],
                kinds[related["id"]],
            )
    for key in ("skills", "skill_groups"):
        for entry in data[key]:
            if entry.get("broader"):
                yield r.RelationRecord(
                    uris[entry["id"]],
                    uris[entry["broader"]],
                    r.BROADER,
                    kinds[entry["id"]],
                    r.SKILL_GROUP,
                )


def load_demo() -> dict[str, Any]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    kinds = {
        e["id"]: (r.KNOWLEDGE if e["type"] == "knowledge" else r.SKILL) for e in data["skills"]
    }
    kinds |= {e["id"]: r.SKILL_GROUP for e in data["skill_groups"]}
    kinds |= {e["id"]: r.OCCUPATION for e in data["occupations"]}
    with tracked_run("demo", [str(DATA)]) as (run, _progress), transaction.atomic():
        scheme, _ = ConceptScheme.objects.get_or_create(
            code=SCHEME_CODE,
            defaults={
                "uri": data["uri_base"] + "scheme",
                "kind": ConceptScheme.Kind.ESCO,
                "titles": data["name"],
                "is_demo": True,
                "version": VERSION,
            },
        )
        writer = TaxonomyWriter(VERSION, scheme)
        writer.apply_concepts(_concepts(data))
        authority = {
            kind: {r.OCCUPATION, r.SKILL, r.KNOWLEDGE, r.SKILL_GROUP}
            for kind in (r.ESSENTIAL, r.OPTIONAL, r.SKILL_ESSENTIAL, r.SKILL_OPTIONAL, r.BROADER)
        }
        writer.apply_relations(_relations(data, kinds), authority)
        for code in ("green", "digital", "transversal", "language", "digcomp"):
            members = {
                _uri(data, path, e["id"]): kinds[e["id"]]
                for key, path in (("skills", "skill"), ("occupations", "occupation"))
                for e in data[key]
                if code in e.get("collections", ())
            }
            writer.apply_collection(code, _COLLECTION_TITLES[code], members, members)
        writer.finish({r.OCCUPATION, r.SKILL, r.KNOWLEDGE, r.SKILL_GROUP})
        summary = writer.report.as_dict()
        run.summary = summary
    return summary


def load_demo_if_empty() -> bool:
    """Load each part of the demo data whose tables are still empty; True if any was."""
    from wendbaar.learning.demo import load_demo_catalogue_if_empty
    from wendbaar.matching.signals_import import load_matching_demo_if_empty
    from wendbaar.services.demo import load_services_demo_if_empty

    loaded = load_services_demo_if_empty()
    if not Concept.objects.exists():
        load_demo()
        loaded = True
    # Invented wage and tension figures, only beside the demo taxonomy.
    loaded = load_matching_demo_if_empty() or loaded
    # The catalogue needs the demo skills, so it comes after the taxonomy.
    return load_demo_catalogue_if_empty() or loaded


_COLLECTION_TITLES = {
    "green": {"nl": "Groen (energietransitie)", "en": "Green (energy transition)"},
    "digital": {"nl": "Digitaal", "en": "Digital"},
    "transversal": {"nl": "Transversaal", "en": "Transversal"},
    "language": {"nl": "Taal", "en": "Language"},
    "digcomp": {"nl": "DigComp", "en": "DigComp"},
}
