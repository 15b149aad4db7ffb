"""The service flows in a real browser: each flow runs without JavaScript (it must work
and the screens are counted) and again with JavaScript, with axe-core on every screen
(axe-core itself needs JavaScript).

* from the home page to a personal route in at most 7 screens, in Dutch and English;
* forms sent with errors (they are POST answers, so test_pages_accessibility.py cannot
  reach them by address);
* a conversation request that an adviser logs in for and picks up;
* page weight on first load.

Each test drives a Chromium of its own on a worker thread: the portal's page tests keep
a Playwright (with its event loop) open on the main thread for the whole session, and
Playwright's sync API allows one per thread. The database is only read on the main thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import pytest

from wendbaar.accounts.models import User
from wendbaar.portal.tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    REFLOW,
    format_violations,
    run_axe,
)
from wendbaar.services.demo import load_services_demo
from wendbaar.services.models import ConversationRequest, ServicePoint, ServicePointMember

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser
T = TypeVar("T")
MAX_SCREENS = 7
MAX_PAGE_BYTES = 200_000
PASSWORD = "adviseur-wachtwoord-42"
PREFIX = {"nl": "", "en": "/en"}
JAVASCRIPT = pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js-axe"])


def in_own_browser(work: Callable[[Browser], T]) -> T:
    """Run ``work`` with a fresh headless Chromium on a thread of its own."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Chromium is missing ({CHROMIUM}); see portal/tests/browser.py")
    outcome: dict[str, object] = {}

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                try:
                    outcome["value"] = work(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


@pytest.fixture
def site(transactional_db: None, live_server: object) -> str:
    load_services_demo()
    adviser = User.objects.create_user("adviseur", password=PASSWORD)
    point = ServicePoint.objects.get(slug="leerwerkloket-utrecht")
    ServicePointMember.objects.create(user=adviser, service_point=point)
    return str(live_server.url)  # type: ignore[attr-defined]


def _context(browser: Browser, lang: str, javascript: bool) -> BrowserContext:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript, locale=lang)
    context.set_default_timeout(15_000)
    return context


class Screens:
    """Counts the screens a person sees; with axe-core given, runs it on each, wide and narrow."""

    def __init__(self, page: Page, axe: str | None) -> None:
        self.page = page
        self.axe = axe
        self.seen: list[str] = []
        self.problems: list[str] = []

    def check(self) -> None:
        # A click that navigates returns once the new page is committed, which can be
        # before it has a <head>; axe and the checks need the loaded page.
        self.page.wait_for_load_state("load")
        self.seen.append(self.page.url)
        if self.axe:
            for viewport in (DESKTOP, REFLOW):
                self.page.set_viewport_size(viewport)
                violations = run_axe(self.page, self.axe)
                if violations:
                    self.problems.append(f"{self.page.url}:\n{format_violations(violations)}")
            self.page.set_viewport_size(DESKTOP)
        if self.page.locator("h1").count() != 1:
            self.problems.append(f"{self.page.url}: not exactly one <h1>")

    def submit(self) -> None:
        self.page.locator("main form button[type=submit]").first.click()
        self.check()

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()


@JAVASCRIPT
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_intake_to_route(site: str, axe_source: str, lang: str, javascript: bool) -> None:
    def flow(browser: Browser) -> tuple[list[str], str, list[str]]:
        context = _context(browser, lang, javascript)
        page = context.new_page()
        screens = Screens(page, axe_source if javascript else None)
        page.goto(site + PREFIX[lang] + "/")
        screens.check()
        page.locator("main a.button-link").click()
        screens.check()
        page.check("#id_goal_1")  # switch to other work
        screens.submit()
        page.check("#id_work_situation_1")
        page.check("#id_education_2")
        page.check("#id_age_group_2")
        screens.submit()
        page.select_option("#id_sector", "care")
        page.fill("#id_place", " 3511ab ")
        screens.submit()
        page.check("#id_barriers_0")
        screens.submit()
        route, text = list(screens.seen), screens.main_text()
        page.goto(site + PREFIX[lang] + "/regelingen/")  # now with "for you" and reasons
        page.locator("main details summary").click()
        screens.check()
        context.close()
        return route, text, screens.problems

    route, text, problems = in_own_browser(flow)
    assert route[-1].endswith("/start/jouw-route/")
    assert len(route) <= MAX_SCREENS, route
    assert "Leerwerkloket Utrecht" in text
    assert ("Geldt voor jou" if lang == "nl" else "Applies to you") in text
    assert not problems, "\n".join(problems)


@JAVASCRIPT
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forms_with_errors(site: str, axe_source: str, lang: str, javascript: bool) -> None:
    base = site + PREFIX[lang]

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript)
        page = context.new_page()
        screens = Screens(page, axe_source if javascript else None)

        def summary_links_point_to_fields() -> None:
            hrefs = page.locator(".error-summary a").evaluate_all("as => as.map(a => a.hash)")
            if not hrefs:
                screens.problems.append(f"no error summary on {page.url}")
            for href in hrefs:
                if page.locator(href).count() != 1:
                    screens.problems.append(f"{href} is not on {page.url}")

        page.goto(base + "/start/")
        screens.submit()  # nothing chosen
        summary_links_point_to_fields()
        page.goto(base + "/start/werk-en-woonplaats/")
        page.fill("#id_place", "9999 zz")
        screens.submit()
        summary_links_point_to_fields()
        if page.input_value("#id_place") != "9999 zz":
            screens.problems.append("the postcode typed was lost")
        page.goto(base + "/gesprek/bij/leerwerkloket-utrecht/")
        page.fill("#id_name", "<script>document.title='hacked'</script>")
        page.fill("#id_phone", "bel me")
        screens.submit()
        summary_links_point_to_fields()
        if "hacked" in page.title():
            screens.problems.append("a script typed in a field ran")
        page.goto(base + "/start/")
        page.check("#id_goal_4")
        screens.submit()
        page.goto(base + "/start/jouw-route/")
        page.fill("#id_email", "geen-adres")
        page.locator("form[action$='/mailen/'] button").click()
        screens.check()
        summary_links_point_to_fields()
        page.fill("#id_email", "anna@example.org")
        page.locator("form[action$='/mailen/'] button").click()
        screens.check()
        if page.locator(".messages").count() != 1:
            screens.problems.append("no message after e-mailing the route")
        page.goto(base + "/inloggen/")
        page.fill("#id_username", "adviseur")
        page.fill("#id_password", "fout")
        screens.submit()
        summary_links_point_to_fields()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)


@JAVASCRIPT
def test_conversation_request_picked_up_by_an_adviser(
    site: str, axe_source: str, javascript: bool
) -> None:
    axe = axe_source if javascript else None

    def send(browser: Browser) -> tuple[str, list[str]]:
        context = _context(browser, "nl", javascript)
        page = context.new_page()
        screens = Screens(page, axe)
        page.goto(site + "/hulp-in-de-buurt/?place=3511+AB")
        page.locator("main a", has_text="Leerwerkloket Utrecht").first.click()
        page.locator("main a.button-link").click()
        screens.check()
        page.fill("#id_name", "Anna")
        page.fill("#id_email", "anna@example.org")
        page.fill("#id_question", "Ik wil graag ander werk.")
        page.check("#id_consent")
        screens.submit()
        secret = page.locator(".secret-link a").get_attribute("href") or ""
        context.close()
        return secret, screens.problems

    def pick_up(browser: Browser) -> tuple[list[str], list[str]]:
        context = _context(browser, "nl", javascript)
        desk = context.new_page()
        screens = Screens(desk, axe)
        desk.goto(site + "/adviseurs/")
        screens.check()  # the login page, with the queue as next page
        desk.fill("#id_username", "adviseur")
        desk.fill("#id_password", PASSWORD)
        screens.submit()
        desk.locator("main table a").first.click()
        screens.check()
        request_text = screens.main_text()
        screens.submit()  # pick up
        picked_text = screens.main_text()
        context.close()
        return [screens.seen[1], request_text, picked_text], screens.problems

    def withdraw(browser: Browser) -> tuple[str, list[str]]:
        context = _context(browser, "nl", javascript)
        page = context.new_page()
        screens = Screens(page, axe)
        page.goto(secret)
        screens.check()
        status = screens.main_text()
        screens.submit()  # withdraw and delete
        context.close()
        return status, screens.problems

    secret, sent_problems = in_own_browser(send)
    assert "/gesprek/verzoek/" in secret
    (queue_url, request_text, picked_text), desk_problems = in_own_browser(pick_up)
    assert queue_url.endswith("/adviseurs/")
    assert "Ik wil graag ander werk." in request_text
    assert "Je hebt deze aanvraag opgepakt" in picked_text
    request = ConversationRequest.objects.get()
    assert request.status == "picked_up"
    assert request.views.count() == 2  # opened, and shown again after picking it up
    status, withdraw_problems = in_own_browser(withdraw)
    assert "Een adviseur heeft hem opgepakt" in status
    assert not ConversationRequest.objects.exists()
    problems = sent_problems + desk_problems + withdraw_problems
    assert not problems, "\n".join(problems)


def test_pages_are_light(site: str) -> None:
    """First load of each page, with everything it fetches: at most 200 KB."""

    def weigh(browser: Browser) -> dict[str, int]:
        context = _context(browser, "nl", javascript=True)
        weights: dict[str, int] = {}
        paths = ("/", "/start/", "/hulp-in-de-buurt/?place=3511", "/regelingen/", "/gratis-leren/")
        for path in paths:
            page = context.new_page()
            page.goto(site + path, wait_until="load")
            weights[path] = page.evaluate(_BYTES_LOADED)
            page.close()
        context.close()
        return weights

    weights = in_own_browser(weigh)
    assert all(0 < size <= MAX_PAGE_BYTES for size in weights.values()), weights


# The page and everything it fetched, uncompressed (the test server does not compress).
_BYTES_LOADED = """
() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
  .reduce((total, entry) => total + entry.decodedBodySize, 0)
"""
