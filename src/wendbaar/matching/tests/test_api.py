"""The matching API: fit, transitions, paths, upskilling (public), vacancies (employers)
and /me/vacancies (persons), with roles and bad input."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wendbaar.matching.models import Vacancy, VacancySkill

from .conftest import (
    ADMIN_ASSISTANT,
    SECRETARY,
    essential_skills,
    make_employer,
    make_person,
    organisation_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_fit_ranks_occupations_with_covered_and_missing(demo: None, api: APIClient) -> None:
    essentials = essential_skills(SECRETARY)
    skills = essentials[:8]
    answer = api.post(
        "/api/v1/fit",
        {
            "skills": [*skills[:7], {"skill": skills[7], "level": 5, "last_used": "2024-01-01"}],
            "top": 3,
        },
        format="json",
    )
    assert answer.status_code == 200
    best = answer.json()["results"][0]
    assert best["occupation"]["uri"] == SECRETARY
    assert len(best["covered"]) >= 8 and best["missing"]
    missing = {r["uri"] for r in best["missing"] if r["essential"]}
    assert missing and missing <= set(essentials[8:])


def test_fit_bad_and_empty_input(demo: None, api: APIClient) -> None:
    assert api.post("/api/v1/fit", {"skills": [3]}, format="json").status_code == 400
    assert (
        api.post("/api/v1/fit", {"skills": [{"skill": "x", "level": 9}]}, format="json").status_code
        == 400
    )
    answer = api.post(
        "/api/v1/fit", {"skills": ["http://data.europa.eu/esco/skill/old"]}, format="json"
    ).json()
    assert answer["status"] == "empty" and answer["guidance"]
    assert answer["issues"][0]["status"] == "unknown"


def test_transitions_paths_and_upskilling(demo: None, api: APIClient) -> None:
    answer = api.get("/api/v1/transitions", {"from": "administratief medewerker"})
    assert answer.status_code == 200
    data = answer.json()
    assert data["origin"]["uri"] == ADMIN_ASSISTANT
    assert data["options"][0]["occupation"]["uri"] == SECRETARY
    flags = {f["name"]: f for f in data["options"][0]["flags"]}
    assert flags["desirable"]["values"]["share"] == 0.75 and flags["desirable"]["text"]
    filtered = api.get(
        "/api/v1/transitions",
        {"from": ADMIN_ASSISTANT, "sector": "care,education", "all_moves": "true", "top": "5"},
    ).json()
    assert len(filtered["options"]) == 5
    assert all({f["name"]: f for f in o["flags"]}["sector"]["passed"] for o in filtered["options"])
    paths = api.get("/api/v1/paths", {"from": ADMIN_ASSISTANT})
    assert (
        paths.status_code == 200 and paths.json()["paths"][0]["steps"][0]["uri"] == ADMIN_ASSISTANT
    )
    upskilling = api.get("/api/v1/upskilling", {"from": ADMIN_ASSISTANT, "all_moves": "true"})
    assert upskilling.status_code == 200 and "skills" in upskilling.json()


def test_transitions_bad_input(demo: None, api: APIClient) -> None:
    assert api.get("/api/v1/transitions").status_code == 400
    assert (
        api.get("/api/v1/transitions", {"from": ADMIN_ASSISTANT, "sector": "mining"}).status_code
        == 400
    )
    assert api.get("/api/v1/transitions", {"from": ADMIN_ASSISTANT, "top": "0"}).status_code == 400
    unknown = "http://data.europa.eu/esco/occupation/x"
    missing = api.get("/api/v1/transitions", {"from": unknown})
    assert missing.status_code == 404 and unknown in missing.json()["detail"]


def test_vacancies_crud_and_candidates(demo: None, api: APIClient) -> None:
    skills = essential_skills(SECRETARY)
    make_person("sara", skills[:6], findable=True, region="Midden-Utrecht")
    employer = make_employer()
    api.force_authenticate(employer)
    created = api.post(
        "/api/v1/vacancies",
        {
            "title": "Secretaresse",
            "text": "Agenda en notulen.",
            "region": "Midden-Utrecht",
            "hours": 24,
            "required_skills": skills[:4],
            "nice_to_have_skills": skills[4:6],
        },
        format="json",
    )
    assert created.status_code == 201
    vacancy = created.json()
    assert len([s for s in vacancy["skills"] if s["required"] and s["confirmed"]]) == 4
    assert api.get("/api/v1/vacancies").json()[0]["id"] == vacancy["id"]
    bad = api.post(
        "/api/v1/vacancies",
        {"title": "X", "text": "Y", "required_skills": ["http://nope"]},
        format="json",
    )
    assert bad.status_code == 400 and Vacancy.objects.count() == 1
    patched = api.patch(f"/api/v1/vacancies/{vacancy['id']}", {"hours": 32}, format="json")
    assert patched.json()["hours"] == 32 and VacancySkill.objects.count() == 6
    candidates = api.get(f"/api/v1/vacancies/{vacancy['id']}/candidates").json()["candidates"]
    assert len(candidates) == 1
    assert candidates[0]["name"] is None and candidates[0]["region"] == "Midden-Utrecht"
    assert len(candidates[0]["covered"]) == 6
    assert api.delete(f"/api/v1/vacancies/{vacancy['id']}").status_code == 204
    assert not Vacancy.objects.exists()


def test_vacancy_roles(demo: None, api: APIClient) -> None:
    assert api.get("/api/v1/vacancies").status_code == 401
    person = make_person("jan", essential_skills(SECRETARY)[:5])
    api.force_authenticate(person)
    assert api.get("/api/v1/vacancies").status_code == 403
    other = make_employer("ander", "Ander bedrijf")
    vacancy = Vacancy.objects.create(
        organisation=organisation_of(other), title="Secretaresse", text="x", status="open"
    )
    for uri in essential_skills(SECRETARY)[:5]:
        VacancySkill.objects.create(vacancy=vacancy, concept_id=_pk(uri), confirmed=True)
    mine = api.get("/api/v1/me/vacancies").json()
    assert mine["results"][0]["vacancy"]["id"] == vacancy.pk
    assert len(mine["results"][0]["covered"]) == 5
    api.force_authenticate(make_employer("eigen", "Eigen bedrijf"))
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}").status_code == 404
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/candidates").status_code == 404
    assert api.get("/api/v1/me/vacancies").status_code == 403


def _pk(uri: str) -> int:
    from wendbaar.taxonomy.models import Concept

    return Concept.objects.get(uri=uri).pk
