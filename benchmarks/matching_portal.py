"""Fit and transitions for one person as the portal computes them, through the database.

Needs a database with the full ESCO and the matrix built (see docs/matching.md)::

    WENDBAAR_HOME=/tmp/wbhome .venv/bin/wendbaar esco import ../shared/data/esco/v1.1.1/*.zip
    WENDBAAR_HOME=/tmp/wbhome .venv/bin/wendbaar brc import --groups ... --isco ...
    WENDBAAR_HOME=/tmp/wbhome .venv/bin/wendbaar signals wages ../shared/data/cbs
    WENDBAAR_HOME=/tmp/wbhome .venv/bin/wendbaar transitions build
    WENDBAAR_HOME=/tmp/wbhome .venv/bin/python benchmarks/matching_portal.py

Persons are drawn from occupation profiles (70% of the essential and 30% of the optional
skills, three random skills, random validation levels and ages).
"""

from __future__ import annotations

import os
import random
import statistics
import time

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


def main() -> None:
    started = time.perf_counter()
    engine = service.get_engine()
    print(
        f"engine start (inputs from the database, stored matrix): "
        f"{time.perf_counter() - started:.1f} s"
    )
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

    timings = []
    for _ in range(PERSONS):
        claims = person()
        started = time.perf_counter()
        present.fit_dict(engine, engine.fit(claims, top=5))
        query = TransitionQuery(region="Groot Amsterdam", top=15)
        present.transitions_dict(engine, engine.person_transitions(claims, query))
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"one person, fit + transitions with explanations ({PERSONS} persons): "
        f"median {statistics.median(timings):.0f} ms, p95 {quantile(timings, 0.95):.0f} ms"
    )
    # Not setup_test_environment(): it instruments template rendering, which costs time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    pages = []
    for _ in range(PAGES + 1):
        started = time.perf_counter()
        answer = client.get("/wat-kan-ik-nog-meer/", {"beroep": ORIGIN})
        pages.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    pages = pages[1:]  # the first request loads the templates and the catalogue
    print(
        f"page /wat-kan-ik-nog-meer/?beroep=<URI> ({PAGES} warm requests): "
        f"median {statistics.median(pages):.0f} ms, p95 {quantile(pages, 0.95):.0f} ms"
    )


if __name__ == "__main__":
    main()
