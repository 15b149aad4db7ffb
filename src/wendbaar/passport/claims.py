"""Adding skill claims: the one way every filling route, adviser, issuer and plan uses.

A claim's validation level only rises through ``add_claim``: a certificate does not
become a self-declaration because the person later also picks the skill by searching.
Every level above self-declared is recorded as a ``ClaimSupport`` (even when the claim
already stood higher), so when a credential is revoked or removed, ``recompute_level``
lowers the claim to the highest support left, never below it and never to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wendbaar.passport.models import (
    ClaimSupport,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
)
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
    *,
    credential: HeldCredential | None = None,
    **fields: Any,
) -> tuple[SkillClaim, bool]:
    """Add or raise a claim; returns (claim, changed). Lower levels never overwrite higher.

    ``credential`` is the held credential that gives ``level``: the claim falls back when
    it stops verifying or is removed. Without it the level stands on its own (an
    adviser, an employer, a completed plan action).
    """
    claim = SkillClaim.objects.filter(passport=passport, concept=concept).first()
    changed = True
    if claim is None:
        claim = SkillClaim.objects.create(
            passport=passport, concept=concept, level=level, source=source, **fields
        )
    elif level <= claim.level:
        changed = False
    else:
        claim.level = level
        claim.source = source
        for name, value in fields.items():
            if value not in (None, ""):
                setattr(claim, name, value)
        claim.save()
    if level > ValidationLevel.SELF_DECLARED:
        ClaimSupport.objects.get_or_create(claim=claim, level=level, credential=credential)
    return claim, changed


def supported_level(supports: Iterable[ClaimSupport]) -> int:
    """The highest level that still counts; self-declared when nothing else does."""
    return max(
        (support.level for support in supports if support.counts),
        default=ValidationLevel.SELF_DECLARED,
    )


def recompute_level(claim: SkillClaim) -> bool:
    """Set the claim's level to what its supports still give; True when it changed."""
    level = supported_level(claim.supports.select_related("credential"))
    if level == claim.level:
        return False
    claim.level = level
    claim.save(update_fields=["level", "updated_at"])
    return True


def recompute_for_credentials(credentials: Iterable[HeldCredential]) -> int:
    """After credentials changed verdict: recompute the claims they support; how many moved."""
    claims = SkillClaim.objects.filter(supports__credential__in=list(credentials)).distinct()
    return sum(recompute_level(claim) for claim in claims)


def remove_credential(held: HeldCredential) -> int:
    """The owner removes a held credential: its evidence and supports go, claims fall back."""
    with transaction.atomic():
        claims = list(SkillClaim.objects.filter(supports__credential=held).distinct())
        held.delete()
        return sum(recompute_level(claim) for claim in claims)
