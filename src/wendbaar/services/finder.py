"""The scheme finder: which schemes apply to a person, and what a training costs after them.

This is the interface other domains use (the training domain for prices after funding)::

    applicable_schemes(facts) -> list[Verdict]
    price_after_funding(price, facts, offering_facts) -> PriceAfterFunding

``facts`` are the intake's facts (see facts.PERSON_FACTS; missing ones are unknown),
``offering_facts`` a training offer's facts without prefix, e.g. ``{"kind": "course"}``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from wendbaar.services import wording
from wendbaar.services.facts import OFFERING_PREFIX, with_offering
from wendbaar.services.models import LabourMarketRegion, Localized, Municipality, Scheme
from wendbaar.services.rules import (
    ORDER,
    Candidate,
    Funding,
    Outcome,
    RuleError,
    best_price,
    judge,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    scheme: Scheme
    outcome: Outcome
    reasons: list[str]
    amount: Funding | None  # what it pays towards a price, when it lowers one

    @property
    def amount_text(self) -> Localized:
        return self.scheme.localized("amount")


@dataclass(frozen=True)
class PriceAfterFunding:
    price: Decimal
    covered: Decimal
    funded_by: Verdict | None  # the one scheme counted (schemes are not stacked)
    may_lower: list[Verdict] = field(default_factory=list)  # if the person checks more

    @property
    def net_price(self) -> Decimal:
        return self.price - self.covered


def names_for_facts() -> wording.Names:
    """Names of the municipality and region codes that facts and rules use."""
    return {
        "region": dict(LabourMarketRegion.objects.values_list("code", "name")),
        "municipality": dict(Municipality.objects.values_list("code", "name")),
    }


def applicable_schemes(
    facts: Mapping[str, object],
    *,
    offering_facts: Mapping[str, object] | None = None,
    today: dt.date | None = None,
    schemes: Iterable[Scheme] | None = None,
) -> list[Verdict]:
    """Every scheme with its outcome and reasons: applies first, then may apply, then not.

    Without ``offering_facts`` (a person looking around) conditions on the training are
    stated as limits ("only for ..."); with them (a price for one offer) they are checked.
    """
    if offering_facts is None:
        assume: str | None = OFFERING_PREFIX
        all_facts: Mapping[str, object] = facts
    else:
        assume, all_facts = None, with_offering(facts, offering_facts)
    today = today or timezone.localdate()
    names = names_for_facts()
    verdicts = []
    for scheme in Scheme.objects.all() if schemes is None else schemes:
        try:
            rule = scheme.parsed_rule()
        except RuleError:
            log.warning("scheme %s has a rule that cannot be read; skipped", scheme.slug)
            continue
        judgement = judge(rule, all_facts, scheme.validity, today, assume)
        verdicts.append(
            Verdict(
                scheme,
                judgement.outcome,
                wording.reasons(judgement, (scheme.valid_from, scheme.valid_until), names),
                scheme.funding if scheme.lowers_price_for_person else None,
            )
        )
    return sorted(verdicts, key=lambda v: (ORDER[v.outcome], v.scheme.name.casefold()))


def price_after_funding(
    price: Decimal,
    facts: Mapping[str, object],
    offering_facts: Mapping[str, object],
    *,
    today: dt.date | None = None,
) -> PriceAfterFunding:
    """The price a person pays after the best scheme that surely applies; schemes that
    may apply (a fact is unknown) are listed, not counted."""
    verdicts = applicable_schemes(facts, offering_facts=offering_facts, today=today)
    candidates = [
        Candidate(verdict, verdict.amount, verdict.outcome)
        for verdict in verdicts
        if verdict.amount is not None
    ]
    result = best_price(Decimal(price), candidates)
    return PriceAfterFunding(
        result.price, result.covered, result.funded_by, result.could_also_lower
    )
