from __future__ import annotations

import json

import pytest

from wendbaar.linking.engine.evaluate import Query, hold_out, metrics, report
from wendbaar.linking.engine.fusion import Weights
from wendbaar.linking.tests.corpus_fixture import small_corpus


def test_metrics_by_hand():
    queries = [
        Query("a", frozenset({"x"})),
        Query("b", frozenset({"y", "z"})),
        Query("c", frozenset({"w"})),
    ]
    ranked = [["x", "q"], ["q", "z", "y"], ["q"] * 20]
    m = metrics(ranked, queries)
    assert m["queries"] == 3
    assert m["mrr"] == pytest.approx((1 + 1 / 2 + 0) / 3, abs=1e-4)
    assert m["success@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["success@5"] == pytest.approx(2 / 3, abs=1e-4)
    # R-precision: query a 1/1, query b (R=2) 1/2, query c 0
    assert m["r_precision@10"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert metrics([], []) == {"queries": 0}


def test_hold_out_removes_the_query_labels_from_the_index():
    corpus = small_corpus()
    reduced, groups = hold_out(corpus, per_group=5)
    held = [q for qs in groups.values() for q in qs]
    assert held, "the small corpus has alternative labels to hold out"
    for query in held:
        (uri,) = query.relevant
        assert query.text not in {x.text for x in reduced.by_uri[uri].labels}
        assert query.text in {x.text for x in corpus.by_uri[uri].labels}
    assert set(groups) == {"skill/nl", "skill/en", "occupation/nl", "occupation/en"}


def test_report_is_json_able():
    out = report(small_corpus(), None, None, None, Weights(), heldout_per_group=5)
    json.dumps(out)
    assert "lexical" in out["heldout"]["occupation/nl"]
