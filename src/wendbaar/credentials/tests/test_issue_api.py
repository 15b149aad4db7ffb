"""POST /credentials/issue (VC-API): who may issue, what is completed, what is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from wendbaar.accounts.api.tokens import create_token
from wendbaar.accounts.models import Role, User
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.models import IssuedCredential
from wendbaar.credentials.tests.builders import holder_party
from wendbaar.credentials.tests.issuing_fixtures import (
    evc_provider,
    issuer_user,
    ob_credential,
    person,
)
from wendbaar.credentials.verification import check_credential

pytestmark = pytest.mark.django_db
HOLDER = holder_party(4).did
ISSUER_DID = "did:web:testserver:organisations:evc-midden"


def post(client: Client, body: Any, **headers: Any) -> Any:
    return client.post("/credentials/issue", body, content_type="application/json", **headers)


@pytest.fixture
def issuer_client(client: Client) -> Client:
    client.force_login(issuer_user(evc_provider()))
    return client


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_an_issuer_gets_a_signed_credential_with_status(issuer_client: Client, suite: str) -> None:
    response = post(
        issuer_client,
        {"credential": ob_credential(HOLDER), "options": {"cryptosuite": suite}},
    )
    assert response.status_code == 201, response.json()
    credential = response.json()["verifiableCredential"]
    assert credential["issuer"]["id"] == ISSUER_DID
    assert credential["issuer"]["name"] == "EVC-centrum Midden"
    assert credential["id"].startswith("urn:uuid:") and "validFrom" in credential
    assert credential["credentialStatus"]["statusListCredential"].startswith(
        "http://testserver/credentials/status/evc-midden/"
    )
    assert credential["proof"][0]["cryptosuite"] == suite
    verdict = check_credential(credential)
    assert verdict.verified, verdict.as_json()
    issued = IssuedCredential.objects.get()
    assert issued.issued_by is not None and issued.issued_by.username == "uitgever"
    assert issued.subject_did == HOLDER


def test_a_bearer_token_works_and_the_callers_issuer_may_be_given(client: Client) -> None:
    user = issuer_user(evc_provider())
    _token, plain = create_token(user, "test")
    unsigned = ob_credential(HOLDER)
    unsigned["issuer"] = {"id": ISSUER_DID, "type": ["Profile"], "name": "EVC Midden (API)"}
    response = post(client, {"credential": unsigned}, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 201, response.json()
    assert response.json()["verifiableCredential"]["issuer"]["name"] == "EVC Midden (API)"


def test_only_logged_in_issuers_may_issue(client: Client) -> None:
    body = {"credential": ob_credential(HOLDER)}
    assert post(client, body).status_code == 401
    client.force_login(person())
    assert post(client, body).status_code == 403
    loose = User.objects.create_user("los", password="x" * 20, role=Role.ISSUER)
    client.force_login(loose)
    response = post(client, body)
    assert response.status_code == 403 and "organisatie" in response.json()["detail"]
    assert not IssuedCredential.objects.exists()


def test_an_admin_without_organisation_issues_as_the_platform(client: Client) -> None:
    client.force_login(User.objects.create_user("beheer", password="x" * 20, role=Role.ADMIN))
    response = post(client, {"credential": ob_credential(HOLDER)})
    assert response.status_code == 201
    assert response.json()["verifiableCredential"]["issuer"]["id"] == "did:web:testserver"


def _without(path: str) -> Any:
    credential = ob_credential(HOLDER)
    *parents, last = path.split(".")
    node = credential
    for part in parents:
        node = node[part]
    del node[last]
    return credential


def _with(path: str, value: Any) -> Any:
    credential = ob_credential(HOLDER)
    *parents, last = path.split(".")
    node = credential
    for part in parents:
        node = node[part]
    node[last] = copy.deepcopy(value)
    return credential


BAD = {
    "not an Open Badge": (
        _with("type", ["VerifiableCredential"]),
        "OpenBadgeCredential",
    ),
    "no achievement": (_without("credentialSubject.achievement"), "achievement"),
    "achievement without criteria": (
        _without("credentialSubject.achievement.criteria"),
        "criteria",
    ),
    "someone else's issuer": (_with("issuer", "did:web:elders.example"), "must be your"),
    "unknown context": (
        _with("@context", ["https://www.w3.org/ns/credentials/v2", "https://example.org/ctx"]),
        "unknown or inline @context",
    ),
    "undefined term": (
        _with("credentialSubject.achievement.shoeSize", 44),
        "shoeSize",
    ),
    "relative type": (
        _with("credentialSubject.achievement.type", ["Achievement", "Lasdiploma"]),
        "relative",
    ),
    "a proof already": (_with("proof", {"type": "DataIntegrityProof"}), "proof"),
    "own status": (
        _with("credentialStatus", {"type": "BitstringStatusListEntry"}),
        "credentialStatus",
    ),
    "bad date": (_with("validFrom", "gisteren"), "validFrom"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_credentials_are_refused_with_a_reason(issuer_client: Client, case: str) -> None:
    credential, words = BAD[case]
    response = post(issuer_client, {"credential": credential})
    assert response.status_code == 400, response.json()
    assert words in response.json()["detail"], response.json()
    assert not IssuedCredential.objects.exists()


def test_malformed_requests_are_refused(issuer_client: Client) -> None:
    assert post(issuer_client, "{not json").status_code == 400
    response = post(issuer_client, {"verifiableCredential": ob_credential(HOLDER)})
    assert response.status_code == 400 and "credential" in response.json()
    response = post(
        issuer_client, {"credential": ob_credential(HOLDER), "options": {"cryptosuite": "rsa"}}
    )
    assert response.status_code == 400 and "options" in response.json()
    response = post(
        issuer_client, {"credential": ob_credential(HOLDER), "options": {"mandatoryPointers": []}}
    )
    assert response.status_code == 400 and "mandatoryPointers" in str(response.json())
    huge = _with("credentialSubject.achievement.description", "x" * 1_100_000)
    response = post(issuer_client, {"credential": huge})
    assert response.status_code == 400 and "limit" in response.json()["detail"]


def test_the_same_credential_id_is_issued_once(issuer_client: Client) -> None:
    credential = _with("id", "urn:uuid:0d9a3b52-5b1f-4e7c-9f3f-63c1f8b5e001")
    assert post(issuer_client, {"credential": credential}).status_code == 201
    again = post(issuer_client, {"credential": credential})
    assert again.status_code == 400 and "issued already" in again.json()["detail"]
