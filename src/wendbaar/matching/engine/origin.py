"""Where a move starts: an occupation's profile or a person's passport, as rows that the
transition facets can be computed from against any set of destinations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.claims import Passport
from wendbaar.matching.engine.pairing import Destinations, matched_credit
from wendbaar.matching.engine.profiles import OccupationProfiles
from wendbaar.matching.engine.similarity import SkillCredit
from wendbaar.matching.engine.transitions import (
    FacetWeights,
    activity_similarity,
    activity_vectors,
)


@dataclass
class Origin:
    """Rows over skills (values: weights); a passport has no optional skills, so its two
    rows are the same. ``occupation`` is set when the origin is an ESCO occupation."""

    essential: sparse.csr_matrix
    everything: sparse.csr_matrix
    occupation: int | None = None

    @classmethod
    def of_occupation(cls, profiles: OccupationProfiles, occupation: int) -> Origin:
        everything = (profiles.essential[occupation] + profiles.optional[occupation]).tocsr()
        return cls(profiles.essential[occupation].tocsr(), everything, occupation)

    @classmethod
    def of_passport(cls, passport: Passport, n_skills: int) -> Origin:
        row = passport.row(n_skills)
        return cls(row, row)

    def with_skill(self, skill: int, weight: float = 1.0) -> Origin:
        """The same origin after learning ``skill`` (as an essential skill)."""
        add = sparse.csr_matrix(([weight], [skill], [0, 1]), shape=self.essential.shape)
        return Origin(
            self.essential.maximum(add).tocsr(),
            self.everything.maximum(add).tocsr(),
            self.occupation,
        )


def origin_facets(
    origins: list[Origin],
    dests: Destinations,
    dest_activity: np.ndarray,
    profiles: OccupationProfiles,
    credit: SkillCredit,
    weights: FacetWeights,
) -> dict[str, np.ndarray]:
    """Facet and combined scores (origins x destinations) for origins that are not in the
    precomputed matrix: passports, or occupations with a skill added."""
    essential = sparse.vstack([o.essential for o in origins]).tocsr()
    everything = sparse.vstack([o.everything for o in origins]).tocsr()
    sizes = np.where(dests.sizes > 0, dests.sizes, np.inf)
    ess = matched_credit(essential, dests, credit) / sizes
    opt = np.maximum(matched_credit(everything, dests, credit) / sizes, ess)
    act = activity_similarity(activity_vectors(essential, profiles), dest_activity)
    return {
        "essential": ess,
        "optional": opt,
        "activity": act,
        "combined": weights.combine(ess, opt, act),
    }
