"""OpenID Connect login through the mock provider: a real round trip over HTTP.

The browser's part runs through Django's test client; the back channel (token and
user info) goes with requests to the same app served by pytest-django's live server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from wendbaar.accounts.models import ExternalIdentity, Role, User
from wendbaar.accounts.oidc.config import MOCK_CLIENT_ID, OIDC_BACKEND, oidc_settings
from wendbaar.accounts.oidc.mock import TEST_PERSONS
from wendbaar.accounts.tests.conftest import PASSWORD

pytestmark = pytest.mark.urls("wendbaar.accounts.tests.urls")


@pytest.fixture
def mock_provider(live_server: Any, settings: Any) -> str:
    values = oidc_settings(
        {"WENDBAAR_OIDC_MOCK": "1", "WENDBAAR_OIDC_MOCK_URL": live_server.url}, production=False
    )
    for name, value in values.items():
        setattr(settings, name, value)
    return str(live_server.url)


def _choose(client: Client, person: str, next_url: str = "/mijn-account/") -> Any:
    """Start at our login, choose a test person at the provider, come back to the callback."""
    start = client.get(f"/oidc/authenticate/?next={next_url}")
    assert start.status_code == 302
    authorize = urlsplit(start["Location"])
    query = parse_qs(authorize.query)
    assert query["client_id"] == [MOCK_CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    page = client.get(f"{authorize.path}?{authorize.query}")
    assert page.status_code == 200
    assert "Anna de Vries" in page.content.decode()
    form = {name: values[0] for name, values in query.items()}
    chosen = client.post(authorize.path, {**form, "person": person})
    assert chosen.status_code == 302
    back = urlsplit(chosen["Location"])
    assert back.path == "/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_round_trip_creates_then_recognises_a_person(
    mock_provider: str, transactional_db: None
) -> None:
    client = Client()
    done = _choose(client, TEST_PERSONS[0]["sub"])
    assert done.status_code == 302 and done["Location"] == "/mijn-account/"
    identity = ExternalIdentity.objects.get()
    assert identity.subject == "mock-pseudonym-0001"
    assert identity.issuer == mock_provider + "/oidc/mock"
    user = identity.user
    assert (user.role, user.first_name, user.last_name) == (Role.PERSON, "Anna", "de Vries")
    assert not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/mijn-account/").status_code == 200

    again = Client()
    assert _choose(again, TEST_PERSONS[0]["sub"]).status_code == 302
    assert again.session["_auth_user_id"] == str(user.pk)
    assert User.objects.count() == 1
    assert ExternalIdentity.objects.get().last_login_at is not None


def test_a_logged_in_account_links_its_subject(mock_provider: str, transactional_db: None) -> None:
    user = User.objects.create_user("anna", password=PASSWORD)
    client = Client()
    client.force_login(user)
    assert "Link DigiD (test)" in client.get("/en/mijn-account/").content.decode()
    assert _choose(client, TEST_PERSONS[1]["sub"])["Location"] == "/mijn-account/"
    assert ExternalIdentity.objects.get().user == user
    assert "Link DigiD (test)" not in client.get("/en/mijn-account/").content.decode()
    assert User.objects.count() == 1
    fresh = Client()
    _choose(fresh, TEST_PERSONS[1]["sub"])
    assert fresh.session["_auth_user_id"] == str(user.pk)


def test_a_code_works_once_and_a_wrong_state_is_refused(
    mock_provider: str, transactional_db: None
) -> None:
    client = Client()
    start = urlsplit(client.get("/oidc/authenticate/")["Location"])
    query = {name: values[0] for name, values in parse_qs(start.query).items()}
    back = urlsplit(
        client.post(start.path, {**query, "person": TEST_PERSONS[2]["sub"]})["Location"]
    )
    params = parse_qs(back.query)
    forged = client.get("/oidc/callback/", {"code": params["code"][0], "state": "forged"})
    assert forged.status_code == 400
    assert User.objects.count() == 0

    # The mock refuses a code twice; our callback says so on the login page, no 500.
    other = Client()
    start = urlsplit(other.get("/oidc/authenticate/")["Location"])
    query = {name: values[0] for name, values in parse_qs(start.query).items()}
    back = urlsplit(other.post(start.path, {**query, "person": TEST_PERSONS[2]["sub"]})["Location"])
    assert other.get(f"{back.path}?{back.query}").status_code == 302
    third = Client()
    third.cookies = other.cookies
    start = urlsplit(third.get("/oidc/authenticate/")["Location"])
    state = parse_qs(start.query)["state"][0]
    code = parse_qs(back.query)["code"][0]
    failed = third.get("/oidc/callback/", {"code": code, "state": state})
    assert failed.status_code == 302 and failed["Location"] == "/inloggen/"


def test_the_mock_checks_client_and_pkce(mock_provider: str, transactional_db: None) -> None:
    import requests

    token_url = mock_provider + "/oidc/mock/token/"
    wrong_secret = requests.post(
        token_url, data={"client_id": MOCK_CLIENT_ID, "client_secret": "x", "code": "y"}, timeout=10
    )
    assert wrong_secret.status_code == 401
    assert wrong_secret.json()["error"] == "invalid_client"
    no_token = requests.get(mock_provider + "/oidc/mock/userinfo/", timeout=10)
    assert no_token.status_code == 401
    client = Client()
    bad_redirect = client.get(
        "/oidc/mock/authorize/",
        {
            "client_id": MOCK_CLIENT_ID,
            "response_type": "code",
            "redirect_uri": "https://evil.example/cb",
        },
    )
    assert bad_redirect.status_code == 400


def test_nothing_answers_while_off(client: Client, settings: Any, db: None) -> None:
    settings.WENDBAAR_OIDC_ENABLED = False
    settings.WENDBAAR_OIDC_MOCK = False
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404
    assert client.get("/oidc/mock/authorize/").status_code == 404
    assert client.post("/oidc/mock/token/").status_code == 404
    assert "/oidc/authenticate/" not in client.get("/inloggen/").content.decode()


def test_mock_is_never_on_in_production(settings: Any, client: Client, db: None) -> None:
    with pytest.raises(RuntimeError, match="never production"):
        oidc_settings({"WENDBAAR_OIDC_MOCK": "1"}, production=True)
    settings.WENDBAAR_OIDC_MOCK = True
    settings.PRODUCTION = True
    settings.OIDC_RP_CLIENT_ID = MOCK_CLIENT_ID
    assert client.get("/oidc/mock/authorize/").status_code == 404


def test_settings_from_the_environment() -> None:
    off = oidc_settings({}, production=True)
    assert off["WENDBAAR_OIDC_ENABLED"] is False
    assert OIDC_BACKEND not in off["AUTHENTICATION_BACKENDS"]
    broker = {
        "WENDBAAR_OIDC_CLIENT_ID": "wendbaar",
        "WENDBAAR_OIDC_CLIENT_SECRET": "s",
        "WENDBAAR_OIDC_AUTHORIZATION_ENDPOINT": "https://broker.example/authorize",
        "WENDBAAR_OIDC_TOKEN_ENDPOINT": "https://broker.example/token",
        "WENDBAAR_OIDC_USERINFO_ENDPOINT": "https://broker.example/userinfo",
        "WENDBAAR_OIDC_JWKS_ENDPOINT": "https://broker.example/jwks",
    }
    on = oidc_settings(broker, production=True)
    assert on["WENDBAAR_OIDC_ENABLED"] is True
    assert on["AUTHENTICATION_BACKENDS"][-1] == OIDC_BACKEND
    assert (on["OIDC_RP_SIGN_ALGO"], on["OIDC_USE_PKCE"]) == ("RS256", True)
    assert on["WENDBAAR_OIDC_ISSUER"] == "https://broker.example"
    without_jwks = {k: v for k, v in broker.items() if k != "WENDBAAR_OIDC_JWKS_ENDPOINT"}
    with pytest.raises(RuntimeError, match="JWKS"):
        oidc_settings(without_jwks, production=True)
    with pytest.raises(RuntimeError, match="TOKEN_ENDPOINT"):
        oidc_settings({**broker, "WENDBAAR_OIDC_TOKEN_ENDPOINT": ""}, production=True)


def test_login_page_offers_the_provider(mock_provider: str, transactional_db: None) -> None:
    html = Client().get("/en/inloggen/").content.decode()
    assert "Log in with DigiD (test)" in html
    assert 'href="/oidc/authenticate/?next=' in html
