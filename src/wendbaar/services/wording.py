"""Plain words for what the rules engine decided (the engine itself holds no texts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

from wendbaar.services.facts import FACTS, OFFERING_PREFIX
from wendbaar.services.rules import Check, Condition, Judgement, Rule

# Names of values that live in the database (municipality and region codes).
Names = Mapping[str, Mapping[object, str]]


def value_label(fact: str, value: object, names: Names) -> str:
    spec = FACTS.get(fact)
    if spec is not None and spec.values is not None and value in spec.values:
        return str(spec.values[value])  # type: ignore[index]
    return str(names.get(fact, {}).get(value, value))


def _quoted(fact: str, values: Iterable[object], names: Names) -> str:
    quoted = [_("“%(value)s”") % {"value": value_label(fact, v, names)} for v in values]
    return get_text_list(quoted, _("or"))


def fact_label(fact: str) -> str:
    spec = FACTS.get(fact)
    return str(spec.label) if spec else fact


def _offering_condition(condition: Condition, names: Names) -> str:
    """A condition on the training in words: "the training leads to ...", "kind: ..."."""
    if condition.op == "in" and condition.values == (True,):
        return fact_label(condition.fact)
    values = _quoted(condition.fact, condition.values, names)
    if condition.op == "in":
        return f"{fact_label(condition.fact)}: {values}"
    return _("%(fact)s not %(values)s") % {"fact": fact_label(condition.fact), "values": values}


def reason(check: Check, names: Names) -> str:
    condition = check.condition
    words = {
        "fact": fact_label(condition.fact),
        "Fact": capfirst(fact_label(condition.fact)),
        "values": _quoted(condition.fact, condition.values, names),
    }
    if check.assumed:
        return _("Only for training that fits: %(condition)s.") % {
            "condition": _offering_condition(condition, names)
        }
    if check.state is None:
        if condition.fact.startswith(OFFERING_PREFIX):
            return _("This depends on the training: %(condition)s.") % {
                "condition": _offering_condition(condition, names)
            }
        if condition.op == "in":
            return _("We do not know your %(fact)s. This scheme is only for: %(values)s.") % words
        return _("We do not know your %(fact)s. This scheme is not for: %(values)s.") % words
    words["value"] = value_label(condition.fact, check.value, names)
    if check.state:
        return _("%(Fact)s: “%(value)s”. That fits this scheme.") % words
    if condition.op == "in":
        return _("%(Fact)s: “%(value)s”. This scheme is only for: %(values)s.") % words
    return _("%(Fact)s: “%(value)s”. This scheme is not for: %(values)s.") % words


def reasons(
    judgement: Judgement, period_dates: tuple[dt.date | None, dt.date | None], names: Names
) -> list[str]:
    """Why a scheme applies, may apply or does not, one sentence per deciding condition."""
    valid_from, valid_until = period_dates
    if judgement.period == "ended" and valid_until:
        return [_("This scheme ended on %(date)s.") % {"date": format_date(valid_until, "j F Y")}]
    if judgement.period == "not_started" and valid_from:
        return [_("This scheme starts on %(date)s.") % {"date": format_date(valid_from, "j F Y")}]
    if not judgement.checks:
        return [_("This scheme is open to everyone.")]
    return [reason(check, names) for check in judgement.checks]


def describe_condition(condition: Condition, names: Names) -> str:
    words = {
        "Fact": capfirst(fact_label(condition.fact)),
        "values": _quoted(condition.fact, condition.values, names),
    }
    if condition.op == "in":
        return _("%(Fact)s: %(values)s") % words
    return _("%(Fact)s: not %(values)s") % words


@dataclass(frozen=True)
class RuleText:
    """The conditions of a scheme for its page: a lead-in and lines, nested like the rule."""

    lead: str
    lines: list[str | RuleText]


def describe_rule(rule: Rule, names: Names) -> RuleText:
    if isinstance(rule, Condition):
        return RuleText(_("This must be true:"), [describe_condition(rule, names)])
    if not rule.parts:
        return RuleText(_("This scheme is open to everyone."), [])
    lead = _("All of these must be true:") if rule.mode == "all" else _("One of these is enough:")
    lines: list[str | RuleText] = [
        describe_condition(part, names)
        if isinstance(part, Condition)
        else describe_rule(part, names)
        for part in rule.parts
    ]
    return RuleText(lead, lines)
