"""Data Integrity proofs with the W3C EdDSA cryptosuites ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``.

Follows "Data Integrity EdDSA Cryptosuites v1.0": transformation (RDFC-1.0 canonical
N-Quads, or JCS for the jcs suite), proof configuration (the proof options with the
document's ``@context``, canonicalised the same way), hashing (SHA-256 of the proof
configuration followed by SHA-256 of the document: 64 bytes), and an Ed25519 signature
of that, encoded base58btc as ``proofValue``. Each step is a function so the W3C test
vectors can check every intermediate value.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import rfc8785

from .dates import format_datetime, parse_datetime
from .document_loader import DocumentLoader
from .jsonld_safety import DEFAULT_LIMITS, JsonLdSafetyError, Limits, canonicalize
from .keys import Signer, verify_signature
from .multikey import MultibaseError, decode_base58btc, encode_base58btc

RDFC = "eddsa-rdfc-2022"
JCS = "eddsa-jcs-2022"
CRYPTOSUITES = (RDFC, JCS)
PROOF_TYPE = "DataIntegrityProof"


class ProofError(ValueError):
    """A proof that cannot be made or does not verify; ``code`` names the reason."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def transform(
    unsecured: Mapping[str, Any],
    cryptosuite: str,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> bytes:
    """The canonical form of the unsecured document that the signature covers."""
    _check_suite(cryptosuite)
    return _canonical(unsecured, cryptosuite, loader, limits)


def configure(
    options: Mapping[str, Any],
    unsecured: Mapping[str, Any],
    cryptosuite: str,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> bytes:
    """The canonical proof configuration: the proof options with the document's context."""
    _check_suite(cryptosuite)
    if options.get("type") != PROOF_TYPE or options.get("cryptosuite") != cryptosuite:
        raise ProofError(
            "unsupported_cryptosuite",
            f"proof must be a {PROOF_TYPE} with cryptosuite {cryptosuite}",
        )
    if "created" in options:
        _check_datetime(options["created"], "created")
    config = {key: copy.deepcopy(value) for key, value in options.items()}
    if "@context" in unsecured:
        config["@context"] = copy.deepcopy(unsecured["@context"])
    return _canonical(config, cryptosuite, loader, limits)


def hash_data(transformed: bytes, proof_config: bytes) -> bytes:
    """SHA-256 of the proof configuration, then SHA-256 of the transformed document."""
    return hashlib.sha256(proof_config).digest() + hashlib.sha256(transformed).digest()


def create_proof(
    unsecured: Mapping[str, Any],
    signer: Signer,
    created: datetime,
    *,
    cryptosuite: str = RDFC,
    proof_purpose: str = "assertionMethod",
    challenge: str | None = None,
    domain: str | None = None,
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """A proof over ``unsecured`` (which must not carry a proof yet)."""
    if "proof" in unsecured:
        raise ProofError("already_signed", "the document already has a proof")
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": format_datetime(created),
        "verificationMethod": signer.verification_method,
        "proofPurpose": proof_purpose,
    }
    if challenge is not None:
        proof["challenge"] = challenge
    if domain is not None:
        proof["domain"] = domain
    if cryptosuite == JCS and "@context" in unsecured:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    config = configure(proof, unsecured, cryptosuite, loader)
    digest = hash_data(transform(unsecured, cryptosuite, loader), config)
    proof["proofValue"] = encode_base58btc(signer.sign(digest))
    return proof


def sign(
    unsecured: Mapping[str, Any],
    signer: Signer,
    created: datetime,
    *,
    as_set: bool = False,
    **options: Any,
) -> dict[str, Any]:
    """``unsecured`` with a proof added; ``as_set`` puts it in a list, as OB 3.0 wants."""
    proof = create_proof(unsecured, signer, created, **options)
    return {**copy.deepcopy(dict(unsecured)), "proof": [proof] if as_set else proof}


def verify_proof(
    secured: Mapping[str, Any],
    proof: Mapping[str, Any],
    public_key: bytes,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Check one proof of ``secured``; ProofError says why it fails."""
    cryptosuite = str(proof.get("cryptosuite"))
    if proof.get("type") != PROOF_TYPE or cryptosuite not in CRYPTOSUITES:
        raise ProofError(
            "unsupported_cryptosuite",
            f"unsupported proof {proof.get('type')!r} / {proof.get('cryptosuite')!r}; "
            f"supported: {PROOF_TYPE} with {' or '.join(CRYPTOSUITES)}",
        )
    try:
        signature = decode_base58btc(proof.get("proofValue"))  # type: ignore[arg-type]
    except MultibaseError as error:
        raise ProofError("malformed_proof", f"proofValue: {error}") from None
    unsecured = {key: value for key, value in secured.items() if key != "proof"}
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    if "@context" in options:
        # The proof's context must be where the document's context starts.
        proof_context = _as_list(options["@context"])
        if _as_list(secured.get("@context"))[: len(proof_context)] != proof_context:
            raise ProofError(
                "context_mismatch", "the proof's @context does not match the document's"
            )
        unsecured["@context"] = options["@context"]
    config = configure(options, unsecured, cryptosuite, loader, limits)
    digest = hash_data(transform(unsecured, cryptosuite, loader, limits), config)
    if not verify_signature(public_key, signature, digest):
        raise ProofError("signature_invalid", "the signature does not match the document")


def _canonical(
    document: Mapping[str, Any],
    cryptosuite: str,
    loader: DocumentLoader | None,
    limits: Limits,
) -> bytes:
    if cryptosuite == JCS:
        try:
            return rfc8785.dumps(document)
        except rfc8785.CanonicalizationError as error:
            raise ProofError("jcs_error", f"cannot canonicalise as JCS: {error}") from None
    try:
        return canonicalize(dict(document), loader, limits).encode("utf-8")
    except JsonLdSafetyError as error:
        raise ProofError(error.code, error.message) from None


def _check_suite(cryptosuite: str) -> None:
    if cryptosuite not in CRYPTOSUITES:
        raise ProofError("unsupported_cryptosuite", f"unsupported cryptosuite {cryptosuite!r}")


def _check_datetime(value: Any, name: str) -> None:
    try:
        parse_datetime(value)
    except ValueError as error:
        raise ProofError("malformed_proof", f"proof {name}: {error}") from None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
