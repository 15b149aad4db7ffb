"""Indexes on disk, so a process start does not rebuild them.

The lexical index is stored under a hash of the corpus labels; it rebuilds in seconds,
so any change rebuilds it whole. Embeddings are the expensive part: they are stored per
encoder and per text, so after a taxonomy change only new or changed labels are encoded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

# Bump when the lexical index format or its features change, so old caches are not reused.
LEXICAL_FORMAT = "wendbaar-lexical-3"
# Bump only if the way labels are encoded changes (a vector depends on encoder and text).
EMBEDDING_FORMAT = "wendbaar-embeddings-1"


def _safe(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:16]


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary file and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is no secret
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


class IndexCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def lexical_path(self, corpus_hash: str) -> Path:
        return self.directory / f"lexical-{_safe(LEXICAL_FORMAT + corpus_hash)}.npz"

    def load_lexical(self, corpus_hash: str) -> dict[str, np.ndarray] | None:
        path = self.lexical_path(corpus_hash)
        if not path.exists():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                return {key: data[key] for key in data.files}
        except (OSError, ValueError, EOFError):
            return None  # a damaged cache is rebuilt, not trusted

    def save_lexical(self, corpus_hash: str, state: dict[str, np.ndarray]) -> None:
        path = self.lexical_path(corpus_hash)
        for old in self.directory.glob("lexical-*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
        _atomic_write(path, lambda tmp: np.savez(tmp, **state))  # type: ignore[arg-type]

    def embeddings(self, encoder_name: str) -> EmbeddingStore:
        return EmbeddingStore(
            self.directory / f"embeddings-{_safe(EMBEDDING_FORMAT + encoder_name)}"
        )


class EmbeddingStore:
    """Vectors by (mode, text) for one encoder: a matrix file and a JSON list of keys."""

    def __init__(self, stem: Path):
        self.matrix_path = stem.with_suffix(".npy")
        self.keys_path = stem.with_suffix(".json")

    def load(self) -> dict[str, np.ndarray]:
        try:
            keys = json.loads(self.keys_path.read_text(encoding="utf-8"))
            matrix = np.load(self.matrix_path, allow_pickle=False)
        except (OSError, ValueError):
            return {}
        if len(keys) != len(matrix):
            return {}
        return dict(zip(keys, matrix, strict=True))

    def save(self, vectors: dict[str, np.ndarray]) -> None:
        keys = list(vectors)
        if not keys:
            return
        matrix = np.stack([vectors[k] for k in keys]).astype(np.float32)
        _atomic_write(self.matrix_path, lambda tmp: np.save(tmp, matrix))
        text = json.dumps(keys, ensure_ascii=False)
        _atomic_write(self.keys_path, lambda tmp: _write_text(tmp, text))


def encode_missing(
    texts: Sequence[str],
    mode: str,
    known: dict[str, np.ndarray],
    encode: Callable[[Sequence[str]], np.ndarray],
) -> tuple[np.ndarray, int]:
    """Vectors for texts, encoding only those not in ``known`` (which is updated).

    Returns the matrix and how many texts had to be encoded.
    """
    missing = list(dict.fromkeys(t for t in texts if f"{mode}:{t}" not in known))
    if missing:
        for text, vector in zip(missing, encode(missing), strict=True):
            known[f"{mode}:{text}"] = vector
    if not texts:
        return np.zeros((0, 1), np.float32), len(missing)
    return np.stack([known[f"{mode}:{t}"] for t in texts]).astype(np.float32), len(missing)
