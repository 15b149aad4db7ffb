"""Skill areas: the broad group of the skill hierarchy a skill belongs to.

ESCO's hierarchy runs from a pillar ("skills", "knowledge", "transversal skills") down
through groups to the skill. A pillar is too broad to be useful ("skills") and the
nearest group too narrow, so a skill's area is the group just below its top group, or
the top group itself when there is nothing in between.
"""

from __future__ import annotations

from collections.abc import Iterable

from wendbaar.taxonomy.models import Concept, Relation

MAX_DEPTH = 12


def _parents(concept_ids: Iterable[int]) -> dict[int, int]:
    """The broader concept of each concept up the hierarchy (the lowest id when several)."""
    parent: dict[int, int] = {}
    frontier = set(concept_ids)
    seen = set(frontier)
    for _ in range(MAX_DEPTH):
        if not frontier:
            break
        rows = Relation.objects.filter(
            kind=Relation.Kind.BROADER, source_id__in=frontier
        ).values_list("source_id", "target_id")
        found: dict[int, int] = {}
        for source, target in rows:
            if source not in found or target < found[source]:
                found[source] = target
        parent.update(found)
        frontier = {target for target in found.values() if target not in seen}
        seen |= frontier
    return parent


def areas_of(concept_ids: Iterable[int]) -> dict[int, int | None]:
    """The area (a skill group's concept id) of each skill, None when it has no group."""
    ids = list(concept_ids)
    parent = _parents(ids)
    groups = set(
        Concept.objects.filter(
            pk__in=set(parent.values()), kind=Concept.Kind.SKILL_GROUP
        ).values_list("pk", flat=True)
    )
    result: dict[int, int | None] = {}
    for concept_id in ids:
        chain: list[int] = []
        current = concept_id
        while current in parent and len(chain) < MAX_DEPTH:
            current = parent[current]
            if current in chain:
                break
            chain.append(current)
        ancestors = [c for c in chain if c in groups]
        if len(ancestors) >= 2:
            result[concept_id] = ancestors[-2]
        else:
            result[concept_id] = ancestors[-1] if ancestors else None
    return result
