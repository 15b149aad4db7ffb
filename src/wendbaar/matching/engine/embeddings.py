"""Skill label embeddings, computed once per encoder and label set and kept on disk.

The matrix file is named by a hash of the encoder name and the exact label texts, so a
changed taxonomy or encoder never reuses stale vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np


class PassageEncoder(Protocol):
    name: str

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def labels_hash(encoder_name: str, labels: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps([encoder_name, list(labels)]).encode()).hexdigest()[:24]


def cached_embeddings(
    labels: Sequence[str], encoder: PassageEncoder, cache_dir: Path
) -> np.ndarray:
    """L2-normalised float32 rows, one per label, from ``cache_dir`` or the encoder."""
    path = Path(cache_dir) / f"skill-embeddings-{labels_hash(encoder.name, labels)}.npy"
    if path.exists():
        try:
            matrix = np.load(path, allow_pickle=False)
            if matrix.shape[0] == len(labels):
                return matrix
        except (OSError, ValueError):
            pass  # a damaged file is recomputed
    matrix = normalised(encoder.encode_passages(list(labels)))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npy")
    os.close(fd)
    try:
        np.save(tmp, matrix)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return matrix


def normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
