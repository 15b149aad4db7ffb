"""Editors' pages: the rule check and preview, and the CSV upload."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wendbaar.accounts.models import User
from wendbaar.services.models import Scheme, ServicePoint
from wendbaar.services.tests.conftest import make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client: Client, places: None) -> Client:
    client.force_login(
        User.objects.create_superuser("redacteur", "r@example.org", "pw-redacteur-1")
    )
    return client


def scheme_form(rule: str) -> dict[str, object]:
    return {
        "slug": "nieuw",
        "name": "Nieuw",
        "level": "national",
        "audiences": ["working"],
        "summary_nl": "Een regeling.",
        "rule": rule,
        "recipient": "person",
    }


def test_rule_with_unknown_fact_is_refused(editor: Client) -> None:
    response = editor.post(
        "/beheer/services/scheme/add/", scheme_form('{"fact": "shoe_size", "in": ["42"]}')
    )
    assert (
        response.status_code == 200
        and "unknown fact &#x27;shoe_size&#x27;" in response.content.decode()
    )
    broken = editor.post("/beheer/services/scheme/add/", scheme_form('{"fact": "age_group"}'))
    assert "rule: expected" in broken.content.decode()
    region = editor.post(
        "/beheer/services/scheme/add/", scheme_form('{"fact": "region", "in": ["atlantis"]}')
    )
    assert "region: unknown value" in region.content.decode()
    assert not Scheme.objects.exists()


def test_preview_of_who_qualifies(editor: Client) -> None:
    scheme = make_scheme("ww", {"fact": "work_situation", "in": ["unemployed_ww"]})
    page = editor.get(f"/beheer/services/scheme/{scheme.pk}/change/").content.decode()
    assert "Van 210 combinaties van werksituatie, diploma en leeftijd" in page
    assert "bij 30 geldt de regeling, bij 0 misschien, bij 180 niet" in page
    assert "Sandra, 47, zoekt werk met een WW-uitkering, hbo" in page


def test_csv_upload_all_or_nothing(editor: Client) -> None:
    good = (
        "slug,name,kind,description_nl,postcode,access,cost\n"
        "loket,Loket,uwv,Tekst.,3511,both,free\n"
    )
    response = editor.post(
        "/beheer/services/servicepoint/import-csv/",
        {"file": SimpleUploadedFile("loketten.csv", good.encode())},
    )
    assert response.status_code == 302 and ServicePoint.objects.count() == 1
    bad = good + "fout,Fout,shop,Tekst.,3511,both,free\n"
    page = editor.post(
        "/beheer/services/servicepoint/import-csv/",
        {"file": SimpleUploadedFile("loketten.csv", bad.encode())},
    ).content.decode()
    assert "loketten.csv: line 3: kind" in page and ServicePoint.objects.count() == 1


def test_requests_are_not_in_the_management_pages(editor: Client) -> None:
    assert editor.get("/beheer/services/conversationrequest/").status_code == 404
