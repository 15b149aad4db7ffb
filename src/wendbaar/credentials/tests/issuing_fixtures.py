"""Data of the issuing tests: an EVC provider with an issuer, a person, skills, a crosswalk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wendbaar.accounts.models import Organisation, Role, User
from wendbaar.taxonomy.models import Concept, ConceptScheme, Mapping

SCHEMAS = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "credentials"
    / "edubadges-ob3-examples"
    / "schemas"
)
READ_DUTCH = "https://demo.wendbaar.nl/skill/nederlandse-teksten-lezen"
PASSWORD = "uitgever-wachtwoord-42"


def evc_provider() -> Organisation:
    return Organisation.objects.create(name="EVC-centrum Midden", slug="evc-midden", kind="evc")


def issuer_user(organisation: Organisation, username: str = "uitgever") -> User:
    return User.objects.create_user(
        username, password=PASSWORD, role=Role.ISSUER, organisation=organisation
    )


def person(username: str = "jamila") -> User:
    return User.objects.create_user(username, password=PASSWORD, first_name="Jamila")


def sector_mapping(target_uri: str = READ_DUTCH) -> Concept:
    """A concept of another scheme, mapped (accepted, close) to the ESCO skill."""
    scheme = ConceptScheme.objects.create(
        code="sector", uri="urn:sector", kind="external", titles={"nl": "Sectorvaardigheden"}
    )
    source = Concept.objects.create(
        scheme=scheme, uri="urn:sector:lezen", kind="external", code="LEZ-1"
    )
    source.labels.create(lang="nl", kind="pref", text="Teksten lezen", search_text="teksten lezen")
    Mapping.objects.create(
        source=source,
        target=Concept.objects.get(uri=target_uri),
        relation="closeMatch",
        status="accepted",
        provenance="test",
    )
    return source


def skills() -> list[tuple[str, str, str]]:
    return [(READ_DUTCH, "Nederlandse teksten lezen", "read Dutch texts")]


def ob_credential(subject: str, **achievement: Any) -> dict[str, Any]:
    """An unsigned OB 3.0 credential as a VC-API caller writes it."""
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Lassen MIG/MAG",
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:1f0c5b7e-0d7e-4d55-9a39-3f2b6c0f8a11",
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": "Lassen MIG/MAG",
                "description": "Kan lassen volgens MIG/MAG op praktijkniveau.",
                "criteria": {"narrative": "Praktijkbeoordeling door een assessor."},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "Nederlandse teksten lezen",
                        "targetUrl": READ_DUTCH,
                        "targetFramework": "ESCO",
                    }
                ],
                **achievement,
            },
        },
    }
