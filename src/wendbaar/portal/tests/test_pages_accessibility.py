"""Every portal page in a real browser: axe-core WCAG 2.1 A/AA, reflow, keyboard, no-JS.

To check a new page, add one line to ``PAGES``. Paths are without language prefix; each
page is checked in Dutch (no prefix) and in English (``/en/``). ``{occupation}``,
``{skill}`` and ``{english_only}`` in a path become concept ids from the test data,
``{point}``, ``{scheme}`` and ``{token}`` a service point, a scheme and the secret link
of a conversation request from the service demo data. Pages behind a POST or a login
(errors of the intake, the route, the advisers' queue) are checked in
services/tests/test_browser.py.
See browser.py for what is checked and what the tests need (Chromium, ``npm ci``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db.models import Count

from wendbaar.demo.loader import SCHEME_CODE, load_demo
from wendbaar.linking import service as linking
from wendbaar.portal.tests.browser import PageChecker
from wendbaar.services.demo import load_services_demo
from wendbaar.services.models import ConversationRequest, ServicePoint, token_hash
from wendbaar.taxonomy import schemes
from wendbaar.taxonomy.models import Concept, ConceptText, Label, Mapping
from wendbaar.taxonomy.text import search_key

ENGLISH_ONLY_LABEL = "maintain heat recovery ventilation units"
TOO_LONG = "w" * 201
REQUEST_TOKEN = "page-check-secret-link"


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
    Page("start", "/start/", shows="input[name=goal]", absent=".error-summary"),
    Page("intake-about", "/start/over-jou/", shows="input[name=work_situation]"),
    Page("intake-work", "/start/werk-en-woonplaats/", shows="#id_place"),
    Page("intake-barriers", "/start/wat-houdt-je-tegen/", shows="input[name=barriers]"),
    Page("points", "/hulp-in-de-buurt/", shows=".point-list", absent=".error-summary"),
    Page("points-near", "/hulp-in-de-buurt/?place=3511+ab", shows="#results-heading"),
    Page(
        "points-filtered",
        "/hulp-in-de-buurt/?place=Utrecht&kind=library&topic=basic_skills",
        shows=".point-list",
    ),
    Page("points-none", "/hulp-in-de-buurt/?place=3511&kind=oo_fund&topic=job_search"),
    Page("points-unknown", "/hulp-in-de-buurt/?place=9999+zz", shows=".error-summary"),
    Page("points-script", "/hulp-in-de-buurt/?place=%3Cscript%3E", shows=".error-summary"),
    Page("point", "/hulp-in-de-buurt/{point}/", shows=".facts"),
    Page("point-nationwide", "/hulp-in-de-buurt/online-loopbaanadvies/", shows=".facts"),
    Page("funding-schemes", "/regelingen/", shows="#group-working"),
    Page("funding-scheme", "/regelingen/{scheme}/", shows=".facts"),
    Page("funding-scheme-ended", "/regelingen/stap-budget/", shows=".facts"),
    Page("learning", "/gratis-leren/", shows=".resource-list"),
    Page("learning-results", "/gratis-leren/?q=breuken&topic=arithmetic", shows=".resource-list"),
    Page("learning-none", "/gratis-leren/?q=qqxqq", absent=".resource-list"),
    Page("learning-too-long", f"/gratis-leren/?q={'x' * 101}", shows=".error-summary"),
    Page("conversation", "/gesprek/", absent="#results-heading"),
    Page("conversation-places", "/gesprek/?place=3511", shows=".point-list"),
    Page("conversation-unknown-place", "/gesprek/?place=0000", shows=".error-summary"),
    Page("conversation-form", "/gesprek/bij/{point}/", shows="#id_consent"),
    Page("conversation-status", "/gesprek/verzoek/{token}/", shows=".facts"),
    Page("conversation-withdrawn", "/gesprek/ingetrokken/"),
    Page("login", "/inloggen/", shows="#id_username"),
    Page("register", "/registreren/", shows="#id_password1"),
    Page("find-skills", "/wat-kun-je/", absent="#results-heading"),
    Page(
        "find-skills-results", "/wat-kun-je/?q=ik+heb+de+boekhouding+gedaan", shows=".result-list"
    ),
    Page("find-skills-too-long", f"/wat-kun-je/?q={'x' * 1001}", shows=".error-summary"),
    Page("find-occupations", "/wat-voor-werk/?q=medewerker+klantcontact", shows=".result-list"),
    Page("verify-credential", "/controleren/", shows="#credential", absent=".verdict"),
]
LANGUAGES = {"nl": "", "en": "/en"}


@pytest.fixture
def concept_ids(transactional_db: None) -> dict[str, int | str]:
    """Load the demo data plus one real-ESCO-style concept named in English only, so the
    ESCO attribution and the "no Dutch name yet" branches render too; a mapping from it
    to the demo skill renders the mappings table on both concept pages. The service demo
    adds service points and schemes, and one conversation request with a known link."""
    load_demo()
    load_services_demo()
    point = ServicePoint.objects.get(slug="leerwerkloket-utrecht")
    ConversationRequest.objects.create(
        service_point=point,
        name="Anna",
        email="anna@example.org",
        question="Ik wil graag ander werk.",
        token_hash=token_hash(REQUEST_TOKEN),
    )
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
    # Index the taxonomy now, so the first linker page does not wait for it.
    linking.reset()
    linking.get_linker()
    return {
        "occupation": occupation.pk,
        "skill": skill.pk,
        "english_only": english_only.pk,
        "point": point.slug,
        "scheme": "slim-regeling",
        "token": REQUEST_TOKEN,
    }


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LANGUAGES))
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_is_accessible(
    page: Page, lang: str, live_server, concept_ids: dict[str, int | str], check_page: PageChecker
) -> None:
    url = live_server.url + LANGUAGES[lang] + page.path.format(**concept_ids)
    check_page(url, lang, shows=page.shows, absent=page.absent)
