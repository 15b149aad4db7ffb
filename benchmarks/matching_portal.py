"""Fit and transitions for one person as the portal computes them, through the database,
and the page "Wat kan ik nog meer?" itself.

Needs a database with the full ESCO and the matrix built (see docs/matching.md)::

    export WENDBAAR_HOME=/tmp/wbhome
    .venv/bin/wendbaar esco import ../shared/data/esco/v1.1.1/*.zip ../shared/data/esco/v1.1.1-nl
    .venv/bin/wendbaar brc import --groups ../shared/data/cbs/brc2014_groups.csv \\
        --isco ../shared/data/cbs/isco08_to_brc2014.csv
    .venv/bin/wendbaar signals wages ../shared/data/cbs
    .venv/bin/wendbaar signals tension src/wendbaar/matching/demo_data/spanningsindicator_DEMO.csv
    .venv/bin/wendbaar manage collectstatic --noinput
    .venv/bin/wendbaar transitions build
    .venv/bin/python benchmarks/matching_portal.py

Persons are drawn from occupation profiles (70% of the essential and 30% of the optional
skills, three random skills, random validation levels and ages). Each timing is given as
wall time and as the CPU time of this process: on a shared machine the wall time grows with
the load of other processes, the CPU time hardly."""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wendbaar.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from wendbaar.matching import present, service  # noqa: E402
from wendbaar.matching.engine.claims import LEVEL_WEIGHTS, Claim  # noqa: E402
from wendbaar.matching.engine.query import TransitionQuery  # noqa: E402

PERSONS = 40
PAGES = 15
ORIGIN = "http://data.europa.eu/esco/occupation/044d78cc-f62f-4532-83a5-8e04f2889652"


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call (CPU time does not grow with the load of
    other processes on the machine; wall time does)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def report(name: str, runs: list[tuple[float, float]]) -> None:
    wall = [w for w, _c in runs]
    cpu = [c for _w, c in runs]
    print(
        f"{name}: median {statistics.median(wall):.0f} ms, p95 {quantile(wall, 0.95):.0f} ms "
        f"(CPU median {statistics.median(cpu):.0f} ms, p95 {quantile(cpu, 0.95):.0f} ms)"
    )


def main() -> None:
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    stored = service.inputs_path(service.taxonomy_version()).exists()
    started = time.perf_counter()
    engine = service.get_engine()
    source = "stored inputs" if stored else "inputs from the database, then stored"
    print(f"engine start ({source}, stored matrix): {time.perf_counter() - started:.1f} s")
    rng = random.Random(5)
    skills = engine.profiles.skills
    levels = list(LEVEL_WEIGHTS)

    def person() -> list[Claim]:
        o = rng.randrange(len(engine.profiles))
        essential = engine.profiles.essential_of(o).tolist()
        optional = engine.profiles.optional_of(o).tolist()
        chosen = rng.sample(essential, max(1, int(len(essential) * 0.7)))
        chosen += rng.sample(optional, int(len(optional) * 0.3))
        chosen += rng.sample(range(len(skills)), 3)
        return [
            Claim(skills.uris[s], rng.choice(levels), rng.choice([None, 1.0, 6.0, 15.0]))
            for s in chosen
        ]

    def for_person(claims: list[Claim]) -> None:
        # What the page computes for a logged-in person (views.more, source "passport").
        present.fit_summary(engine, engine.fit(claims, top=5))
        query = TransitionQuery(region="Groot Amsterdam", top=15)
        present.transitions_dict(engine, engine.person_transitions(claims, query))

    persons = [person() for _ in range(PERSONS)]
    report(
        f"one person, fit + transitions with explanations ({PERSONS} persons)",
        [timed(lambda c=claims: for_person(c)) for claims in persons],
    )
    # Not setup_test_environment(): it instruments template rendering, which costs time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()

    def page(uri: str) -> None:
        answer = client.get("/wat-kan-ik-nog-meer/", {"beroep": uri})
        assert answer.status_code == 200

    page(ORIGIN)  # the first request loads the templates and the catalogue
    others = [o.uri for o in rng.sample(engine.profiles.occupations, PAGES)]
    report(
        f"page /wat-kan-ik-nog-meer/?beroep=<URI>, {PAGES} different occupations",
        [timed(lambda u=uri: page(u)) for uri in others],
    )
    report(
        f"the same page {PAGES} times (moves of the occupation kept per process)",
        [timed(lambda: page(ORIGIN)) for _ in range(PAGES)],
    )
    # Last: what a first start after an import reads (it leaves garbage behind).
    started = time.perf_counter()
    service.profiles_from_database()
    print(f"reading the inputs from the database: {time.perf_counter() - started:.1f} s")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
