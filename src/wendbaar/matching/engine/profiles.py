"""Occupation skill profiles as sparse matrices, and the skills they are made of.

Everything is indexed by position: skill ``j`` is column ``j`` of every profile matrix.
:func:`profiles_from_records` builds the profiles from plain records (the Django side
reads them from the database); :mod:`esco_files` builds the same records from the
official ESCO CSV files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

SKILL = "skill"
KNOWLEDGE = "knowledge"
# ESCO reuse levels, from the easiest to pick up to the most specific.
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")
# Work activities are the second level of the skills ("S") branch of the ESCO hierarchy,
# as in Career Causeways (75 groups in ESCO v1.1.1).
ACTIVITY_BRANCH = "S"
ACTIVITY_LEVEL = 2


@dataclass(frozen=True)
class SkillRecord:
    uri: str
    label: str
    kind: str = SKILL  # "skill" or "knowledge"
    reuse_level: str = ""


@dataclass(frozen=True)
class OccupationRecord:
    uri: str
    label: str
    isco: str = ""  # ISCO-08 unit group (four digits)
    code: str = ""  # ESCO code, e.g. "2654.1.7"


@dataclass(frozen=True)
class GroupRecord:
    """A skill group of the ESCO skills hierarchy; ``code`` tells its branch and level."""

    uri: str
    code: str
    label: str = ""


@dataclass(frozen=True)
class Requirement:
    occupation: str
    skill: str
    essential: bool


@dataclass(frozen=True)
class Resolution:
    """What a concept URI given by a caller turned out to be."""

    uri: str  # as given
    index: int | None  # position, None when unknown
    status: str  # "ok", "replaced" (deprecated, resolved to a replacement) or "unknown"
    resolved_uri: str = ""


def normalise_uri(uri: str) -> str:
    """ESCO URIs as people paste them: spaces, https, a trailing slash."""
    uri = uri.strip().rstrip("/")
    if uri.startswith("https://data.europa.eu/"):
        uri = "http://" + uri[len("https://") :]
    return uri


def activity_level(code: str) -> int | None:
    """Level of a group in the skills branch: "S" is 0, "S1" 1, "S1.2" 2; None elsewhere."""
    if code == ACTIVITY_BRANCH:
        return 0
    if not code.startswith(ACTIVITY_BRANCH):
        return None
    return code.count(".") + 1


class Skills:
    """The skills pillar: labels, kinds, relations, work-activity groups and collections."""

    def __init__(
        self,
        records: list[SkillRecord],
        broader: Iterable[tuple[str, str]] = (),
        related: Iterable[tuple[str, str, bool]] = (),
        groups: Iterable[GroupRecord] = (),
        collections: Mapping[str, Iterable[str]] | None = None,
        replacements: Mapping[str, str] | None = None,
    ):
        self.records = records
        self.uris = [s.uri for s in records]
        self.labels = [s.label for s in records]
        self.index = {uri: i for i, uri in enumerate(self.uris)}
        if len(self.index) != len(records):
            raise ValueError("skill URIs must be unique")
        n = len(records)
        self.is_knowledge = np.array([s.kind == KNOWLEDGE for s in records], dtype=bool)
        self.reuse = np.array(
            [
                REUSE_LEVELS.index(s.reuse_level) if s.reuse_level in REUSE_LEVELS else 2
                for s in records
            ],
            dtype=np.int8,
        )
        broader = list(broader)
        self.parents = self._pairs_matrix([(a, b, 1.0) for a, b in broader], n)
        self.related = self._pairs_matrix(
            [(a, b, 2.0 if essential else 1.0) for a, b, essential in related], n
        )
        self.activity, self.activity_groups = _activity_matrix(self, broader, list(groups))
        self.collections = {
            name: np.isin(np.arange(n), [self.index[u] for u in uris if u in self.index])
            for name, uris in (collections or {}).items()
        }
        self.replacements = {
            normalise_uri(k): normalise_uri(v) for k, v in (replacements or {}).items()
        }

    @classmethod
    def from_parts(
        cls,
        records: list[SkillRecord],
        parents: sparse.csr_matrix,
        related: sparse.csr_matrix,
        activity: sparse.csr_matrix,
        activity_groups: list[GroupRecord],
        collections: Mapping[str, np.ndarray],
        replacements: Mapping[str, str],
    ) -> Skills:
        """The pillar from what an earlier one computed (see :mod:`profile_store`)."""
        skills = cls(records)
        skills.parents, skills.related = parents, related
        skills.activity, skills.activity_groups = activity, activity_groups
        skills.collections = dict(collections)
        skills.replacements = dict(replacements)
        return skills

    def __len__(self) -> int:
        return len(self.uris)

    def _pairs_matrix(self, triples: list[tuple[str, str, float]], n: int) -> sparse.csr_matrix:
        kept = [
            (self.index[a], self.index[b], w)
            for a, b, w in triples
            if a in self.index and b in self.index
        ]
        rows, cols, vals = (np.array(x) for x in zip(*kept, strict=True)) if kept else ([], [], [])
        matrix = sparse.coo_matrix((vals, (rows, cols)), shape=(n, n), dtype=np.float32).tocsr()
        matrix.sum_duplicates()
        return matrix

    def resolve(self, uri: str) -> Resolution:
        clean = normalise_uri(uri)
        if clean in self.index:
            return Resolution(uri, self.index[clean], "ok", clean)
        seen = {clean}
        target = self.replacements.get(clean)
        while target is not None and target not in seen:  # chains of replacements
            if target in self.index:
                return Resolution(uri, self.index[target], "replaced", target)
            seen.add(target)
            target = self.replacements.get(target)
        return Resolution(uri, None, "unknown")

    def in_collection(self, name: str) -> np.ndarray:
        return self.collections.get(name, np.zeros(len(self), dtype=bool))


def _activity_matrix(
    skills: Skills, broader: list[tuple[str, str]], groups: list[GroupRecord]
) -> tuple[sparse.csr_matrix, list[GroupRecord]]:
    """Skills x level-2 activity groups; a skill in several groups splits its weight."""
    levels = {g.uri: activity_level(g.code) for g in groups}
    activity = sorted((g for g in groups if levels[g.uri] == ACTIVITY_LEVEL), key=lambda g: g.code)
    column = {g.uri: i for i, g in enumerate(activity)}
    up: dict[str, list[str]] = {}
    for narrower, wider in broader:
        up.setdefault(narrower, []).append(wider)
    memo: dict[str, frozenset[str]] = {}

    def reach(uri: str, trail: frozenset[str]) -> frozenset[str]:
        if uri in memo:
            return memo[uri]
        if uri in column:
            found = frozenset([uri])
        else:
            found = frozenset()
            for wider in up.get(uri, ()):
                if wider not in trail:  # ESCO has no cycles, but a caller's data might
                    found |= reach(wider, trail | {uri})
        memo[uri] = found
        return found

    rows, cols, vals = [], [], []
    for i, uri in enumerate(skills.uris):
        hits = sorted(column[g] for g in reach(uri, frozenset()))
        for c in hits:
            rows.append(i)
            cols.append(c)
            vals.append(1.0 / len(hits))
    matrix = sparse.csr_matrix(
        (np.array(vals, np.float32), (rows, cols)), shape=(len(skills), len(activity))
    )
    return matrix, activity


@dataclass
class ProfileIssue:
    """A requirement that was left out, and why."""

    occupation: str
    skill: str
    problem: str  # "unknown skill", "unknown occupation"


@dataclass
class OccupationProfiles:
    """Occupations x skills: ``essential`` and ``optional`` are 0/1 CSR matrices."""

    occupations: list[OccupationRecord]
    skills: Skills
    essential: sparse.csr_matrix
    optional: sparse.csr_matrix
    broader: np.ndarray  # index of the broader ESCO occupation, -1 for none
    issues: list[ProfileIssue] = field(default_factory=list)
    version: str = ""

    def __post_init__(self) -> None:
        self.index = {o.uri: i for i, o in enumerate(self.occupations)}
        self.isco = np.array([o.isco for o in self.occupations])
        self.labels = [o.label for o in self.occupations]

    def __len__(self) -> int:
        return len(self.occupations)

    def resolve(self, uri: str) -> Resolution:
        clean = normalise_uri(uri)
        if clean in self.index:
            return Resolution(uri, self.index[clean], "ok", clean)
        target = self.skills.replacements.get(clean)
        if target is not None and target in self.index:
            return Resolution(uri, self.index[target], "replaced", target)
        return Resolution(uri, None, "unknown")

    def essential_of(self, occupation: int) -> np.ndarray:
        return _row(self.essential, occupation)

    def optional_of(self, occupation: int) -> np.ndarray:
        return _row(self.optional, occupation)

    def content_hash(self) -> str:
        """Changes whenever a profile, relation, group or code changes (cache key of derived
        data). Not the version: a new import run with the same content keeps the key, so
        the stored matrix stays valid (labels count through the embeddings)."""
        h = hashlib.sha256()
        h.update(json.dumps([(o.uri, o.isco, o.code) for o in self.occupations]).encode())
        h.update(json.dumps(self.skills.uris).encode())
        for matrix in (self.essential, self.optional, self.skills.parents, self.skills.related):
            h.update(matrix.indptr.tobytes())
            h.update(matrix.indices.tobytes())
        h.update(self.skills.activity.indices.tobytes())
        return h.hexdigest()[:32]


def _row(matrix: sparse.csr_matrix, i: int) -> np.ndarray:
    return matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].copy()


def profiles_from_records(
    occupations: Iterable[OccupationRecord],
    skills: Skills,
    requirements: Iterable[Requirement],
    occupation_broader: Iterable[tuple[str, str]] = (),
    version: str = "",
) -> OccupationProfiles:
    """Profiles from plain records; requirements naming unknown concepts become issues.

    A skill both essential and optional for one occupation counts as essential.
    """
    occs = list(occupations)
    index = {o.uri: i for i, o in enumerate(occs)}
    if len(index) != len(occs):
        raise ValueError("occupation URIs must be unique")
    ess: set[tuple[int, int]] = set()
    opt: set[tuple[int, int]] = set()
    issues: list[ProfileIssue] = []
    for req in requirements:
        o = index.get(req.occupation)
        s = skills.resolve(req.skill).index
        if o is None or s is None:
            problem = "unknown occupation" if o is None else "unknown skill"
            issues.append(ProfileIssue(req.occupation, req.skill, problem))
            continue
        (ess if req.essential else opt).add((o, s))
    opt -= ess
    shape = (len(occs), len(skills))
    broader = np.full(len(occs), -1, dtype=np.int64)
    for narrower, wider in occupation_broader:
        if narrower in index and wider in index:
            broader[index[narrower]] = index[wider]
    return OccupationProfiles(
        occupations=occs,
        skills=skills,
        essential=_binary(ess, shape),
        optional=_binary(opt, shape),
        broader=broader,
        issues=issues,
        version=version,
    )


def _binary(pairs: set[tuple[int, int]], shape: tuple[int, int]) -> sparse.csr_matrix:
    if not pairs:
        return sparse.csr_matrix(shape, dtype=np.float32)
    rows, cols = np.array(sorted(pairs)).T
    matrix = sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)
    matrix.sort_indices()
    return matrix
