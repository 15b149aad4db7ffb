"""Verification of credentials and presentations into a verdict of named checks.

Whatever arrives (malformed JSON, megabytes, deep nesting, unknown contexts or DIDs,
a wrong or missing proof, an expired or revoked credential) the result is a Verdict
whose checks say, each with a code and a plain-English message, what passed and what
is wrong. No exception escapes: an unexpected one becomes a failed check.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from .dates import parse_datetime
from .dids import DidError, DidResolver, resolve_key
from .document_loader import VC_V2, DocumentLoader, default_loader
from .jsonld_safety import (
    DEFAULT_LIMITS,
    JsonLdSafetyError,
    Limits,
    check_size,
    expand,
    parse_json,
)
from .proofs import CRYPTOSUITES, JCS, PROOF_TYPE, ProofError, verify_proof
from .status_list import StatusListError, entry_is_set, parse_entry

StatusFetcher = Callable[[str], Mapping[str, Any] | str | bytes | None]
"""Returns the status list credential at a URL (parsed or as JSON text), or None."""

Outcome = Literal["passed", "failed", "skipped"]

STATUS_UNKNOWN = "status unknown"
"""How a status message starts when the list could not be had or trusted (not revoked)."""


@dataclass(frozen=True)
class Check:
    """One verification step: ``code`` for machines, ``message`` for people."""

    code: str
    outcome: Outcome
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "outcome": self.outcome, "message": self.message}


@dataclass
class Verdict:
    """The checks run on one credential; verified when none failed."""

    checks: list[Check] = field(default_factory=list)
    document: dict[str, Any] | None = None

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if check.outcome == "failed"]

    @property
    def verified(self) -> bool:
        return bool(self.checks) and not self.failures

    @property
    def reason(self) -> str:
        """The first thing wrong, or "verified"."""
        failures = self.failures
        return failures[0].message if failures else "verified"

    @property
    def issuer(self) -> str | None:
        return _issuer_id(self.document) if self.document is not None else None

    def check(self, code: str) -> Check | None:
        return next((check for check in self.checks if check.code == code), None)

    def record(self, code: str, outcome: Outcome, message: str) -> None:
        self.checks.append(Check(code, outcome, message))

    def as_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "reason": self.reason,
            "checks": [check.as_json() for check in self.checks],
        }


@dataclass
class PresentationVerdict(Verdict):
    """The presentation's own checks and a verdict for each credential in it."""

    credentials: list[Verdict] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return super().verified and all(verdict.verified for verdict in self.credentials)

    @property
    def reason(self) -> str:
        if self.failures:
            return self.failures[0].message
        for number, verdict in enumerate(self.credentials, 1):
            if not verdict.verified:
                return f"credential {number}: {verdict.reason}"
        return "verified"

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "credentials": [v.as_json() for v in self.credentials]}


def verify_credential(
    document: Mapping[str, Any] | str | bytes,
    resolver: DidResolver | None = None,
    trusted_issuers: Collection[str] | None = None,
    now: datetime | None = None,
    status_fetcher: StatusFetcher | None = None,
    *,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Verdict:
    """Verify a credential: parsing, JSON-LD, proof, validity period, status, issuer trust.

    ``resolver`` supplies did:web documents (did:key needs none); ``trusted_issuers`` is
    the set of issuer ids accepted (None: not checked); ``status_fetcher`` supplies
    status list credentials.
    """
    verdict = Verdict()
    context = _Context(resolver, now or datetime.now(UTC), loader or default_loader(), limits)
    _guarded(
        verdict,
        lambda: _verify_credential(verdict, document, context, trusted_issuers, status_fetcher),
    )
    return verdict


def verify_presentation(
    document: Mapping[str, Any] | str | bytes,
    resolver: DidResolver | None = None,
    trusted_issuers: Collection[str] | None = None,
    now: datetime | None = None,
    status_fetcher: StatusFetcher | None = None,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    loader: DocumentLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> PresentationVerdict:
    """Verify a presentation (the holder's proof, if any) and every credential in it.

    With ``challenge`` or ``domain`` the presentation must be signed with them, which
    shows the holder presented it now, for this verifier.
    """
    verdict = PresentationVerdict()
    context = _Context(resolver, now or datetime.now(UTC), loader or default_loader(), limits)
    _guarded(
        verdict,
        lambda: _verify_presentation(
            verdict, document, context, trusted_issuers, status_fetcher, challenge, domain
        ),
    )
    return verdict


def _verify_presentation(
    verdict: PresentationVerdict,
    document: Mapping[str, Any] | str | bytes,
    context: _Context,
    trusted_issuers: Collection[str] | None,
    status_fetcher: StatusFetcher | None,
    challenge: str | None,
    domain: str | None,
) -> None:
    presentation = _parse(verdict, document, context.limits)
    if presentation is None:
        return
    processed = _json_ld(verdict, presentation, context)
    types = presentation.get("type")
    holder = presentation.get("holder")
    if not isinstance(types, list) or "VerifiablePresentation" not in types:
        verdict.record("presentation", "failed", "type does not include VerifiablePresentation")
    elif holder is not None and not isinstance(holder, str):
        verdict.record("presentation", "failed", "holder must be a DID")
    else:
        verdict.record("presentation", "passed", "a Verifiable Presentation")
    if "proof" in presentation or challenge is not None or domain is not None:
        _proof_checks(
            verdict,
            presentation,
            context,
            processed,
            "authentication",
            holder if isinstance(holder, str) else None,
            challenge,
            domain,
        )
    else:
        verdict.record("proof_present", "skipped", "unsigned presentation: holder not proven")
    items = presentation.get("verifiableCredential", [])
    for item in items if isinstance(items, list) else [items]:
        verdict.credentials.append(
            verify_credential(
                item,
                context.resolver,
                trusted_issuers,
                context.now,
                status_fetcher,
                loader=context.loader,
                limits=context.limits,
            )
        )
    subjects = [_subject_id(v.document) for v in verdict.credentials if v.document]
    if isinstance(holder, str) and "proof" in presentation:
        others = [subject for subject in subjects if subject != holder]
        if others:
            verdict.record(
                "holder_binding",
                "failed",
                f"credentials about {', '.join(map(str, others))}, not the holder",
            )
        else:
            verdict.record("holder_binding", "passed", "every credential is about the holder")


@dataclass(frozen=True)
class _Context:
    resolver: DidResolver | None
    now: datetime
    loader: DocumentLoader
    limits: Limits


def _guarded(verdict: Verdict, run: Callable[[], None]) -> None:
    try:
        run()
    except Exception as error:  # the promise: a verdict, never an exception
        verdict.record("internal", "failed", f"could not verify: {type(error).__name__}: {error}")


def _verify_credential(
    verdict: Verdict,
    document: Mapping[str, Any] | str | bytes,
    context: _Context,
    trusted_issuers: Collection[str] | None,
    status_fetcher: StatusFetcher | None,
) -> None:
    credential = _parse(verdict, document, context.limits)
    if credential is None:
        return
    processed = _json_ld(verdict, credential, context)
    issuer = _issuer_id(credential)
    types = credential.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        verdict.record("credential", "failed", "type does not include VerifiableCredential")
    elif issuer is None:
        verdict.record("credential", "failed", "the issuer (or its id) is missing")
    elif not isinstance(credential.get("credentialSubject"), dict | list):
        verdict.record("credential", "failed", "credentialSubject is missing")
    else:
        verdict.record("credential", "passed", "a Verifiable Credential")
    _proof_checks(verdict, credential, context, processed, "assertionMethod", issuer)
    _validity(verdict, credential, context.now)
    _status(verdict, credential, issuer, context, status_fetcher)
    if trusted_issuers is None:
        verdict.record("trusted_issuer", "skipped", "no list of trusted issuers given")
    elif issuer in trusted_issuers:
        verdict.record("trusted_issuer", "passed", f"{issuer} is a trusted issuer")
    else:
        verdict.record("trusted_issuer", "failed", f"issuer {issuer} is not on the trusted list")


def _parse(
    verdict: Verdict, document: Mapping[str, Any] | str | bytes, limits: Limits
) -> dict[str, Any] | None:
    try:
        if isinstance(document, str | bytes | bytearray):
            value = parse_json(
                bytes(document) if isinstance(document, bytearray) else document, limits
            )
        else:
            value = document
            check_size(value, limits)
    except JsonLdSafetyError as error:
        code = "parse" if error.code == "malformed_json" else "size"
        verdict.record(code, "failed", error.message)
        return None
    if not isinstance(value, Mapping):
        verdict.record("parse", "failed", "the document is not a JSON object")
        return None
    verdict.record("parse", "passed", "well-formed JSON within the size and depth limits")
    verdict.document = dict(value)
    return verdict.document


def _json_ld(verdict: Verdict, document: Mapping[str, Any], context: _Context) -> bool:
    """Contexts known and JSON-LD safe; False if the document cannot be processed."""
    contexts = document.get("@context")
    items = contexts if isinstance(contexts, list) else [contexts]
    if not items or items[0] != VC_V2:
        verdict.record("contexts", "failed", f"the first @context must be {VC_V2}")
        return False
    inline = [item for item in items if not isinstance(item, str)]
    unknown = [item for item in items if isinstance(item, str) and not context.loader.knows(item)]
    if inline or unknown:
        problems = [f"unknown context {item}" for item in unknown]
        problems += ["inline contexts are not accepted"] if inline else []
        verdict.record("contexts", "failed", "; ".join(problems))
        return False
    verdict.record("contexts", "passed", "every @context is a known, shipped context")
    try:
        expand(dict(document), context.loader)
    except JsonLdSafetyError as error:
        verdict.record("jsonld", "failed", error.message)
        return False
    verdict.record("jsonld", "passed", "every term is defined and every IRI absolute")
    return True


def _proof_checks(
    verdict: Verdict,
    document: Mapping[str, Any],
    context: _Context,
    processed: bool,
    purpose: str,
    controller: str | None,
    challenge: str | None = None,
    domain: str | None = None,
) -> None:
    raw = document.get("proof")
    proofs = raw if isinstance(raw, list) else [] if raw is None else [raw]
    if not proofs or not all(isinstance(proof, Mapping) for proof in proofs):
        verdict.record("proof_present", "failed", "no proof: the document is not signed")
        return
    verdict.record("proof_present", "passed", f"{len(proofs)} proof(s)")
    suites = [(proof.get("type"), proof.get("cryptosuite")) for proof in proofs]
    unsupported = [
        suite for suite in suites if suite[0] != PROOF_TYPE or suite[1] not in CRYPTOSUITES
    ]
    if unsupported:
        verdict.record(
            "cryptosuite",
            "failed",
            f"unsupported proof type/cryptosuite {unsupported[0][0]}/{unsupported[0][1]};"
            f" supported: {PROOF_TYPE} with {' or '.join(CRYPTOSUITES)}",
        )
        return
    verdict.record("cryptosuite", "passed", ", ".join(sorted({str(s[1]) for s in suites})))
    keys: list[bytes] = []
    for proof in proofs:
        try:
            key = resolve_key(proof.get("verificationMethod"), purpose, context.resolver)
        except DidError as error:
            verdict.record("verification_method", "failed", error.message)
            return
        if proof.get("proofPurpose") != purpose:
            verdict.record(
                "verification_method",
                "failed",
                f"proof purpose is {proof.get('proofPurpose')!r}, not {purpose!r}",
            )
            return
        if key.controller != controller:
            verdict.record(
                "verification_method", "failed", f"signed by {key.controller}, not by {controller}"
            )
            return
        keys.append(key.public_key)
    verdict.record("verification_method", "passed", f"key(s) of {controller} for {purpose}")
    problem = _proof_problem(proofs, context, processed, challenge, domain)
    if problem is None:
        for proof, key_bytes in zip(proofs, keys, strict=True):
            try:
                verify_proof(document, proof, key_bytes, context.loader, context.limits)
            except ProofError as error:
                problem = error.message
                break
    if problem is None:
        verdict.record("signature", "passed", "the signature matches the document")
    else:
        verdict.record("signature", "failed", problem)


def _proof_problem(
    proofs: list[Mapping[str, Any]],
    context: _Context,
    processed: bool,
    challenge: str | None,
    domain: str | None,
) -> str | None:
    for proof in proofs:
        if not processed and proof.get("cryptosuite") != JCS:
            return "not checked: the document cannot be processed as JSON-LD"
        if challenge is not None and proof.get("challenge") != challenge:
            return "the proof is not for this challenge"
        if domain is not None and proof.get("domain") != domain:
            return "the proof is not for this domain"
        if "expires" in proof:
            try:
                expired = parse_datetime(proof["expires"]) < context.now
            except ValueError as error:
                return f"proof expires: {error}"
            if expired:
                return f"the proof expired on {proof['expires']}"
    return None


def _validity(verdict: Verdict, credential: Mapping[str, Any], now: datetime) -> None:
    for code, name in (("valid_from", "validFrom"), ("valid_until", "validUntil")):
        if name not in credential:
            verdict.record(code, "passed", f"no {name}")
            continue
        try:
            moment = parse_datetime(credential[name])
        except ValueError as error:
            verdict.record(code, "failed", f"{name}: {error}")
            continue
        if code == "valid_from" and now < moment:
            verdict.record(code, "failed", f"not valid yet: valid from {credential[name]}")
        elif code == "valid_until" and now > moment:
            verdict.record(code, "failed", f"expired: valid until {credential[name]}")
        else:
            verdict.record(code, "passed", f"{name} {credential[name]}")


def _status(
    verdict: Verdict,
    credential: Mapping[str, Any],
    issuer: str | None,
    context: _Context,
    status_fetcher: StatusFetcher | None,
) -> None:
    raw = credential.get("credentialStatus")
    if raw is None:
        verdict.record("status", "passed", "no status entry: cannot be revoked")
        return
    for item in raw if isinstance(raw, list) else [raw]:
        problem = _status_problem(item, issuer, context, status_fetcher)
        if problem is not None:
            verdict.record("status", "failed", problem)
            return
    verdict.record("status", "passed", "not revoked or suspended")


def _status_problem(
    item: Any, issuer: str | None, context: _Context, status_fetcher: StatusFetcher | None
) -> str | None:
    try:
        entry = parse_entry(item)
    except StatusListError as error:
        return f"status: {error}"
    if status_fetcher is None:
        return f"{STATUS_UNKNOWN}: no way to fetch the status list"
    try:
        fetched = status_fetcher(entry.list_url)
    except Exception as error:  # a fetcher's own failure is one more reason, not a crash
        return f"{STATUS_UNKNOWN}: status list {entry.list_url} could not be fetched: {error}"
    if fetched is None:
        return f"{STATUS_UNKNOWN}: status list {entry.list_url} was not found"
    list_verdict = verify_credential(
        fetched,
        context.resolver,
        [issuer] if issuer else [],
        context.now,
        None,
        loader=context.loader,
        limits=context.limits,
    )
    if not list_verdict.verified:
        return (
            f"{STATUS_UNKNOWN}: status list {entry.list_url} does not verify: {list_verdict.reason}"
        )
    try:
        is_set = entry_is_set(entry, list_verdict.document or {})
    except StatusListError as error:
        return f"{STATUS_UNKNOWN}: status list {entry.list_url}: {error}"
    if is_set:
        state = "revoked" if entry.purpose == "revocation" else "suspended"
        return f"the credential has been {state} (list {entry.list_url}, index {entry.index})"
    return None


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _subject_id(document: Mapping[str, Any]) -> Any:
    subject = document.get("credentialSubject")
    return subject.get("id") if isinstance(subject, Mapping) else None
