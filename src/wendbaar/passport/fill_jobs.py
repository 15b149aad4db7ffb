"""Route 2: a past job. The occupation's skills are proposed, grouped by area, to confirm."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from wendbaar.passport.areas import areas_of
from wendbaar.passport.claims import add_claim
from wendbaar.passport.models import (
    ClaimSource,
    Passport,
    SkillClaim,
    ValidationLevel,
    WorkExperience,
)
from wendbaar.taxonomy.display import ShownLabel, preferred_labels
from wendbaar.taxonomy.models import Concept, Relation

SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)


@dataclass
class SkillRow:
    concept_id: int
    label: ShownLabel
    essential: bool


@dataclass
class AreaGroup:
    label: ShownLabel | None
    skills: list[SkillRow] = field(default_factory=list)


def occupation_skills(occupation: Concept, lang: str) -> list[AreaGroup]:
    """The occupation's essential and optional skills, grouped by area, essential first."""
    rows = (
        Relation.objects.filter(
            source=occupation,
            kind__in=[Relation.Kind.ESSENTIAL, Relation.Kind.OPTIONAL],
            target__kind__in=SKILL_KINDS,
            target__deprecated=False,
        )
        .values_list("target_id", "kind")
        .distinct()
    )
    essential: dict[int, bool] = {}
    for target, kind in rows:
        essential[target] = essential.get(target, False) or kind == Relation.Kind.ESSENTIAL
    areas = areas_of(essential)
    labels = preferred_labels([*essential, *(a for a in areas.values() if a is not None)], lang)
    groups: dict[int | None, AreaGroup] = {}
    for concept_id, is_essential in essential.items():
        area = areas.get(concept_id)
        group = groups.setdefault(area, AreaGroup(labels.get(area) if area else None))
        label = labels.get(concept_id) or ShownLabel(str(concept_id), "", True)
        group.skills.append(SkillRow(concept_id, label, is_essential))
    for group in groups.values():
        group.skills.sort(key=lambda row: (not row.essential, row.label.text.casefold()))
    return sorted(
        groups.values(),
        key=lambda g: (
            g.label is None,
            -sum(r.essential for r in g.skills),
            g.label.text.casefold() if g.label else "",
        ),
    )


def add_job(
    passport: Passport,
    occupation: Concept | None,
    details: dict[str, Any],
    skill_ids: list[int],
) -> tuple[WorkExperience, list[SkillClaim]]:
    """The job and a self-declared claim for each confirmed skill, all or nothing."""
    end: date | None = details.get("end")
    last_used = end or timezone.localdate()
    allowed = set(
        Concept.objects.filter(pk__in=skill_ids, kind__in=SKILL_KINDS).values_list("pk", flat=True)
    )
    with transaction.atomic():
        job = WorkExperience.objects.create(
            passport=passport,
            occupation=occupation,
            title=details["title"],
            employer=details.get("employer", ""),
            start=details.get("start"),
            end=end,
            description=details.get("description", ""),
        )
        claims = []
        for concept in Concept.objects.filter(pk__in=allowed).order_by("pk"):
            claim, changed = add_claim(
                passport,
                concept,
                ValidationLevel.SELF_DECLARED,
                ClaimSource.OCCUPATION,
                context=details.get("context") or "paid_work",
                last_used=last_used,
            )
            if changed:
                claims.append(claim)
            elif claim.last_used is None or claim.last_used < last_used:
                # A later job says the skill was used more recently: that is news.
                claim.last_used = last_used
                claim.save(update_fields=["last_used", "updated_at"])
                claims.append(claim)
    return job, claims
