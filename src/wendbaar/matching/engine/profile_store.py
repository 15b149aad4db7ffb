"""Occupation profiles in one ``.npz`` file, so a new process gets the engine's inputs in a
fraction of a second instead of reading (and re-indexing) the whole taxonomy.

Everything is stored as arrays (no pickles): strings as one NUL-separated UTF-8 block,
sparse matrices as their CSR parts. The caller names the file by the version of the data
it came from and may add arrays of its own (``extra``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from scipy import sparse

from wendbaar.matching.engine.profiles import (
    KNOWLEDGE,
    SKILL,
    GroupRecord,
    OccupationProfiles,
    OccupationRecord,
    ProfileIssue,
    SkillRecord,
    Skills,
)

FORMAT = "wendbaar-profiles-1"
_MATRICES = ("essential", "optional", "parents", "related", "activity")
_SEP = "\x00"


def pack(strings: list[str]) -> np.ndarray:
    if any(_SEP in s for s in strings):
        raise ValueError("strings must not contain NUL")
    return np.frombuffer(_SEP.join(strings).encode(), dtype=np.uint8)


def unpack(block: np.ndarray, n: int) -> list[str]:
    return block.tobytes().decode().split(_SEP) if n else []


def save_profiles(
    path: Path, profiles: OccupationProfiles, extra: dict[str, np.ndarray] | None = None
) -> None:
    skills = profiles.skills
    arrays: dict[str, np.ndarray] = {
        "format": np.array(FORMAT),
        "version": np.array(profiles.version),
    }

    def strings(name: str, values: list[str]) -> None:
        arrays[name] = pack(values)
        arrays[f"{name}_n"] = np.array(len(values))

    occupations = profiles.occupations
    for field in ("uri", "label", "isco", "code"):
        strings(f"occupation_{field}", [getattr(o, field) for o in occupations])
    strings("skill_uri", skills.uris)
    strings("skill_label", skills.labels)
    strings("skill_reuse", [s.reuse_level for s in skills.records])
    arrays["skill_knowledge"] = skills.is_knowledge
    for field in ("uri", "code", "label"):
        strings(f"group_{field}", [getattr(g, field) for g in skills.activity_groups])
    strings("collections", list(skills.collections))
    for name, mask in skills.collections.items():
        arrays[f"collection_{name}"] = mask
    strings("replaced", list(skills.replacements))
    strings("replacement", list(skills.replacements.values()))
    for name, matrix in (
        ("essential", profiles.essential),
        ("optional", profiles.optional),
        ("parents", skills.parents),
        ("related", skills.related),
        ("activity", skills.activity),
    ):
        arrays[f"{name}_data"] = matrix.data
        arrays[f"{name}_indices"] = matrix.indices
        arrays[f"{name}_indptr"] = matrix.indptr
        arrays[f"{name}_shape"] = np.array(matrix.shape)
    arrays["broader"] = profiles.broader
    for field in ("occupation", "skill", "problem"):
        strings(f"issue_{field}", [getattr(i, field) for i in profiles.issues])
    for name, value in (extra or {}).items():
        arrays[f"extra_{name}"] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    os.close(fd)
    try:
        np.savez(tmp, allow_pickle=False, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load_profiles(path: Path) -> tuple[OccupationProfiles, dict[str, np.ndarray]]:
    """What :func:`save_profiles` wrote; raises ValueError for another format."""
    with np.load(path, allow_pickle=False) as f:
        if str(f["format"]) != FORMAT:
            raise ValueError(f"{path} is not a {FORMAT} file")

        def strings(name: str) -> list[str]:
            return unpack(f[name], int(f[f"{name}_n"]))

        matrices = {
            name: sparse.csr_matrix(
                (f[f"{name}_data"], f[f"{name}_indices"], f[f"{name}_indptr"]),
                shape=tuple(f[f"{name}_shape"]),
            )
            for name in _MATRICES
        }
        knowledge = f["skill_knowledge"]
        uris, labels = strings("skill_uri"), strings("skill_label")
        records = [
            SkillRecord(u, label, KNOWLEDGE if k else SKILL, r)
            for u, label, k, r in zip(
                uris, labels, knowledge.tolist(), strings("skill_reuse"), strict=True
            )
        ]
        skills = Skills.from_parts(
            records,
            parents=matrices["parents"],
            related=matrices["related"],
            activity=matrices["activity"],
            activity_groups=[
                GroupRecord(*g)
                for g in zip(
                    strings("group_uri"), strings("group_code"), strings("group_label"), strict=True
                )
            ],
            collections={name: f[f"collection_{name}"] for name in strings("collections")},
            replacements=dict(zip(strings("replaced"), strings("replacement"), strict=True)),
        )
        occupations = [
            OccupationRecord(*o)
            for o in zip(
                strings("occupation_uri"),
                strings("occupation_label"),
                strings("occupation_isco"),
                strings("occupation_code"),
                strict=True,
            )
        ]
        issues = [
            ProfileIssue(*i)
            for i in zip(
                strings("issue_occupation"),
                strings("issue_skill"),
                strings("issue_problem"),
                strict=True,
            )
        ]
        profiles = OccupationProfiles(
            occupations=occupations,
            skills=skills,
            essential=matrices["essential"],
            optional=matrices["optional"],
            broader=f["broader"],
            issues=issues,
            version=str(f["version"]),
        )
        extra = {k[len("extra_") :]: f[k] for k in f.files if k.startswith("extra_")}
    return profiles, extra
