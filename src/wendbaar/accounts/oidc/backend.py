"""Log in or link an account with an OpenID Connect provider (a DigiD/eHerkenning broker).

The person is recognised by the provider's ``sub`` claim (a pseudonym at a broker),
stored with the provider in :class:`ExternalIdentity`; never by e-mail and never by a
BSN. A new subject gets a new person account without a password; a subject that comes
back while someone is logged in is linked to that account.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from wendbaar.accounts.models import ExternalIdentity, Role, User


def enabled() -> bool:
    return bool(getattr(settings, "WENDBAAR_OIDC_ENABLED", False))


class OidcBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # mozilla-django-oidc reads its settings here and fails when they are missing.
        if enabled():
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    @property
    def issuer(self) -> str:
        return str(getattr(settings, "WENDBAAR_OIDC_ISSUER", ""))

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not enabled():
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The user info must be about the subject of the signed ID token."""
        claims = super().get_userinfo(access_token, id_token, payload)
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the user info is about another subject than the ID token")
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        subject = str(claims["sub"])
        found = User.objects.filter(
            external_identities__issuer=self.issuer, external_identities__subject=subject
        )
        if found.exists():
            return found
        current = getattr(self.request, "user", None)
        if current is not None and current.is_authenticated:
            ExternalIdentity.objects.create(user=current, issuer=self.issuer, subject=subject)
            return User.objects.filter(pk=current.pk)
        return found

    def create_user(self, claims: dict[str, Any]) -> User:
        with transaction.atomic():
            user = User(
                username=f"{Role.PERSON}-{secrets.token_hex(6)}",
                first_name=str(claims.get("given_name", ""))[:150],
                last_name=str(claims.get("family_name", ""))[:150],
                role=Role.PERSON,
            )
            user.set_unusable_password()
            user.save()
            ExternalIdentity.objects.create(
                user=user,
                issuer=self.issuer,
                subject=str(claims["sub"]),
                last_login_at=timezone.now(),
            )
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        ExternalIdentity.objects.filter(
            user=user, issuer=self.issuer, subject=str(claims["sub"])
        ).update(last_login_at=timezone.now())
        return user
