"""Fixtures: the demo taxonomy without encoders (lexical linking, relations-only
matching, so tests are fast), a small catalogue, and people with roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache

from wendbaar.accounts.models import Role, User
from wendbaar.demo.loader import load_demo
from wendbaar.learning.importers.common import Record, save_record
from wendbaar.learning.models import Mode, Offering, OfferingKind
from wendbaar.linking import service as linking_service
from wendbaar.matching import service as matching_service

DEMO = "https://demo.wendbaar.nl/"
HEAT_PUMP = DEMO + "occupation/warmtepompmonteur"
INSTALLER = DEMO + "occupation/installatiemonteur"
PASSWORD = "leren-wachtwoord-42"
TODAY = dt.date(2026, 1, 5)


def skill(slug: str) -> str:
    return f"{DEMO}skill/{slug}"


@pytest.fixture(autouse=True)
def no_encoders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("WENDBAAR_MATCHING_ENCODER", "none")
    monkeypatch.setenv("WENDBAAR_LINKING_ENCODER", "none")
    for service in (matching_service, linking_service):
        service.reset()
        service._state.encoder_loaded = False
    cache.clear()
    yield
    matching_service.reset()
    linking_service.reset()


@pytest.fixture
def demo(db: None) -> None:
    load_demo()


def heat_pump_essentials() -> list[str]:
    from wendbaar.taxonomy.models import Relation

    return list(
        Relation.objects.filter(source__uri=HEAT_PUMP, kind="essential").values_list(
            "target__uri", flat=True
        )
    )


def add_offering(external_id: str, skills: list[str], cost: int, **fields: object) -> Offering:
    record = Record(
        external_id=external_id,
        provider=str(fields.pop("provider", "Testschool")),
        title=str(fields.pop("title", external_id)),
        skill_uris=skills,
        cost=Decimal(cost),
        **fields,  # type: ignore[arg-type]
    )
    offering, _created, _warnings = save_record(record, "test", None, today=TODAY)
    return offering


@pytest.fixture
def catalogue(demo: None) -> dict[str, Offering]:
    """A programme with every heat-pump skill, two modules that split them, and an EVC."""
    essentials = sorted(heat_pump_essentials())
    half = len(essentials) // 2
    return {
        "programme": add_offering(
            "programme", essentials, 4000, kind=OfferingKind.PROGRAMME, study_hours=800
        ),
        "first": add_offering(
            "first",
            essentials[:half],
            600,
            study_hours=40,
            mode=Mode.ONLINE,
            credential={
                "id": "https://example.org/badges/first",
                "type": ["Achievement"],
                "name": "First half",
            },
        ),
        "second": add_offering("second", essentials[half:], 700, study_hours=40),
        "evc": add_offering(
            "evc", essentials, 1200, kind=OfferingKind.EVC, study_hours=20, mode=Mode.AT_WORK
        ),
    }


def make_user(username: str, role: str = Role.PERSON, **fields: object) -> User:
    return User.objects.create_user(  # type: ignore[no-any-return]
        username, password=PASSWORD, role=role, email=f"{username}@example.org", **fields
    )
