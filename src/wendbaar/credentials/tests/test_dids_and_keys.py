"""Key encodings, did:key and did:web, keys encrypted at rest, rotation."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from wendbaar.credentials.engine import dids, keys
from wendbaar.credentials.engine.multikey import (
    MultibaseError,
    decode_public_key,
    decode_secret_key,
    encode_public_key,
    encode_secret_key,
)
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.engine.verify import verify_credential
from wendbaar.credentials.tests.builders import Party, message, skill_credential


def test_multikey_round_trips_and_checks_the_codec() -> None:
    raw = bytes(range(32))
    public = encode_public_key(raw)
    assert public.startswith("z6Mk")
    assert decode_public_key(public) == raw
    assert decode_secret_key(encode_secret_key(raw)) == raw
    with pytest.raises(MultibaseError, match="ed25519-pub"):
        decode_public_key(encode_secret_key(raw))
    with pytest.raises(MultibaseError, match="base58btc"):
        decode_public_key("uAAAA")
    with pytest.raises(MultibaseError, match="32 bytes"):
        encode_public_key(b"short")


def test_did_key_resolves_locally_to_a_multikey_document() -> None:
    did = dids.did_key(bytes(range(32)))
    document = dids.did_key_document(did)
    method_id = f"{did}#{did.removeprefix('did:key:')}"
    assert document["assertionMethod"] == [method_id]
    assert dids.resolve_key(method_id, "assertionMethod").public_key == bytes(range(32))


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:wendbaar.nl", "https://wendbaar.nl/.well-known/did.json"),
        ("did:web:wendbaar.nl:issuers:roc-a", "https://wendbaar.nl/issuers/roc-a/did.json"),
        ("did:web:localhost%3A8000", "https://localhost:8000/.well-known/did.json"),
    ],
)
def test_did_web_identifiers_and_urls(did: str, url: str) -> None:
    assert dids.did_web_url(did) == url


@pytest.mark.parametrize(
    "did",
    [
        "did:web:evil.example%2F..%2Fadmin",  # a path hidden in the host
        "did:web:user%40intranet.example",  # user info: the host would be "intranet"
        "did:web:example.org:..:admin",
        "did:web:example.org:a%2Fb",
        "did:web:example.org?x=1",
        "did:web:",
        "did:web:-example.org",
    ],
)
def test_did_web_urls_refuse_what_could_point_elsewhere(did: str) -> None:
    with pytest.raises(dids.DidError) as error:
        dids.did_web_url(did)
    assert error.value.code == "invalid_did"


def test_did_web_builds_from_host_and_path() -> None:
    assert dids.did_web("localhost:8000", "issuers", "roc-a") == (
        "did:web:localhost%3A8000:issuers:roc-a"
    )


@pytest.mark.parametrize(
    ("method", "purpose", "code"),
    [
        ("did:web:unknown.example#k", "assertionMethod", "unknown_did"),
        ("did:example:123#k", "assertionMethod", "unsupported_did"),
        ("not a did url", "assertionMethod", "invalid_method"),
        ("did:key:z6MkInvalid#z6MkInvalid", "assertionMethod", "invalid_key"),
        ("did:web:wendbaar.example#missing", "assertionMethod", "key_not_found"),
    ],
)
def test_resolution_failures_are_named(issuer: Party, method: str, purpose: str, code: str) -> None:
    with pytest.raises(dids.DidError) as failure:
        dids.resolve_key(method, purpose, issuer.resolver)
    assert failure.value.code == code


def test_a_key_not_listed_for_the_purpose_is_refused(issuer: Party) -> None:
    document = dict(issuer.documents[issuer.did])
    document["assertionMethod"] = []
    with pytest.raises(dids.DidError) as failure:
        dids.resolve_key(
            issuer.signer.verification_method, "assertionMethod", {issuer.did: document}.get
        )
    assert failure.value.code == "key_not_authorized"


@pytest.fixture
def kek() -> keys.KeyEncryptionKey:
    return keys.KeyEncryptionKey([keys.KeyEncryptionKey.generate_secret()])


def test_private_keys_are_stored_encrypted(kek: keys.KeyEncryptionKey, now: datetime) -> None:
    stored = keys.new_stored_key("did:web:wendbaar.example", kek, now)
    signer = keys.signer_for([stored], "did:web:wendbaar.example", kek)
    seed = keys.seed_of(signer.private_key)
    assert seed.hex() not in stored.encrypted_seed and seed not in stored.encrypted_seed.encode()
    other = keys.KeyEncryptionKey([keys.KeyEncryptionKey.generate_secret()])
    with pytest.raises(keys.KeyStoreError, match="does not open"):
        keys.signer_for([stored], "did:web:wendbaar.example", other)


def test_a_stored_key_that_does_not_match_its_public_key_is_refused(
    kek: keys.KeyEncryptionKey, now: datetime
) -> None:
    first = keys.new_stored_key("did:web:a.example", kek, now)
    second = keys.new_stored_key("did:web:a.example", kek, now)
    swapped = replace(first, encrypted_seed=second.encrypted_seed)
    with pytest.raises(keys.KeyStoreError, match="does not match"):
        keys.signer_for([swapped], "did:web:a.example", kek)


def test_the_key_encryption_key_rotates(kek: keys.KeyEncryptionKey, now: datetime) -> None:
    old_secret = keys.KeyEncryptionKey.generate_secret()
    old = keys.KeyEncryptionKey([old_secret])
    stored = [keys.new_stored_key("did:web:a.example", old, now)]
    new_secret = keys.KeyEncryptionKey.generate_secret()
    both = keys.KeyEncryptionKey([new_secret, old_secret])
    moved = keys.reencrypt(stored, both)
    only_new = keys.KeyEncryptionKey([new_secret])
    assert keys.signer_for(moved, "did:web:a.example", only_new).verification_method == (
        stored[0].verification_method
    )
    with pytest.raises(keys.KeyStoreError):
        keys.signer_for(stored, "did:web:a.example", only_new)
    with pytest.raises(keys.KeyStoreError, match="at least one"):
        keys.KeyEncryptionKey([])


def test_rotation_keeps_old_credentials_verifiable_and_revocation_does_not(
    kek: keys.KeyEncryptionKey, holder: Party, now: datetime
) -> None:
    did = "did:web:wendbaar.example"
    stored = [keys.new_stored_key(did, kek, now - timedelta(days=400))]
    old_signer = keys.signer_for(stored, did, kek)
    old_credential = issue(skill_credential(Party(did, old_signer), holder.did), old_signer, now)

    stored = keys.rotate_signing_key(stored, did, kek, now)
    new_signer = keys.signer_for(stored, did, kek)
    assert new_signer.verification_method != old_signer.verification_method
    assert [key.status for key in stored] == ["retired", "active"]

    def resolver(current: list[keys.StoredKey]) -> dids.DidResolver:
        document = dids.did_document(did, keys.verification_keys(current, did))
        return {did: document}.get

    assert verify_credential(old_credential, resolver(stored), now=now).verified
    new_credential = issue(skill_credential(Party(did, new_signer), holder.did), new_signer, now)
    assert verify_credential(new_credential, resolver(stored), now=now).verified

    revoked = keys.revoke_key(stored, old_signer.verification_method)
    verdict = verify_credential(old_credential, resolver(revoked), now=now)
    assert not verdict.verified
    assert message(verdict, "verification_method").endswith(f"DID document of {did}")
    with pytest.raises(keys.KeyStoreError, match="no active"):
        keys.signer_for(keys.revoke_key(revoked, new_signer.verification_method), did, kek)
