"""Occupation profiles stored as arrays and read back unchanged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wendbaar.matching.engine.profile_store import load_profiles, pack, save_profiles, unpack
from wendbaar.matching.engine.profiles import Requirement

from . import tiny


def test_profiles_round_trip_with_extra_arrays(tmp_path: Path) -> None:
    profiles = tiny.profiles(
        reqs=[*tiny.requirements(), Requirement(tiny.OCC.format("x"), "s?", True)],
        replacements={tiny.SKILL.format("old"): tiny.SKILL.format(0)},
    )
    path = tmp_path / "p.npz"
    save_profiles(path, profiles, {"ids": np.array([3, 1, 2])})
    back, extra = load_profiles(path)
    assert back.occupations == profiles.occupations and back.version == "tiny"
    assert back.skills.records == profiles.skills.records
    assert back.issues == profiles.issues and len(back.issues) == 1
    for name in ("essential", "optional"):
        assert (getattr(back, name) != getattr(profiles, name)).nnz == 0
    for name in ("parents", "related", "activity"):
        assert (getattr(back.skills, name) != getattr(profiles.skills, name)).nnz == 0
    assert back.skills.activity_groups == profiles.skills.activity_groups
    assert (
        back.skills.in_collection("green").tolist()
        == profiles.skills.in_collection("green").tolist()
    )
    assert back.skills.resolve(tiny.SKILL.format("old")).status == "replaced"
    assert back.broader.tolist() == profiles.broader.tolist()
    assert back.content_hash() == profiles.content_hash()
    assert extra["ids"].tolist() == [3, 1, 2]


def test_strings_pack_and_unpack() -> None:
    for values in ([], [""], ["a", "", "bäker 🍞"]):
        assert unpack(pack(values), len(values)) == values
    with pytest.raises(ValueError):
        pack(["a\x00b"])


def test_another_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, format=np.array("something-else"))
    with pytest.raises(ValueError, match="not a"):
        load_profiles(path)
