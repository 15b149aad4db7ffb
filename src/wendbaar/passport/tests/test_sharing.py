"""Share links: scope, expiry, stopping, the log, and the owner's pages."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from wendbaar.passport import sharing
from wendbaar.passport.models import AccessLog, ShareLink, SkillClaim
from wendbaar.passport.tests.test_sharing_data import (
    demo_skills,
    label_en,
    label_nl,
    url,
    user,
    varied_passport,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return user("anna", first_name="Anna", last_name="de Vries")


@pytest.fixture
def passport(owner):
    return varied_passport(owner, 12)


def _shared_url(token: str, lang: str = "nl") -> str:
    return ("/en" if lang == "en" else "") + f"/paspoort/gedeeld/{token}/"


def test_only_the_hash_of_the_token_is_stored(passport):
    new = sharing.create_link(passport, label="Bakkerij")
    assert len(new.token) >= 40
    stored = ShareLink.objects.get()
    assert stored.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert new.token not in stored.token_hash
    assert sharing.find_link(new.token) == stored
    assert sharing.find_link(new.token + "x") is None
    assert stored.expires_at - timezone.now() > timedelta(days=29, hours=23)


@pytest.mark.parametrize("days", [0, 366, -3])
def test_expiry_stays_between_a_day_and_a_year(passport, days):
    with pytest.raises(sharing.SharingError):
        sharing.create_link(passport, label="x", days=days)
    assert not ShareLink.objects.exists()


def test_a_claim_of_someone_else_cannot_be_shared(passport):
    other = varied_passport(user("bob"), 3)
    with pytest.raises(sharing.SharingError):
        sharing.create_link(passport, label="x", claims=list(other.claims.all()[:1]))
    assert not ShareLink.objects.exists()


def test_whole_passport_link_shows_all_skills_name_and_logs(client: Client, passport, owner):
    new = sharing.create_link(passport, label="Bakkerij De Korst")
    response = client.get(_shared_url(new.token))
    assert response.status_code == 200
    text = response.content.decode()
    for claim in passport.claims.select_related("concept"):
        assert escape(label_nl(claim.concept)) in text
    assert "Anna" in text
    assert "de Vries" not in text and "anna@example.org" not in text
    assert "Installatiebedrijf Jansen" in text  # work experience belongs to the whole passport
    assert "no-store" in response["Cache-Control"]
    entry = AccessLog.objects.get()
    assert entry.owner == owner and entry.viewer is None and entry.share_link == new.link
    assert entry.viewer_label == "via link: Bakkerij De Korst"
    assert entry.what == sharing.WHAT_PASSPORT


def test_selection_link_shows_only_the_chosen_skills(client: Client, passport):
    claims = list(passport.claims.select_related("concept").order_by("pk"))
    chosen, hidden = claims[:2], claims[2:]
    new = sharing.create_link(passport, label="Sollicitatie", claims=chosen)
    text = client.get(_shared_url(new.token, "en")).content.decode()
    for claim in chosen:
        assert escape(label_en(claim.concept)) in text
    for claim in hidden:
        assert escape(label_en(claim.concept)) not in text
    assert "Installatiebedrijf Jansen" not in text
    # The credential is evidence for the first claim, so it is part of the selection.
    assert "Lassen MIG/MAG" in text
    # "Verify" posts the credential itself to the public verification page.
    assert 'action="/en/controleren/"' in text and 'name="credential"' in text
    assert escape('"OpenBadgeCredential"') in text
    assert AccessLog.objects.get().what == f"{sharing.WHAT_SELECTION}:2"


def test_selection_without_the_evidence_claim_hides_the_credential(client: Client, passport):
    claims = list(passport.claims.order_by("pk"))
    new = sharing.create_link(passport, label="x", claims=claims[3:5])
    assert "Lassen MIG/MAG" not in client.get(_shared_url(new.token)).content.decode()


def test_expired_and_stopped_links_answer_410_and_log_nothing(client: Client, passport):
    expired = sharing.create_link(passport, label="oud")
    ShareLink.objects.filter(pk=expired.link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    stopped = sharing.create_link(passport, label="gestopt")
    assert sharing.revoke_link(passport, stopped.link.pk)
    assert not sharing.revoke_link(passport, stopped.link.pk)
    gone = client.get(_shared_url(expired.token, "en"))
    assert gone.status_code == 410
    assert "This link has expired." in gone.content.decode()
    revoked = client.get(_shared_url(stopped.token, "en"))
    assert revoked.status_code == 410
    assert "stopped this link" in revoked.content.decode()
    assert client.get(_shared_url("nietbestaand")).status_code == 404
    assert not AccessLog.objects.exists()


def test_owner_makes_a_link_sees_it_once_and_stops_it(client: Client, passport, owner):
    client.force_login(owner)
    page = client.get(url("passport:share_links"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    claim = passport.claims.order_by("pk").first()
    response = client.post(
        url("passport:share_links"),
        {"label": "Werkgever", "days": "14", "scope": "selection", "claims": [str(claim.pk)]},
    )
    link = ShareLink.objects.get()
    assert response.status_code == 302
    assert list(link.claims.all()) == [claim] and not link.whole_passport
    assert 13 <= (link.expires_at - timezone.now()).days <= 14
    shown = client.get(response["Location"]).content.decode()
    found = re.search(r"/paspoort/gedeeld/([A-Za-z0-9_-]+)/", shown)
    assert found, "the new link is shown"
    token = found.group(1)
    assert sharing.find_link(token) == link
    again = client.get(response["Location"]).content.decode()
    assert token not in again
    client.post(url("passport:share_revoke", link.pk))
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(_shared_url(token)).status_code == 410


def test_the_form_keeps_what_was_typed_and_explains_errors(client: Client, passport, owner):
    client.force_login(owner)
    response = client.post(
        url("passport:share_links"), {"label": "Bakker", "days": "400", "scope": "selection"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="Bakker"' in text and 'value="400"' in text
    assert "error-summary" in text and "id_claims_0" in text
    assert not ShareLink.objects.exists()


def test_nobody_else_can_stop_or_see_a_link(client: Client, passport):
    new = sharing.create_link(passport, label="x")
    intruder = user("mallory")
    client.force_login(intruder)
    client.post(url("passport:share_revoke", new.link.pk))
    new.link.refresh_from_db()
    assert new.link.revoked_at is None
    assert client.get(url("passport:share_created", new.link.pk)).status_code == 404
    assert "x" not in [
        label
        for label in ShareLink.objects.filter(passport__owner=intruder).values_list(
            "label", flat=True
        )
    ]


def test_pages_need_a_login(client: Client):
    for name in ("share_links", "consents", "access_log", "download_json", "print"):
        response = client.get(url(f"passport:{name}"))
        assert response.status_code == 302, name


def test_log_page_shows_views_in_words(client: Client, passport, owner):
    new = sharing.create_link(passport, label="Bakkerij")
    client.get(_shared_url(new.token))
    client.force_login(owner)
    text = client.get(url("passport:access_log", lang="en")).content.decode()
    assert "someone with your link “Bakkerij”" in text
    assert "the whole skills passport" in text


def test_demo_skills_are_enough_for_the_tests():
    assert len(demo_skills()) >= 300
    assert SkillClaim.objects.count() == 0
