from __future__ import annotations

from itertools import pairwise

import pytest

from wendbaar.linking.engine.corpus import Corpus
from wendbaar.linking.engine.crosswalk import Calibration, fit_calibration, suggest
from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.linking.engine.extract import extract, spans
from wendbaar.linking.engine.linker import Linker
from wendbaar.linking.tests.corpus_fixture import _concept

CV = (
    "Ik heb jaren de boekhouding gedaan en warmtepompen geïnstalleerd.\n"
    "Daarna werkte ik als medewerker klantcontact (32 uur)."
)


def test_spans_are_runs_of_content_words():
    text = "Ik heb jaren de boekhouding gedaan, en kunststof lassen."
    found = [text[a:b] for a, b in spans(text)]
    assert "boekhouding gedaan" in found
    assert "kunststof lassen" in found
    assert "boekhouding" in found  # shorter spans inside a run
    assert all(not s.lower().startswith(("ik ", "de ", "en ")) for s in found)


@pytest.mark.parametrize("fixture", ["lexical_linker", "dense_linker"])
def test_extract_finds_skills_and_occupations_with_spans(fixture: str, request):
    linker: Linker = request.getfixturevalue(fixture)
    mentions = extract(linker, CV)
    found = {m.candidates[0].uri: m for m in mentions}
    assert {"s:bookkeeping", "s:heat-pumps", "o:contact-centre"} <= set(found)
    for m in mentions:
        assert CV[m.start : m.end] == m.text
    assert "boekhouding" in found["s:bookkeeping"].text
    assert found["o:contact-centre"].text == "medewerker klantcontact"
    ordered = sorted(mentions, key=lambda m: m.start)
    assert all(a.end <= b.start for a, b in pairwise(ordered))  # no overlaps
    assert mentions[0].as_dict()["candidates"][0]["uri"] == mentions[0].candidates[0].uri


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "de het een en of", "12 34"])
def test_extract_nothing(lexical_linker: Linker, text: str):
    assert extract(lexical_linker, text) == []


def test_extract_limits(lexical_linker: Linker):
    with pytest.raises(LinkingInputError, match="too long"):
        extract(lexical_linker, "a" * 100_001)
    with pytest.raises(LinkingInputError):
        extract(lexical_linker, b"\x00\x01binary")  # type: ignore[arg-type]


def test_extract_long_text_stays_lexical_and_quick(dense_linker: Linker):
    text = ("Ervaring met boekhouding bijhouden en klanten adviseren. " * 1500)[:90_000]
    mentions = extract(dense_linker, text)
    assert {m.candidates[0].uri for m in mentions} >= {"s:bookkeeping", "s:advise-customers"}


def _external() -> Corpus:
    return Corpus(
        [
            _concept(101, "v:kunststof-lassen", "skill", [("Kunststof lassen", "nl", "pref")]),
            _concept(102, "v:lassen", "skill", [("Lassen", "nl", "pref")]),
            _concept(104, "v:nonsense", "skill", [("qqq zzz", "nl", "pref")]),
        ]
    )


def test_crosswalk_relations(lexical_linker: Linker):
    out = suggest(_external().concepts, lexical_linker, top=2)
    by = {(s.source_uri, s.target_uri): s for s in out}
    assert by[("v:kunststof-lassen", "s:weld-plastics")].relation == "exact"
    assert by[("v:kunststof-lassen", "s:weld-plastics")].skos == "exactMatch"
    # "lassen" is a strict part of "kunststof lassen": the target is narrower
    assert by[("v:lassen", "s:weld-plastics")].relation == "narrow"
    assert not any(s.source_uri == "v:nonsense" for s in out)
    for s in out:
        assert 0.0 <= s.confidence <= 1.0
        assert s.relation in {"exact", "close", "broad", "narrow"}


def test_crosswalk_uses_the_hierarchy_for_broad(lexical_linker: Linker):
    out = suggest(_external().concepts[1:2], lexical_linker, top=3, min_confidence=0.0)
    relations = {s.target_uri: s.relation for s in out}
    # welding techniques is the taxonomy parent of the other candidate, weld plastics
    assert relations["s:welding"] == "broad"


def test_calibration_is_monotone():
    cal = Calibration()
    assert cal.confidence(0.2) < cal.confidence(0.5) < cal.confidence(0.9)


def test_fit_calibration_recovers_a_logistic_curve():
    scores = [i / 100 for i in range(100)] * 4
    correct = [s > 0.6 for s in scores[:200]] + [s > 0.4 for s in scores[200:]]
    cal = fit_calibration(scores, correct)
    assert cal.slope > 0
    assert cal.confidence(0.5) == pytest.approx(0.5, abs=0.1)
    assert cal.confidence(0.9) > 0.9 > 0.1 > cal.confidence(0.1)
