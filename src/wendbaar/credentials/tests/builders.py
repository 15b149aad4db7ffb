"""Test parties (an issuer with a did:web document, a holder with did:key) and credentials."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wendbaar.credentials.engine import dids, openbadges
from wendbaar.credentials.engine.keys import (
    Signer,
    did_key_signer,
    private_key_from_seed,
    public_bytes,
)
from wendbaar.credentials.engine.multikey import encode_public_key
from wendbaar.credentials.engine.proofs import sign
from wendbaar.credentials.engine.verify import Verdict

ESCO_SKILL = "http://data.europa.eu/esco/skill/b1f2a6d1-4b45-4d9b-9a93-2b3e7d7e4c2a"
VALID_FROM = datetime(2025, 1, 1, tzinfo=UTC)
VALID_UNTIL = datetime(2030, 1, 1, tzinfo=UTC)


@dataclass
class Party:
    """Someone who signs: a signer and, for did:web, the DID document the app serves."""

    did: str
    signer: Signer
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolver(self, did: str) -> Mapping[str, Any] | None:
        return self.documents.get(did)


def did_web_party(host: str, seed: int) -> Party:
    private_key = private_key_from_seed(bytes([seed]) * 32)
    did = dids.did_web(host)
    multibase = encode_public_key(public_bytes(private_key))
    document = dids.did_document(did, [dids.VerificationKey(multibase, multibase)])
    return Party(did, Signer(private_key, f"{did}#{multibase}"), {did: document})


def holder_party(seed: int) -> Party:
    signer = did_key_signer(private_key_from_seed(bytes([seed]) * 32))
    return Party(signer.controller, signer)


def skill_credential(
    issuer: Party,
    subject: str,
    *,
    name: str = "Samenwerken in een team",
    status: Mapping[str, Any] | None = None,
    credential_id: str = "urn:uuid:6a1a1b2e-3f4c-4d5e-8f90-a1b2c3d4e5f6",
) -> dict[str, Any]:
    """An unsigned OB 3.0 skill credential from ``issuer`` about ``subject``."""
    achievement = openbadges.SkillAchievement(
        id="https://wendbaar.example/vaardigheden/samenwerken",
        name=name,
        description="Werkt effectief samen met collega's aan een gedeeld resultaat.",
        criteria="Gevalideerd door de werkgever op basis van een praktijkbeoordeling.",
        alignments=(
            openbadges.esco_alignment(ESCO_SKILL, "work in teams"),
            openbadges.Alignment(
                target_url="https://example.org/brc/2014/0711",
                target_name="Samenwerken (BRC)",
                target_framework="BRC 2014",
                target_code="0711",
            ),
        ),
        language="nl",
    )
    return openbadges.build_credential(
        credential_id=credential_id,
        issuer=openbadges.IssuerProfile(issuer.did, "Wendbaar", url="https://wendbaar.example"),
        subject_id=subject,
        achievement=achievement,
        valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        status=status,
    )


def mallory() -> Party:
    return did_web_party("mallory.example", seed=9)


def resolver_with_mallory(issuer: Party) -> dids.DidResolver:
    return {**issuer.documents, **mallory().documents}.get


def change_skill(credential: dict[str, Any], issuer: Party) -> None:
    credential["credentialSubject"]["achievement"]["name"] = "Hartchirurgie"


def change_date(credential: dict[str, Any], issuer: Party) -> None:
    credential["validUntil"] = "2099-01-01T00:00:00Z"


def change_issuer(credential: dict[str, Any], issuer: Party) -> None:
    credential["issuer"]["id"] = mallory().did


def swap_key(credential: dict[str, Any], issuer: Party) -> None:
    # Mallory signs the same claims with her own key, still naming the real issuer.
    proof = credential["proof"][0] if isinstance(credential["proof"], list) else credential["proof"]
    unsigned = {key: value for key, value in credential.items() if key != "proof"}
    resigned = sign(unsigned, mallory().signer, datetime.now(UTC), cryptosuite=proof["cryptosuite"])
    credential["proof"] = resigned["proof"]


Tamper = Callable[[dict[str, Any], Party], None]

# name -> (change, the check that must fail, words of its message)
TAMPERS: dict[str, tuple[Tamper, str, str]] = {
    "changed skill name": (change_skill, "signature", "the signature does not match"),
    "changed date": (change_date, "signature", "the signature does not match"),
    "changed issuer": (change_issuer, "verification_method", "not by did:web:mallory.example"),
    "swapped key": (swap_key, "verification_method", "signed by did:web:mallory.example"),
}


def message(verdict: Verdict, code: str) -> str:
    """The message of the check ``code``, which must have run."""
    check = verdict.check(code)
    assert check is not None, f"check {code} did not run: {verdict.as_json()}"
    return check.message


def outcome(verdict: Verdict, code: str) -> str:
    check = verdict.check(code)
    assert check is not None, f"check {code} did not run: {verdict.as_json()}"
    return check.outcome
