"""The rules engine: parsing, three-valued evaluation, validity dates, prices (no Django)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import pytest

from wendbaar.services.rules import (
    EVERYONE,
    Candidate,
    Condition,
    Funding,
    Group,
    Outcome,
    Price,
    RuleError,
    Validity,
    best_price,
    check_vocabulary,
    evaluate,
    judge,
    parse_rule,
)

TODAY = dt.date(2026, 6, 1)
VOUCHER = {
    "all": [
        {"fact": "work_situation", "in": ["unemployed_ww"]},
        {"fact": "age_group", "not_in": ["pension_age"]},
    ]
}


def outcome(rule: Mapping[str, object], facts: Mapping[str, object]) -> Outcome:
    return judge(parse_rule(rule), facts, Validity(), TODAY).outcome


def test_parse() -> None:
    rule = parse_rule(VOUCHER)
    assert rule == Group(
        "all",
        (
            Condition("work_situation", "in", ("unemployed_ww",)),
            Condition("age_group", "not_in", ("pension_age",)),
        ),
    )
    assert parse_rule({}) == EVERYONE and parse_rule(None) == EVERYONE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "rule: expected an object"),
        ({"all": []}, "rule.all: expected a non-empty list"),
        ({"fact": "age_group", "in": []}, "rule.in: expected a non-empty list"),
        ({"fact": "age_group", "in": [3]}, "rule.in: expected a non-empty list of texts"),
        ({"all": [{"fact": "x", "equals": ["y"]}]}, "rule.all[0]: expected"),
        ({"fact": "", "in": ["y"]}, "rule.fact: expected the name of a fact"),
    ],
)
def test_bad_rules_say_where(data: object, message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_rule(data)


def test_applies_when_every_condition_is_met() -> None:
    facts = {"work_situation": "unemployed_ww", "age_group": "45_54"}
    result = evaluate(parse_rule(VOUCHER), facts)
    assert result.state is True
    assert [(c.condition.fact, c.state, c.value) for c in result.checks] == [
        ("work_situation", True, "unemployed_ww"),
        ("age_group", True, "45_54"),
    ]


def test_may_apply_when_a_fact_is_unknown() -> None:
    result = evaluate(parse_rule(VOUCHER), {"work_situation": "unemployed_ww"})
    assert result.state is None
    assert [(c.condition.fact, c.state) for c in result.checks] == [
        ("work_situation", True),
        ("age_group", None),
    ]
    assert outcome(VOUCHER, {"work_situation": "unemployed_ww", "age_group": ""}) is (
        Outcome.MAY_APPLY
    )


def test_does_not_apply_names_only_the_failing_condition() -> None:
    result = evaluate(parse_rule(VOUCHER), {"work_situation": "employee"})
    assert result.state is False
    assert [(c.condition.fact, c.state, c.value) for c in result.checks] == [
        ("work_situation", False, "employee")
    ]


def test_any_is_decided_by_one_true_part() -> None:
    rule = {"any": [{"fact": "goal", "in": ["basic_skills"]}, {"fact": "sector", "in": ["care"]}]}
    assert outcome(rule, {"sector": "care"}) is Outcome.APPLIES
    assert outcome(rule, {"goal": "switch"}) is Outcome.MAY_APPLY
    assert outcome(rule, {"goal": "switch", "sector": "ict"}) is Outcome.DOES_NOT_APPLY
    unknown = evaluate(parse_rule(rule), {"goal": "switch"})
    assert [c.condition.fact for c in unknown.checks] == ["sector"]


def test_nested_groups() -> None:
    rule = {
        "all": [
            {"fact": "work_situation", "in": ["employee", "flex"]},
            {
                "any": [
                    {"fact": "employer_size", "in": ["small", "medium"]},
                    {"fact": "sector", "in": ["hospitality"]},
                ]
            },
        ]
    }
    assert outcome(rule, {"work_situation": "flex", "sector": "hospitality"}) is Outcome.APPLIES
    assert outcome(rule, {"work_situation": "flex", "employer_size": "large"}) is (
        Outcome.MAY_APPLY
    )
    assert outcome(rule, {"work_situation": "flex", "employer_size": "large", "sector": "ict"}) is (
        Outcome.DOES_NOT_APPLY
    )


def test_true_and_false_values() -> None:
    rule = {"fact": "offering.kansberoep", "in": [True]}
    assert outcome(rule, {"offering.kansberoep": True}) is Outcome.APPLIES
    assert outcome(rule, {"offering.kansberoep": False}) is Outcome.DOES_NOT_APPLY
    assert outcome(rule, {}) is Outcome.MAY_APPLY


def test_conditions_on_an_offer_are_assumed_while_a_person_looks_around() -> None:
    rule = parse_rule(
        {
            "all": [
                {"fact": "age_group", "not_in": ["pension_age"]},
                {"fact": "offering.kind", "in": ["advice"]},
            ]
        }
    )
    looking = judge(rule, {"age_group": "27_44"}, Validity(), TODAY, "offering.")
    assert looking.outcome is Outcome.APPLIES
    assert [c.assumed for c in looking.checks] == [False, True]
    pricing = judge(rule, {"age_group": "27_44", "offering.kind": "course"}, Validity(), TODAY)
    assert pricing.outcome is Outcome.DOES_NOT_APPLY


def test_everyone_rule_applies_without_facts() -> None:
    assert outcome({}, {}) is Outcome.APPLIES


def test_validity_dates_decide_first() -> None:
    rule = parse_rule({})
    ended = judge(rule, {}, Validity(None, dt.date(2023, 12, 31)), TODAY)
    assert (ended.outcome, ended.period) == (Outcome.DOES_NOT_APPLY, "ended")
    future = judge(rule, {}, Validity(dt.date(2027, 1, 1), None), TODAY)
    assert (future.outcome, future.period) == (Outcome.DOES_NOT_APPLY, "not_started")
    last_day = judge(rule, {}, Validity(None, TODAY), TODAY)
    assert last_day.outcome is Outcome.APPLIES


def test_vocabulary_check_lists_unknown_facts_and_values() -> None:
    rule = parse_rule(
        {"all": [{"fact": "age_group", "in": ["old"]}, {"fact": "shoe_size", "in": ["42"]}]}
    )
    problems = check_vocabulary(rule, {"age_group": ["27_44"], "region": None})
    assert problems == ["age_group: unknown value 'old'", "unknown fact 'shoe_size'"]
    anything = parse_rule({"fact": "region", "in": ["groot-amsterdam"]})
    assert check_vocabulary(anything, {"region": None}) == []


def test_funding_covers_a_share_up_to_a_cap() -> None:
    assert Funding(Decimal(100), Decimal(1000)).covers(Decimal(1500)) == Decimal(1000)
    assert Funding(Decimal(60)).covers(Decimal("99.99")) == Decimal("59.99")
    assert Funding(Decimal(100)).covers(Decimal(300)) == Decimal(300)


def test_best_price_counts_one_applying_scheme_and_lists_the_maybes() -> None:
    price = best_price(
        Decimal(3000),
        [
            Candidate("small", Funding(Decimal(100), Decimal(500)), Outcome.APPLIES),
            Candidate("voucher", Funding(Decimal(100), Decimal(2500)), Outcome.APPLIES),
            Candidate("maybe", Funding(Decimal(100)), Outcome.MAY_APPLY),
            Candidate("no", Funding(Decimal(100)), Outcome.DOES_NOT_APPLY),
        ],
    )
    assert (price.funded_by, price.covered, price.net_price) == ("voucher", 2500, 500)
    assert price.could_also_lower == ["maybe"]
    nothing: Price[str] = best_price(Decimal(80), [])
    assert (nothing.funded_by, nothing.net_price) == (None, Decimal(80))
