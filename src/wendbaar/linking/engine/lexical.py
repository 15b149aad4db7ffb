"""The lexical stage: TF-IDF over word stems, compound parts and character trigrams.

Every label is a row; the index is kept transposed (feature x label) so a query only
touches the postings of its own features, which is what makes it fast.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from wendbaar.linking.engine.normalize import (
    Decompounder,
    char_ngrams,
    stem,
    tokens,
    word_features,
)
from wendbaar.linking.engine.translate import Translations, learn, surface_forms

# The word block decides most rankings; trigrams rescue typos and unseen inflections.
WORD_WEIGHT = 0.6
CHAR_WEIGHT = 0.4
# Trigrams in more labels than this share (and than CHAR_MAX_DF_MIN labels) carry no
# signal and would slow queries.
CHAR_MAX_DF = 0.02
CHAR_MAX_DF_MIN = 100
# A translation weighs its probability times this (at most 1) times the Dutch word's weight.
TRANSLATION_GAIN = 4.0


@dataclass
class LexicalHit:
    label: int
    score: float


class LexicalIndex:
    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        postings: sp.csr_matrix,
        decompounder: Decompounder,
        translations: Translations,
    ):
        self.vocabulary = vocabulary
        self.idf = idf
        self.postings = postings  # feature x label, rows weighted and normalised per block
        self.decompounder = decompounder
        self.translations = translations

    @classmethod
    def build(
        cls, texts: Sequence[str], langs: Sequence[str], owners: Sequence[int]
    ) -> LexicalIndex:
        """Index labels; ``owners`` says which labels belong to one concept (for the lexicon)."""
        words: set[str] = set()
        for text, lang in zip(texts, langs, strict=True):
            for token in tokens(text):
                words.add(token)
                if lang == "nl":
                    words.add(stem(token, "nl"))
        decompounder = Decompounder(words)
        rows = [
            cls._raw_features(text, lang, decompounder)
            for text, lang in zip(texts, langs, strict=True)
        ]
        df: dict[str, int] = {}
        for features in rows:
            for name in features:
                df[name] = df.get(name, 0) + 1
        n = max(len(rows), 1)
        limit = max(CHAR_MAX_DF * n, CHAR_MAX_DF_MIN)
        names = sorted(f for f, count in df.items() if f[0] == "w" or count <= limit)
        vocabulary = {f: i for i, f in enumerate(names)}
        idf = np.array([math.log((n + 1) / (df[f] + 1)) + 1.0 for f in names], dtype=np.float32)
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for features in rows:
            weighted = cls._weigh(features, vocabulary, idf)
            indices.extend(weighted)
            data.extend(weighted.values())
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.array(data, np.float32), np.array(indices, np.int32), np.array(indptr, np.int64)),
            shape=(len(rows), len(names)),
        )
        return cls(
            vocabulary,
            idf,
            matrix.T.tocsr(),
            decompounder,
            cls._learn(texts, langs, owners, decompounder),
        )

    @staticmethod
    def _learn(
        texts: Sequence[str],
        langs: Sequence[str],
        owners: Sequence[int],
        decompounder: Decompounder,
    ) -> Translations:
        by_owner: dict[int, tuple[list[str], list[str]]] = {}
        for text, lang, owner in zip(texts, langs, owners, strict=True):
            if lang in ("nl", "en"):
                by_owner.setdefault(owner, ([], []))[lang == "en"].append(text)
        words = learn((v for v in by_owner.values() if v[0] and v[1]), decompounder)
        english = (t for t, lang in zip(texts, langs, strict=True) if lang == "en")
        return Translations(words, surface_forms(english))

    @staticmethod
    def _raw_features(text: str, lang: str | None, decompounder: Decompounder) -> dict[str, float]:
        features = word_features(text, lang, decompounder)
        features.update(char_ngrams(text))
        return features

    @staticmethod
    def _weigh(
        features: dict[str, float],
        vocabulary: dict[str, int],
        idf: np.ndarray,
        extra: dict[str, float] | None = None,
    ) -> dict[int, float]:
        """Sublinear TF-IDF, each block L2-normalised and scaled by its weight.

        ``extra`` features (translations) are scaled like the others but left out of the
        norm, so they add to a match without diluting an exact one.
        """
        blocks: dict[str, dict[int, float]] = {"w": {}, "c": {}}
        for name, tf in features.items():
            column = vocabulary.get(name)
            if column is not None:
                blocks[name[0]][column] = _tf(tf) * float(idf[column])
        out: dict[int, float] = {}
        for block, weight in (("w", WORD_WEIGHT), ("c", CHAR_WEIGHT)):
            values = blocks[block]
            norm = math.sqrt(sum(v * v for v in values.values()))
            if norm:
                scale = math.sqrt(weight) / norm
                for column, value in values.items():
                    out[column] = value * scale
        word_scale = math.sqrt(WORD_WEIGHT) / max(
            math.sqrt(sum(v * v for v in blocks["w"].values())), 1.0
        )
        for name, tf in (extra or {}).items():
            column = vocabulary.get(name)
            if column is not None and column not in out:
                out[column] = _tf(tf) * float(idf[column]) * word_scale
        return out

    def query_features(
        self, text: str, lang: str | None
    ) -> tuple[dict[str, float], dict[str, float]]:
        """The label features, and likely English translations of the Dutch words."""
        features = self._raw_features(text, lang, self.decompounder)
        translated: dict[str, float] = {}
        if lang == "en":
            return features, translated
        for name, weight in features.items():
            if name[0] != "w":
                continue
            for target, p in self.translations.words.get(name[2:], ()):
                key = "w:" + target
                if key not in features:
                    gain = weight * min(1.0, TRANSLATION_GAIN * p)
                    translated[key] = max(translated.get(key, 0.0), gain)
        return features, translated

    def query_vector(self, text: str, lang: str | None) -> sp.csr_matrix | None:
        features, translated = self.query_features(text, lang)
        weighted = self._weigh(features, self.vocabulary, self.idf, translated)
        if not weighted:
            return None
        columns = np.fromiter(weighted, np.int32, len(weighted))
        values = np.fromiter(weighted.values(), np.float32, len(weighted))
        return sp.csr_matrix(
            (values, columns, np.array([0, len(columns)])), shape=(1, len(self.vocabulary))
        )

    def scores(self, text: str, lang: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(label indices, scores) of every label sharing a feature with the text."""
        query = self.query_vector(text, lang)
        if query is None:
            return np.zeros(0, np.int32), np.zeros(0, np.float32)
        result = query @ self.postings
        return result.indices, np.minimum(result.data, 1.0)

    def state(self) -> dict[str, np.ndarray]:
        """Plain arrays for :mod:`cache` (no pickles)."""
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            "names": _pack("\n".join(names)),
            "idf": self.idf,
            "data": self.postings.data,
            "indices": self.postings.indices,
            "indptr": self.postings.indptr,
            "shape": np.array(self.postings.shape),
            "words": _pack("\n".join(sorted(self.decompounder.vocabulary))),
            "translations": _pack(self.translations.to_json()),
        }

    @classmethod
    def from_state(cls, state: dict[str, np.ndarray]) -> LexicalIndex:
        names = _unpack(state["names"]).split("\n")
        postings = sp.csr_matrix(
            (state["data"], state["indices"], state["indptr"]),
            shape=(int(state["shape"][0]), int(state["shape"][1])),
        )
        return cls(
            {name: i for i, name in enumerate(names)},
            state["idf"],
            postings,
            Decompounder(_unpack(state["words"]).split("\n")),
            Translations.from_json(_unpack(state["translations"])),
        )


def _tf(count: float) -> float:
    return 1.0 + math.log(count) if count > 1 else count


def _pack(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray) -> str:
    return array.tobytes().decode("utf-8")
