"""A hand-made taxonomy small enough to check every score by hand.

Skills (work-activity group in brackets):

    s0 bake bread [S1.1]        s1 bake rye bread  (narrower of s0) [S1.1]
    s2 bake baguettes (narrower of s0) [S1.1]
    s3 food safety [K]          s4 hygiene rules   (s3 -> s4 essential relation) [K]
    s5 decorate cakes [S1.2]    s6 ice cakes       (embedding almost equal to s5) [S1.2]
    s7 customer service [S2.1]  s8 drive lorry [S2.2]   s9 load cargo [S2.2]

Occupations (ISCO unit group):

    baker (7512)            essential s0 s3 s5, optional s7
    pastry cook (7512)      essential s0 s4 s6
    bakery assistant (7512) essential s0 s3, broader occupation: baker
    lorry driver (8332)     essential s8 s9, optional s7
"""

from __future__ import annotations

import numpy as np

from wendbaar.matching.engine.profiles import (
    KNOWLEDGE,
    GroupRecord,
    OccupationProfiles,
    OccupationRecord,
    Requirement,
    SkillRecord,
    Skills,
    profiles_from_records,
)
from wendbaar.matching.engine.similarity import CreditParams, SemanticScale, SkillCredit

SKILL = "http://data.europa.eu/esco/skill/s{}"
OCC = "http://data.europa.eu/esco/occupation/{}"
LABELS = [
    "bake bread",
    "bake rye bread",
    "bake baguettes",
    "food safety",
    "hygiene rules",
    "decorate cakes",
    "ice cakes",
    "customer service",
    "drive lorry",
    "load cargo",
]
GROUPS = {"S1.1": [0, 1, 2], "S1.2": [5, 6], "S2.1": [7], "S2.2": [8, 9]}
BAKER, PASTRY, ASSISTANT, DRIVER = range(4)
# Cosine 0.99 between s5 and s6, 0 elsewhere; with SCALE that is credit 0.9 (the cap).
SCALE = SemanticScale(lo=0.5, hi=0.95)


def embeddings() -> np.ndarray:
    vectors = np.eye(10, dtype=np.float32)
    vectors[6] = 0.99 * vectors[5] + np.sqrt(1 - 0.99**2) * vectors[6]
    return vectors


def skills(replacements: dict[str, str] | None = None) -> Skills:
    records = [
        SkillRecord(
            SKILL.format(i), label, KNOWLEDGE if i in (3, 4) else "skill", "sector-specific"
        )
        for i, label in enumerate(LABELS)
    ]
    groups = [GroupRecord("g:S", "S"), GroupRecord("g:S1", "S1"), GroupRecord("g:S2", "S2")]
    groups += [GroupRecord(f"g:{code}", code) for code in GROUPS]
    broader = [("g:S1", "g:S"), ("g:S2", "g:S"), ("g:S1.1", "g:S1"), ("g:S1.2", "g:S1")]
    broader += [("g:S2.1", "g:S2"), ("g:S2.2", "g:S2")]
    broader += [(SKILL.format(1), SKILL.format(0)), (SKILL.format(2), SKILL.format(0))]
    broader += [(SKILL.format(i), f"g:{code}") for code, members in GROUPS.items() for i in members]
    return Skills(
        records,
        broader=broader,
        related=[(SKILL.format(3), SKILL.format(4), True)],
        groups=groups,
        collections={"green": [SKILL.format(3), SKILL.format(4)], "digital": [SKILL.format(8)]},
        replacements=replacements,
    )


def requirements() -> list[Requirement]:
    def req(occ: str, skill: int, essential: bool = True) -> Requirement:
        return Requirement(OCC.format(occ), SKILL.format(skill), essential)

    return [
        *(req("baker", s) for s in (0, 3, 5)),
        req("baker", 7, essential=False),
        *(req("pastry", s) for s in (0, 4, 6)),
        *(req("assistant", s) for s in (0, 3)),
        *(req("driver", s) for s in (8, 9)),
        req("driver", 7, essential=False),
    ]


def occupations() -> list[OccupationRecord]:
    return [
        OccupationRecord(OCC.format("baker"), "baker", "7512", "7512.1"),
        OccupationRecord(OCC.format("pastry"), "pastry cook", "7512", "7512.2"),
        OccupationRecord(OCC.format("assistant"), "bakery assistant", "7512", "7512.1.1"),
        OccupationRecord(OCC.format("driver"), "lorry driver", "8332", "8332.1"),
    ]


def profiles(
    reqs: list[Requirement] | None = None, replacements: dict[str, str] | None = None
) -> OccupationProfiles:
    return profiles_from_records(
        occupations(),
        skills(replacements),
        requirements() if reqs is None else reqs,
        occupation_broader=[(OCC.format("assistant"), OCC.format("baker"))],
        version="tiny",
    )


def credit(p: OccupationProfiles, semantic: bool = True) -> SkillCredit:
    return SkillCredit(
        p.skills, embeddings() if semantic else None, CreditParams(neighbours=3), SCALE
    )
