"""The overview of an empty passport, who may see it, and route 1: search for skills."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from wendbaar.accounts.models import Role
from wendbaar.linking.engine.linker import Linker
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import ClaimSource, SkillClaim, ValidationLevel
from wendbaar.passport.tests.fill_fixtures import demo_linker, make_user, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> Linker:
    return demo_linker(monkeypatch)


@pytest.fixture
def person(db: None):  # type: ignore[no-untyped-def]
    return make_user("anna")


@pytest.fixture
def logged_in(client: Client, person) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(person)
    return client


def test_empty_passport_guides_to_the_five_routes(logged_in: Client) -> None:
    page = logged_in.get("/mijn-paspoort/").content.decode()
    for path in ("zoeken/", "werk/", "cv/", "diplomas-en-badges/", "importeren/"):
        assert f'href="/mijn-paspoort/{path}"' in page
    assert 'class="claim-list"' not in page


def test_anonymous_goes_to_login_and_other_roles_are_refused(client: Client) -> None:
    response = client.get("/mijn-paspoort/zoeken/")
    assert response.status_code == 302 and "next=/mijn-paspoort/zoeken/" in response["Location"]
    client.force_login(make_user("bert", Role.EMPLOYER))
    for path in ("", "zoeken/", "werk/", "cv/", "diplomas-en-badges/", "importeren/"):
        assert client.get(f"/mijn-paspoort/{path}").status_code == 403


def test_search_shows_skills_to_tick_without_javascript(demo: Linker, logged_in: Client) -> None:
    page = logged_in.get("/mijn-paspoort/zoeken/", {"q": "boekhouding"}).content.decode()
    ids = re.findall(r'name="skill" value="(\d+)"', page)
    assert str(skill("boekhouden").pk) in ids
    assert '<form method="post"' in page


def test_ticked_skills_become_self_declared_claims(demo: Linker, logged_in: Client, person) -> None:  # type: ignore[no-untyped-def]
    chosen = [skill("boekhouden"), skill("facturen-verwerken")]
    response = logged_in.post(
        "/mijn-paspoort/zoeken/?q=boekhouding",
        {"skill": [c.pk for c in chosen], "context": "volunteering", "last_used": "2024-05-01"},
    )
    assert response.status_code == 302
    claims = SkillClaim.objects.filter(passport__owner=person).order_by("concept__code")
    assert [c.concept.code for c in claims] == ["boekhouden", "facturen-verwerken"]
    assert {(c.level, c.source, c.context, c.last_used) for c in claims} == {
        (ValidationLevel.SELF_DECLARED, ClaimSource.SEARCH, "volunteering", date(2024, 5, 1))
    }


def test_nothing_ticked_or_a_bad_date_stores_nothing_and_keeps_the_answers(
    demo: Linker, logged_in: Client
) -> None:
    page = logged_in.post("/mijn-paspoort/zoeken/?q=boekhouding", {"context": "informal"})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    boekhouden = skill("boekhouden").pk
    page = logged_in.post(
        "/mijn-paspoort/zoeken/?q=boekhouding", {"skill": [boekhouden], "last_used": "gisteren"}
    )
    html = page.content.decode()
    assert 'aria-invalid="true"' in html and 'value="gisteren"' in html
    assert f'value="{boekhouden}" id="skill-{boekhouden}" checked' in html
    assert not SkillClaim.objects.exists()


def test_searching_again_never_lowers_a_certified_claim(
    demo: Linker, logged_in: Client, person
) -> None:  # type: ignore[no-untyped-def]
    concept = skill("boekhouden")
    add_claim(passport_of(person), concept, ValidationLevel.CERTIFIED, ClaimSource.CREDENTIAL)
    logged_in.post("/mijn-paspoort/zoeken/?q=boekhouding", {"skill": [concept.pk]})
    assert SkillClaim.objects.get().level == ValidationLevel.CERTIFIED


def test_too_long_a_query_is_explained(demo: Linker, logged_in: Client) -> None:
    page = logged_in.get("/mijn-paspoort/zoeken/", {"q": "x" * 1001}).content.decode()
    assert 'role="alert"' in page and 'aria-invalid="true"' in page and "too long" in page
