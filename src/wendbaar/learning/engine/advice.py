"""Gap-closing advice: the cheapest set of offerings that closes a person's skill gaps.

An integer programme (``scipy.optimize.milp``, HiGHS): one binary variable per offering,
one covering row per missing essential skill, and the person's limits.

* **Objective** (euros): ``cost + hour_value * study hours`` per chosen offering, minus
  ``optional_value`` for every missing *optional* skill that gets covered (a soft goal:
  an optional skill is worth that much to the person, no more).
* **Per offering** (filtered before the solver, so each exclusion has a named reason):
  language, online only or within the travel distance, a start date between today and
  the latest start (no start dates means "start any time"), and a duration that fits the
  weeks available.
* **Together**: total cost <= budget, total study hours <= hours per week x weeks.
* **Recognition first** (EVC): an EVC trajectory only closes a gap the person's experience
  suggests they already have (``recognisable``); such a trajectory recognises rather than
  teaches. When a recognisable gap can be closed by a feasible EVC trajectory, the plan
  must use one for it. If that makes the plan impossible within the limits, the rule is
  dropped and the result says so.
* When not every coverable gap fits within the budget or hours, the solver first finds the
  largest number of gaps that can be closed, then the cheapest way to close that many
  (two solves, lexicographic, rather than one big-M objective that upsets the gap
  tolerance).

The result explains which offering closes which gap, what stays open and why, an
alternative (the best plan that uses none of the chosen offerings), and whether the
solver proved optimality. :func:`greedy` is the usual cost-per-gap heuristic for comparison.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

EVC = "evc"

# Why an offering cannot be used; also the reasons a gap stays open.
LANGUAGE = "language"
NOT_ONLINE = "not_online"
TOO_FAR = "too_far"
NO_START = "no_start_in_time"
TOO_LONG = "too_long"
NEEDS_EXPERIENCE = "evc_needs_experience"
NO_OFFERING = "no_offering"
LIMITS = "budget_or_hours"

ALTERNATIVE_SECONDS = 2.0  # the alternative is a courtesy; it gets less time

# MILP statuses of scipy.optimize.milp.
OPTIMAL = 0
TIME_LIMIT = 1
INFEASIBLE = 2


@dataclass(frozen=True)
class Option:
    """One offering as the engine sees it."""

    id: str
    title: str
    skills: frozenset[str]
    cost: float = 0.0
    hours: float = 0.0
    weeks: float = 0.0
    kind: str = "course"
    online: bool = False
    distance_km: float | None = None  # from the person; None when unknown
    language: str = "nl"
    starts: tuple[dt.date, ...] = ()  # empty: start any time

    @property
    def is_evc(self) -> bool:
        return self.kind == EVC


@dataclass(frozen=True)
class Limits:
    budget: float | None = None
    hours_per_week: float | None = None
    weeks: float | None = None
    online_only: bool = False
    max_distance_km: float | None = None
    start_before: dt.date | None = None
    languages: frozenset[str] | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def total_hours(self) -> float | None:
        if self.hours_per_week is None or self.weeks is None:
            return None
        return self.hours_per_week * self.weeks


@dataclass(frozen=True)
class Weights:
    hour_value: float = 10.0  # euros one study hour is worth to the person
    optional_value: float = 25.0  # euros one covered optional skill is worth


@dataclass(frozen=True)
class Problem:
    gaps: frozenset[str]  # missing essential skills
    options: Sequence[Option]
    optional: frozenset[str] = frozenset()  # missing optional skills
    recognisable: frozenset[str] = frozenset()  # gaps the person's experience suggests
    limits: Limits = field(default_factory=Limits)
    weights: Weights = field(default_factory=Weights)
    # Offerings by skill (see index_options): with it only the offerings that teach a
    # wanted skill are looked at, instead of the whole catalogue.
    index: Mapping[str, Sequence[Option]] | None = None


def index_options(options: Iterable[Option]) -> dict[str, list[Option]]:
    index: dict[str, list[Option]] = defaultdict(list)
    for option in options:
        for skill in option.skills:
            index[skill].append(option)
    return dict(index)


@dataclass(frozen=True)
class Choice:
    option: Option
    closes: tuple[str, ...]  # essential gaps
    optional: tuple[str, ...]
    recognises: bool  # an EVC trajectory recognising experience


@dataclass(frozen=True)
class OpenGap:
    skill: str
    reason: str  # NO_OFFERING, LIMITS, or the exclusion reason of every offering
    excluded: dict[str, int]  # reason -> number of offerings teaching it excluded for it


@dataclass(frozen=True)
class Plan:
    choices: tuple[Choice, ...]
    cost: float
    hours: float
    objective: float

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(c.option.id for c in self.choices)


@dataclass(frozen=True)
class Advice:
    plan: Plan
    open: tuple[OpenGap, ...]
    alternative: Plan | None
    status: int  # milp status of the last solve (0 optimal, 1 time limit, ...)
    proven_optimal: bool
    mip_gap: float
    evc_first: bool  # the recognition-first rule held
    candidates: int  # offerings left after the filters
    message: str = ""

    @property
    def covered(self) -> frozenset[str]:
        return frozenset(s for c in self.plan.choices for s in c.closes)


def exclusion(option: Option, limits: Limits) -> str | None:
    """Why an offering cannot be part of any plan under these limits (None: it can)."""
    if limits.languages is not None and option.language not in limits.languages:
        return LANGUAGE
    if limits.online_only and not option.online:
        return NOT_ONLINE
    if (
        not option.online
        and limits.max_distance_km is not None
        and (option.distance_km is None or option.distance_km > limits.max_distance_km)
    ):
        return TOO_FAR
    if option.starts:
        latest = limits.start_before
        if not any(s >= limits.today and (latest is None or s <= latest) for s in option.starts):
            return NO_START
    if limits.weeks is not None and option.weeks > limits.weeks:
        return TOO_LONG
    return None


def teaches(option: Option, skill: str, recognisable: frozenset[str]) -> bool:
    """EVC recognises what a person can already do; it does not teach it."""
    return skill in option.skills and (not option.is_evc or skill in recognisable)


def weight(option: Option, weights: Weights) -> float:
    return option.cost + weights.hour_value * option.hours


@dataclass
class _Prepared:
    options: list[Option]
    essential: list[str]  # coverable gaps, ordered
    optional: list[str]
    open: list[OpenGap]


def _prepare(problem: Problem) -> _Prepared:
    """Filter to offerings that close at least one gap, note why the others cannot."""
    wanted = problem.gaps | problem.optional
    excluded: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kept: list[Option] = []
    taught: set[str] = set()
    if problem.index is not None:
        seen: dict[str, Option] = {}
        for skill in wanted:
            for option in problem.index.get(skill, ()):
                seen.setdefault(option.id, option)
        pool: Iterable[Option] = seen.values()
    else:
        pool = problem.options
    for option in pool:
        useful = [s for s in option.skills & wanted if teaches(option, s, problem.recognisable)]
        if not useful:
            if option.is_evc:
                for s in option.skills & problem.gaps:
                    excluded[s][NEEDS_EXPERIENCE] += 1
            continue
        reason = exclusion(option, problem.limits)
        if reason is not None:
            for s in useful:
                excluded[s][reason] += 1
            continue
        kept.append(option)
        taught.update(useful)
    kept = _pareto(kept, wanted, problem)
    open_gaps = [
        OpenGap(
            s,
            max(excluded[s].items(), key=lambda kv: kv[1])[0] if excluded.get(s) else NO_OFFERING,
            dict(excluded.get(s, {})),
        )
        for s in sorted(problem.gaps - taught)
    ]
    return _Prepared(
        kept,
        sorted(problem.gaps & taught),
        sorted(problem.optional & taught - problem.gaps),
        open_gaps,
    )


def _pareto(options: list[Option], wanted: frozenset[str], problem: Problem) -> list[Option]:
    """Among offerings closing the same gaps keep only those not beaten on cost and hours.

    A dominated offering is never needed for an optimal plan: swapping it for the one
    that beats it keeps every limit and lowers the objective. This keeps 20,000 offerings
    with a few hundred distinct gap sets small.
    """
    groups: dict[tuple[frozenset[str], bool], list[Option]] = defaultdict(list)
    for option in options:
        covers = frozenset(
            s for s in option.skills & wanted if teaches(option, s, problem.recognisable)
        )
        groups[(covers, option.is_evc)].append(option)
    kept: list[Option] = []
    for group in groups.values():
        group.sort(key=lambda o: (o.cost, o.hours, o.id))
        best_hours = math.inf
        for option in group:
            if option.hours < best_hours:
                kept.append(option)
                best_hours = option.hours
    kept.sort(key=lambda o: o.id)
    return kept


@dataclass
class _Model:
    c: np.ndarray
    rows: list[tuple[np.ndarray, float, float]]
    n: int
    upper: np.ndarray | None = None  # per-variable upper bounds (default 1)

    def add(self, coeffs: np.ndarray, lb: float, ub: float) -> None:
        self.rows.append((coeffs, lb, ub))


def _solve(model: _Model, time_limit: float) -> tuple[int, np.ndarray | None, float, float]:
    constraints = []
    if model.rows:
        matrix = csr_array(np.vstack([r[0] for r in model.rows]))
        constraints.append(
            LinearConstraint(matrix, [r[1] for r in model.rows], [r[2] for r in model.rows])
        )
    res = milp(
        model.c,
        constraints=constraints,
        integrality=np.ones(model.n),
        bounds=Bounds(0, model.upper if model.upper is not None else 1),
        options={"time_limit": time_limit, "mip_rel_gap": 1e-9, "presolve": True},
    )
    gap = float(getattr(res, "mip_gap", 0.0) or 0.0)
    if res.x is None:
        return int(res.status), None, math.inf, gap
    return int(res.status), np.round(res.x).astype(bool), float(res.fun), gap


class _Builder:
    """Variables: one per offering, then one per coverable optional skill (covered or not)."""

    def __init__(self, prepared: _Prepared, problem: Problem) -> None:
        self.p = prepared
        self.problem = problem
        self.n_off = len(prepared.options)
        self.n = self.n_off + len(prepared.optional)
        w = problem.weights
        c = np.zeros(self.n)
        c[: self.n_off] = [weight(o, w) for o in prepared.options]
        c[self.n_off :] = -w.optional_value
        self.c = c

    def cover_row(self, skill: str) -> np.ndarray:
        row = np.zeros(self.n)
        for i, o in enumerate(self.p.options):
            if teaches(o, skill, self.problem.recognisable):
                row[i] = 1
        return row

    def base(self, objective: np.ndarray | None = None) -> _Model:
        model = _Model(self.c if objective is None else objective, [], self.n)
        limits = self.problem.limits
        if limits.budget is not None:
            row = np.zeros(self.n)
            row[: self.n_off] = [o.cost for o in self.p.options]
            model.add(row, -np.inf, limits.budget)
        total = limits.total_hours
        if total is not None:
            row = np.zeros(self.n)
            row[: self.n_off] = [o.hours for o in self.p.options]
            model.add(row, -np.inf, total)
        for k, skill in enumerate(self.p.optional):
            row = self.cover_row(skill)
            row[self.n_off + k] = -1  # covered only if some chosen offering teaches it
            model.add(row, 0, np.inf)
        return model

    def cover_all(self, model: _Model, skills: Iterable[str]) -> None:
        for skill in skills:
            model.add(self.cover_row(skill), 1, np.inf)

    def evc_rows(self, model: _Model) -> None:
        for skill in self.p.essential:
            if skill not in self.problem.recognisable:
                continue
            row = np.zeros(self.n)
            for i, o in enumerate(self.p.options):
                if o.is_evc and skill in o.skills:
                    row[i] = 1
            if row.any():
                model.add(row, 1, np.inf)

    def plan(self, x: np.ndarray, objective: float) -> Plan:
        wanted_opt = set(self.p.optional)
        choices = []
        for i, o in enumerate(self.p.options):
            if not x[i]:
                continue
            rec = self.problem.recognisable
            choices.append(
                Choice(
                    o,
                    tuple(s for s in self.p.essential if teaches(o, s, rec)),
                    tuple(sorted(s for s in o.skills & wanted_opt if teaches(o, s, rec))),
                    o.is_evc,
                )
            )
        return Plan(
            tuple(choices),
            round(sum(c.option.cost for c in choices), 2),
            round(sum(c.option.hours for c in choices), 2),
            round(objective, 4),
        )


def advise(problem: Problem, *, time_limit: float = 10.0, alternatives: bool = True) -> Advice:
    """The optimal plan under the person's limits, explained (see the module text)."""
    prepared = _prepare(problem)
    builder = _Builder(prepared, problem)
    if builder.n == 0:
        empty = Plan((), 0.0, 0.0, 0.0)
        return Advice(empty, tuple(prepared.open), None, OPTIMAL, True, 0.0, True, 0)
    evc_first = True
    message = ""
    model = builder.base()
    builder.cover_all(model, prepared.essential)
    builder.evc_rows(model)
    status, x, fun, gap = _solve(model, time_limit)
    if status == INFEASIBLE:
        evc_first = False
        model = builder.base()
        builder.cover_all(model, prepared.essential)
        status, x, fun, gap = _solve(model, time_limit)
        if status != INFEASIBLE:
            message = "recognition first was dropped: it does not fit the limits"
    open_gaps = list(prepared.open)
    if status == INFEASIBLE:
        # Not every gap fits the limits: the most gaps first, then the cheapest way.
        message = "not every gap fits within the budget and hours"
        m = len(prepared.essential)
        count = _Model(np.zeros(builder.n + m), [], builder.n + m)
        count.c[builder.n :] = -1
        for coeffs, lb, ub in builder.base().rows:
            count.add(np.concatenate([coeffs, np.zeros(m)]), lb, ub)
        for k, skill in enumerate(prepared.essential):
            row = np.concatenate([builder.cover_row(skill), np.zeros(m)])
            row[builder.n + k] = -1
            count.add(row, 0, np.inf)
        status, xc, _fun, gap = _solve(count, time_limit)
        if xc is None:  # cannot happen: choosing nothing is always allowed
            raise RuntimeError(f"the solver failed (status {status})")
        best = int(xc[builder.n :].sum())
        reach = _Model(np.concatenate([builder.c, np.zeros(m)]), count.rows[:], builder.n + m)
        reach.add(np.concatenate([np.zeros(builder.n), np.ones(m)]), best, np.inf)
        status, x2, fun, gap = _solve(reach, time_limit)
        if x2 is None:
            x2, fun = xc, float(np.concatenate([builder.c, np.zeros(m)]) @ xc)
        x = x2[: builder.n]
        model = reach
        open_gaps += [
            OpenGap(s, LIMITS, {}) for s in prepared.essential if builder.cover_row(s) @ x < 1
        ]
        open_gaps.sort(key=lambda g: g.skill)
    if x is None:
        # The time limit passed before any plan was found: fall back on the heuristic.
        fallback = greedy(problem)
        left = set(prepared.essential) - {s for c in fallback.choices for s in c.closes}
        open_gaps += [OpenGap(s, LIMITS, {}) for s in sorted(left)]
        return Advice(
            fallback,
            tuple(open_gaps),
            None,
            status,
            False,
            math.inf,
            False,
            len(prepared.options),
            "the solver found no plan in time; this is the heuristic's",
        )
    plan = builder.plan(x, fun)
    alternative = None
    if alternatives and plan.choices:
        # The best plan that uses none of the chosen offerings: a real other route, and
        # an easier problem than a no-good cut (the columns simply go).
        upper = np.ones(model.n)
        upper[: builder.n_off][x[: builder.n_off]] = 0
        other = _Model(model.c, model.rows, model.n, upper)
        alt_status, xalt, alt_fun, _ = _solve(other, min(time_limit, ALTERNATIVE_SECONDS))
        if xalt is not None and alt_status in (OPTIMAL, TIME_LIMIT):
            alternative = builder.plan(xalt[: builder.n], alt_fun)
    return Advice(
        plan,
        tuple(open_gaps),
        alternative,
        status,
        status == OPTIMAL,
        gap,
        evc_first,
        len(prepared.options),
        message,
    )


def greedy(problem: Problem) -> Plan:
    """Cheapest objective per newly closed gap first, within the limits; for comparison."""
    prepared = _prepare(problem)
    rec = problem.recognisable
    w = problem.weights
    uncovered = set(prepared.essential)
    budget = problem.limits.budget if problem.limits.budget is not None else math.inf
    hours = problem.limits.total_hours if problem.limits.total_hours is not None else math.inf
    chosen: list[Option] = []
    while uncovered:
        best: tuple[float, str] | None = None
        pick: Option | None = None
        for o in prepared.options:
            new = sum(1 for s in uncovered if teaches(o, s, rec))
            if not new or o.cost > budget or o.hours > hours:
                continue
            key = (weight(o, w) / new, o.id)
            if best is None or key < best:
                best, pick = key, o
        if pick is None:
            break
        chosen.append(pick)
        budget -= pick.cost
        hours -= pick.hours
        uncovered -= {s for s in uncovered if teaches(pick, s, rec)}
    essential = set(prepared.essential)
    optional = set(prepared.optional)
    choices = tuple(
        Choice(
            o,
            tuple(sorted(s for s in o.skills & essential if teaches(o, s, rec))),
            tuple(sorted(s for s in o.skills & optional if teaches(o, s, rec))),
            o.is_evc,
        )
        for o in chosen
    )
    covered_opt = {s for c in choices for s in c.optional}
    objective = sum(weight(o, w) for o in chosen) - w.optional_value * len(covered_opt)
    return Plan(
        choices,
        round(sum(o.cost for o in chosen), 2),
        round(sum(o.hours for o in chosen), 2),
        round(objective, 4),
    )
