"""Digital Bazaar verifies what the issuing side makes: the portal's issuing function and
POST /credentials/issue, with their served DID documents and status lists; tampered
copies and revoked credentials are rejected on both sides; the passport as a signed
presentation verifies there too.

Needs Node.js and the pinned packages: ``npm ci --prefix src/wendbaar/credentials/tests/interop``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from wendbaar.credentials import issuers
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.holders import (
    credentials_about_holder,
    holder_did_for,
    present_passport,
)
from wendbaar.credentials.issuing import issue_skill_credential, revoke
from wendbaar.credentials.models import IssuedCredential, StatusList
from wendbaar.credentials.tests.builders import TAMPERS, Party, holder_party, mallory
from wendbaar.credentials.tests.issuing_fixtures import (
    evc_provider,
    issuer_user,
    ob_credential,
    person,
    skills,
)
from wendbaar.credentials.tests.test_interop import Node
from wendbaar.credentials.verification import check_credential, check_presentation
from wendbaar.passport.claims import passport_of

pytestmark = [pytest.mark.interop, pytest.mark.django_db]
HOLDER = holder_party(11).did


def served(client: Client, credential: dict[str, Any]) -> list[dict[str, Any]]:
    """What a verifier fetches for ``credential``: its issuer's DID document and status list,
    read from the app's own URLs (the DID's host is the app's, so the app answers it)."""
    did = credential["issuer"]["id"]
    own, organisation = issuers.organisation_of(did)
    assert own
    path = (
        f"/organisations/{organisation.slug}/did.json" if organisation else "/.well-known/did.json"
    )
    host = did.split(":")[2].replace("%3A", ":")
    document = client.get(path, HTTP_HOST=host).json()
    assert document["id"] == did
    status_url = credential["credentialStatus"]["statusListCredential"]
    status = client.get(status_url.split(host, 1)[1], HTTP_HOST=host)
    assert status.status_code == 200
    return [document, status.json()]


def document_options(node: Node, documents: list[dict[str, Any]]) -> list[Any]:
    options: list[Any] = []
    for number, document in enumerate(documents):
        flag = "--did-doc" if document["id"].startswith("did:") else "--doc"
        options += [flag, node.write(f"served-{number}.json", document)]
    for document in mallory().documents.values():
        options += ["--did-doc", node.write("mallory.json", document)]
    return options


def digital_bazaar(
    node: Node, credentials: list[dict[str, Any]], documents: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    files = [node.write(f"issued-{n}.json", c) for n, c in enumerate(credentials)]
    options = document_options(node, documents)
    return node.run("verify", "--contexts", node.manifest, *options, *files)  # type: ignore[no-any-return]


@pytest.fixture
def issued(client: Client, demo_taxonomy: None) -> dict[str, dict[str, Any]]:
    """One credential per way in: the portal's function (both suites) and the VC-API."""
    organisation = evc_provider()
    made = {
        f"function {suite}": issue_skill_credential(
            organisation,
            HOLDER,
            skills(),
            "Nederlandse teksten lezen",
            "Leest werkinstructies.",
            "validated",
            "EVC-procedure.",
            cryptosuite=suite,
        )
        for suite in (RDFC, JCS)
    }
    client.force_login(issuer_user(organisation))
    for suite in (RDFC, JCS):
        response = client.post(
            "/credentials/issue",
            {"credential": ob_credential(HOLDER), "options": {"cryptosuite": suite}},
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        made[f"VC-API {suite}"] = response.json()["verifiableCredential"]
    return made


def test_digital_bazaar_verifies_issued_credentials_and_rejects_tampered_copies(
    node: Node, client: Client, issued: dict[str, dict[str, Any]]
) -> None:
    documents = [doc for credential in issued.values() for doc in served(client, credential)]
    originals = list(issued.values())
    cases, copies = [], []
    issuer = Party("unused", mallory().signer)  # the tampers only need mallory's key
    for origin, original in issued.items():
        for name, (change, _, _) in TAMPERS.items():
            tampered = copy.deepcopy(original)
            change(tampered, issuer)
            cases.append(f"{name} ({origin})")
            copies.append(tampered)
    theirs = digital_bazaar(node, originals + copies, documents)
    assert theirs[: len(originals)] == [{"verified": True, "error": None}] * len(originals)
    for case, result, tampered in zip(cases, theirs[len(originals) :], copies, strict=True):
        assert result["verified"] is False and result["error"], case
        assert not check_credential(tampered).verified, case


def test_revocation_is_seen_by_both_sides(
    node: Node, client: Client, issued: dict[str, dict[str, Any]]
) -> None:
    gone = issued["VC-API eddsa-rdfc-2022"]
    kept = issued["function eddsa-rdfc-2022"]
    assert StatusList.objects.count() == 2  # one per issuer DID: localhost:8000, testserver
    revoke(IssuedCredential.objects.get(credential_id=gone["id"]))
    documents = served(client, gone) + served(client, kept)
    theirs = digital_bazaar(node, [gone, kept], documents)
    assert theirs[0]["verified"] is False and "revoked" in theirs[0]["error"]
    assert theirs[1] == {"verified": True, "error": None}
    verdict = check_credential(gone)
    assert not verdict.verified and "revoked" in verdict.reason
    assert check_credential(kept).verified


def test_digital_bazaar_verifies_the_passport_presentation(
    node: Node, client: Client, demo_taxonomy: None
) -> None:
    owner = person()
    passport = passport_of(owner)
    issue_skill_credential(
        evc_provider(),
        holder_did_for(passport),
        skills(),
        "Nederlandse teksten lezen",
        "Leest werkinstructies.",
        "certified",
        "Examen.",
    )
    credentials = credentials_about_holder(passport)
    assert len(credentials) == 1
    presentation = present_passport(passport, credentials, "uitdaging-1", "werkgever.example")
    documents = served(client, credentials[0])
    options = document_options(node, documents)

    def theirs(document: dict[str, Any], challenge: str) -> dict[str, Any]:
        path = node.write("presentation.json", document)
        return node.run(  # type: ignore[no-any-return]
            "verify-presentation",
            "--contexts",
            node.manifest,
            *options,
            "--challenge",
            challenge,
            "--domain",
            "werkgever.example",
            path,
        )

    assert theirs(presentation, "uitdaging-1") == {"verified": True, "error": None}
    assert theirs(presentation, "een-andere")["verified"] is False
    tampered = copy.deepcopy(presentation)
    tampered["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "Iets"
    assert theirs(tampered, "uitdaging-1")["verified"] is False
    assert not check_presentation(tampered, challenge="uitdaging-1").verified
    assert check_presentation(
        presentation, challenge="uitdaging-1", domain="werkgever.example"
    ).verified
