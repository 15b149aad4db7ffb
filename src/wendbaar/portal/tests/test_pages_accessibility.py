"""Every portal page in a real browser: axe-core WCAG 2.1 A/AA, reflow, keyboard, no-JS.

To check a new page, add one line to ``PAGES``. Paths are without language prefix; each
page is checked in Dutch (no prefix) and in English (``/en/``). ``{occupation}``,
``{skill}`` and ``{english_only}`` in a path become concept ids from the test data.
See browser.py for what is checked and what the tests need (Chromium, ``npm ci``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db.models import Count

from wendbaar.demo.loader import SCHEME_CODE, load_demo
from wendbaar.portal.tests.browser import PageChecker
from wendbaar.taxonomy import schemes
from wendbaar.taxonomy.models import Concept, ConceptText, Label, Mapping
from wendbaar.taxonomy.text import search_key

ENGLISH_ONLY_LABEL = "maintain heat recovery ventilation units"
TOO_LONG = "w" * 201


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    shows: str = ""  # a selector that must be on the page: proves the intended case rendered
    absent: str = ""  # a selector that must not be on the page


SEARCH = "/beroepen-en-vaardigheden/zoeken/"
CONCEPT = "/beroepen-en-vaardigheden/begrip/"
PAGES = [
    Page("home", "/", shows="form[action] input[name=q]"),
    Page("accessibility", "/toegankelijkheid/"),
    Page("search", SEARCH, absent="#results-heading"),
    Page("search-results", f"{SEARCH}?q=warmtepomp", shows=".result-list"),
    Page("search-english-only", f"{SEARCH}?q=heat+recovery+ventilation", shows=".result-list"),
    Page("search-no-results", f"{SEARCH}?q=qqxqq", shows="#results-heading", absent=".result-list"),
    Page("search-too-long", f"{SEARCH}?q={TOO_LONG}", shows="[role=alert]"),
    Page("concept-occupation", CONCEPT + "{occupation}/", shows=".concept-list"),
    Page("concept-skill", CONCEPT + "{skill}/", shows="main:has(.concept-list):has(table)"),
    Page("concept-english", CONCEPT + "{english_only}/", shows="main:has(.attribution):has(table)"),
    Page("schemes", "/beroepen-en-vaardigheden/schema/", shows="table"),
    Page("imports", "/beroepen-en-vaardigheden/imports/", shows="table"),
]
LANGUAGES = {"nl": "", "en": "/en"}


@pytest.fixture
def concept_ids(transactional_db: None) -> dict[str, int]:
    """Load the demo data plus one real-ESCO-style concept named in English only, so the
    ESCO attribution and the "no Dutch name yet" branches render too; a mapping from it
    to the demo skill renders the mappings table on both concept pages."""
    load_demo()
    demo = Concept.objects.filter(scheme__code=SCHEME_CODE)
    occupation = (
        demo.filter(kind=Concept.Kind.OCCUPATION)
        .annotate(n=Count("relations_out"))
        .order_by("-n", "pk")
        .first()
    )
    skill = (
        demo.filter(kind=Concept.Kind.SKILL)
        .annotate(n=Count("relations_in"))
        .order_by("-n", "pk")
        .first()
    )
    assert occupation is not None and skill is not None, "the demo data has no occupations/skills"
    esco = schemes.ensure(schemes.ESCO)
    esco.version = "v1.2.0"
    esco.save(update_fields=["version"])
    english_only = Concept.objects.create(
        scheme=esco,
        uri="http://data.europa.eu/esco/skill/00000000-0000-4000-8000-wendbaartest",
        kind=Concept.Kind.SKILL,
        status="released",
        reuse_level="sector-specific",
        first_release="v1.2.0",
        last_release="v1.2.0",
    )
    Label.objects.create(
        concept=english_only,
        lang="en",
        kind=Label.Kind.PREFERRED,
        text=ENGLISH_ONLY_LABEL,
        search_text=search_key(ENGLISH_ONLY_LABEL),
    )
    ConceptText.objects.create(
        concept=english_only,
        lang="en",
        description="Inspect, clean and repair ventilation units that recover heat.",
    )
    Mapping.objects.create(
        source=english_only, target=skill, relation=Mapping.Relation.CLOSE, provenance="test"
    )
    return {"occupation": occupation.pk, "skill": skill.pk, "english_only": english_only.pk}


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_is_accessible(
    page: Page, lang: str, live_server, concept_ids: dict[str, int], check_page: PageChecker
) -> None:
    url = live_server.url + LANGUAGES[lang] + page.path.format(**concept_ids)
    check_page(url, lang, shows=page.shows, absent=page.absent)
