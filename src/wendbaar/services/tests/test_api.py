"""The service API: service points, schemes, the scheme check, free learning."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from wendbaar.services.models import ServicePoint
from wendbaar.services.tests.conftest import make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(points: dict[str, ServicePoint]) -> APIClient:
    make_scheme(
        "voucher",
        {
            "all": [
                {"fact": "work_situation", "in": ["unemployed_ww"]},
                {"fact": "offering.kansberoep", "in": [True]},
            ]
        },
        funding_percent=100,
        funding_max=2500,
        recipient="provider",
        amount_nl="Tot € 2.500.",
        amount_en="Up to € 2,500.",
        audiences=["job_seekers"],
    )
    make_scheme("regio", {"fact": "region", "in": ["amersfoort"]})
    return APIClient()


def test_service_points_nearest_first(api: APIClient) -> None:
    data = api.get("/api/v1/service-points/", {"place": "3811 ab"}).json()
    slugs = [p["slug"] for p in data["results"]]
    assert slugs == [
        "loket-amersfoort",
        "loket-utrecht",
        "loket-zwolle",
        "bieb-maastricht",
        "online-advies",
    ]
    distances = [p["distance_km"] for p in data["results"]]
    assert distances[0] == 0 and distances[1] < distances[2] < distances[3]
    assert distances[4] is None
    assert data["results"][0]["region"] == "amersfoort"


def test_service_points_filters_and_errors(api: APIClient) -> None:
    libraries = api.get("/api/v1/service-points/", {"kind": "library"}).json()["results"]
    assert [p["slug"] for p in libraries] == ["bieb-maastricht"]
    by_topic = api.get("/api/v1/service-points/", {"topic": "basic_skills"}).json()["results"]
    assert [p["slug"] for p in by_topic] == ["bieb-maastricht"]
    assert api.get("/api/v1/service-points/", {"place": "9999"}).json() == {
        "place": ["unknown place '9999'"]
    }
    assert api.get("/api/v1/service-points/", {"kind": "shop"}).status_code == 400
    assert api.get("/api/v1/service-points/", {"place": "1234-AB"}).status_code == 400
    detail = api.get("/api/v1/service-points/loket-utrecht/").json()
    assert detail["postcode"] == "3511 AB" and detail["accepts_requests"] is True


def test_schemes_list_and_detail(api: APIClient) -> None:
    everyone = api.get("/api/v1/funding-schemes/").json()
    assert [s["slug"] for s in everyone["results"]] == ["regio", "voucher"]
    seekers = api.get("/api/v1/funding-schemes/", {"audience": "job_seekers"}).json()
    assert [s["slug"] for s in seekers["results"]] == ["voucher"]
    detail = api.get("/api/v1/funding-schemes/voucher/").json()
    assert detail["rule"]["all"][0] == {"fact": "work_situation", "in": ["unemployed_ww"]}
    assert api.get("/api/v1/funding-schemes/", {"audience": "aliens"}).status_code == 400


def test_check_gives_outcomes_with_reasons(api: APIClient) -> None:
    body = {"facts": {"work_situation": "unemployed_ww", "place": "3811"}}
    data = api.post("/api/v1/funding-schemes/check/?lang=en", body, format="json").json()
    verdicts = {v["scheme"]: v for v in data["verdicts"]}
    assert verdicts["regio"]["outcome"] == "applies"
    assert verdicts["regio"]["reasons"] == [
        "Labour-market region: “Amersfoort”. That fits this scheme."
    ]
    voucher = verdicts["voucher"]
    assert voucher["outcome"] == "applies"
    assert voucher["reasons"][1] == (
        "Only for training that fits: the training leads to an occupation with good job "
        "chances (kansberoep)."
    )
    assert voucher["amount"] == {"percent": "100.00", "max_amount": "2500.00"}
    assert data["price_after_funding"] is None
    dutch = api.post("/api/v1/funding-schemes/check/", {"facts": {}}, format="json").json()
    assert "We weten je arbeidsmarktregio niet." in dutch["verdicts"][0]["reasons"][0]


def test_check_with_a_price(api: APIClient) -> None:
    body = {
        "facts": {"work_situation": "unemployed_ww"},
        "offering": {"kind": "course", "kansberoep": True},
        "price": "3000",
    }
    price = api.post("/api/v1/funding-schemes/check/", body, format="json").json()[
        "price_after_funding"
    ]
    assert price == {
        "price": "3000.00",
        "covered": "2500.00",
        "net_price": "500.00",
        "funded_by": "voucher",
        "may_lower": [],  # "regio" may apply, but pays nothing towards a price
    }


def test_check_refuses_unknown_answers(api: APIClient) -> None:
    bad = api.post(
        "/api/v1/funding-schemes/check/", {"facts": {"work_situation": "astronaut"}}, format="json"
    )
    assert bad.status_code == 400 and "work_situation" in bad.json()["facts"]
    assert (
        api.post("/api/v1/funding-schemes/check/?lang=fr", {"facts": {}}, format="json").status_code
        == 400
    )
    unknown = api.post(
        "/api/v1/funding-schemes/check/", {"facts": {"place": "Atlantis"}}, format="json"
    )
    assert unknown.json() == {"place": ["unknown place 'Atlantis'"]}


def test_learning_resources(api: APIClient) -> None:
    from wendbaar.services.models import LearningResource

    LearningResource.objects.create(
        title="Taal oefenen",
        url="https://example.org/taal",
        provider="X",
        description_nl="Oefen.",
        topics=["dutch"],
    )
    assert api.get("/api/v1/learning-resources/", {"topic": "dutch"}).json()["count"] == 1
    assert api.get("/api/v1/learning-resources/", {"q": "sterren"}).json()["count"] == 0
    assert api.get("/api/v1/learning-resources/", {"topic": "juggling"}).status_code == 400
