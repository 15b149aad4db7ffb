"""Issuing skill credentials: keys, did:web documents, status lists, revocation, the passport."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from wendbaar.credentials import issuers
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.engine.status_list import MIN_ENTRIES, decode_bitstring, get_status
from wendbaar.credentials.engine.verify import verify_credential
from wendbaar.credentials.issuing import IssuingError, issue_skill_credential, revoke
from wendbaar.credentials.models import IssuedCredential, IssuerKey, KeyStatus, StatusList
from wendbaar.credentials.tests.builders import holder_party, message, outcome
from wendbaar.credentials.tests.issuing_fixtures import (
    READ_DUTCH,
    SCHEMAS,
    evc_provider,
    issuer_user,
    person,
    sector_mapping,
    skills,
)
from wendbaar.credentials.verification import check_credential, issuer_name
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import HeldCredential, SkillClaim, ValidationLevel

pytestmark = pytest.mark.django_db
HOLDER = holder_party(3).did


def issue(organisation: Any = None, **changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "holder_did": HOLDER,
        "skills": skills(),
        "achievement_name": "Nederlandse teksten lezen",
        "description": "Leest werkinstructies en formulieren in het Nederlands.",
        "level": "validated",
        "criteria": "EVC-procedure met praktijkassessment.",
    }
    arguments.update(changes)
    return issue_skill_credential(organisation, **arguments)


def test_skill_credential_is_a_signed_competency_with_esco_and_crosswalk_alignments(
    demo_taxonomy: None,
) -> None:
    sector_mapping()
    organisation = evc_provider()
    credential = issue(organisation)
    assert credential["issuer"]["id"] == "did:web:localhost%3A8000:organisations:evc-midden"
    assert credential["issuer"]["name"] == "EVC-centrum Midden"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    subject = credential["credentialSubject"]
    assert subject["id"] == HOLDER
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Competency"
    assert achievement["tag"] == ["validated"]
    targets = {(a["targetUrl"], a.get("targetFramework")) for a in achievement["alignment"]}
    assert targets == {(READ_DUTCH, "ESCO"), ("urn:sector:lezen", "Sectorvaardigheden")}
    proof = credential["proof"][0]
    assert proof["cryptosuite"] == RDFC and proof["proofPurpose"] == "assertionMethod"
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"].startswith(
        "http://localhost:8000/credentials/status/evc-midden/"
    )
    verdict = check_credential(credential)
    assert verdict.verified, verdict.as_json()
    assert issuer_name(verdict.issuer) == "EVC-centrum Midden"
    issued = IssuedCredential.objects.get()
    assert issued.skills == [READ_DUTCH, "urn:sector:lezen"]
    assert issued.subject_did == HOLDER and issued.organisation == organisation


def test_rejected_crosswalk_mappings_are_not_aligned(demo_taxonomy: None) -> None:
    sector_mapping()
    from wendbaar.taxonomy.models import Mapping

    Mapping.objects.update(status="rejected")
    credential = issue(evc_provider())
    urls = [a["targetUrl"] for a in credential["credentialSubject"]["achievement"]["alignment"]]
    assert urls == [READ_DUTCH]


@pytest.mark.parametrize("suite", [RDFC, JCS])
def test_issued_credentials_validate_against_the_official_ob3_schema(
    demo_taxonomy: None, suite: str
) -> None:
    schema = json.loads((SCHEMAS / "ob_v3p0_achievementcredential_schema.json").read_text("utf-8"))
    credential = issue(
        evc_provider(),
        cryptosuite=suite,
        level="certified",
        valid_until=timezone.now() + timedelta(days=3650),
    )
    validator = jsonschema.Draft201909Validator(schema)
    errors = [error.message for error in validator.iter_errors(credential)]
    assert errors == []
    # The schema is not vacuous: dropping the achievement's criteria breaks it.
    del credential["credentialSubject"]["achievement"]["criteria"]
    assert list(validator.iter_errors(credential))


def test_bad_requests_to_issue_are_refused(demo_taxonomy: None) -> None:
    organisation = evc_provider()
    with pytest.raises(IssuingError, match="level"):
        issue(organisation, level="self-declared")
    with pytest.raises(IssuingError, match="at least one skill"):
        issue(organisation, skills=[])
    with pytest.raises(IssuingError, match="DID"):
        issue(organisation, holder_did="jamila@example.org")
    with pytest.raises(IssuingError, match="future"):
        issue(organisation, valid_until=timezone.now() - timedelta(days=1))
    assert not IssuedCredential.objects.exists()


def test_status_list_is_large_signed_served_and_revocation_shows(
    demo_taxonomy: None, client: Client
) -> None:
    organisation = evc_provider()
    kept, revoked = issue(organisation), issue(organisation)
    listing = StatusList.objects.get()
    assert listing.size >= MIN_ENTRIES and listing.allocated == 2
    url = revoked["credentialStatus"]["statusListCredential"]
    assert url == kept["credentialStatus"]["statusListCredential"] == listing.url
    path = url.removeprefix("http://localhost:8000")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+ld+json"
    served = response.json()
    assert verify_credential(served, issuers.resolve_own_did).verified
    bits = decode_bitstring(served["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == MIN_ENTRIES
    index = int(revoked["credentialStatus"]["statusListIndex"])
    assert not get_status(bits, index)

    revoke(IssuedCredential.objects.get(credential_id=revoked["id"]))
    after = client.get(path).json()
    bits = decode_bitstring(after["credentialSubject"]["encodedList"])
    assert get_status(bits, index)
    assert not get_status(bits, int(kept["credentialStatus"]["statusListIndex"]))
    verdict = check_credential(revoked)
    assert not verdict.verified
    assert outcome(verdict, "status") == "failed"
    assert "has been revoked" in message(verdict, "status")
    assert check_credential(kept).verified
    assert client.get(path.replace("evc-midden", "platform")).status_code == 404


def test_key_rotation_keeps_old_credentials_valid_and_signs_with_the_new_key(
    demo_taxonomy: None, client: Client
) -> None:
    organisation = evc_provider()
    before = issue(organisation)
    old = IssuerKey.objects.get()
    new = issuers.rotate_key(organisation)
    old.refresh_from_db()
    assert old.status == KeyStatus.RETIRED and new.status == KeyStatus.ACTIVE
    after = issue(organisation)
    assert after["proof"][0]["verificationMethod"].endswith("#" + new.fragment)
    assert before["proof"][0]["verificationMethod"].endswith("#" + old.fragment)
    assert check_credential(before).verified and check_credential(after).verified
    document = client.get("/organisations/evc-midden/did.json").json()
    assert document["id"] == "did:web:testserver:organisations:evc-midden"
    listed = {method["publicKeyMultibase"] for method in document["verificationMethod"]}
    assert listed == {old.public_key_multibase, new.public_key_multibase}
    # A compromised key leaves the document: what it signed no longer verifies.
    IssuerKey.objects.filter(pk=old.pk).update(status=KeyStatus.REVOKED)
    verdict = check_credential(before)
    assert outcome(verdict, "verification_method") == "failed"


def test_private_keys_are_stored_encrypted(demo_taxonomy: None) -> None:
    issue(evc_provider())
    key = IssuerKey.objects.get()
    signer = issuers.signer(key.organisation, "did:web:x")
    seed = signer.private_key.private_bytes_raw()
    assert seed.hex() not in key.encrypted_seed and seed.hex() not in json.dumps(
        list(IssuerKey.objects.values()), default=str
    )
    assert key.encrypted_seed.startswith("gAAAAA")  # a Fernet token


def test_did_documents_are_served_for_the_platform_and_organisations(
    demo_taxonomy: None, client: Client, settings: Any
) -> None:
    assert client.get("/.well-known/did.json").status_code == 404  # no key yet
    assert client.get("/organisations/onbekend/did.json").status_code == 404
    issue(None)
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/did+json"
    assert response.json()["id"] == "did:web:testserver"
    settings.WENDBAAR_DID_HOST = "wendbaar.example:8443"
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:wendbaar.example%3A8443"
    assert document["assertionMethod"] == [document["verificationMethod"][0]["id"]]
    credential = issue(None)
    assert credential["issuer"]["id"] == "did:web:wendbaar.example%3A8443"
    assert credential["credentialStatus"]["statusListCredential"].startswith(
        "https://wendbaar.example:8443/credentials/status/platform/"
    )
    assert check_credential(credential).verified


def test_other_did_web_hosts_are_not_resolved_from_the_database(
    demo_taxonomy: None, settings: Any
) -> None:
    issue(evc_provider())
    assert issuers.resolve_own_did("did:web:localhost%3A8000:organisations:evc-midden")
    assert issuers.resolve_own_did("did:web:evil.example:organisations:evc-midden") is None
    assert issuers.resolve_own_did("did:web:localhost:organisations:onbekend") is None
    assert issuers.resolve_own_did("did:web:localhost:elders:evc-midden") is None
    settings.ALLOWED_HOSTS = ["*"]
    assert issuers.resolve_own_did("did:web:evil.example:organisations:evc-midden") is None
    settings.WENDBAAR_DID_HOST = "evil.example"
    assert issuers.resolve_own_did("did:web:evil.example:organisations:evc-midden")


def test_a_credential_for_a_wendbaar_user_lands_in_their_passport(demo_taxonomy: None) -> None:
    from wendbaar.credentials.holders import holder_did_for

    owner = person()
    passport = passport_of(owner)
    did = holder_did_for(passport)
    credential = issue(evc_provider(), holder_did=did, level="validated")
    held = HeldCredential.objects.get(passport=passport)
    assert held.document["id"] == credential["id"] and held.verified
    claim = SkillClaim.objects.get(passport=passport)
    assert claim.concept.uri == READ_DUTCH
    assert claim.level == ValidationLevel.VALIDATED
    assert IssuedCredential.objects.get().holder == owner
    revoke(IssuedCredential.objects.get())
    held.refresh_from_db()
    assert held.verified is False and "revoked" in held.verdict["reason"]


def test_issuer_without_organisation_is_the_platform(demo_taxonomy: None) -> None:
    credential = issue(None)
    assert credential["issuer"]["id"] == "did:web:localhost%3A8000"
    assert issuer_name(credential["issuer"]["id"]) is not None
    assert issuer_user(evc_provider()).has_role("issuer")
