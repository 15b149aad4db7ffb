"""Fixtures of the credentials tests: vector files, a test issuer and holder, a clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from wendbaar.credentials.engine.document_loader import DocumentLoader
from wendbaar.credentials.tests.builders import Party, did_web_party, holder_party

# Fixtures of other modules used here: Node.js interop, axe-core for the browser tests.
from wendbaar.credentials.tests.test_interop import node  # noqa: F401

VECTORS = Path(__file__).parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="session")
def vector_loader() -> DocumentLoader:
    """Shipped contexts plus the W3C examples context the test vectors use."""
    return DocumentLoader({EXAMPLES_V2: read_json(VECTORS / "credentials-examples-v2.json")})


@pytest.fixture(scope="session")
def issuer() -> Party:
    return did_web_party("wendbaar.example", seed=1)


@pytest.fixture(scope="session")
def holder() -> Party:
    return holder_party(seed=2)


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def demo_taxonomy(db: None) -> None:
    from wendbaar.demo.loader import load_demo

    load_demo()
