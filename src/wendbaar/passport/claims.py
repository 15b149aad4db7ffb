"""Adding skill claims: the one way every filling route, adviser, issuer and plan uses.

A claim's validation level only rises: a certificate does not become a self-declaration
because the person later also picks the skill by searching.
"""

from __future__ import annotations

from typing import Any

from wendbaar.passport.models import Passport, SkillClaim
from wendbaar.taxonomy.models import Concept


def passport_of(user: Any) -> Passport:
    """The user's passport, made on first use."""
    passport, _created = Passport.objects.get_or_create(owner=user)
    return passport


def add_claim(
    passport: Passport,
    concept: Concept,
    level: int,
    source: str,
    **fields: Any,
) -> tuple[SkillClaim, bool]:
    """Add or raise a claim; returns (claim, changed). Lower levels never overwrite higher."""
    claim = SkillClaim.objects.filter(passport=passport, concept=concept).first()
    if claim is None:
        claim = SkillClaim.objects.create(
            passport=passport, concept=concept, level=level, source=source, **fields
        )
        return claim, True
    if level <= claim.level:
        return claim, False
    claim.level = level
    claim.source = source
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(claim, name, value)
    claim.save()
    return claim, True
