"""The sharing API: owner and grantee checks, links, consents, log, PDF."""

from __future__ import annotations

import pytest
from django.test import Client

from wendbaar.accounts.models import Role
from wendbaar.passport import sharing
from wendbaar.passport.models import AccessLog, ConsentScope, ShareLink, ValidationLevel
from wendbaar.passport.tests.test_sharing_data import employer, user, varied_passport

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def owner():
    return user("anna", first_name="Anna")


@pytest.fixture
def passport(owner):
    return varied_passport(owner, 6)


@pytest.fixture
def owner_client(client: Client, owner) -> Client:
    client.force_login(owner)
    return client


def test_anonymous_requests_are_refused(client: Client):
    for path in (
        "passport/share-links",
        "passport/consents",
        "passport/access-log",
        "passport/export",
        "passport/pdf",
        "shared-passports",
    ):
        assert client.get(f"{API}/{path}").status_code in {401, 403}, path


def test_link_made_listed_and_stopped(owner_client: Client, passport):
    claim_ids = list(passport.claims.values_list("pk", flat=True)[:2])
    made = owner_client.post(
        f"{API}/passport/share-links",
        {"label": "Sollicitatie", "days": 7, "claims": claim_ids},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["url"].startswith("http://testserver/paspoort/gedeeld/")
    assert sorted(body["claims"]) == sorted(claim_ids) and not body["whole_passport"]
    token = body["url"].rstrip("/").rsplit("/", 1)[1]
    listed = owner_client.get(f"{API}/passport/share-links").json()
    assert listed["count"] == 1 and "url" not in listed["results"][0]
    assert token not in str(listed)
    stopped = owner_client.post(f"{API}/passport/share-links/{body['id']}/revoke")
    assert stopped.json()["state"] == "revoked"
    assert owner_client.get(f"/paspoort/gedeeld/{token}/").status_code == 410


@pytest.mark.parametrize(
    "payload",
    [
        {"label": "x", "days": 400},
        {"label": "x", "claims": []},
        {"days": 3},
        {"label": "x", "claims": [999999]},
    ],
)
def test_bad_link_requests_get_400(owner_client: Client, passport, payload):
    response = owner_client.post(
        f"{API}/passport/share-links", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert not ShareLink.objects.exists()


def test_someone_elses_claims_or_links_are_out_of_reach(client: Client, passport):
    other = user("bob")
    varied_passport(other, 2)
    link = sharing.create_link(passport, label="x").link
    client.force_login(other)
    response = client.post(
        f"{API}/passport/share-links",
        {"label": "x", "claims": [passport.claims.first().pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert client.post(f"{API}/passport/share-links/{link.pk}/revoke").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert client.get(f"{API}/passport/share-links").json()["count"] == 0


def test_consent_api_and_adviser_reading(client: Client, owner, passport):
    adviser = user("ada", Role.ADVISER, first_name="Ada")
    client.force_login(owner)
    given = client.post(
        f"{API}/passport/consents",
        {"email": "ada@example.org", "scope": "passport"},
        content_type="application/json",
    )
    assert given.status_code == 201, given.content
    consent_id = given.json()["id"]
    assert given.json()["grantee"]["name"] == "Ada"
    client.force_login(adviser)
    listed = client.get(f"{API}/shared-passports").json()
    assert listed == [{"id": passport.pk, "name": "Anna", "plan": False}]
    read = client.get(f"{API}/shared-passports/{passport.pk}")
    assert read.status_code == 200 and len(read.json()["claims"]) == 6
    assert AccessLog.objects.filter(viewer=adviser).count() == 1
    low = passport.claims.filter(level=ValidationLevel.SELF_DECLARED).first()
    raised = client.post(f"{API}/shared-passports/{passport.pk}/claims/{low.pk}/raise")
    assert raised.json() == {"claim": low.pk, "level": 2, "changed": True}
    client.force_login(owner)
    log = client.get(f"{API}/passport/access-log").json()
    assert log["count"] == 2
    client.post(f"{API}/passport/consents/{consent_id}/revoke")
    client.force_login(adviser)
    assert client.get(f"{API}/shared-passports/{passport.pk}").status_code == 404
    assert client.get(f"{API}/shared-passports").json() == []
    assert AccessLog.objects.filter(viewer=adviser).count() == 2  # the refused read is not


def test_consent_to_a_person_is_refused(owner_client: Client):
    user("buur", email="buur@example.org")
    response = owner_client.post(
        f"{API}/passport/consents",
        {"email": "buur@example.org", "scope": "passport"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_employer_endorses_through_the_api(client: Client, owner, passport):
    boss = employer()
    claim = passport.claims.filter(level=ValidationLevel.ADVISER).first()
    client.force_login(boss)
    path = f"{API}/shared-passports/{passport.pk}/claims/{claim.pk}/raise"
    assert client.post(path).status_code == 404
    sharing.grant_consent(owner, boss, ConsentScope.PASSPORT)
    assert client.post(path).json()["level"] == ValidationLevel.EMPLOYER


def test_people_cannot_use_the_grantee_api(owner_client: Client, passport):
    assert owner_client.get(f"{API}/shared-passports").status_code == 404
    assert owner_client.get(f"{API}/shared-passports/{passport.pk}").status_code == 404


def test_pdf_through_the_api(owner_client: Client, passport):
    response = owner_client.get(f"{API}/passport/pdf?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ShareLink.objects.get().label == sharing.PDF_LABEL
    assert owner_client.get(f"{API}/passport/pdf?lang=fr").status_code == 400
