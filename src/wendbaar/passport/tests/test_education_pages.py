"""Education by hand (add, change, remove) and changing a job, on the owner's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import Education, WorkExperience
from wendbaar.passport.tests.fill_fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db: None) -> Any:
    return make_user("noor")


@pytest.fixture
def logged_in(client: Client, owner: Any) -> Client:
    client.force_login(owner)
    return client


def test_add_education_by_hand(logged_in: Client, owner: Any) -> None:
    assert logged_in.get("/en/mijn-paspoort/opleiding/").status_code == 200
    response = logged_in.post(
        "/en/mijn-paspoort/opleiding/",
        {
            "title": "MBO Verzorgende IG",
            "institution": "ROC Midden",
            "level": "MBO 3",
            "completed": "2018-06-30",
            "diploma": "on",
        },
    )
    item = Education.objects.get(passport__owner=owner)
    assert response.status_code == 302 and response["Location"].endswith(f"#education-{item.pk}")
    assert (item.title, item.institution, item.level) == (
        "MBO Verzorgende IG",
        "ROC Midden",
        "MBO 3",
    )
    assert item.completed == date(2018, 6, 30) and item.diploma
    page = logged_in.get("/en/mijn-paspoort/").content.decode()
    assert "ROC Midden" in page and f'id="education-{item.pk}"' in page


def test_an_invalid_education_keeps_what_was_typed(logged_in: Client) -> None:
    response = logged_in.post(
        "/en/mijn-paspoort/opleiding/",
        {"title": "", "institution": "ROC Midden", "level": "MBO 3", "completed": "gisteren"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Education.objects.exists()
    assert 'value="ROC Midden"' in page and 'value="MBO 3"' in page and 'value="gisteren"' in page
    assert "error-summary" in page and 'aria-invalid="true"' in page


def test_change_and_remove_education(logged_in: Client, owner: Any) -> None:
    item = Education.objects.create(passport=passport_of(owner), title="Cursus Excel")
    url = f"/en/mijn-paspoort/opleiding/{item.pk}/"
    assert 'value="Cursus Excel"' in logged_in.get(url).content.decode()
    logged_in.post(url, {"title": "Cursus Excel gevorderd", "institution": "Bibliotheek"})
    item.refresh_from_db()
    assert (item.title, item.institution, item.diploma) == (
        "Cursus Excel gevorderd",
        "Bibliotheek",
        False,
    )
    delete = f"/en/mijn-paspoort/opleiding/{item.pk}/verwijderen/"
    assert logged_in.get(delete).status_code == 405
    assert logged_in.post(delete).status_code == 302
    assert not Education.objects.exists()


def test_others_cannot_reach_my_education_or_jobs(client: Client, owner: Any) -> None:
    passport = passport_of(owner)
    item = Education.objects.create(passport=passport, title="Cursus Excel")
    job = WorkExperience.objects.create(passport=passport, title="Kok")
    client.force_login(make_user("iemand-anders"))
    assert client.get(f"/mijn-paspoort/opleiding/{item.pk}/").status_code == 404
    assert client.post(f"/mijn-paspoort/opleiding/{item.pk}/", {"title": "x"}).status_code == 404
    assert client.post(f"/mijn-paspoort/opleiding/{item.pk}/verwijderen/").status_code == 404
    assert client.post(f"/mijn-paspoort/werk/{job.pk}/", {"title": "x"}).status_code == 404
    item.refresh_from_db()
    job.refresh_from_db()
    assert item.title == "Cursus Excel" and job.title == "Kok"


def test_change_a_job(logged_in: Client, owner: Any) -> None:
    job = WorkExperience.objects.create(
        passport=passport_of(owner), title="Kok", employer="Hotel", start=date(2015, 1, 1)
    )
    url = f"/en/mijn-paspoort/werk/{job.pk}/"
    page = logged_in.get(url).content.decode()
    assert 'value="Hotel"' in page and 'value="2015-01-01"' in page
    assert 'name="context"' not in page
    response = logged_in.post(
        url,
        {
            "title": "Chef-kok",
            "employer": "Hotel Zon",
            "start": "2015-01-01",
            "end": "2020-12-31",
            "description": "Menu's bedacht.",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#job-{job.pk}")
    job.refresh_from_db()
    assert (job.title, job.employer, job.end) == ("Chef-kok", "Hotel Zon", date(2020, 12, 31))
    assert job.description == "Menu's bedacht."


def test_an_invalid_job_change_keeps_what_was_typed(logged_in: Client, owner: Any) -> None:
    job = WorkExperience.objects.create(passport=passport_of(owner), title="Kok")
    response = logged_in.post(
        f"/en/mijn-paspoort/werk/{job.pk}/",
        {"title": "Chef-kok", "employer": "Hotel Zon", "start": "2020-01-01", "end": "2019-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date." in page
    assert 'value="Chef-kok"' in page and 'value="Hotel Zon"' in page
    job.refresh_from_db()
    assert job.title == "Kok"
