"""Other issuers' did:web documents and status lists: fetched safely, cached briefly.

Fetching is allowed for any did:web (a verifier must be able to check any issuer);
whether the issuer is *trusted* is a separate question, answered by the TrustedIssuer
list (see ``verification.issuer_name``). Settings (settings.py reads them from the
environment):

- ``WENDBAAR_DID_FETCH`` (on, except in tests: there nothing is fetched unless a test
  switches it on, and other issuers fail closed)
- ``WENDBAAR_DID_FETCH_TIMEOUT`` seconds for one fetch, redirects included (5)
- ``WENDBAAR_DID_FETCH_MAX_BYTES`` per document (100,000)
- ``WENDBAAR_DID_CACHE_SECONDS`` for DID documents (600), status lists at most 300
  (shorter when the list's ``ttl`` says so), failures ``WENDBAAR_DID_FAILURE_CACHE_SECONDS`` (60)
- ``WENDBAAR_DID_FETCH_LOCAL_HOSTS`` hosts fetched over http and at private addresses,
  for tests and development; ignored in production.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache

from wendbaar.credentials.engine.dids import DidError, did_web_url
from wendbaar.credentials.safe_http import FetchError, FetchPolicy, fetch_json

DID_TYPES = ("application/did+json", "application/did+ld+json", "application/json")
STATUS_TYPES = (
    "application/vc+ld+json",
    "application/vc",
    "application/ld+json",
    "application/json",
)
STATUS_CACHE_SECONDS = 300
CACHE_PREFIX = "wendbaar:credentials:remote:"


def enabled() -> bool:
    return settings.WENDBAAR_DID_FETCH


def policy() -> FetchPolicy:
    local: Collection[str] = () if settings.PRODUCTION else settings.WENDBAAR_DID_FETCH_LOCAL_HOSTS
    return FetchPolicy(
        timeout=settings.WENDBAAR_DID_FETCH_TIMEOUT,
        max_bytes=settings.WENDBAAR_DID_FETCH_MAX_BYTES,
        local_hosts=frozenset(host.lower() for host in local),
    )


def did_web_host(did: str) -> str:
    """The host (with port) a did:web names, percent-decoded."""
    return unquote(did[len("did:web:") :].split(":", 1)[0])


def resolve_did(did: str) -> dict[str, Any]:
    """The did:web document of another issuer; DidError says why there is none."""
    if not enabled():
        raise DidError("unknown_did", f"unknown DID {did}: other issuers' DIDs are not fetched")
    url = did_web_url(did)
    rules = policy()
    if urlsplit(url).hostname in rules.local_hosts:
        url = "http" + url.removeprefix("https")
    try:
        document = _cached_fetch(url, rules, DID_TYPES, _cache_seconds())
    except FetchError as error:
        raise DidError(
            "unknown_did", f"the DID document of {did} could not be fetched: {error}"
        ) from None
    if document.get("id") != did:
        raise DidError(
            "unknown_did", f"the document at {url} is about {document.get('id')!r}, not {did}"
        )
    return document


def fetch_status_list(url: str) -> dict[str, Any]:
    """Another issuer's status list credential, not yet verified (the engine verifies it)."""
    if not enabled():
        raise FetchError("other issuers' status lists are not fetched")
    return _cached_fetch(url, policy(), STATUS_TYPES, STATUS_CACHE_SECONDS)


def _cache_seconds() -> int:
    return settings.WENDBAAR_DID_CACHE_SECONDS


def _cached_fetch(
    url: str, rules: FetchPolicy, accept: Collection[str], seconds: int
) -> dict[str, Any]:
    key = CACHE_PREFIX + hashlib.sha256(url.encode("utf-8")).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        if "error" in cached:
            raise FetchError(cached["error"])
        return dict(cached["document"])
    try:
        document = fetch_json(url, rules, accept)
    except FetchError as error:
        # Failures are kept briefly too, so a dead or slow host is not asked on every page.
        failure_seconds = settings.WENDBAAR_DID_FAILURE_CACHE_SECONDS
        cache.set(key, {"error": str(error)}, failure_seconds)
        raise
    cache.set(key, {"document": document}, min(seconds, _list_ttl(document) or seconds))
    return document


def _list_ttl(document: dict[str, Any]) -> int | None:
    """A status list's own ``ttl`` (milliseconds) in seconds, when it asks for less caching."""
    subject = document.get("credentialSubject")
    ttl = subject.get("ttl") if isinstance(subject, dict) else None
    if isinstance(ttl, int) and not isinstance(ttl, bool) and ttl > 0:
        return max(1, ttl // 1000)
    return None
