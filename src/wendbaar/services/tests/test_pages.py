"""Help nearby, schemes and free learning, through Django's test client."""

# The pages use Dutch typographic single quotes; the tests look for them.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest
from django.test import Client

from wendbaar.services.models import LearningResource, ServicePoint
from wendbaar.services.tests.conftest import make_scheme

pytestmark = pytest.mark.django_db
POINTS = "/hulp-in-de-buurt/"


def order_of(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_points_nearest_first_for_a_postcode(
    client: Client, points: dict[str, ServicePoint]
) -> None:
    page = client.get(POINTS, {"place": "3811ab"}).content.decode()
    names = ["Loket Utrecht", "Loket Amersfoort", "Loket Zwolle", "Bieb Maastricht"]
    assert order_of(page, names) == [
        "Loket Amersfoort",
        "Loket Utrecht",
        "Loket Zwolle",
        "Bieb Maastricht",
    ]
    assert "4 loketten, het dichtst bij 3811 AB eerst" in page
    assert "arbeidsmarktregio Amersfoort" in page
    assert "Online of telefonisch, waar je ook woont" in page and "Online Advies" in page


def test_points_by_municipality_kind_and_question(
    client: Client, points: dict[str, ServicePoint]
) -> None:
    by_kind = client.get(POINTS, {"place": "Maastricht", "kind": "library"}).content.decode()
    assert "Bieb Maastricht" in by_kind and "Loket Utrecht" not in by_kind
    by_topic = client.get(POINTS, {"topic": "basic_skills"}).content.decode()
    assert "Bieb Maastricht" in by_topic and "Loket Zwolle" not in by_topic


def test_unknown_postcode_is_explained_and_kept(
    client: Client, points: dict[str, ServicePoint]
) -> None:
    response = client.get(POINTS, {"place": "9999 ZZ", "kind": "uwv"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_place">We kennen postcode 9999 ZZ niet.' in page
    assert 'value="9999 ZZ"' in page and 'value="uwv" selected' in page
    assert 'id="results-heading"' not in page


def test_point_page(client: Client, points: dict[str, ServicePoint]) -> None:
    page = client.get(POINTS + "loket-utrecht/").content.decode()
    assert "<h1>Loket Utrecht</h1>" in page
    assert "Gratis advies over leren en werken." in page
    assert 'href="/gesprek/bij/loket-utrecht/"' in page
    english = client.get("/en" + POINTS + "loket-utrecht/").content.decode()
    assert "Free advice about learning and work." in english
    assert client.get(POINTS + "bestaat-niet/").status_code == 404


def test_untranslated_text_is_marked_dutch(client: Client, points: dict[str, ServicePoint]) -> None:
    ServicePoint.objects.filter(slug="loket-utrecht").update(description_en="")
    page = client.get("/en" + POINTS + "loket-utrecht/").content.decode()
    assert '<p lang="nl">Gratis advies over leren en werken.</p>' in page


def test_schemes_overview_per_group_without_intake(client: Client, db: None) -> None:
    make_scheme("voor-werkgevers", {}, audiences=["employers"])
    make_scheme("voor-werkzoekenden", {}, audiences=["job_seekers"])
    page = client.get("/regelingen/").content.decode()
    for group in ("Werkenden", "Werkzoekenden", "Werkgevers", "Zelfstandigen"):
        assert group in page
    assert page.index("Werkgevers") < page.index("Voor Werkgevers")
    assert "Begin met ‘Wat wil je?’" in page


def test_schemes_for_you_with_reasons(client: Client, db: None) -> None:
    make_scheme("ww-scholing", {"fact": "work_situation", "in": ["unemployed_ww"]})
    make_scheme("zzp-budget", {"fact": "work_situation", "in": ["self_employed"]})
    make_scheme("leeftijdsregeling", {"fact": "age_group", "in": ["45_54"]})
    client.post("/start/", {"goal": "switch"})
    client.post("/start/over-jou/", {"work_situation": "unemployed_ww"})
    page = client.get("/regelingen/").content.decode()
    assert (
        "Werksituatie: ‘Ik zoek werk en heb een WW-uitkering’. Dat past bij deze regeling." in page
    )
    assert "We weten je leeftijd niet. Deze regeling is alleen voor: ‘45 tot 55’." in page
    assert (
        "Werksituatie: ‘Ik zoek werk en heb een WW-uitkering’. Deze regeling is alleen voor: "
        "‘Ik werk voor mezelf (zelfstandige, zzp)’." in page
    )
    assert "1 regeling geldt niet voor jou, en waarom" in page


def test_scheme_page_states_conditions_and_check_note(client: Client, db: None) -> None:
    make_scheme(
        "combi",
        {
            "all": [
                {"fact": "sector", "in": ["care"]},
                {
                    "any": [
                        {"fact": "age_group", "in": ["under_27"]},
                        {"fact": "goal", "in": ["switch"]},
                    ]
                },
            ]
        },
        amount_nl="Tot € 500.",
    )
    page = client.get("/regelingen/combi/").content.decode()
    assert "Dit moet allemaal kloppen:" in page and "Een van deze is genoeg:" in page
    assert "Sector: ‘Zorg en welzijn’" in page
    assert "Een redacteur moet de details van deze regeling nog controleren." in page
    assert "Tot € 500." in page


def test_ended_scheme_says_so(client: Client, db: None) -> None:
    import datetime as dt

    make_scheme("oud", {}, valid_until=dt.date(2023, 12, 31))
    client.post("/start/", {"goal": "switch"})
    page = client.get("/regelingen/oud/").content.decode()
    assert "Deze regeling is gestopt op 31 december 2023." in page


def test_learning_search_by_word_and_skill(client: Client, db: None) -> None:
    LearningResource.objects.create(
        title="Rekenoefeningen",
        url="https://example.org/rekenen",
        provider="Voorbeeld",
        description_nl="Oefen met breuken en procenten.",
        description_en="Practise fractions and percentages.",
        topics=["arithmetic"],
    )
    LearningResource.objects.create(
        title="Computer basis",
        url="https://example.org/computer",
        provider="Voorbeeld",
        description_nl="Leer e-mailen.",
        topics=["digital"],
    )
    assert "Rekenoefeningen" in client.get("/gratis-leren/", {"q": "Breuken"}).content.decode()
    assert "Rekenoefeningen" in client.get("/gratis-leren/", {"q": "fractions"}).content.decode()
    by_skill = client.get("/gratis-leren/", {"topic": "digital"}).content.decode()
    assert "Computer basis" in by_skill and "Rekenoefeningen" not in by_skill
    none = client.get("/gratis-leren/", {"q": "sterrenkunde"}).content.decode()
    assert "Niets gevonden" in none
    too_long = client.get("/gratis-leren/", {"q": "x" * 101}).content.decode()
    assert 'href="#id_q"' in too_long
