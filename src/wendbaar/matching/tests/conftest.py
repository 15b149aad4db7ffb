"""Fixtures of the Django-side tests: the demo taxonomy with the demo labour-market
figures, without encoders (relations and hierarchy only; lexical linking), so the tests
are fast and deterministic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from wendbaar.accounts.models import Organisation, Role, User
from wendbaar.demo.loader import load_demo
from wendbaar.linking import service as linking_service
from wendbaar.matching import service
from wendbaar.matching.signals_import import load_matching_demo
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.taxonomy.models import Concept

DEMO = "https://demo.wendbaar.nl/"
ADMIN_ASSISTANT = DEMO + "occupation/administratief-medewerker"
SECRETARY = DEMO + "occupation/secretaresse"
PASSWORD = "matching-wachtwoord-42"


def skill(slug: str) -> str:
    return f"{DEMO}skill/{slug}"


@pytest.fixture(autouse=True)
def no_encoders(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("WENDBAAR_MATCHING_ENCODER", "none")
    monkeypatch.setenv("WENDBAAR_LINKING_ENCODER", "none")
    monkeypatch.setattr(service, "CHECK_SECONDS", 0.0)
    service.reset()
    service._state.encoder_loaded = False
    linking_service.reset()
    linking_service._state.encoder_loaded = False
    cache.clear()
    yield
    service.reset()
    linking_service.reset()


@pytest.fixture
def demo(db: None) -> None:
    load_demo()
    load_matching_demo()


def essential_skills(occupation_uri: str) -> list[str]:
    return list(
        Concept.objects.filter(
            relations_in__source__uri=occupation_uri, relations_in__kind="essential"
        ).values_list("uri", flat=True)
    )


def make_person(
    username: str, skills: list[str], findable: bool = False, region: str = "", level: int = 1
) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, role=Role.PERSON, first_name=username.title()
    )
    passport = passport_of(user)
    passport.findable = findable
    passport.region = region
    passport.save()
    for uri in skills:
        add_claim(passport, Concept.objects.get(uri=uri), level, "search")
    return user


def organisation_of(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


def make_employer(
    username: str = "werkgever", organisation: str = "Installatiebedrijf Noord"
) -> User:
    org = Organisation.objects.create(name=organisation, kind="employer")
    return User.objects.create_user(
        username, password=PASSWORD, role=Role.EMPLOYER, organisation=org
    )
