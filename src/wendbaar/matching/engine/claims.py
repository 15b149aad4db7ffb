"""A person's skill claims, weighted by how they were validated and how recent they are.

A claim weighs ``level weight x recency weight`` (at most 1): a certified skill used
this year counts fully, a self-declared one last used fifteen years ago about a third.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.profiles import Resolution, Skills

# From the weakest evidence to the strongest (the order of the passport's levels).
LEVEL_WEIGHTS = {
    "self_declared": 0.6,
    "adviser": 0.7,
    "employer": 0.8,
    "validated": 0.9,
    "certified": 1.0,
}
RECENT_YEARS = 2.0  # no decay for skills used in the last two years
HALF_LIFE_YEARS = 8.0  # then the weight halves every eight years...
RECENCY_FLOOR = 0.5  # ...but a skill once shown never counts less than half


def recency_weight(years_since_use: float | None) -> float:
    """1 for current or recent use (or unknown: the claim itself is the evidence)."""
    if years_since_use is None or years_since_use <= RECENT_YEARS:
        return 1.0
    return max(RECENCY_FLOOR, 0.5 ** ((years_since_use - RECENT_YEARS) / HALF_LIFE_YEARS))


def claim_weight(level: str, years_since_use: float | None = None) -> float:
    if level not in LEVEL_WEIGHTS:
        raise ValueError(
            f"unknown validation level {level!r}; use one of {', '.join(LEVEL_WEIGHTS)}"
        )
    return LEVEL_WEIGHTS[level] * recency_weight(years_since_use)


@dataclass(frozen=True)
class Claim:
    """One skill a person claims: an ESCO skill URI, the level of its evidence, when it
    was last used, and the caller's own id for it (shown back in explanations)."""

    skill: str
    level: str = "self_declared"
    years_since_use: float | None = None
    id: str = ""

    @property
    def weight(self) -> float:
        return claim_weight(self.level, self.years_since_use)


@dataclass
class Passport:
    """Resolved claims: one entry per distinct skill, the strongest claim winning."""

    skills: np.ndarray  # skill positions, sorted
    weights: np.ndarray  # float32, same order
    claims: list[Claim]  # the claim behind each entry
    issues: list[Resolution] = field(default_factory=list)  # unknown or replaced URIs

    @property
    def empty(self) -> bool:
        return len(self.skills) == 0

    def row(self, n_skills: int) -> sparse.csr_matrix:
        return sparse.csr_matrix(
            (self.weights, self.skills, [0, len(self.skills)]), shape=(1, n_skills)
        )

    def claim_for(self, skill: int) -> Claim | None:
        at = np.searchsorted(self.skills, skill)
        if at < len(self.skills) and self.skills[at] == skill:
            return self.claims[int(at)]
        return None


def resolve_claims(claims: Iterable[Claim], skills: Skills) -> Passport:
    """Claims on known skills (deprecated URIs follow their replacement); the rest are
    reported in ``issues``, never fatal."""
    best: dict[int, Claim] = {}
    issues: list[Resolution] = []
    for claim in claims:
        found = skills.resolve(claim.skill)
        if found.status != "ok":
            issues.append(found)
        if found.index is None:
            continue
        if found.index not in best or claim.weight > best[found.index].weight:
            best[found.index] = claim
    order = sorted(best)
    return Passport(
        np.array(order, dtype=np.int64),
        np.array([best[i].weight for i in order], dtype=np.float32),
        [best[i] for i in order],
        issues,
    )


def passports_matrix(passports: list[Passport], n_skills: int) -> sparse.csr_matrix:
    """Persons x skills, claim weights as values."""
    indptr = np.r_[0, np.cumsum([len(p.skills) for p in passports])]
    indices = np.concatenate([p.skills for p in passports]) if passports else np.zeros(0, np.int64)
    data = np.concatenate([p.weights for p in passports]) if passports else np.zeros(0, np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(passports), n_skills))
