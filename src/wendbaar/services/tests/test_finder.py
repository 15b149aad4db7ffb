"""The finder's public interface, on the demo schemes (as the training domain will use it)."""

# The pages use Dutch typographic single quotes; the tests look for them.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import pytest
from django.utils import translation

from wendbaar.services.demo import load_services_demo
from wendbaar.services.finder import applicable_schemes, price_after_funding
from wendbaar.services.rules import Outcome

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def demo(db: None) -> None:
    load_services_demo()


def outcomes(facts: Mapping[str, object], **kwargs: object) -> dict[str, Outcome]:
    return {v.scheme.slug: v.outcome for v in applicable_schemes(facts, today=TODAY, **kwargs)}  # type: ignore[arg-type]


def test_job_seeker_with_ww() -> None:
    found = outcomes({"work_situation": "unemployed_ww", "age_group": "45_54", "goal": "switch"})
    assert found["uwv-scholingsvoucher"] is Outcome.APPLIES
    assert found["stap-budget"] is Outcome.DOES_NOT_APPLY  # ended in 2023
    assert found["slim-regeling"] is Outcome.DOES_NOT_APPLY
    assert found["nl-leert-door-ontwikkeladvies"] is Outcome.APPLIES


def test_order_and_reasons() -> None:
    with translation.override("nl"):
        verdicts = applicable_schemes({"work_situation": "flex"}, today=TODAY)
    order = [v.outcome for v in verdicts]
    assert order == sorted(
        order, key=[Outcome.APPLIES, Outcome.MAY_APPLY, Outcome.DOES_NOT_APPLY].index
    )
    slim = next(v for v in verdicts if v.scheme.slug == "slim-regeling")
    assert slim.outcome is Outcome.MAY_APPLY
    assert slim.reasons == [
        "Werksituatie: ‘Ik werk met een tijdelijk contract, via een uitzendbureau of als "
        "oproepkracht’. Dat past bij deze regeling.",
        "We weten je grootte van je werkgever niet. Deze regeling is alleen voor: "
        "‘Minder dan 50 mensen’ of ‘50 tot 250 mensen’.",
        "We weten je sector niet. Deze regeling is alleen voor: ‘Landbouw, groen en voeding’ "
        "of ‘Hotels, restaurants en cafés (horeca)’.",
    ]
    stap = next(v for v in verdicts if v.scheme.slug == "stap-budget")
    assert stap.reasons == ["Deze regeling is gestopt op 31 december 2023."]


def test_regional_scheme_by_region() -> None:
    gelderland = {"region": "midden-gelderland", "sector": "metal"}
    assert outcomes(gelderland)["gelders-vakmanschap"] is Outcome.APPLIES
    assert outcomes({**gelderland, "region": "groot-amsterdam"})["gelders-vakmanschap"] is (
        Outcome.DOES_NOT_APPLY
    )


def test_price_after_funding_for_a_training_offer() -> None:
    person = {"work_situation": "unemployed_ww", "age_group": "45_54"}
    priced = price_after_funding(
        Decimal("3200"), person, {"kind": "course", "kansberoep": True}, today=TODAY
    )
    assert priced.funded_by is not None and priced.funded_by.scheme.slug == "uwv-scholingsvoucher"
    assert (priced.covered, priced.net_price) == (Decimal("2500.00"), Decimal("700.00"))
    no_prospects = price_after_funding(
        Decimal("3200"), person, {"kind": "course", "kansberoep": False}, today=TODAY
    )
    assert no_prospects.funded_by is None and no_prospects.net_price == Decimal("3200")


def test_price_lists_schemes_that_need_more_facts() -> None:
    priced = price_after_funding(Decimal("400"), {}, {"kind": "basic_skills"}, today=TODAY)
    assert priced.funded_by is not None and priced.funded_by.scheme.slug == "tel-mee-met-taal"
    assert priced.net_price == 0
    unknown_person = price_after_funding(Decimal("900"), {}, {"kind": "advice"}, today=TODAY)
    assert unknown_person.funded_by is None  # the age is unknown
    maybe = [v.scheme.slug for v in unknown_person.may_lower]
    assert "nl-leert-door-ontwikkeladvies" in maybe and "tel-mee-met-taal" in maybe


def test_employer_schemes_do_not_lower_the_persons_price() -> None:
    facts = {"work_situation": "employee", "employer_size": "small"}
    priced = price_after_funding(Decimal("1000"), facts, {"kind": "course"}, today=TODAY)
    assert priced.funded_by is None  # SLIM applies, but pays the employer
    verdict = next(
        v for v in applicable_schemes(facts, today=TODAY) if v.scheme.slug == "slim-regeling"
    )
    assert verdict.outcome is Outcome.APPLIES and verdict.amount is None
