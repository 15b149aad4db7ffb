"""Route 3: a CV (pasted, .txt, .pdf, .docx) proposes skills; only confirmed ones are kept."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from wendbaar.linking.engine.linker import Linker
from wendbaar.passport import cv_text
from wendbaar.passport.models import ClaimSource, Evidence, SkillClaim, ValidationLevel
from wendbaar.passport.tests.fill_fixtures import demo_linker, make_user, skill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
CV = (
    "Werkervaring\n"
    "2015-2021 Bakkerij Jansen: boekhouding gedaan, facturen verwerken en de btw-aangifte "
    "voorbereiden.\nHobby's: fietsen."
)


@pytest.fixture
def demo(db: None, monkeypatch: pytest.MonkeyPatch) -> Linker:
    return demo_linker(monkeypatch)


@pytest.fixture
def logged_in(client: Client, db: None) -> Client:
    client.force_login(make_user("anna"))
    return client


def _pdf(text: str | None) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    if text:
        page.drawString(72, 720, text)
    else:
        page.rect(72, 500, 200, 200, fill=1)  # a picture, no text: like a scanned CV
    page.showPage()
    page.save()
    return out.getvalue()


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _proposed(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'name="skill" value="(\d+)"', html)}


def test_pasted_cv_proposes_skills_with_the_words_that_matched(
    demo: Linker, logged_in: Client
) -> None:
    page = logged_in.post("/mijn-paspoort/cv/", {"step": "read", "text": CV}).content.decode()
    assert {skill("facturen-verwerken").pk, skill("btw-aangifte-voorbereiden").pk} <= _proposed(
        page
    )
    assert "facturen verwerken" in page  # the snippet, as the reason
    assert not SkillClaim.objects.exists()


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("cv.txt", lambda text: text.encode("utf-8")),
        ("cv.pdf", lambda text: _pdf(text.replace("\n", " "))),
        ("CV.DOCX", _docx),
    ],
)
def test_files_are_read(demo: Linker, logged_in: Client, tmp_path: Path, name: str, make) -> None:  # type: ignore[no-untyped-def]
    with override_settings(MEDIA_ROOT=tmp_path):
        page = logged_in.post(
            "/mijn-paspoort/cv/", {"step": "read", "file": SimpleUploadedFile(name, make(CV))}
        ).content.decode()
    assert skill("facturen-verwerken").pk in _proposed(page)
    assert not any(tmp_path.rglob("*.*"))  # the CV file is not kept anywhere
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", _pdf(None), "could not read text from this file"),
        ("empty.txt", b"", "could not read text from this file"),
        ("broken.pdf", b"%PDF-1.4 garbage", "could not read text from this file"),
        ("broken.docx", b"PK\x03\x04 not a zip", "could not read text from this file"),
        ("photo.png", b"\x89PNG\r\n", ".txt, .pdf and .docx"),
        ("big.txt", b"a" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_unreadable_files_are_explained(
    demo: Linker, logged_in: Client, name: str, content: bytes, message: str
) -> None:
    page = logged_in.post(
        "/en/mijn-paspoort/cv/", {"step": "read", "file": SimpleUploadedFile(name, content)}
    ).content.decode()
    assert message in page
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert not SkillClaim.objects.exists()


def test_empty_form_and_text_without_letters(demo: Linker, logged_in: Client) -> None:
    page = logged_in.post("/en/mijn-paspoort/cv/", {"step": "read", "text": ""}).content.decode()
    assert "Paste the text of your CV or choose a file." in page
    again = logged_in.post("/en/mijn-paspoort/cv/", {"step": "read", "text": "12 34 !!"})
    assert "could not read text" in again.content.decode()


def test_confirming_stores_only_the_ticked_skills(demo: Linker, logged_in: Client) -> None:
    chosen = skill("facturen-verwerken")
    response = logged_in.post(
        "/mijn-paspoort/cv/",
        {"step": "confirm", "skill": [chosen.pk, "x"], "context": "paid_work", "last_used": ""},
    )
    assert response.status_code == 302
    claim = SkillClaim.objects.get()
    assert (claim.concept, claim.level, claim.source) == (
        chosen,
        ValidationLevel.SELF_DECLARED,
        ClaimSource.CV,
    )
    logged_in.post("/mijn-paspoort/cv/", {"step": "confirm"})
    assert SkillClaim.objects.count() == 1


def test_text_of_file_limits_pdf_pages_and_rejects_binary_text() -> None:
    with pytest.raises(cv_text.CvError):
        cv_text.text_of_file("cv.txt", b"\x00\x01binary")
    with pytest.raises(cv_text.CvError, match="longer than"):
        cv_text.clean_text("a" * (cv_text.TEXT_MAX + 1))
