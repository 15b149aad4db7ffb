"""Verify a credential or presentation as this platform sees it (the domain side)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from wendbaar.credentials.engine.verify import (
    PresentationVerdict,
    Verdict,
    verify_credential,
    verify_presentation,
)
from wendbaar.credentials.models import TrustedIssuer


def _resolver(did: str) -> Mapping[str, Any] | None:
    # did:key resolves inside the engine; this platform serves no did:web issuers yet,
    # and no network lookups are made from here.
    return None


def _status(url: str) -> Mapping[str, Any] | None:
    # Status lists are served by the issuing module of issue 4; none are known yet.
    return None


def check_credential(document: Mapping[str, Any] | str | bytes) -> Verdict:
    """Genuine or not; whether the issuer is trusted is told apart (see issuer_name)."""
    return verify_credential(document, _resolver, None, timezone.now(), _status)


def check_presentation(
    document: Mapping[str, Any] | str | bytes,
    challenge: str | None = None,
    domain: str | None = None,
) -> PresentationVerdict:
    return verify_presentation(
        document,
        _resolver,
        None,
        timezone.now(),
        _status,
        challenge=challenge,
        domain=domain,
    )


def issuer_name(identifier: str | None) -> str | None:
    """The name of a trusted issuer, or None when the issuer is not on the list."""
    if not identifier:
        return None
    return (
        TrustedIssuer.objects.filter(identifier=identifier).values_list("name", flat=True).first()
    )
