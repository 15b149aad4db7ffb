"""Ed25519 signing keys: signers, encryption at rest and rotation.

Private keys are stored only encrypted with a key-encryption key (KEK): Fernet
(AES-128-CBC + HMAC-SHA256) through MultiFernet, so the KEK itself can be rotated: the
first secret encrypts, every listed secret decrypts, and ``reencrypt`` moves stored keys
to the first. Signing keys rotate too: the new key signs, the old one is kept "retired"
so credentials it signed still verify, and a "revoked" key leaves the DID document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from .dids import VerificationKey, did_key
from .multikey import encode_public_key

KeyStatus = Literal["active", "retired", "revoked"]


class KeyStoreError(ValueError):
    """Stored keys that cannot be used: no active key, or a KEK that does not fit."""


def private_key_from_seed(seed: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(seed)


def seed_of(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def public_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def verify_signature(public_key: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class Signer:
    """A private key and the DID URL of its verification method."""

    private_key: Ed25519PrivateKey
    verification_method: str

    @property
    def controller(self) -> str:
        return self.verification_method.split("#", 1)[0]

    @property
    def public_key_multibase(self) -> str:
        return encode_public_key(public_bytes(self.private_key))

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


def did_key_signer(private_key: Ed25519PrivateKey) -> Signer:
    """A holder's signer: the did:key DID of the key, its multibase as the fragment."""
    did = did_key(public_bytes(private_key))
    return Signer(private_key, f"{did}#{did[len('did:key:') :]}")


class KeyEncryptionKey:
    """The KEK: Fernet secrets, newest first; the newest encrypts, all of them decrypt."""

    def __init__(self, secrets: Sequence[str | bytes]):
        if not secrets:
            raise KeyStoreError("a key-encryption key needs at least one secret")
        self._fernet = MultiFernet([Fernet(secret) for secret in secrets])

    @staticmethod
    def generate_secret() -> str:
        return Fernet.generate_key().decode("ascii")

    def encrypt(self, seed: bytes) -> str:
        return self._fernet.encrypt(seed).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        try:
            return self._fernet.decrypt(token.encode("ascii"))
        except InvalidToken:
            raise KeyStoreError("the key-encryption key does not open this stored key") from None

    def reencrypt(self, token: str) -> str:
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise KeyStoreError("the key-encryption key does not open this stored key") from None


@dataclass(frozen=True)
class StoredKey:
    """One signing key of a controller (a did:web DID) as a database row would hold it."""

    controller: str
    fragment: str
    public_key_multibase: str
    encrypted_seed: str
    created: datetime
    status: KeyStatus = "active"

    @property
    def verification_method(self) -> str:
        return f"{self.controller}#{self.fragment}"


def new_stored_key(controller: str, kek: KeyEncryptionKey, now: datetime) -> StoredKey:
    """A fresh active key; its fragment is its public multibase, so it never collides."""
    private_key = Ed25519PrivateKey.generate()
    multibase = encode_public_key(public_bytes(private_key))
    return StoredKey(controller, multibase, multibase, kek.encrypt(seed_of(private_key)), now)


def rotate_signing_key(
    keys: Sequence[StoredKey], controller: str, kek: KeyEncryptionKey, now: datetime
) -> list[StoredKey]:
    """Retire the controller's active key(s) and add a new active one."""
    rotated = [
        replace(key, status="retired")
        if key.controller == controller and key.status == "active"
        else key
        for key in keys
    ]
    return [*rotated, new_stored_key(controller, kek, now)]


def revoke_key(keys: Sequence[StoredKey], verification_method: str) -> list[StoredKey]:
    """Mark a key revoked: it leaves the DID document, so nothing it signed verifies."""
    return [
        replace(key, status="revoked") if key.verification_method == verification_method else key
        for key in keys
    ]


def reencrypt(keys: Sequence[StoredKey], kek: KeyEncryptionKey) -> list[StoredKey]:
    """KEK rotation: every stored key encrypted under the newest KEK secret."""
    return [replace(key, encrypted_seed=kek.reencrypt(key.encrypted_seed)) for key in keys]


def signer_for(keys: Sequence[StoredKey], controller: str, kek: KeyEncryptionKey) -> Signer:
    """The signer of the controller's newest active key."""
    active = [key for key in keys if key.controller == controller and key.status == "active"]
    if not active:
        raise KeyStoreError(f"{controller} has no active signing key")
    key = max(active, key=lambda item: item.created)
    private_key = private_key_from_seed(kek.decrypt(key.encrypted_seed))
    if encode_public_key(public_bytes(private_key)) != key.public_key_multibase:
        raise KeyStoreError(f"stored key {key.verification_method} does not match its public key")
    return Signer(private_key, key.verification_method)


def verification_keys(keys: Sequence[StoredKey], controller: str) -> list[VerificationKey]:
    """The keys a controller's DID document lists: active and retired, newest first."""
    listed = [
        key for key in keys if key.controller == controller and key.status in ("active", "retired")
    ]
    listed.sort(key=lambda item: item.created, reverse=True)
    return [VerificationKey(key.fragment, key.public_key_multibase) for key in listed]
