"""Occupation-to-occupation transitions: an asymmetric matrix with three facets.

For an origin ``o`` and a destination ``d`` (each facet in [0, 1], 1 on the diagonal):

- essential: greedy one-to-one credit of o's essential skills against d's essential
  skills, divided by the number of d's essential skills (how much of what d requires
  o brings);
- optional: the same with all of o's skills (essential and optional) on the origin side
  (Career Causeways' "all to essential": workers must meet only d's essential needs),
  never below the essential facet;
- activity: 1 - |u - v| / sqrt(2) for the unit vectors of essential skills per ESCO
  work-activity group (Career Causeways' formula; symmetric).

The combined score is a weighted mean (default equal weights). Thresholds for viable
moves come from :mod:`calibration`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.calibration import Thresholds, calibrate
from wendbaar.matching.engine.pairing import Destinations, chosen_edges, matched_credit
from wendbaar.matching.engine.profiles import OccupationProfiles
from wendbaar.matching.engine.similarity import REASONS, SkillCredit

FACETS = ("essential", "optional", "activity")
FORMAT = "wendbaar-transitions-1"


@dataclass(frozen=True)
class FacetWeights:
    essential: float = 1 / 3
    optional: float = 1 / 3
    activity: float = 1 / 3

    def combine(
        self, essential: np.ndarray, optional: np.ndarray, activity: np.ndarray
    ) -> np.ndarray:
        total = self.essential + self.optional + self.activity
        return (
            self.essential * essential + self.optional * optional + self.activity * activity
        ) / total


@dataclass
class TransitionMatrix:
    """Dense float32 matrices (origins x destinations) and the calibrated thresholds."""

    essential: np.ndarray
    optional: np.ndarray
    activity: np.ndarray
    combined: np.ndarray
    thresholds: Thresholds
    key: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(
            tmp,
            essential=self.essential,
            optional=self.optional,
            activity=self.activity,
            combined=self.combined,
            thresholds=np.array([self.thresholds.viable, self.thresholds.highly_viable]),
            stats_keys=np.array(list(self.thresholds.stats)),
            stats_values=np.array(list(self.thresholds.stats.values()), dtype=np.float64),
            key=np.array(self.key),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> TransitionMatrix:
        with np.load(path, allow_pickle=False) as data:
            viable, highly = (float(x) for x in data["thresholds"])
            stats = dict(
                zip(data["stats_keys"].tolist(), data["stats_values"].tolist(), strict=True)
            )
            return cls(
                data["essential"],
                data["optional"],
                data["activity"],
                data["combined"],
                Thresholds(viable, highly, stats),
                str(data["key"]),
            )


def activity_vectors(rows: sparse.csr_matrix, profiles: OccupationProfiles) -> np.ndarray:
    """Unit vectors of (weighted) skills per work-activity group; zero rows stay zero."""
    counts = np.asarray((rows @ profiles.skills.activity).todense(), dtype=np.float64)
    norms = np.linalg.norm(counts, axis=1, keepdims=True)
    return counts / np.where(norms > 0, norms, 1.0)


def activity_similarity(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    cos = np.clip(u @ v.T, 0.0, 1.0)
    sim = 1.0 - np.sqrt(1.0 - cos)
    empty = (np.abs(u).sum(axis=1) == 0)[:, None] | (np.abs(v).sum(axis=1) == 0)[None, :]
    sim[empty] = 0.0
    return sim


def facet_scores(
    origins_essential: sparse.csr_matrix,
    origins_all: sparse.csr_matrix,
    dests: Destinations,
    credit: SkillCredit,
) -> tuple[np.ndarray, np.ndarray]:
    """(essential, optional) facets of a batch of origins against every destination."""
    sizes = np.where(dests.sizes > 0, dests.sizes, np.inf)
    essential = matched_credit(origins_essential, dests, credit) / sizes
    optional = matched_credit(origins_all, dests, credit) / sizes
    return essential, np.maximum(optional, essential)


def build_transitions(
    profiles: OccupationProfiles,
    credit: SkillCredit,
    weights: FacetWeights | None = None,
    batch: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> TransitionMatrix:
    """The full matrix for every pair of occupations, in origin batches."""
    weights = weights or FacetWeights()
    n = len(profiles)
    started = time.perf_counter()
    dests = Destinations(profiles.essential)
    everything = (profiles.essential + profiles.optional).tocsr()
    essential = np.zeros((n, n), np.float32)
    optional = np.zeros((n, n), np.float32)
    for start in range(0, n, batch):
        rows = slice(start, min(start + batch, n))
        e, o = facet_scores(profiles.essential[rows], everything[rows], dests, credit)
        essential[rows], optional[rows] = e, o
        if progress:
            progress(rows.stop, n)
    paired = time.perf_counter()
    vectors = activity_vectors(profiles.essential, profiles)
    activity = activity_similarity(vectors, vectors).astype(np.float32)
    for m in (essential, optional, activity):
        np.fill_diagonal(m, 1.0)
    combined = weights.combine(essential, optional, activity).astype(np.float32)
    thresholds = calibrate(combined, profiles)
    done = time.perf_counter()
    return TransitionMatrix(
        essential,
        optional,
        activity,
        combined,
        thresholds,
        seconds={"pairing": paired - started, "activity_and_calibration": done - paired},
    )


@dataclass(frozen=True)
class SkillMatch:
    """A requirement of the destination and what covers it (None: nothing does)."""

    requirement: int
    covered_by: int | None
    credit: float
    reason: str  # "same", "similar", "related", "broader", "narrower", "sibling", ""


@dataclass
class TransitionExplanation:
    origin: int
    destination: int
    scores: dict[str, float]
    shared: list[SkillMatch]
    partial: list[SkillMatch]
    missing: list[SkillMatch]


def explain_transition(
    matrix: TransitionMatrix,
    profiles: OccupationProfiles,
    credit: SkillCredit,
    origin: int,
    destination: int,
) -> TransitionExplanation:
    """Shared, partly covered (with the origin skill that covers each) and missing
    essential skills of the destination, from the pairing of the optional facet."""
    all_rows = (profiles.essential[origin] + profiles.optional[origin]).tocsr()
    dest = Destinations(profiles.essential[destination])
    _exact, edges = chosen_edges(all_rows, dest, credit)
    held = set(all_rows.indices.tolist())
    by_requirement = {
        int(s): (int(a), float(w)) for a, s, w in zip(edges.a, edges.s, edges.w, strict=True)
    }
    shared, partial, missing = [], [], []
    for s in profiles.essential_of(destination).tolist():
        if s in held:
            shared.append(SkillMatch(s, s, 1.0, REASONS[0]))
        elif s in by_requirement:
            a, w = by_requirement[s]
            partial.append(SkillMatch(s, a, w, credit.credit_of(a, s)[1]))
        else:
            missing.append(SkillMatch(s, None, 0.0, ""))
    partial.sort(key=lambda m: -m.credit)
    scores = {
        facet: float(getattr(matrix, facet)[origin, destination]) for facet in (*FACETS, "combined")
    }
    return TransitionExplanation(origin, destination, scores, shared, partial, missing)
