"""Roles in views and in the API, personal API tokens and GET /api/v1/me."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from rest_framework.test import APIClient

from wendbaar.accounts.models import ApiToken, Role, User
from wendbaar.accounts.permissions import HasRole, role_required
from wendbaar.accounts.tests.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("wendbaar.accounts.tests.urls")]


def test_role_required_view(client: Client, make_user: Callable[..., User]) -> None:
    anonymous = client.get("/test/issuer/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].endswith("?next=/test/issuer/")
    make_user("werkzoeker")
    client.login(username="werkzoeker", password=PASSWORD)
    refused = client.get("/en/test/issuer/")
    assert refused.status_code == 403
    assert "only for: education or EVC provider" in refused.content.decode()
    make_user("school", role=Role.ISSUER)
    client.login(username="school", password=PASSWORD)
    assert client.get("/test/issuer/").content == b"issuer page"
    make_user("beheerder", role=Role.ADMIN)
    client.login(username="beheerder", password=PASSWORD)
    assert client.get("/test/issuer/").status_code == 200


def test_role_mixin(client: Client, make_user: Callable[..., User]) -> None:
    make_user("school", role=Role.ISSUER)
    client.login(username="school", password=PASSWORD)
    assert client.get("/test/editor/").status_code == 403
    make_user("redacteur", role=Role.EDITOR)
    client.login(username="redacteur", password=PASSWORD)
    assert client.get("/test/editor/").content == b"editor page"


def test_inactive_accounts_have_no_role(make_user: Callable[..., User]) -> None:
    user = make_user("school", role=Role.ISSUER, is_active=False)
    assert not user.has_role(Role.ISSUER)


def test_misspelt_roles_fail_at_once() -> None:
    with pytest.raises(ValueError):
        role_required("isuer")
    with pytest.raises(ValueError):
        HasRole()


def _token_for(client: Client, user: User, name: str = "koppeling") -> str:
    client.login(username=user.username, password=PASSWORD)
    response = client.post("/mijn-account/tokens/", {"name": name})
    assert response.status_code == 201
    plain: str = response.context["new_token"]
    assert plain in response.content.decode()
    return plain


def test_token_made_on_the_account_page_is_stored_hashed(
    client: Client, make_user: Callable[..., User]
) -> None:
    issuer = make_user("school", role=Role.ISSUER)
    plain = _token_for(client, issuer)
    stored = ApiToken.objects.get(user=issuer)
    assert plain not in (stored.token_hash, stored.prefix) and plain.startswith(stored.prefix)
    # Shown once: the account page does not show it again.
    assert plain not in client.get("/mijn-account/").content.decode()
    empty = client.post("/mijn-account/tokens/", {"name": ""})
    assert empty.status_code == 400


def test_persons_cannot_make_tokens(client: Client, make_user: Callable[..., User]) -> None:
    make_user("werkzoeker")
    client.login(username="werkzoeker", password=PASSWORD)
    assert client.post("/mijn-account/tokens/", {"name": "x"}).status_code == 403
    assert "API tokens" not in client.get("/en/mijn-account/").content.decode()


def test_role_in_the_api_with_a_bearer_token(
    client: Client, make_user: Callable[..., User]
) -> None:
    issuer = make_user("school", role=Role.ISSUER)
    employer = make_user("werkgever", role=Role.EMPLOYER)
    issuer_token = _token_for(Client(), issuer)
    employer_token = _token_for(Client(), employer)
    api = APIClient()
    assert api.post("/test/api/issue").status_code == 401
    assert api.post("/test/api/issue").headers["WWW-Authenticate"].startswith("Bearer")
    wrong = api.post("/test/api/issue", HTTP_AUTHORIZATION="Bearer wb_unknown")
    assert wrong.status_code == 401
    refused = api.post("/test/api/issue", HTTP_AUTHORIZATION=f"Bearer {employer_token}")
    assert refused.status_code == 403
    # The message names the role it needs (API paths are answered in the default language).
    assert "EVC" in refused.json()["detail"]
    ok = api.post("/test/api/issue", HTTP_AUTHORIZATION=f"Bearer {issuer_token}")
    assert ok.status_code == 200 and ok.json() == {"issued_by": "school"}
    assert ApiToken.objects.get(user=issuer).last_used_at is not None
    # Revoked on the account page: the token stops working.
    client.login(username="school", password=PASSWORD)
    client.post(f"/mijn-account/tokens/{ApiToken.objects.get(user=issuer).pk}/intrekken/")
    assert (
        api.post("/test/api/issue", HTTP_AUTHORIZATION=f"Bearer {issuer_token}").status_code == 401
    )
    # A switched-off account's token stops working too.
    User.objects.filter(pk=employer.pk).update(is_active=False)
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {employer_token}").status_code == 401


def test_me(client: Client, make_user: Callable[..., User]) -> None:
    api = APIClient()
    assert api.get("/api/v1/me").status_code == 401
    issuer = make_user("school", role=Role.ISSUER)
    token = _token_for(Client(), issuer)
    data = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["username"] == "school"
    assert data["role"] == "issuer"
    assert data["organisation"] == {
        "name": "Organisatie issuer",
        "slug": "org-issuer",
        "kind": "employer",
    }
    assert data["two_step_verification"] is False
    person = make_user("werkzoeker", situation="working")
    session = APIClient()
    session.force_login(person)
    me = session.get("/api/v1/me").json()
    assert (me["role"], me["situation"], me["organisation"]) == ("person", "working", None)


def test_token_management_api(make_user: Callable[..., User]) -> None:
    employer = make_user("werkgever", role=Role.EMPLOYER)
    session = APIClient(enforce_csrf_checks=False)
    session.force_login(employer)
    made = session.post("/api/v1/me/tokens", {"name": "HR-systeem"}, format="json")
    assert made.status_code == 201
    token = made.json()["token"]
    listed = session.get("/api/v1/me/tokens").json()
    assert [item["name"] for item in listed] == ["HR-systeem"]
    assert "token" not in listed[0]
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.post("/api/v1/me/tokens", {"name": "meer"}, format="json").status_code == 403
    assert with_token.delete(f"/api/v1/me/tokens/{made.json()['id']}").status_code == 204
    assert with_token.get("/api/v1/me").status_code == 401
    person = make_user("werkzoeker")
    session.force_login(person)
    assert session.get("/api/v1/me/tokens").status_code == 403
