"""Consent for advisers and employers: grant, revoke, read views, raising levels."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from wendbaar.accounts.models import Role
from wendbaar.passport import sharing
from wendbaar.passport.models import AccessLog, Consent, ConsentScope, ValidationLevel
from wendbaar.passport.tests.test_sharing_data import (
    employer,
    label_en,
    url,
    user,
    varied_passport,
)
from wendbaar.services.models import ServicePoint, ServicePointMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return user("anna", first_name="Anna", last_name="de Vries")


@pytest.fixture
def passport(owner):
    return varied_passport(owner, 10)


@pytest.fixture
def adviser():
    person = user("adviseur", Role.ADVISER, first_name="Ada", last_name="Smit")
    point = ServicePoint.objects.create(
        slug="leerwerkloket-test",
        name="Leerwerkloket Test",
        kind="leerwerkloket",
        description_nl="Test",
    )
    ServicePointMember.objects.create(user=person, service_point=point)
    return person


def test_has_consent_follows_grant_and_revoke(owner, adviser):
    assert not sharing.has_consent(owner, adviser, ConsentScope.PASSPORT)
    consent, created = sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    assert created
    assert sharing.has_consent(owner, adviser, ConsentScope.PASSPORT)
    assert not sharing.has_consent(owner, adviser, ConsentScope.PLAN)  # per scope
    again, created_again = sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    assert again == consent and not created_again
    assert sharing.revoke_consent(owner, consent.pk)
    assert not sharing.has_consent(owner, adviser, ConsentScope.PASSPORT)


def test_consent_only_for_advisers_and_employers(owner):
    other_person = user("bob")
    with pytest.raises(sharing.SharingError):
        sharing.grant_consent(owner, other_person, ConsentScope.PASSPORT)
    with pytest.raises(sharing.SharingError):
        sharing.grant_consent(owner, employer(), "everything")
    assert not Consent.objects.exists()


def test_a_deactivated_adviser_loses_access(owner, adviser):
    sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    adviser.is_active = False
    adviser.save()
    assert not sharing.has_consent(owner, adviser, ConsentScope.PASSPORT)


def test_owner_grants_by_email_and_by_service_point(client: Client, owner, adviser):
    boss = employer()
    client.force_login(owner)
    address = url("passport:consents")
    page = client.get(address).content.decode()
    assert "Leerwerkloket Test" in page and "Ada Smit" in page
    response = client.post(address, {"email": "WERKGEVER@example.org", "scope": "passport"})
    assert response.status_code == 302
    client.post(address, {"adviser": str(adviser.pk), "scope": "plan"})
    assert sharing.has_consent(owner, boss, ConsentScope.PASSPORT)
    assert sharing.has_consent(owner, adviser, ConsentScope.PLAN)
    consent = Consent.objects.get(grantee=boss)
    client.post(url("passport:consent_revoke", consent.pk))
    assert not sharing.has_consent(owner, boss, ConsentScope.PASSPORT)


def test_the_email_search_never_finds_people(client: Client, owner):
    user("buurman", email="buurman@example.org")
    client.force_login(owner)
    response = client.post(
        url("passport:consents", lang="en"), {"email": "buurman@example.org", "scope": "passport"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "We found no adviser or employer with this e-mail address" in text
    assert 'value="buurman@example.org"' in text
    assert not Consent.objects.exists()


def test_adviser_without_consent_gets_404_and_nothing_is_logged(client: Client, passport, adviser):
    client.force_login(adviser)
    assert client.get(url("passport:consented", passport.pk)).status_code == 404
    claim = passport.claims.filter(level=ValidationLevel.SELF_DECLARED).first()
    address = url("passport:raise_claim", passport.pk, claim.pk)
    assert client.post(address).status_code == 404
    claim.refresh_from_db()
    assert claim.level == ValidationLevel.SELF_DECLARED
    assert not AccessLog.objects.exists()
    listing = client.get(url("passport:shared_with_me")).content.decode()
    assert "Anna" not in listing


def test_adviser_with_consent_reads_logs_and_confirms(client: Client, owner, passport, adviser):
    sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    client.force_login(adviser)
    listing = client.get(url("passport:shared_with_me", lang="en")).content.decode()
    assert "My clients" in listing and "Anna de Vries" in listing
    page = client.get(url("passport:consented", passport.pk, lang="en"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    first = passport.claims.select_related("concept").first()
    assert escape(label_en(first.concept)) in page.content.decode()
    entry = AccessLog.objects.get()
    assert entry.viewer == adviser and entry.what == sharing.WHAT_PASSPORT
    assert entry.viewer_label == "Ada Smit, Leerwerkloket Test"

    low = passport.claims.filter(level=ValidationLevel.SELF_DECLARED).first()
    high = passport.claims.filter(level=ValidationLevel.CERTIFIED).first()
    client.post(url("passport:raise_claim", passport.pk, low.pk))
    client.post(url("passport:raise_claim", passport.pk, high.pk))
    low.refresh_from_db()
    high.refresh_from_db()
    assert low.level == ValidationLevel.ADVISER
    assert high.level == ValidationLevel.CERTIFIED  # levels only rise
    raised = AccessLog.objects.filter(what__startswith=sharing.WHAT_RAISED)
    assert raised.count() == 1


def test_employer_endorses_but_only_with_consent(client: Client, owner, passport):
    boss = employer()
    claim = passport.claims.filter(level=ValidationLevel.ADVISER).first()
    assert sharing.raise_claim(boss, passport.pk, claim.pk) is None
    sharing.grant_consent(owner, boss, ConsentScope.PASSPORT)
    client.force_login(boss)
    listing = client.get(url("passport:shared_with_me", lang="en")).content.decode()
    assert "Shared passports" in listing
    client.post(url("passport:raise_claim", passport.pk, claim.pk))
    claim.refresh_from_db()
    assert claim.level == ValidationLevel.EMPLOYER
    client.force_login(owner)
    log = client.get(url("passport:access_log", lang="en")).content.decode()
    assert "Wim" in log and "endorsed by an employer" in log


def test_plan_consent_does_not_open_the_passport(client: Client, owner, passport, adviser):
    sharing.grant_consent(owner, adviser, ConsentScope.PLAN)
    client.force_login(adviser)
    assert client.get(url("passport:consented", passport.pk)).status_code == 404


def test_consent_for_one_passport_does_not_open_another(client: Client, owner, passport, adviser):
    other = varied_passport(user("bob", first_name="Bob"), 3)
    sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    client.force_login(adviser)
    assert client.get(url("passport:consented", other.pk)).status_code == 404
    claim = other.claims.order_by("pk")[0]
    assert client.post(url("passport:raise_claim", passport.pk, claim.pk)).status_code == 404
    assert client.post(url("passport:raise_claim", other.pk, claim.pk)).status_code == 404


def test_people_have_no_shared_passports_page(client: Client, owner):
    client.force_login(owner)
    assert client.get(url("passport:shared_with_me")).status_code == 404


def test_log_view_is_what_other_apps_call(owner, adviser):
    entry = sharing.log_view(owner, adviser, sharing.WHAT_PLAN)
    assert entry.owner == owner and entry.viewer == adviser
    assert sharing.describe_what(entry.what)


def test_an_adviser_cannot_give_consent_to_themselves(client: Client, adviser):
    client.force_login(adviser)
    address = url("passport:consents")
    assert (
        client.post(address, {"adviser": str(adviser.pk), "scope": "passport"}).status_code == 400
    )
    assert client.post(address, {"email": adviser.email, "scope": "passport"}).status_code == 400
    assert not Consent.objects.exists()
