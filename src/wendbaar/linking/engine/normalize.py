"""From text to matching features: folding, tokens, stems, Dutch compound parts, n-grams.

Labels are stemmed in their own language; a query whose language is unknown gets the
stems of both Dutch and English, which costs nothing when they agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

from wendbaar.taxonomy.text import fold

LANGS = ("nl", "en")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMERS = {"nl": snowballstemmer.stemmer("dutch"), "en": snowballstemmer.stemmer("english")}

# Function words only: content words such as "beheren" or "management" carry meaning
# in skill labels and stay in.
_DUTCH_STOP = (
    "de het een en of in op aan van voor met door bij naar als om te tot uit over onder "
    "zijn is was waren wordt worden werd ben bent heb hebt heeft hebben had hadden ik jij "
    "je u hij zij ze wij we jullie mijn haar ons onze hun die dat deze dit er niet ook nog "
    "wel maar dan al zo nu waar wat wie hoe welke jaar jaren veel vele andere zoals"
)
_ENGLISH_STOP = (
    "the a an and or in on at of for with by to from as into about over under is are was "
    "were be been being have has had i you he she it we they my your his her our their "
    "this that these those not also but than so such other etc"
)
_STOP_BY_LANG = {"nl": frozenset(_DUTCH_STOP.split()), "en": frozenset(_ENGLISH_STOP.split())}
STOP_WORDS = _STOP_BY_LANG["nl"] | _STOP_BY_LANG["en"]

_LINKERS = ("s", "en", "e", "")  # Dutch linking morphemes: arbeid-s-markt, boek-en-kast
_MIN_PART = 3


def tokens(text: str) -> list[str]:
    """Folded words: 'Medewerker Klantcontact (32 uur)' -> [medewerker, klantcontact, 32, uur]."""
    return _WORD.findall(fold(text))


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOP_WORDS and not t.isdigit()]


@lru_cache(maxsize=200_000)
def stem(token: str, lang: str) -> str:
    stemmer = _STEMMERS.get(lang)
    return stemmer.stemWord(token) if stemmer is not None else token


def stems(token: str, lang: str | None) -> set[str]:
    if lang in _STEMMERS:
        return {stem(token, lang)}
    return {stem(token, code) for code in LANGS}


class Decompounder:
    """Splits a word into known words: 'warmtepompmonteur' -> ['warmtepomp', 'monteur'].

    The vocabulary is every word of the indexed labels, so parts are words the index
    knows. Among splits into known words (with Dutch linking morphemes between) it takes
    the fewest parts, then the one whose shortest part is longest, then the longest head.
    """

    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= _MIN_PART)
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of a compound, or () when the word is not made of known words."""
        if len(word) < 2 * _MIN_PART:
            return ()
        cached = self._cache.get(word)
        if cached is None:
            best = self._best(word, 0, whole=False)
            cached = best[1] if best is not None else ()
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def split_loose(self, word: str) -> tuple[str, ...]:
        """:meth:`split`, or else an unknown modifier plus a known head ('spoed|geneeskunde').

        Dutch compounds put the head last, so a known head of five letters or more is
        worth separating even when the modifier is not a known word; used to help the
        encoder, which reads split words better than long compounds.
        """
        parts = self.split(word)
        if parts:
            return parts
        for cut in range(_MIN_PART, len(word) - 4):
            if word[cut:] in self.vocabulary:
                return (word[:cut], word[cut:])
        return ()

    def _best(
        self, word: str, start: int, whole: bool, memo: dict[int, object] | None = None
    ) -> tuple[tuple[int, int], tuple[str, ...]] | None:
        """Best split of word[start:] as ((parts, -shortest), parts); whole=False: 2+ parts."""
        memo = {} if memo is None else memo
        key = start if whole else -1 - start
        if key in memo:
            return memo[key]  # type: ignore[return-value]
        best: tuple[tuple[int, int], tuple[str, ...]] | None = None
        candidate: tuple[tuple[int, int], tuple[str, ...]]
        n = len(word)
        for end in range(n, start + _MIN_PART - 1, -1):
            head = word[start:end]
            if head not in self.vocabulary:
                continue
            if end == n:
                if whole:
                    candidate = ((1, -len(head)), (head,))
                    best = candidate if best is None or candidate[0] < best[0] else best
                continue
            for linker in _LINKERS:
                if not word.startswith(linker, end):
                    continue
                rest = self._best(word, end + len(linker), True, memo)
                if rest is None:
                    continue
                (count, shortest), parts = rest
                candidate = ((count + 1, max(shortest, -len(head))), (head, *parts))
                if best is None or candidate[0] < best[0]:
                    best = candidate
        memo[key] = best
        return best


def split_compounds(text: str, decompounder: Decompounder) -> str:
    """The text with compounds written apart: 'Vleessnijtechnieken' -> 'vlees snijtechnieken'."""
    out: list[str] = []
    for token in tokens(text):
        out.extend(decompounder.split_loose(token) or (token,))
    return " ".join(out)


def word_features(
    text: str, lang: str | None, decompounder: Decompounder | None
) -> dict[str, float]:
    """Stems of the content words, plus stems of compound parts at a lower weight."""
    features: dict[str, float] = {}
    for token in content_tokens(text):
        for s in stems(token, lang):
            features["w:" + s] = 1.0
        if decompounder is None:
            continue
        for part in decompounder.split(token):
            for s in stems(part, lang):
                features.setdefault("w:" + s, 0.7)
    return features


def char_ngrams(text: str, n: int = 3) -> dict[str, float]:
    """Character n-grams within words, with boundary marks: robust to typos and inflection."""
    grams: dict[str, float] = {}
    for token in content_tokens(text):
        padded = f"<{token}>"
        for i in range(len(padded) - n + 1):
            gram = "c:" + padded[i : i + n]
            grams[gram] = grams.get(gram, 0.0) + 1.0
    return grams


def guess_language(words: list[str], vocabulary: dict[str, set[str]]) -> str | None:
    """ "nl" or "en" by stop words and words only one language's labels use; None if unsure."""
    votes = {lang: 0 for lang in LANGS}
    for word in words:
        for lang, stop in _STOP_BY_LANG.items():
            votes[lang] += 2 * (word in stop)
        own = [lang for lang in LANGS if word in vocabulary.get(lang, ())]
        if len(own) == 1:
            votes[own[0]] += 1
    nl, en = votes["nl"], votes["en"]
    return "nl" if nl > en else "en" if en > nl else None
