"""Bitstring Status List: encoding, bit order, allocation, and revocation in verification."""

from __future__ import annotations

import base64
import gzip
from datetime import datetime
from typing import Any

import pytest

from wendbaar.credentials.engine import status_list as sl
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.engine.proofs import sign
from wendbaar.credentials.engine.verify import verify_credential
from wendbaar.credentials.tests.builders import Party, did_web_party, message, skill_credential

LIST_URL = "https://wendbaar.example/status/1"


def test_a_new_list_has_at_least_131072_entries() -> None:
    assert len(sl.new_bitstring()) * 8 == sl.MIN_ENTRIES
    with pytest.raises(sl.StatusListError):
        sl.new_bitstring(1024)


def test_index_zero_is_the_left_most_bit_and_encoding_round_trips() -> None:
    bits = sl.new_bitstring()
    sl.set_status(bits, 0, True)
    sl.set_status(bits, 9, True)
    assert bits[0] == 0x80 and bits[1] == 0x40
    encoded = sl.encode_bitstring(bits)
    assert encoded.startswith("u") and "=" not in encoded
    decoded = sl.decode_bitstring(encoded)
    assert sl.get_status(decoded, 0) and sl.get_status(decoded, 9)
    assert not sl.get_status(decoded, 1)
    sl.set_status(decoded, 9, False)
    assert not sl.get_status(decoded, 9)
    assert sl.encode_bitstring(bits) == encoded  # reproducible: no gzip timestamp


def test_a_list_encoded_elsewhere_decodes() -> None:
    bits = bytearray(sl.MIN_ENTRIES // 8)
    bits[-1] = 0x01
    text = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits))).decode().rstrip("=")
    assert sl.get_status(sl.decode_bitstring(text), sl.MIN_ENTRIES - 1)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("zabc", "multibase base64url"),
        ("u!!!", "GZIP"),
        ("u" + base64.urlsafe_b64encode(gzip.compress(b"\0" * 16, mtime=0)).decode(), "fewer than"),
    ],
)
def test_bad_lists_are_refused(encoded: str, message: str) -> None:
    with pytest.raises(sl.StatusListError, match=message):
        sl.decode_bitstring(encoded)


def test_a_decompression_bomb_is_cut_off() -> None:
    bomb = gzip.compress(b"\0" * (sl.MAX_ENTRIES // 8 + 1024))
    encoded = "u" + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(sl.StatusListError, match="larger than"):
        sl.decode_bitstring(encoded)


def test_allocation_is_random_and_never_reuses_an_index() -> None:
    used: set[int] = set()
    for _ in range(200):
        used.add(sl.allocate_index(used))
    assert len(used) == 200
    assert sorted(used) != list(range(200))
    with pytest.raises(sl.StatusListError, match="full"):
        sl.allocate_index(set(range(8)), entries=8)


def test_an_index_outside_the_list_is_refused() -> None:
    with pytest.raises(sl.StatusListError, match="outside"):
        sl.get_status(sl.new_bitstring(), sl.MIN_ENTRIES)


class Lists:
    """An issuer's published status lists, as the app would serve them."""

    def __init__(self, issuer: Party, now: datetime):
        self.issuer, self.now = issuer, now
        self.bits = sl.new_bitstring()
        self.published: dict[str, Any] = {}
        self.publish()

    def publish(self, purpose: str = "revocation") -> None:
        unsigned = sl.status_list_credential(
            LIST_URL, self.issuer.did, self.bits, self.now, purpose=purpose
        )
        self.published[LIST_URL] = sign(unsigned, self.issuer.signer, self.now)

    def fetch(self, url: str) -> Any:
        return self.published.get(url)


def issued(
    issuer: Party, holder: Party, now: datetime, index: int, purpose: str = "revocation"
) -> dict[str, Any]:
    status = sl.status_entry(LIST_URL, index, purpose)
    return issue(skill_credential(issuer, holder.did, status=status), issuer.signer, now)


def test_a_revoked_credential_fails_and_others_pass(
    issuer: Party, holder: Party, now: datetime
) -> None:
    lists = Lists(issuer, now)
    revoked_index, kept_index = 4242, 4243
    revoked = issued(issuer, holder, now, revoked_index)
    kept = issued(issuer, holder, now, kept_index)
    assert verify_credential(revoked, issuer.resolver, None, now, lists.fetch).verified

    sl.set_status(lists.bits, revoked_index, True)
    lists.publish()
    verdict = verify_credential(revoked, issuer.resolver, None, now, lists.fetch)
    assert not verdict.verified
    assert message(verdict, "status") == (
        f"the credential has been revoked (list {LIST_URL}, index {revoked_index})"
    )
    assert verify_credential(kept, issuer.resolver, None, now, lists.fetch).verified


def test_suspension_is_reported_as_such(issuer: Party, holder: Party, now: datetime) -> None:
    lists = Lists(issuer, now)
    sl.set_status(lists.bits, 7, True)
    lists.publish("suspension")
    credential = issued(issuer, holder, now, 7, "suspension")
    verdict = verify_credential(credential, issuer.resolver, None, now, lists.fetch)
    assert "suspended" in verdict.reason


def test_status_that_cannot_be_checked_fails_closed(
    issuer: Party, holder: Party, now: datetime
) -> None:
    credential = issued(issuer, holder, now, 1)
    no_fetcher = verify_credential(credential, issuer.resolver, None, now, None)
    assert message(no_fetcher, "status") == "status unknown: no way to fetch the status list"
    missing = verify_credential(credential, issuer.resolver, None, now, lambda url: None)
    assert message(missing, "status").endswith("was not found")

    def broken(url: str) -> Any:
        raise OSError("connection refused")

    failing = verify_credential(credential, issuer.resolver, None, now, broken)
    assert "could not be fetched: connection refused" in failing.reason


def test_a_list_from_another_issuer_or_tampered_is_refused(
    issuer: Party, holder: Party, now: datetime
) -> None:
    credential = issued(issuer, holder, now, 1)
    mallory = did_web_party("mallory.example", seed=9)
    forged = Lists(mallory, now)
    resolver = {**issuer.documents, **mallory.documents}.get
    verdict = verify_credential(credential, resolver, None, now, forged.fetch)
    assert "does not verify" in verdict.reason and "not on the trusted list" in verdict.reason

    lists = Lists(issuer, now)
    lists.published[LIST_URL]["credentialSubject"]["encodedList"] = sl.encode_bitstring(
        bytes([0xFF]) * (sl.MIN_ENTRIES // 8)
    )
    tampered = verify_credential(credential, issuer.resolver, None, now, lists.fetch)
    assert "does not verify: the signature does not match" in tampered.reason


def test_a_malformed_status_entry_is_named(issuer: Party, holder: Party, now: datetime) -> None:
    unsigned = skill_credential(issuer, holder.did)
    unsigned["credentialStatus"] = {**sl.status_entry(LIST_URL, 1), "statusListIndex": "one"}
    credential = issue(unsigned, issuer.signer, now)
    verdict = verify_credential(credential, issuer.resolver, None, now, lambda url: None)
    assert message(verdict, "status") == "status: statusListIndex 'one' is not a whole number"
