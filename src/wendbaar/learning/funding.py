"""Funding for offerings and plans: an adapter to the service portal's scheme finder.

The rules live in ``wendbaar.services`` (``finder.applicable_schemes`` and
``finder.price_after_funding``); this module only turns an offering into the finder's
offering facts and a person into its person facts, so neither side copies the other:

* offering facts: ``kind`` (the finder's ``course``/``formal``/``basic_skills``/``advice``,
  from ``Offering.funding_kind`` or, when empty, from the offering's kind) and
  ``kansberoep`` (left out when unknown);
* person facts: the intake's facts from the session (``services.intake``), which the
  person may have filled in at ``/start/``; missing facts are unknown, so schemes then
  "may apply" rather than apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest

from wendbaar.learning.models import Offering, OfferingKind, Plan
from wendbaar.services import finder, intake

# What the finder calls an offering of each kind when the provider did not say.
DEFAULT_FUNDING_KIND: dict[str, str] = {
    OfferingKind.COURSE: "course",
    OfferingKind.MODULE: "course",
    OfferingKind.MICRO_CREDENTIAL: "course",
    OfferingKind.PROGRAMME: "formal",
    OfferingKind.EVC: "course",
    OfferingKind.ON_THE_JOB: "course",
    OfferingKind.FREE_ONLINE: "course",
}


def offering_facts(offering: Offering) -> dict[str, object]:
    facts: dict[str, object] = {
        "kind": offering.funding_kind or DEFAULT_FUNDING_KIND.get(offering.kind, "course")
    }
    if offering.kansberoep is not None:
        facts["kansberoep"] = offering.kansberoep
    return facts


def person_facts(request: HttpRequest | None) -> dict[str, object]:
    """The intake's facts of the current visitor (empty when they did not do the intake)."""
    if request is None:
        return {}
    return intake.facts_of(intake.answers(request))


@dataclass(frozen=True)
class OfferingFunding:
    offering: Offering
    price: finder.PriceAfterFunding
    schemes: list[finder.Verdict]  # every scheme that applies or may apply

    @property
    def net_price(self) -> Decimal:
        return self.price.net_price


def funding_for(
    offering: Offering, facts: Mapping[str, object], *, today: dt.date | None = None
) -> OfferingFunding:
    offer = offering_facts(offering)
    verdicts = finder.applicable_schemes(facts, offering_facts=offer, today=today)
    return OfferingFunding(
        offering,
        finder.price_after_funding(offering.cost, facts, offer, today=today),
        [v for v in verdicts if v.outcome != finder.Outcome.DOES_NOT_APPLY],
    )


class NetPrices:
    """Net prices for many offerings, asking the finder once per kind of offer and price."""

    def __init__(self, facts: Mapping[str, object], today: dt.date | None = None) -> None:
        self.facts = facts
        self.today = today
        self._cache: dict[tuple[Any, ...], Decimal] = {}

    def __call__(self, offering: Offering) -> Decimal:
        offer = offering_facts(offering)
        key = (offering.cost, tuple(sorted(offer.items())))
        if key not in self._cache:
            result = finder.price_after_funding(offering.cost, self.facts, offer, today=self.today)
            self._cache[key] = result.net_price
        return self._cache[key]


@dataclass(frozen=True)
class PlanFunding:
    items: list[OfferingFunding]

    @property
    def price(self) -> Decimal:
        return sum((i.price.price for i in self.items), Decimal(0))

    @property
    def net_price(self) -> Decimal:
        return sum((i.net_price for i in self.items), Decimal(0))


def plan_funding(
    plan: Plan, facts: Mapping[str, object], *, today: dt.date | None = None
) -> PlanFunding:
    """Funding per offering in the plan; one scheme per offering is counted."""
    offerings = [
        a.offering for a in plan.actions.select_related("offering") if a.offering is not None
    ]
    return PlanFunding([funding_for(o, facts, today=today) for o in offerings])
