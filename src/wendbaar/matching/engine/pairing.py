"""One-to-one pairing of what an origin has with what a destination requires, for many
(origin, destination) pairs at once.

Career Causeways pairs the skills of two occupations greedily: sort every (origin skill,
destination skill) similarity of the pair, take the best, drop both skills, repeat. Its
cost is a dense |A| x |B| block per pair, 9 million pairs for ESCO. Here only pairs of
skills with some credit are candidates (the sparse credit graph of :mod:`similarity`),
and the greedy choice is made for all pairs together in rounds: an edge that is the best
remaining edge of both its skills is exactly the edge the sequential greedy would take,
so taking all such edges at once, dropping their neighbours and repeating gives the same
matching (with the same tie-break) in a handful of vectorised rounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.similarity import SkillCredit


@dataclass
class Edges:
    """Candidate or chosen edges: pair ``pair[k]`` pairs origin skill ``a[k]`` with the
    destination requirement ``s[k]`` for credit ``w[k]``; ``pair = origin * n_dest + dest``.
    """

    pair: np.ndarray
    a: np.ndarray
    s: np.ndarray
    w: np.ndarray

    def take(self, mask: np.ndarray) -> Edges:
        return Edges(self.pair[mask], self.a[mask], self.s[mask], self.w[mask])

    def __len__(self) -> int:
        return len(self.pair)


def expand(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ranges starts[k] : starts[k] + lengths[k]."""
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())


def greedy_select(edges: Edges, n_skills: int) -> np.ndarray:
    """Mask of the edges the sequential greedy one-to-one matching keeps, per pair.

    Ties are broken by identity first (a == s), then the lower origin skill, then the
    lower requirement, the same order :func:`greedy_reference` uses.
    """
    n = len(edges)
    chosen = np.zeros(n, dtype=bool)
    if n == 0:
        return chosen
    order = np.lexsort((edges.s, edges.a, edges.a != edges.s, -edges.w))
    ga = np.unique(edges.pair[order] * n_skills + edges.a[order], return_inverse=True)[1]
    gs = np.unique(edges.pair[order] * n_skills + edges.s[order], return_inverse=True)[1]
    used_a = np.zeros(ga.max() + 1, dtype=bool)
    used_s = np.zeros(gs.max() + 1, dtype=bool)
    alive = np.arange(n)  # positions in rank order
    while alive.size:
        first_a = np.full(len(used_a), n)
        first_s = np.full(len(used_s), n)
        np.minimum.at(first_a, ga[alive], alive)
        np.minimum.at(first_s, gs[alive], alive)
        win = (first_a[ga[alive]] == alive) & (first_s[gs[alive]] == alive)
        taken = alive[win]
        chosen[order[taken]] = True
        used_a[ga[taken]] = True
        used_s[gs[taken]] = True
        alive = alive[~(used_a[ga[alive]] | used_s[gs[alive]])]
    return chosen


def greedy_reference(credit: np.ndarray) -> list[tuple[int, int, float]]:
    """The sequential greedy on a dense block (origin skills x requirements), for tests
    and the Career Causeways benchmark: (row, column, credit) of each chosen pair."""
    rows, cols = np.nonzero(credit > 0)
    weights = credit[rows, cols]
    order = np.lexsort((cols, rows, -weights))
    used_r: set[int] = set()
    used_c: set[int] = set()
    out = []
    for k in order:
        r, c = int(rows[k]), int(cols[k])
        if r in used_r or c in used_c:
            continue
        used_r.add(r)
        used_c.add(c)
        out.append((r, c, float(weights[k])))
    return out


class Destinations:
    """Requirement sets of the destinations (0/1 CSR, destinations x skills), indexed for
    the lookups of :func:`candidate_edges`."""

    def __init__(self, required: sparse.csr_matrix):
        self.required = required.tocsr()
        self.required.sort_indices()
        self.by_skill = self.required.tocsc()
        self.by_skill.sort_indices()
        self.n, self.n_skills = self.required.shape
        rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.required.indptr))
        self.keys = rows * self.n_skills + self.required.indices  # sorted, as CSR is
        self.sizes = np.diff(self.required.indptr).astype(np.float64)

    def contains(self, dest: np.ndarray, skill: np.ndarray) -> np.ndarray:
        keys = dest.astype(np.int64) * self.n_skills + skill
        at = np.searchsorted(self.keys, keys)
        at = np.minimum(at, len(self.keys) - 1)
        return (self.keys[at] == keys) if len(self.keys) else np.zeros(len(keys), bool)


def candidate_edges(
    origins: sparse.csr_matrix, dests: Destinations, credit: SkillCredit
) -> tuple[np.ndarray, Edges]:
    """(credit of the sure identity matches per pair, every other candidate edge).

    An origin skill held with weight >= the largest partial credit is matched to itself
    wherever the destination requires it: no other edge can beat that one, so it is
    counted directly (a sparse product) and kept out of the greedy rounds.
    """
    origins = origins.tocsr()
    n_orig = origins.shape[0]
    sizes = np.diff(origins.indptr)
    i = np.repeat(np.arange(n_orig, dtype=np.int64), sizes)
    a = origins.indices.astype(np.int64)
    w = origins.data.astype(np.float32)
    strong = w >= credit.max_partial
    strong_keys = np.sort(i[strong] * dests.n_skills + a[strong])
    held = sparse.csr_matrix((w * strong, origins.indices, origins.indptr), origins.shape)
    exact = (held @ dests.required.T).toarray().astype(np.float64)
    # Partial edges from the credit graph (its diagonal is left out here).
    partial = credit.off_diagonal
    lengths = np.diff(partial.indptr)[a]
    at = expand(partial.indptr[a], lengths)
    ei = np.repeat(i, lengths)
    ea = np.repeat(a, lengths)
    es = partial.indices[at].astype(np.int64)
    ew = np.repeat(w, lengths) * partial.data[at]
    estrong = np.repeat(strong, lengths)
    # Weak holdings compete with their own identity edge too.
    weak = ~strong
    ei = np.r_[ei, i[weak]]
    ea = np.r_[ea, a[weak]]
    es = np.r_[es, a[weak]]
    ew = np.r_[ew, w[weak]]
    estrong = np.r_[estrong, np.zeros(weak.sum(), bool)]
    # A requirement the origin holds strongly is already matched to itself.
    if len(strong_keys):
        keys = ei * dests.n_skills + es
        pos = np.minimum(np.searchsorted(strong_keys, keys), len(strong_keys) - 1)
        keep = strong_keys[pos] != keys
        ei, ea, es, ew, estrong = ei[keep], ea[keep], es[keep], ew[keep], estrong[keep]
    # Fan out to every destination requiring the skill.
    col = dests.by_skill
    lengths = np.diff(col.indptr)[es]
    at = expand(col.indptr[es], lengths)
    d = col.indices[at].astype(np.int64)
    ei, ea, es, ew, estrong = (np.repeat(x, lengths) for x in (ei, ea, es, ew, estrong))
    # A strongly held origin skill that the destination requires is used by its identity.
    busy = estrong & dests.contains(d, ea)
    keep = ~busy
    edges = Edges((ei * dests.n + d)[keep], ea[keep], es[keep], ew[keep].astype(np.float32))
    return exact, edges


def matched_credit(
    origins: sparse.csr_matrix, dests: Destinations, credit: SkillCredit
) -> np.ndarray:
    """Total greedy one-to-one credit for every (origin row, destination) pair."""
    exact, edges = candidate_edges(origins, dests, credit)
    chosen = edges.take(greedy_select(edges, dests.n_skills))
    total = exact.ravel()
    np.add.at(total, chosen.pair, chosen.w.astype(np.float64))
    return total.reshape(exact.shape)


def chosen_edges(
    origins: sparse.csr_matrix, dests: Destinations, credit: SkillCredit
) -> tuple[np.ndarray, Edges]:
    """(identity credit per pair, the partial edges the greedy keeps): for explanations."""
    exact, edges = candidate_edges(origins, dests, credit)
    return exact, edges.take(greedy_select(edges, dests.n_skills))
