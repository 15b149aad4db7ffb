"""Open Badges 3.0 achievement definitions (JSON) to the credential an offering awards.

An achievement is matched to the offerings that name its ``id`` as their credential (the
CSV column ``credential_id``, or an earlier import); it becomes their credential, and its
alignments that point at taxonomy concepts (``targetUrl``) become confirmed skills. An
achievement no offering names is refused: it says what a badge means, not where to learn.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.learning.importers.common import ImportReport, Refused
from wendbaar.learning.models import Offering, OfferingSkill
from wendbaar.taxonomy.models import Concept


def looks_like(data: Any) -> bool:
    items = data if isinstance(data, list) else [data]
    return any(isinstance(i, dict) and "Achievement" in _types(i) for i in items)


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def import_achievements(path: Path, data: Any, report: ImportReport) -> None:
    items = data if isinstance(data, list) else [data]
    for n, item in enumerate(items, start=1):
        record = str(item.get("id") or f"achievement {n}") if isinstance(item, dict) else str(n)
        reason = _import_one(item)
        if reason:
            report.refused.append(Refused(record, reason))
        else:
            report.updated.append(record)


def _import_one(item: Any) -> str:
    if not isinstance(item, dict) or "Achievement" not in _types(item):
        return "not an Open Badges 3.0 Achievement (type must include Achievement)"
    achievement_id = item.get("id")
    if not isinstance(achievement_id, str) or not achievement_id:
        return "the achievement has no id"
    if not isinstance(item.get("name"), str) or not item["name"].strip():
        return "the achievement has no name"
    alignments = item.get("alignment") or []
    if not isinstance(alignments, list):
        return "alignment must be a list"
    urls = [a.get("targetUrl") for a in alignments if isinstance(a, dict)]
    concepts = list(Concept.objects.filter(uri__in=[u for u in urls if isinstance(u, str)]))
    offerings = list(Offering.objects.filter(credential__id=achievement_id))
    if not offerings:
        return "no offering awards this achievement (name its id as an offering's credential)"
    if alignments and not concepts:
        return "none of the alignments points to a known skill"
    with transaction.atomic():
        for offering in offerings:
            offering.credential = item
            offering.save(update_fields=["credential", "updated_at"])
            for concept in concepts:
                OfferingSkill.objects.update_or_create(
                    offering=offering, concept=concept, defaults={"confirmed": True}
                )
    return ""


def read_json(path: Path) -> tuple[Any, str]:
    try:
        return json.loads(path.read_bytes().decode("utf-8")), ""
    except UnicodeDecodeError:
        return None, "wrong encoding: the file is not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON: {exc}"
