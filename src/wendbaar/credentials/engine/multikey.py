"""Multibase and multicodec encodings of Ed25519 keys and signatures (``z6Mk...``).

A Multikey ``publicKeyMultibase`` is ``z`` (base58btc) + multicodec ``ed25519-pub``
(varint 0xed, bytes ``ed 01``) + the 32-byte key; the secret key uses ``ed25519-priv``
(0x1300, bytes ``80 26``). Signatures in ``proofValue`` are plain base58btc multibase.
"""

from __future__ import annotations

import base58

ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class MultibaseError(ValueError):
    """A value that is not the multibase or multicodec encoding expected."""


def encode_base58btc(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise MultibaseError("expected a base58btc multibase value starting with 'z'")
    try:
        return base58.b58decode(value[1:])
    except ValueError as error:
        raise MultibaseError(f"not base58btc: {error}") from None


def encode_public_key(raw: bytes) -> str:
    """``publicKeyMultibase`` for a raw 32-byte Ed25519 public key."""
    return encode_base58btc(ED25519_PUB_PREFIX + _exact(raw, "public key"))


def decode_public_key(value: str) -> bytes:
    """The raw 32-byte Ed25519 public key in a ``publicKeyMultibase`` value."""
    return _strip(decode_base58btc(value), ED25519_PUB_PREFIX, "ed25519-pub public key")


def encode_secret_key(raw: bytes) -> str:
    """``secretKeyMultibase`` for a raw 32-byte Ed25519 private key (seed)."""
    return encode_base58btc(ED25519_PRIV_PREFIX + _exact(raw, "secret key"))


def decode_secret_key(value: str) -> bytes:
    """The raw 32-byte Ed25519 private key (seed) in a ``secretKeyMultibase`` value."""
    return _strip(decode_base58btc(value), ED25519_PRIV_PREFIX, "ed25519-priv secret key")


def _exact(raw: bytes, what: str) -> bytes:
    if len(raw) != 32:
        raise MultibaseError(f"an Ed25519 {what} has 32 bytes, not {len(raw)}")
    return raw


def _strip(data: bytes, prefix: bytes, what: str) -> bytes:
    if not data.startswith(prefix):
        raise MultibaseError(f"not an {what} (multicodec prefix {prefix.hex()} expected)")
    return _exact(data[len(prefix) :], what)
