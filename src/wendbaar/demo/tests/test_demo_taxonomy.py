"""Consistency checks for the self-written demo taxonomy (plain pytest, no Django needed)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parents[1] / "taxonomy.json"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISCO = re.compile(r"^[0-9]{4}$")
SKILL_TYPES = {"skill/competence", "knowledge"}
REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific"}
COLLECTIONS = {"green", "digital", "transversal", "language", "digcomp"}
RELATED_TYPES = {"essential", "optional"}
LANGS = ("nl", "en")


@cache
def _data() -> dict[str, Any]:
    with DATA.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture
def data() -> dict[str, Any]:
    return _data()


def _all_concepts(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["skills"] + data["skill_groups"] + data["occupations"]


def test_marked_as_demo(data: dict[str, Any]) -> None:
    assert data["demo"] is True
    assert data["name"]["nl"].strip() and data["name"]["en"].strip()
    assert data["uri_base"].startswith("https://demo.")
    assert data["uri_base"].endswith("/")


def test_no_real_esco_uris() -> None:
    text = DATA.read_text(encoding="utf-8")
    assert "data.europa.eu" not in text
    assert "/esco/" not in text.lower()


def test_counts_within_range(data: dict[str, Any]) -> None:
    assert 270 <= len(data["skills"]) <= 330
    assert 28 <= len(data["occupations"]) <= 35
    assert 15 <= len(data["skill_groups"]) <= 30


def test_ids_unique_and_slug_shaped(data: dict[str, Any]) -> None:
    ids = [c["id"] for c in _all_concepts(data)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates
    bad = [i for i in ids if not SLUG.fullmatch(i)]
    assert not bad


def test_every_concept_has_both_languages(data: dict[str, Any]) -> None:
    for concept in _all_concepts(data):
        for lang in LANGS:
            text = concept[lang]
            assert text["pref"].strip(), (concept["id"], lang)
            assert text["description"].strip(), (concept["id"], lang)
            assert isinstance(text["alt"], list), (concept["id"], lang)
            assert isinstance(text["hidden"], list), (concept["id"], lang)
            labels = text["alt"] + text["hidden"]
            assert all(isinstance(label, str) and label.strip() for label in labels)
            assert text["pref"] not in text["alt"], (concept["id"], lang)


def test_skill_fields(data: dict[str, Any]) -> None:
    for skill in data["skills"]:
        assert skill["type"] in SKILL_TYPES, skill["id"]
        assert skill["reuse"] in REUSE_LEVELS, skill["id"]
        assert set(skill["collections"]) <= COLLECTIONS, skill["id"]
        assert len(set(skill["collections"])) == len(skill["collections"]), skill["id"]


def test_both_skill_types_present(data: dict[str, Any]) -> None:
    types = {s["type"] for s in data["skills"]}
    assert types == SKILL_TYPES


def test_occupation_fields(data: dict[str, Any]) -> None:
    for occupation in data["occupations"]:
        assert ISCO.fullmatch(occupation["isco"]), occupation["id"]
        assert set(occupation["collections"]) <= COLLECTIONS, occupation["id"]
        essential, optional = occupation["essential"], occupation["optional"]
        assert 6 <= len(essential) <= 15, occupation["id"]
        assert 3 <= len(optional) <= 10, occupation["id"]
        assert len(set(essential)) == len(essential), occupation["id"]
        assert len(set(optional)) == len(optional), occupation["id"]
        assert not set(essential) & set(optional), occupation["id"]


def test_occupation_references_resolve_to_skills(data: dict[str, Any]) -> None:
    skill_ids = {s["id"] for s in data["skills"]}
    for occupation in data["occupations"]:
        unknown = set(occupation["essential"] + occupation["optional"]) - skill_ids
        assert not unknown, (occupation["id"], sorted(unknown))


def test_every_skill_belongs_to_exactly_one_group(data: dict[str, Any]) -> None:
    group_ids = {g["id"] for g in data["skill_groups"]}
    for skill in data["skills"]:
        assert isinstance(skill["broader"], str), skill["id"]
        assert skill["broader"] in group_ids, skill["id"]


def test_group_hierarchy_resolves_and_is_acyclic(data: dict[str, Any]) -> None:
    parents = {g["id"]: g["broader"] for g in data["skill_groups"]}
    for group_id, parent in parents.items():
        assert parent is None or parent in parents, group_id
        seen = {group_id}
        while parent is not None:
            assert parent not in seen, f"cycle via {group_id}"
            seen.add(parent)
            parent = parents[parent]


def test_every_group_is_used(data: dict[str, Any]) -> None:
    used = {s["broader"] for s in data["skills"]}
    used |= {g["broader"] for g in data["skill_groups"] if g["broader"]}
    unused = {g["id"] for g in data["skill_groups"]} - used
    assert not unused


def test_related_skills_resolve(data: dict[str, Any]) -> None:
    skill_ids = {s["id"] for s in data["skills"]}
    for skill in data["skills"]:
        targets = []
        for related in skill["related"]:
            assert related["id"] in skill_ids, (skill["id"], related["id"])
            assert related["id"] != skill["id"], skill["id"]
            assert related["type"] in RELATED_TYPES, (skill["id"], related["type"])
            targets.append(related["id"])
        assert len(set(targets)) == len(targets), skill["id"]


def test_every_skill_is_used_by_an_occupation(data: dict[str, Any]) -> None:
    used = {s for o in data["occupations"] for s in o["essential"] + o["optional"]}
    unused = sorted({s["id"] for s in data["skills"]} - used)
    assert not unused


def test_shared_skills_make_transitions_visible(data: dict[str, Any]) -> None:
    profiles = {o["id"]: set(o["essential"]) | set(o["optional"]) for o in data["occupations"]}
    for source, target in [
        ("administratief-medewerker", "medewerker-klantcontact"),
        ("procesoperator", "warmtepompmonteur"),
        ("bankmedewerker", "onderwijsassistent"),
        ("helpende-zorg-en-welzijn", "verzorgende-ig"),
        ("elektromonteur", "laadpaalinstallateur"),
    ]:
        assert len(profiles[source] & profiles[target]) >= 3, (source, target)
