"""Who signs: the platform and each issuing organisation, their did:web DIDs and their keys.

The platform is ``did:web:<host>`` (document at ``/.well-known/did.json``), an organisation
``did:web:<host>:organisations:<slug>`` (``/organisations/<slug>/did.json``). ``<host>``
is the setting ``WENDBAAR_DID_HOST`` (``wendbaar.nl``; a port is percent-encoded in the
DID, ``localhost%3A8000``); without it the request's host is used, and outside a request
``localhost:8000`` (not in production, where the setting is required).

Keys belong to the organisation, not to one DID string: a key's fragment is its public
multibase, so the document served for any of the app's own hosts lists the same keys.
The verifier resolves the app's own DIDs from the database (see ``resolve_own_did``):
exactly what the app would serve over HTTP, without a request.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.utils import timezone

from wendbaar.accounts.models import Organisation
from wendbaar.credentials.engine import dids, keys
from wendbaar.credentials.models import IssuerKey, KeyStatus

ORGANISATIONS = "organisations"
DEVELOPMENT_HOST = "localhost:8000"
# Hosts where the app runs without TLS; everywhere else its URLs are https.
PLAIN_HTTP = {"localhost", "127.0.0.1", "[::1]", "testserver"}


def did_host(request: HttpRequest | None = None) -> str:
    """The host (with port, if any) the app's did:web DIDs and URLs name."""
    configured = getattr(settings, "WENDBAAR_DID_HOST", "")
    if configured:
        return str(configured)
    if request is not None:
        return request.get_host()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("WENDBAAR_DID_HOST must be set in production")
    return DEVELOPMENT_HOST


def base_url(host: str) -> str:
    domain, _port = split_domain_port(host)
    return ("http://" if domain in PLAIN_HTTP else "https://") + host


def issuer_did(organisation: Organisation | None, host: str) -> str:
    if organisation is None:
        return dids.did_web(host)
    return dids.did_web(host, ORGANISATIONS, organisation.slug)


def is_own_host(host: str) -> bool:
    """Whether the app itself answers for ``host`` (so it can resolve it without HTTP)."""
    configured = getattr(settings, "WENDBAAR_DID_HOST", "")
    if configured and host.lower() == str(configured).lower():
        return True
    domain, _port = split_domain_port(host)
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # what Django itself allows then
    # "*" would make every did:web host ours; only named hosts count.
    named = [pattern for pattern in allowed if pattern != "*"]
    return bool(domain) and validate_host(domain, named)


def key_encryption_key() -> keys.KeyEncryptionKey:
    """The KEK from ``WENDBAAR_CREDENTIAL_KEYS`` (Fernet secrets, newest first).

    Outside production, without the setting, one is derived from SECRET_KEY so
    development and tests need no extra configuration.
    """
    secrets = list(getattr(settings, "WENDBAAR_CREDENTIAL_KEYS", None) or [])
    if secrets:
        return keys.KeyEncryptionKey(secrets)
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured("WENDBAAR_CREDENTIAL_KEYS must be set in production")
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"wendbaar credential keys"
    ).derive(settings.SECRET_KEY.encode("utf-8"))
    return keys.KeyEncryptionKey([base64.urlsafe_b64encode(derived)])


def _rows(organisation: Organisation | None) -> list[IssuerKey]:
    return list(IssuerKey.objects.filter(organisation=organisation).order_by("created", "pk"))


def _stored(row: IssuerKey, controller: str) -> keys.StoredKey:
    return keys.StoredKey(
        controller=controller,
        fragment=row.fragment,
        public_key_multibase=row.public_key_multibase,
        encrypted_seed=row.encrypted_seed,
        created=row.created,
        status=row.status,  # type: ignore[arg-type]
    )


def _create_key(organisation: Organisation | None) -> IssuerKey:
    # The engine's StoredKey needs a controller; the row does not keep it (see above).
    stored = keys.new_stored_key("did:web:unused", key_encryption_key(), timezone.now())
    return IssuerKey.objects.create(
        organisation=organisation,
        fragment=stored.fragment,
        public_key_multibase=stored.public_key_multibase,
        encrypted_seed=stored.encrypted_seed,
        created=stored.created,
    )


def ensure_key(organisation: Organisation | None) -> None:
    """Give the issuer a first signing key if it has none yet."""
    with transaction.atomic():
        if not IssuerKey.objects.filter(
            organisation=organisation, status=KeyStatus.ACTIVE
        ).exists():
            _create_key(organisation)


def signer(organisation: Organisation | None, did: str) -> keys.Signer:
    """The signer of the issuer's newest active key, as a method of ``did``."""
    ensure_key(organisation)
    stored = [_stored(row, did) for row in _rows(organisation)]
    return keys.signer_for(stored, did, key_encryption_key())


def rotate_key(organisation: Organisation | None) -> IssuerKey:
    """A new active key; the old one is retired, still listed so its credentials verify."""
    with transaction.atomic():
        IssuerKey.objects.filter(organisation=organisation, status=KeyStatus.ACTIVE).update(
            status=KeyStatus.RETIRED
        )
        return _create_key(organisation)


def did_document(organisation: Organisation | None, did: str) -> dict[str, Any] | None:
    """The DID document the app serves for ``did``; None when the issuer has no keys."""
    stored = [_stored(row, did) for row in _rows(organisation)]
    listed = keys.verification_keys(stored, did)
    return dids.did_document(did, listed) if listed else None


def organisation_of(did: str) -> tuple[bool, Organisation | None]:
    """(True, organisation or None for the platform) when ``did`` is one of the app's own."""
    if not did.startswith("did:web:"):
        return False, None
    host, *path = (unquote(part) for part in did[len("did:web:") :].split(":"))
    if not is_own_host(host):
        return False, None
    if not path:
        return True, None
    if len(path) == 2 and path[0] == ORGANISATIONS:
        organisation = Organisation.objects.filter(slug=path[1]).first()
        return organisation is not None, organisation
    return False, None


def resolve_own_did(did: str) -> dict[str, Any] | None:
    """A resolver for the verifier: the app's own did:web DIDs from the database."""
    own, organisation = organisation_of(did)
    return did_document(organisation, did) if own else None
