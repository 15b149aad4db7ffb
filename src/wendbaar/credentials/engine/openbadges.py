"""Open Badges 3.0 credentials for skills, and the passport as a Verifiable Presentation.

A validated or certified skill becomes an ``OpenBadgeCredential`` whose achievement has
``achievementType: "Competency"`` and aligns to the ESCO skill (and, through crosswalks,
to other schemes). The issuer is a did:web DID (the platform or an organisation), the
subject the holder's did:key DID.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .dates import format_datetime
from .document_loader import OB_V3P0_3_0_3, VC_V2, DocumentLoader
from .keys import Signer
from .proofs import RDFC, sign

OB_CONTEXT = [VC_V2, OB_V3P0_3_0_3]
ESCO = "ESCO"


@dataclass(frozen=True)
class Alignment:
    """An OB 3.0 ``Alignment``: the achievement matches a node of a framework."""

    target_url: str
    target_name: str
    target_framework: str | None = None
    target_code: str | None = None
    target_type: str | None = None
    target_description: str | None = None

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        optional = {
            "targetFramework": self.target_framework,
            "targetCode": self.target_code,
            "targetType": self.target_type,
            "targetDescription": self.target_description,
        }
        result.update({key: value for key, value in optional.items() if value is not None})
        return result


def esco_alignment(skill_uri: str, label: str) -> Alignment:
    """Alignment to an ESCO skill; its code is the UUID that ends the concept URI."""
    return Alignment(
        target_url=skill_uri,
        target_name=label,
        target_framework=ESCO,
        target_code=skill_uri.rstrip("/").rsplit("/", 1)[-1],
    )


@dataclass(frozen=True)
class IssuerProfile:
    """The issuer: its did:web DID and what a wallet shows of it."""

    id: str
    name: str
    url: str | None = None
    email: str | None = None

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        if self.url:
            result["url"] = self.url
        if self.email:
            result["email"] = self.email
        return result


@dataclass(frozen=True)
class SkillAchievement:
    """A skill as an OB 3.0 achievement; ``id`` is the platform's URL for it."""

    id: str
    name: str
    description: str
    criteria: str
    alignments: Sequence[Alignment] = field(default_factory=tuple)
    language: str | None = None
    tags: Sequence[str] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "id": self.id,
            "type": ["Achievement"],
            "achievementType": "Competency",
            "name": self.name,
            "description": self.description,
            "criteria": {"narrative": self.criteria},
        }
        if self.alignments:
            result["alignment"] = [alignment.as_json() for alignment in self.alignments]
        if self.language:
            result["inLanguage"] = self.language
        if self.tags:
            result["tag"] = list(self.tags)
        return result


def build_credential(
    *,
    credential_id: str,
    issuer: IssuerProfile,
    subject_id: str,
    achievement: SkillAchievement,
    valid_from: datetime,
    valid_until: datetime | None = None,
    status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` for a skill held by ``subject_id``."""
    credential: dict[str, Any] = {
        "@context": list(OB_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement.name,
        "issuer": issuer.as_json(),
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "achievement": achievement.as_json(),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    if status is not None:
        credential["credentialStatus"] = copy.deepcopy(dict(status))
    return credential


def issue(
    unsigned: Mapping[str, Any],
    signer: Signer,
    created: datetime,
    *,
    cryptosuite: str = RDFC,
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """Sign a credential as its issuer; the proof is a list, as the OB 3.0 schema wants."""
    issuer = unsigned.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if signer.controller != issuer_id:
        raise ValueError(f"key of {signer.controller} cannot sign for issuer {issuer_id}")
    return sign(unsigned, signer, created, as_set=True, cryptosuite=cryptosuite, loader=loader)


def build_presentation(
    credentials: Sequence[Mapping[str, Any]], holder: str, presentation_id: str
) -> dict[str, Any]:
    """The skills passport: the holder's signed credentials in one presentation."""
    return {
        "@context": [VC_V2],
        "id": presentation_id,
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": [copy.deepcopy(dict(credential)) for credential in credentials],
    }


def sign_presentation(
    unsigned: Mapping[str, Any],
    signer: Signer,
    created: datetime,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    cryptosuite: str = RDFC,
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """The holder's proof (purpose ``authentication``) over the presentation."""
    if signer.controller != unsigned.get("holder"):
        raise ValueError(f"key of {signer.controller} cannot sign for {unsigned.get('holder')}")
    return sign(
        unsigned,
        signer,
        created,
        cryptosuite=cryptosuite,
        proof_purpose="authentication",
        challenge=challenge,
        domain=domain,
        loader=loader,
    )
