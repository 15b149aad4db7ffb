"""``Authorization: Bearer <token>`` for Django REST framework, with personal API tokens."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from wendbaar.accounts.api.tokens import user_for_token


class TokenAuthentication(authentication.BaseAuthentication):
    """Put it first in the list so unauthenticated API calls answer 401 with a challenge."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after “Bearer ”, without spaces in it.")
            )
        try:
            plain = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        found = user_for_token(plain)
        if found is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it is unknown, revoked or its account is switched off.")
            )
        return found

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
