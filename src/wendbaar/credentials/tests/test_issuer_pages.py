"""The issuer's pages, the person's downloads, and the verification page after revocation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from wendbaar.accounts.models import Role, User
from wendbaar.credentials.holders import holder_did_for
from wendbaar.credentials.models import HolderKey, IssuedCredential, IssuerKey, KeyStatus
from wendbaar.credentials.tests.builders import holder_party
from wendbaar.credentials.tests.issuing_fixtures import (
    READ_DUTCH,
    evc_provider,
    issuer_user,
    person,
)
from wendbaar.credentials.verification import check_credential, check_presentation
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import HeldCredential, SkillClaim, ValidationLevel
from wendbaar.taxonomy.models import Concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuer(client: Client, demo_taxonomy: None) -> User:
    user = issuer_user(evc_provider())
    client.force_login(user)
    return user


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "recipient": "jamila",
        "name": "Nederlandse teksten lezen",
        "description": "Leest werkinstructies in het Nederlands.",
        "criteria": "EVC-procedure met praktijkassessment.",
        "level": "certified",
        "valid_until": "",
        "q": "",
        "skill": [str(Concept.objects.get(uri=READ_DUTCH).pk)],
        "action": "issue",
    }
    data.update(changes)
    return data


def test_only_issuers_see_the_issuing_pages(client: Client, demo_taxonomy: None) -> None:
    for url in ("/uitgeven/", "/uitgeven/uitgegeven/", "/uitgeven/sleutels/"):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(person())
    assert client.get("/uitgeven/").status_code == 403
    client.force_login(User.objects.create_user("los", password="x" * 20, role=Role.ISSUER))
    response = client.get("/en/uitgeven/")
    assert response.status_code == 403
    assert "not linked to an organisation" in response.content.decode()


def test_search_keeps_what_was_typed_and_shows_skills(client: Client, issuer: User) -> None:
    response = client.post("/uitgeven/", form(action="search", q="teksten lezen", skill=[]))
    page = response.content.decode()
    assert response.status_code == 200
    skill = Concept.objects.get(uri=READ_DUTCH).pk
    assert f'name="skill" value="{skill}"' in page and 'value="jamila"' in page
    assert "error-summary" not in page
    assert not IssuedCredential.objects.exists()


def test_issuing_to_a_user_puts_it_in_their_passport(client: Client, issuer: User) -> None:
    owner = person()
    response = client.post("/uitgeven/", form())
    assert response.status_code == 302 and response["Location"].endswith("/uitgeven/uitgegeven/")
    issued = IssuedCredential.objects.get()
    passport = passport_of(owner)
    assert issued.subject_did == passport.holder_did and issued.holder == owner
    assert issued.issued_by == issuer
    claim = SkillClaim.objects.get(passport=passport)
    assert claim.level == ValidationLevel.CERTIFIED and claim.concept.uri == READ_DUTCH
    listing = client.get("/uitgeven/uitgegeven/").content.decode()
    assert "Nederlandse teksten lezen" in listing and "Jamila" in listing
    download = client.get(f"/uitgeven/uitgegeven/{issued.pk}.json")
    assert download.json()["id"] == issued.credential_id


def test_issuing_to_a_did_and_the_form_errors(client: Client, issuer: User) -> None:
    response = client.post("/uitgeven/", form(recipient="onbekend", skill=[], name=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_recipient"' in page and 'href="#q"' in page and 'href="#id_name"' in page
    assert 'value="onbekend"' in page
    assert client.post("/uitgeven/", form(recipient="did:key:z6Mkbad")).status_code == 400
    assert client.post("/uitgeven/", form(recipient="uitgever")).status_code == 400  # no person
    assert client.post("/uitgeven/", form(valid_until="01-01-2001")).status_code == 400
    did = holder_party(5).did
    response = client.post("/uitgeven/", form(recipient=did, valid_until="31-12-2035"))
    assert response.status_code == 302
    issued = IssuedCredential.objects.get()
    assert issued.subject_did == did and issued.holder is None
    assert issued.document["validUntil"].startswith("2035-12-31")


def test_revoking_through_the_page_shows_on_the_verification_page(
    client: Client, issuer: User
) -> None:
    person()
    client.post("/uitgeven/", form())
    issued = IssuedCredential.objects.get()
    confirm = client.get(f"/en/uitgeven/uitgegeven/{issued.pk}/intrekken/").content.decode()
    assert "Yes, revoke it" in confirm
    assert client.post(f"/uitgeven/uitgegeven/{issued.pk}/intrekken/").status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is not None
    page = client.post(
        "/en/controleren/", {"credential": json.dumps(issued.document)}
    ).content.decode()
    assert "This credential has been withdrawn by its issuer." in page
    assert "Revoked: the issuer has withdrawn this credential." in page


def test_other_organisations_cannot_revoke(client: Client, issuer: User) -> None:
    client.post("/uitgeven/", form(recipient=holder_party(6).did))
    issued = IssuedCredential.objects.get()
    from wendbaar.accounts.models import Organisation

    elsewhere = Organisation.objects.create(name="Opleider", slug="opleider", kind="education")
    client.force_login(issuer_user(elsewhere, "ander"))
    assert client.post(f"/uitgeven/uitgegeven/{issued.pk}/intrekken/").status_code == 404
    assert client.get(f"/uitgeven/uitgegeven/{issued.pk}.json").status_code == 404
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_rotating_the_key_on_the_keys_page(client: Client, issuer: User) -> None:
    client.post("/uitgeven/", form(recipient=holder_party(6).did))
    first = IssuerKey.objects.get()
    page = client.get("/uitgeven/sleutels/").content.decode()
    assert "did:web:testserver:organisations:evc-midden" in page
    assert client.post("/uitgeven/sleutels/").status_code == 302
    first.refresh_from_db()
    assert first.status == KeyStatus.RETIRED
    assert IssuerKey.objects.filter(status=KeyStatus.ACTIVE).count() == 1
    assert check_credential(IssuedCredential.objects.get().document).verified


def test_a_person_downloads_credentials_and_a_signed_presentation(
    client: Client, issuer: User
) -> None:
    owner = person()
    client.post("/uitgeven/", form())
    client.post("/uitgeven/", form(name="Tweede", level="validated"))
    passport = passport_of(owner)
    # A held credential about someone else stays out of the presentation.
    HeldCredential.objects.create(
        passport=passport, document={"id": "urn:x", "proof": {}}, name="Ander"
    )
    client.force_login(owner)
    held = HeldCredential.objects.filter(passport=passport, name="Tweede").get()
    response = client.get(f"/mijn-paspoort/credentials/{held.pk}.json")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response.json()["name"] == "Tweede"
    response = client.get("/mijn-paspoort/presentatie.json?challenge=abc&domain=werkgever.example")
    presentation = response.json()
    assert presentation["holder"] == passport.holder_did
    assert len(presentation["verifiableCredential"]) == 2
    assert presentation["proof"]["proofPurpose"] == "authentication"
    verdict = check_presentation(presentation, challenge="abc", domain="werkgever.example")
    assert verdict.verified, verdict.as_json()
    assert not check_presentation(presentation, challenge="other").verified
    # Someone else's credential is not downloadable.
    client.force_login(person("ander"))
    assert client.get(f"/mijn-paspoort/credentials/{held.pk}.json").status_code == 404


def test_holder_key_is_one_per_user_encrypted_and_deleted_with_the_user(
    demo_taxonomy: None,
) -> None:
    owner = person()
    passport = passport_of(owner)
    did = holder_did_for(passport)
    assert did.startswith("did:key:z6Mk") and holder_did_for(passport) == did
    assert passport.holder_did == did
    key = HolderKey.objects.get()
    assert key.encrypted_seed.startswith("gAAAAA")
    owner.delete()
    assert not HolderKey.objects.exists()
