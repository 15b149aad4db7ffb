"""The intake and the route, through Django's test client (the browser tests add axe-core)."""

# The pages use Dutch typographic single quotes; the tests look for them.
# ruff: noqa: RUF001

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from wendbaar.services.intake import SESSION_KEY
from wendbaar.services.models import ConversationRequest
from wendbaar.services.tests.conftest import make_scheme

pytestmark = pytest.mark.django_db

START = "/start/"
ABOUT = "/start/over-jou/"
WORK = "/start/werk-en-woonplaats/"
BARRIERS = "/start/wat-houdt-je-tegen/"
ROUTE = "/start/jouw-route/"


def walk(client: Client, place: str = "3511 ab") -> None:
    assert client.post(START, {"goal": "switch"})["Location"] == ABOUT
    about = {"work_situation": "unemployed_ww", "education": "mbo2_3", "age_group": "45_54"}
    assert client.post(ABOUT, about)["Location"] == WORK
    assert client.post(WORK, {"sector": "care", "place": place})["Location"] == BARRIERS
    assert client.post(BARRIERS, {"barriers": ["time", "money"]})["Location"] == ROUTE


def test_walk_to_the_route(client: Client, points: dict[str, object]) -> None:
    make_scheme(
        "scholingsvoucher",
        {
            "all": [
                {"fact": "work_situation", "in": ["unemployed_ww"]},
                {"fact": "sector", "in": ["care"]},
            ]
        },
        audiences=["job_seekers"],
    )
    make_scheme("alleen-zzp", {"fact": "work_situation", "in": ["self_employed"]})
    walk(client)
    page = client.get(ROUTE).content.decode()
    assert "<h1>Jouw route</h1>" in page
    assert "Loket Utrecht" in page and "0,0 km" in page  # nearest first, Dutch decimals
    assert page.index("Loket Utrecht") < page.index("Loket Amersfoort")
    assert "Bieb Maastricht" not in page  # not for the goal "switch"
    assert "Online Advies" in page  # nationwide
    assert "Scholingsvoucher" in page and "Geldt voor jou" in page
    assert "Alleen Zzp" not in page  # does not apply: only on the schemes page
    assert "Weinig tijd?" in page and "Geld?" in page  # tips for the ticked barriers
    assert 'href="/start/over-jou/?naar=route"' in page  # change links
    assert not ConversationRequest.objects.exists()


def test_answers_live_only_in_the_session_until_the_browser_closes(
    client: Client, places: None
) -> None:
    walk(client)
    assert client.session[SESSION_KEY]["goal"] == "switch"
    assert client.session.get_expire_at_browser_close()
    client.post("/start/vergeten/")
    assert SESSION_KEY not in client.session
    assert client.get(ROUTE)["Location"] == START


def test_route_needs_a_goal(client: Client) -> None:
    assert client.get(ROUTE)["Location"] == START
    assert client.post("/start/jouw-route/mailen/", {"email": "a@example.org"})["Location"] == START


def test_empty_required_step_shows_the_error_summary(client: Client) -> None:
    response = client.post(START, {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Fout:" in page
    assert 'class="error-summary"' in page and '<a href="#id_goal_0">Kies wat je wilt.</a>' in page
    assert 'aria-describedby="id_goal_error"' in page and 'aria-invalid="true"' in page
    assert 'id="id_goal_error"' in page
    assert "(verplicht)" in page


def test_values_are_kept_when_a_step_has_errors(client: Client, places: None) -> None:
    response = client.post(WORK, {"sector": "care", "employer_size": "small", "place": "9999 zz"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "We kennen postcode 9999 ZZ niet." in page
    assert '<a href="#id_place">' in page
    assert 'value="9999 zz"' in page
    assert 'value="care" selected' in page
    assert re.search(r'value="small"[^>]*checked', page)


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("12", "Typ een postcode zoals 1234 AB"),
        ("x" * 101, "Typ hoogstens 100 tekens"),
        ("Atlantis", "We kennen ‘Atlantis’ niet."),
    ],
)
def test_bad_places_get_clear_messages(
    client: Client, places: None, place: str, message: str
) -> None:
    page = client.post(WORK, {"place": place}).content.decode()
    assert message in page


def test_scripts_typed_in_are_escaped(client: Client, places: None) -> None:
    page = client.post(WORK, {"place": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_honeypot_stops_the_step(client: Client) -> None:
    response = client.post(START, {"goal": "switch", "website": "http://spam.example"})
    assert response.status_code == 400
    assert "Je antwoorden konden niet worden verstuurd." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_rate_limit_keeps_the_answers(client: Client, settings: object) -> None:
    settings.SERVICES_RATE_LIMITS = {"intake": (2, 600)}  # type: ignore[attr-defined]
    client.post(START, {"goal": "switch"})
    client.post(START, {"goal": "switch"})
    response = client.post(START, {"goal": "switch"})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Je hebt dit formulier vaak verstuurd" in page
    assert re.search(r'value="switch"[^>]*checked', page)


def test_change_link_returns_to_the_route(client: Client, places: None) -> None:
    walk(client)
    response = client.post(ABOUT + "?naar=route", {"work_situation": "employee"})
    assert response["Location"] == ROUTE
    assert client.session[SESSION_KEY]["work_situation"] == "employee"


def test_optional_answers_may_stay_open(client: Client) -> None:
    client.post(START, {"goal": "basic_skills"})
    assert client.post(ABOUT, {"work_situation": "not_working", "education": ""}).status_code == 302
    assert client.post(WORK, {"place": ""}).status_code == 302
    assert client.post(BARRIERS, {}).status_code == 302
    page = client.get(ROUTE).content.decode()
    assert "Vertel ons waar je woont" in page
    assert "niet ingevuld" in page


def test_english_route(client: Client, places: None) -> None:
    walk(client)
    page = client.get("/en" + ROUTE).content.decode()
    assert '<html lang="en">' in page and "<h1>Your route</h1>" in page


def test_route_by_email_keeps_no_address(client: Client, points: dict[str, object]) -> None:
    walk(client)
    response = client.post("/start/jouw-route/mailen/", {"email": "anna@example.org"})
    assert response["Location"] == ROUTE
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["anna@example.org"] and "Loket Utrecht" in sent.body
    assert "anna@example.org" not in str(dict(client.session))
    bad = client.post("/start/jouw-route/mailen/", {"email": "not-an-address"})
    assert bad.status_code == 400 and 'href="#id_email"' in bad.content.decode()
