"""The overview page: claims by skill area with their level; edit, delete, add proof."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from wendbaar.demo.loader import load_demo
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import (
    ClaimSource,
    Evidence,
    HeldCredential,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.passport.tests.fill_fixtures import make_user, skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None):  # type: ignore[no-untyped-def]
    load_demo()
    return make_user("anna")


@pytest.fixture
def logged_in(client: Client, person) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(person)
    return client


@pytest.fixture
def claims(person):  # type: ignore[no-untyped-def]
    passport = passport_of(person)
    low, _ = add_claim(
        passport,
        skill("boekhouden"),
        ValidationLevel.SELF_DECLARED,
        ClaimSource.SEARCH,
        last_used=date(2023, 4, 1),
        context="paid_work",
    )
    high, _ = add_claim(
        passport,
        skill("warmtepompen-installeren"),
        ValidationLevel.CERTIFIED,
        ClaimSource.CREDENTIAL,
    )
    return low, high


def test_overview_groups_by_area_and_shows_levels_in_words(logged_in: Client, claims) -> None:  # type: ignore[no-untyped-def]
    page = logged_in.get("/mijn-paspoort/").content.decode()
    # Demo hierarchy: boekhouden sits right under the top group "financiële
    # administratie"; the heat pump skill under "installatietechniek", which is below the
    # top group "techniek en energie", so its area is "installatietechniek".
    assert "<h3>financiële administratie</h3>" in page
    assert "<h3>installatietechniek</h3>" in page
    assert 'class="level level--1"' in page and 'class="level level--5"' in page
    assert "Validatieniveau:" in page or "Validation level:" in page
    assert "1 april 2023" in page
    english = logged_in.get("/en/mijn-paspoort/").content.decode()
    assert "<h3>financial administration</h3>" in english
    assert "certified (diploma, certificate, micro-credential)" in english


def test_editing_keeps_the_level(logged_in: Client, claims) -> None:  # type: ignore[no-untyped-def]
    low, high = claims
    response = logged_in.post(
        f"/mijn-paspoort/vaardigheid/{low.pk}/",
        {
            "proficiency": "3",
            "context": "care",
            "last_used": "2024-01-31",
            "note": "ok",
            "level": "5",
        },
    )
    assert response.status_code == 302
    low.refresh_from_db()
    assert (low.level, low.proficiency, low.context, low.last_used, low.note) == (
        ValidationLevel.SELF_DECLARED,
        3,
        "care",
        date(2024, 1, 31),
        "ok",
    )
    logged_in.post(f"/mijn-paspoort/vaardigheid/{high.pk}/", {"proficiency": "", "level": "1"})
    high.refresh_from_db()
    assert high.level == ValidationLevel.CERTIFIED


def test_an_invalid_edit_is_explained_and_not_saved(logged_in: Client, claims) -> None:  # type: ignore[no-untyped-def]
    low, _ = claims
    page = logged_in.post(f"/mijn-paspoort/vaardigheid/{low.pk}/", {"proficiency": "9"})
    assert page.status_code == 200 and 'role="alert"' in page.content.decode()
    low.refresh_from_db()
    assert low.proficiency is None


def test_delete_asks_first(logged_in: Client, claims) -> None:  # type: ignore[no-untyped-def]
    low, high = claims
    assert logged_in.get(f"/mijn-paspoort/vaardigheid/{low.pk}/verwijderen/").status_code == 200
    assert SkillClaim.objects.count() == 2
    logged_in.post(f"/mijn-paspoort/vaardigheid/{low.pk}/verwijderen/")
    assert list(SkillClaim.objects.all()) == [high]


def test_others_cannot_reach_my_claims(client: Client, claims) -> None:  # type: ignore[no-untyped-def]
    low, _ = claims
    client.force_login(make_user("bert"))
    for path in ("", "verwijderen/", "bewijs/"):
        assert client.get(f"/mijn-paspoort/vaardigheid/{low.pk}/{path}").status_code == 404
    assert client.post(f"/mijn-paspoort/vaardigheid/{low.pk}/verwijderen/").status_code == 404
    assert SkillClaim.objects.count() == 2


def test_proof_as_a_link(logged_in: Client, claims) -> None:  # type: ignore[no-untyped-def]
    low, _ = claims
    response = logged_in.post(
        f"/mijn-paspoort/vaardigheid/{low.pk}/bewijs/",
        {"title": "Referentie", "url": "https://example.org/referentie"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.url, evidence.claim) == (
        "link",
        "https://example.org/referentie",
        low,
    )
    low.refresh_from_db()
    assert low.level == ValidationLevel.SELF_DECLARED
    assert (
        'href="https://example.org/referentie"' in logged_in.get("/mijn-paspoort/").content.decode()
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "not accepted"),
        ("fake.pdf", b"GIF89a", "does not match"),
        ("big.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "5 MB"),
    ],
)
def test_proof_files_are_limited(
    logged_in: Client, claims, tmp_path: Path, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    low, _ = claims
    with override_settings(MEDIA_ROOT=tmp_path):
        page = logged_in.post(
            f"/en/mijn-paspoort/vaardigheid/{low.pk}/bewijs/",
            {"title": "Bewijs", "file": SimpleUploadedFile(name, content)},
        )
    assert page.status_code == 200 and message in page.content.decode()
    assert not Evidence.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_proof_file_is_stored_and_only_served_to_its_owner(
    logged_in: Client, claims, client: Client, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    low, _ = claims
    with override_settings(MEDIA_ROOT=tmp_path):
        logged_in.post(
            f"/mijn-paspoort/vaardigheid/{low.pk}/bewijs/",
            {"title": "Certificaat", "file": SimpleUploadedFile("vca.pdf", b"%PDF-1.4 test")},
        )
        evidence = Evidence.objects.get()
        download = logged_in.get(f"/mijn-paspoort/bewijs/{evidence.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF-1.4 test"  # type: ignore[attr-defined]
        other = Client()
        other.force_login(make_user("bert"))
        assert other.get(f"/mijn-paspoort/bewijs/{evidence.pk}/").status_code == 404
        logged_in.post(f"/mijn-paspoort/vaardigheid/{low.pk}/verwijderen/")
        assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_jobs_and_credentials_are_listed_and_a_job_can_go(logged_in: Client, person) -> None:  # type: ignore[no-untyped-def]
    passport = passport_of(person)
    job = WorkExperience.objects.create(passport=passport, title="Boekhouder", employer="Bakkerij")
    HeldCredential.objects.create(
        passport=passport,
        document={},
        name="Diploma boekhouden",
        verified=False,
        verdict={"reason": "no proof: the document is not signed"},
    )
    page = logged_in.get("/en/mijn-paspoort/").content.decode()
    assert "Bakkerij" in page and "Diploma boekhouden" in page
    assert "Not verified: no proof: the document is not signed." in page
    assert logged_in.get(f"/mijn-paspoort/werk/{job.pk}/verwijderen/").status_code == 405
    logged_in.post(f"/mijn-paspoort/werk/{job.pk}/verwijderen/")
    assert not WorkExperience.objects.exists()
