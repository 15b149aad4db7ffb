"""The public verification page: an employer pastes or uploads a credential."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wendbaar.credentials.engine.verify import STATUS_UNKNOWN, Verdict
from wendbaar.credentials.verification import check_credential, issuer_name

MAX_UPLOAD = 1_000_000

# What each check means for a reader, when it passed and when it failed.
HEADLINES = {
    "parse": (
        gettext_lazy("The file is readable JSON."),
        gettext_lazy("The file is not readable JSON."),
    ),
    "size": (gettext_lazy("The size is acceptable."), gettext_lazy("The credential is too large.")),
    "contexts": (
        gettext_lazy("All vocabularies are known."),
        gettext_lazy("The credential uses a vocabulary we do not know."),
    ),
    "jsonld": (
        gettext_lazy("Every term has a clear meaning."),
        gettext_lazy("Some terms have no clear meaning."),
    ),
    "credential": (
        gettext_lazy("It has the form of a verifiable credential."),
        gettext_lazy("It does not have the form of a verifiable credential."),
    ),
    "proof_present": (
        gettext_lazy("It carries a digital signature."),
        gettext_lazy("It carries no digital signature."),
    ),
    "cryptosuite": (
        gettext_lazy("The signature method is supported."),
        gettext_lazy("The signature method is not supported."),
    ),
    "verification_method": (
        gettext_lazy("The signer's key was found."),
        gettext_lazy("The signer's key could not be found."),
    ),
    "signature": (
        gettext_lazy("The signature is valid: nothing was changed."),
        gettext_lazy(
            "The signature is not valid: the credential was changed or signed with another key."
        ),
    ),
    "valid_from": (gettext_lazy("It is already valid."), gettext_lazy("It is not valid yet.")),
    "valid_until": (gettext_lazy("It has not expired."), gettext_lazy("It has expired.")),
    "status": (
        gettext_lazy("It has not been withdrawn."),
        gettext_lazy("We could not check whether the issuer withdrew it."),
    ),
    "trusted_issuer": (
        gettext_lazy("The issuer is on our list of trusted issuers."),
        gettext_lazy("The issuer is not on our list of trusted issuers."),
    ),
    "internal": (
        gettext_lazy("No unexpected problems."),
        gettext_lazy("Something unexpected went wrong while checking."),
    ),
}


# The engine's status message names what happened; these say it in plain words.
WITHDRAWN = {
    "has been revoked": gettext_lazy("Revoked: the issuer has withdrawn this credential."),
    "has been suspended": gettext_lazy("Suspended: the issuer has put this credential on hold."),
}


def withdrawn(verdict: Verdict) -> str | None:
    """Plain words when the issuer revoked or suspended the credential, else None."""
    check = verdict.check("status")
    if check is None or check.outcome != "failed":
        return None
    return next((str(text) for words, text in WITHDRAWN.items() if words in check.message), None)


# Another issuer's documents are fetched from its website; when that fails, say so.
UNKNOWN_STATUS = gettext_lazy("Status unknown: we could not check whether the issuer withdrew it.")
KEY_NOT_FETCHED = gettext_lazy(
    "We could not get the issuer's public key from its website, so the signature could not"
    " be checked."
)


def status_unknown(verdict: Verdict) -> bool:
    """Whether the status list could not be had or trusted (so: not known to be valid)."""
    check = verdict.check("status")
    return (
        check is not None and check.outcome == "failed" and check.message.startswith(STATUS_UNKNOWN)
    )


def _failed_headline(verdict: Verdict, code: str, message: str, default: str) -> str:
    if code == "status":
        return withdrawn(verdict) or (str(UNKNOWN_STATUS) if status_unknown(verdict) else default)
    if code == "verification_method" and "could not be fetched" in message:
        return str(KEY_NOT_FETCHED)
    return default


def _rows(verdict: Verdict) -> list[dict[str, str]]:
    rows = []
    for check in verdict.checks:
        passed, failed = HEADLINES.get(check.code, (check.code, check.code))
        failed = _failed_headline(verdict, check.code, check.message, str(failed))
        headline = {"passed": passed, "failed": failed}.get(
            check.outcome, _("Could not be checked.")
        )
        rows.append(
            {
                "code": check.code,
                "outcome": check.outcome,
                "headline": str(headline),
                "detail": check.message,
            }
        )
    return rows


def _skills(verdict: Verdict) -> list[dict[str, object]]:
    subject = (verdict.document or {}).get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    skills: list[dict[str, object]] = []
    for item in subjects:
        achievement = item.get("achievement") if isinstance(item, dict) else None
        if not isinstance(achievement, dict):
            continue
        alignments = achievement.get("alignment") or []
        skills.append(
            {
                "name": str(achievement.get("name", "")),
                "description": str(achievement.get("description", "")),
                "alignments": [
                    {"name": str(a.get("targetName", "")), "url": str(a.get("targetUrl", ""))}
                    for a in alignments
                    if isinstance(a, dict)
                ],
            }
        )
    return skills


def verify_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"text": "", "max_upload": MAX_UPLOAD}
    if request.method == "POST":
        text = request.POST.get("credential", "")
        upload = request.FILES.get("file")
        errors = []
        if upload is not None:
            if upload.size is not None and upload.size > MAX_UPLOAD:
                errors.append(_("The file is larger than 1 MB. A credential is much smaller."))
            else:
                text = upload.read().decode("utf-8", errors="replace")
        if not errors and not text.strip():
            errors.append(_("Paste a credential or choose a file."))
        context["text"] = request.POST.get("credential", "")
        if errors:
            context["errors"] = errors
        else:
            verdict = check_credential(text)
            context.update(
                verdict=verdict,
                rows=_rows(verdict),
                skills=_skills(verdict),
                issuer=verdict.issuer,
                issuer_name=issuer_name(verdict.issuer),
                withdrawn=withdrawn(verdict),
                # Only the status is in doubt: genuine, but not known to be still valid.
                status_unknown=status_unknown(verdict)
                and all(check.code == "status" for check in verdict.failures),
            )
    return render(
        request, "credentials/verify.html", context, status=400 if context.get("errors") else 200
    )
