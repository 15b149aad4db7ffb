"""Verify a credential or presentation as this platform sees it (the domain side)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from wendbaar.credentials import remote
from wendbaar.credentials.engine.verify import (
    PresentationVerdict,
    Verdict,
    verify_credential,
    verify_presentation,
)
from wendbaar.credentials.issuers import did_document, is_own_host, organisation_of
from wendbaar.credentials.models import StatusList, TrustedIssuer

STATUS_PATH = re.compile(r"^/credentials/status/(?P<issuer>[-a-zA-Z0-9_]+)/(?P<pk>[0-9]+)$")


def _resolver(did: str) -> Mapping[str, Any] | None:
    # did:key resolves inside the engine; the app's own did:web DIDs come from the
    # database (never over HTTP, not even an unknown one); others are fetched.
    own, organisation = organisation_of(did)
    if own:
        return did_document(organisation, did)
    if not did.startswith("did:web:") or is_own_host(remote.did_web_host(did)):
        return None
    return remote.resolve_did(did)


def status_list_of(issuer: str, pk: int) -> StatusList | None:
    """The published status list ``pk`` of ``issuer`` (an organisation slug or "platform")."""
    listing = StatusList.objects.select_related("organisation").filter(pk=pk).first()
    if listing is None or not listing.credential:
        return None
    slug = listing.organisation.slug if listing.organisation is not None else "platform"
    return listing if slug == issuer else None


def own_status_list(url: str) -> StatusList | None:
    """The status list behind one of the app's own status URLs, or None."""
    parts = urlsplit(url)
    match = STATUS_PATH.match(parts.path)
    if match is None or parts.query or not is_own_host(parts.netloc):
        return None
    return status_list_of(match["issuer"], int(match["pk"]))


def _status(url: str) -> Mapping[str, Any] | None:
    # The app's own lists come from the database like the app serves them; others are
    # fetched (the engine verifies them: signed by the credential's issuer, in date).
    listing = own_status_list(url)
    if listing is not None:
        return listing.credential
    if is_own_host(urlsplit(url).netloc):
        return None
    return remote.fetch_status_list(url)


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
    """The name of a trusted issuer, or None when the issuer is not on the list.

    Besides the list, the platform and its issuing organisations are trusted: their
    DIDs are the app's own and have keys only because an issuer or admin issued.
    """
    if not identifier:
        return None
    listed = (
        TrustedIssuer.objects.filter(identifier=identifier).values_list("name", flat=True).first()
    )
    if listed is not None:
        return listed
    own, organisation = organisation_of(identifier)
    if not own or did_document(organisation, identifier) is None:
        return None
    return organisation.name if organisation is not None else _("wendbaar (this platform)")
