"""A small OpenID Connect provider for development and tests, standing in for a broker.

It serves the authorization code flow with PKCE: ``authorize/`` (a page to choose a
test person), ``token/`` (an HS256 ID token signed with the client secret) and
``userinfo/``. It answers only when ``WENDBAAR_OIDC_MOCK`` is on and never in production.
The test persons are made up; their subjects look like a broker's pseudonyms.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

TEST_PERSONS = [
    {"sub": "mock-pseudonym-0001", "given_name": "Anna", "family_name": "de Vries"},
    {"sub": "mock-pseudonym-0002", "given_name": "Mohamed", "family_name": "El Amrani"},
    {"sub": "mock-pseudonym-0003", "given_name": "Sanne", "family_name": "Jansen"},
]
CODE_SECONDS = 120
TOKEN_SECONDS = 600
FLOW_FIELDS = ("redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method")


def _check_enabled() -> None:
    if not getattr(settings, "WENDBAAR_OIDC_MOCK", False) or getattr(settings, "PRODUCTION", False):
        raise Http404


def _setting(name: str) -> str:
    return str(getattr(settings, name, ""))


def _issuer(request: HttpRequest) -> str:
    return str(getattr(settings, "WENDBAAR_OIDC_ISSUER", "")) or request.build_absolute_uri(
        "/oidc/mock"
    )


def _error(error: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    _check_enabled()
    params = request.POST if request.method == "POST" else request.GET
    flow = {name: params.get(name, "") for name in FLOW_FIELDS}
    allowed = {request.get_host(), *settings.ALLOWED_HOSTS}
    problems = []
    if params.get("client_id") != _setting("OIDC_RP_CLIENT_ID"):
        problems.append("unknown client_id")
    if request.method == "GET" and params.get("response_type") != "code":
        problems.append("response_type must be code")
    if not flow["redirect_uri"] or not url_has_allowed_host_and_scheme(
        flow["redirect_uri"], allowed_hosts=allowed
    ):
        problems.append("redirect_uri is missing or not on this site")
    if problems:
        return HttpResponse("; ".join(problems), status=400, content_type="text/plain")
    if request.method == "POST":
        person = next((p for p in TEST_PERSONS if p["sub"] == params.get("person")), None)
        if person is not None:
            code = secrets.token_urlsafe(24)
            cache.set(
                f"oidc-mock:code:{code}",
                {**flow, "client_id": params["client_id"], "person": person},
                CODE_SECONDS,
            )
            query = urlencode({"code": code, "state": flow["state"]})
            return HttpResponseRedirect(f"{flow['redirect_uri']}?{query}")
    return render(
        request,
        "accounts/oidc_mock_authorize.html",
        {
            "persons": TEST_PERSONS,
            "flow": flow,
            "client_id": params.get("client_id"),
            "not_chosen": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


def _client(request: HttpRequest) -> tuple[str, str]:
    """client_secret_basic or client_secret_post."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return "", ""
        return client_id, secret
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def _pkce_matches(flow: dict[str, Any], verifier: str) -> bool:
    challenge = flow.get("code_challenge", "")
    if not challenge:
        return True
    if flow.get("code_challenge_method") != "S256":
        return False
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return hmac.compare_digest(computed, challenge)


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    _check_enabled()
    client_id, secret = _client(request)
    expected = _setting("OIDC_RP_CLIENT_SECRET")
    if client_id != _setting("OIDC_RP_CLIENT_ID") or not hmac.compare_digest(secret, expected):
        return _error("invalid_client", "unknown client or wrong secret", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type", "only authorization_code")
    code = request.POST.get("code", "")
    flow = cache.get(f"oidc-mock:code:{code}") if code else None
    if flow is None:
        return _error("invalid_grant", "unknown, used or expired code")
    cache.delete(f"oidc-mock:code:{code}")
    if flow["client_id"] != client_id or flow["redirect_uri"] != request.POST.get("redirect_uri"):
        return _error("invalid_grant", "the code was given to another client or redirect_uri")
    if not _pkce_matches(flow, request.POST.get("code_verifier", "")):
        return _error("invalid_grant", "the code_verifier does not match the code_challenge")
    person = flow["person"]
    now = int(time.time())
    claims = {
        "iss": _issuer(request),
        "sub": person["sub"],
        "aud": client_id,
        "iat": now,
        "exp": now + TOKEN_SECONDS,
    }
    if flow.get("nonce"):
        claims["nonce"] = flow["nonce"]
    access_token = secrets.token_urlsafe(32)
    cache.set(f"oidc-mock:access:{access_token}", person, TOKEN_SECONDS)
    return JsonResponse(
        {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "id_token": jwt.encode(claims, expected, algorithm="HS256"),
        }
    )


@require_GET
def userinfo(request: HttpRequest) -> JsonResponse:
    _check_enabled()
    header = request.META.get("HTTP_AUTHORIZATION", "")
    person = cache.get(f"oidc-mock:access:{header[7:]}") if header.startswith("Bearer ") else None
    if person is None:
        response = _error("invalid_token", "unknown or expired access token", 401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return JsonResponse(person)
