"""The skills-language API: search, detail, relations, mappings, schemes, stats."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from wendbaar.taxonomy.brc import import_brc
from wendbaar.taxonomy.esco_import import import_esco
from wendbaar.taxonomy.models import Concept

from .esco_files import OCC, SKILL, write_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(tmp_path: Path) -> APIClient:
    import_esco([write_release(tmp_path / "v1.1.1")])
    groups = tmp_path / "groups.csv"
    groups.write_text("brc_group,brc_group_label,brc_class\n0722,Installateurs,07\n")
    isco = tmp_path / "isco.csv"
    isco.write_text("isco08_unit,brc_group\n7127,0722\n")
    import_brc(groups, isco)
    return APIClient()


def test_search_ranks_exact_label_first_in_either_language(api: APIClient) -> None:
    response = api.get("/api/v1/concepts/", {"q": "WARMTEPOMPMONTEUR"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["uri"] == OCC + "heat-pump"
    assert results[0]["label"] == "warmtepompmonteur" and results[0]["label_lang"] == "nl"
    english = api.get("/api/v1/concepts/", {"q": "heat pump", "lang": "en"}).json()["results"]
    assert [r["label"] for r in english] == ["heat pump installer", "install heat pumps"]


def test_search_ignores_accents_and_filters_kind(api: APIClient) -> None:
    results = api.get("/api/v1/concepts/", {"q": "boekhouding", "kind": "skill"}).json()
    assert [r["uri"] for r in results["results"]] == [SKILL + "bookkeeping"]
    occupations = api.get("/api/v1/concepts/", {"q": "boekhoud", "kind": "occupation"}).json()
    assert [r["uri"] for r in occupations["results"]] == [OCC + "bookkeeper"]


def test_search_falls_back_to_english_label(api: APIClient) -> None:
    result = api.get("/api/v1/concepts/", {"q": "care plans"}).json()["results"][0]
    assert result["label"] == "draw up care plans" and result["label_lang"] == "en"


def test_lookup_by_uri_and_paging(api: APIClient) -> None:
    data = api.get("/api/v1/concepts/", {"uri": OCC + "nurse"}).json()
    assert data["count"] == 1 and data["results"][0]["kind"] == "occupation"
    page = api.get("/api/v1/concepts/", {"q": "e", "page": "2", "page_size": "2"}).json()
    assert page["count"] > 4 and len(page["results"]) == 2
    assert page["previous"] is not None and page["next"] is not None
    assert api.get("/api/v1/concepts/", {"q": "e", "page": "99"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "x", "kind": "planet"}, "kind"),
        ({"q": "x", "lang": "fr"}, "lang"),
    ],
)
def test_bad_search_parameters_are_400_with_reason(  # type: ignore[no-untyped-def]
    api: APIClient, params: dict[str, Any], field: str
) -> None:
    response = api.get("/api/v1/concepts/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_concept_detail(api: APIClient) -> None:
    concept = Concept.objects.get(uri=OCC + "heat-pump")
    data = api.get(f"/api/v1/concepts/{concept.pk}/", {"lang": "en"}).json()
    assert data["label"] == "heat pump installer"
    assert data["labels"]["nl"] == {"pref": ["warmtepompmonteur"], "alt": ["monteur warmtepompen"]}
    assert data["isco_group"]["code"] == "7127"
    assert [(g["code"], g["label"]) for g in data["brc_groups"]] == [("0722", "Installateurs")]
    assert data["relation_counts"] == {"essential_outgoing": 2}
    assert {t["lang"] for t in data["texts"]} == {"en", "nl"}
    assert api.get("/api/v1/concepts/999999/").status_code == 404


def test_relations_both_ways(api: APIClient) -> None:
    safety = Concept.objects.get(uri=SKILL + "safety")
    data = api.get(f"/api/v1/concepts/{safety.pk}/relations/").json()
    assert sorted((r["kind"], r["direction"], r["concept"]["uri"]) for r in data["results"]) == [
        ("essential", "incoming", OCC + "heat-pump"),
        ("optional", "incoming", OCC + "bookkeeper"),
    ]
    only = api.get(f"/api/v1/concepts/{safety.pk}/relations/", {"kind": "optional"}).json()
    assert only["count"] == 1
    assert api.get(f"/api/v1/concepts/{safety.pk}/relations/", {"kind": "x"}).status_code == 400


def test_mappings_schemes_and_stats(api: APIClient) -> None:
    mappings = api.get("/api/v1/mappings/", {"scheme": "isco-08"}).json()
    assert mappings["count"] == 1
    first = mappings["results"][0]
    assert (first["relation"], first["status"], first["target"]["code"]) == (
        "broadMatch",
        "accepted",
        "0722",
    )
    schemes = {s["code"]: s for s in api.get("/api/v1/schemes/").json()["results"]}
    assert schemes["esco"]["version"] == "v1.1.1" and schemes["esco"]["concepts"] == 7
    assert "European Commission" in schemes["esco"]["attribution"]
    assert api.get("/api/v1/schemes/esco/").json()["kind"] == "esco"
    stats = api.get("/api/v1/stats/").json()
    assert stats["schemes"]["esco"]["relations"] == {"essential": 4, "optional": 1}
    assert stats["mappings"]["isco-08 -> brc-2014"]["total"] == 1
