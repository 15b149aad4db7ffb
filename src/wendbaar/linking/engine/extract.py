"""Find the skills and occupations a longer text mentions (a CV, vacancy, course, answer).

Candidate spans are the runs of content words between punctuation and function words
("ik heb jaren de boekhouding gedaan" -> "boekhouding gedaan"), plus the shorter word
n-grams inside a long run. Every span is linked; spans whose best concept scores above
the threshold are kept, best first, without overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from wendbaar.linking.engine.errors import TEXT_MAX, check_text
from wendbaar.linking.engine.linker import Candidate, Linker
from wendbaar.linking.engine.normalize import STOP_WORDS
from wendbaar.taxonomy.text import fold

_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", re.UNICODE)
# Characters that end a phrase: sentence ends, list marks, brackets, separators.
_BREAK = re.compile(r"[.!?;:,\n\r\t•·|()\[\]{}/\"“”]")
MAX_SPAN_WORDS = 6
SUB_SPAN_WORDS = 3
# Beyond this many spans the dense stage is skipped: a long text stays fast, lexically.
DENSE_SPAN_LIMIT = 400
DEFAULT_MIN_SCORE = {"dense": 0.6, "lexical": 0.6}
# A single word must score this much more: common words ("werkte", "uur") otherwise
# match a label that merely contains them. A word that is a whole label ("boekhouder")
# is the clearest mention there is and needs no margin.
SINGLE_WORD_MARGIN = 0.1


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: list[Candidate]

    @property
    def score(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "candidates": [c.as_dict() for c in self.candidates],
        }


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the candidate spans of a text.

    Runs of content words, the shorter n-grams inside a long run, and two runs joined
    across the function words between them ("operate a forklift", "advies over
    energiebesparing"), never across punctuation.
    """
    runs: list[list[tuple[int, int]]] = []
    joinable: list[bool] = []  # run i may join run i + 1 (only function words between)
    current: list[tuple[int, int]] = []
    last_end = 0
    for match in _WORD.finditer(text):
        word = fold(match.group())
        broken = _BREAK.search(text, last_end, match.start()) is not None
        content = word not in STOP_WORDS and not word.isdigit()
        if broken:
            if current:
                runs.append(current)
                joinable.append(False)
                current = []
            elif joinable:
                joinable[-1] = False
        if content:
            current.append((match.start(), match.end()))
        elif current:
            runs.append(current)
            joinable.append(not word.isdigit())
            current = []
        elif word.isdigit() and joinable:
            joinable[-1] = False
        last_end = match.end()
    if current:
        runs.append(current)
        joinable.append(False)
    out: list[tuple[int, int]] = []
    for i, run in enumerate(runs):
        if len(run) <= MAX_SPAN_WORDS:
            out.append((run[0][0], run[-1][1]))
        if len(run) > 1:
            for size in range(1, min(SUB_SPAN_WORDS, len(run) - 1) + 1):
                out.extend((run[j][0], run[j + size - 1][1]) for j in range(len(run) - size + 1))
        if i + 1 < len(runs) and joinable[i] and len(run) + len(runs[i + 1]) <= MAX_SPAN_WORDS:
            out.append((run[0][0], runs[i + 1][-1][1]))
    return list(dict.fromkeys(out))


def extract(
    linker: Linker,
    text: str,
    kinds: Iterable[str] | None = ("skill", "occupation"),
    lang: str | None = None,
    min_score: float | None = None,
    top: int = 3,
) -> list[Mention]:
    """Mentions in reading order, each with its best ``top`` candidates."""
    text = check_text(text, TEXT_MAX)
    found = spans(text)
    if not found:
        return []
    use_dense = linker.dense is not None and len(found) <= DENSE_SPAN_LIMIT
    threshold = (
        min_score
        if min_score is not None
        else DEFAULT_MIN_SCORE["dense" if use_dense else "lexical"]
    )
    weights = linker.weights if use_dense else replace(linker.weights, dense=0.0)
    unique = list(dict.fromkeys(text[a:b] for a, b in found))  # repeated phrases link once
    linked = dict(
        zip(
            unique,
            linker.link_many(unique, list(kinds) if kinds else None, lang, top, 0.0, weights),
            strict=True,
        )
    )
    results = [linked[text[a:b]] for a, b in found]
    scored = []
    for (a, b), candidates in zip(found, results, strict=True):
        if not candidates:
            continue
        words = len(_WORD.findall(text, a, b))
        exact = candidates[0].lexical >= 1.0
        need = threshold + (SINGLE_WORD_MARGIN if words == 1 and not exact else 0.0)
        if candidates[0].score >= need:
            scored.append((candidates[0].score, a, b, candidates))
    scored.sort(key=lambda x: (-round(x[0], 2), x[1] - x[2]))  # near-ties: the longer span
    taken: list[Mention] = []
    for _score, a, b, candidates in scored:
        if all(b <= m.start or a >= m.end for m in taken):
            taken.append(Mention(a, b, text[a:b], candidates))
    return sorted(taken, key=lambda m: m.start)
