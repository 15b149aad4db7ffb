"""Education, job changes and a revoked credential's notices in Chromium with axe-core.

One person with a job, an education line and a revoked credential that once certified
a skill; every screen (and each form's error state) is checked wide and at 320 px.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from wendbaar.demo.loader import load_demo
from wendbaar.passport.claims import add_claim, passport_of
from wendbaar.passport.models import (
    ClaimSource,
    Education,
    HeldCredential,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.passport.tests.fill_fixtures import make_user, skill
from wendbaar.portal.tests.browser import AXE
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser
GONE = "the credential has been revoked (list https://example.org/status/1, index 7)"
REVOKED = {
    "reason": GONE,
    "trusted_issuer": True,
    "checks": [{"code": "status", "outcome": "failed", "message": GONE}],
}


@pytest.fixture
def site(transactional_db: None, live_server: object) -> str:
    load_demo()
    return str(live_server.url)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing ({AXE}); run `npm ci`", pytrace=False)
    return AXE.read_text(encoding="utf-8")


def _records(name: str) -> tuple[str, dict[str, int]]:
    """A logged-in person with a job, an education and a revoked credential; (session, ids)."""
    user = make_user(name)
    passport = passport_of(user)
    held = HeldCredential.objects.create(
        passport=passport,
        document={"id": name},
        name="Diploma boekhouden",
        verified=True,
        verdict={"trusted_issuer": True},
    )
    add_claim(
        passport,
        skill("boekhouden"),
        ValidationLevel.CERTIFIED,
        ClaimSource.CREDENTIAL,
        credential=held,
    )
    HeldCredential.objects.filter(pk=held.pk).update(verified=False, verdict=REVOKED)
    job = WorkExperience.objects.create(
        passport=passport, title="Boekhouder", employer="Bakkerij", start=date(2015, 1, 1)
    )
    item = Education.objects.create(passport=passport, title="MBO Financiële administratie")
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value, {"job": job.pk, "item": item.pk, "held": held.pk}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_record_pages_are_accessible(site: str, axe: str, lang: str) -> None:
    session, ids = _records(f"ruud-{lang}")
    base = site + ("" if lang == "nl" else "/en") + "/mijn-paspoort/"

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        context.add_cookies([{"name": "sessionid", "value": session, "url": site}])
        page = context.new_page()
        screens = Screens(page, axe)

        def expect(selector: str, what: str) -> None:
            if page.locator(selector).count() == 0:
                screens.problems.append(f"{page.url}: {what} ({selector}) is missing")

        page.goto(base)
        screens.check()
        expect(".claim .notice--warning", "the notice of the revoked credential on the skill")
        expect(f"#credential-{ids['held']} .notice--warning", "the revoked credential's notice")
        # Changing a job: an error, then saved.
        page.goto(base + f"werk/{ids['job']}/")
        screens.check()
        page.fill("#id_end", "2010-01-01")
        screens.submit()
        expect(".error-summary", "the error of an end before the start")
        page.fill("#id_end", "2020-01-01")
        screens.submit()
        # Education: an empty title, then added; then changed.
        page.goto(base + "opleiding/")
        screens.check()
        page.fill("#id_institution", "ROC Midden")
        screens.submit()
        expect(".error-summary", "the error of a missing title")
        page.fill("#id_title", "Cursus Excel")
        screens.submit()
        expect(f"#education-{ids['item']}", "the education lines of the overview")
        page.goto(base + f"opleiding/{ids['item']}/")
        screens.check()
        # Removing the credential asks first.
        page.goto(base + f"diploma/{ids['held']}/verwijderen/")
        screens.check()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
