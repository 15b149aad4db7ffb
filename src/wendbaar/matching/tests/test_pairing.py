"""The vectorised greedy pairing equals the sequential greedy of Career Causeways."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wendbaar.matching.engine.pairing import Edges, greedy_reference, greedy_select

blocks = st.lists(
    st.lists(st.sampled_from([0.0, 0.0, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0]), min_size=4, max_size=4),
    min_size=1,
    max_size=5,
)


def _edges(block: np.ndarray, pair: int) -> Edges:
    rows, cols = np.nonzero(block > 0)
    # skills are numbered so that origin row r is skill r and requirement c is skill 10 + c
    return Edges(np.full(len(rows), pair), rows, cols + 10, block[rows, cols].astype(np.float32))


@settings(max_examples=200, deadline=None)
@given(st.lists(blocks, min_size=1, max_size=4))
def test_rounds_choose_what_the_sequential_greedy_chooses(raw):
    matrices = [np.array(b, dtype=np.float32) for b in raw]
    parts = [_edges(m, k) for k, m in enumerate(matrices)]
    edges = Edges(
        np.concatenate([e.pair for e in parts]),
        np.concatenate([e.a for e in parts]),
        np.concatenate([e.s for e in parts]),
        np.concatenate([e.w for e in parts]),
    )
    chosen = edges.take(greedy_select(edges, 20))
    for k, m in enumerate(matrices):
        expected = sorted((r, c + 10) for r, c, _ in greedy_reference(m))
        got = sorted(
            zip(
                chosen.a[chosen.pair == k].tolist(),
                chosen.s[chosen.pair == k].tolist(),
                strict=True,
            )
        )
        assert got == expected


def test_greedy_takes_the_best_pair_first_not_the_best_total():
    # a-x 0.9 is taken first; b's only option was x: 0.9 in all, where a-y + b-x gives 1.65
    block = np.array([[0.9, 0.85], [0.8, 0.0]], dtype=np.float32)
    assert [(r, c) for r, c, _ in greedy_reference(block)] == [(0, 0)]
    edges = _edges(block, 0)
    chosen = edges.take(greedy_select(edges, 20))
    assert list(zip(chosen.a.tolist(), chosen.s.tolist(), strict=True)) == [(0, 10)]
