"""Route 4: Open Badges 3.0 / edubadges credentials into the passport.

Every credential is verified with the credentials engine and kept with its verdict,
and listed as education (a diploma only when it verifies).
Its skills come from its alignments (an ESCO skill URI, or a concept of another scheme
mapped to ESCO by an accepted exact or close crosswalk mapping) and, for what the
alignments do not cover, from its name and description through the linker.

Levels (docs/decisions/0010-passport-claims.md): a claim gets "certified" only when the
proof verifies and the issuer is trusted (the list, or the platform's own issuers); an
achievement of type ``Assessment`` (or the EVC extension types), or tagged "validated"
as wendbaar's own credentials are, gives "validated". Otherwise the credential
is kept as unverified evidence and its skills become self-declared claims, only the
ones the person confirms. Alignments of a trusted, verified credential need no
confirmation: the issuer states them; skills found by the linker always do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wendbaar.credentials.engine.dates import parse_datetime
from wendbaar.credentials.engine.jsonld_safety import (
    DEFAULT_LIMITS,
    JsonLdSafetyError,
    Limits,
    check_size,
    parse_json,
)
from wendbaar.credentials.verification import check_credential, issuer_name
from wendbaar.errors import InputError
from wendbaar.linking import service as linking_service
from wendbaar.linking.engine.errors import TEXT_MAX
from wendbaar.linking.engine.extract import extract
from wendbaar.passport.claims import add_claim
from wendbaar.passport.models import (
    ClaimContext,
    ClaimSource,
    Education,
    Evidence,
    EvidenceKind,
    HeldCredential,
    Passport,
    SkillClaim,
    ValidationLevel,
)
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept, ConceptScheme
from wendbaar.taxonomy.models import Mapping as CrosswalkMapping

# The confirmation screen sends the credentials back in a form field, and Django accepts
# at most 2.5 MB of form data (DATA_UPLOAD_MAX_MEMORY_SIZE): the file must fit in that.
MAX_BYTES = 2_000_000
MAX_CREDENTIALS = 100
# A presentation or a list wraps credentials one or two levels deeper than the engine's
# limit for a single credential, which still applies to each credential on its own.
LIMITS = Limits(max_bytes=MAX_BYTES, max_depth=DEFAULT_LIMITS.max_depth + 2)
VALIDATION_TYPES = {"Assessment", "ext:EVC", "ext:Ervaringscertificaat"}
SKILL_KINDS = (Concept.Kind.SKILL, Concept.Kind.KNOWLEDGE)
MAPPED = (CrosswalkMapping.Relation.EXACT, CrosswalkMapping.Relation.CLOSE)
_MARKDOWN = re.compile(r"[#*_>`\[\]]+")


class CredentialInputError(InputError):
    """Input that is not a credential at all; nothing of it is stored."""

    def __init__(self, message: str):
        super().__init__("credential", message)
        self.message = message


@dataclass(frozen=True)
class ProposedClaim:
    concept_id: int
    uri: str
    label: str
    label_lang: str
    reason: str
    from_alignment: bool
    source_concept_id: int | None = None


@dataclass
class CredentialPreview:
    """One credential as it would be stored: the verdict and the skills it gives."""

    index: int
    document: dict[str, Any]
    name: str
    issuer_id: str
    issuer_name: str
    verified: bool
    trusted: bool
    reason: str
    verdict: dict[str, Any]
    level: int
    issued_at: datetime | None
    duplicate: bool
    proposals: list[ProposedClaim] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """True when its skills get the credential's level (proof verified, issuer trusted)."""
        return self.level > ValidationLevel.SELF_DECLARED

    @property
    def level_label(self) -> str:
        return str(ValidationLevel(self.level).label)


@dataclass
class ImportResult:
    held: list[HeldCredential] = field(default_factory=list)
    claims: list[SkillClaim] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    previews: list[CredentialPreview] = field(default_factory=list)


def _load(data: bytes | str | dict[str, Any] | list[Any]) -> Any:
    try:
        if isinstance(data, bytes | str):
            if isinstance(data, bytes):
                try:
                    data = data.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise CredentialInputError(_("The file is not UTF-8 text.")) from None
            if not data.strip():
                raise CredentialInputError(_("The file or text is empty."))
            return parse_json(data, LIMITS)
        check_size(data, LIMITS)
        return data
    except JsonLdSafetyError as error:
        raise CredentialInputError(
            _("This is not a usable credential: %(reason)s.") % {"reason": error.message}
        ) from None


def _types(value: Any) -> list[str]:
    types = value.get("type") if isinstance(value, dict) else None
    if isinstance(types, str):
        return [types]
    return [t for t in types if isinstance(t, str)] if isinstance(types, list) else []


def credentials_in(data: bytes | str | dict[str, Any] | list[Any]) -> list[dict[str, Any]]:
    """The credentials in one credential, a JSON array or a Verifiable Presentation."""
    value = _load(data)
    if isinstance(value, dict) and "VerifiablePresentation" in _types(value):
        value = value.get("verifiableCredential", [])
    items = value if isinstance(value, list) else [value]
    if not items:
        raise CredentialInputError(_("There is no credential in it."))
    if len(items) > MAX_CREDENTIALS:
        raise CredentialInputError(
            _("There are %(count)s credentials; at most %(max)s at a time.")
            % {"count": len(items), "max": MAX_CREDENTIALS}
        )
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or "VerifiableCredential" not in _types(item):
            raise CredentialInputError(
                _(
                    "Item %(number)s is not a verifiable credential (its type must include "
                    "VerifiableCredential)."
                )
                % {"number": number}
            )
    return items


def _object(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    return _object(_object(credential.get("credentialSubject")).get("achievement"))


def level_for(achievement: dict[str, Any]) -> int:
    """The level a verified credential from a trusted issuer gives its skills.

    wendbaar's own credentials name it in the achievement's ``tag`` ("validated" or
    "certified"; see decision 0012); otherwise an assessment or EVC type means
    validated and anything else (diploma, certificate, badge) certified.
    """
    tags = achievement.get("tag")
    tags = tags if isinstance(tags, list) else [tags]
    if "validated" in tags:
        return ValidationLevel.VALIDATED
    if "certified" in tags:
        return ValidationLevel.CERTIFIED
    kinds = achievement.get("achievementType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(kind in VALIDATION_TYPES for kind in kinds):
        return ValidationLevel.VALIDATED
    return ValidationLevel.CERTIFIED


def _qualification_level(achievement: dict[str, Any]) -> str:
    """ "NLQF 4" or "EQF 4" from the achievement's framework alignments, else ""."""
    for framework in ("ext:NLQF", "ext:EQF"):
        for alignment in achievement.get("alignment") or []:
            if isinstance(alignment, dict) and alignment.get("targetType") == framework:
                code = _text(alignment.get("targetCode"))
                if code:
                    return f"{framework[4:]} {code}"[:20]
    return ""


def _esco_skill(concept: Concept) -> bool:
    return concept.kind in SKILL_KINDS and concept.scheme.kind == ConceptScheme.Kind.ESCO


def resolve_alignment(alignment: dict[str, Any]) -> tuple[Concept, Concept | None] | None:
    """(ESCO skill, concept in the original scheme or None) an alignment points to."""
    keys = [_text(alignment.get("targetUrl")), _text(alignment.get("targetCode"))]
    for key in filter(None, keys):
        concept = Concept.objects.select_related("scheme").filter(uri=key).first()
        if concept is None:
            continue
        if _esco_skill(concept):
            return concept, None
        mapping = (
            CrosswalkMapping.objects.filter(
                source=concept,
                status=CrosswalkMapping.Status.ACCEPTED,
                relation__in=MAPPED,
                target__kind__in=SKILL_KINDS,
                target__scheme__kind=ConceptScheme.Kind.ESCO,
            )
            .select_related("target__scheme")
            .order_by("relation", "-confidence", "pk")
            .first()
        )
        if mapping is not None:
            return mapping.target, concept
    return None


def _description_text(achievement: dict[str, Any]) -> str:
    parts = [_text(achievement.get("name")), _text(achievement.get("description"))]
    text = _MARKDOWN.sub(" ", "\n".join(p for p in parts if p))
    return text[:TEXT_MAX]


def _proposals(achievement: dict[str, Any], lang: str) -> list[ProposedClaim]:
    found: dict[int, ProposedClaim] = {}
    for alignment in achievement.get("alignment") or []:
        if not isinstance(alignment, dict):
            continue
        resolved = resolve_alignment(alignment)
        if resolved is None:
            continue
        concept, source = resolved
        name = _text(alignment.get("targetName")) or concept.uri
        found.setdefault(
            concept.pk,
            ProposedClaim(
                concept.pk,
                concept.uri,
                name,
                "",
                _("alignment: %(name)s") % {"name": name},
                True,
                source.pk if source else None,
            ),
        )
    text = _description_text(achievement)
    if text:
        for mention in extract(linking_service.get_linker(), text, kinds=["skill"], top=1):
            candidate = mention.candidates[0]
            if candidate.concept_id not in found:
                found[candidate.concept_id] = ProposedClaim(
                    candidate.concept_id,
                    candidate.uri,
                    candidate.label,
                    candidate.label_lang,
                    _("found in the name or description: “%(text)s”") % {"text": mention.text},
                    False,
                )
    shown = preferred_labels(found, lang)
    out = []
    for concept_id, proposal in found.items():
        label = shown.get(concept_id)
        out.append(
            ProposedClaim(
                proposal.concept_id,
                proposal.uri,
                label.text if label else proposal.label,
                label.lang if label else proposal.label_lang,
                proposal.reason,
                proposal.from_alignment,
                proposal.source_concept_id,
            )
        )
    return sorted(out, key=lambda p: (not p.from_alignment, p.label.casefold()))


def _issued(credential: dict[str, Any]) -> datetime | None:
    for key in ("validFrom", "issuanceDate"):
        try:
            return parse_datetime(credential.get(key))
        except ValueError:
            continue
    return None


def _fingerprint(document: Any) -> str:
    return json.dumps(document, sort_keys=True, ensure_ascii=False)


def _held(passport: Passport | None) -> set[str]:
    """The credentials the passport holds. The same document again is a duplicate; the
    same id with other content is not (the edubadges examples share ids)."""
    if passport is None:
        return set()
    return {_fingerprint(d) for d in passport.credentials.values_list("document", flat=True)}


def preview_credentials(
    data: bytes | str | dict[str, Any] | list[Any],
    lang: str = "nl",
    passport: Passport | None = None,
) -> list[CredentialPreview]:
    """Verify and read every credential without storing anything."""
    held = _held(passport)
    previews = []
    for index, credential in enumerate(credentials_in(data)):
        verdict = check_credential(credential)
        document = verdict.document or credential
        issuer_id = verdict.issuer or ""
        trusted_name = issuer_name(issuer_id)
        issuer = _object(document.get("issuer"))
        achievement = _achievement(document)
        trusted = trusted_name is not None
        counts = verdict.verified and trusted
        reason = verdict.reason
        if verdict.verified and not trusted:
            reason = _("the proof is valid, but the issuer is not on the list of trusted issuers")
        fingerprint = _fingerprint(document)
        previews.append(
            CredentialPreview(
                index=index,
                document=document,
                name=(
                    _text(achievement.get("name"))
                    or _text(document.get("name"))
                    or _("credential without a name")
                )[:300],
                issuer_id=issuer_id[:500],
                issuer_name=(trusted_name or _text(issuer.get("name")))[:300],
                verified=verdict.verified,
                trusted=trusted,
                reason=reason,
                verdict={**verdict.as_json(), "reason": reason, "trusted_issuer": trusted},
                level=level_for(achievement) if counts else ValidationLevel.SELF_DECLARED,
                issued_at=_issued(document),
                duplicate=fingerprint in held,
                proposals=_proposals(achievement, lang),
            )
        )
        held.add(fingerprint)
    return previews


def import_credentials(
    passport: Passport,
    data: bytes | str | dict[str, Any] | list[Any],
    confirm_all: bool,
    chosen: Collection[tuple[int, int]] = (),
    *,
    lang: str = "nl",
) -> ImportResult:
    """Store the credentials with their verdicts and the claims they give, all or nothing.

    Alignments of a verified credential from a trusted issuer are always added; other
    proposals only with ``confirm_all`` or when (credential index, concept id) is in
    ``chosen``. A credential the passport already holds (the same document) is skipped.
    Raises CredentialInputError, storing nothing, when the input holds no credentials.
    """
    result = ImportResult(previews=preview_credentials(data, lang, passport))
    accepted = set(chosen)
    with transaction.atomic():
        for preview in result.previews:
            if preview.duplicate:
                result.problems.append(
                    _("“%(name)s” is already in your passport.") % {"name": preview.name}
                )
                continue
            held = HeldCredential.objects.create(
                passport=passport,
                document=preview.document,
                name=preview.name,
                issuer_name=preview.issuer_name,
                issuer_id=preview.issuer_id,
                verified=preview.verified,
                verdict=preview.verdict,
                issued_at=preview.issued_at,
            )
            result.held.append(held)
            Education.objects.create(
                passport=passport,
                title=preview.name,
                institution=preview.issuer_name,
                level=_qualification_level(_achievement(preview.document)),
                completed=preview.issued_at.date() if preview.issued_at else None,
                diploma=preview.counts,
            )
            if not preview.counts:
                result.problems.append(
                    _("“%(name)s” could not be verified: %(reason)s.")
                    % {"name": preview.name, "reason": preview.reason}
                )
            concepts = Concept.objects.in_bulk([p.concept_id for p in preview.proposals])
            sources = Concept.objects.in_bulk(
                [p.source_concept_id for p in preview.proposals if p.source_concept_id]
            )
            for proposal in preview.proposals:
                take = (
                    confirm_all
                    or (proposal.from_alignment and preview.counts)
                    or (preview.index, proposal.concept_id) in accepted
                )
                concept = concepts.get(proposal.concept_id)
                if not take or concept is None:
                    continue
                claim, changed = add_claim(
                    passport,
                    concept,
                    preview.level,
                    ClaimSource.CREDENTIAL,
                    credential=held,
                    source_concept=sources.get(proposal.source_concept_id or 0),
                    context=ClaimContext.EDUCATION,
                    last_used=preview.issued_at.date() if preview.issued_at else None,
                )
                Evidence.objects.get_or_create(
                    claim=claim,
                    kind=EvidenceKind.CREDENTIAL,
                    credential=held,
                    defaults={"title": preview.name},
                )
                if changed:
                    result.claims.append(claim)
    return result


def dumps(previews: list[CredentialPreview]) -> str:
    """The credentials of a preview as one JSON array, for the confirmation form."""
    return json.dumps([p.document for p in previews], ensure_ascii=False)


def chosen_pairs(values: list[str]) -> set[tuple[int, int]]:
    """ "index:concept" checkbox values into pairs; anything else is ignored."""
    pairs = set()
    for value in values:
        index, _sep, concept = value.partition(":")
        if index.isdigit() and concept.isdigit():
            pairs.add((int(index), int(concept)))
    return pairs


def as_mapping(preview: CredentialPreview) -> Mapping[str, Any]:
    """A preview for the API."""
    return {
        "index": preview.index,
        "name": preview.name,
        "issuer": {"id": preview.issuer_id, "name": preview.issuer_name},
        "verified": preview.verified,
        "trusted_issuer": preview.trusted,
        "reason": preview.reason,
        "level": preview.level,
        "already_held": preview.duplicate,
        "proposals": [
            {
                "concept_id": p.concept_id,
                "uri": p.uri,
                "label": p.label,
                "reason": p.reason,
                "from_alignment": p.from_alignment,
            }
            for p in preview.proposals
        ],
    }
