"""Route 2: a past job proposes its occupation's skills on one screen."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from wendbaar.linking.engine.linker import Linker
from wendbaar.passport.models import ClaimSource, SkillClaim, ValidationLevel, WorkExperience
from wendbaar.passport.tests.fill_fixtures import demo_linker, make_user, skill
from wendbaar.taxonomy.models import Concept, Relation

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


def _occupation(code: str) -> Concept:
    return Concept.objects.get(code=code, kind="occupation")


def _required(occupation: Concept, kind: str) -> set[int]:
    return set(
        Relation.objects.filter(source=occupation, kind=kind).values_list("target_id", flat=True)
    )


def test_search_finds_the_occupation(demo: Linker, logged_in: Client) -> None:
    page = logged_in.get("/mijn-paspoort/werk/", {"q": "boekhouder"}).content.decode()
    found = re.findall(r'href="/mijn-paspoort/werk/beroep/(\d+)/"', page)
    assert found[0] == str(_occupation("boekhouder").pk)


def test_one_screen_with_essential_skills_ticked(demo: Linker, logged_in: Client) -> None:
    occupation = _occupation("boekhouder")
    page = logged_in.get(f"/mijn-paspoort/werk/beroep/{occupation.pk}/").content.decode()
    ticked = {int(i) for i in re.findall(r'name="skill" value="(\d+)"[^>]*checked', page)}
    offered = {int(i) for i in re.findall(r'name="skill" value="(\d+)"', page)}
    essential = _required(occupation, "essential")
    assert ticked == essential
    assert offered == essential | _required(occupation, "optional")
    assert page.count("<fieldset") >= 2  # grouped by skill area
    assert 'value="boekhouder"' in page  # the job title starts as the occupation's name


def test_confirming_adds_the_job_and_the_ticked_skills(
    demo: Linker, logged_in: Client, person
) -> None:  # type: ignore[no-untyped-def]
    occupation = _occupation("boekhouder")
    chosen = [skill("boekhouden").pk, skill("salarissen-verwerken").pk]
    stranger = skill("warmtepompen-installeren").pk  # not a skill of this job: ignored
    response = logged_in.post(
        f"/mijn-paspoort/werk/beroep/{occupation.pk}/",
        {
            "title": "Boekhouder",
            "employer": "Bakkerij Jansen",
            "start": "2015-02-01",
            "end": "2021-06-30",
            "context": "paid_work",
            "skill": [*chosen, stranger],
        },
    )
    assert response.status_code == 302
    job = WorkExperience.objects.get(passport__owner=person)
    assert (job.occupation, job.employer, job.end) == (
        occupation,
        "Bakkerij Jansen",
        date(2021, 6, 30),
    )
    claims = SkillClaim.objects.filter(passport__owner=person)
    assert sorted(c.concept_id for c in claims) == sorted(chosen)
    assert {(c.level, c.source, c.context, c.last_used) for c in claims} == {
        (ValidationLevel.SELF_DECLARED, ClaimSource.OCCUPATION, "paid_work", date(2021, 6, 30))
    }


def test_a_current_job_counts_as_used_today_and_later_jobs_update_last_used(
    demo: Linker, logged_in: Client, person
) -> None:  # type: ignore[no-untyped-def]
    occupation = _occupation("boekhouder")
    boekhouden = skill("boekhouden").pk
    base = {"title": "Boekhouder", "context": "paid_work", "skill": [boekhouden]}
    logged_in.post(f"/mijn-paspoort/werk/beroep/{occupation.pk}/", {**base, "end": "2019-01-31"})
    assert SkillClaim.objects.get().last_used == date(2019, 1, 31)
    logged_in.post(f"/mijn-paspoort/werk/beroep/{occupation.pk}/", base)
    assert SkillClaim.objects.get().last_used == timezone.localdate()
    assert WorkExperience.objects.filter(passport__owner=person).count() == 2


def test_end_before_start_stores_nothing_and_keeps_the_ticks(
    demo: Linker, logged_in: Client
) -> None:
    occupation = _occupation("boekhouder")
    optional = skill("salarissen-verwerken").pk
    page = logged_in.post(
        f"/mijn-paspoort/werk/beroep/{occupation.pk}/",
        {
            "title": "Boekhouder",
            "start": "2020-01-01",
            "end": "2019-01-01",
            "context": "paid_work",
            "skill": [optional],
        },
    ).content.decode()
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    ticked = re.findall(r'name="skill" value="(\d+)"[^>]*checked', page)
    assert ticked == [str(optional)]
    assert not WorkExperience.objects.exists() and not SkillClaim.objects.exists()


def test_not_an_occupation_is_not_found(demo: Linker, logged_in: Client) -> None:
    assert logged_in.get(f"/mijn-paspoort/werk/beroep/{skill('boekhouden').pk}/").status_code == 404
