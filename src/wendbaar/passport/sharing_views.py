"""Pages where the owner shares, and where others see what was shared with them.

Owner: share links, consents, who viewed the passport, downloads (JSON, PDF).
Anyone with a link: the shared view (read-only; 410 once expired or stopped).
Advisers and employers with consent: their list of passports, a read view that is
logged, and confirming (adviser) or endorsing (employer) a skill.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from wendbaar.accounts.models import Role
from wendbaar.passport import sharing
from wendbaar.passport.areas import areas_of
from wendbaar.passport.claims import passport_of
from wendbaar.passport.export import passport_data
from wendbaar.passport.models import (
    ConsentScope,
    Passport,
    SkillClaim,
    ValidationLevel,
)
from wendbaar.passport.pdf import passport_pdf
from wendbaar.passport.sharing_forms import ConsentForm, ShareLinkForm
from wendbaar.taxonomy.display import preferred_labels

SESSION_TOKENS = "wendbaar_new_share_links"
LOG_PAGE_SIZE = 50


def _private(response: HttpResponse) -> HttpResponse:
    """Shared and personal pages are never kept by browsers or proxies."""
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# What a viewer sees -----------------------------------------------------------


@dataclass
class ShownClaim:
    claim: SkillClaim
    label: str
    lang: str
    level: str


@dataclass
class Area:
    name: str
    claims: list[ShownClaim]


def grouped_claims(claims: list[SkillClaim]) -> list[Area]:
    """Claims by skill area, highest level first; the areas with most skills first."""
    areas = areas_of(claim.concept_id for claim in claims)
    ids = [claim.concept_id for claim in claims] + [a for a in areas.values() if a]
    labels = preferred_labels(ids)
    groups: dict[int | None, list[ShownClaim]] = {}
    for claim in claims:
        shown = labels.get(claim.concept_id)
        groups.setdefault(areas.get(claim.concept_id), []).append(
            ShownClaim(
                claim,
                shown.text if shown else claim.concept.uri,
                shown.lang if shown and shown.fallback else "",
                str(ValidationLevel(claim.level).label),
            )
        )
    result = []
    for area, items in groups.items():
        area_label = labels.get(area) if area else None
        name = area_label.text if area_label else _("Other skills")
        items.sort(key=lambda item: (-item.claim.level, item.label.lower()))
        result.append(Area(name, items))
    result.sort(key=lambda a: (a.name == _("Other skills"), -len(a.claims), a.name.lower()))
    return result


def _credential_rows(credentials: Any) -> list[dict[str, Any]]:
    return [
        {"held": held, "json": json.dumps(held.document, ensure_ascii=False)}
        for held in credentials
    ]


def _passport_context(passport: Passport, claims: list[SkillClaim], whole: bool) -> dict[str, Any]:
    context: dict[str, Any] = {
        "areas": grouped_claims(claims),
        "claim_count": len(claims),
        "whole": whole,
        "levels": ValidationLevel.choices,
    }
    if whole:
        jobs = list(passport.jobs.select_related("occupation"))
        occupations = preferred_labels(j.occupation_id for j in jobs if j.occupation_id)
        context["jobs"] = [(job, occupations.get(job.occupation_id or 0)) for job in jobs]
        context["education"] = list(passport.education.all())
    return context


# The public shared view ---------------------------------------------------------


@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    link = sharing.find_link(token)
    if link is None:
        return _private(render(request, "passport/sharing/link_unknown.html", status=404))
    state = sharing.link_state(link)
    if state != "active":
        return _private(
            render(request, "passport/sharing/link_gone.html", {"state": state}, status=410)
        )
    sharing.log_link_view(link)
    claims = list(sharing.shared_claims(link))
    context = _passport_context(link.passport, claims, link.whole_passport)
    context.update(
        name=sharing.public_name(link.passport.owner),
        credentials=_credential_rows(sharing.shared_credentials(link)),
        expires_at=link.expires_at,
    )
    return _private(render(request, "passport/sharing/shared.html", context))


# The owner's pages --------------------------------------------------------------


def _claim_choices(passport: Passport) -> list[tuple[SkillClaim, str]]:
    claims = list(passport.claims.select_related("concept"))
    labels = preferred_labels(c.concept_id for c in claims)
    choices = [
        (c, labels[c.concept_id].text if c.concept_id in labels else c.concept.uri) for c in claims
    ]
    choices.sort(key=lambda item: item[1].lower())
    return choices


@login_required
@never_cache
def share_links(request: HttpRequest) -> HttpResponse:
    passport = passport_of(request.user)
    choices = _claim_choices(passport)
    status = 200
    if request.method == "POST":
        form = ShareLinkForm(request.POST, claims=choices)
        if form.is_valid():
            new = sharing.create_link(
                passport,
                label=form.cleaned_data["label"],
                days=form.cleaned_data["days"],
                claims=form.chosen_claims(),
            )
            tokens = request.session.get(SESSION_TOKENS, {})
            tokens[str(new.link.pk)] = new.token
            request.session[SESSION_TOKENS] = tokens
            return redirect("passport:share_created", pk=new.link.pk)
        status = 400
    else:
        form = ShareLinkForm(claims=choices)
    links = [(link, sharing.link_state(link)) for link in sharing.links_of(passport)]
    context = {"form": form, "links": links, "has_claims": bool(choices)}
    return _private(render(request, "passport/sharing/links.html", context, status=status))


@login_required
@never_cache
def share_created(request: HttpRequest, pk: int) -> HttpResponse:
    passport = passport_of(request.user)
    link = sharing.links_of(passport).filter(pk=pk).first()
    if link is None:
        raise Http404
    tokens = request.session.get(SESSION_TOKENS, {})
    token = tokens.pop(str(pk), "")
    request.session[SESSION_TOKENS] = tokens
    url = request.build_absolute_uri(reverse("passport:shared", args=[token])) if token else ""
    context = {"link": link, "url": url}
    return _private(render(request, "passport/sharing/link_created.html", context))


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    if sharing.revoke_link(passport_of(request.user), pk):
        messages.success(request, _("The link is stopped. Nobody can open it any more."))
    else:
        messages.warning(request, _("This link was already stopped."))
    return redirect("passport:share_links")


@login_required
@never_cache
def consents(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ConsentForm(request.POST, owner=request.user)
        if form.is_valid():
            consent, created = sharing.grant_consent(
                request.user, form.grantee, form.cleaned_data["scope"]
            )
            name = sharing.shown_name(form.grantee)
            if created:
                messages.success(
                    request,
                    _("%(name)s may now see %(scope)s.")
                    % {"name": name, "scope": consent.get_scope_display()},
                )
            else:
                messages.warning(
                    request,
                    _("%(name)s could already see %(scope)s.")
                    % {"name": name, "scope": consent.get_scope_display()},
                )
            return redirect("passport:consents")
        status = 400
    else:
        form = ConsentForm(owner=request.user)
    given = list(sharing.consents_of(request.user))
    context = {
        "form": form,
        "active": [c for c in given if c.revoked_at is None],
        "revoked": [c for c in given if c.revoked_at is not None][:20],
    }
    return _private(render(request, "passport/sharing/consents.html", context, status=status))


@login_required
@require_POST
def consent_revoke(request: HttpRequest, pk: int) -> HttpResponseBase:
    if sharing.revoke_consent(request.user, pk):
        messages.success(request, _("Your consent is withdrawn. They can no longer see it."))
    else:
        messages.warning(request, _("This consent was already withdrawn."))
    return redirect("passport:consents")


@login_required
@never_cache
def access_log(request: HttpRequest) -> HttpResponse:
    entries = Paginator(sharing.access_log(request.user), LOG_PAGE_SIZE)
    page = entries.get_page(request.GET.get("pagina"))
    rows = [
        {
            "entry": entry,
            "who": sharing.describe_viewer(entry),
            "what": sharing.describe_what(entry.what),
        }
        for entry in page
    ]
    context = {"page": page, "rows": rows}
    return _private(render(request, "passport/sharing/access_log.html", context))


@login_required
@never_cache
def download_json(request: HttpRequest) -> HttpResponse:
    data = passport_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="wendbaar-passport-{stamp}.json"'
    return _private(response)


@login_required
@never_cache
def print_passport(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _private(render(request, "passport/sharing/print.html"))
    lang = get_language() or "nl"
    pdf = passport_pdf(passport_of(request.user), lang, request.build_absolute_uri)
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="wendbaar-passport-{stamp}.pdf"'
    return _private(response)


# Advisers and employers -----------------------------------------------------------


def _grantee_or_404(request: HttpRequest) -> Any:
    user = request.user
    if not sharing.can_receive_consent(user):
        raise Http404
    return user


@login_required
@never_cache
def shared_with_me(request: HttpRequest) -> HttpResponse:
    user = _grantee_or_404(request)
    passports = list(sharing.passports_for(user))
    plans = set(sharing.passports_for(user, ConsentScope.PLAN).values_list("owner_id", flat=True))
    context = {
        "rows": [(p, sharing.shown_name(p.owner), p.owner_id in plans) for p in passports],
        "adviser": user.role == Role.ADVISER,
    }
    return _private(render(request, "passport/sharing/shared_with_me.html", context))


@login_required
@never_cache
def consented_passport(request: HttpRequest, pk: int) -> HttpResponse:
    user = _grantee_or_404(request)
    passport = sharing.consented_passport(user, pk)
    if passport is None:
        raise Http404
    sharing.log_view(passport.owner, user, sharing.WHAT_PASSPORT)
    claims = list(passport.claims.select_related("concept").order_by("-level", "pk"))
    context = _passport_context(passport, claims, whole=True)
    target = sharing.RAISE_TO[user.role]
    context.update(
        passport=passport,
        name=sharing.shown_name(passport.owner),
        credentials=_credential_rows(passport.credentials.all()),
        raise_to=int(target),
        raise_label=str(target.label),
        adviser=user.role == Role.ADVISER,
    )
    return _private(render(request, "passport/sharing/consented.html", context))


@login_required
@require_POST
def raise_claim(request: HttpRequest, pk: int, claim: int) -> HttpResponseBase:
    user = _grantee_or_404(request)
    outcome = sharing.raise_claim(user, pk, claim)
    if outcome is None:
        raise Http404
    if outcome[1]:
        messages.success(
            request,
            _("Done: the skill now has the level “%(level)s”.")
            % {"level": outcome[0].get_level_display()},
        )
    else:
        messages.warning(request, _("This skill already has this level or a higher one."))
    return redirect("passport:consented", pk=pk)
