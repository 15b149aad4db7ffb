"""Pages: the catalogue (/leren/), offerings, the advice screen, the plan screen and the
provider area. Every page works without JavaScript."""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wendbaar.accounts.models import Role
from wendbaar.accounts.permissions import forbidden, role_required
from wendbaar.learning import plans
from wendbaar.learning.advice import (
    Goal,
    Person,
    advise,
    as_dict,
    goal_for_occupation,
    person_from_passport,
)
from wendbaar.learning.engine.advice import Limits
from wendbaar.learning.forms import (
    ActionForm,
    ActionStatusForm,
    AdviceForm,
    CatalogueForm,
    OfferingCreateForm,
    OfferingEditForm,
    UploadForm,
)
from wendbaar.learning.funding import funding_for, person_facts, plan_funding
from wendbaar.learning.importers import import_file
from wendbaar.learning.importers.common import Record, RecordError, default_linker, save_record
from wendbaar.learning.models import (
    ActionStatus,
    Offering,
    OfferingSkill,
    Plan,
    PlanAction,
    Provider,
)
from wendbaar.passport.claims import passport_of
from wendbaar.taxonomy.display import preferred_labels
from wendbaar.taxonomy.models import Concept, Label, Relation
from wendbaar.taxonomy.text import fold

PAGE_SIZE = 20


def _skill_labels(concept_ids: list[int]) -> dict[int, Any]:
    return preferred_labels(concept_ids)


def search_offerings(data: dict[str, Any]) -> QuerySet[Offering]:
    """The catalogue filtered by a valid CatalogueForm's data (also used by the API)."""
    qs = Offering.objects.filter(active=True).select_related("provider")
    today = timezone.localdate()
    if data.get("q"):
        words = data["q"].split()
        for word in words:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(provider__name__icontains=word)
            )
    if data.get("skill"):
        key = fold(data["skill"])
        concepts = Label.objects.filter(
            search_text__contains=key, concept__kind__in=["skill", "knowledge"]
        ).values("concept_id")
        qs = qs.filter(skill_links__concept_id__in=concepts)
    if data.get("occupation"):
        skills = Relation.objects.filter(
            source__uri=data["occupation"], kind=Relation.Kind.ESSENTIAL
        ).values("target_id")
        qs = qs.filter(skill_links__concept_id__in=skills).annotate(
            matched=Count("skill_links", distinct=True)
        )
    if data.get("region"):
        qs = qs.filter(region=data["region"])
    if data.get("mode"):
        qs = qs.filter(mode=data["mode"])
    if data.get("max_price") is not None:
        qs = qs.filter(cost__lte=data["max_price"])
    if data.get("start_before"):
        in_time = Q(starts__date__gte=today, starts__date__lte=data["start_before"])
        qs = qs.filter(in_time | Q(starts__isnull=True))
    qs = qs.distinct()
    if data.get("occupation"):
        return qs.order_by("-matched", "cost", "title")  # type: ignore[misc]
    return qs.order_by("title", "pk")


def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.GET or None)
    results = None
    page = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        paginator = Paginator(search_offerings(data), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        results = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learning/catalogue.html",
        {"form": form, "results": results, "page": page, "query": query.urlencode()},
    )


def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(
        Offering.objects.select_related("provider").prefetch_related("starts"), pk=pk, active=True
    )
    links = list(offering.skill_links.all())
    labels = _skill_labels([link.concept_id for link in links])
    skills = sorted(
        ((labels.get(link.concept_id), link.confirmed) for link in links),
        key=lambda s: s[0].text.casefold() if s[0] else "",
    )
    today = timezone.localdate()
    funding = funding_for(offering, person_facts(request))
    return render(
        request,
        "learning/offering.html",
        {
            "offering": offering,
            "skills": skills,
            "starts": [s.date for s in offering.starts.all() if s.date >= today],
            "funding": funding,
            "did_intake": bool(person_facts(request)),
        },
    )


def _goal_and_person(request: HttpRequest, occupation: str) -> tuple[Goal, Person]:
    user = request.user
    if user.is_authenticated and user.has_role(Role.PERSON):  # type: ignore[union-attr]
        passport = passport_of(user)
        return goal_for_occupation(passport, occupation), person_from_passport(passport)
    return goal_for_occupation([], occupation), Person()


def advice_page(request: HttpRequest) -> HttpResponse:
    form = AdviceForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        goal, person = _goal_and_person(request, data["occupation"])
        person.place = data["point"]
        person.facts = person_facts(request)
        limits = Limits(
            budget=float(data["budget"]) if data.get("budget") is not None else None,
            hours_per_week=data.get("hours_per_week"),
            weeks=data.get("weeks"),
            online_only=bool(data.get("online_only")),
            max_distance_km=data.get("max_distance"),
            start_before=data.get("start_before"),
            languages=frozenset({"nl", "en"} if data.get("english") else {"nl"}),
            today=timezone.localdate(),
        )
        result = as_dict(advise(goal, person, limits))
    return render(request, "learning/advice.html", {"form": form, "data": result})


# Plans ----------------------------------------------------------------------------------

person_required = role_required(Role.PERSON)


@person_required
@never_cache
def plan_page(request: HttpRequest) -> HttpResponse:
    plan = plans.current_plan(request.user)
    return _render_plan(request, plan, own=True)


def _render_plan(
    request: HttpRequest,
    plan: Plan,
    *,
    own: bool,
    action_form: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = list(plan.actions.select_related("offering__provider").prefetch_related("skills"))
    ids = [c.pk for a in actions for c in a.skills.all()]
    if plan.goal_occupation_id:
        ids.append(plan.goal_occupation_id)
    labels = _skill_labels(ids)
    rows = [(a, [labels[c.pk].text for c in a.skills.all() if c.pk in labels]) for a in actions]
    done, total = plan.progress()
    context = {
        "plan": plan,
        "own": own,
        "rows": rows,
        "goal_label": labels.get(plan.goal_occupation_id or 0),
        "done": done,
        "total": total,
        # The person's intake facts belong to the person's own session only.
        "funding": plan_funding(plan, person_facts(request) if own else {}),
        "action_form": action_form or ActionForm(),
        "statuses": ActionStatus.choices,
    }
    return render(request, "learning/plan.html", context, status=status)


@require_POST
def plan_goal(request: HttpRequest) -> HttpResponse:
    """Set the goal of the person's plan to an occupation (from the matching pages)."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("learning:advice"))
    if not request.user.has_role(Role.PERSON):  # type: ignore[union-attr]
        return forbidden(request, (Role.PERSON,))
    occupation = Concept.objects.filter(
        uri=request.POST.get("occupation", ""), kind="occupation"
    ).first()
    if occupation is None:
        messages.error(request, _("We do not know this occupation."))
        return redirect("learning:plan")
    plan = plans.current_plan(request.user)
    plans.set_goal(plan, occupation)
    messages.success(request, _("The occupation is now the goal of your development plan."))
    return redirect(f"{reverse('learning:advice')}?{urlencode({'occupation': occupation.uri})}")


@person_required
@require_POST
def plan_from_advice(request: HttpRequest) -> HttpResponse:
    plan = plans.current_plan(request.user)
    occupation = Concept.objects.filter(
        uri=request.POST.get("occupation", ""), kind="occupation"
    ).first()
    if occupation is not None:
        plans.set_goal(plan, occupation)
    ids = [int(v) for v in request.POST.getlist("offering") if v.isdigit()]
    gaps = set(request.POST.getlist("gap"))
    added = 0
    for offering in Offering.objects.filter(pk__in=ids, active=True):
        closes = Concept.objects.filter(
            uri__in=gaps, pk__in=offering.skill_links.values("concept_id")
        )
        plans.add_offering(plan, offering, closes)
        added += 1
    if not added:
        messages.error(request, _("Choose at least one offering."))
    else:
        messages.success(request, _("The offerings are in your development plan."))
    return redirect("learning:plan")


@person_required
@require_POST
def plan_add_offering(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering, pk=pk, active=True)
    plans.add_offering(plans.current_plan(request.user), offering)
    messages.success(request, _("The offering is in your development plan."))
    return redirect("learning:plan")


@person_required
@require_POST
def plan_add_action(request: HttpRequest) -> HttpResponse:
    plan = plans.current_plan(request.user)
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, plan, own=True, action_form=form, status=400)
    PlanAction.objects.create(plan=plan, **form.cleaned_data)
    messages.success(request, _("The action is in your development plan."))
    return redirect("learning:plan")


@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("learning:plan"))
    action = get_object_or_404(PlanAction.objects.select_related("plan__owner", "offering"), pk=pk)
    if not plans.can_edit(action.plan, request.user):
        raise Http404
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        raised = []
        if form.cleaned_data["status"] == ActionStatus.DONE:
            raised = plans.complete(action, request.user, validated=form.cleaned_data["validated"])
        else:
            plans.set_status(action, form.cleaned_data["status"], request.user)
        up = sum(1 for _c, changed in raised if changed)
        if up:
            messages.success(
                request, _("Done. Your skills passport was updated for %(n)d skills.") % {"n": up}
            )
        else:
            messages.success(request, _("The status is saved."))
    if action.plan.owner_id == request.user.pk:
        return redirect("learning:plan")
    return redirect("learning:shared_plan", pk=action.plan_id)


@role_required(Role.ADVISER)
@never_cache
def shared_plans(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learning/shared_plans.html", {"plans": plans.plans_shared_with(request.user)}
    )


@role_required(Role.ADVISER)
@never_cache
def shared_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("owner"), pk=pk)
    if not plans.can_view(plan, request.user):
        raise Http404  # never a hint that the plan exists
    plans.viewed(plan, request.user)
    return _render_plan(request, plan, own=False)


# Provider area --------------------------------------------------------------------------


def providers_of(user: Any) -> QuerySet[Provider]:
    if user.has_role(Role.ADMIN):
        return Provider.objects.all()
    if user.organisation_id is None:
        return Provider.objects.none()
    return Provider.objects.filter(organisation_id=user.organisation_id)


def _provider_user(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.has_role(Role.ISSUER) or providers_of(user).exists():  # type: ignore[union-attr]
        return None
    return forbidden(request, (Role.ISSUER,))


@never_cache
def provider_area(request: HttpRequest) -> HttpResponse:
    refused = _provider_user(request)
    if refused is not None:
        return refused
    offerings = (
        Offering.objects.filter(provider__in=providers_of(request.user))
        .select_related("provider")
        .annotate(unconfirmed=Count("skill_links", filter=Q(skill_links__confirmed=False)))
        .order_by("provider__name", "title")
    )
    return render(request, "learning/provider_area.html", {"offerings": offerings})


@never_cache
def provider_offering(request: HttpRequest, pk: int) -> HttpResponse:
    refused = _provider_user(request)
    if refused is not None:
        return refused
    offering = get_object_or_404(Offering, pk=pk, provider__in=providers_of(request.user))
    links = list(offering.skill_links.all())
    labels = _skill_labels([link.concept_id for link in links])
    if request.method == "POST":
        form = OfferingEditForm(request.POST)
        if form.is_valid():
            for name, value in form.cleaned_data.items():
                setattr(offering, name, value)
            offering.save()
            keep = {int(v) for v in request.POST.getlist("confirm") if v.isdigit()}
            for link in links:
                if link.pk in keep:
                    if not link.confirmed:
                        OfferingSkill.objects.filter(pk=link.pk).update(confirmed=True)
                else:
                    link.delete()
            messages.success(request, _("The offering is saved."))
            return redirect("learning:provider_offering", pk=offering.pk)
    else:
        form = OfferingEditForm(
            initial={name: getattr(offering, name) for name in OfferingEditForm.base_fields}
        )
    skills = [(link, labels.get(link.concept_id)) for link in links]
    return render(
        request,
        "learning/provider_offering.html",
        {"offering": offering, "form": form, "skills": skills},
        status=400 if form.errors else 200,
    )


@never_cache
def provider_offering_new(request: HttpRequest) -> HttpResponse:
    """Type in one offering; it goes through the importers' checks and skill linking."""
    refused = _provider_user(request)
    if refused is not None:
        return refused
    providers = providers_of(request.user).order_by("name")
    if not providers.exists():
        return render(request, "learning/provider_offering_new.html", {"form": None})
    form = OfferingCreateForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        provider = data["provider"]
        record = Record(
            external_id=f"manual-{uuid.uuid4().hex}",
            provider=provider.name,
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            mode=data["mode"],
            cost=data["cost"],
            study_hours=data["study_hours"],
            duration_weeks=data["duration_weeks"],
            language=data["language"],
            location=data["location"],
            postcode=data["postcode"],
            starts=[data["start"]] if data["start"] else [],
            url=data["url"],
        )
        try:
            offering, _created, _warnings = save_record(
                record, "manual", default_linker(), provider=provider
            )
        except RecordError:
            # The form checked everything else; only finding no skill is left.
            form.add_error(
                "description",
                _(
                    "We found no skills in the title and description. Write what people "
                    "learn to do, e.g. 'install and maintain heat pumps'."
                ),
            )
        else:
            messages.success(request, _("The offering is saved. Check the skills we found in it."))
            return redirect("learning:provider_offering", pk=offering.pk)
    return render(
        request,
        "learning/provider_offering_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
def provider_import(request: HttpRequest) -> HttpResponse:
    """An organisation imports its own feed; its providers and offerings stay its own."""
    refused = _provider_user(request)
    if refused is not None:
        return refused
    organisation = request.user.organisation  # type: ignore[union-attr]
    report = None
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if organisation is None:
            form.add_error(None, _("Your account belongs to no organisation."))
        if form.is_valid() and organisation is not None:
            namespace = f"org:{organisation.slug}:"
            upload = form.cleaned_data["feed"]
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / Path(upload.name).name
                path.write_bytes(upload.read())
                report = import_file(path, namespace=namespace)
            Provider.objects.filter(source__startswith=namespace, organisation=None).update(
                organisation=organisation
            )
    return render(
        request,
        "learning/provider_import.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )
