"""Upskilling simulation: which skills, once learned, unlock the most viable moves into
target occupations (by default those in shortage).

Candidates are the essential skills missing from "near" targets (combined score within
``margin`` below the viable threshold), most frequent first; each candidate is added to
the origin and the scores to the near targets are recomputed exactly (pairing, activity
and all), so a skill only counts where it really lifts a move over the threshold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from wendbaar.matching.engine.gaps import Gaps
from wendbaar.matching.engine.origin import Origin, origin_facets
from wendbaar.matching.engine.pairing import Destinations
from wendbaar.matching.engine.profiles import OccupationProfiles
from wendbaar.matching.engine.similarity import SkillCredit
from wendbaar.matching.engine.transitions import FacetWeights, activity_vectors

NEAR_MARGIN = 0.08
CANDIDATES = 40


@dataclass(frozen=True)
class SkillUnlock:
    skill: int
    unlocked: tuple[int, ...]  # targets that become viable
    gains: tuple[float, ...]  # combined score after learning, per unlocked target


def simulate_upskilling(
    origin: Origin,
    combined: np.ndarray,
    gaps: Gaps,
    targets: np.ndarray,
    viable: float,
    profiles: OccupationProfiles,
    credit: SkillCredit,
    weights: FacetWeights,
    top: int = 10,
    margin: float = NEAR_MARGIN,
    candidates: int = CANDIDATES,
) -> list[SkillUnlock]:
    near = np.flatnonzero(targets & (combined < viable) & (combined >= viable - margin))
    if origin.occupation is not None:
        near = near[near != origin.occupation]
    if len(near) == 0:
        return []
    counts: Counter[int] = Counter()
    for d in near:
        counts.update(skill for skill, gap in gaps.of(int(d)) if gap > 0.5)
    pool = [skill for skill, _n in counts.most_common(candidates)]
    if not pool:
        return []
    dests = Destinations(profiles.essential[near])
    dest_activity = activity_vectors(profiles.essential[near], profiles)
    variants = [origin.with_skill(skill) for skill in pool]
    after = origin_facets(variants, dests, dest_activity, profiles, credit, weights)["combined"]
    unlocks = []
    for k, skill in enumerate(pool):
        hit = np.flatnonzero(after[k] >= viable)
        if len(hit):
            unlocks.append(
                SkillUnlock(
                    skill, tuple(int(near[h]) for h in hit), tuple(float(after[k, h]) for h in hit)
                )
            )
    unlocks.sort(key=lambda u: (-len(u.unlocked), -sum(u.gains), u.skill))
    return unlocks[:top]
