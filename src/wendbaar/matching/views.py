"""Portal pages: "Wat kan ik nog meer?" for a person, the transition explorer and group
view for advisers, vacancy screens for employers and "Vacatures voor jou"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import role_required
from wendbaar.linking.engine.errors import LinkingInputError
from wendbaar.matching import present, service
from wendbaar.matching.forms import TransitionFilters, VacancyForm
from wendbaar.matching.models import (
    ContactRequest,
    ContactStatus,
    Vacancy,
)
from wendbaar.matching.vacancies import (
    candidates_for,
    confirm_skills,
    suggest_skills,
    vacancies_for_person,
)
from wendbaar.passport.claims import passport_of
from wendbaar.passport.models import Passport

TOP = 15
QUERY_MAX = 200


def regions() -> list[str]:
    return service.tension_regions()


def _person_passport(request: HttpRequest) -> Passport | None:
    user = request.user
    if user.is_authenticated and user.role == Role.PERSON:  # type: ignore[union-attr]
        return passport_of(user)
    return None


def _origin(text: str) -> tuple[str | None, str]:
    """An occupation URI for what was typed, or an error message."""
    if len(text) > QUERY_MAX:
        return None, _("Use at most %(n)s characters.") % {"n": QUERY_MAX}
    try:
        uri = service.resolve_occupation(text)
    except LinkingInputError as exc:
        return None, str(exc)
    if uri is None:
        return None, _("We do not know this occupation. Try another name.")
    return uri, ""


def _transitions_from(uri: str, filters: TransitionFilters, top: int = TOP) -> dict[str, Any]:
    """Moves from an occupation: the same for everybody, so kept per process (see
    service.remembered) by occupation, filters and the reader's language."""
    engine = service.get_engine()
    query = filters.query(top=top)

    def compute() -> dict[str, Any]:
        result = engine.transitions(uri, query)
        found = engine.profiles.resolve(uri)
        data = present.transitions_dict(engine, result, found.index)
        if result.status == "unknown":
            data["issues"] = present.issues_list(result.issues)
        return data

    key = ("transitions", uri, query, translation.get_language())
    return dict(service.remembered(key, compute))


def more(request: HttpRequest) -> HttpResponse:
    """Wat kan ik nog meer?: from the passport, or from a job chosen here."""
    filters = TransitionFilters(request.GET or None, regions=regions())
    job = request.GET.get("beroep", "").strip()
    passport = _person_passport(request)
    context: dict[str, Any] = {
        "filters": filters,
        "job": job,
        "passport": passport,
        # The development plan (learning app) is for persons: the goal form posts there.
        "plan_url": reverse("learning:plan_goal") if passport is not None else None,
        "query_max": QUERY_MAX,
    }
    if filters.is_bound and not filters.is_valid():
        return render(request, "matching/more.html", context)
    engine = service.get_engine()
    if job:
        uri, error = _origin(job)
        context["job_error"] = error
        if uri:
            context["result"] = _transitions_from(uri, filters)
            context["source"] = "job"
    elif passport is not None:
        claims = service.passport_claims(passport)
        current = service.current_occupation(passport)
        query = filters.query(top=TOP)
        if passport.region and not query.region:
            query = replace(query, region=passport.region)
        result = engine.person_transitions(claims, query, current_occupation=current)
        context["result"] = present.transitions_dict(engine, result)
        context["source"] = "passport"
        context["fit"] = present.fit_summary(engine, engine.fit(claims, top=5))
    return render(request, "matching/more.html", context)


def explorer(request: HttpRequest) -> HttpResponse:
    """Overstappen: moves from any occupation, paths and upskilling, with filters."""
    filters = TransitionFilters(request.GET or None, regions=regions())
    origin = request.GET.get("van", "").strip()
    context: dict[str, Any] = {"filters": filters, "origin": origin, "query_max": QUERY_MAX}
    if origin and (not filters.is_bound or filters.is_valid()):
        uri, error = _origin(origin)
        context["origin_error"] = error
        if uri:
            engine = service.get_engine()
            data = _transitions_from(uri, filters)
            context["result"] = data
            if data["status"] == "ok":
                query = filters.query(top=TOP)
                shortage = replace(query, require=tuple({*query.require, "in_demand"}))
                # Direct moves are listed above; here only the longer ways in.
                found = [p for p in engine.paths(uri, shortage, top=16) if len(p.steps) > 2]
                context["paths"] = present.paths_list(engine, found[:8])
                context["upskilling"] = present.upskilling_list(
                    engine, engine.upskilling(origin=uri, query=query, top=8)
                )
    return render(request, "matching/explorer.html", context)


def group(request: HttpRequest) -> HttpResponse:
    """All occupations of one BRC group or one sector, with their signals."""
    engine = service.get_engine()
    market = engine.market
    brc = request.GET.get("brc", "").strip()
    sector = request.GET.get("sector", "").strip()
    groups: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    if market is not None:
        groups = {s.brc: s.brc_label for s in market.signals if s.brc}
        picked = [
            i
            for i, s in enumerate(market.signals)
            if (brc and s.brc == brc) or (sector and sector in s.sectors)
        ]
        labels = present.Labels(engine)
        viable = engine.matrix.thresholds.viable
        shortage = market.shortage(None)
        for i in picked:
            moves = engine.matrix.combined[i] >= viable
            moves[i] = False
            rows.append(
                {
                    "occupation": labels.occupation(i),
                    "signals": present.signals_dict(market[i]),
                    "tension": market.tension.get(market[i].brc) if market.tension else None,
                    "viable_moves": int(moves.sum()),
                    "into_shortage": int((moves & shortage).sum()),
                }
            )
        rows.sort(key=lambda r: r["occupation"]["label"].lower())
    if (brc and brc not in groups) or (sector and sector not in present.SECTOR_NAMES):
        raise Http404(_("Unknown group or sector."))
    return render(
        request,
        "matching/group.html",
        {
            "groups": sorted(groups.items()),
            "sectors": list(present.SECTOR_NAMES.items()),
            "brc": brc,
            "brc_label": groups.get(brc, ""),
            "sector": sector,
            "sector_name": present.SECTOR_NAMES.get(sector, ""),
            "rows": rows,
            "has_market": market is not None,
        },
    )


# Employers ---------------------------------------------------------------------------------


def employer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Employers (and administrators) acting for an organisation."""

    @role_required(Role.EMPLOYER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.organisation_id is None:  # type: ignore[union-attr]
            raise PermissionDenied(_("Only employers with an organisation can manage vacancies."))
        return view(request, *args, **kwargs)

    return wrapped


def _organisation(request: HttpRequest) -> int:
    """The employer's organisation (employer_required made sure there is one)."""
    return int(getattr(request.user, "organisation_id", 0))


def _own_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    return get_object_or_404(Vacancy, pk=pk, organisation_id=_organisation(request))


@employer_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    vacancies = Vacancy.objects.filter(organisation_id=_organisation(request))
    return render(request, "matching/vacancy_list.html", {"vacancies": vacancies})


@employer_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    vacancy = _own_vacancy(request, pk) if pk is not None else None
    form = VacancyForm(request.POST or None, instance=vacancy, regions=regions())
    if request.method == "POST" and request.POST.get("action") == "skills" and vacancy:
        choices = {row.pk: request.POST.get(f"skill-{row.pk}", "") for row in vacancy.skills.all()}
        confirm_skills(vacancy, choices)
        messages.success(request, _("The skills of this vacancy are saved."))
        return redirect("matching:vacancy_edit", pk=vacancy.pk)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if vacancy is None:
            saved.organisation_id = _organisation(request)
            saved.created_by = request.user
        saved.save()
        found = suggest_skills(saved)
        if found:
            messages.success(
                request,
                _("Saved. We found %(n)s skills in the text: check them below.") % {"n": found},
            )
        else:
            messages.warning(
                request,
                _(
                    "Saved, but we found no skills we know in the text. Describe the tasks "
                    "in more words, for example: 'installing heat pumps', 'planning care'."
                ),
            )
        return redirect("matching:vacancy_edit", pk=saved.pk)
    skills = list(vacancy.skills.select_related("concept")) if vacancy else []
    labels: dict[int, Any] = {}
    if skills:
        from wendbaar.taxonomy.display import preferred_labels

        labels = preferred_labels([s.concept_id for s in skills])
    for row in skills:
        row.shown = labels.get(row.concept_id)  # type: ignore[attr-defined]
    return render(
        request,
        "matching/vacancy_form.html",
        {"form": form, "vacancy": vacancy, "skills": skills},
    )


@employer_required
@require_http_methods(["GET", "POST"])
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _own_vacancy(request, pk)
    rows = candidates_for(vacancy)
    if request.method == "POST":
        wanted = request.POST.get("candidate", "")
        row = next((r for r in rows if r.pseudonym == wanted), None)
        if row is None:
            messages.error(request, _("This candidate is no longer in the list."))
        else:
            person = Passport.objects.get(pk=row.passport_id).owner
            _request, created = ContactRequest.objects.get_or_create(
                vacancy=vacancy,
                person=person,
                defaults={"message": request.POST.get("message", "")[:2000]},
            )
            messages.success(
                request,
                _("Your request was sent. You see the name when the person accepts.")
                if created
                else _("You already sent this person a request."),
            )
        return redirect("matching:vacancy_candidates", pk=vacancy.pk)
    confirmed = vacancy.skills.filter(confirmed=True).exists()
    return render(
        request,
        "matching/vacancy_candidates.html",
        {"vacancy": vacancy, "rows": rows, "confirmed": confirmed},
    )


# Persons -----------------------------------------------------------------------------------


@role_required(Role.PERSON)
def my_vacancies(request: HttpRequest) -> HttpResponse:
    passport = passport_of(request.user)
    data = vacancies_for_person(passport)
    pending = ContactRequest.objects.filter(person_id=request.user.pk, status=ContactStatus.PENDING)
    return render(
        request,
        "matching/my_vacancies.html",
        {"data": data, "passport": passport, "pending": pending.count()},
    )


@role_required(Role.PERSON)
@require_http_methods(["GET", "POST"])
def contact_requests(request: HttpRequest) -> HttpResponse:
    mine = ContactRequest.objects.filter(person_id=request.user.pk).select_related(
        "vacancy__organisation"
    )
    if request.method == "POST":
        wanted = request.POST.get("request", "")
        found = mine.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        answer = request.POST.get("answer", "")
        if found is None or answer not in ("accept", "decline"):
            messages.error(request, _("We could not find this request."))
        else:
            found.status = ContactStatus.ACCEPTED if answer == "accept" else ContactStatus.DECLINED
            found.answered_at = timezone.now()
            found.save(update_fields=["status", "answered_at"])
            messages.success(
                request,
                _("You accepted: the employer now sees your name.")
                if answer == "accept"
                else _("You declined. The employer does not see your name."),
            )
        return redirect("matching:contacts")
    return render(request, "matching/contacts.html", {"requests": mine})
