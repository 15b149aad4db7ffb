"""OpenID Connect settings from the environment (no Django imports: settings.py calls it).

In settings.py::

    from wendbaar.accounts.oidc.config import oidc_settings

    globals().update(oidc_settings(os.environ, production=PRODUCTION))

Login through a broker (DigiD, eHerkenning) is on when ``WENDBAAR_OIDC_CLIENT_ID`` is set.
``WENDBAAR_OIDC_MOCK=1`` switches on the local test provider at ``/oidc/mock/`` and, when
no client id is set, points the login at it; it is refused in production.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
OIDC_BACKEND = "wendbaar.accounts.oidc.backend.OidcBackend"
MOCK_CLIENT_ID = "wendbaar-mock"
# Long enough for HS256 (RFC 7518 asks for at least 256 bits); only for the mock.
MOCK_CLIENT_SECRET = "wendbaar-mock-client-secret-for-development-only"
MOCK_PATH = "/oidc/mock/"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def oidc_settings(environ: Mapping[str, str], *, production: bool) -> dict[str, Any]:
    mock = environ.get("WENDBAAR_OIDC_MOCK", "0") == "1"
    if mock and production:
        raise RuntimeError("WENDBAAR_OIDC_MOCK=1 is for development and tests, never production")
    values = dict(environ)
    if mock and not values.get("WENDBAAR_OIDC_CLIENT_ID"):
        base = values.get("WENDBAAR_OIDC_MOCK_URL", "http://127.0.0.1:8000").rstrip("/") + MOCK_PATH
        values.update(
            WENDBAAR_OIDC_CLIENT_ID=MOCK_CLIENT_ID,
            WENDBAAR_OIDC_CLIENT_SECRET=values.get(
                "WENDBAAR_OIDC_CLIENT_SECRET", MOCK_CLIENT_SECRET
            ),
            WENDBAAR_OIDC_AUTHORIZATION_ENDPOINT=base + "authorize/",
            WENDBAAR_OIDC_TOKEN_ENDPOINT=base + "token/",
            WENDBAAR_OIDC_USERINFO_ENDPOINT=base + "userinfo/",
            WENDBAAR_OIDC_SIGN_ALGO="HS256",
            WENDBAAR_OIDC_ISSUER=base.rstrip("/"),
            WENDBAAR_OIDC_NAME=values.get("WENDBAAR_OIDC_NAME", "DigiD (test)"),
        )
    result: dict[str, Any] = {
        "WENDBAAR_OIDC_MOCK": mock,
        "WENDBAAR_OIDC_ENABLED": False,
        "AUTHENTICATION_BACKENDS": [MODEL_BACKEND],
    }
    client_id = values.get("WENDBAAR_OIDC_CLIENT_ID", "")
    if not client_id:
        return result

    def need(name: str) -> str:
        value = values.get(name, "")
        if not value:
            raise RuntimeError(f"{name} must be set when WENDBAAR_OIDC_CLIENT_ID is set")
        return value

    authorization = need("WENDBAAR_OIDC_AUTHORIZATION_ENDPOINT")
    algorithm = values.get("WENDBAAR_OIDC_SIGN_ALGO", "RS256")
    jwks = values.get("WENDBAAR_OIDC_JWKS_ENDPOINT") or None
    if algorithm != "HS256" and not jwks:
        raise RuntimeError(f"WENDBAAR_OIDC_JWKS_ENDPOINT must be set for {algorithm}")
    result.update(
        WENDBAAR_OIDC_ENABLED=True,
        WENDBAAR_OIDC_NAME=values.get("WENDBAAR_OIDC_NAME", "DigiD"),
        WENDBAAR_OIDC_ISSUER=values.get("WENDBAAR_OIDC_ISSUER") or _origin(authorization),
        AUTHENTICATION_BACKENDS=[MODEL_BACKEND, OIDC_BACKEND],
        OIDC_RP_CLIENT_ID=client_id,
        OIDC_RP_CLIENT_SECRET=need("WENDBAAR_OIDC_CLIENT_SECRET"),
        OIDC_OP_AUTHORIZATION_ENDPOINT=authorization,
        OIDC_OP_TOKEN_ENDPOINT=need("WENDBAAR_OIDC_TOKEN_ENDPOINT"),
        OIDC_OP_USER_ENDPOINT=need("WENDBAAR_OIDC_USERINFO_ENDPOINT"),
        OIDC_OP_JWKS_ENDPOINT=jwks,
        OIDC_RP_SIGN_ALGO=algorithm,
        OIDC_RP_SCOPES=values.get("WENDBAAR_OIDC_SCOPES", "openid"),
        OIDC_USE_PKCE=True,
        OIDC_TIMEOUT=10,
        OIDC_CREATE_USER=True,
    )
    return result
