"""Demo content of the service: postcode areas, service points, schemes, free learning.

Everything in ``demo_data/`` is written for this project and marked as demo. The postcode
table is approximate (one centre per town district); the service points are examples
with made-up addresses; scheme names and public facts are real but need an editor's
check. Loaded through the same importers editors use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.services import facts
from wendbaar.services.models import (
    LabourMarketRegion,
    LearningResource,
    Municipality,
    Scheme,
    ServicePoint,
)
from wendbaar.services.point_import import import_service_points
from wendbaar.services.postcodes import import_postcodes
from wendbaar.services.rules import check_vocabulary, parse_rule

DATA = Path(__file__).with_name("demo_data")
SCHEME_FIELDS = (
    "name",
    "level",
    "audiences",
    "summary_nl",
    "summary_en",
    "rule",
    "conditions_note_nl",
    "conditions_note_en",
    "amount_nl",
    "amount_en",
    "funding_percent",
    "funding_max",
    "recipient",
    "how_to_apply_nl",
    "how_to_apply_en",
    "source_url",
    "valid_from",
    "valid_until",
)


def _schemes() -> int:
    entries = json.loads((DATA / "schemes.json").read_text(encoding="utf-8"))["schemes"]
    vocabulary = facts.vocabulary(
        list(Municipality.objects.values_list("code", flat=True)),
        list(LabourMarketRegion.objects.values_list("code", flat=True)),
    )
    for entry in entries:
        problems = check_vocabulary(parse_rule(entry["rule"]), vocabulary)
        if problems:
            raise ValueError(f"demo scheme {entry['slug']}: {'; '.join(problems)}")
        defaults: dict[str, Any] = {name: entry.get(name) for name in SCHEME_FIELDS}
        defaults = {k: v for k, v in defaults.items() if v is not None}
        Scheme.objects.update_or_create(slug=entry["slug"], defaults={**defaults, "is_demo": True})
    return len(entries)


def _learning() -> int:
    entries = json.loads((DATA / "learning_resources.json").read_text(encoding="utf-8"))
    for entry in entries["resources"]:
        LearningResource.objects.update_or_create(
            url=entry["url"], defaults={**entry, "is_demo": True}
        )
    return len(entries["resources"])


def load_services_demo() -> dict[str, Any]:
    """(Re)load the demo content; loading it twice changes nothing the second time."""
    with transaction.atomic():
        postcodes = import_postcodes(DATA / "pc4_demo.csv", demo=True)
        points = import_service_points(DATA / "service_points_demo.csv", demo=True)
        return {
            "postcodes": postcodes,
            "service_points": points,
            "schemes": _schemes(),
            "learning_resources": _learning(),
        }


def load_services_demo_if_empty() -> bool:
    """For ``wendbaar serve``: load the demo only into an empty service directory."""
    if ServicePoint.objects.exists() or Scheme.objects.exists():
        return False
    load_services_demo()
    return True
