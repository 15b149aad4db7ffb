"""Suggest a mapping to ESCO for every concept of an imported scheme.

Each source concept is linked by its labels; the best candidates become suggestions
with a SKOS relation and a confidence:

* exact: the labels agree after folding, or the score is very high;
* narrow (the target is narrower): the source label's words are a strict part of the
  target label's ("lassen" -> "lassen van kunststof");
* broad (the target is broader): the other way round, or the target is the taxonomy
  parent of another candidate;
* close: anything else above the threshold.

The confidence is a logistic function of the linker score whose two parameters were
fitted on the real VDAB Competent 3.8 -> ESCO mappings (docs/linking.md); pass your
own :class:`Calibration` for another scheme.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from wendbaar.linking.engine.corpus import PREF, CorpusConcept, Label
from wendbaar.linking.engine.linker import Candidate, Linker
from wendbaar.linking.engine.normalize import content_tokens, stem
from wendbaar.taxonomy.text import fold

EXACT, CLOSE, BROAD, NARROW = "exact", "close", "broad", "narrow"
SKOS = {EXACT: "exactMatch", CLOSE: "closeMatch", BROAD: "broadMatch", NARROW: "narrowMatch"}


@dataclass(frozen=True)
class Calibration:
    """P(the suggestion is a correct mapping) = 1 / (1 + exp(-(slope * score + intercept)))."""

    # Fitted on 600 VDAB competences (fit_calibration; evaluate.crosswalk_report).
    slope: float = 10.7
    intercept: float = -8.0
    exact_score: float = 0.85

    def confidence(self, score: float) -> float:
        return 1.0 / (1.0 + math.exp(-(self.slope * score + self.intercept)))


@dataclass(frozen=True)
class Suggestion:
    source_uri: str
    target_uri: str
    relation: str  # exact | close | broad | narrow
    confidence: float
    target_label: str
    score: float

    @property
    def skos(self) -> str:
        return SKOS[self.relation]


def suggest(
    concepts: Sequence[CorpusConcept],
    linker: Linker,
    kinds: Iterable[str] | None = ("skill",),
    top: int = 3,
    min_confidence: float = 0.2,
    calibration: Calibration | None = None,
) -> list[Suggestion]:
    """Up to ``top`` suggestions per source concept, best first within each concept."""
    calibration = calibration or Calibration()
    queries = [(c, label) for c in concepts for label in _query_labels(c)]
    wanted = list(kinds) if kinds is not None else None
    results = linker.link_many([q[1].text for q in queries], wanted, None, max(top, 5))
    by_source: dict[str, list[tuple[Candidate, Label]]] = {}
    for (concept, label), found in zip(queries, results, strict=True):
        by_source.setdefault(concept.uri, []).extend((c, label) for c in found)
    out: list[Suggestion] = []
    for concept in concepts:
        best: dict[str, tuple[Candidate, Label]] = {}
        for candidate, label in by_source.get(concept.uri, []):
            if candidate.uri not in best or candidate.score > best[candidate.uri][0].score:
                best[candidate.uri] = (candidate, label)
        ranked = sorted(best.values(), key=lambda x: -x[0].score)
        uris = {c.uri for c, _ in ranked}
        for candidate, label in ranked[:top]:
            confidence = calibration.confidence(candidate.score)
            if confidence < min_confidence:
                continue
            relation = _relation(label, candidate, linker, uris, calibration)
            out.append(
                Suggestion(
                    concept.uri,
                    candidate.uri,
                    relation,
                    round(confidence, 4),
                    candidate.label,
                    round(candidate.score, 4),
                )
            )
    return out


def _query_labels(concept: CorpusConcept) -> list[Label]:
    """Preferred labels in each language (alternatives only if there is none)."""
    prefs = [x for x in concept.labels if x.kind == PREF]
    return prefs or concept.labels[:1]


def _stems(text: str) -> set[str]:
    return {stem(t, lang) for t in content_tokens(text) for lang in ("nl", "en")}


def _relation(
    source: Label, candidate: Candidate, linker: Linker, candidates: set[str], cal: Calibration
) -> str:
    if fold(source.text) == fold(candidate.label) or candidate.score >= cal.exact_score:
        return EXACT
    src, tgt = _stems(source.text), _stems(_same_language_label(source, candidate, linker))
    if src and tgt and src < tgt:
        return NARROW
    if src and tgt and tgt < src:
        return BROAD
    if _is_parent_of_candidate(candidate, linker, candidates):
        return BROAD
    return CLOSE


def _same_language_label(source: Label, candidate: Candidate, linker: Linker) -> str:
    """The target's preferred label in the source's language, else the matched label."""
    if candidate.label_lang == source.lang:
        return candidate.label
    target = linker.concepts[linker.position[candidate.concept_id]]
    same = [x.text for x in target.labels if x.lang == source.lang and x.kind == PREF]
    return same[0] if same else candidate.label


def _is_parent_of_candidate(candidate: Candidate, linker: Linker, candidates: set[str]) -> bool:
    """Whether another candidate has this one as its broader concept in the taxonomy."""
    position = linker.position.get(candidate.concept_id)
    if position is None:
        return False
    return any(
        linker.concepts[child].uri in candidates for child in linker.children.get(position, ())
    )


def fit_calibration(scores: Sequence[float], correct: Sequence[bool]) -> Calibration:
    """Logistic regression of correctness on score (Newton's method), for :class:`Calibration`."""
    x = np.asarray(scores, dtype=np.float64)
    y = np.asarray(correct, dtype=np.float64)
    design = np.column_stack([x, np.ones_like(x)])
    beta = np.zeros(2)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(hessian, design.T @ (y - p))
        beta += step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(slope=float(beta[0]), intercept=float(beta[1]))
