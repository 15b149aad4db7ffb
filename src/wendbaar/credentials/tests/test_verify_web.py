"""The public verification page and the VC-API verify endpoints, with real proofs."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wendbaar.credentials.engine.proofs import sign
from wendbaar.credentials.models import TrustedIssuer
from wendbaar.credentials.tests.builders import holder_party, skill_credential

pytestmark = pytest.mark.django_db
EDUBADGES = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "credentials"
    / "edubadges-ob3-examples"
    / "credentials"
)


@pytest.fixture
def signed() -> dict[str, Any]:
    """A credential signed by an issuer identified by did:key (resolvable offline)."""
    issuer = holder_party(7)
    subject = holder_party(8)
    unsigned = skill_credential(issuer, subject.did)
    return sign(unsigned, issuer.signer, datetime(2025, 1, 2, tzinfo=UTC))


def test_api_verifies_a_genuine_credential(client: Client, signed: dict[str, Any]) -> None:
    response = client.post(
        "/credentials/verify", {"verifiableCredential": signed}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["verified"] is True and body["errors"] == []
    assert "signature" in body["checks"] and "valid_until" in body["checks"]
    assert [w["code"] for w in body["warnings"]] == ["trusted_issuer"]
    assert body["issuerTrusted"] is False
    TrustedIssuer.objects.create(identifier=signed["issuer"]["id"], name="Demo-opleider")
    again = client.post(
        "/credentials/verify", {"verifiableCredential": signed}, content_type="application/json"
    )
    assert again.json()["issuerTrusted"] is True


def test_api_rejects_a_tampered_credential(client: Client, signed: dict[str, Any]) -> None:
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Iets anders"
    response = client.post(
        "/credentials/verify", {"verifiableCredential": tampered}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "signature"


def test_api_refuses_malformed_requests(client: Client) -> None:
    response = client.post("/credentials/verify", "not json", content_type="application/json")
    assert response.status_code == 400
    response = client.post(
        "/credentials/verify", {"credential": {}}, content_type="application/json"
    )
    assert response.status_code == 400 and "verifiableCredential" in response.json()


def test_page_shows_verdict_issuer_and_skills(client: Client, signed: dict[str, Any]) -> None:
    TrustedIssuer.objects.create(identifier=signed["issuer"]["id"], name="Demo-opleider")
    page = client.post("/controleren/", {"credential": json.dumps(signed)}).content.decode()
    assert "Deze credential is echt." in page
    assert "Demo-opleider" in page
    assert "Samenwerken in een team" in page and "work in teams" in page


def test_page_explains_an_unsigned_edubadge(client: Client) -> None:
    example = EDUBADGES / "uvh_at_regular_full.json"
    upload = SimpleUploadedFile("badge.json", example.read_bytes(), "application/json")
    page = client.post("/controleren/", {"credential": "", "file": upload}).content.decode()
    assert "Deze credential kon niet worden bevestigd." in page
    assert "Er staat geen digitale handtekening op." in page


def test_page_form_errors_keep_what_was_typed(client: Client) -> None:
    response = client.post("/controleren/", {"credential": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Plak een credential of kies een bestand." in page
    assert 'aria-invalid="true"' in page
    response = client.post("/controleren/", {"credential": "{not json"})
    assert "{not json" in response.content.decode()
    assert "Het bestand is geen leesbare JSON." in response.content.decode()
