"""The owner's copy of all passport data: JSON download, API and personal-data section."""

from __future__ import annotations

import importlib
import json

import pytest
from django.test import Client

from wendbaar.accounts.personal_data import export, registered_sections
from wendbaar.passport import sharing
from wendbaar.passport.export import passport_data
from wendbaar.passport.models import ConsentScope
from wendbaar.passport.tests.test_sharing_data import employer, url, user, varied_passport

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return user("anna", first_name="Anna", last_name="de Vries")


def test_export_holds_everything_but_tokens(owner):
    passport = varied_passport(owner, 6)
    new = sharing.create_link(passport, label="Bakkerij", claims=list(passport.claims.all()[:2]))
    boss = employer()
    sharing.grant_consent(owner, boss, ConsentScope.PASSPORT)
    sharing.log_view(owner, boss, sharing.WHAT_PASSPORT)
    data = passport_data(owner)
    text = json.dumps(data, default=str)
    assert new.token not in text and new.link.token_hash not in text
    assert len(data["claims"]) == 6
    first = data["claims"][0]
    assert first["skill"]["uri"].startswith("https://demo.wendbaar.nl/skill/")
    assert set(first["skill"]["labels"]) == {"nl", "en"}
    assert {c["level"] for c in data["claims"]} == {1, 2, 3, 4, 5}
    assert data["claims"][0]["evidence"][0]["kind"] == "credential"
    assert data["work_experience"][0]["occupation"]["labels"]["en"] == "heat pump installer"
    assert data["education"][0]["title"] == "Eerste Verzorgende IG"
    assert data["credentials"][0]["document"]["name"] == "Lassen"
    assert data["share_links"][0]["label"] == "Bakkerij"
    assert len(data["share_links"][0]["claims"]) == 2
    assert data["consents"][0]["grantee"] == "Wim"
    assert data["consents"][0]["organisation"] == "Bakkerij De Korst"
    assert data["access_log"][0]["what"] == "passport"


def test_export_holds_nothing_of_other_people(owner):
    varied_passport(owner, 3)
    other = user("bob", first_name="Bob")
    other_passport = varied_passport(other, 9)
    sharing.create_link(other_passport, label="geheim van Bob")
    data = passport_data(owner)
    assert len(data["claims"]) == 3
    assert "geheim van Bob" not in json.dumps(data, default=str)
    assert passport_data(user("leeg"))["claims"] == []


def test_download_link_and_api(client: Client, owner):
    varied_passport(owner, 4)
    client.force_login(owner)
    response = client.get(url("passport:download_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert len(json.loads(response.content)["claims"]) == 4
    api = client.get("/api/v1/passport/export")
    assert api.status_code == 200 and len(api.json()["claims"]) == 4


def test_registered_as_a_personal_data_section(owner):
    # Registration happens when the passport's URLs load (see docs/sharing.md).
    importlib.import_module("wendbaar.passport.sharing_urls")
    varied_passport(owner, 2)
    assert "passport" in registered_sections()
    assert len(export(owner)["passport"]["claims"]) == 2
