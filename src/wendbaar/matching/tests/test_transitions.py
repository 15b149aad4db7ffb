"""Transitions on the tiny taxonomy, checked by hand (see tiny.py for the data)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wendbaar.matching.engine.calibration import calibrate, within_group_means
from wendbaar.matching.engine.pairing import greedy_reference
from wendbaar.matching.engine.similarity import BROADER, NARROWER, RELATED, SIBLING, SIMILAR
from wendbaar.matching.engine.transitions import (
    TransitionMatrix,
    build_transitions,
    explain_transition,
)

from . import tiny
from .tiny import ASSISTANT, BAKER, DRIVER, PASTRY


@pytest.fixture(scope="module")
def profiles():
    return tiny.profiles()


@pytest.fixture(scope="module")
def credit(profiles):
    return tiny.credit(profiles)


@pytest.fixture(scope="module")
def matrix(profiles, credit):
    return build_transitions(profiles, credit)


def test_credit_has_each_kind_of_partial_match(credit):
    def of(a, b):
        return credit.credit_of(a, b)

    assert of(5, 6) == (pytest.approx(0.9), "similar")
    assert of(3, 4) == (pytest.approx(0.5), "related")
    assert of(4, 3) == (pytest.approx(0.5), "related")
    assert of(1, 0) == (pytest.approx(0.5), "broader")  # rye bread counts towards bread
    assert of(0, 1) == (pytest.approx(0.4), "narrower")
    assert of(1, 2) == (pytest.approx(0.3), "sibling")
    assert of(0, 8) == (0.0, "")
    assert of(7, 7) == (1.0, "same")
    assert {SIMILAR, RELATED, BROADER, NARROWER, SIBLING} <= set(credit.reason.data.tolist())


def test_hand_checked_scores(matrix):
    # baker -> pastry cook: s0 shared (1), s4 from s3 (related 0.5), s6 from s5 (similar 0.9)
    assert matrix.essential[BAKER, PASTRY] == pytest.approx(2.4 / 3)
    assert matrix.optional[BAKER, PASTRY] == pytest.approx(2.4 / 3)
    assert matrix.activity[BAKER, PASTRY] == pytest.approx(1.0)  # same activity groups
    assert matrix.combined[BAKER, PASTRY] == pytest.approx((0.8 + 0.8 + 1.0) / 3, abs=1e-6)
    # the assistant lacks s5: two of the baker's three essentials
    assert matrix.essential[ASSISTANT, BAKER] == pytest.approx(2 / 3)
    assert matrix.essential[BAKER, ASSISTANT] == pytest.approx(1.0)
    # activity: assistant (S1.1) vs baker (S1.1 + S1.2): 1 - sqrt(1 - cos 45 degrees)
    assert matrix.activity[ASSISTANT, BAKER] == pytest.approx(
        1 - math.sqrt(1 - math.sqrt(0.5)), abs=1e-6
    )
    assert matrix.combined[DRIVER, BAKER] == 0.0
    assert np.allclose(np.diag(matrix.combined), 1.0)


def test_matrix_equals_the_dense_greedy_on_every_pair(profiles, credit, matrix):
    dense = credit.matrix.toarray()
    for o in range(len(profiles)):
        have = profiles.essential_of(o)
        for d in range(len(profiles)):
            if o == d:
                continue
            need = profiles.essential_of(d)
            total = sum(w for _, _, w in greedy_reference(dense[np.ix_(have, need)]))
            assert matrix.essential[o, d] == pytest.approx(total / len(need), abs=1e-6)


def test_explanation_names_shared_partial_and_missing(profiles, credit, matrix):
    ex = explain_transition(matrix, profiles, credit, BAKER, PASTRY)
    assert [m.requirement for m in ex.shared] == [0]
    assert [(m.requirement, m.covered_by, m.reason) for m in ex.partial] == [
        (6, 5, "similar"),
        (4, 3, "related"),
    ]
    assert ex.missing == []
    ex = explain_transition(matrix, profiles, credit, ASSISTANT, BAKER)
    assert [m.requirement for m in ex.missing] == [5]
    assert ex.scores["essential"] == pytest.approx(2 / 3)


def test_without_embeddings_relations_and_hierarchy_still_count(profiles):
    plain = build_transitions(profiles, tiny.credit(profiles, semantic=False))
    assert plain.essential[BAKER, PASTRY] == pytest.approx(1.5 / 3)  # s6 no longer covered


def test_calibration_uses_within_group_spread(profiles):
    scores = np.full((4, 4), 0.1, dtype=np.float32)
    np.fill_diagonal(scores, 1.0)
    scores[np.ix_([0, 1, 2], [0, 1, 2])] = 0.6
    np.fill_diagonal(scores, 1.0)
    # one ISCO group of three (mean 0.6, no spread) and one broad group (baker + assistant)
    assert within_group_means(scores, [np.array([0, 1, 2])]).tolist() == pytest.approx([0.6])
    found = calibrate(scores, profiles)
    assert found.viable == pytest.approx(0.6)
    assert found.highly_viable == pytest.approx(0.6)
    assert found.stats["within_isco_pairs_viable"] == 1.0


def test_matrix_survives_a_round_trip(tmp_path, matrix):
    matrix.key = "abc"
    matrix.save(tmp_path / "m.npz")
    back = TransitionMatrix.load(tmp_path / "m.npz")
    assert back.key == "abc"
    assert np.array_equal(back.combined, matrix.combined)
    assert back.thresholds == matrix.thresholds
