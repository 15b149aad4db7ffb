"""Occupation profiles straight from the official ESCO CSV files (no database).

Reads the English classification (or any one language) for labels, the relations file
for essential/optional requirements, skill-skill relations and the broader hierarchy,
the skills hierarchy table for group codes, and the skill collections (green, digital).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wendbaar.matching.engine.profiles import (
    KNOWLEDGE,
    SKILL,
    GroupRecord,
    OccupationProfiles,
    OccupationRecord,
    Requirement,
    SkillRecord,
    Skills,
    profiles_from_records,
)
from wendbaar.taxonomy import esco_csv
from wendbaar.taxonomy import records as r


def _expand(paths: Sequence[Path]) -> list[Path]:
    """A folder holding the ESCO zips (as the portal ships them) stands for its zips."""
    out: list[Path] = []
    for path in map(Path, paths):
        zips = sorted(path.glob("*.zip")) if path.is_dir() else []
        out.extend(zips or [path])
    return out


def profiles_from_esco_files(paths: Sequence[Path], lang: str = "en") -> OccupationProfiles:
    """Profiles of every ESCO occupation, with the skills pillar, from zips or folders."""
    dist = esco_csv.discover(_expand(paths))
    occupations: list[OccupationRecord] = []
    skills: list[SkillRecord] = []
    groups: dict[str, GroupRecord] = {}
    for source in dist.of_role("concepts"):
        if source.lang != lang:
            continue
        for record in esco_csv.concept_records(source):
            if record.kind == r.OCCUPATION:
                occupations.append(
                    OccupationRecord(
                        record.uri,
                        record.content.pref,
                        str(record.attributes.get("isco_group", "")),
                        record.code,
                    )
                )
            elif record.kind in (r.SKILL, r.KNOWLEDGE):
                kind = KNOWLEDGE if record.kind == r.KNOWLEDGE else SKILL
                skills.append(
                    SkillRecord(record.uri, record.content.pref, kind, record.reuse_level)
                )
            elif record.kind == r.SKILL_GROUP:
                groups[record.uri] = GroupRecord(record.uri, record.code, record.content.pref)
    collections: dict[str, list[str]] = {}
    for source in dist.of_role("collection"):
        if source.lang != lang:
            continue
        code, _titles = esco_csv.collection_code(source.base)
        collections[code] = [member.uri for member, _record in esco_csv.collection_records(source)]
    requirements: list[Requirement] = []
    broader: list[tuple[str, str]] = []
    related: list[tuple[str, str, bool]] = []
    occupation_broader: list[tuple[str, str]] = []
    for source in dist.of_role("relations") + dist.of_role("hierarchy"):
        reader = (
            esco_csv.hierarchy_records(source)
            if source.role == "hierarchy"
            else esco_csv.relation_records(source)
        )
        for rel in reader:
            if rel.kind in (r.ESSENTIAL, r.OPTIONAL):
                requirements.append(
                    Requirement(rel.source_uri, rel.target_uri, rel.kind == r.ESSENTIAL)
                )
            elif rel.kind in (r.SKILL_ESSENTIAL, r.SKILL_OPTIONAL):
                related.append((rel.source_uri, rel.target_uri, rel.kind == r.SKILL_ESSENTIAL))
            elif rel.source_kind == r.OCCUPATION and rel.target_kind == r.OCCUPATION:
                occupation_broader.append((rel.source_uri, rel.target_uri))
            elif rel.source_kind != r.OCCUPATION and rel.source_kind != r.ISCO_GROUP:
                broader.append((rel.source_uri, rel.target_uri))
    skills = sorted(skills, key=lambda s: s.uri)
    pillar = Skills(
        skills,
        broader=broader,
        related=related,
        groups=groups.values(),
        collections=collections,
    )
    return profiles_from_records(
        sorted(occupations, key=lambda o: o.uri),
        pillar,
        requirements,
        occupation_broader=occupation_broader,
        version=dist.version,
    )
