"""An issued credential lands in its holder's passport when the holder is a wendbaar user.

It is kept like an imported one (``HeldCredential`` with its verdict, claims through
``add_claim``, evidence pointing to the credential), but only the skills the issuer
aligned become claims, at the issued level. The passport's own import is not used: it
also runs the linker over the name and description (skills the issuer did not state),
and building the linker takes minutes on a fresh process, too long for issuing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wendbaar.credentials.engine.dates import parse_datetime
from wendbaar.credentials.models import IssuedCredential
from wendbaar.credentials.verification import check_credential, issuer_name
from wendbaar.passport.claims import add_claim, recompute_for_credentials
from wendbaar.passport.credential_import import resolve_alignment
from wendbaar.passport.models import (
    ClaimSource,
    Evidence,
    EvidenceKind,
    HeldCredential,
    Passport,
    ValidationLevel,
)

LEVEL_TAGS = {"validated": ValidationLevel.VALIDATED, "certified": ValidationLevel.CERTIFIED}


def level_of(document: dict[str, Any]) -> int:
    """The level the issuer gave (the achievement's tag); "certified" when it names none."""
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    tags = achievement.get("tag") if isinstance(achievement, dict) else None
    for tag in tags if isinstance(tags, list) else [tags]:
        if tag in LEVEL_TAGS:
            return LEVEL_TAGS[tag]
    return ValidationLevel.CERTIFIED


def to_passport(issued: IssuedCredential) -> HeldCredential | None:
    """Put the credential into the passport whose holder DID it names, if there is one."""
    passport = (
        Passport.objects.filter(holder_did=issued.subject_did).select_related("owner").first()
        if issued.subject_did
        else None
    )
    if passport is None:
        return None
    issued.holder = passport.owner
    issued.save(update_fields=["holder"])
    document = issued.document
    verdict = check_credential(document)
    trusted = issuer_name(verdict.issuer) is not None
    issuer = document.get("issuer")
    held = HeldCredential.objects.create(
        passport=passport,
        document=document,
        name=issued.name,
        issuer_name=(issuer.get("name", "") if isinstance(issuer, dict) else "")[:300],
        issuer_id=issued.issuer_did,
        verified=verdict.verified,
        verdict={**verdict.as_json(), "trusted_issuer": trusted},
        issued_at=issued.issued_at,
    )
    if not (verdict.verified and trusted):
        return held
    achievement = document["credentialSubject"]["achievement"]
    for alignment in achievement.get("alignment") or []:
        resolved = resolve_alignment(alignment) if isinstance(alignment, dict) else None
        if resolved is None:
            continue
        concept, source = resolved
        claim, _changed = add_claim(
            passport,
            concept,
            level_of(document),
            ClaimSource.CREDENTIAL,
            credential=held,
            source_concept=source,
            last_used=parse_datetime(document["validFrom"]).date(),
        )
        Evidence.objects.get_or_create(
            claim=claim,
            kind=EvidenceKind.CREDENTIAL,
            credential=held,
            defaults={"title": issued.name[:300]},
        )
    return held


def mark_revoked(issued: IssuedCredential) -> int:
    """Copies in passports get their new verdict (revoked); the claims they raised fall
    back to their other support (``recompute_level``). Returns the copies updated."""
    verdict = check_credential(issued.document)
    trusted = issuer_name(verdict.issuer) is not None
    with transaction.atomic():
        held = list(HeldCredential.objects.filter(document__id=issued.credential_id))
        for copy in held:
            copy.verified = verdict.verified
            copy.verdict = {**verdict.as_json(), "trusted_issuer": trusted}
            copy.save(update_fields=["verified", "verdict"])
        recompute_for_credentials(held)
    return len(held)
