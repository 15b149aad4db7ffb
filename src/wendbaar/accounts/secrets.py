"""Secrets of accounts: TOTP secrets encrypted at rest, hashed recovery codes and tokens.

The TOTP secret must be readable again (to check a code), so it is encrypted with
Fernet through the credentials engine's :class:`KeyEncryptionKey`. Its key is derived
with HKDF from ``SECRET_KEY``; the keys derived from ``SECRET_KEY_FALLBACKS`` still
decrypt, so rotating the secret key the Django way keeps second factors working.
Recovery codes and API tokens only need to be recognised, so only a SHA-256 is kept;
they are random enough (80 and 256 bits) that a slow password hash adds nothing.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from wendbaar.credentials.engine.keys import KeyEncryptionKey, KeyStoreError

__all__ = [
    "KeyStoreError",
    "decrypt_secret",
    "encrypt_secret",
    "hash_code",
    "new_api_token",
    "new_recovery_code",
    "normalise_code",
]

_HKDF_INFO = b"wendbaar accounts: TOTP secrets"
# No 0/o, 1/l/i: a person copies these from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
API_TOKEN_PREFIX = "wb_"


def _fernet_secret(secret_key: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret_key.encode("utf-8")
    )
    return base64.urlsafe_b64encode(derived)


def _kek() -> KeyEncryptionKey:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return KeyEncryptionKey([_fernet_secret(key) for key in keys])


def encrypt_secret(secret: str) -> str:
    return _kek().encrypt(secret.encode("ascii"))


def decrypt_secret(token: str) -> str:
    """Raises KeyStoreError when the secret key no longer opens it."""
    return _kek().decrypt(token).decode("ascii")


def new_recovery_code() -> str:
    """16 characters in four groups: about 79 bits."""
    chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    """What a person typed, without spaces, dashes or capitals."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)
