"""Gaps of an origin (occupation or passport) against many destinations at once: for
every destination, the essential skills left uncovered by the one-to-one pairing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.fit import PARTIAL_MIN
from wendbaar.matching.engine.pairing import Destinations, chosen_edges
from wendbaar.matching.engine.similarity import SkillCredit


@dataclass
class Gaps:
    """Per destination ``d``: ``skills[offsets[d]:offsets[d + 1]]`` are its essential skills
    not fully covered and ``gaps[...]`` how much of each is uncovered (1 = all)."""

    skills: np.ndarray
    gaps: np.ndarray
    offsets: np.ndarray

    def of(self, d: int) -> list[tuple[int, float]]:
        at = slice(self.offsets[d], self.offsets[d + 1])
        return list(zip(self.skills[at].tolist(), self.gaps[at].tolist(), strict=True))

    def missing_count(self) -> np.ndarray:
        """Essential skills with less than PARTIAL_MIN credit, per destination."""
        n = len(self.offsets) - 1
        owner = np.repeat(np.arange(n), np.diff(self.offsets))
        return np.bincount(owner[self.gaps > 1 - PARTIAL_MIN], minlength=n)


def origin_gaps(origin: sparse.csr_matrix, dests: Destinations, credit: SkillCredit) -> Gaps:
    """Gaps of one origin row (skills with weights) against every destination."""
    _exact, edges = chosen_edges(origin, dests, credit)
    req = dests.required
    d = np.repeat(np.arange(dests.n), np.diff(req.indptr))
    s = req.indices.astype(np.int64)
    got = np.zeros(len(s), dtype=np.float64)
    # identity matches of strongly held skills
    held = origin.indices[origin.data >= credit.max_partial]
    got[np.isin(s, held)] = 1.0
    # greedy partial matches (and identity matches of weakly held skills)
    keys = d.astype(np.int64) * dests.n_skills + s  # sorted, as the CSR is
    at = np.searchsorted(keys, (edges.pair % dests.n) * dests.n_skills + edges.s)
    got[at] = np.maximum(got[at], edges.w)
    gap = 1.0 - got
    keep = gap > 1e-6
    counts = np.bincount(d[keep], minlength=dests.n)
    return Gaps(s[keep], gap[keep], np.r_[0, np.cumsum(counts)])
