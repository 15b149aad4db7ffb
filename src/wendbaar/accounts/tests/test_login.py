"""Registration, login with and without the second factor, recovery codes, logout."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from types import SimpleNamespace

import pyotp
import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import Client
from django.urls import reverse

from wendbaar.accounts import totp
from wendbaar.accounts.models import Role, TotpDevice, User
from wendbaar.accounts.secrets import decrypt_secret
from wendbaar.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD = {
    "login_name": "anna@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "situation": "job_seeking",
}


def test_an_older_pbkdf2_hash_is_rehashed_with_argon2_at_login(client: Client) -> None:
    user = User.objects.create(username="oud", role=Role.PERSON)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    response = client.post("/inloggen/", {"username": "oud", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(PASSWORD)


def test_registration_makes_a_person_and_logs_in(client: Client) -> None:
    response = client.post("/registreren/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/mijn-account/"
    user = User.objects.get(username="anna@example.org")
    assert (user.email, user.role, user.situation) == (
        "anna@example.org",
        Role.PERSON,
        "job_seeking",
    )
    # Argon2id, never the plain password.
    assert identify_hasher(user.password).algorithm == "argon2"
    assert PASSWORD not in user.password
    page = client.get("/mijn-account/")
    assert page.status_code == 200
    assert "anna@example.org" in page.content.decode()


def test_registration_with_a_user_name_has_no_email(client: Client) -> None:
    assert client.post("/registreren/", {**GOOD, "login_name": "anna_b"}).status_code == 302
    assert User.objects.get(username="anna_b").email == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "entirely numeric"),
        ({"password1": "welkom", "password2": "welkom"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"password2": "Iets-Anders-99"}, "password2", "not the same"),
        ({"login_name": "anna de vries"}, "login_name", "no spaces"),
        ({"login_name": "anna@"}, "login_name", "not a valid e-mail"),
        ({"situation": ""}, "situation", "Choose your situation"),
    ],
)
def test_bad_registration_says_what_is_wrong_and_keeps_input(
    client: Client, change: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/en/registreren/", {**GOOD, **change})
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert User.objects.count() == 0
    # What was typed stays (passwords excepted, as they should be).
    if field != "login_name":
        assert 'value="anna@example.org"' in html
    if field != "situation":
        assert re.search(r'value="job_seeking"[^>]*checked', html)


def test_a_taken_name_is_refused_case_insensitively(
    client: Client, make_user: Callable[..., User]
) -> None:
    make_user("Anna@Example.org", email="anna@example.org")
    response = client.post("/en/registreren/", GOOD)
    assert response.status_code == 400
    assert "already is an account" in " ".join(response.context["form"].errors["login_name"])


def test_password_similar_to_the_name_is_refused(client: Client) -> None:
    data = {
        **GOOD,
        "login_name": "zwaluwnest",
        "password1": "zwaluwnest1",
        "password2": "zwaluwnest1",
    }
    response = client.post("/en/registreren/", data)
    assert response.status_code == 400
    assert "too similar" in " ".join(response.context["form"].errors["password1"])


def test_login_with_user_name_or_email_and_a_safe_next(
    client: Client, make_user: Callable[..., User]
) -> None:
    make_user("anna", email="anna@example.org")
    bad = client.post("/en/inloggen/", {"username": "anna", "password": "fout"})
    assert bad.status_code == 400
    assert "not right" in bad.content.decode()
    ok = client.post(
        "/inloggen/", {"username": "ANNA@example.org", "password": PASSWORD, "next": "/wat-kun-je/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/wat-kun-je/"
    client.post("/uitloggen/")
    evil = client.post(
        "/inloggen/", {"username": "anna", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/mijn-account/"


def test_login_page_and_account_page_in_english(
    client: Client, make_user: Callable[..., User]
) -> None:
    assert client.get("/en/inloggen/").status_code == 200
    assert client.get("/mijn-account/")["Location"].startswith("/inloggen/?next=")
    make_user()
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    page = client.get("/en/mijn-account/")
    assert '<html lang="en">' in page.content.decode()


def test_logout_needs_post(client: Client, make_user: Callable[..., User]) -> None:
    make_user()
    client.login(username="anna", password=PASSWORD)
    assert client.get("/uitloggen/").status_code == 405
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/mijn-account/").status_code == 302


def test_login_is_rate_limited(client: Client, make_user: Callable[..., User], settings) -> None:  # type: ignore[no-untyped-def]
    settings.SERVICES_RATE_LIMITS = {"login": (3, 600)}
    make_user()
    for _ in range(3):
        assert (
            client.post("/inloggen/", {"username": "anna", "password": "fout"}).status_code == 400
        )
    blocked = client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> float:
    """The server's TOTP clock stands still, so a slow run never crosses a 30-second step
    between making a code and sending it (the tests say which step they mean)."""
    now = time.time()
    monkeypatch.setattr(totp, "time", SimpleNamespace(time=lambda: now))
    return now


def _enable_totp(client: Client, user: User) -> tuple[str, list[str]]:
    page = client.get("/mijn-account/tweestapsverificatie/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="totp-qr__code"' in html
    secret = decrypt_secret(TotpDevice.objects.get(user=user).encrypted_secret)
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    wrong = client.post("/mijn-account/tweestapsverificatie/", {"code": "000000"})
    assert wrong.status_code == 400 and not totp.is_enabled(user)
    code = pyotp.TOTP(secret).at(totp.time.time())
    done = client.post("/mijn-account/tweestapsverificatie/", {"code": code})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert totp.is_enabled(user)
    return secret, codes


def test_login_with_totp_and_recovery_code(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user()
    client.login(username="anna", password=PASSWORD)
    secret, codes = _enable_totp(client, user)
    device = TotpDevice.objects.get(user=user)
    assert secret not in device.encrypted_secret
    client.post("/uitloggen/")

    # The password alone does not log in: the code step follows.
    step = client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert step["Location"] == "/inloggen/code/"
    assert "_auth_user_id" not in client.session
    assert client.get("/mijn-account/").status_code == 302
    assert client.post("/inloggen/code/", {"code": "123456"}).status_code == 400
    # The code used to switch on was this time step's: it is not accepted twice.
    reused = client.post("/inloggen/code/", {"code": pyotp.TOTP(secret).at(totp.time.time())})
    assert reused.status_code == 400
    next_step = pyotp.TOTP(secret).at(totp.time.time() + 30)
    assert client.post("/inloggen/code/", {"code": next_step})["Location"] == "/mijn-account/"
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/uitloggen/")

    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    used = client.post("/inloggen/code/", {"code": codes[0].upper().replace("-", " ")})
    assert used.status_code == 302
    assert totp.remaining_recovery_codes(user) == 9
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    assert client.post("/inloggen/code/", {"code": codes[0]}).status_code == 400


def test_code_step_expires(
    client: Client, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user()
    client.login(username="anna", password=PASSWORD)
    secret, _codes = _enable_totp(client, user)
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    later = time.time() + 600
    monkeypatch.setattr("wendbaar.accounts.views.time.time", lambda: later)
    response = client.post("/inloggen/code/", {"code": pyotp.TOTP(secret).at(later)})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_switch_off_and_new_codes_need_the_password(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user()
    client.login(username="anna", password=PASSWORD)
    _secret, codes = _enable_totp(client, user)
    wrong = client.post(
        "/mijn-account/tweestapsverificatie/herstelcodes/", {"codes-password": "fout"}
    )
    assert wrong.status_code == 400
    fresh = client.post(
        "/mijn-account/tweestapsverificatie/herstelcodes/", {"codes-password": PASSWORD}
    )
    assert set(fresh.context["codes"]).isdisjoint(codes)
    assert (
        client.post(
            "/mijn-account/tweestapsverificatie/uitzetten/", {"disable-password": "fout"}
        ).status_code
        == 400
    )
    assert totp.is_enabled(user)
    client.post("/mijn-account/tweestapsverificatie/uitzetten/", {"disable-password": PASSWORD})
    assert not totp.is_enabled(user)
    assert not user.recovery_codes.exists()


def test_five_wrong_codes_ask_for_the_password_again(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user()
    client.login(username="anna", password=PASSWORD)
    secret, _codes = _enable_totp(client, user)
    client.post("/uitloggen/")
    client.post("/inloggen/", {"username": "anna", "password": PASSWORD})
    for _ in range(4):
        assert client.post("/inloggen/code/", {"code": "000000"}).status_code == 400
    assert client.post("/inloggen/code/", {"code": "000000"})["Location"] == reverse(
        "accounts:login"
    )
    late = client.post("/inloggen/code/", {"code": pyotp.TOTP(secret).at(totp.time.time() + 30)})
    assert late["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
