"""The engine on the real ESCO v1.1.1 and CBS files: sanity of the whole pipeline.

Runs without an encoder (relations and hierarchy only), so it is deterministic and takes
seconds; the benchmark covers the semantic version.
"""

from __future__ import annotations

import numpy as np
import pytest

from wendbaar.matching.engine.calibration import isco_groups
from wendbaar.matching.engine.claims import Claim
from wendbaar.matching.engine.engine import MatchingEngine
from wendbaar.matching.engine.esco_files import profiles_from_esco_files
from wendbaar.matching.engine.query import TransitionQuery
from wendbaar.matching.engine.signals import labour_market_from_files
from wendbaar.matching.engine.tension import load_spanningsindicator
from wendbaar.taxonomy.tests.shared_data import SHARED, require

from .test_signals import SAMPLE

pytestmark = pytest.mark.esco_full
ESCO = SHARED / "esco" / "v1.1.1"
CBS = SHARED / "cbs"


@pytest.fixture(scope="module")
def engine():
    require(ESCO, CBS)
    profiles = profiles_from_esco_files([ESCO])
    market = labour_market_from_files(profiles, CBS)
    tension = load_spanningsindicator(SAMPLE, market.brc_labels)
    market.tension = tension
    return MatchingEngine.build(profiles, None, market)


def test_profiles_are_complete(engine):
    p = engine.profiles
    assert (len(p), len(p.skills), p.version) == (3007, 13896, "v1.1.1")
    assert p.essential.nnz + p.optional.nnz > 120_000
    # every rejected requirement is reported, none silently dropped
    assert {i.problem for i in p.issues} <= {"unknown occupation", "unknown skill"}
    assert p.skills.activity.shape[1] >= 70  # level-2 groups of the skills branch
    assert p.skills.in_collection("green").sum() > 500


def test_matrix_is_sane_and_coherent(engine):
    m = engine.matrix
    assert m.combined.shape == (3007, 3007)
    assert np.allclose(np.diag(m.combined), 1.0)
    assert m.combined.min() >= 0.0 and m.combined.max() <= 1.0 + 1e-6
    assert np.all(m.optional >= m.essential - 1e-6)
    t = m.thresholds
    assert 0.05 < t.viable <= t.highly_viable < 0.6
    # occupations of one ISCO unit group are mostly viable moves for each other, random
    # pairs mostly not
    assert t.stats["within_isco_pairs_viable"] > 0.6
    assert t.stats["all_pairs_viable"] < 0.15
    assert len(isco_groups(engine.profiles)) > 300


def test_queries_on_real_occupations(engine):
    p = engine.profiles
    teller = p.occupations[p.labels.index("bank teller")].uri
    result = engine.transitions(teller, TransitionQuery(top=5))
    assert result.status == "ok" and len(result.options) == 5
    first = result.options[0]
    assert first.flags["viable"].passed and first.flags["desirable"].passed is not None
    explanation = engine.explain(teller, p.occupations[first.destination].uri)
    assert explanation is not None and explanation.shared
    claims = [
        Claim(p.skills.uris[s], "certified") for s in p.essential_of(p.labels.index("bank teller"))
    ]
    report = engine.fit(claims, top=3)
    assert "bank teller" in [p.labels[f.target] for f in report.fits]
    electricians = engine.transitions(
        teller, TransitionQuery(sectors=("energy",), require=("sector",), top=3)
    )
    assert all("energy" in engine.market[o.destination].sectors for o in electricians.options)
    assert engine.paths(teller, TransitionQuery(sectors=("energy",)))


def test_sample_tension_matches_real_brc_groups(engine):
    table = engine.market.tension
    assert len(table.issues) == 1  # only the made-up group of the sample
    shortage = engine.market.shortage("Groot Amsterdam")
    electricians = [i for i, s in enumerate(engine.market.signals) if s.brc == "0761"]
    assert electricians and shortage[electricians].all()
