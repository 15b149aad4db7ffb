"""`wendbaar taxonomy stats`: counts per scheme, kind, language, relation and mapping status."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count

from wendbaar.taxonomy.models import Concept, ConceptScheme, Label, Mapping, Relation

SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)


def _nested() -> defaultdict[str, dict[str, int]]:
    return defaultdict(dict)


def taxonomy_stats() -> dict[str, Any]:
    schemes: dict[str, dict[str, Any]] = {}
    for scheme in ConceptScheme.objects.order_by("code"):
        schemes[scheme.code] = {
            "kind": scheme.kind,
            "version": scheme.version,
            "is_demo": scheme.is_demo,
            "concepts": {},
            "skills_total": 0,
            "deprecated": {},
            "placeholders": {},
            "preferred_labels": _nested(),
            "labels": _nested(),
            "relations": {},
            "collections": {},
        }
    concepts = Concept.objects.values("scheme__code", "kind", "deprecated", "placeholder")
    for row in concepts.annotate(n=Count("id")):
        entry = schemes[row["scheme__code"]]
        bucket = (
            "placeholders"
            if row["placeholder"]
            else "deprecated"
            if row["deprecated"]
            else "concepts"
        )
        entry[bucket][row["kind"]] = entry[bucket].get(row["kind"], 0) + row["n"]
    for entry in schemes.values():
        entry["skills_total"] = sum(entry["concepts"].get(kind, 0) for kind in SKILL_KINDS)
    current = Label.objects.filter(concept__deprecated=False, concept__placeholder=False)
    preferred = (
        current.filter(kind=Label.Kind.PREFERRED)
        .values("concept__scheme__code", "lang", "concept__kind")
        .annotate(n=Count("concept_id", distinct=True))
    )
    for pref in preferred:
        langs = schemes[pref["concept__scheme__code"]]["preferred_labels"]
        langs[pref["lang"]][pref["concept__kind"]] = pref["n"]
    for label in current.values("concept__scheme__code", "lang", "kind").annotate(n=Count("id")):
        schemes[label["concept__scheme__code"]]["labels"][label["lang"]][label["kind"]] = label["n"]
    relations = Relation.objects.values("source__scheme__code", "kind").annotate(n=Count("id"))
    for relation in relations:
        schemes[relation["source__scheme__code"]]["relations"][relation["kind"]] = relation["n"]
    for scheme in ConceptScheme.objects.prefetch_related("collections"):
        for collection in scheme.collections.annotate(n=Count("members")):
            schemes[scheme.code]["collections"][collection.code] = collection.n  # type: ignore[attr-defined]
    for entry in schemes.values():
        for key in ("preferred_labels", "labels"):
            entry[key] = {lang: dict(sorted(v.items())) for lang, v in sorted(entry[key].items())}
    return {"schemes": schemes, "mappings": mapping_stats()}


def mapping_stats() -> dict[str, Any]:
    result: dict[str, Any] = {}
    rows = Mapping.objects.values(
        "source__scheme__code", "target__scheme__code", "status", "relation"
    ).annotate(n=Count("id"))
    for row in rows:
        key = f"{row['source__scheme__code']} -> {row['target__scheme__code']}"
        entry = result.setdefault(key, {"total": 0, "status": {}, "relation": {}})
        entry["total"] += row["n"]
        entry["status"][row["status"]] = entry["status"].get(row["status"], 0) + row["n"]
        entry["relation"][row["relation"]] = entry["relation"].get(row["relation"], 0) + row["n"]
    return dict(sorted(result.items()))
