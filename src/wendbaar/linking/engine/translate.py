"""A Dutch-to-English word lexicon learned from the taxonomy's own bilingual labels.

Most ESCO skills have English labels only, so a Dutch query shares few words with them.
Every concept that has labels in both languages (all occupations, groups, some 2,200
skills) is a small parallel text; IBM model 1 over those pairs gives p(english stem |
dutch stem), and the lexical stage adds the likely translations to a Dutch query.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from wendbaar.linking.engine.normalize import Decompounder, content_tokens, stem, tokens

_ITERATIONS = 8
_MIN_PROBABILITY = 0.05
_PER_WORD = 3
_GLOSS_MIN = 0.25  # translations likely enough to write into a gloss
_GLOSS_PER_WORD = 2


@dataclass
class Translations:
    """Dutch stem -> [(English stem, p)], and the usual English word for each stem."""

    words: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)

    def gloss(self, text: str, decompounder: Decompounder) -> str:
        """A word-by-word English rendering of Dutch text, for the encoder.

        'warmtepompmonteur' -> 'pumps heating technician': crude, but it gives a small
        encoder English words where the Dutch compound meant little to it.
        """
        out: list[str] = []
        for token in content_tokens(text):
            found = self._translate(token)
            if found:
                out.extend(found)
                continue
            for part in decompounder.split_loose(token) or (token,):
                out.extend(self._translate(part) or [part])
        return " ".join(out)

    def _translate(self, word: str) -> list[str]:
        options = [t for t, p in self.words.get(stem(word, "nl"), ()) if p >= _GLOSS_MIN]
        return [self.surface.get(t, t) for t in options[:_GLOSS_PER_WORD]]

    def to_json(self) -> str:
        return json.dumps({"words": self.words, "surface": self.surface}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Translations:
        data = json.loads(text)
        return cls(
            {w: [(t, p) for t, p in options] for w, options in data["words"].items()},
            data["surface"],
        )


def _dutch_stems(text: str, decompounder: Decompounder) -> set[str]:
    out = set()
    for token in content_tokens(text):
        out.add(stem(token, "nl"))
        out.update(stem(part, "nl") for part in decompounder.split(token))
    return out


def _english_stems(text: str) -> set[str]:
    return {stem(token, "en") for token in content_tokens(text)}


def surface_forms(english: Iterable[str]) -> dict[str, str]:
    """The most frequent word for each English stem: 'product' -> 'products'."""
    counts: dict[str, Counter[str]] = {}
    for text in english:
        for token in tokens(text):
            counts.setdefault(stem(token, "en"), Counter())[token] += 1
    return {s: c.most_common(1)[0][0] for s, c in counts.items()}


def learn(
    concepts: Iterable[tuple[Sequence[str], Sequence[str]]], decompounder: Decompounder
) -> dict[str, list[tuple[str, float]]]:
    """Dutch stem -> [(English stem, probability)], best first.

    ``concepts`` gives, per concept, its Dutch labels and its English labels.
    """
    # One row per (target word occurrence, candidate source word) of a label pair.
    rows: list[tuple[int, int, int]] = []
    src_ids: dict[str, int] = {"": 0}  # 0 is the empty word, which absorbs unaligned words
    tgt_ids: dict[str, int] = {}
    occurrence = 0
    for src, tgt in concepts:
        src_bags = [_dutch_stems(t, decompounder) for t in src]
        tgt_bags = [_english_stems(t) for t in tgt]
        for a in src_bags:
            if not a:
                continue
            ids_a = [0, *(src_ids.setdefault(w, len(src_ids)) for w in a)]
            for b in tgt_bags:
                for word in b:
                    target = tgt_ids.setdefault(word, len(tgt_ids))
                    rows.extend((occurrence, s, target) for s in ids_a)
                    occurrence += 1
    if not rows:
        return {}
    table = np.array(rows, dtype=np.int64)
    group = table[:, 0]
    keys, inverse = np.unique(table[:, 1] * len(tgt_ids) + table[:, 2], return_inverse=True)
    prob = np.ones(len(keys))
    for _ in range(_ITERATIONS):
        p = prob[inverse]
        z = np.bincount(group, weights=p)
        expected = np.bincount(inverse, weights=p / z[group], minlength=len(keys))
        totals = np.bincount(keys // len(tgt_ids), weights=expected)
        prob = expected / totals[keys // len(tgt_ids)]
    src_names = sorted(src_ids, key=src_ids.__getitem__)
    tgt_names = sorted(tgt_ids, key=tgt_ids.__getitem__)
    lexicon: dict[str, list[tuple[str, float]]] = {}
    for k in np.flatnonzero(prob >= _MIN_PROBABILITY):
        s, t = divmod(int(keys[k]), len(tgt_ids))
        if s:
            lexicon.setdefault(src_names[s], []).append((tgt_names[t], float(prob[k])))
    for word, options in lexicon.items():
        lexicon[word] = sorted(options, key=lambda x: -x[1])[:_PER_WORD]
    return lexicon
