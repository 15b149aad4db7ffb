"""The gap-closing engine: hand-checked cases and properties (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.learning.engine.advice import (
    LIMITS,
    NEEDS_EXPERIENCE,
    NO_OFFERING,
    NO_START,
    NOT_ONLINE,
    TOO_FAR,
    Limits,
    Option,
    Problem,
    Weights,
    advise,
    greedy,
    index_options,
)

TODAY = dt.date(2026, 1, 5)
NO_TIME = Weights(hour_value=0.0, optional_value=0.0)


def opt(id_: str, skills: str, cost: float, **kw: object) -> Option:
    return Option(id_, id_, frozenset(skills), cost=cost, **kw)  # type: ignore[arg-type]


def test_cheapest_cover_beats_greedy_trap() -> None:
    # Greedy takes the bundle (3 euros a gap) and then needs "d" (15 in total); the
    # optimum is the two halves (14).
    options = [
        opt("bundle", "abc", 9),
        opt("left", "ab", 7),
        opt("right", "cd", 7),
        opt("d", "d", 6),
    ]
    problem = Problem(frozenset("abcd"), options, weights=NO_TIME, limits=Limits(today=TODAY))
    advice = advise(problem)
    assert advice.plan.ids == {"left", "right"}
    assert advice.plan.cost == 14
    assert advice.proven_optimal and advice.status == 0
    assert greedy(problem).ids == {"bundle", "d"}
    closes = {c.option.id: set(c.closes) for c in advice.plan.choices}
    assert closes == {"left": {"a", "b"}, "right": {"c", "d"}}
    assert advice.alternative is not None and advice.alternative.ids != advice.plan.ids
    assert advice.alternative.cost == 15


def test_study_hours_count_in_the_objective() -> None:
    options = [opt("cheap-long", "a", 100, hours=100), opt("dear-short", "a", 300, hours=10)]
    problem = Problem(frozenset("a"), options, weights=Weights(hour_value=10.0))
    # 100 + 1000 against 300 + 100
    assert advise(problem).plan.ids == {"dear-short"}


def test_open_gaps_say_why() -> None:
    options = [
        opt("far", "a", 100, distance_km=80.0),
        opt("late", "b", 100, online=True, starts=(dt.date(2026, 9, 1),)),
        opt("evc", "c", 100, kind="evc", online=True),
        opt("ok", "e", 100, online=True),
    ]
    limits = Limits(max_distance_km=30, start_before=dt.date(2026, 3, 1), today=TODAY)
    advice = advise(Problem(frozenset("abcde"), options, limits=limits))
    reasons = {g.skill: g.reason for g in advice.open}
    assert reasons == {"a": TOO_FAR, "b": NO_START, "c": NEEDS_EXPERIENCE, "d": NO_OFFERING}
    assert advice.plan.ids == {"ok"}
    online = advise(Problem(frozenset("a"), options, limits=Limits(online_only=True)))
    assert online.open[0].reason == NOT_ONLINE


def test_evc_first_for_recognisable_gaps() -> None:
    options = [opt("course", "ab", 500), opt("evc", "ab", 900, kind="evc")]
    problem = Problem(frozenset("ab"), options, recognisable=frozenset("ab"), weights=NO_TIME)
    advice = advise(problem)
    assert advice.plan.ids == {"evc"} and advice.evc_first
    assert advice.plan.choices[0].recognises
    # Without experience EVC cannot close the gap; the course does.
    assert advise(Problem(frozenset("ab"), options, weights=NO_TIME)).plan.ids == {"course"}


def test_evc_first_is_dropped_when_it_does_not_fit_the_budget() -> None:
    options = [opt("course", "ab", 500), opt("evc", "ab", 900, kind="evc")]
    problem = Problem(
        frozenset("ab"), options, recognisable=frozenset("ab"), limits=Limits(budget=600)
    )
    advice = advise(problem)
    assert advice.plan.ids == {"course"} and not advice.evc_first and advice.message


def test_budget_too_small_closes_most_gaps_then_cheapest() -> None:
    options = [opt("ab", "ab", 400), opt("c", "c", 300), opt("a", "a", 150), opt("b", "b", 150)]
    problem = Problem(frozenset("abc"), options, limits=Limits(budget=450), weights=NO_TIME)
    advice = advise(problem)
    # Two gaps fit (a+b for 300, or ab for 400, or a/b + c for 450): the cheapest is a + b.
    assert advice.plan.ids == {"a", "b"}
    assert [(g.skill, g.reason) for g in advice.open] == [("c", LIMITS)]
    assert advice.plan.cost <= 450


def test_hours_limit() -> None:
    options = [
        opt("long", "ab", 100, hours=200),
        opt("a", "a", 200, hours=20),
        opt("b", "b", 200, hours=20),
    ]
    limits = Limits(hours_per_week=5, weeks=10)  # 50 hours
    advice = advise(Problem(frozenset("ab"), options, limits=limits))
    assert advice.plan.ids == {"a", "b"} and advice.plan.hours == 40


def test_optional_skills_are_a_bonus_not_a_duty() -> None:
    options = [opt("a", "a", 100), opt("ax", "ax", 110), opt("x", "x", 500)]
    worth_it = Problem(
        frozenset("a"), options, optional=frozenset("x"), weights=Weights(0, optional_value=25)
    )
    assert advise(worth_it).plan.ids == {"ax"}
    not_worth = Problem(
        frozenset("a"), options, optional=frozenset("x"), weights=Weights(0, optional_value=5)
    )
    assert advise(not_worth).plan.ids == {"a"}


def test_nothing_to_do() -> None:
    advice = advise(Problem(frozenset(), [opt("a", "a", 1)]))
    assert advice.plan.choices == () and advice.open == () and advice.proven_optimal


SKILLS = "abcdefgh"


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    n = draw(st.integers(1, 14))
    options = [
        Option(
            str(i),
            str(i),
            frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=4))),
            cost=float(draw(st.integers(0, 2000))),
            hours=float(draw(st.integers(0, 200))),
            online=draw(st.booleans()),
            distance_km=float(draw(st.integers(0, 100))),
        )
        for i in range(n)
    ]
    gaps = frozenset(draw(st.sets(st.sampled_from(SKILLS), min_size=1, max_size=6)))
    budget = draw(st.one_of(st.none(), st.integers(0, 5000)))
    limits = Limits(
        budget=None if budget is None else float(budget),
        hours_per_week=draw(st.one_of(st.none(), st.integers(1, 20))),
        weeks=20,
        max_distance_km=draw(st.one_of(st.none(), st.integers(5, 100))),
        today=TODAY,
    )
    return Problem(gaps, options, limits=limits)


@settings(max_examples=150, deadline=None)
@given(problems())
def test_properties(problem: Problem) -> None:
    advice = advise(problem)
    by_greedy = greedy(problem)
    covered = {s for c in advice.plan.choices for s in c.closes}
    greedy_covered = {s for c in by_greedy.choices for s in c.closes}
    # Every chosen offering closes something.
    assert all(c.closes or c.optional for c in advice.plan.choices)
    # Every gap is either covered or reported open, never both.
    assert covered | {g.skill for g in advice.open} == set(problem.gaps)
    assert not covered & {g.skill for g in advice.open}
    # The limits hold.
    if problem.limits.budget is not None:
        assert advice.plan.cost <= problem.limits.budget + 1e-6
    if problem.limits.total_hours is not None:
        assert advice.plan.hours <= problem.limits.total_hours + 1e-6
    assert advice.proven_optimal
    # Never fewer gaps than greedy; never dearer when both close the same number.
    assert len(covered) >= len(greedy_covered)
    if len(covered) == len(greedy_covered):
        assert advice.plan.objective <= by_greedy.objective + 1e-6
    # The skill index only speeds up the search.
    indexed = advise(replace(problem, index=index_options(problem.options)), alternatives=False)
    assert indexed.plan.objective == advice.plan.objective


@settings(max_examples=50, deadline=None)
@given(problems())
def test_impossible_limits_are_reported_not_crashed(problem: Problem) -> None:
    squeezed = Problem(
        problem.gaps, problem.options, limits=Limits(budget=0, hours_per_week=0, weeks=0)
    )
    advice = advise(squeezed)
    free = {s for o in problem.options if o.cost == 0 and o.hours == 0 for s in o.skills}
    assert {g.skill for g in advice.open} == set(problem.gaps) - free
