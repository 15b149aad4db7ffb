"""The printable passport: four pages at most, headings and skills in the page language,
the QR code of the PDF's own share link, and the document's metadata."""

from __future__ import annotations

import io
import re

import pytest
import segno
from django.test import Client
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from wendbaar.passport import sharing
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import ShareLink, SkillClaim, ValidationLevel
from wendbaar.passport.pdf import (
    MAX_PAGES,
    QR_BORDER,
    QR_SCALE,
    passport_pdf,
    qr_code,
)
from wendbaar.passport.tests.test_sharing_data import (
    label_en,
    label_nl,
    url,
    user,
    varied_passport,
)
from wendbaar.taxonomy.display import preferred_labels

pytestmark = pytest.mark.django_db
BASE = "https://wendbaar.example"


def _pages(pdf: bytes) -> tuple[PdfReader, str]:
    """The reader and the text line by line."""
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    """The reader and the text with all white space as single spaces."""
    reader, lines = _pages(pdf)
    return reader, " ".join(lines.split())


def _make(passport, lang: str) -> bytes:
    return passport_pdf(passport, lang, lambda path: BASE + path)


def _qr_modules(image) -> list[list[bool]]:
    """Read the dark modules back from the PNG that went into the PDF."""
    grey = image.convert("L")
    width, height = grey.size
    assert width == height
    size = width // QR_SCALE - 2 * QR_BORDER
    return [
        [
            grey.getpixel(((QR_BORDER + x) * QR_SCALE + 1, (QR_BORDER + y) * QR_SCALE + 1)) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


@pytest.fixture
def owner():
    return user("anna", first_name="Anna", last_name="de Vries")


def test_a_small_passport_in_dutch_and_english(owner):
    passport = varied_passport(owner, 8)
    claims = list(passport.claims.select_related("concept"))
    _reader, dutch = _text(_make(passport, "nl"))
    _reader, english = _text(_make(passport, "en"))
    for heading in ("Skills passport", "Skills", "Work experience", "Education", "Credentials"):
        assert heading in english
    assert "Anna de Vries" in dutch and "Anna de Vries" in english
    # Django's own Dutch formats are there before our catalogue is: the date is Dutch.
    today = timezone.localdate()
    with translation.override("nl"):
        assert formats.date_format(today, "j F Y") in dutch
    with translation.override("en"):
        assert formats.date_format(today, "j F Y") in english
    for claim in claims:
        assert " ".join(label_en(claim.concept).split()) in english
        assert " ".join(label_nl(claim.concept).split()) in dutch
    assert "Installatiebedrijf Jansen" in english and "Lassen MIG/MAG" in english
    assert "certified (diploma, certificate, micro-credential)" in english
    assert "more" not in english.split("Skills", 2)[2].split("Work experience")[0]


def test_three_hundred_claims_fit_on_four_pages_and_the_rest_is_counted(owner):
    passport = varied_passport(owner, 300)
    assert passport.claims.count() == 300
    reader, lines = _pages(_make(passport, "en"))
    text = " ".join(lines.split())
    assert 1 < len(reader.pages) <= MAX_PAGES
    counted = sum(int(n) for n in re.findall(r"^and (\d+) more [^\n]*skill", lines, re.M))
    shown = re.search(r"The (\d+) best checked and most recently used of the 300 skills", text)
    assert shown, "the PDF says how many skills it lists"
    labels = preferred_labels(passport.claims.values_list("concept_id", flat=True), "en")
    rows = {line.strip() for line in lines.splitlines()}
    listed = [claim for claim in passport.claims.all() if labels[claim.concept_id].text in rows]
    assert counted > 0
    # Every claim is either listed or counted: nothing is cut without saying so.
    assert len(listed) == int(shown.group(1))
    assert len(listed) + counted == 300
    assert len(listed) > 100
    # The highest levels are listed first: every certified skill is in, self-declared ones
    # are the ones summarised.
    certified = passport.claims.filter(level=ValidationLevel.CERTIFIED)
    assert all(labels[c.concept_id].text in rows for c in certified)
    assert "more self-declared skills" in text
    assert "more certified" not in text


def test_the_qr_code_opens_a_new_pdf_link_to_the_whole_passport(owner):
    passport = varied_passport(owner, 5)
    reader, text = _text(_make(passport, "nl"))
    link = ShareLink.objects.get()
    assert link.label == sharing.PDF_LABEL and link.whole_passport
    assert 89 <= (link.expires_at - link.created_at).days <= 90
    printed = re.search(re.escape(BASE) + r"/paspoort/gedeeld/([A-Za-z0-9_-]+)/", text)
    assert printed, "the share address is printed under the QR code"
    token = printed.group(1)
    assert sharing.find_link(token) == link
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1
    expected = qr_code(printed.group(0)).matrix
    assert _qr_modules(images[0].image) == [[bool(v) for v in row] for row in expected]
    # A QR code of another address does not match: the comparison can fail.
    other = segno.make(BASE + "/paspoort/gedeeld/ander/", error="m").matrix
    assert _qr_modules(images[0].image) != [[bool(v) for v in row] for row in other]


def test_english_pdf_links_to_the_english_page(owner):
    passport = varied_passport(owner, 3)
    _reader, text = _text(_make(passport, "en"))
    assert BASE + "/en/paspoort/gedeeld/" in text


def test_metadata_title_author_and_language(owner):
    passport = varied_passport(owner, 3)
    reader, _ = _text(_make(passport, "en"))
    assert reader.metadata is not None
    assert reader.metadata.title == "Skills passport of Anna de Vries"
    assert reader.metadata.author == "Anna de Vries"
    assert reader.root_object["/Lang"] == "en"
    reader_nl, _ = _text(_make(passport, "nl"))
    assert reader_nl.root_object["/Lang"] == "nl"


def test_an_empty_passport_still_prints(owner):
    reader, text = _text(_make(passport_of(owner), "en"))
    assert len(reader.pages) == 1
    assert "No skills yet." in text and "No work experience yet." in text


def test_the_print_page_answers_a_pdf(client: Client, owner):
    varied_passport(owner, 4)
    client.force_login(owner)
    page = client.get(url("passport:print", lang="en"))
    assert page.status_code == 200 and b"Download the PDF" in page.content
    response = client.post(url("passport:print", lang="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert SkillClaim.objects.count() == 4
