"""The account pages in Chromium with axe-core, in Dutch and English.

One person's way through them: register (first with mistakes), the account page,
switching on two-step verification, the recovery codes, logging out, logging in with
the code, the 403 page, and deleting the account; a second way through changing one's
details and password and the "forgot password" pages. Every screen is checked with axe-core
at 1280 and 320 px and must have one <h1> and the language of its URL.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

import pyotp
import pytest
from django.core import mail

from wendbaar.accounts.models import User
from wendbaar.accounts.tests.conftest import PASSWORD
from wendbaar.services.tests.test_browser import Screens, _context, in_own_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db: None, live_server: Any) -> str:
    return str(live_server.url)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_account_pages_are_accessible(site: str, axe_source: str, lang: str) -> None:
    prefix = "" if lang == "nl" else "/en"
    base = site + prefix
    name = f"anna-{lang}@example.org"

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)

        def check_lang() -> None:
            if page.evaluate("() => document.documentElement.lang") != lang:
                screens.problems.append(f"{page.url}: <html lang> is not {lang}")

        page.goto(f"{base}/registreren/")
        screens.check()
        check_lang()
        page.fill("#id_login_name", name)
        page.fill("#id_password1", "kort")
        screens.submit()
        if page.locator("#error-summary").count() != 1:
            screens.problems.append("no error summary after a bad registration")
        if page.input_value("#id_login_name") != name:
            screens.problems.append("the registration form lost the typed name")
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.check("#id_situation_1")
        screens.submit()
        if not page.url.endswith(f"{prefix}/mijn-account/"):
            screens.problems.append(f"registration did not lead to the account page: {page.url}")
        check_lang()

        page.goto(f"{base}/mijn-account/tweestapsverificatie/")
        screens.check()
        secret = page.inner_text("#totp-secret").replace(" ", "")
        page.fill("#id_code", "000000")
        screens.submit()
        page.fill("#id_code", pyotp.TOTP(secret).now())
        screens.submit()
        if page.locator("#recovery-codes li").count() != 10:
            screens.problems.append("the recovery codes are not shown")

        page.goto(f"{base}/mijn-account/tweestapsverificatie/")
        screens.check()

        page.goto(f"{base}/mijn-account/")
        page.locator("main form[action$='/uitloggen/'] button").click()
        screens.check()  # the login page, with the "logged out" message
        page.fill("#id_username", name)
        page.fill("#id_password", "fout")
        screens.submit()
        page.fill("#id_password", PASSWORD)
        screens.submit()  # the code step
        page.fill("#id_code", "123456")
        screens.submit()
        page.fill("#id_code", pyotp.TOTP(secret).at(time.time() + 30))
        screens.submit()
        if not page.url.endswith(f"{prefix}/mijn-account/"):
            screens.problems.append(f"the code did not log in: {page.url}")

        page.goto(f"{base}/mijn-account/verwijderen/")
        screens.check()
        page.fill("#id_password", "fout")
        screens.submit()
        page.fill("#id_password", PASSWORD)
        screens.submit()
        check_lang()
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
    assert not User.objects.filter(username=name).exists()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_details_password_and_reset_pages_are_accessible(
    site: str, axe_source: str, lang: str
) -> None:
    prefix = "" if lang == "nl" else "/en"
    base = site + prefix
    User.objects.create_user(
        "anna", email="anna@example.org", password=PASSWORD, situation="working"
    )
    new = "Zomerregen-Merel-77"

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)
        page.goto(f"{base}/inloggen/")
        page.fill("#id_username", "anna")
        page.fill("#id_password", PASSWORD)
        screens.submit()  # the account page, with its links to the new pages

        page.locator("main a[href$='/mijn-account/gegevens-wijzigen/']").click()
        screens.check()
        page.fill("#id_last_name", "de Vries")
        page.fill("#id_email", "anna.nieuw@example.org")
        screens.submit()  # a new address without the password
        if page.input_value("#id_last_name") != "de Vries":
            screens.problems.append("the details form lost the typed name")
        page.fill("#id_password", PASSWORD)
        screens.submit()  # saved: the account page with its message

        page.locator("main a[href$='/mijn-account/wachtwoord/']").click()
        screens.check()
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password1", new)
        page.fill("#id_new_password2", "iets-anders-12")
        screens.submit()
        page.fill("#id_old_password", PASSWORD)
        page.fill("#id_new_password1", new)
        page.fill("#id_new_password2", new)
        screens.submit()
        if not page.url.endswith(f"{prefix}/mijn-account/"):
            screens.problems.append(f"the password change did not lead back: {page.url}")
        page.locator("main form[action$='/uitloggen/'] button").click()

        page.locator("main a[href$='/wachtwoord-vergeten/']").click()
        screens.check()
        screens.submit()  # nothing filled in
        page.fill("#id_email", "anna.nieuw@example.org")
        screens.submit()  # "check your e-mail"
        found = re.search(r"http://[^/\s]+(/\S+)", str(mail.outbox[-1].body))
        if found is None:
            screens.problems.append("no reset link in the e-mail")
            return screens.problems
        page.goto(site + found.group(1))
        screens.check()  # choose a new password
        page.fill("#id_new_password1", PASSWORD)
        page.fill("#id_new_password2", "iets-anders-12")
        screens.submit()
        page.fill("#id_new_password1", PASSWORD)
        page.fill("#id_new_password2", PASSWORD)
        screens.submit()  # saved
        page.goto(site + found.group(1))
        screens.check()  # the used link does not work
        if page.evaluate("() => document.documentElement.lang") != lang:
            screens.problems.append(f"the broken link page is not in {lang}")
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
    assert User.objects.get(username="anna").check_password(PASSWORD)


@pytest.mark.urls("wendbaar.accounts.tests.urls")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forbidden_page_is_accessible(site: str, axe_source: str, lang: str) -> None:
    User.objects.create_user("werkzoeker", password=PASSWORD)
    prefix = "" if lang == "nl" else "/en"

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, lang, javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)
        page.goto(f"{site}{prefix}/inloggen/")
        page.fill("#id_username", "werkzoeker")
        page.fill("#id_password", PASSWORD)
        screens.submit()
        response = page.goto(f"{site}{prefix}/test/issuer/")
        if response is None or response.status != 403:
            screens.problems.append("the issuer page did not answer 403 to a person")
        screens.check()
        if page.evaluate("() => document.documentElement.lang") != lang:
            screens.problems.append(f"the 403 page is not in {lang}")
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)


@pytest.mark.urls("wendbaar.accounts.tests.urls")
def test_login_through_the_mock_provider_in_a_browser(
    site: str, axe_source: str, settings: Any
) -> None:
    """The whole OpenID Connect flow as a person sees it; the mock's page is checked too,
    and the page where such an account, which has no password, sets one."""
    from wendbaar.accounts.models import ExternalIdentity
    from wendbaar.accounts.oidc.config import oidc_settings

    values = oidc_settings(
        {"WENDBAAR_OIDC_MOCK": "1", "WENDBAAR_OIDC_MOCK_URL": site}, production=False
    )
    for name, value in values.items():
        setattr(settings, name, value)

    def flow(browser: Browser) -> list[str]:
        context = _context(browser, "nl", javascript=True)
        page = context.new_page()
        screens = Screens(page, axe_source)
        page.goto(f"{site}/inloggen/")
        screens.check()
        page.locator("main a[href^='/oidc/authenticate/']").click()
        screens.check()  # the mock provider's "choose a test person"
        screens.submit()  # nothing chosen: the page says so
        page.check("#person_0")
        screens.submit()
        if not page.url.endswith("/mijn-account/"):
            screens.problems.append(f"the provider did not lead to the account page: {page.url}")
        page.goto(f"{site}/mijn-account/wachtwoord/")
        screens.check()  # an account made through the provider sets a first password
        if page.locator("#id_old_password").count():
            screens.problems.append("an account without a password is asked for its password")
        screens.submit()  # nothing filled in
        context.close()
        return screens.problems

    problems = in_own_browser(flow)
    assert not problems, "\n".join(problems)
    assert ExternalIdentity.objects.get().subject == "mock-pseudonym-0001"
