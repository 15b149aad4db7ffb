"""The facts a rule may use: their names, what a person reads, and which values exist.

A person's facts come from the intake (kept in the session); a training offer's facts
come from the training domain and are named ``offering.<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wendbaar.services import choices
from wendbaar.services.rules import FactValue

OFFERING_PREFIX = "offering."


Labels = dict[FactValue, str | Promise]


@dataclass(frozen=True)
class FactSpec:
    label: Promise
    values: Labels | None  # None: the values come from the database


def _values(enum: type[models.TextChoices]) -> Labels:
    labels: Labels = {}
    for value, label in enum.choices:
        labels[value] = label
    return labels


YES_NO: Labels = {True: _("yes"), False: _("no")}

FACTS: dict[str, FactSpec] = {
    "goal": FactSpec(_("what you want"), _values(choices.Goal)),
    "work_situation": FactSpec(_("work situation"), _values(choices.WorkSituation)),
    "education": FactSpec(_("highest education"), _values(choices.Education)),
    "age_group": FactSpec(_("age"), _values(choices.AgeGroup)),
    "sector": FactSpec(_("sector"), _values(choices.Sector)),
    "employer_size": FactSpec(_("size of your employer"), _values(choices.EmployerSize)),
    "municipality": FactSpec(_("municipality"), None),
    "region": FactSpec(_("labour-market region"), None),
    "offering.kind": FactSpec(_("kind of training"), _values(choices.OfferingKind)),
    "offering.kansberoep": FactSpec(
        _("the training leads to an occupation with good job chances (kansberoep)"), YES_NO
    ),
}

# The facts the intake asks; a saved route or a shared request keeps only these.
PERSON_FACTS = (
    "goal",
    "work_situation",
    "education",
    "age_group",
    "sector",
    "employer_size",
    "municipality",
    "region",
)


def vocabulary(municipalities: list[str], regions: list[str]) -> dict[str, list[FactValue] | None]:
    """Allowed values per fact, for checking an editor's rule."""
    allowed: dict[str, list[FactValue] | None] = {
        name: list(spec.values) if spec.values is not None else None for name, spec in FACTS.items()
    }
    allowed["municipality"] = list(municipalities)
    allowed["region"] = list(regions)
    return allowed


def with_offering(facts: Mapping[str, object], offering: Mapping[str, object]) -> dict[str, object]:
    """A person's facts plus a training offer's facts under the ``offering.`` prefix."""
    merged = dict(facts)
    merged.update({f"{OFFERING_PREFIX}{name}": value for name, value in offering.items()})
    return merged
