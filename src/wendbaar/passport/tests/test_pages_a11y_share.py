"""The sharing pages in Chromium with axe-core, in Dutch and English.

Logged-in pages get the session cookie of a test client; each page goes through the
portal's full PageChecker (axe at desktop and 320 px, reflow, skip link, one h1, the same
page without JavaScript). The 410 page and the forms with errors are checked as screens.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from wendbaar.accounts.models import Role
from wendbaar.passport import sharing
from wendbaar.passport.models import ConsentScope, ShareLink
from wendbaar.passport.tests.test_sharing_data import url, user, varied_passport
from wendbaar.portal.tests.browser import AXE, PageChecker
from wendbaar.services.models import ServicePoint, ServicePointMember
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

pytestmark = pytest.mark.browser


class LoggedInChecker(PageChecker):
    """The portal's page checks, with a logged-in session."""

    def __init__(self, browser: Browser, axe_source: str, cookies: list[Any]) -> None:
        super().__init__(browser, axe_source)
        self.cookies = cookies

    def _open(self, lang: str, javascript: bool) -> BrowserContext:
        context = super()._open(lang, javascript)
        if self.cookies:
            context.add_cookies(self.cookies)
        return context


def _session(live_url: str, account: Any) -> list[Any]:
    client = Client()
    client.force_login(account)
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}]


@pytest.fixture
def site(transactional_db: None, live_server: Any) -> dict[str, Any]:
    owner = user("anna", first_name="Anna", last_name="de Vries")
    passport = varied_passport(owner, 14)
    adviser = user("ada", Role.ADVISER, first_name="Ada", last_name="Smit")
    point = ServicePoint.objects.create(
        slug="leerwerkloket-test",
        name="Leerwerkloket Test",
        kind="leerwerkloket",
        description_nl="Test",
    )
    ServicePointMember.objects.create(user=adviser, service_point=point)
    sharing.grant_consent(owner, adviser, ConsentScope.PASSPORT)
    whole = sharing.create_link(passport, label="Bakkerij De Korst")
    gone = sharing.create_link(passport, label="Oud")
    ShareLink.objects.filter(pk=gone.link.pk).update(expires_at=timezone.now() - timedelta(1))
    sharing.create_link(passport, label="Keuze", claims=list(passport.claims.all()[:3]))
    sharing.log_view(owner, adviser, sharing.WHAT_PASSPORT)
    base = str(live_server.url)
    return {
        "base": base,
        "owner": _session(base, owner),
        "adviser": _session(base, adviser),
        "passport": passport,
        "whole": whole.token,
        "gone": gone.token,
        "new_link": whole.link.pk,
    }


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sharing_pages_are_accessible(site: dict[str, Any], lang: str) -> None:
    axe = AXE.read_text(encoding="utf-8")
    base = site["base"]
    owner_pages = [
        (url("passport:share_links", lang=lang), "main form.inline-form button"),
        (url("passport:consents", lang=lang), "select#id_adviser"),
        (url("passport:access_log", lang=lang), "table"),
        (url("passport:print", lang=lang), "main form button"),
    ]
    adviser_pages = [
        (url("passport:shared_with_me", lang=lang), "main li a"),
        (url("passport:consented", site["passport"].pk, lang=lang), "form.inline-form button"),
    ]
    public_pages = [
        (url("passport:shared", site["whole"], lang=lang), "form.inline-form button"),
    ]

    def flow(browser: Browser) -> list[str]:
        problems: list[str] = []
        for cookies, pages in (
            (site["owner"], owner_pages),
            (site["adviser"], adviser_pages),
            ([], public_pages),
        ):
            checker = LoggedInChecker(browser, axe, cookies)
            for path, shows in pages:
                try:
                    checker(base + path, lang, shows=shows)
                except AssertionError as problem:
                    problems.append(str(problem))
        return problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forms_with_errors_and_the_gone_page(site: dict[str, Any], lang: str) -> None:
    axe = AXE.read_text(encoding="utf-8")
    base = site["base"]

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        context.add_cookies(site["owner"])
        page = context.new_page()
        screens = Screens(page, axe)

        def submit() -> None:
            # The lists above the form have small forms of their own (stop, withdraw).
            page.locator("main form:not(.inline-form) button[type=submit]").click()
            screens.check()

        page.goto(base + url("passport:share_links", lang=lang))
        page.fill("#id_days", "400")
        page.check("#id_scope_1")
        submit()
        if page.locator("#error-summary").count() != 1:
            screens.problems.append("no error summary for a bad share link")
        page.fill("#id_label", "Werkgever")
        page.fill("#id_days", "10")
        page.check("#id_claims_0")
        submit()
        if page.locator(".secret-link a").count() != 1:
            screens.problems.append("the new link is not shown")
        page.goto(base + url("passport:consents", lang=lang))
        page.fill("#id_email", "niemand@example.org")
        submit()
        if page.locator("#error-summary").count() != 1:
            screens.problems.append("no error summary for an unknown e-mail address")
        response = page.goto(base + url("passport:shared", site["gone"], lang=lang))
        if response is None or response.status != 410:
            screens.problems.append("an expired link does not answer 410")
        screens.check()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
