"""Personal API tokens: made once, shown once, kept as a hash."""

from __future__ import annotations

from django.utils import timezone

from wendbaar.accounts.models import ApiToken, User
from wendbaar.accounts.secrets import API_TOKEN_PREFIX, hash_code, new_api_token

PREFIX_LENGTH = len(API_TOKEN_PREFIX) + 6


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """The stored token and the plain token, which the caller shows once."""
    plain = new_api_token()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=plain[:PREFIX_LENGTH], token_hash=hash_code(plain)
    )
    return token, plain


def user_for_token(plain: str) -> tuple[User, ApiToken] | None:
    """The active account a token belongs to; marks the token as used."""
    if not plain.startswith(API_TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_code(plain)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user, token
