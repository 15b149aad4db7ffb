"""Quality floors on the real ESCO and VDAB files (lexical stage: no encoder needed).

The floors are the values measured when they were set, minus a margin; docs/linking.md
has the full evaluation with every stage.
"""

from __future__ import annotations

import random

import pytest

from wendbaar.linking.engine.corpus import corpus_from_esco_files
from wendbaar.linking.engine.evaluate import Query, hold_out, run_queries, vdab_queries
from wendbaar.linking.engine.fusion import Weights
from wendbaar.linking.engine.linker import Linker
from wendbaar.taxonomy.tests.shared_data import ESCO_V111, VDAB, require

pytestmark = pytest.mark.esco_full
LEXICAL = Weights(dense=0.0)
# Measured: VDAB sample MRR 0.147; held-out Dutch occupation labels success@5 0.865.
FLOOR_VDAB_MRR = 0.12
FLOOR_HELDOUT_NL_OCCUPATION_S5 = 0.80


@pytest.fixture(scope="module")
def heldout() -> tuple[Linker, dict[str, list[Query]], list[Query]]:
    """One index over all ESCO labels but a held-out sample (the VDAB test shares it)."""
    require(*ESCO_V111, VDAB)
    esco = corpus_from_esco_files(ESCO_V111)
    reduced, groups = hold_out(esco, per_group=200)
    vdab = random.Random(0).sample(vdab_queries(VDAB, esco), 300)
    return Linker.build(reduced), groups, vdab


def test_vdab_sample_lexical_mrr(heldout):
    linker, _groups, vdab = heldout
    result, _ms = run_queries(linker, vdab, ["skill"], LEXICAL)
    assert result["mrr"] >= FLOOR_VDAB_MRR, result


def test_heldout_dutch_occupation_labels(heldout):
    linker, groups, _vdab = heldout
    result, _ms = run_queries(linker, groups["occupation/nl"], ["occupation"], LEXICAL)
    assert result["success@5"] >= FLOOR_HELDOUT_NL_OCCUPATION_S5, result
