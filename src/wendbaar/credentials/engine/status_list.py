"""Bitstring Status List v1.0: revocation of issued credentials.

The issuer publishes one status list credential per list: a bitstring of at least
131,072 entries (so one credential hides among many: herd privacy), GZIP-compressed and
encoded as multibase base64url (``u`` + base64url without padding). Each issued credential
names its list and its index; bit 1 means revoked. Index 0 is the left-most bit: the most
significant bit of the first byte.
"""

from __future__ import annotations

import base64
import gzip
import secrets
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .dates import format_datetime
from .document_loader import VC_V2

MIN_ENTRIES = 131_072
# A list far beyond any real issuer's volume; a bound so a crafted list cannot be a
# decompression bomb (gzip shrinks zeros about a thousandfold).
MAX_ENTRIES = 16 * 1024 * 1024 * 8
PURPOSES = ("revocation", "suspension")

Bits = bytes | bytearray


class StatusListError(ValueError):
    """A status list or status entry that cannot be used."""


def new_bitstring(entries: int = MIN_ENTRIES) -> bytearray:
    if entries < MIN_ENTRIES or entries % 8:
        raise StatusListError(f"a status list has a multiple of 8 entries, at least {MIN_ENTRIES}")
    return bytearray(entries // 8)


def encode_bitstring(bits: Bits) -> str:
    """``encodedList``: ``u`` + base64url (no padding) of the GZIP-compressed bits."""
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: same list, same text
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded: object) -> bytearray:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList is not multibase base64url ('u...')")
    body = encoded[1:]
    try:
        compressed = base64.b64decode(body + "=" * (-len(body) % 4), b"-_", validate=True)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
        bits = inflater.decompress(compressed, MAX_ENTRIES // 8 + 1)
    except (ValueError, zlib.error) as error:
        raise StatusListError(f"encodedList is not GZIP in base64url: {error}") from None
    if len(bits) > MAX_ENTRIES // 8:
        raise StatusListError(f"status list is larger than {MAX_ENTRIES} entries")
    if not inflater.eof:
        raise StatusListError("encodedList is not GZIP in base64url: the stream is cut short")
    if len(bits) * 8 < MIN_ENTRIES:
        raise StatusListError(f"status list has fewer than {MIN_ENTRIES} entries")
    return bytearray(bits)


def get_status(bits: Bits, index: int) -> bool:
    _check_index(bits, index)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def set_status(bits: bytearray, index: int, value: bool) -> None:
    _check_index(bits, index)
    mask = 0x80 >> (index % 8)
    bits[index // 8] = (bits[index // 8] | mask) if value else (bits[index // 8] & ~mask)


def allocate_index(used: Collection[int], entries: int = MIN_ENTRIES) -> int:
    """A random free index: sequential ones would tell a verifier the issue order."""
    if len(used) >= entries:
        raise StatusListError("the status list is full")
    while True:
        index = secrets.randbelow(entries)
        if index not in used:
            return index


def _check_index(bits: Bits, index: int) -> None:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"index {index} is outside the list of {len(bits) * 8} entries")


def status_entry(list_url: str, index: int, purpose: str = "revocation") -> dict[str, Any]:
    """The ``credentialStatus`` of an issued credential."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    list_url: str,
    issuer: str,
    bits: Bits,
    valid_from: datetime,
    purpose: str = "revocation",
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The unsigned status list credential; the issuer signs it like any credential."""
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_bitstring(bits),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    return credential


@dataclass(frozen=True)
class StatusEntry:
    """A parsed ``BitstringStatusListEntry``."""

    list_url: str
    index: int
    purpose: str


def parse_entry(entry: Any) -> StatusEntry:
    if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError("credentialStatus is not a BitstringStatusListEntry")
    purpose = entry.get("statusPurpose")
    if purpose not in PURPOSES:
        raise StatusListError(f"unsupported statusPurpose {purpose!r}")
    raw_index, list_url = entry.get("statusListIndex"), entry.get("statusListCredential")
    if not isinstance(raw_index, str) or not raw_index.isdigit():
        raise StatusListError(f"statusListIndex {raw_index!r} is not a whole number")
    if not isinstance(list_url, str) or not list_url:
        raise StatusListError("statusListCredential is missing")
    return StatusEntry(list_url, int(raw_index), purpose)


def entry_is_set(entry: StatusEntry, list_credential: Mapping[str, Any]) -> bool:
    """Whether the entry's bit is set in the (already verified) status list credential."""
    types = list_credential.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types:
        raise StatusListError("the status list is not a BitstringStatusListCredential")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("the status list's subject is not a BitstringStatusList")
    if subject.get("statusPurpose") != entry.purpose:
        raise StatusListError(
            f"the status list is for {subject.get('statusPurpose')!r}, not {entry.purpose!r}"
        )
    return get_status(decode_bitstring(subject.get("encodedList")), entry.index)
