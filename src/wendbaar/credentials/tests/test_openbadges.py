"""Open Badges 3.0 skill credentials: content, the official JSON schema, presentations."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from wendbaar.credentials.engine import openbadges, status_list
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.engine.verify import verify_credential, verify_presentation
from wendbaar.credentials.tests.builders import (
    ESCO_SKILL,
    Party,
    holder_party,
    message,
    outcome,
    skill_credential,
)

SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "data"
OB_SCHEMA = (
    SHARED
    / "credentials"
    / "edubadges-ob3-examples"
    / "schemas"
    / "ob_v3p0_achievementcredential_schema.json"
)


@pytest.fixture(scope="module")
def schema_validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(OB_SCHEMA.read_text("utf-8"))
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("cryptosuite", [RDFC, JCS])
def test_issued_credentials_validate_against_the_ob_3_0_schema(
    schema_validator: jsonschema.Draft201909Validator,
    issuer: Party,
    holder: Party,
    now: datetime,
    cryptosuite: str,
) -> None:
    status = status_list.status_entry("https://wendbaar.example/status/1", 17)
    unsigned = skill_credential(issuer, holder.did, status=status)
    credential = openbadges.issue(unsigned, issuer.signer, now, cryptosuite=cryptosuite)
    errors = [error.message for error in schema_validator.iter_errors(credential)]
    assert errors == []


def test_the_schema_check_is_real(schema_validator: jsonschema.Draft201909Validator) -> None:
    assert not schema_validator.is_valid({"@context": ["https://www.w3.org/ns/credentials/v2"]})


def test_a_skill_credential_says_what_the_issue_asks(issuer: Party, holder: Party) -> None:
    credential = skill_credential(issuer, holder.did)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"].startswith("did:web:")
    subject = credential["credentialSubject"]
    assert subject["id"].startswith("did:key:z6Mk")
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Competency"
    esco, brc = achievement["alignment"]
    assert esco == {
        "type": ["Alignment"],
        "targetName": "work in teams",
        "targetUrl": ESCO_SKILL,
        "targetFramework": "ESCO",
        "targetCode": ESCO_SKILL.rsplit("/", 1)[1],
    }
    assert brc["targetFramework"] == "BRC 2014"
    assert credential["validFrom"] == "2025-01-01T00:00:00Z"
    assert credential["validUntil"] == "2030-01-01T00:00:00Z"


def test_only_the_issuers_key_may_sign(issuer: Party, holder: Party, now: datetime) -> None:
    with pytest.raises(ValueError, match="cannot sign for issuer"):
        openbadges.issue(skill_credential(issuer, holder.did), holder.signer, now)


def passport(issuer: Party, holder: Party, now: datetime) -> dict[str, Any]:
    credentials = [
        openbadges.issue(
            skill_credential(issuer, holder.did, name=name, credential_id=f"urn:uuid:{number}"),
            issuer.signer,
            now,
        )
        for number, name in enumerate(["Samenwerken", "Plannen"], 1)
    ]
    return openbadges.build_presentation(credentials, holder.did, "urn:uuid:passport-1")


def test_the_passport_as_a_signed_presentation_verifies(
    issuer: Party, holder: Party, now: datetime
) -> None:
    unsigned = passport(issuer, holder, now)
    signed = openbadges.sign_presentation(
        unsigned, holder.signer, now, challenge="c-123", domain="werkgever.example"
    )
    assert signed["proof"]["proofPurpose"] == "authentication"
    verdict = verify_presentation(
        signed, issuer.resolver, [issuer.did], now, challenge="c-123", domain="werkgever.example"
    )
    assert verdict.verified, verdict.as_json()
    assert len(verdict.credentials) == 2

    replayed = verify_presentation(signed, issuer.resolver, [issuer.did], now, challenge="other")
    assert replayed.reason == "the proof is not for this challenge"


def test_an_unsigned_presentation_proves_only_its_credentials(
    issuer: Party, holder: Party, now: datetime
) -> None:
    unsigned = passport(issuer, holder, now)
    verdict = verify_presentation(unsigned, issuer.resolver, [issuer.did], now)
    assert verdict.verified
    assert outcome(verdict, "proof_present") == "skipped"
    required = verify_presentation(unsigned, issuer.resolver, [issuer.did], now, challenge="c")
    assert required.reason == "no proof: the document is not signed"


def test_a_presentation_of_someone_elses_credentials_is_refused(
    issuer: Party, holder: Party, now: datetime
) -> None:
    thief = holder_party(seed=3)
    stolen = passport(issuer, holder, now)
    stolen["holder"] = thief.did
    signed = openbadges.sign_presentation(stolen, thief.signer, now)
    verdict = verify_presentation(signed, issuer.resolver, [issuer.did], now)
    assert not verdict.verified
    assert message(verdict, "holder_binding").endswith("not the holder")


def test_a_tampered_credential_inside_a_presentation_is_named(
    issuer: Party, holder: Party, now: datetime
) -> None:
    unsigned = passport(issuer, holder, now)
    unsigned["verifiableCredential"][1]["credentialSubject"]["achievement"]["name"] = "Vliegen"
    verdict = verify_presentation(unsigned, issuer.resolver, [issuer.did], now)
    assert verdict.reason == "credential 2: the signature does not match the document"
    assert verify_credential(
        unsigned["verifiableCredential"][0], issuer.resolver, None, now
    ).verified
