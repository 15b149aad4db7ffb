"""The matching pages in Chromium with axe-core, in Dutch and English: the public pages
by address, and the person's and employer's pages through a login."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from wendbaar.demo.loader import load_demo
from wendbaar.linking import service as linking
from wendbaar.matching import service
from wendbaar.matching.models import ContactRequest, Vacancy, VacancySkill
from wendbaar.matching.signals_import import load_matching_demo
from wendbaar.portal.tests.browser import PageChecker
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser
from wendbaar.taxonomy.models import Concept

from .conftest import (
    ADMIN_ASSISTANT,
    PASSWORD,
    SECRETARY,
    essential_skills,
    make_employer,
    make_person,
    organisation_of,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
PREFIX = {"nl": "", "en": "/en"}
PUBLIC = [
    ("more-empty", "/wat-kan-ik-nog-meer/", "#beroep", ".option-list"),
    (
        "more-job",
        "/wat-kan-ik-nog-meer/?beroep=administratief+medewerker",
        ".option-list",
        ".error-summary",
    ),
    ("more-unknown", "/wat-kan-ik-nog-meer/?beroep=qqxqq", ".error-summary", ".option-list"),
    ("more-bad-filter", "/wat-kan-ik-nog-meer/?beroep=kok&wage_share=veel", ".error-summary", ""),
    ("explorer", "/overstappen/", "#van", ".option-list"),
    (
        "explorer-from",
        f"/overstappen/?van={quote(ADMIN_ASSISTANT)}&all_moves=on&sector=care",
        ".option-list",
        ".error-summary",
    ),
    ("group", "/overstappen/groep/", "#brc", "table"),
    ("group-brc", "/overstappen/groep/?brc=0431", "table", ""),
    ("group-sector", "/overstappen/groep/?sector=energy", "table", ""),
]


@pytest.fixture
def matching_site(transactional_db: None, live_server: object) -> str:
    load_demo()
    load_matching_demo()
    # Build the engine and the linker now, so the first page does not wait for them.
    service.get_engine()
    linking.get_linker()
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", list(PREFIX))
@pytest.mark.parametrize("page", PUBLIC, ids=lambda page: page[0])
def test_public_page_is_accessible(
    page: tuple[str, str, str, str], lang: str, matching_site: str, check_page: PageChecker
) -> None:
    _name, path, shows, absent = page
    check_page(matching_site + PREFIX[lang] + path, lang, shows=shows, absent=absent)


def _login(page: object, base: str, prefix: str, username: str, next_path: str) -> None:
    page.goto(f"{base}{prefix}/inloggen/?next={prefix}{next_path}")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.locator("main form button[type=submit]").first.click()  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", list(PREFIX))
def test_person_and_employer_pages_are_accessible(
    matching_site: str, axe_source: str, lang: str
) -> None:
    person = make_person(
        "anna", essential_skills(ADMIN_ASSISTANT), findable=True, region="Midden-Utrecht"
    )
    employer = make_employer()
    vacancy = Vacancy.objects.create(
        organisation=organisation_of(employer),
        title="Secretaresse",
        region="Midden-Utrecht",
        text="Je beheert de agenda, notuleert vergaderingen en verwerkt de post.",
    )
    for i, uri in enumerate(essential_skills(SECRETARY)[:3]):
        VacancySkill.objects.create(
            vacancy=vacancy,
            concept=Concept.objects.get(uri=uri),
            confirmed=i < 2,
            matched_text="agenda",
        )
    ContactRequest.objects.create(vacancy=vacancy, person=person, message="Interesse?")
    prefix = PREFIX[lang]

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)
        _login(page, matching_site, prefix, "anna", "/wat-kan-ik-nog-meer/")
        screens.check()
        if page.locator(".option-list").count() != 1:
            screens.problems.append("no moves from the passport")
        page.goto(f"{matching_site}{prefix}/vacatures/")
        screens.check()
        page.goto(f"{matching_site}{prefix}/vacatures/contactverzoeken/")
        screens.check()
        page.locator("button[value=accept]").click()
        screens.check()
        context.close()
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens.page = page
        _login(page, matching_site, prefix, "werkgever", "/vacatures/beheer/")
        screens.check()
        page.goto(f"{matching_site}{prefix}/vacatures/beheer/nieuw/")
        screens.submit()  # empty: the error summary
        if page.locator(".error-summary").count() != 1:
            screens.problems.append("no error summary for an empty vacancy")
        page.goto(f"{matching_site}{prefix}/vacatures/beheer/{vacancy.pk}/")
        screens.check()
        page.goto(f"{matching_site}{prefix}/vacatures/beheer/{vacancy.pk}/kandidaten/")
        screens.check()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
