"""The rules language of the scheme finder, without Django.

A scheme's conditions are a small JSON tree over the intake's facts::

    {"all": [
        {"fact": "work_situation", "in": ["unemployed_ww"]},
        {"fact": "age_group", "not_in": ["pension_age"]},
        {"any": [{"fact": "goal", "in": ["switch"]}, {"fact": "offering.kansberoep", "in": [true]}]}
    ]}

Evaluation is three-valued: a fact nobody gave is *unknown*, so a scheme can apply, may
apply or not apply. The result keeps the conditions that decided it, so the pages can say
why in plain words (see wording.py); this module holds no texts at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Generic, Literal, TypeVar

S = TypeVar("S")
Facts = Mapping[str, object]
FactValue = str | bool
CENT = Decimal("0.01")


class Outcome(StrEnum):
    APPLIES = "applies"
    MAY_APPLY = "may_apply"
    DOES_NOT_APPLY = "does_not_apply"


ORDER = {Outcome.APPLIES: 0, Outcome.MAY_APPLY: 1, Outcome.DOES_NOT_APPLY: 2}


class RuleError(ValueError):
    """A rule that cannot be read; the message names the place in the tree."""


@dataclass(frozen=True)
class Condition:
    fact: str
    op: Literal["in", "not_in"]
    values: tuple[FactValue, ...]

    def holds_for(self, value: object) -> bool:
        return (value in self.values) == (self.op == "in")


@dataclass(frozen=True)
class Group:
    mode: Literal["all", "any"]
    parts: tuple[Rule, ...]


Rule = Condition | Group
EVERYONE = Group("all", ())


def parse_rule(data: object, path: str = "rule") -> Rule:
    """Read the JSON form; an empty object means the scheme is for everyone."""
    if data in (None, {}):
        return EVERYONE
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected an object, got {type(data).__name__}")
    keys = set(data)
    if keys in ({"all"}, {"any"}):
        mode: Literal["all", "any"] = "all" if "all" in keys else "any"
        parts = data[mode]
        if not isinstance(parts, list) or not parts:
            raise RuleError(f"{path}.{mode}: expected a non-empty list of rules")
        return Group(mode, tuple(parse_rule(p, f"{path}.{mode}[{i}]") for i, p in enumerate(parts)))
    if "fact" in keys and len(keys) == 2 and keys & {"in", "not_in"}:
        fact = data["fact"]
        op: Literal["in", "not_in"] = "in" if "in" in keys else "not_in"
        values = data[op]
        if not isinstance(fact, str) or not fact:
            raise RuleError(f"{path}.fact: expected the name of a fact")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str | bool) for v in values)
        ):
            raise RuleError(f"{path}.{op}: expected a non-empty list of texts or true/false")
        return Condition(fact, op, tuple(values))
    raise RuleError(
        f"{path}: expected {{'all': [...]}}, {{'any': [...]}} or "
        f"{{'fact': ..., 'in'|'not_in': [...]}}, got keys {sorted(keys)}"
    )


def conditions(rule: Rule) -> list[Condition]:
    """Every condition in the tree, in reading order."""
    if isinstance(rule, Condition):
        return [rule]
    return [c for part in rule.parts for c in conditions(part)]


def check_vocabulary(rule: Rule, vocabulary: Mapping[str, Iterable[FactValue] | None]) -> list[str]:
    """Unknown facts or values, as messages for the editor; ``None`` allows any value."""
    problems = []
    for condition in conditions(rule):
        if condition.fact not in vocabulary:
            problems.append(f"unknown fact {condition.fact!r}")
            continue
        allowed = vocabulary[condition.fact]
        if allowed is None:
            continue
        allowed_set = set(allowed)
        problems.extend(
            f"{condition.fact}: unknown value {value!r}"
            for value in condition.values
            if value not in allowed_set
        )
    return problems


@dataclass(frozen=True)
class Check:
    """One condition held against the facts: met (True), not met (False) or unknown (None).

    ``assumed`` marks a condition taken as met because it is about something not asked
    yet (a training offer, when a person looks for schemes): the page states it as a
    limit ("only for ...") instead of calling the scheme uncertain.
    """

    condition: Condition
    state: bool | None
    value: object = None
    assumed: bool = False


@dataclass(frozen=True)
class Evaluation:
    state: bool | None
    checks: tuple[Check, ...] = ()  # the checks that decided the state, in reading order


def evaluate(rule: Rule, facts: Facts, assume_prefix: str | None = None) -> Evaluation:
    """Kleene logic: *all* is false if one part is false, *any* true if one part is true.

    A missing fact whose name starts with ``assume_prefix`` counts as met (see Check).
    """
    if isinstance(rule, Condition):
        value = facts.get(rule.fact)
        if value is None or value == "":
            if assume_prefix and rule.fact.startswith(assume_prefix):
                return Evaluation(True, (Check(rule, True, None, assumed=True),))
            return Evaluation(None, (Check(rule, None),))
        state = rule.holds_for(value)
        return Evaluation(state, (Check(rule, state, value),))
    results = [evaluate(part, facts, assume_prefix) for part in rule.parts]
    decisive = rule.mode == "any"  # one false part decides "all", one true part "any"
    deciding = [r for r in results if r.state is decisive]
    if deciding:
        return Evaluation(decisive, _joined(deciding))
    open_ = [r for r in results if r.state is None]
    if open_:
        # All parts of "all" count (met and unknown); for "any" only the open ones can still win.
        return Evaluation(None, _joined(results if rule.mode == "all" else open_))
    return Evaluation(not decisive, _joined(results))


def _joined(results: Iterable[Evaluation]) -> tuple[Check, ...]:
    return tuple(check for result in results for check in result.checks)


@dataclass(frozen=True)
class Validity:
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def problem(self, today: dt.date) -> Literal["not_started", "ended"] | None:
        if self.valid_from and today < self.valid_from:
            return "not_started"
        if self.valid_until and today > self.valid_until:
            return "ended"
        return None


@dataclass(frozen=True)
class Judgement:
    """What the engine says about one scheme; ``period`` is set when dates rule it out."""

    outcome: Outcome
    checks: tuple[Check, ...] = ()
    period: Literal["not_started", "ended"] | None = None


def judge(
    rule: Rule,
    facts: Facts,
    validity: Validity,
    today: dt.date,
    assume_prefix: str | None = None,
) -> Judgement:
    period = validity.problem(today)
    if period:
        return Judgement(Outcome.DOES_NOT_APPLY, (), period)
    result = evaluate(rule, facts, assume_prefix)
    outcome = {
        True: Outcome.APPLIES,
        None: Outcome.MAY_APPLY,
        False: Outcome.DOES_NOT_APPLY,
    }[result.state]
    return Judgement(outcome, result.checks)


@dataclass(frozen=True)
class Funding:
    """The part of a price a scheme pays: a percentage, capped at an amount in euros."""

    percent: Decimal
    max_amount: Decimal | None = None

    def covers(self, price: Decimal) -> Decimal:
        share = (price * self.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        if self.max_amount is not None:
            share = min(share, self.max_amount)
        return max(Decimal(0), min(share, price))


@dataclass(frozen=True)
class Candidate(Generic[S]):
    scheme: S
    funding: Funding
    outcome: Outcome


@dataclass(frozen=True)
class Price(Generic[S]):
    price: Decimal
    covered: Decimal
    funded_by: S | None
    could_also_lower: list[S] = field(default_factory=list)

    @property
    def net_price(self) -> Decimal:
        return self.price - self.covered


def best_price(price: Decimal, candidates: Iterable[Candidate[S]]) -> Price[S]:
    """Apply the one scheme that applies and pays most; schemes are not stacked, because
    most forbid paying the same costs twice. Schemes that may apply are listed apart."""
    listed = list(candidates)
    applying = [c for c in listed if c.outcome is Outcome.APPLIES]
    best = max(applying, key=lambda c: c.funding.covers(price), default=None)
    maybe = [c.scheme for c in listed if c.outcome is Outcome.MAY_APPLY]
    if best is None or best.funding.covers(price) == 0:
        return Price(price, Decimal(0), None, maybe)
    return Price(price, best.funding.covers(price), best.scheme, maybe)
