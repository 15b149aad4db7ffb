"""Holders: each person's own did:key, and their passport as a signed Verifiable Presentation.

The key is made on first use and kept encrypted like issuer keys (``HolderKey``, one per
user, deleted with the account). The presentation proves two things only: the holder
(the key's owner) put it together, and each credential in it is what its issuer signed.
Self-declared skills are not credentials and are not in it: nobody vouches for them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone

from wendbaar.credentials.engine import keys, openbadges
from wendbaar.credentials.engine.dids import did_key
from wendbaar.credentials.issuers import key_encryption_key
from wendbaar.credentials.models import HolderKey
from wendbaar.passport.models import Passport


def _holder_key(user: Any) -> HolderKey:
    with transaction.atomic():
        existing = HolderKey.objects.select_for_update().filter(user=user).first()
        if existing is not None:
            return existing
        private_key = Ed25519PrivateKey.generate()
        return HolderKey.objects.create(
            user=user,
            public_key_multibase=did_key(keys.public_bytes(private_key))[len("did:key:") :],
            encrypted_seed=key_encryption_key().encrypt(keys.seed_of(private_key)),
            created=timezone.now(),
        )


def holder_did_for(passport: Passport) -> str:
    """The owner's did:key DID, made (and saved in ``passport.holder_did``) on first use."""
    did = "did:key:" + _holder_key(passport.owner).public_key_multibase
    if passport.holder_did != did:
        passport.holder_did = did
        passport.save(update_fields=["holder_did"])
    return did


def holder_signer(passport: Passport) -> keys.Signer:
    holder_did_for(passport)
    row = HolderKey.objects.get(user=passport.owner)
    seed = key_encryption_key().decrypt(row.encrypted_seed)
    return keys.did_key_signer(keys.private_key_from_seed(seed))


def credentials_about_holder(passport: Passport) -> list[dict[str, Any]]:
    """The held credentials whose subject is the holder's DID, newest first.

    Credentials about another identifier (an e-mail address, an older DID) stay out: a
    verifier would reject them as not the holder's.
    """
    did = holder_did_for(passport)
    documents = passport.credentials.order_by("-added_at", "-pk").values_list("document", flat=True)
    return [
        document
        for document in documents
        if isinstance(document, dict)
        and isinstance(document.get("credentialSubject"), dict)
        and document["credentialSubject"].get("id") == did
        and "proof" in document
    ]


def present_passport(
    passport: Passport,
    credentials: Sequence[dict[str, Any]],
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """The credentials in one Verifiable Presentation, signed by the holder (authentication).

    ``challenge`` and ``domain`` come from the verifier who asked for it, so the proof
    cannot be replayed elsewhere; without them it proves who put it together, not when.
    """
    signer = holder_signer(passport)
    unsigned = openbadges.build_presentation(
        credentials, signer.controller, f"urn:uuid:{uuid.uuid4()}"
    )
    return openbadges.sign_presentation(
        unsigned, signer, timezone.now(), challenge=challenge, domain=domain
    )
