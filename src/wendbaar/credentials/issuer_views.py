"""The issuer's area: issue a skill credential, see and revoke what was issued, rotate keys."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from wendbaar.accounts.models import Organisation, Role
from wendbaar.accounts.permissions import role_required
from wendbaar.credentials import issuers
from wendbaar.credentials.forms import SKILL_KINDS, IssueForm, chosen_skills
from wendbaar.credentials.holders import holder_did_for
from wendbaar.credentials.issuing import IssuingError, issue_skill_credential, revoke
from wendbaar.credentials.models import IssuedCredential, IssuerKey, KeyStatus
from wendbaar.passport.claims import passport_of
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept, ConceptScheme
from wendbaar.taxonomy.search import SearchError, SearchQuery, concepts_in_order, ranked_concept_ids

MAX_RESULTS = 15


class NoOrganisation(Exception):
    pass


def _organisation(request: HttpRequest) -> Organisation | None:
    """The organisation the user issues for; None is the platform (administrators only)."""
    user: Any = request.user
    if user.organisation_id:
        return user.organisation  # type: ignore[no-any-return]
    if user.role == Role.ADMIN or user.is_superuser:
        return None
    raise NoOrganisation


def _no_organisation(request: HttpRequest) -> HttpResponse:
    return render(request, "credentials/issuer_no_organisation.html", status=403)


def _issued(organisation: Organisation | None) -> QuerySet[IssuedCredential]:
    return IssuedCredential.objects.filter(organisation=organisation).select_related("holder")


def _labels(concepts: list[Concept]) -> list[dict[str, Any]]:
    shown = preferred_labels([c.pk for c in concepts])
    return [
        {
            "id": c.pk,
            "label": shown[c.pk].text if c.pk in shown else c.uri,
            "lang": shown[c.pk].lang if c.pk in shown else "",
        }
        for c in concepts
    ]


def _search(text: str) -> tuple[list[Concept], str]:
    if not text.strip():
        return [], ""
    try:
        ids = ranked_concept_ids(SearchQuery(text, kinds=SKILL_KINDS))
        ids = ids.filter(concept__scheme__kind=ConceptScheme.Kind.ESCO)
        return concepts_in_order(row["concept_id"] for row in ids[:MAX_RESULTS]), ""
    except SearchError as error:
        return [], str(error)


def _skill_tuple(concept: Concept) -> tuple[str, str, str]:
    nl = preferred_labels([concept.pk], "nl").get(concept.pk)
    en = preferred_labels([concept.pk], "en").get(concept.pk)
    label_nl = nl.text if nl is not None and not nl.fallback else ""
    label_en = en.text if en is not None and not en.fallback else ""
    return concept.uri, label_nl or label_en or concept.uri, label_en


@role_required(Role.ISSUER)
@require_http_methods(["GET", "HEAD", "POST"])
def issue_page(request: HttpRequest) -> HttpResponse:
    try:
        organisation = _organisation(request)
    except NoOrganisation:
        return _no_organisation(request)
    data = request.POST if request.method == "POST" else None
    chosen = chosen_skills(request.POST.getlist("skill")) if data else []
    query = request.POST.get("q", "") if data else ""
    form = IssueForm(data, chosen=chosen)
    results, search_error = _search(query) if data else ([], "")
    searched = bool(data) and request.POST.get("action") == "search"
    if data is not None and not searched and form.is_valid():
        did = form.cleaned_data["recipient"]
        if form.recipient_user is not None:
            did = holder_did_for(passport_of(form.recipient_user))
        try:
            credential = issue_skill_credential(
                organisation,
                did,
                [_skill_tuple(concept) for concept in chosen],
                form.cleaned_data["name"],
                form.cleaned_data["description"],
                form.cleaned_data["level"],
                form.cleaned_data["criteria"],
                form.cleaned_data["valid_until"],
                issued_by=request.user,
                host=issuers.did_host(request),
            )
        except IssuingError as error:
            form.add_error(None, str(error))
        else:
            issued = IssuedCredential.objects.get(credential_id=credential["id"])
            if issued.holder_id:
                messages.success(
                    request, _("The credential is issued and is now in the person's passport.")
                )
            else:
                messages.success(
                    request,
                    _("The credential is issued. Download it and give it to the person."),
                )
            return redirect("credentials:issued")
    elif searched:
        form.errors.clear()  # a search is not a submission: no errors yet
    chosen_ids = {concept.pk for concept in chosen}
    context = {
        "form": form,
        "q": query,
        "search_error": search_error,
        "searched": searched,
        "chosen": _labels(chosen),
        "results": [row for row in _labels(results) if row["id"] not in chosen_ids],
        "organisation": organisation,
        "issuer_did": issuers.issuer_did(organisation, issuers.did_host(request)),
    }
    status = 400 if data is not None and not searched and form.errors else 200
    return render(request, "credentials/issue.html", context, status=status)


@role_required(Role.ISSUER)
@require_safe
def issued_list(request: HttpRequest) -> HttpResponse:
    try:
        organisation = _organisation(request)
    except NoOrganisation:
        return _no_organisation(request)
    return render(
        request,
        "credentials/issued.html",
        {"issued": _issued(organisation)[:200], "organisation": organisation},
    )


@role_required(Role.ISSUER)
@require_safe
def issued_json(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = _organisation(request)
    except NoOrganisation:
        return _no_organisation(request)
    issued = get_object_or_404(_issued(organisation), pk=pk)
    return download(issued.document, f"credential-{issued.pk}.json")


@role_required(Role.ISSUER)
@require_http_methods(["GET", "HEAD", "POST"])
def revoke_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = _organisation(request)
    except NoOrganisation:
        return _no_organisation(request)
    issued = get_object_or_404(_issued(organisation), pk=pk)
    if request.method == "POST":
        if issued.revoked_at is None:
            revoke(issued)
            messages.success(
                request,
                _("“%(name)s” is revoked. Verifiers now see that it was withdrawn.")
                % {"name": issued.name},
            )
        return redirect("credentials:issued")
    return render(request, "credentials/revoke.html", {"issued": issued})


@role_required(Role.ISSUER)
@require_http_methods(["GET", "HEAD", "POST"])
def keys_page(request: HttpRequest) -> HttpResponse:
    try:
        organisation = _organisation(request)
    except NoOrganisation:
        return _no_organisation(request)
    if request.method == "POST":
        issuers.rotate_key(organisation)
        messages.success(
            request,
            _(
                "A new key signs from now on. The old key stays published, so what it "
                "signed stays valid."
            ),
        )
        return redirect("credentials:keys")
    host = issuers.did_host(request)
    did = issuers.issuer_did(organisation, host)
    path = (
        f"/organisations/{organisation.slug}/did.json" if organisation else "/.well-known/did.json"
    )
    keys = IssuerKey.objects.filter(organisation=organisation).exclude(status=KeyStatus.REVOKED)
    return render(
        request,
        "credentials/keys.html",
        {"keys": keys, "did": did, "did_url": path, "organisation": organisation},
    )


def download(document: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
