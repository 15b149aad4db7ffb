"""Gap-closing advice on a synthetic catalogue: 20,000 offerings, gaps of 20 skills.

The catalogue is generated here with a fixed seed (no data files): 1,000 skills in 100
clusters (think: occupations' skill sets). Offerings are mostly modules of 2-6 skills of
one cluster, some cross-cluster courses of 1-3 skills, programmes of 8-15 skills over two
clusters, and EVC trajectories; prices, study hours, durations, distances, online share and
start dates vary. Each query takes 20 gap skills from two or three clusters and random
limits (budget, hours a week, weeks, travel distance or online only, latest start,
language), and for half the queries 3-5 of the gaps are recognisable (EVC first).

The catalogue is indexed by skill once (``index_options``), as a running service would keep
it. For every query it times ``advise`` (filtering, the MILP, the alternative) and
``greedy``, and reports p50/p95 time, the share of queries whose optimality the solver
proved, and the gap against greedy (on queries without EVC first, where both solve the
same problem).

    .venv/bin/python benchmarks/advice.py [--queries 200] [--json out.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from wendbaar.learning.engine.advice import (
    Limits,
    Option,
    Problem,
    advise,
    greedy,
    index_options,
)

TODAY = dt.date(2026, 1, 5)
SKILLS = 1000
CLUSTERS = 100


def catalogue(n: int, rng: random.Random) -> list[Option]:
    clusters = [list(range(c * 10, c * 10 + 10)) for c in range(CLUSTERS)]
    options = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.65:
            kind = "module"
            skills = rng.sample(rng.choice(clusters), rng.randint(2, 6))
        elif roll < 0.85:
            kind = "course"
            skills = rng.sample(range(SKILLS), rng.randint(1, 3))
        elif roll < 0.95:
            kind = "programme"
            a, b = rng.sample(clusters, 2)
            skills = rng.sample(a + b, rng.randint(8, 15))
        else:
            kind = "evc"
            skills = rng.sample(rng.choice(clusters), rng.randint(5, 10))
        hours = {"module": (16, 120), "course": (8, 60), "programme": (300, 1600), "evc": (8, 40)}
        online = rng.random() < 0.35
        starts = tuple(
            TODAY + dt.timedelta(days=rng.randint(7, 300)) for _ in range(rng.randint(0, 3))
        )
        options.append(
            Option(
                id=str(i),
                title=f"offering {i}",
                skills=frozenset(f"s{s}" for s in skills),
                cost=float(rng.choice([0, 150, 295, 450, 695, 950, 1250, 1800, 2400, 3900])),
                hours=float(rng.randint(*hours[kind])),
                weeks=float(rng.randint(2, 60)),
                kind=kind,
                online=online,
                distance_km=None if online else rng.uniform(0, 200),
                language="en" if rng.random() < 0.1 else "nl",
                starts=starts,
            )
        )
    return options


def query(options: list[Option], index: dict[str, list[Option]], rng: random.Random) -> Problem:
    clusters = rng.sample(range(CLUSTERS), rng.choice([2, 3]))
    pool = [f"s{c * 10 + k}" for c in clusters for k in range(10)]
    gaps = frozenset(rng.sample(pool, 20))
    online_only = rng.random() < 0.2
    limits = Limits(
        budget=rng.choice([None, 3000.0, 6000.0, 12000.0]),
        hours_per_week=rng.choice([None, 4.0, 8.0, 16.0]),
        weeks=52.0,
        online_only=online_only,
        max_distance_km=None if online_only else rng.choice([None, 25.0, 50.0, 100.0]),
        start_before=rng.choice([None, TODAY + dt.timedelta(days=120)]),
        languages=frozenset({"nl"}) if rng.random() < 0.5 else None,
        today=TODAY,
    )
    recognisable = (
        frozenset(rng.sample(sorted(gaps), rng.randint(3, 5)))
        if rng.random() < 0.5
        else frozenset()
    )
    return Problem(gaps, options, recognisable=recognisable, limits=limits, index=index)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offerings", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    options = catalogue(args.offerings, rng)
    index = index_options(options)  # built once, as a service keeps it between requests
    built = time.perf_counter() - started
    times, greedy_times, candidates, gaps_vs_greedy = [], [], [], []
    proven = open_total = greedy_fewer = milp_fewer = fallbacks = 0
    for _ in range(args.queries):
        problem = query(options, index, rng)
        t0 = time.perf_counter()
        advice = advise(problem)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        heuristic = greedy(problem)
        greedy_times.append(time.perf_counter() - t0)
        proven += advice.proven_optimal
        fallbacks += not advice.evc_first
        candidates.append(advice.candidates)
        open_total += len(advice.open)
        covered = len({s for c in advice.plan.choices for s in c.closes})
        greedy_covered = len({s for c in heuristic.choices for s in c.closes})
        greedy_fewer += greedy_covered < covered
        milp_fewer += covered < greedy_covered
        if not problem.recognisable and covered == greedy_covered and heuristic.objective > 0:
            gaps_vs_greedy.append(
                (heuristic.objective - advice.plan.objective) / heuristic.objective
            )
    result = {
        "offerings": args.offerings,
        "queries": args.queries,
        "catalogue_seconds": round(built, 2),
        "advice_p50_s": round(percentile(times, 50), 3),
        "advice_p95_s": round(percentile(times, 95), 3),
        "advice_max_s": round(max(times), 3),
        "greedy_p50_s": round(percentile(greedy_times, 50), 3),
        "proven_optimal_share": round(proven / args.queries, 3),
        "candidates_p50": int(statistics.median(candidates)),
        "open_gaps_mean": round(open_total / args.queries, 2),
        "greedy_closes_fewer_gaps": greedy_fewer,
        "milp_closes_fewer_gaps": milp_fewer,
        "compared_with_greedy": len(gaps_vs_greedy),
        "greedy_dearer_mean_pct": round(100 * statistics.mean(gaps_vs_greedy), 2)
        if gaps_vs_greedy
        else None,
        "greedy_dearer_max_pct": round(100 * max(gaps_vs_greedy), 2) if gaps_vs_greedy else None,
        "greedy_optimal_share": round(
            sum(1 for g in gaps_vs_greedy if g < 1e-9) / len(gaps_vs_greedy), 3
        )
        if gaps_vs_greedy
        else None,
        "evc_first_dropped": fallbacks,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
