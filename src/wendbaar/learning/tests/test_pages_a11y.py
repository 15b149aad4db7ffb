"""The learning pages in Chromium with axe-core (WCAG 2.1 A/AA, wide and at 320 px),
in Dutch and English: the catalogue, an offering, the advice screen (empty, with an
error, with a result), the plan (own, with a form error, and shared with an adviser) and
the provider area (an offering edited, a new one typed in with mistakes, an upload)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from playwright.sync_api import FilePayload

from wendbaar.accounts.models import Organisation, Role
from wendbaar.learning import plans
from wendbaar.learning.models import Offering
from wendbaar.learning.tests.conftest import HEAT_PUMP, PASSWORD, make_user
from wendbaar.passport.sharing import grant_consent
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser
UPLOAD = b"external_id;provider;title;cost\nx;Testschool;Zonder vaardigheden;duur\n"


@pytest.fixture
def site(transactional_db: None, live_server: object, catalogue: dict[str, Offering]) -> str:
    organisation = Organisation.objects.create(
        name="Testschool", slug="testschool", kind="education"
    )
    for offering in catalogue.values():
        offering.provider.organisation = organisation
        offering.provider.save()
    owner = make_user("lerende")
    adviser = make_user("adviseur", role=Role.ADVISER)
    make_user("aanbieder", role=Role.ISSUER, organisation=organisation)
    plan = plans.current_plan(owner)
    plans.add_offering(plan, catalogue["first"])
    grant_consent(owner, adviser, "plan")
    return str(live_server.url)  # type: ignore[attr-defined]


def logged_in(context: BrowserContext, site: str, username: str) -> None:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_learning_pages_are_accessible(site: str, axe_source: str, lang: str) -> None:
    prefix = "" if lang == "nl" else "/en"
    base = site + prefix
    offering = Offering.objects.get(external_id="first")
    plan = plans.current_plan(make_user("leeg"))
    shared = Offering.objects.get(external_id="first").plan_actions.get().plan

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)

        def visit(path: str, shows: str = "") -> None:
            page.goto(base + path)
            screens.check()
            if shows and page.locator(shows).count() == 0:
                screens.problems.append(f"{page.url}: {shows} is missing")

        visit("/leren/", ".result-list")
        visit("/leren/?mode=online&max_price=700", ".result-list")
        visit("/leren/?max_price=veel", ".error-summary")
        visit(f"/leren/aanbod/{offering.pk}/", "#funding-heading")
        visit("/leren/advies/")
        visit("/leren/advies/?occupation=&weeks=4", ".error-summary")
        visit(f"/leren/advies/?occupation={HEAT_PUMP}", "table")
        logged_in(context, site, "lerende")
        visit(f"/leren/advies/?occupation={HEAT_PUMP}", "form[method=post] button")
        visit("/ontwikkelplan/", "select[name=status]")
        page.locator("main form[action$='/ontwikkelplan/actie/'] button[type=submit]").click()
        screens.check()
        if page.locator(".error-summary").count() != 1:
            screens.problems.append("no error summary after an empty action")
        context.clear_cookies()
        logged_in(context, site, "adviseur")
        visit("/ontwikkelplan/gedeeld/", "main ul a")
        visit(f"/ontwikkelplan/gedeeld/{shared.pk}/", "input[name=validated]")
        context.clear_cookies()
        logged_in(context, site, "aanbieder")
        visit("/aanbieder/", "table")
        visit(f"/aanbieder/aanbod/{offering.pk}/", "input[name=confirm]")
        page.fill("#id_title", "")
        page.locator("main form button[type=submit]").click()
        screens.check()
        if page.locator(".error-summary").count() != 1:
            screens.problems.append("no error summary for an empty title")
        visit("/aanbieder/aanbod/nieuw/", "#id_description")
        page.fill("#id_title", "Bloemschikken")
        page.fill("#id_postcode", "35")
        page.locator("main form button[type=submit]").click()
        screens.check()
        if page.locator(".error-summary").count() != 1:
            screens.problems.append("no error summary for a new offering with mistakes")
        visit("/aanbieder/importeren/", "input[type=file]")
        page.set_input_files(
            "#id_feed",
            files=FilePayload(name="aanbod.csv", mimeType="text/csv", buffer=UPLOAD),
        )
        page.locator("main form button[type=submit]").click()
        screens.check()
        if page.locator("#report-heading").count() != 1:
            screens.problems.append("no import report")
        context.close()
        return screens.problems

    assert plan.pk
    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
