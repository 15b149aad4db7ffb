"""Contexts come only from the shipped files, pinned by SHA-256, and never from the network."""

from __future__ import annotations

import hashlib
import re
import socket
from importlib import resources
from typing import Any

import pytest

from wendbaar.credentials.engine import document_loader
from wendbaar.credentials.engine.document_loader import (
    CONTEXT_FILES,
    DocumentLoader,
    UnknownContextError,
)
from wendbaar.credentials.engine.jsonld_safety import JsonLdSafetyError, expand

CONTEXTS = resources.files(document_loader.__package__).joinpath("contexts")


def sources_table() -> dict[str, tuple[str, str]]:
    """URL -> (file, SHA-256) as SOURCES.md records them."""
    rows = {}
    for line in CONTEXTS.joinpath("SOURCES.md").read_text("utf-8").splitlines():
        match = re.match(r"\| `(\S+)`.*?\| `([\w.-]+\.json)` \|.*\| `([0-9a-f]{64})` \|$", line)
        if match:
            rows[match[1]] = (match[2], match[3])
    return rows


def test_sources_md_records_every_shipped_file_with_its_sha256() -> None:
    table = sources_table()
    assert set(table) == set(CONTEXT_FILES)
    for url, (name, digest) in table.items():
        assert CONTEXT_FILES[url] == name
        data = CONTEXTS.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_every_url_serves_a_context_document() -> None:
    loader = DocumentLoader()
    for url in CONTEXT_FILES:
        remote = loader(url)
        assert remote["documentUrl"] == url
        assert "@context" in remote["document"]


def test_an_unknown_url_is_refused_with_a_clear_error() -> None:
    with pytest.raises(UnknownContextError, match="only shipped contexts"):
        DocumentLoader()("https://example.org/context.json")


def test_served_documents_are_copies() -> None:
    loader = DocumentLoader()
    first = loader.document(document_loader.VC_V2)
    first["@context"]["name"] = "https://evil.example/name"
    assert loader.document(document_loader.VC_V2)["@context"]["name"] == ("https://schema.org/name")


def test_processing_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access during JSON-LD processing")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    document = {
        "@context": [document_loader.VC_V2, "https://w3id.org/not-shipped/v1"],
        "type": ["VerifiableCredential"],
    }
    with pytest.raises(JsonLdSafetyError) as failure:
        expand(document, DocumentLoader())
    assert failure.value.code == "unknown_context"
    assert "https://w3id.org/not-shipped/v1" in failure.value.message


def test_contexts_resolved_by_another_loader_do_not_leak_in() -> None:
    extra = "https://example.org/extra/v1"
    with_extra = DocumentLoader({extra: {"@context": {"x": "https://example.org/x"}}})
    document = {"@context": [extra], "x": "1"}
    assert expand(document, with_extra)
    with pytest.raises(JsonLdSafetyError):
        expand(document, DocumentLoader())
