"""DIDs: ``did:key`` for holders (resolved locally) and ``did:web`` for issuers.

A did:web document is served by the app; verifying a credential from another issuer needs
its document, which the caller's resolver supplies (the engine does no network I/O).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from .document_loader import DID_V1, MULTIKEY_V1
from .multikey import MultibaseError, decode_public_key, encode_public_key

DidResolver = Callable[[str], Mapping[str, Any] | None]
"""Returns the DID document of a did:web DID, or None when the DID is unknown."""

RELATIONSHIPS = ("assertionMethod", "authentication", "capabilityInvocation")
# What a did:web may name once percent-decoded: a DNS name with an optional port, and
# plain path segments. Anything else (user info, "..", "/", "?", "#") could point the
# document URL somewhere the DID does not say, so it is refused before any fetch.
WEB_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?$")
WEB_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]{1,200}$")


class DidError(ValueError):
    """A DID or verification method that cannot be used; ``code`` names the reason."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class VerificationKey:
    """A public key listed in a DID document: ``#fragment`` and its multibase encoding."""

    fragment: str
    public_key_multibase: str


def did_key(public_key: bytes) -> str:
    return "did:key:" + encode_public_key(public_key)


def did_web(host: str, *path: str) -> str:
    """``did:web:host[:path...]``; a port in ``host`` is percent-encoded as the method says."""
    parts = [quote(host, safe=".-")] + [quote(segment, safe=".-_") for segment in path]
    return "did:web:" + ":".join(parts)


def did_web_url(did: str) -> str:
    """Where a did:web document lives: ``/.well-known/did.json`` or ``/<path>/did.json``."""
    if not did.startswith("did:web:"):
        raise DidError("unsupported_did", f"{did!r} is not a did:web DID")
    host, *path = (unquote(part) for part in did[len("did:web:") :].split(":"))
    if not WEB_HOST.match(host) or ".." in host:
        raise DidError("invalid_did", f"{did!r} does not name a valid host")
    if any(not WEB_SEGMENT.match(part) or part in (".", "..") for part in path):
        raise DidError("invalid_did", f"{did!r} has an invalid path")
    return f"https://{host}/" + ("/".join(path) if path else ".well-known") + "/did.json"


def multikey_method(controller: str, key: VerificationKey) -> dict[str, Any]:
    return {
        "id": f"{controller}#{key.fragment}",
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.public_key_multibase,
    }


def did_document(did: str, keys: Sequence[VerificationKey]) -> dict[str, Any]:
    """A DID document listing ``keys`` for assertions and authentication.

    Retired keys stay listed so credentials they signed keep verifying; a key that
    must no longer be trusted (compromised) is left out of ``keys`` altogether.
    """
    ids = [f"{did}#{key.fragment}" for key in keys]
    document: dict[str, Any] = {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [multikey_method(did, key) for key in keys],
    }
    for relationship in RELATIONSHIPS:
        document[relationship] = list(ids)
    return document


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document a did:key DID stands for (Multikey form of the did:key method)."""
    if not did.startswith("did:key:"):
        raise DidError("unsupported_did", f"{did!r} is not a did:key DID")
    multibase = did[len("did:key:") :]
    try:
        decode_public_key(multibase)
    except MultibaseError as error:
        raise DidError("invalid_key", f"{did!r} is not an Ed25519 did:key: {error}") from None
    return did_document(did, [VerificationKey(multibase, multibase)])


@dataclass(frozen=True)
class ResolvedKey:
    """A verification method found in its controller's DID document, for one purpose."""

    id: str
    controller: str
    public_key: bytes


def resolve_key(
    method_id: object, purpose: str, resolver: DidResolver | None = None
) -> ResolvedKey:
    """Find ``method_id`` in its DID's document and check it may be used for ``purpose``."""
    if not isinstance(method_id, str) or "#" not in method_id:
        raise DidError("invalid_method", f"verification method {method_id!r} is not a DID URL")
    did = method_id.split("#", 1)[0]
    document = _resolve(did, resolver)
    if document.get("id") != did:
        raise DidError("unknown_did", f"the document resolved for {did} is about another DID")
    relationship = _as_list(document.get(purpose))
    # A relationship lists methods by reference or embeds them.
    candidates = _as_list(document.get("verificationMethod")) + relationship
    methods = [
        method
        for method in candidates
        if isinstance(method, Mapping) and _absolute(method.get("id"), did) == method_id
    ]
    if not methods:
        raise DidError("key_not_found", f"{method_id} is not in the DID document of {did}")
    method = methods[0]
    allowed = {
        _absolute(ref.get("id") if isinstance(ref, Mapping) else ref, did) for ref in relationship
    }
    if method_id not in allowed:
        raise DidError("key_not_authorized", f"{method_id} is not authorised for {purpose}")
    if method.get("type") != "Multikey" or method.get("controller") != did:
        raise DidError("invalid_key", f"{method_id} is not a Multikey controlled by {did}")
    try:
        public_key = decode_public_key(method.get("publicKeyMultibase", ""))
    except MultibaseError as error:
        raise DidError("invalid_key", f"{method_id}: {error}") from None
    return ResolvedKey(method_id, did, public_key)


def _resolve(did: str, resolver: DidResolver | None) -> Mapping[str, Any]:
    if did.startswith("did:key:"):
        return did_key_document(did)
    if not did.startswith("did:web:"):
        raise DidError("unsupported_did", f"DID method of {did!r} is not supported")
    document = resolver(did) if resolver is not None else None
    if document is None:
        raise DidError("unknown_did", f"unknown DID {did}: no DID document could be resolved")
    return document


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _absolute(ref: Any, did: str) -> Any:
    return did + ref if isinstance(ref, str) and ref.startswith("#") else ref
