"""The public linker: rank concepts of chosen kinds for a short text, in Dutch or English.

Stages: lexical (every label, every language, with Dutch-to-English word translations
learned from the taxonomy), dense (an optional multilingual encoder), a weighted fusion,
and a rerank that lets related concepts support each other.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wendbaar.linking.engine.cache import IndexCache, encode_missing
from wendbaar.linking.engine.corpus import ALT, PREF, Corpus, CorpusConcept, expand_kinds
from wendbaar.linking.engine.dense import DenseIndex, Encoder, learn_alignment
from wendbaar.linking.engine.errors import QUERY_MAX, check_text
from wendbaar.linking.engine.fusion import Weights, dense_scaled, fuse, neighbour_support
from wendbaar.linking.engine.groups import best_per_group, rows_of
from wendbaar.linking.engine.lexical import LexicalIndex
from wendbaar.linking.engine.normalize import (
    content_tokens,
    guess_language,
    split_compounds,
    tokens,
)

# Lexical candidates considered per query, before fusion.
LEXICAL_POOL = 100
_LATIN = re.compile("[a-z]")


@dataclass(frozen=True)
class Candidate:
    """A concept proposed for a text, with why: the label that matched and each stage."""

    concept_id: int
    uri: str
    kind: str
    score: float
    label: str
    label_lang: str
    lexical: float
    dense: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "concept_id": self.concept_id,
            "uri": self.uri,
            "kind": self.kind,
            "score": round(self.score, 4),
            "label": self.label,
            "label_lang": self.label_lang,
            "stages": {
                "lexical": round(self.lexical, 4),
                "dense": None if self.dense is None else round(self.dense, 4),
            },
        }


@dataclass
class BuildInfo:
    seconds: dict[str, float] = field(default_factory=dict)
    lexical_from_cache: bool = False
    encoded: int = 0  # label texts sent to the encoder (0 when all came from the cache)


@dataclass
class _Labels:
    texts: list[str]
    langs: list[str]
    starts: np.ndarray  # concept i owns labels starts[i]:starts[i + 1]


class Linker:
    def __init__(
        self,
        concepts: list[CorpusConcept],
        labels: _Labels,
        lexical: LexicalIndex,
        dense: DenseIndex | None,
        encoder: Encoder | None,
        weights: Weights,
        info: BuildInfo,
    ):
        self.concepts = concepts
        self.labels = labels
        self.lexical = lexical
        self.dense = dense
        self.encoder = encoder
        self.weights = weights
        self.info = info
        self.kind_of = np.array([c.kind for c in concepts])
        self.owner = np.repeat(np.arange(len(concepts)), np.diff(labels.starts))
        self.position = {c.id: i for i, c in enumerate(concepts)}
        self.neighbours = [
            [self.position[n] for n in (*c.broader, *c.related) if n in self.position]
            for c in concepts
        ]
        self.children: dict[int, list[int]] = {}
        for i, c in enumerate(concepts):
            for parent in c.broader:
                if parent in self.position:
                    self.children.setdefault(self.position[parent], []).append(i)
        self.vocabulary = {
            lang: {
                t
                for text, tl in zip(labels.texts, labels.langs, strict=True)
                if tl == lang
                for t in content_tokens(text)
            }
            for lang in ("nl", "en")
        }
        self._masks: dict[frozenset[str], np.ndarray] = {}

    # -- building ---------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        corpus: Corpus,
        encoder: Encoder | None = None,
        cache_dir: Path | str | None = None,
        weights: Weights | None = None,
    ) -> Linker:
        """Index a corpus; with ``cache_dir`` reuse what an earlier build stored there."""
        info = BuildInfo()
        concepts = [c for c in corpus.concepts if c.labels]
        labels = _label_table(concepts)
        cache = IndexCache(Path(cache_dir)) if cache_dir is not None else None
        key = corpus.content_hash()
        started = time.perf_counter()
        state = cache.load_lexical(key) if cache is not None else None
        lexical = _restore(state) if state is not None else None
        info.lexical_from_cache = lexical is not None
        if lexical is None:
            lexical = LexicalIndex.build(labels.texts, labels.langs, _owners(labels.starts))
            if cache is not None:
                cache.save_lexical(key, lexical.state())
        info.seconds["lexical"] = time.perf_counter() - started
        dense = None
        if encoder is not None:
            started = time.perf_counter()
            dense, info.encoded = _build_dense(concepts, labels, encoder, cache)
            info.seconds["dense"] = time.perf_counter() - started
        return cls(concepts, labels, lexical, dense, encoder, weights or Weights(), info)

    # -- linking ----------------------------------------------------------------------

    def link(
        self,
        text: str,
        kinds: Iterable[str] | None = None,
        lang: str | None = None,
        top: int = 10,
        min_score: float = 0.0,
        weights: Weights | None = None,
    ) -> list[Candidate]:
        """The best ``top`` concepts for a short text (at most 1,000 characters).

        ``lang`` is "nl", "en" or None (guessed); ``kinds`` limits the concept kinds
        ("skill" includes knowledge); ``weights`` overrides the linker's for this call.
        Empty, emoji-only or stop-word-only text gives [].
        """
        return self.link_many([text], kinds, lang, top, min_score, weights)[0]

    def link_many(
        self,
        texts: Sequence[str],
        kinds: Iterable[str] | None = None,
        lang: str | None = None,
        top: int = 10,
        min_score: float = 0.0,
        weights: Weights | None = None,
    ) -> list[list[Candidate]]:
        """:meth:`link` for many texts, encoding them for the dense stage in one batch."""
        w = weights or self.weights
        checked = [check_text(t, QUERY_MAX, "query") for t in texts]
        allowed = self.kind_mask(kinds)
        langs = {
            i: lang or guess_language(tokens(t), self.vocabulary)
            for i, t in enumerate(checked)
            if _linkable(t)
        }
        vectors = self._encode(checked, langs, w) if w.dense else {}
        results: list[list[Candidate]] = [[] for _ in checked]
        for i, query_lang in langs.items():
            results[i] = self._rank(
                checked[i], query_lang, vectors.get(i), allowed, max(top, 0), min_score, w
            )
        return results

    def variants(
        self, text: str, lang: str | None, weights: Weights
    ) -> list[tuple[str, float, bool]]:
        """What the encoder reads for a query: (text, weight, align to English).

        A small encoder reads Dutch compounds poorly, so a Dutch query can also be
        encoded as a word-by-word English gloss and with its compounds split.
        """
        if lang == "en":
            return [(text, 1.0, False)]
        decompounder = self.lexical.decompounder
        out = [(text, 1.0, True)]
        if weights.gloss and (gloss := self.lexical.translations.gloss(text, decompounder)):
            out.append((gloss, weights.gloss, False))
        if weights.split:
            out.append((split_compounds(text, decompounder), weights.split, True))
        return out

    def _encode(
        self, texts: list[str], langs: dict[int, str | None], weights: Weights
    ) -> dict[int, np.ndarray]:
        if self.dense is None or self.encoder is None or not langs:
            return {}
        plans = {i: self.variants(texts[i], lang, weights) for i, lang in langs.items()}
        unique = list(dict.fromkeys(t for plan in plans.values() for t, _w, _a in plan))
        encoded = dict(zip(unique, self.encoder.encode_queries(unique), strict=True))
        return {
            i: self.dense.query([(encoded[t], w, a) for t, w, a in plan])
            for i, plan in plans.items()
        }

    def kind_mask(self, kinds: Iterable[str] | None) -> np.ndarray | None:
        if kinds is None:
            return None
        wanted = frozenset(expand_kinds(kinds))
        if wanted not in self._masks:
            self._masks[wanted] = np.isin(self.kind_of, list(wanted))
        return self._masks[wanted]

    def lexical_candidates(
        self, text: str, lang: str | None, allowed: np.ndarray | None, pool: int = LEXICAL_POOL
    ) -> tuple[np.ndarray, np.ndarray]:
        """Best concepts by the lexical stage alone: (concept positions, scores)."""
        return self._lexical_pool(*self.lexical.scores(text, lang), allowed, pool)

    def _lexical_pool(
        self, rows: np.ndarray, scores: np.ndarray, allowed: np.ndarray | None, pool: int
    ) -> tuple[np.ndarray, np.ndarray]:
        if allowed is not None and len(rows):
            keep = allowed[self.owner[rows]]
            rows, scores = rows[keep], scores[keep]
        if len(rows) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        k = min(len(rows), pool * 8)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        owners = self.owner[rows[best]]
        _, first = np.unique(owners, return_index=True)
        first.sort()
        return owners[first][:pool], scores[best][first][:pool]

    def _rank(
        self,
        text: str,
        lang: str | None,
        vector: np.ndarray | None,
        allowed: np.ndarray | None,
        top: int,
        min_score: float,
        weights: Weights,
    ) -> list[Candidate]:
        lex_rows, lex_scores = self.lexical.scores(text, lang)
        label_lex = np.zeros(len(self.labels.texts), np.float32)
        label_lex[lex_rows] = lex_scores
        pool = np.zeros(0, np.int64)
        if weights.lexical or vector is None:
            pool, _ = self._lexical_pool(lex_rows, lex_scores, allowed, LEXICAL_POOL)
        dense_cos: np.ndarray | None = None
        dense_rows: np.ndarray | None = None
        if self.dense is not None and vector is not None:
            pool = np.union1d(pool, self.dense.search(vector, allowed, top))
            dense_cos, dense_rows = self.dense.score(vector, pool)
        if len(pool) == 0:
            return []
        rows, lengths = rows_of(self.labels.starts, pool)
        lexical, at = best_per_group(label_lex[rows], lengths)
        lexical_rows = rows[at]
        scores = fuse(lexical, dense_cos, weights)
        if weights.neighbours:
            where = {int(c): i for i, c in enumerate(pool)}
            near = [[where[n] for n in self.neighbours[c] if n in where] for c in pool]
            scores = neighbour_support(scores, near, weights.neighbours)
        order = np.argsort(-scores, kind="stable")[:top]
        out = []
        for i in order:
            if scores[i] <= min_score or (dense_cos is None and lexical[i] <= 0):
                continue
            concept = self.concepts[int(pool[i])]
            row = int(lexical_rows[i])
            if (
                dense_cos is not None
                and dense_rows is not None
                and (
                    weights.dense * dense_scaled(dense_cos[i : i + 1], weights.dense_floor)[0]
                    > weights.lexical * lexical[i]
                )
            ):
                row = int(dense_rows[i])
            out.append(
                Candidate(
                    concept_id=concept.id,
                    uri=concept.uri,
                    kind=concept.kind,
                    score=float(scores[i]),
                    label=self.labels.texts[row],
                    label_lang=self.labels.langs[row],
                    lexical=float(lexical[i]),
                    dense=None if dense_cos is None else float(dense_cos[i]),
                )
            )
        return out


def _linkable(text: str) -> bool:
    """Content words in Latin script: the labels' script, so other scripts link to nothing."""
    return any(_LATIN.search(word) for word in content_tokens(text))


def _restore(state: dict[str, np.ndarray]) -> LexicalIndex | None:
    try:
        return LexicalIndex.from_state(state)
    except (KeyError, ValueError, UnicodeDecodeError):
        return None  # a cache from another version: rebuild


def _label_table(concepts: list[CorpusConcept]) -> _Labels:
    texts: list[str] = []
    langs: list[str] = []
    starts = [0]
    for concept in concepts:
        seen: set[tuple[str, str]] = set()
        for label in concept.labels:
            key = (label.text.strip(), label.lang)
            if key[0] and key not in seen:
                seen.add(key)
                texts.append(key[0])
                langs.append(label.lang)
        starts.append(len(texts))
    return _Labels(texts, langs, np.array(starts, dtype=np.int64))


def _owners(starts: np.ndarray) -> list[int]:
    return np.repeat(np.arange(len(starts) - 1), np.diff(starts)).tolist()


def _build_dense(
    concepts: list[CorpusConcept], labels: _Labels, encoder: Encoder, cache: IndexCache | None
) -> tuple[DenseIndex, int]:
    store = cache.embeddings(encoder.name) if cache is not None else None
    known = store.load() if store is not None else {}
    vectors, encoded = encode_missing(labels.texts, "p", known, encoder.encode_passages)
    # Alignment pairs: a concept's Dutch preferred label (as a query) and English one.
    pairs = [(nl, en) for c in concepts if (nl := _label(c, "nl")) and (en := _label(c, "en"))]
    source, more = encode_missing([p[0] for p in pairs], "q", known, encoder.encode_queries)
    target, _ = encode_missing([p[1] for p in pairs], "p", known, encoder.encode_passages)
    encoded += more
    if store is not None and encoded:
        # Keep vectors of labels no longer used (a held-out evaluation drops some for a
        # while), unless they have come to outnumber the ones in use.
        used = {f"p:{t}" for t in labels.texts} | {f"q:{p[0]}" for p in pairs}
        if len(known) > 2 * len(used):
            known = {k: v for k, v in known.items() if k in used}
        store.save(known)
    alignment = learn_alignment(source, target) if pairs else None
    return DenseIndex(vectors, labels.starts, alignment), encoded


def _label(concept: CorpusConcept, lang: str) -> str | None:
    for kind in (PREF, ALT):
        for label in concept.labels:
            if label.lang == lang and label.kind == kind:
                return label.text
    return None
