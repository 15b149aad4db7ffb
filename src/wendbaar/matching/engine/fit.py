"""Fit of a person (weighted skill claims) to occupations or vacancies, with the reasons.

Each requirement is covered by the person's best claim for it: ``claim weight x credit``
(1 for the skill itself, partial for a close skill, see :mod:`similarity`). Then:

- relevance: the mean coverage over all the target's skills (essential and optional);
- readiness: ``exp(-missing / TAU)``, ``missing`` being the uncovered part of the
  essential requirements (each fully missing essential skill costs about 6%);
- score = relevance x readiness.

Adding a claim never lowers any of them; making a requirement optional instead of
essential never lowers the score, and removing an essential requirement altogether never
lowers the readiness. (No score can also promise the latter while still rewarding covered
requirements: docs/matching.md explains why relevance keeps the essential skills.)

Coverage is one-to-many (a claim may cover several requirements) so that it is monotone
and cheap: for many persons it is a sparse max-product followed by sparse products.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.claims import Claim, Passport, passports_matrix
from wendbaar.matching.engine.pairing import expand
from wendbaar.matching.engine.profiles import Resolution
from wendbaar.matching.engine.similarity import REASONS, SAME, SkillCredit

TAU = 16.0
PARTIAL_MIN = 0.15  # less credit than this counts as missing
COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
EMPTY_GUIDANCE = "fit.empty_passport"
_LEVELS = 1 << 20  # credit resolution when sorting: ties closer than 1e-6 are equal


class Targets(Protocol):
    """Occupations or vacancies: required and nice-to-have skills as 0/1 CSR matrices."""

    essential: sparse.csr_matrix
    optional: sparse.csr_matrix


@dataclass
class Coverage:
    """Persons x skills: best credit for every skill a person's claims reach, and the
    claimed skill it comes from (``source`` is aligned with ``values.data``)."""

    values: sparse.csr_matrix
    source: np.ndarray
    reason: np.ndarray


def coverage(holdings: sparse.csr_matrix, credit: SkillCredit) -> Coverage:
    """Best credit per (person, skill) from persons x skills claim weights; credit below
    PARTIAL_MIN is left out, as it counts as missing everywhere."""
    holdings = holdings.tocsr()
    n_persons, n_skills = holdings.shape
    person = np.repeat(np.arange(n_persons, dtype=np.int64), np.diff(holdings.indptr))
    held = holdings.indices.astype(np.int64)
    lengths = np.diff(credit.matrix.indptr)[held]
    at = expand(credit.matrix.indptr[held], lengths)
    p = np.repeat(person, lengths)
    s = credit.matrix.indices[at].astype(np.int64)
    v = np.repeat(holdings.data.astype(np.float32), lengths) * credit.matrix.data[at]
    src = np.repeat(held, lengths)
    why = credit.reason.data[at]
    useful = v >= PARTIAL_MIN
    key, v, src, why = p[useful] * n_skills + s[useful], v[useful], src[useful], why[useful]
    # One integer sort: by (person, skill), best credit first within each.
    rank = np.round((1.0 - v.astype(np.float64)) * _LEVELS).astype(np.int64)
    order = np.argsort(key * (_LEVELS + 1) + rank)
    key, v, src, why = key[order], v[order], src[order], why[order]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    key, v, src, why = key[first], v[first], src[first], why[first]
    rows, cols = key // n_skills, key % n_skills
    indptr = np.searchsorted(rows, np.arange(n_persons + 1))
    values = sparse.csr_matrix((v, cols, indptr), shape=(n_persons, n_skills))
    return Coverage(values, src, why)


@dataclass
class FitScores:
    """Vectorised fit components, persons x targets."""

    score: np.ndarray
    relevance: np.ndarray
    readiness: np.ndarray
    essential_coverage: np.ndarray
    optional_coverage: np.ndarray
    missing: np.ndarray  # uncovered mass of the essential requirements


def _covered_sums(
    cov: sparse.csr_matrix, targets: Targets
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(covered essential mass, covered optional mass, number of essential and optional
    requirements) for every (person, target)."""
    n_targets = targets.essential.shape[0]
    both = sparse.vstack([targets.essential, targets.optional]).T.tocsr()
    sums = (cov.astype(np.float32) @ both).toarray()
    n_ess = np.diff(targets.essential.indptr).astype(np.float32)
    n_opt = np.diff(targets.optional.indptr).astype(np.float32)
    return sums[:, :n_targets], sums[:, n_targets:], n_ess, n_opt


def fit_scores(cov: sparse.csr_matrix, targets: Targets) -> FitScores:
    """All components for every (person, target) pair from the coverage matrix."""
    ess, opt, n_ess, n_opt = (x.astype(np.float64) for x in _covered_sums(cov, targets))
    missing = n_ess[None, :] - ess
    relevance = (ess + opt) / np.maximum(n_ess + n_opt, 1)[None, :]
    readiness = np.exp(-missing / TAU)
    return FitScores(
        relevance * readiness,
        relevance,
        readiness,
        ess / np.maximum(n_ess, 1)[None, :],
        opt / np.maximum(n_opt, 1)[None, :],
        missing,
    )


def score_only(cov: sparse.csr_matrix, targets: Targets) -> np.ndarray:
    """Just the score (float32, in place): what ranking many persons needs."""
    ess, opt, n_ess, n_opt = _covered_sums(cov, targets)
    score = np.add(ess, opt)
    score /= np.maximum(n_ess + n_opt, 1)[None, :]
    ess -= n_ess[None, :]  # minus the missing mass
    ess /= TAU
    np.exp(ess, out=ess)
    score *= ess
    return score


@dataclass(frozen=True)
class RequirementFit:
    skill: int
    essential: bool
    status: str  # covered, partial or missing
    credit: float
    by_skill: int | None  # the claimed skill that covers it
    claim: Claim | None
    reason: str  # how by_skill relates to the requirement (see similarity.REASONS)


@dataclass
class TargetFit:
    target: int
    score: float
    relevance: float
    readiness: float
    essential_coverage: float
    optional_coverage: float
    missing_essential: float
    requirements: list[RequirementFit]

    def of_status(self, status: str, essential: bool | None = None) -> list[RequirementFit]:
        return [
            r
            for r in self.requirements
            if r.status == status and (essential is None or r.essential == essential)
        ]


@dataclass
class FitReport:
    """``status`` "empty" (with a guidance key) when no claim could be used."""

    status: str
    fits: list[TargetFit]
    issues: list[Resolution] = field(default_factory=list)
    guidance: str = ""


def requirement_fits(
    passport: Passport, cov: Coverage, person: int, targets: Targets, target: int
) -> list[RequirementFit]:
    """Every requirement of one target for one person (row ``person`` of ``cov``)."""
    values = cov.values
    row = slice(values.indptr[person], values.indptr[person + 1])
    cols = values.indices[row]
    out = []
    for essential, matrix in ((True, targets.essential), (False, targets.optional)):
        for s in matrix.indices[matrix.indptr[target] : matrix.indptr[target + 1]].tolist():
            at = np.searchsorted(cols, s)
            if at < len(cols) and cols[at] == s:
                k = row.start + int(at)
                c, by, why = float(values.data[k]), int(cov.source[k]), int(cov.reason[k])
            else:
                c, by, why = 0.0, -1, -1
            if c < PARTIAL_MIN:
                out.append(RequirementFit(s, essential, MISSING, 0.0, None, None, ""))
                continue
            status = COVERED if why == SAME else PARTIAL
            out.append(
                RequirementFit(s, essential, status, c, by, passport.claim_for(by), REASONS[why])
            )
    return out


def fit_person(
    passport: Passport,
    targets: Targets,
    credit: SkillCredit,
    top: int | None = 10,
    only: Iterable[int] | None = None,
) -> FitReport:
    """The best ``top`` targets (or the targets ``only``) for one person, explained."""
    if passport.empty:
        return FitReport("empty", [], passport.issues, EMPTY_GUIDANCE)
    n_skills = targets.essential.shape[1]
    cov = coverage(passport.row(n_skills), credit)
    scores = fit_scores(cov.values, targets)
    if only is not None:
        chosen = np.array(list(only), dtype=np.int64)
    else:
        chosen = top_k(scores.score, top or scores.score.shape[1])[0]
    fits = [
        TargetFit(
            int(t),
            float(scores.score[0, t]),
            float(scores.relevance[0, t]),
            float(scores.readiness[0, t]),
            float(scores.essential_coverage[0, t]),
            float(scores.optional_coverage[0, t]),
            float(scores.missing[0, t]),
            requirement_fits(passport, cov, 0, targets, int(t)),
        )
        for t in chosen
    ]
    return FitReport("ok", fits, passport.issues)


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best columns of every row, best first (ties: lower index)."""
    k = min(k, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -vals), axis=1)
    return np.take_along_axis(part, order, axis=1)


@dataclass
class FitBatch:
    """Top targets of a batch of persons and, per (person, target), the missing essential
    skills: ``missing[offsets[i, j] : offsets[i, j + 1]]`` in row-major order."""

    persons: np.ndarray
    targets: np.ndarray  # persons x k
    scores: np.ndarray  # persons x k
    missing: np.ndarray
    offsets: np.ndarray

    def missing_of(self, i: int, j: int) -> np.ndarray:
        k = i * self.targets.shape[1] + j
        return self.missing[self.offsets[k] : self.offsets[k + 1]]


def stream_top_fits(
    passports: Iterable[Passport],
    targets: Targets,
    credit: SkillCredit,
    top: int = 10,
    batch: int = 2000,
) -> Iterator[FitBatch]:
    """Top ``top`` targets with gaps for any number of persons, ``batch`` at a time, so
    memory stays bounded by one batch."""
    n_skills = targets.essential.shape[1]
    chunk: list[Passport] = []
    start = 0
    for passport in passports:
        chunk.append(passport)
        if len(chunk) == batch:
            yield _fit_batch(chunk, start, targets, credit, n_skills, top)
            start += len(chunk)
            chunk = []
    if chunk:
        yield _fit_batch(chunk, start, targets, credit, n_skills, top)


def _fit_batch(
    chunk: list[Passport],
    start: int,
    targets: Targets,
    credit: SkillCredit,
    n_skills: int,
    top: int,
) -> FitBatch:
    cov = coverage(passports_matrix(chunk, n_skills), credit).values
    scores = score_only(cov, targets)
    best = top_k(scores, top)
    n, k = best.shape
    person = np.repeat(np.arange(n), k)
    target = best.ravel()
    # Missing essentials of each chosen pair: its requirements whose coverage is too low.
    ess = targets.essential
    lengths = np.diff(ess.indptr)[target]
    req = ess.indices[expand(ess.indptr[target], lengths)]
    who = np.repeat(person, lengths)
    lack = ~_holds(cov, who, req)
    pair = np.repeat(np.arange(n * k), lengths)
    counts = np.bincount(pair[lack], minlength=n * k)
    return FitBatch(
        np.arange(start, start + n),
        best,
        np.take_along_axis(scores, best, axis=1),
        req[lack],
        np.r_[0, np.cumsum(counts)],
    )


def _holds(cov: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Whether each (row, col) has at least PARTIAL_MIN coverage (CSR with sorted columns)."""
    n_cols = cov.shape[1]
    owner = np.repeat(np.arange(cov.shape[0], dtype=np.int64), np.diff(cov.indptr))
    keys = owner * n_cols + cov.indices
    wanted = rows.astype(np.int64) * n_cols + cols
    if len(keys) == 0:
        return np.zeros(len(wanted), dtype=bool)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return (keys[at] == wanted) & (cov.data[at] >= PARTIAL_MIN)
