"""Rows grouped by concept: concept i owns the rows starts[i]:starts[i + 1]."""

from __future__ import annotations

import numpy as np


def rows_of(starts: np.ndarray, concepts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(all rows of the concepts in order, number of rows per concept)."""
    begin = starts[concepts]
    lengths = starts[concepts + 1] - begin
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    return np.repeat(begin - offsets, lengths) + np.arange(lengths.sum()), lengths


def best_per_group(values: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(maximum, position of the first maximum) of each consecutive group of values.

    Every group must be non-empty.
    """
    offsets = np.r_[0, np.cumsum(lengths)[:-1]]
    best = np.maximum.reduceat(values, offsets)
    hits = np.flatnonzero(values == np.repeat(best, lengths))
    group = np.repeat(np.arange(len(lengths)), lengths)[hits]
    first = np.r_[True, group[1:] != group[:-1]]
    return best, hits[first]
