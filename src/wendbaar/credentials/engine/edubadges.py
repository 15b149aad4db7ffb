"""Reading edubadges (SURF's Open Badges 3.0 credentials) into skill-claim records.

Each badge is verified like any credential; its achievement (name, description,
alignments, EQF/NLQF level, ECTS or study load) becomes a claim at level "certified" only
when the proof verifies, and otherwise the record carries the reasons why not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .dids import DidResolver
from .document_loader import DocumentLoader
from .verify import StatusFetcher, verify_credential

CERTIFIED = "certified"


@dataclass(frozen=True)
class ImportedAlignment:
    target_name: str | None
    target_url: str | None
    target_code: str | None
    target_framework: str | None
    target_type: str | None


@dataclass(frozen=True)
class ImportedBadge:
    """What a badge claims, and whether (and why not) it can be trusted."""

    source: str
    verified: bool
    reasons: tuple[str, ...]
    credential_id: str | None = None
    achievement_id: str | None = None
    name: str | None = None
    description: str | None = None
    criteria: str | None = None
    language: str | None = None
    alignments: tuple[ImportedAlignment, ...] = ()
    issuer_id: str | None = None
    issuer_name: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    eqf_level: int | None = None
    nlqf_level: int | None = None
    ects: float | None = None
    study_load_hours: int | None = None
    time_investment_hours: int | None = None

    @property
    def level(self) -> str | None:
        """ "certified" when the proof verified; None: the claim is not evidence."""
        return CERTIFIED if self.verified else None


def read_edubadge(
    document: Mapping[str, Any] | str | bytes,
    source: str,
    *,
    resolver: DidResolver | None = None,
    trusted_issuers: Collection[str] | None = None,
    now: datetime | None = None,
    status_fetcher: StatusFetcher | None = None,
    loader: DocumentLoader | None = None,
) -> ImportedBadge:
    """Verify one badge and read its claims; never raises on bad input."""
    verdict = verify_credential(
        document, resolver, trusted_issuers, now, status_fetcher, loader=loader
    )
    reasons = tuple(check.message for check in verdict.failures)
    credential = verdict.document
    if credential is None:
        return ImportedBadge(source, False, reasons)
    subject = _object(credential.get("credentialSubject"))
    achievement = _object(subject.get("achievement"))
    issuer = credential.get("issuer")
    issuer_profile = _object(issuer)
    alignments = tuple(
        ImportedAlignment(
            _text(item.get("targetName")),
            _text(item.get("targetUrl")),
            _text(item.get("targetCode")),
            _text(item.get("targetFramework")),
            _text(item.get("targetType")),
        )
        for item in _objects(achievement.get("alignment"))
    )
    return ImportedBadge(
        source=source,
        verified=verdict.verified,
        reasons=reasons,
        credential_id=_text(credential.get("id")),
        achievement_id=_text(achievement.get("id")),
        name=_text(achievement.get("name")),
        description=_text(achievement.get("description")),
        criteria=_text(_object(achievement.get("criteria")).get("narrative")),
        language=_text(achievement.get("inLanguage")),
        alignments=alignments,
        issuer_id=verdict.issuer,
        issuer_name=_text(issuer_profile.get("name")),
        valid_from=_text(credential.get("validFrom")),
        valid_until=_text(credential.get("validUntil")),
        eqf_level=_framework_level(alignments, "ext:EQF"),
        nlqf_level=_framework_level(alignments, "ext:NLQF"),
        ects=_number(achievement.get("ECTS"), float),
        study_load_hours=_number(achievement.get("SBU"), int),
        time_investment_hours=_number(achievement.get("timeInvestment"), int),
    )


def read_folder(folder: Path, **options: Any) -> list[ImportedBadge]:
    """Every ``*.json`` badge in a folder, in name order."""
    return [
        read_edubadge(path.read_bytes(), path.name, **options)
        for path in sorted(folder.glob("*.json"))
    ]


def _framework_level(alignments: tuple[ImportedAlignment, ...], target_type: str) -> int | None:
    for alignment in alignments:
        if alignment.target_type == target_type and (alignment.target_code or "").isdigit():
            return int(alignment.target_code or "")
    return None


def _object(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _objects(value: Any) -> list[Mapping[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, Mapping)]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any, kind: type[int] | type[float]) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return kind(value)
