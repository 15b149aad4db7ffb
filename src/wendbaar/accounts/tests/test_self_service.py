"""What a person does for themselves: change the password, set one (accounts made through
DigiD), change their details, and the "forgot password" e-mail."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pyotp
import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client

from wendbaar.accounts import totp
from wendbaar.accounts.models import Organisation, Role, User
from wendbaar.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Zomerregen-Merel-77"
CHANGE = "/mijn-account/wachtwoord/"
DETAILS = "/mijn-account/gegevens-wijzigen/"
RESET = "/wachtwoord-vergeten/"


def _logged_in(make_user: Callable[..., User], **fields: Any) -> tuple[Client, User]:
    user = make_user(**fields)
    client = Client()
    client.force_login(user)
    return client, user


def _password_is(user: User, password: str) -> bool:
    user.refresh_from_db()
    return user.check_password(password)


# Changing the password


def test_change_password_keeps_this_session_and_ends_others(
    make_user: Callable[..., User],
) -> None:
    client, user = _logged_in(make_user)
    other_device = Client()
    other_device.force_login(user)
    response = client.post(
        CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302 and response["Location"] == "/mijn-account/"
    assert _password_is(user, NEW)
    page = client.get("/mijn-account/")
    assert page.status_code == 200
    # The message is made in the language of the form that was sent (Dutch here).
    assert "Je wachtwoord is veranderd." in page.content.decode()
    assert other_device.get("/mijn-account/").status_code == 302
    assert Client().login(username="anna", password=NEW)


def test_change_password_refuses_a_wrong_current_password(
    make_user: Callable[..., User],
) -> None:
    client, user = _logged_in(make_user)
    response = client.post(
        "/en" + CHANGE, {"old_password": "fout", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["old_password"]
    assert "not your current password" in errors["old_password"][0]
    assert 'id="error-summary"' in response.content.decode()
    assert _password_is(user, PASSWORD)


@pytest.mark.parametrize(
    ("new1", "new2", "field", "message"),
    [
        (NEW, "Iets-Anders-99", "new_password2", "not the same"),
        ("password123", "password123", "new_password1", "too common"),
        ("kort", "kort", "new_password1", "too short"),
        ("", NEW, "new_password1", "Choose a new password"),
    ],
)
def test_change_password_says_what_is_wrong_with_the_new_one(
    make_user: Callable[..., User], new1: str, new2: str, field: str, message: str
) -> None:
    client, user = _logged_in(make_user)
    response = client.post(
        "/en" + CHANGE, {"old_password": PASSWORD, "new_password1": new1, "new_password2": new2}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert _password_is(user, PASSWORD)


def test_change_password_needs_a_login(client: Client) -> None:
    assert client.get(CHANGE)["Location"].startswith("/inloggen/?next=")


def test_change_password_is_rate_limited(make_user: Callable[..., User], settings: Any) -> None:
    settings.SERVICES_RATE_LIMITS = {"login": (2, 600)}
    client, user = _logged_in(make_user)
    wrong = {"old_password": "fout", "new_password1": NEW, "new_password2": NEW}
    assert [client.post(CHANGE, wrong).status_code for _ in range(2)] == [400, 400]
    right = {**wrong, "old_password": PASSWORD}
    assert client.post(CHANGE, right).status_code == 429
    assert _password_is(user, PASSWORD)


def test_account_without_password_may_set_one(make_user: Callable[..., User]) -> None:
    """An account made through DigiD has no password; it can set one without an old one."""
    client, user = _logged_in(make_user)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    account = client.get("/en/mijn-account/").content.decode()
    assert "Set a password" in account
    page = client.get("/en" + CHANGE)
    assert page.status_code == 200
    assert "old_password" not in page.context["form"].fields
    assert "no password yet" in page.content.decode()
    response = client.post(CHANGE, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert _password_is(user, NEW)
    assert client.get("/mijn-account/").status_code == 200
    assert Client().login(username="anna", password=NEW)


# Changing one's details


def test_change_name_and_situation_without_the_password(make_user: Callable[..., User]) -> None:
    client, user = _logged_in(make_user, email="anna@example.org", situation="working")
    page = client.get(DETAILS)
    assert page.status_code == 200
    assert 'value="anna@example.org"' in page.content.decode()
    response = client.post(
        DETAILS,
        {
            "first_name": " Anna ",
            "last_name": "de Vries",
            "email": "anna@example.org",
            "situation": "job_seeking",
            # Not the person's to change: ignored.
            "role": Role.ADMIN,
            "organisation": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/mijn-account/"
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.situation) == ("Anna", "de Vries", "job_seeking")
    assert (user.role, user.organisation, user.is_staff) == (Role.PERSON, None, False)
    assert mail.outbox == []
    assert "Anna de Vries" in client.get("/mijn-account/").content.decode()


@pytest.mark.parametrize(
    ("password", "message"), [("", "Fill in your password"), ("fout", "not your password")]
)
def test_a_new_email_needs_the_password_and_keeps_what_was_typed(
    make_user: Callable[..., User], password: str, message: str
) -> None:
    client, user = _logged_in(make_user, email="anna@example.org", situation="working")
    data = {
        "first_name": "Anna",
        "last_name": "de Vries",
        "email": "anna.nieuw@example.org",
        "situation": "self_employed",
        "password": password,
    }
    response = client.post("/en" + DETAILS, data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["password"]
    assert message in response.context["form"].errors["password"][0]
    html = response.content.decode()
    assert 'value="anna.nieuw@example.org"' in html and 'value="de Vries"' in html
    assert re.search(r'value="self_employed"[^>]*checked', html)
    user.refresh_from_db()
    assert (user.email, user.last_name) == ("anna@example.org", "")


def test_a_new_email_with_the_password_tells_the_old_address(
    make_user: Callable[..., User],
) -> None:
    client, user = _logged_in(make_user, email="anna@example.org", situation="working")
    data = {"email": "anna.nieuw@example.org", "situation": "working", "password": PASSWORD}
    assert client.post("/en" + DETAILS, data).status_code == 302
    user.refresh_from_db()
    assert user.email == "anna.nieuw@example.org"
    [notice] = mail.outbox
    assert notice.to == ["anna@example.org"]
    assert "e-mail address of your wendbaar account" in notice.subject
    assert "“anna”" in notice.body and "http://testserver/en/inloggen/" in notice.body
    # The new address logs in, and is where reset links go from now on.
    assert (
        Client().post("/inloggen/", {"username": "anna.nieuw@example.org", "password": PASSWORD})[
            "Location"
        ]
        == "/mijn-account/"
    )


@pytest.mark.parametrize("taken_as", ["email", "username"])
def test_an_address_of_another_account_is_refused(
    make_user: Callable[..., User], taken_as: str
) -> None:
    other = {"email": "bob@example.org"} if taken_as == "email" else {}
    make_user("bob@example.org" if taken_as == "username" else "bob", **other)
    client, user = _logged_in(make_user, email="anna@example.org", situation="working")
    data = {"email": "BOB@example.org", "situation": "working", "password": PASSWORD}
    response = client.post("/en" + DETAILS, data)
    assert response.status_code == 400
    assert "Another account already uses" in response.context["form"].errors["email"][0]
    user.refresh_from_db()
    assert user.email == "anna@example.org"


def test_only_persons_have_a_situation_and_digid_accounts_no_password_field(
    make_user: Callable[..., User],
) -> None:
    client, adviser = _logged_in(make_user, username="adviseur", role=Role.ADVISER)
    fields = client.get(DETAILS).context["form"].fields
    assert "situation" not in fields and "password" in fields
    assert client.post(DETAILS, {"first_name": "Bea", "email": ""}).status_code == 302
    adviser.refresh_from_db()
    assert (adviser.first_name, adviser.situation, adviser.role) == ("Bea", "", Role.ADVISER)
    assert adviser.organisation == Organisation.objects.get(slug="org-adviser")

    digid_client, person = _logged_in(make_user, username="person-abc")
    person.set_unusable_password()
    person.save()
    digid_client.force_login(person)
    assert "password" not in digid_client.get(DETAILS).context["form"].fields
    data = {"email": "p@example.org", "situation": "other"}
    assert digid_client.post(DETAILS, data).status_code == 302
    person.refresh_from_db()
    assert person.email == "p@example.org"


# Forgot password


def _reset_link(message: mail.EmailMessage) -> str:
    found = re.search(r"http://testserver(\S+)", str(message.body))
    assert found, message.body
    return found.group(1)


def _follow_reset(client: Client, link: str) -> str:
    """The link from the e-mail redirects to the form (the token moves into the session)."""
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].endswith("/nieuw-wachtwoord/")
    return str(response["Location"])


def test_login_page_links_to_forgot_password(client: Client) -> None:
    assert 'href="/wachtwoord-vergeten/"' in client.get("/inloggen/").content.decode()
    assert 'href="/en/wachtwoord-vergeten/"' in client.get("/en/inloggen/").content.decode()


def test_known_and_unknown_addresses_get_the_same_answer(
    make_user: Callable[..., User],
) -> None:
    make_user(email="anna@example.org")
    without_password = make_user("zonder", email="zonder@example.org")
    without_password.set_unusable_password()
    without_password.save()

    def answer(address: str) -> tuple[int, str, bytes]:
        client = Client()
        response = client.post(RESET, {"email": address})
        follow = client.get(response["Location"])
        return response.status_code, response["Location"], follow.content

    known = answer("ANNA@example.org")
    assert known[:2] == (302, "/wachtwoord-vergeten/verstuurd/")
    assert answer("niemand@example.org") == known
    assert answer("zonder@example.org") == known
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]


def test_reset_by_email_sets_a_new_password_once(make_user: Callable[..., User]) -> None:
    user = make_user(email="anna@example.org")
    client = Client()
    assert client.post("/en" + RESET, {"email": "anna@example.org"})["Location"] == (
        "/en/wachtwoord-vergeten/verstuurd/"
    )
    [message] = mail.outbox
    assert message.subject == "Choose a new password for wendbaar"
    assert "Your user name is: anna" in message.body
    assert "for 72 hours" in message.body
    link = _reset_link(message)
    assert link.startswith("/en/wachtwoord-vergeten/")

    form_url = _follow_reset(client, link)
    assert client.get(form_url).status_code == 200
    mismatch = client.post(form_url, {"new_password1": NEW, "new_password2": "Anders-Anders-12"})
    assert mismatch.status_code == 400
    assert list(mismatch.context["form"].errors) == ["new_password2"]
    assert _password_is(user, PASSWORD)

    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/en/wachtwoord-vergeten/klaar/"
    assert "Log in" in client.get(done["Location"]).content.decode()
    assert _password_is(user, NEW)
    # A reset does not log in.
    assert "_auth_user_id" not in client.session

    # The link works once: the password changed, so its token no longer matches.
    again = Client().get(link)
    assert again.status_code == 400
    assert "This link does not work" in again.content.decode()
    replay = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert replay.status_code == 400
    assert _password_is(user, NEW)


def test_a_broken_or_expired_link_says_so(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_user(email="anna@example.org")
    Client().post(RESET, {"email": "anna@example.org"})
    link = _reset_link(mail.outbox[0])
    broken = Client().get(link.replace("/wachtwoord-vergeten/", "/wachtwoord-vergeten/x"))
    assert broken.status_code == 400
    assert not broken.context["validlink"]
    later = datetime.now() + timedelta(days=4)  # PASSWORD_RESET_TIMEOUT is three days
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    expired = Client().get("/en" + link)
    assert expired.status_code == 400
    assert "too old" in expired.content.decode()


def test_reset_does_not_skip_two_step_verification(make_user: Callable[..., User]) -> None:
    user = make_user(email="anna@example.org")
    setup = totp.start_setup(user)
    assert totp.confirm(user, pyotp.TOTP(setup.secret).now()) is not None
    client = Client()
    client.post(RESET, {"email": "anna@example.org"})
    form_url = _follow_reset(client, _reset_link(mail.outbox[0]))
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert _password_is(user, NEW)
    assert "_auth_user_id" not in client.session
    step = client.post("/inloggen/", {"username": "anna", "password": NEW})
    assert step["Location"] == "/inloggen/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/mijn-account/").status_code == 302


def test_reset_requests_are_rate_limited(make_user: Callable[..., User], settings: Any) -> None:
    settings.SERVICES_RATE_LIMITS = {"login": (2, 600)}
    make_user(email="anna@example.org")
    client = Client()
    for _ in range(2):
        assert client.post(RESET, {"email": "niemand@example.org"}).status_code == 302
    blocked = client.post("/en" + RESET, {"email": "anna@example.org"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert mail.outbox == []


def test_reset_request_form_says_what_is_wrong(client: Client) -> None:
    for address, message in [("", "Fill in your e-mail address"), ("anna@", "not a valid")]:
        response = client.post("/en" + RESET, {"email": address})
        assert response.status_code == 400
        assert message in response.context["form"].errors["email"][0]
    assert mail.outbox == []


def test_account_page_links_to_details_and_password(make_user: Callable[..., User]) -> None:
    client, _user = _logged_in(make_user)
    html = client.get("/mijn-account/").content.decode()
    assert f'href="{DETAILS}"' in html and f'href="{CHANGE}"' in html
