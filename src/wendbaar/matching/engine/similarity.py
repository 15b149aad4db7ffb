"""Skill-to-skill credit: how far having skill ``a`` counts towards a requirement ``s``.

Credit is 1 for the skill itself and partial (at most ``semantic_cap``) for close skills,
from three sources, the best one winning:

- semantic: cosine of the label embeddings of any encoder (or none), mapped to credit by
  a ramp calibrated on the embedding matrix itself (:func:`calibrate_scale`), keeping the
  ``neighbours`` best per skill;
- ESCO skill-skill relations (essential, optional);
- the ESCO hierarchy: a skill and its broader skill, and siblings in a small family.

The result is a sparse matrix with the reason of each entry, so every partial match can
say why it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.profiles import Skills

SAME, SIMILAR, RELATED, BROADER, NARROWER, SIBLING = range(6)
REASONS = ("same", "similar", "related", "broader", "narrower", "sibling")


@dataclass(frozen=True)
class CreditParams:
    semantic_cap: float = 0.9  # near-synonyms count almost fully, never as the skill itself
    neighbours: int = 100  # enough to match a dense pairing (docs/matching.md)
    related_essential: float = 0.5
    related_optional: float = 0.3
    broader: float = 0.5  # a narrower skill towards its broader skill
    narrower: float = 0.4  # a broader skill towards one of its narrower skills
    sibling: float = 0.3
    max_family: int = 25  # siblings only under a broader skill with few children


@dataclass(frozen=True)
class SemanticScale:
    """Cosine ``lo`` earns no credit, ``hi`` or more earns the cap; linear between."""

    lo: float
    hi: float

    def credit(self, cosine: np.ndarray, cap: float) -> np.ndarray:
        return cap * np.clip((cosine - self.lo) / (self.hi - self.lo), 0.0, 1.0)


def calibrate_scale(
    embeddings: np.ndarray, nearest: np.ndarray, sample: int = 200_000, seed: int = 0
) -> SemanticScale:
    """Encoders differ in how alike unrelated texts look (e5-small puts a random pair of
    ESCO skill labels near 0.84), so the ramp is set from the data itself: credit starts
    at the 99.9th percentile of the cosine of random skill pairs and reaches the cap at
    the 90th percentile of every skill's nearest-neighbour cosine (mostly near-synonyms,
    such as "enterprise risk management" and "risk management").
    """
    rng = np.random.default_rng(seed)
    n = len(embeddings)
    a, b = rng.integers(0, n, sample), rng.integers(0, n, sample)
    keep = a != b
    random_cos = np.einsum("ij,ij->i", embeddings[a[keep]], embeddings[b[keep]])
    lo = float(np.quantile(random_cos, 0.999))
    hi = float(np.quantile(nearest, 0.9)) if len(nearest) else 1.0
    return SemanticScale(round(lo, 4), round(max(hi, lo + 0.01), 4))


def nearest_neighbours(
    embeddings: np.ndarray, k: int, chunk: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """(indices, cosines) of the ``k`` most similar other rows of every row."""
    n = len(embeddings)
    k = min(k, n - 1)
    idx = np.zeros((n, k), dtype=np.int64)
    cos = np.zeros((n, k), dtype=np.float32)
    if k <= 0:
        return idx, cos
    for start in range(0, n, chunk):
        block = embeddings[start : start + chunk] @ embeddings.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        idx[start : start + len(block)] = top
        cos[start : start + len(block)] = block[rows[:, None], top]
    return idx, cos


class SkillCredit:
    """Sparse credit matrix (rows: what one has, columns: what is required) with reasons."""

    def __init__(
        self,
        skills: Skills,
        embeddings: np.ndarray | None = None,
        params: CreditParams | None = None,
        scale: SemanticScale | None = None,
    ):
        self.params = params or CreditParams()
        n = len(skills)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]] = []
        self.scale = None
        if embeddings is not None and len(embeddings):
            if embeddings.shape[0] != n:
                raise ValueError(f"{embeddings.shape[0]} embeddings for {n} skills")
            idx, cos = nearest_neighbours(embeddings, self.params.neighbours)
            self.scale = scale or calibrate_scale(embeddings, cos.max(axis=1))
            rows = np.repeat(np.arange(n), idx.shape[1])
            values = self.scale.credit(cos.ravel(), self.params.semantic_cap)
            # Both directions: cosine is symmetric, the neighbour lists are not.
            parts.append((rows, idx.ravel(), values, SIMILAR))
            parts.append((idx.ravel(), rows, values, SIMILAR))
        parts.extend(self._relation_parts(skills))
        parts.append((np.arange(n), np.arange(n), np.ones(n), SAME))
        self._finish(*_combine(parts, n))

    def _finish(self, matrix: sparse.csr_matrix, reason: sparse.csr_matrix) -> None:
        self.matrix, self.reason = matrix, reason
        off = self.matrix.copy()
        off.setdiag(0)
        off.eliminate_zeros()
        self.off_diagonal = off.tocsr()
        self.max_partial = float(off.data.max()) if off.nnz else 1.0

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        scale = [self.scale.lo, self.scale.hi] if self.scale else []
        np.savez(
            tmp,
            data=self.matrix.data,
            indices=self.matrix.indices,
            indptr=self.matrix.indptr,
            reason=self.reason.data,
            scale=np.array(scale, dtype=np.float64),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, params: CreditParams) -> SkillCredit:
        """A credit matrix saved by :meth:`save` (the caller keys the file by its inputs)."""
        with np.load(path, allow_pickle=False) as f:
            n = len(f["indptr"]) - 1
            matrix = sparse.csr_matrix((f["data"], f["indices"], f["indptr"]), shape=(n, n))
            reason = sparse.csr_matrix((f["reason"], f["indices"], f["indptr"]), shape=(n, n))
            scale = f["scale"].tolist()
        credit = cls.__new__(cls)
        credit.params = params
        credit.scale = SemanticScale(*scale) if scale else None
        credit._finish(matrix, reason)
        return credit

    def _relation_parts(
        self, skills: Skills
    ) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, int]]:
        p = self.params
        related = skills.related.tocoo()
        strength = np.where(related.data >= 2, p.related_essential, p.related_optional)
        parents = skills.parents.tocoo()  # row: narrower skill, column: its broader skill
        out = [
            (related.row, related.col, strength, RELATED),
            (related.col, related.row, strength, RELATED),
            (parents.row, parents.col, np.full(parents.nnz, p.broader), BROADER),
            (parents.col, parents.row, np.full(parents.nnz, p.narrower), NARROWER),
        ]
        children = skills.parents.tocsc()
        family = np.diff(children.indptr)
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        for parent in np.flatnonzero((family >= 2) & (family <= p.max_family)):
            kids = children.indices[children.indptr[parent] : children.indptr[parent + 1]]
            a, b = np.meshgrid(kids, kids)
            off = a != b
            rows.append(a[off])
            cols.append(b[off])
        if rows:
            r, c = np.concatenate(rows), np.concatenate(cols)
            out.append((r, c, np.full(len(r), p.sibling), SIBLING))
        return out

    def credit_of(self, have: int, need: int) -> tuple[float, str]:
        """(credit, reason) of holding skill ``have`` for the requirement ``need``."""
        row = slice(self.matrix.indptr[have], self.matrix.indptr[have + 1])
        cols = self.matrix.indices[row]
        at = np.searchsorted(cols, need)
        if at < len(cols) and cols[at] == need:
            return float(self.matrix.data[row][at]), REASONS[int(self.reason.data[row][at])]
        return 0.0, ""


def _combine(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, int]], n: int
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Best credit per (row, column) and the reason it came from (ties: earlier reason)."""
    rows = np.concatenate([np.asarray(r, np.int64) for r, _, _, _ in parts])
    cols = np.concatenate([np.asarray(c, np.int64) for _, c, _, _ in parts])
    vals = np.concatenate([np.asarray(v, np.float32) for _, _, v, _ in parts])
    why = np.concatenate([np.full(len(r), code, np.int8) for r, _, _, code in parts])
    keep = vals > 0
    rows, cols, vals, why = rows[keep], cols[keep], vals[keep], why[keep]
    order = np.lexsort((why, -vals, cols, rows))
    rows, cols, vals, why = rows[order], cols[order], vals[order], why[order]
    first = np.r_[True, (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])]
    rows, cols, vals, why = rows[first], cols[first], vals[first], why[first]
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))
    reason = sparse.csr_matrix((why.astype(np.float32) + 1, (rows, cols)), shape=(n, n))
    matrix.sort_indices()
    reason.sort_indices()
    reason.data = (reason.data - 1).astype(np.int8)
    return matrix, reason
