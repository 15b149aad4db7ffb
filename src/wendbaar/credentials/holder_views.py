"""A person's own downloads: each held credential as JSON, the passport as a signed VP."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wendbaar.credentials.holders import credentials_about_holder, present_passport
from wendbaar.credentials.issuer_views import download
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import HeldCredential

MAX_PARAMETER = 200


@login_required
@require_safe
def held_credential_json(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(HeldCredential, pk=pk, passport__owner=request.user)
    return download(held.document, f"credential-{held.pk}.json")


@login_required
@require_safe
def presentation_json(request: HttpRequest) -> HttpResponse:
    """The passport as a Verifiable Presentation signed with the person's own key.

    A verifier may ask for its ``challenge`` and ``domain`` (query parameters) to be
    signed in, which shows the presentation was made for it, now.
    """
    passport = passport_of(request.user)
    challenge = request.GET.get("challenge", "")[:MAX_PARAMETER] or None
    domain = request.GET.get("domain", "")[:MAX_PARAMETER] or None
    presentation = present_passport(
        passport, credentials_about_holder(passport), challenge=challenge, domain=domain
    )
    return download(presentation, "skills-passport-presentation.json")
