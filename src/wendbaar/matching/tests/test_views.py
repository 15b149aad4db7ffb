"""The portal pages: what they show, who may see them, and how bad input is answered."""

from __future__ import annotations

import pytest
from django.test import Client

from wendbaar.matching.models import ContactRequest, Vacancy, VacancySkill
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import WorkExperience
from wendbaar.taxonomy.models import Concept

from .conftest import (
    ADMIN_ASSISTANT,
    PASSWORD,
    SECRETARY,
    essential_skills,
    make_employer,
    make_person,
    organisation_of,
)

pytestmark = pytest.mark.django_db
HEAT_PUMP_TEXT = (
    "Wij zoeken een monteur die warmtepompen installeert, installaties inregelt en "
    "storingen verhelpt. Je leest technische tekeningen en werkt veilig volgens voorschriften."
)


def login(client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def test_more_without_an_account_starts_from_a_job(demo: None, client: Client) -> None:
    page = client.get("/en/wat-kan-ik-nog-meer/")
    assert page.status_code == 200
    assert "log in and fill your skills passport" in page.content.decode()
    page = client.get("/en/wat-kan-ik-nog-meer/", {"beroep": "administratief medewerker"})
    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["result"]["options"][0]["occupation"]["uri"] == SECRETARY
    assert ">secretary<" in html
    assert "Skills match" in html and "Wage" in html and "Demand" in html and "Effort" in html
    assert "What is missing" in html
    assert 'name="occupation"' not in html  # no development plan without an account
    assert "invented demo figures" in html


def test_more_reports_an_unknown_job_and_bad_filters(demo: None, client: Client) -> None:
    html = client.get("/en/wat-kan-ik-nog-meer/", {"beroep": "zzzz qqqq"}).content.decode()
    assert "error-summary" in html and "We do not know this occupation" in html
    assert 'value="zzzz qqqq"' in html  # the form keeps what was typed
    html = client.get(
        "/en/wat-kan-ik-nog-meer/", {"beroep": "administratief medewerker", "wage_share": "veel"}
    ).content.decode()
    assert "error-summary" in html and "option-list" not in html


def page_moves(client: Client) -> list[str]:
    page = client.get("/en/wat-kan-ik-nog-meer/")
    return [o["occupation"]["uri"] for o in page.context["result"]["options"]]


def test_more_for_a_person_uses_the_passport(demo: None, client: Client) -> None:
    make_person("leeg", [])
    login(client, "leeg")
    html = client.get("/en/wat-kan-ik-nog-meer/").content.decode()
    assert "Your passport has no skills yet" in html
    make_person("anna", essential_skills(ADMIN_ASSISTANT), region="Groot Amsterdam")
    login(client, "anna")
    html = client.get("/en/wat-kan-ik-nog-meer/").content.decode()
    assert "Jobs that fit your skills passport" in html
    # no current job is known, so the occupation the passport was made from comes first
    assert page_moves(client)[0] == ADMIN_ASSISTANT
    assert "Groot Amsterdam" in html  # demand is judged in the passport's region
    assert "Where your skills fit best now" in html
    # one "put this in my development plan" form per move, to the learning app
    assert html.count('action="/en/ontwikkelplan/doel/"') == len(page_moves(client))
    goal = client.post("/en/ontwikkelplan/doel/", {"occupation": SECRETARY})
    assert goal.status_code == 302 and "/leren/advies/" in goal["Location"]


def test_current_job_is_left_out_of_the_moves(demo: None, client: Client) -> None:
    user = make_person("bram", essential_skills(ADMIN_ASSISTANT))
    WorkExperience.objects.create(
        passport=passport_of(user),
        title="Administratief medewerker",
        occupation=Concept.objects.get(uri=ADMIN_ASSISTANT),
    )
    login(client, "bram")
    page = client.get("/en/wat-kan-ik-nog-meer/", {"all_moves": "on"})
    moves = [o["occupation"]["uri"] for o in page.context["result"]["options"]]
    assert SECRETARY in moves and ADMIN_ASSISTANT not in moves


def test_explorer_with_filters_paths_and_upskilling(demo: None, client: Client) -> None:
    page = client.get(
        "/en/overstappen/", {"van": ADMIN_ASSISTANT, "sector": "care", "all_moves": "on"}
    )
    assert page.status_code == 200
    options = page.context["result"]["options"]
    assert options and all(
        next(f for f in o["flags"] if f["name"] == "sector")["passed"] for o in options
    )
    html = page.content.decode()
    assert "Paths of two or three steps" in html and "Skills that open the most doors" in html
    page = client.get("/en/overstappen/", {"van": "http://data.europa.eu/esco/occupation/nope"})
    assert "We do not know this occupation" in page.content.decode()


def test_group_view_by_brc_group_and_sector(demo: None, client: Client) -> None:
    page = client.get("/en/overstappen/groep/", {"brc": "0431"})
    labels = [r["occupation"]["label"] for r in page.context["rows"]]
    assert labels == ["administrative assistant", "bank clerk"]  # English page, English labels
    page = client.get("/en/overstappen/groep/", {"sector": "care"})
    assert len(page.context["rows"]) >= 5
    assert client.get("/en/overstappen/groep/", {"brc": "1234"}).status_code == 404
    assert client.get("/en/overstappen/groep/").status_code == 200


def test_vacancy_flow_both_ways(demo: None, client: Client) -> None:
    installer = make_person(
        "karin",
        [
            "https://demo.wendbaar.nl/skill/warmtepomptechniek",
            "https://demo.wendbaar.nl/skill/storingen-installaties-verhelpen",
            "https://demo.wendbaar.nl/skill/technische-tekeningen-lezen",
        ],
        findable=True,
        region="Rijnmond",
    )
    make_person("verborgen", ["https://demo.wendbaar.nl/skill/warmtepomptechniek"])
    make_employer()
    login(client, "werkgever")
    page = client.post(
        "/en/vacatures/beheer/nieuw/",
        {
            "title": "Monteur warmtepompen",
            "text": HEAT_PUMP_TEXT,
            "region": "Rijnmond",
            "hours": "32",
            "status": "open",
        },
    )
    vacancy = Vacancy.objects.get()
    assert page.status_code == 302
    suggested = list(vacancy.skills.values_list("concept__uri", flat=True))
    assert {
        "https://demo.wendbaar.nl/skill/warmtepomptechniek",
        "https://demo.wendbaar.nl/skill/storingen-installaties-verhelpen",
    } <= set(suggested)
    assert not vacancy.skills.filter(confirmed=True).exists()
    html = client.get(f"/en/vacatures/beheer/{vacancy.pk}/kandidaten/").content.decode()
    assert "no saved skills yet" in html
    choices = {f"skill-{pk}": "required" for pk in vacancy.skills.values_list("pk", flat=True)}
    client.post(f"/en/vacatures/beheer/{vacancy.pk}/", {"action": "skills", **choices})
    assert not vacancy.skills.filter(confirmed=False).exists()
    page = client.get(f"/en/vacatures/beheer/{vacancy.pk}/kandidaten/")
    rows = page.context["rows"]
    assert len(rows) == 1  # only the findable person
    html = page.content.decode()
    assert "Karin" not in html and rows[0].pseudonym in html and "Rijnmond" in html
    client.post(f"/en/vacatures/beheer/{vacancy.pk}/kandidaten/", {"candidate": rows[0].pseudonym})
    contact = ContactRequest.objects.get()
    assert contact.person == installer and contact.status == "pending"
    login(client, "karin")
    page = client.get("/en/vacatures/")
    assert [r["vacancy"].pk for r in page.context["data"]["results"]] == [vacancy.pk]
    assert "employer asks for contact" in page.content.decode()
    odd = client.post("/en/vacatures/contactverzoeken/", {"request": "abc", "answer": "accept"})
    assert odd.status_code == 302 and ContactRequest.objects.get().status == "pending"
    client.post("/en/vacatures/contactverzoeken/", {"request": contact.pk, "answer": "accept"})
    login(client, "werkgever")
    assert "Karin" in client.get(f"/en/vacatures/beheer/{vacancy.pk}/kandidaten/").content.decode()


def test_vacancy_without_recognisable_skills_says_so(demo: None, client: Client) -> None:
    make_employer()
    login(client, "werkgever")
    client.post(
        "/en/vacatures/beheer/nieuw/",
        {"title": "Xyzzy", "text": "Qwerty plugh frobnicate.", "status": "open"},
    )
    vacancy = Vacancy.objects.get()
    assert not VacancySkill.objects.exists()
    html = client.get(f"/en/vacatures/beheer/{vacancy.pk}/").content.decode()
    assert "no skills we recognise" in html


def test_vacancy_form_keeps_input_and_lists_errors(demo: None, client: Client) -> None:
    make_employer()
    login(client, "werkgever")
    page = client.post("/en/vacatures/beheer/nieuw/", {"title": "", "text": "Iets", "hours": "500"})
    html = page.content.decode()
    assert page.status_code == 200 and "error-summary" in html and "Iets</textarea>" in html
    assert 'href="#id_hours"' in html and 'href="#id_title"' in html
    assert not Vacancy.objects.exists()


def test_roles_are_enforced(demo: None, client: Client) -> None:
    assert client.get("/en/vacatures/beheer/").status_code == 302  # to the login page
    assert client.get("/en/vacatures/").status_code == 302
    make_person("piet", [])
    login(client, "piet")
    assert client.get("/en/vacatures/beheer/").status_code == 403
    other = make_employer("ander", "Ander bedrijf")
    vacancy = Vacancy.objects.create(organisation=organisation_of(other), title="Geheim", text="x")
    make_employer("werkgever", "Eigen bedrijf")
    login(client, "werkgever")
    assert client.get(f"/en/vacatures/beheer/{vacancy.pk}/").status_code == 404
    assert client.get(f"/en/vacatures/beheer/{vacancy.pk}/kandidaten/").status_code == 404
    assert client.get("/en/vacatures/").status_code == 403
