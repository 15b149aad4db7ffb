"""Combining the stages, and reranking with the taxonomy's own structure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Weights:
    """Fusion, reranking and query-variant settings, measured on VDAB (docs/linking.md).

    e5 cosines of unrelated short texts sit around 0.75, so the dense score is rescaled
    from ``dense_floor`` .. 1 to 0 .. 1 before the weighted sum.
    """

    lexical: float = 0.1
    dense: float = 0.9
    dense_floor: float = 0.8
    neighbours: float = 0.0
    # Extra encodings of a Dutch query (0 = not encoded): its English gloss, and the
    # query with compounds split (+0.004 MRR on VDAB for one more encoding, ~6 ms).
    gloss: float = 0.5
    split: float = 0.0


def dense_scaled(cosines: np.ndarray, floor: float) -> np.ndarray:
    return np.clip((cosines - floor) / (1.0 - floor), 0.0, 1.0)


def fuse(lexical: np.ndarray, dense: np.ndarray | None, weights: Weights) -> np.ndarray:
    """One score per candidate; without a dense stage the lexical score stands alone."""
    if dense is None:
        return lexical
    return weights.lexical * lexical + weights.dense * dense_scaled(dense, weights.dense_floor)


def neighbour_support(scores: np.ndarray, neighbours: list[list[int]], weight: float) -> np.ndarray:
    """Raise a candidate whose broader or related concepts are candidates too.

    ``neighbours[i]`` lists the candidate positions related to candidate ``i``; a concept
    the taxonomy places next to other good matches is more likely the intended one.
    """
    if weight == 0.0:
        return scores
    support = np.array(
        [max((scores[j] for j in near), default=0.0) for near in neighbours], dtype=np.float32
    )
    return scores + weight * support
