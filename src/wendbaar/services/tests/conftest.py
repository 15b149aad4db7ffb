"""Fixtures of the service tests: a small postcode table, service points, schemes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

from wendbaar.services.models import PostcodeArea, Scheme, ServicePoint
from wendbaar.services.postcodes import import_postcodes

# Four real towns, centres rounded: Utrecht, Amersfoort, Zwolle, Maastricht.
PLACES = """pc4;latitude;longitude;municipality_code;municipality;place;region
3511;52.091;5.118;GM0344;Utrecht;Utrecht;Midden-Utrecht
3521;52.072;5.105;GM0344;Utrecht;Utrecht;Midden-Utrecht
3811;52.156;5.388;GM0307;Amersfoort;Amersfoort;Amersfoort
8011;52.512;6.094;GM0193;Zwolle;Zwolle;Regio Zwolle
6211;50.850;5.690;GM0935;Maastricht;Maastricht;Zuid-Limburg
"""


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """Rate limits count in the cache; every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def places(db: None, tmp_path: Path) -> None:
    path = tmp_path / "pc4.csv"
    path.write_text(PLACES, encoding="utf-8")
    import_postcodes(path)


def make_point(
    slug: str, pc4: str, lat: float | None, lon: float | None, **extra: object
) -> ServicePoint:
    fields: dict[str, object] = {
        "name": slug.replace("-", " ").title(),
        "kind": "leerwerkloket",
        "description_nl": "Gratis advies over leren en werken.",
        "description_en": "Free advice about learning and work.",
        "topics": ["career_advice", "training_funding"],
        "audiences": ["working", "job_seekers"],
        "street": "Voorbeeldstraat 1",
        "postcode": f"{pc4} AB",
        "city": "Ergens",
        "latitude": lat,
        "longitude": lon,
        "access": "both",
        "cost": "free",
        "email": f"{slug}@example.org",
    }
    fields.update(extra)
    area = PostcodeArea.objects.select_related("municipality").filter(code=pc4).first()
    region = area.municipality.region if area else None
    return ServicePoint.objects.create(slug=slug, region=region, **fields)


@pytest.fixture
def points(places: None) -> dict[str, ServicePoint]:
    return {
        "utrecht": make_point("loket-utrecht", "3511", 52.091, 5.118),
        "amersfoort": make_point("loket-amersfoort", "3811", 52.156, 5.388),
        "zwolle": make_point("loket-zwolle", "8011", 52.512, 6.094),
        "library": make_point(
            "bieb-maastricht", "6211", 50.85, 5.69, kind="library", topics=["basic_skills"]
        ),
        "online": make_point(
            "online-advies",
            "",
            None,
            None,
            kind="other",
            nationwide=True,
            postcode="",
            street="",
            city="",
        ),
    }


def make_scheme(slug: str, rule: dict[str, object], **extra: object) -> Scheme:
    fields: dict[str, object] = {
        "name": slug.replace("-", " ").title(),
        "level": "national",
        "audiences": ["working"],
        "summary_nl": "Een regeling.",
        "summary_en": "A scheme.",
        "rule": rule,
    }
    fields.update(extra)
    return Scheme.objects.create(slug=slug, **fields)


# axe-core's source, for test_browser.py (only reads a file; the browser is its own).
