"""Issuing Open Badges 3.0 skill credentials, with revocation through Bitstring Status Lists.

Two ways in: ``issue_skill_credential`` (the portal builds the credential from chosen
ESCO skills) and ``issue_document`` (the VC-API: a credential the caller wrote, checked
and completed). Both add a status entry, sign, record an ``IssuedCredential`` and put the
credential into the holder's passport when the holder DID is a wendbaar user's.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from wendbaar.accounts.models import Organisation
from wendbaar.credentials import delivery, issuers
from wendbaar.credentials.engine import openbadges, status_list
from wendbaar.credentials.engine.dates import format_datetime, parse_datetime
from wendbaar.credentials.engine.document_loader import VC_V2, default_loader
from wendbaar.credentials.engine.jsonld_safety import JsonLdSafetyError, check_size, expand
from wendbaar.credentials.engine.proofs import CRYPTOSUITES, RDFC, sign
from wendbaar.credentials.models import IssuedCredential, StatusList
from wendbaar.taxonomy.display import label_of
from wendbaar.taxonomy.models import Concept
from wendbaar.taxonomy.models import Mapping as ConceptMapping

LEVELS = ("validated", "certified")
CREDENTIAL_TYPES = ("OpenBadgeCredential", "AchievementCredential")
ACHIEVEMENT_FIELDS = ("id", "type", "name", "description", "criteria")
# Close enough to say the credential proves the other scheme's concept too.
CROSSWALK_RELATIONS = (ConceptMapping.Relation.EXACT, ConceptMapping.Relation.CLOSE)

Skill = tuple[str, str, str]
"""(ESCO skill URI, Dutch label, English label)."""


class IssuingError(ValueError):
    """Input that cannot be issued; the message says what to change."""


def issue_skill_credential(
    organisation: Organisation | None,
    holder_did: str,
    skills: Sequence[Skill],
    achievement_name: str,
    description: str,
    level: str,
    criteria: str,
    valid_until: datetime | None = None,
    *,
    issued_by: Any = None,
    host: str | None = None,
    cryptosuite: str = RDFC,
) -> dict[str, Any]:
    """A signed ``OpenBadgeCredential`` that ``holder_did`` has these skills.

    The achievement is a "Competency" aligned to each ESCO skill and, through accepted
    exact or close crosswalk mappings, to the concepts of other schemes. ``level`` is
    "validated" (EVC, assessment) or "certified" and is carried as the achievement's tag.
    """
    if level not in LEVELS:
        raise IssuingError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if not skills:
        raise IssuingError("choose at least one skill")
    if not achievement_name.strip() or not description.strip() or not criteria.strip():
        raise IssuingError("name, description and criteria are all needed")
    if not holder_did.startswith("did:") or len(holder_did) > 300:
        raise IssuingError(f"the holder must be a DID, not {holder_did!r}")
    host = host or issuers.did_host()
    did = issuers.issuer_did(organisation, host)
    now = timezone.now()
    if valid_until is not None and valid_until <= now:
        raise IssuingError("the end of validity must lie in the future")
    alignments: list[openbadges.Alignment] = []
    for uri, label_nl, label_en in skills:
        alignments.append(_esco_alignment(uri, label_nl, label_en))
        alignments.extend(_crosswalk_alignments(uri))
    achievement = openbadges.SkillAchievement(
        id=f"urn:uuid:{uuid.uuid4()}",
        name=achievement_name.strip(),
        description=description.strip(),
        criteria=criteria.strip(),
        alignments=tuple(alignments),
        language="nl",
        tags=(level,),
    )
    unsigned = openbadges.build_credential(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=_profile(organisation, did, host),
        subject_id=holder_did,
        achievement=achievement,
        valid_from=now,
        valid_until=valid_until,
    )
    return _sign_and_record(organisation, did, host, unsigned, cryptosuite, issued_by)


def issue_document(
    organisation: Organisation | None,
    credential: Mapping[str, Any],
    *,
    cryptosuite: str = RDFC,
    issued_by: Any = None,
    host: str | None = None,
) -> dict[str, Any]:
    """Check a caller's unsigned OB 3.0 credential, complete it (issuer, id, validFrom,
    credentialStatus) and sign it. IssuingError says what is wrong with the input."""
    if cryptosuite not in CRYPTOSUITES:
        raise IssuingError(f"cryptosuite must be one of {', '.join(CRYPTOSUITES)}")
    try:
        check_size(credential)
    except JsonLdSafetyError as error:
        raise IssuingError(error.message) from None
    host = host or issuers.did_host()
    did = issuers.issuer_did(organisation, host)
    document = copy.deepcopy(dict(credential))
    for member in ("proof", "credentialStatus"):
        if member in document:
            raise IssuingError(f"leave out {member}: the issuer adds it")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise IssuingError('type must be a list with "VerifiableCredential"')
    if not any(kind in types for kind in CREDENTIAL_TYPES):
        raise IssuingError('type must include "OpenBadgeCredential"')
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get("achievement"), dict):
        raise IssuingError("credentialSubject must be one object with an achievement")
    if "id" in subject and not (isinstance(subject["id"], str) and len(subject["id"]) <= 300):
        raise IssuingError("credentialSubject.id must be the holder's DID (at most 300 characters)")
    missing = [name for name in ACHIEVEMENT_FIELDS if not subject["achievement"].get(name)]
    if missing:
        raise IssuingError(f"the achievement needs {', '.join(missing)}")
    document["issuer"] = _issuer_member(document.get("issuer"), organisation, did, host)
    document.setdefault("id", f"urn:uuid:{uuid.uuid4()}")
    if not isinstance(document["id"], str) or len(document["id"]) > 500:
        raise IssuingError("id must be a URI of at most 500 characters")
    if IssuedCredential.objects.filter(credential_id=document["id"]).exists():
        raise IssuingError(f"a credential with id {document['id']} was issued already")
    document.setdefault("validFrom", format_datetime(timezone.now()))
    for name in ("validFrom", "validUntil"):
        if name in document:
            try:
                parse_datetime(document[name])
            except ValueError as error:
                raise IssuingError(f"{name}: {error}") from None
    _check_json_ld(document)
    return _sign_and_record(organisation, did, host, document, cryptosuite, issued_by)


def revoke(issued: IssuedCredential) -> None:
    """Revoke: set its bit and re-sign the status list, so verifiers see it withdrawn."""
    with transaction.atomic():
        locked = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            _publish(locked.status_list)
        issued.revoked_at = locked.revoked_at
    delivery.mark_revoked(issued)


def _check_json_ld(document: Mapping[str, Any]) -> None:
    contexts = document.get("@context")
    items = contexts if isinstance(contexts, list) else [contexts]
    if not items or items[0] != VC_V2:
        raise IssuingError(f"the first @context must be {VC_V2}")
    loader = default_loader()
    unknown = [item for item in items if not isinstance(item, str) or not loader.knows(item)]
    if unknown:
        raise IssuingError(f"unknown or inline @context: {unknown[0]!r}")
    try:
        expand(dict(document), loader)
    except JsonLdSafetyError as error:
        raise IssuingError(error.message) from None


def _issuer_member(
    given: Any, organisation: Organisation | None, did: str, host: str
) -> dict[str, Any]:
    """The issuer profile; a given issuer must be the caller's own DID."""
    profile = _profile(organisation, did, host).as_json()
    if given is None:
        return profile
    given_id = given.get("id") if isinstance(given, Mapping) else given
    if given_id != did:
        raise IssuingError(f"the issuer must be your organisation's DID {did}, not {given_id!r}")
    return {**profile, **given} if isinstance(given, Mapping) else profile


def _profile(organisation: Organisation | None, did: str, host: str) -> openbadges.IssuerProfile:
    if organisation is None:
        return openbadges.IssuerProfile(did, "wendbaar", url=issuers.base_url(host))
    return openbadges.IssuerProfile(did, organisation.name, url=organisation.website or None)


def _esco_alignment(uri: str, label_nl: str, label_en: str) -> openbadges.Alignment:
    # Achievements are in Dutch (inLanguage "nl"); the English label goes alongside.
    esco = openbadges.esco_alignment(uri, label_nl or label_en)
    if label_en and label_nl and label_en != label_nl:
        return openbadges.Alignment(
            target_url=esco.target_url,
            target_name=esco.target_name,
            target_framework=esco.target_framework,
            target_code=esco.target_code,
            target_description=f"English: {label_en}",
        )
    return esco


def _crosswalk_alignments(uri: str) -> list[openbadges.Alignment]:
    """Concepts of other schemes an accepted exact or close mapping links to the skill."""
    concept = Concept.objects.filter(uri=uri).first()
    if concept is None:
        return []
    mappings = ConceptMapping.objects.filter(
        status=ConceptMapping.Status.ACCEPTED, relation__in=CROSSWALK_RELATIONS
    ).select_related("source__scheme", "target__scheme")
    others = [m.source for m in mappings.filter(target=concept)]
    others += [m.target for m in mappings.filter(source=concept)]
    result = []
    for other in sorted({o.pk: o for o in others}.values(), key=lambda o: o.uri):
        scheme = other.scheme
        result.append(
            openbadges.Alignment(
                target_url=other.uri,
                target_name=label_of(other, "nl").text,
                target_framework=scheme.titles.get("nl") or scheme.titles.get("en") or scheme.code,
                target_code=other.code or None,
            )
        )
    return result


def _sign_and_record(
    organisation: Organisation | None,
    did: str,
    host: str,
    unsigned: dict[str, Any],
    cryptosuite: str,
    issued_by: Any,
) -> dict[str, Any]:
    now = timezone.now()
    key = issuers.signer(organisation, did)
    with transaction.atomic():
        listing, index = _allocate(organisation, did, host)
        unsigned["credentialStatus"] = status_list.status_entry(listing.url, index)
        signed = openbadges.issue(unsigned, key, now, cryptosuite=cryptosuite)
        subject = signed["credentialSubject"]
        achievement = subject["achievement"]
        issued = IssuedCredential.objects.create(
            credential_id=signed["id"],
            organisation=organisation,
            issuer_did=did,
            subject_did=str(subject.get("id", "")),
            issued_by=issued_by if getattr(issued_by, "pk", None) else None,
            name=str(signed.get("name") or achievement.get("name", ""))[:300],
            document=signed,
            skills=[
                a["targetUrl"]
                for a in achievement.get("alignment", [])
                if isinstance(a, dict) and "targetUrl" in a
            ],
            status_list=listing,
            status_index=index,
            issued_at=now,
        )
        if listing.allocated == 1:
            _publish(listing)  # a new list is served from its first credential on
        delivery.to_passport(issued)
    return signed


def _allocate(organisation: Organisation | None, did: str, host: str) -> tuple[StatusList, int]:
    """A random free index in a list of this issuer DID with room, made when none has."""
    listing = (
        StatusList.objects.select_for_update()
        .filter(organisation=organisation, issuer_did=did, purpose="revocation")
        .order_by("pk")
        .last()
    )
    if listing is None or listing.allocated >= listing.size:
        listing = StatusList.objects.create(
            organisation=organisation,
            issuer_did=did,
            url=f"pending:{uuid.uuid4()}",
            size=status_list.MIN_ENTRIES,
        )
        slug = organisation.slug if organisation is not None else "platform"
        listing.url = f"{issuers.base_url(host)}/credentials/status/{slug}/{listing.pk}"
    used = set(listing.entries.values_list("status_index", flat=True))
    index = status_list.allocate_index(used, listing.size)
    listing.allocated = len(used) + 1
    listing.save()
    return listing, index


def _publish(listing: StatusList) -> None:
    """Sign the list anew from the revoked credentials in it (the database is the truth)."""
    bits = status_list.new_bitstring(listing.size)
    for index in listing.entries.filter(revoked_at__isnull=False).values_list(
        "status_index", flat=True
    ):
        status_list.set_status(bits, index, True)
    unsigned = status_list.status_list_credential(
        listing.url, listing.issuer_did, bits, timezone.now(), listing.purpose
    )
    key = issuers.signer(listing.organisation, listing.issuer_did)
    listing.credential = sign(unsigned, key, timezone.now())
    listing.save(update_fields=["credential", "updated_at"])
