"""The documents verifiers fetch: did:web DID documents and signed status lists.

Served outside the language prefixes, as JSON, readable by anyone (they are public by
design). The verifier of this app reads the same documents from the database directly.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from wendbaar.accounts.models import Organisation
from wendbaar.credentials.issuers import did_document, did_host, issuer_did
from wendbaar.credentials.verification import status_list_of


def _json(document: dict[str, Any], content_type: str) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"  # wallets and verifiers fetch from browsers
    response["Cache-Control"] = "public, max-age=300"
    return response


def _did_response(organisation: Organisation | None, request: HttpRequest) -> HttpResponse:
    did = issuer_did(organisation, did_host(request))
    document = did_document(organisation, did)
    if document is None:
        raise Http404("this issuer has no keys yet")
    return _json(document, "application/did+json")


@require_safe
def platform_did(request: HttpRequest) -> HttpResponse:
    return _did_response(None, request)


@require_safe
def organisation_did(request: HttpRequest, slug: str) -> HttpResponse:
    return _did_response(get_object_or_404(Organisation, slug=slug), request)


@require_safe
def status_list(request: HttpRequest, issuer: str, pk: int) -> HttpResponse:
    listing = status_list_of(issuer, pk)
    if listing is None:
        raise Http404("no such status list")
    return _json(listing.credential, "application/vc+ld+json")
