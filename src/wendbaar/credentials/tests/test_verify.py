"""Verdicts on good, tampered and bad input: a named reason, never an exception."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, datetime
from typing import Any

import pytest

from wendbaar.credentials.engine.document_loader import VC_V2
from wendbaar.credentials.engine.keys import Signer
from wendbaar.credentials.engine.openbadges import issue
from wendbaar.credentials.engine.proofs import JCS, RDFC
from wendbaar.credentials.engine.verify import verify_credential
from wendbaar.credentials.tests.builders import (
    TAMPERS,
    Party,
    resolver_with_mallory,
    skill_credential,
)


@pytest.fixture
def signed(issuer: Party, holder: Party, now: datetime) -> dict[str, Any]:
    return issue(skill_credential(issuer, holder.did), issuer.signer, now)


def test_a_good_credential_passes_every_check(
    signed: dict[str, Any], issuer: Party, now: datetime
) -> None:
    verdict = verify_credential(json.dumps(signed), issuer.resolver, [issuer.did], now)
    assert verdict.verified, verdict.as_json()
    assert [check.code for check in verdict.checks] == [
        "parse",
        "contexts",
        "jsonld",
        "credential",
        "proof_present",
        "cryptosuite",
        "verification_method",
        "signature",
        "valid_from",
        "valid_until",
        "status",
        "trusted_issuer",
    ]
    assert verdict.reason == "verified"
    assert verdict.issuer == issuer.did


@pytest.mark.parametrize("cryptosuite", [RDFC, JCS])
@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_tampered_copies_are_rejected(
    tamper: str, cryptosuite: str, issuer: Party, holder: Party, now: datetime
) -> None:
    change, code, message = TAMPERS[tamper]
    credential = issue(
        skill_credential(issuer, holder.did), issuer.signer, now, cryptosuite=cryptosuite
    )
    change(credential, issuer)
    verdict = verify_credential(credential, resolver_with_mallory(issuer), None, now)
    assert not verdict.verified
    failed = verdict.check(code)
    assert failed is not None and failed.outcome == "failed"
    assert message in failed.message


def test_expired_and_not_yet_valid(signed: dict[str, Any], issuer: Party) -> None:
    late = verify_credential(signed, issuer.resolver, None, datetime(2031, 1, 1, tzinfo=UTC))
    assert late.reason == "expired: valid until 2030-01-01T00:00:00Z"
    early = verify_credential(signed, issuer.resolver, None, datetime(2024, 1, 1, tzinfo=UTC))
    assert early.reason == "not valid yet: valid from 2025-01-01T00:00:00Z"


def test_an_untrusted_issuer(signed: dict[str, Any], issuer: Party, now: datetime) -> None:
    verdict = verify_credential(signed, issuer.resolver, ["did:web:other.example"], now)
    assert verdict.reason == f"issuer {issuer.did} is not on the trusted list"


def test_an_unknown_did(signed: dict[str, Any], now: datetime) -> None:
    verdict = verify_credential(signed, lambda did: None, None, now)
    assert verdict.reason == (
        "unknown DID did:web:wendbaar.example: no DID document could be resolved"
    )


def test_a_resolver_that_raises_is_one_more_reason(signed: dict[str, Any], now: datetime) -> None:
    def broken(did: str) -> Any:
        raise TimeoutError("did:web fetch timed out")

    verdict = verify_credential(signed, broken, None, now)
    assert not verdict.verified
    assert "did:web fetch timed out" in verdict.reason


def without(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in document.items() if name != key}


def with_proof(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(document)
    result["proof"][0].update(changes)
    return result


BAD: dict[str, tuple[Any, str, str]] = {
    "malformed JSON": (lambda s: '{"@context": [', "parse", "malformed JSON"),
    "not an object": (lambda s: "[1, 2]", "parse", "not a JSON object"),
    "megabytes": (lambda s: json.dumps({**s, "pad": "x" * 3_000_000}), "size", "bytes; the limit"),
    "deep nesting": (lambda s: "[" * 5000 + "]" * 5000, "size", "nests deeper"),
    "deep JSON-LD": (
        lambda s: {**s, "credentialSubject": json.loads('{"a":' * 40 + "1" + "}" * 40)},
        "size",
        "nests deeper",
    ),
    "unknown context": (
        lambda s: {**s, "@context": [*s["@context"], "https://example.org/v1"]},
        "contexts",
        "unknown context https://example.org/v1",
    ),
    "inline context": (
        lambda s: {**s, "@context": [*s["@context"], {"x": "https://example.org/x"}]},
        "contexts",
        "inline contexts are not accepted",
    ),
    "not VC 2.0": (
        lambda s: {**s, "@context": ["https://www.w3.org/2018/credentials/v1"]},
        "contexts",
        "the first @context must be",
    ),
    "undefined term": (lambda s: {**s, "nickname": "x"}, "jsonld", "nickname"),
    "missing proof": (lambda s: without(s, "proof"), "proof_present", "not signed"),
    "proof not an object": (lambda s: {**s, "proof": "signed!"}, "proof_present", "not signed"),
    "wrong proofValue": (
        lambda s: with_proof(s, proofValue="z" + "1" * 80),
        "signature",
        "does not match",
    ),
    "proofValue not base58": (
        lambda s: with_proof(s, proofValue="not-multibase"),
        "signature",
        "proofValue",
    ),
    "unsupported cryptosuite": (
        lambda s: with_proof(s, cryptosuite="ecdsa-rdfc-2019"),
        "cryptosuite",
        "ecdsa-rdfc-2019",
    ),
    "legacy proof type": (
        lambda s: with_proof(s, type="Ed25519Signature2020"),
        "cryptosuite",
        "Ed25519Signature2020",
    ),
    "wrong purpose": (
        lambda s: with_proof(s, proofPurpose="authentication"),
        "verification_method",
        "proof purpose",
    ),
    "unsupported DID method": (
        lambda s: with_proof(s, verificationMethod="did:ion:abc#key-1"),
        "verification_method",
        "not supported",
    ),
    "bad created": (lambda s: with_proof(s, created="yesterday"), "signature", "created"),
    "expired proof": (
        lambda s: with_proof(s, expires="2025-06-01T00:00:00Z"),
        "signature",
        "the proof expired",
    ),
    "bad validFrom": (lambda s: {**s, "validFrom": "2025-01-01"}, "valid_from", "time zone"),
    "no issuer": (lambda s: without(s, "issuer"), "credential", "issuer"),
    "not a VC": (lambda s: {**s, "type": ["OpenBadgeCredential"]}, "credential", "type"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_a_clear_verdict(
    case: str, signed: dict[str, Any], issuer: Party, now: datetime
) -> None:
    make, code, message = BAD[case]
    verdict = verify_credential(make(signed), issuer.resolver, [issuer.did], now)
    assert not verdict.verified
    failed = verdict.check(code)
    assert failed is not None and failed.outcome == "failed", verdict.as_json()
    assert message in failed.message
    assert not verdict.check("internal")


KEYS = ["@context", "id", "type", "proof", "issuer", "validFrom", "x"]
SCALARS: list[Any] = [None, True, 0, -1, 2**70, 1.5, "", "x", "_:b0", "did:web:", "@id", "@json"]


def random_json(rng: random.Random, depth: int = 0) -> Any:
    """Small random JSON with the keys a credential has (seeded: failures reproduce)."""
    kind = rng.random() if depth < 4 else 0.0
    if kind < 0.5:
        return rng.choice([*SCALARS, VC_V2, [VC_V2], {"@context": ""}])
    if kind < 0.75:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(KEYS): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


@pytest.mark.parametrize("seed", range(3))
def test_arbitrary_json_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        text = json.dumps(random_json(rng))
        verdict = verify_credential(text, None, None, datetime(2026, 1, 1, tzinfo=UTC))
        assert not verdict.verified and verdict.failures
        assert not verdict.check("internal"), (text, verdict.as_json())


@pytest.mark.parametrize("field", ["issuer", "validFrom", "credentialSubject", "proof", "@context"])
def test_arbitrary_field_values_never_raise(
    field: str, signed: dict[str, Any], issuer: Party, now: datetime
) -> None:
    rng = random.Random(field)
    for _ in range(15):
        credential = {**signed, field: random_json(rng)}
        verdict = verify_credential(credential, issuer.resolver, None, now)
        assert not verdict.check("internal"), (credential[field], verdict.as_json())


def test_a_signer_for_another_did_is_refused_at_issue(issuer: Party, holder: Party) -> None:
    stranger = Signer(holder.signer.private_key, "did:web:stranger.example#k")
    with pytest.raises(ValueError, match="cannot sign"):
        issue(skill_credential(issuer, holder.did), stranger, datetime.now(UTC))
