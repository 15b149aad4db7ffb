"""The issuer's pages and a revoked verdict in Chromium with axe-core, in Dutch and English.

They need a login and POSTs, so the by-address page list cannot reach them; the flow
logs in with a session cookie, searches, sends the form with errors, issues, opens the
list, the revoke confirmation, the keys page and the verdict of the revoked credential.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client

from wendbaar.credentials.models import IssuedCredential
from wendbaar.credentials.tests.issuing_fixtures import evc_provider, issuer_user, person
from wendbaar.demo.loader import load_demo
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db: None, live_server: object) -> tuple[str, str]:
    load_demo()
    person()
    client = Client()
    client.force_login(issuer_user(evc_provider()))
    return str(live_server.url), client.cookies[settings.SESSION_COOKIE_NAME].value  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_issuer_pages_are_accessible(site: tuple[str, str], axe_source: str, lang: str) -> None:
    url, session = site
    base = url + ("" if lang == "nl" else "/en")

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])
        page = context.new_page()
        screens = Screens(page, axe_source)
        page.goto(f"{base}/uitgeven/")
        screens.check()
        page.locator("button[value=issue]").click()
        screens.check()
        if page.locator(".error-summary").count() != 1:
            screens.problems.append("no error summary after sending an empty form")
        page.fill("#id_recipient", "jamila")
        page.fill("#q", "teksten lezen")
        page.locator("button[value=search]").click()
        screens.check()
        page.locator("input[name=skill]").first.check()
        page.fill("#id_name", "Nederlandse teksten lezen")
        page.fill("#id_description", "Leest werkinstructies in het Nederlands.")
        page.fill("#id_criteria", "EVC-procedure met praktijkassessment.")
        page.locator("input[name=level][value=validated]").check()
        page.locator("button[value=issue]").click()
        screens.check()
        if "/uitgeven/uitgegeven/" not in page.url or page.locator("[role=status]").count() != 1:
            screens.problems.append(f"issuing did not lead to the list with a message: {page.url}")
        page.locator("a[href$='/intrekken/']").first.click()
        screens.check()
        screens.submit()
        page.goto(f"{base}/uitgeven/sleutels/")
        screens.check()
        screens.submit()
        document = IssuedCredential.objects.get(subject_did__startswith="did:key:").document
        page.goto(f"{base}/controleren/")
        page.fill("#credential", json.dumps(document))
        screens.submit()
        if page.locator(".verdict--bad").count() != 1:
            screens.problems.append("the revoked credential is not shown as withdrawn")
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
    assert IssuedCredential.objects.get().revoked_at is not None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_no_organisation_page_is_accessible(
    transactional_db: None, live_server: object, axe_source: str, lang: str
) -> None:
    from wendbaar.accounts.models import Role, User

    client = Client()
    client.force_login(User.objects.create_user("los", password="x" * 20, role=Role.ISSUER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = str(live_server.url)  # type: ignore[attr-defined]

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}])
        page = context.new_page()
        screens = Screens(page, axe_source)
        response = page.goto(url + ("" if lang == "nl" else "/en") + "/uitgeven/")
        if response is None or response.status != 403:
            screens.problems.append("an issuer without organisation was not refused")
        screens.check()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
