"""A pyld document loader that serves only the context files shipped with the package.

Credentials name their vocabulary by URL; fetching those URLs at verification time would
let whoever controls (or intercepts) them change what a signed credential means. So the
engine knows a fixed set of contexts, pinned by file, and refuses every other URL.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from cachetools import LRUCache
from pyld.context_resolver import ContextResolver

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

# URL -> file in contexts/; SOURCES.md records where each file came from and its SHA-256.
CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-context-3.0.0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
    OB_V3P0_3_0_3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
    MULTIKEY_V1: "multikey-v1.json",
    DID_V1: "did-v1.json",
}


class UnknownContextError(ValueError):
    """A document asked for a context URL the engine does not ship."""

    def __init__(self, url: str):
        super().__init__(f"unknown JSON-LD context {url!r}: only shipped contexts are used")
        self.url = url


@cache
def _shipped(url: str) -> Mapping[str, Any]:
    name = CONTEXT_FILES[url]
    text = resources.files(__package__).joinpath("contexts").joinpath(name).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def context_document(url: str) -> dict[str, Any]:
    """The shipped context document for ``url`` (a fresh copy); UnknownContextError if none."""
    if url not in CONTEXT_FILES:
        raise UnknownContextError(url)
    return copy.deepcopy(dict(_shipped(url)))


class DocumentLoader:
    """Serves the shipped contexts, plus ``extra`` documents a caller adds (tests, vectors).

    Calling it is the pyld document-loader protocol; ``options()`` gives the pyld options
    with this loader and a context cache of its own, so contexts resolved through another
    loader (pyld caches them process-wide by default) never leak in.
    """

    def __init__(self, extra: Mapping[str, Mapping[str, Any]] | None = None):
        self._extra = {url: copy.deepcopy(dict(doc)) for url, doc in (extra or {}).items()}
        self._local = threading.local()

    def knows(self, url: str) -> bool:
        return url in self._extra or url in CONTEXT_FILES

    def document(self, url: str) -> dict[str, Any]:
        if url in self._extra:
            return copy.deepcopy(self._extra[url])
        return context_document(url)

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": self.document(url)}

    def options(self) -> dict[str, Any]:
        """pyld options: this loader, its own context cache, and no base IRI."""
        # One cache per thread: cachetools caches are not thread-safe.
        cache = getattr(self._local, "cache", None)
        if cache is None:
            cache = self._local.cache = LRUCache(maxsize=64)
        return {
            "documentLoader": self,
            "contextResolver": ContextResolver(cache, self),
            "base": None,
        }


@cache
def default_loader() -> DocumentLoader:
    """The loader of shipped contexts only, shared so its context cache is reused."""
    return DocumentLoader()
