"""Real-browser page checks: headless Chromium (Debian's), Playwright's sync API and axe-core.

Every portal page gets the same checks through :class:`PageChecker`:

* it loads without errors, also for its stylesheet and other sub-resources;
* ``<html lang>`` is the language of the URL, there is exactly one ``<h1>``;
* the skip link is the first thing the keyboard reaches and moves focus to ``#main``;
* axe-core finds no WCAG 2.1 A/AA violations, at desktop width and at 320 px;
* nothing scrolls sideways at 320 px (WCAG 1.4.10 Reflow);
* without JavaScript the page still renders the same main heading.

Set ``WENDBAAR_BROWSER_SCREENSHOTS`` to a directory to keep a full-page screenshot of
every checked page at both widths (handy as a CI artifact).

Requirements (CI installs them; the tests fail, not skip, when they are missing)::

    apt-get install -y chromium      # /usr/bin/chromium
    npm ci                           # node_modules/axe-core, pinned in package-lock.json
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

# Playwright's sync API runs an asyncio event loop (in a greenlet) on the test thread for
# as long as the browser is open, so Django sees a "running event loop" and refuses ORM
# calls from that thread with SynchronousOnlyOperation: in the tests' data fixtures and
# in pytest-django's database flush after each test. The tests are plain synchronous code
# and never share a connection with the loop, so the guard can safely be switched off.
# This is process-wide and set on import, because the browser lives for the whole session.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[4]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The test machines have no internet: without these Chromium keeps trying to reach
    # Google's services and floods the log with refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
REFLOW: ViewportSize = {"width": 320, "height": 640}
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE}). Run `npm ci` in {REPO_ROOT} to install it "
            "(the version is pinned in package-lock.json).",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}). Install Debian's browser with "
            "`apt-get update && apt-get install -y chromium`; never run `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def check_page(chromium_browser: Browser, axe_source: str) -> PageChecker:
    """Call ``check_page(url, lang)``; it fails the test listing everything wrong with it."""
    return PageChecker(chromium_browser, axe_source)


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core (if not yet there) and return its WCAG 2.1 A/AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return list(result["violations"])


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One block per rule: id, impact, help text and link, then each failing selector."""
    lines = []
    for violation in violations:
        lines.append(
            f"  - {violation['id']} [{violation.get('impact') or 'unknown impact'}]: "
            f"{violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " >> ".join(
                part if isinstance(part, str) else " ".join(part) for part in node["target"]
            )
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"      {target}" + (f" — {summary}" if summary else ""))
    return "\n".join(lines)


@dataclass
class PageReport:
    url: str
    heading: str = ""
    problems: list[str] = field(default_factory=list)


class PageChecker:
    def __init__(self, browser: Browser, axe_source: str) -> None:
        self.browser = browser
        self.axe_source = axe_source
        self.screenshots = os.environ.get("WENDBAAR_BROWSER_SCREENSHOTS", "")

    def __call__(self, url: str, lang: str, *, shows: str = "", absent: str = "") -> PageReport:
        """Check the page at ``url`` in language ``lang``; ``shows`` and ``absent`` are
        selectors that must (not) be on the page, to prove the intended case rendered."""
        report = PageReport(url)
        self._with_javascript(report, lang, shows, absent)
        self._without_javascript(report, lang)
        problems = "\n".join(f"* {problem}" for problem in report.problems)
        assert not report.problems, f"{url} ({lang}) has accessibility problems:\n{problems}"
        return report

    def _open(self, lang: str, javascript: bool) -> BrowserContext:
        context = self.browser.new_context(
            viewport=DESKTOP, java_script_enabled=javascript, locale=lang
        )
        context.set_default_timeout(TIMEOUT_MS)
        return context

    def _load(self, context: BrowserContext, report: PageReport) -> Page:
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(f"{request.url} (failed)"))
        page.on(
            "response",
            lambda response: (
                failed.append(f"{response.url} (HTTP {response.status})")
                if response.status >= 400
                else None
            ),
        )
        response = page.goto(report.url, wait_until="load")
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            report.problems.append(f"the page answered {status}, not 200")
        report.problems.extend(f"could not load {item}" for item in failed)
        return page

    def _with_javascript(self, report: PageReport, lang: str, shows: str, absent: str) -> None:
        context = self._open(lang, javascript=True)
        try:
            page = self._load(context, report)
            problems = report.problems
            html_lang = page.evaluate("() => document.documentElement.lang")
            if html_lang != lang:
                problems.append(f'<html lang="{html_lang}">, expected "{lang}"')
            headings = page.locator("h1")
            if headings.count() != 1:
                problems.append(f"{headings.count()} <h1> elements, expected exactly 1")
            else:
                report.heading = " ".join(headings.inner_text().split())
                if not report.heading:
                    problems.append("the <h1> is empty")
            if shows and page.locator(shows).count() == 0:
                problems.append(f"expected {shows!r} on the page, it is missing")
            if absent and page.locator(absent).count():
                problems.append(f"did not expect {absent!r} on the page")
            self._check_axe(page, "1280 px", problems)
            self._screenshot(page, lang, "1280")
            page.set_viewport_size(REFLOW)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > REFLOW["width"]:
                wide = page.evaluate(_WIDEST_ELEMENTS, REFLOW["width"])
                problems.append(
                    f"scrolls sideways at {REFLOW['width']} px wide (scrollWidth {width}; "
                    f"WCAG 1.4.10 Reflow); too wide: {', '.join(wide) or 'unknown'}"
                )
            self._check_axe(page, "320 px", problems)
            self._screenshot(page, lang, "320")
            self._check_skip_link(page, problems)
        finally:
            context.close()

    def _check_skip_link(self, page: Page, problems: list[str]) -> None:
        if page.locator('a[href="#main"]').count() == 0:
            problems.append('no skip link (<a href="#main">)')
            return
        if page.locator("#main").count() != 1:
            problems.append("the skip link target #main is missing")
            return
        page.keyboard.press("Tab")
        first = page.evaluate("() => document.activeElement.getAttribute('href')")
        if first != "#main":
            problems.append(f"the first Tab stop is {first!r}, not the skip link to #main")
            return
        page.keyboard.press("Enter")
        if page.evaluate("() => document.activeElement.id") != "main":
            problems.append("following the skip link does not move focus to #main")

    def _check_axe(self, page: Page, viewport: str, problems: list[str]) -> None:
        violations = run_axe(page, self.axe_source)
        if violations:
            problems.append(
                f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) at {viewport}:\n"
                + format_violations(violations)
            )

    def _without_javascript(self, report: PageReport, lang: str) -> None:
        context = self._open(lang, javascript=False)
        try:
            page = self._load(context, report)
            headings = page.locator("h1")
            count = headings.count()
            if count != 1 or not headings.is_visible():
                report.problems.append(f"without JavaScript: {count} visible <h1>, expected 1")
                return
            heading = " ".join(headings.inner_text().split())
            if heading != report.heading:
                report.problems.append(
                    f"without JavaScript the <h1> is {heading!r}, not {report.heading!r}"
                )
        finally:
            context.close()

    def _screenshot(self, page: Page, lang: str, width: str) -> None:
        if not self.screenshots:
            return
        folder = Path(self.screenshots)
        folder.mkdir(parents=True, exist_ok=True)
        path = page.url.split("#", 1)[0].split("://", 1)[-1].split("/", 1)[-1]
        name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")[:80] or "home"
        page.screenshot(path=str(folder / f"{lang}-{name}-{width}.png"), full_page=True)


# The elements that stick out past the viewport, innermost first, to say what to fix.
_WIDEST_ELEMENTS = """
width => {
  const sticksOut = el => el.getBoundingClientRect().right > width + 0.5;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(el => sticksOut(el) && ![...el.children].some(sticksOut));
  return wide.slice(0, 5).map(el => {
    const id = el.id ? '#' + el.id : '';
    const cls = typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return el.tagName.toLowerCase() + id + cls;
  });
}
"""
