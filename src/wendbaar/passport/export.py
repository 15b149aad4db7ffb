"""All of a person's own passport data as one JSON-ready dict (the right to a copy).

Share-link tokens are not in it: only their hashes are stored, and those open nothing.
Labels are given in Dutch and English beside each concept URI, so the file reads without
the platform.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch

from wendbaar.accounts.personal_data import register_exporter
from wendbaar.passport.models import (
    AccessLog,
    Consent,
    Evidence,
    Passport,
    ShareLink,
    SkillClaim,
)
from wendbaar.passport.sharing import link_state
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept

FORMAT = "wendbaar-passport-export"
VERSION = 1
LANGUAGES = ("nl", "en")


def _when(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


class _Concepts:
    """Labels of every concept the export mentions, looked up in one go per language."""

    def __init__(self, concepts: list[Concept]) -> None:
        ids = {concept.pk for concept in concepts}
        self.labels = {lang: preferred_labels(ids, lang) for lang in LANGUAGES}

    def describe(self, concept: Concept | None) -> dict[str, Any] | None:
        if concept is None:
            return None
        labels = {}
        for lang in LANGUAGES:
            shown = self.labels[lang].get(concept.pk)
            if shown is not None and not shown.fallback:
                labels[lang] = shown.text
        return {"uri": concept.uri, "kind": concept.kind, "labels": labels}


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "title": item.title,
        "url": item.url,
        "file": item.file.name if item.file else "",
        "credential": item.credential_id,
        "added_at": _when(item.added_at),
    }


def _claim(claim: SkillClaim, concepts: _Concepts) -> dict[str, Any]:
    return {
        "skill": concepts.describe(claim.concept),
        "source_concept": concepts.describe(claim.source_concept),
        "level": claim.level,
        "level_name": claim.get_level_display(),
        "proficiency": claim.proficiency,
        "context": claim.context,
        "last_used": _when(claim.last_used),
        "source": claim.source,
        "note": claim.note,
        "evidence": [_evidence(item) for item in claim.evidence.all()],
        # What gives the level: a held credential counts only while it verifies.
        "supports": [
            {
                "level": support.level,
                "credential": support.credential_id,
                "counts": support.counts,
                "added_at": _when(support.added_at),
            }
            for support in claim.supports.all()
        ],
        "created_at": _when(claim.created_at),
        "updated_at": _when(claim.updated_at),
    }


def _link(link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "label": link.label,
        "whole_passport": link.whole_passport,
        "claims": [claim.concept.uri for claim in link.claims.all()],
        "state": link_state(link),
        "created_at": _when(link.created_at),
        "expires_at": _when(link.expires_at),
        "revoked_at": _when(link.revoked_at),
    }


def _consent(consent: Consent) -> dict[str, Any]:
    grantee = consent.grantee
    organisation = grantee.organisation
    return {
        "id": consent.pk,
        "grantee": grantee.get_full_name() or grantee.get_username(),
        "grantee_role": grantee.role,
        "organisation": organisation.name if organisation else "",
        "scope": consent.scope,
        "given_at": _when(consent.given_at),
        "revoked_at": _when(consent.revoked_at),
    }


def _log(entry: AccessLog) -> dict[str, Any]:
    return {
        "viewer": entry.viewer_label,
        "share_link": entry.share_link_id,
        "what": entry.what,
        "at": _when(entry.at),
    }


def passport_data(user: Any) -> dict[str, Any]:
    """Everything of ``user``'s passport; an empty passport when they never made one."""
    passport = Passport.objects.filter(owner=user).first()
    claims: list[SkillClaim] = []
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "owner": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
        },
        "passport": None,
        "claims": [],
        "work_experience": [],
        "education": [],
        "credentials": [],
        "share_links": [],
    }
    if passport is not None:
        claims = list(
            passport.claims.select_related("concept", "source_concept")
            .prefetch_related("evidence", "supports__credential")
            .order_by("pk")
        )
        jobs = list(passport.jobs.select_related("occupation").order_by("pk"))
        concepts = _Concepts(
            [c.concept for c in claims]
            + [c.source_concept for c in claims if c.source_concept]
            + [job.occupation for job in jobs if job.occupation]
        )
        data["passport"] = {
            "holder_did": passport.holder_did,
            "findable": passport.findable,
            "region": passport.region,
            "created_at": _when(passport.created_at),
            "updated_at": _when(passport.updated_at),
        }
        data["claims"] = [_claim(claim, concepts) for claim in claims]
        data["work_experience"] = [
            {
                "title": job.title,
                "employer": job.employer,
                "occupation": concepts.describe(job.occupation),
                "start": _when(job.start),
                "end": _when(job.end),
                "description": job.description,
            }
            for job in jobs
        ]
        data["education"] = [
            {
                "title": item.title,
                "institution": item.institution,
                "level": item.level,
                "completed": _when(item.completed),
                "diploma": item.diploma,
            }
            for item in passport.education.order_by("pk")
        ]
        data["credentials"] = [
            {
                "id": held.pk,
                "name": held.name,
                "issuer_name": held.issuer_name,
                "issuer_id": held.issuer_id,
                "verified": held.verified,
                "verdict": held.verdict,
                "issued_at": _when(held.issued_at),
                "added_at": _when(held.added_at),
                "document": held.document,
            }
            for held in passport.credentials.order_by("pk")
        ]
        links = ShareLink.objects.filter(passport=passport).prefetch_related(
            Prefetch("claims", queryset=SkillClaim.objects.select_related("concept"))
        )
        data["share_links"] = [_link(link) for link in links.order_by("pk")]
    data["consents"] = [
        _consent(consent)
        for consent in Consent.objects.filter(owner=user)
        .select_related("grantee__organisation")
        .order_by("pk")
    ]
    data["access_log"] = [
        _log(entry) for entry in AccessLog.objects.filter(owner=user).order_by("at", "pk")
    ]
    return data


def register_with_accounts() -> None:
    """Add the passport as a section of the account's personal-data download."""
    register_exporter("passport", passport_data)
