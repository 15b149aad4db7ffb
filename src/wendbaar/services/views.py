"""Pages of the service: intake and route, help nearby, schemes, free learning,
conversation requests, and the advisers' queue. All work without JavaScript."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wendbaar.services import choices, conversations, intake, ratelimit
from wendbaar.services.directory import search_points
from wendbaar.services.finder import applicable_schemes, names_for_facts
from wendbaar.services.forms import (
    ConversationForm,
    EmailRouteForm,
    LearningSearchForm,
    PointSearchForm,
    PublicForm,
)
from wendbaar.services.learning import search_resources
from wendbaar.services.models import ConversationRequest, Scheme, ServicePoint
from wendbaar.services.route import build_route, for_people
from wendbaar.services.rules import Outcome, RuleError
from wendbaar.services.wording import describe_rule

PAGE_SIZE = 20
LOGIN_URL = reverse_lazy("accounts:login")
REQUEST_TOKEN = "wendbaar_request_token"


def _too_many(form: PublicForm) -> None:
    form.add_error(
        None,
        _("You sent this form many times in a short while. Wait a while and try again."),
    )


# The intake ---------------------------------------------------------------


def intake_step(request: HttpRequest, index: int) -> HttpResponse:
    step = intake.STEPS[index]
    status = 200
    if request.method == "POST":
        form = step.form(request.POST)
        if not ratelimit.allow(request, "intake"):
            form.is_valid()
            _too_many(form)
            status = 429
        elif form.is_valid():
            intake.save(request, step, form)
            last = index + 1 == len(intake.STEPS)
            back_to_route = request.GET.get("naar") == "route" and intake.has_route(request)
            target = "route" if last or back_to_route else intake.STEPS[index + 1].url_name
            return redirect(f"services:{target}")
        else:
            status = 400
    else:
        form = step.form(initial=intake.initial(request, step))
    context = {
        "step": step,
        "form": form,
        "number": index + 1,
        "total": len(intake.STEPS),
        "previous": intake.STEPS[index - 1].url_name if index else "",
    }
    return render(request, "services/intake_step.html", context, status=status)


@never_cache
def route(request: HttpRequest) -> HttpResponse:
    if not intake.has_route(request):
        return redirect("services:intake")
    return _route_page(request, EmailRouteForm())


def _route_page(
    request: HttpRequest, email_form: EmailRouteForm, status: int = 200
) -> HttpResponse:
    context = {"route": build_route(intake.answers(request)), "email_form": email_form}
    return render(request, "services/route.html", context, status=status)


@require_POST
def route_email(request: HttpRequest) -> HttpResponse:
    if not intake.has_route(request):
        return redirect("services:intake")
    form = EmailRouteForm(request.POST)
    if not ratelimit.allow(request, "email"):
        form.is_valid()
        _too_many(form)
        return _route_page(request, form, 429)
    if not form.is_valid():
        return _route_page(request, form, 400)
    the_route = build_route(intake.answers(request))
    context = {"route": the_route, "site": request.build_absolute_uri("/")}
    body = render_to_string("services/email/route.txt", context, request)
    send_mail(_("Your route on wendbaar"), body, None, [form.cleaned_data["email"]])
    messages.success(request, _("We sent your route. We did not keep your e-mail address."))
    return redirect("services:route")


@require_POST
def intake_forget(request: HttpRequest) -> HttpResponse:
    intake.forget(request)
    messages.success(request, _("Your answers are deleted."))
    return redirect("services:intake")


# Help nearby --------------------------------------------------------------


def points(request: HttpRequest) -> HttpResponse:
    form = PointSearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        place = form.found_place
        topic = data.get("topic", "")
        results = search_points(place, kind=data.get("kind", ""), topics=[topic] if topic else [])
        page = Paginator(results.local, PAGE_SIZE).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        context.update(
            place=place,
            page=page,
            nationwide=results.nationwide,
            query=query.urlencode(),
        )
    return render(request, "services/points.html", context)


def point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    point = get_object_or_404(ServicePoint.objects.select_related("region"), slug=slug)
    return render(request, "services/point.html", {"point": point})


# Schemes ------------------------------------------------------------------


def schemes(request: HttpRequest) -> HttpResponse:
    all_schemes = list(Scheme.objects.all())
    facts = intake.facts_of(intake.answers(request))
    people_schemes = [s for s in all_schemes if for_people(s)]
    verdicts = applicable_schemes(facts, schemes=people_schemes) if facts else []
    groups = [
        {
            "code": code,
            "label": label,
            "schemes": [s for s in all_schemes if code in s.audiences],
        }
        for code, label in choices.Audience.choices
    ]
    context = {
        "groups": groups,
        "for_you": [v for v in verdicts if v.outcome is not Outcome.DOES_NOT_APPLY],
        "not_for_you": [v for v in verdicts if v.outcome is Outcome.DOES_NOT_APPLY],
        "has_intake": bool(facts),
    }
    return render(request, "services/schemes.html", context)


def scheme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scheme = get_object_or_404(Scheme, slug=slug)
    facts = intake.facts_of(intake.answers(request))
    verdict = applicable_schemes(facts, schemes=[scheme])[0] if facts else None
    try:
        rule_text = describe_rule(scheme.parsed_rule(), names_for_facts())
    except RuleError:
        rule_text = None
    context = {"scheme": scheme, "verdict": verdict, "rule_text": rule_text}
    return render(request, "services/scheme.html", context)


# Free learning ------------------------------------------------------------


def learning(request: HttpRequest) -> HttpResponse:
    form = LearningSearchForm(request.GET or None)
    results = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        results = search_resources(data.get("q", ""), data.get("topic", ""))
    return render(request, "services/learning.html", {"form": form, "results": results})


# Conversation requests ----------------------------------------------------


def conversation_start(request: HttpRequest) -> HttpResponse:
    form = PointSearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.found_place:
        results = search_points(form.found_place, requests_only=True)
        context.update(
            place=form.found_place, results=results.local[:10], nationwide=results.nationwide
        )
    return render(request, "services/conversation_start.html", context)


def conversation_form(request: HttpRequest, slug: str) -> HttpResponse:
    point = get_object_or_404(ServicePoint, slug=slug, accepts_requests=True)
    answers = intake.answers(request) if intake.has_route(request) else None
    status = 200
    if request.method == "POST":
        form = ConversationForm(request.POST, has_route=answers is not None)
        if not ratelimit.allow(request, "request"):
            form.is_valid()
            _too_many(form)
            status = 429
        elif form.is_valid():
            language = (get_language() or "nl")[:2]
            created, token = conversations.create_request(
                point, form.cleaned_data, answers, language
            )
            conversations.notify_new(created, token, request.build_absolute_uri)
            request.session[REQUEST_TOKEN] = token
            request.session.set_expiry(0)
            return redirect("services:conversation_sent")
        else:
            status = 400
    else:
        form = ConversationForm(has_route=answers is not None)
    context = {"point": point, "form": form}
    return render(request, "services/conversation_form.html", context, status=status)


@never_cache
def conversation_sent(request: HttpRequest) -> HttpResponse:
    token = request.session.get(REQUEST_TOKEN)
    sent = conversations.by_token(token) if token else None
    if sent is None:
        return redirect("services:conversation_start")
    status_url = request.build_absolute_uri(reverse("services:conversation_status", args=[token]))
    return render(
        request, "services/conversation_sent.html", {"sent": sent, "status_url": status_url}
    )


@never_cache
def conversation_status(request: HttpRequest, token: str) -> HttpResponse:
    found = conversations.by_token(token)
    if found is None:
        return render(request, "services/conversation_unknown.html", status=404)
    return render(request, "services/conversation_status.html", {"sent": found, "token": token})


@require_POST
def conversation_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    found = conversations.by_token(token)
    if found is not None:
        conversations.withdraw(found)
    request.session.pop(REQUEST_TOKEN, None)
    return redirect("services:conversation_withdrawn")


def conversation_withdrawn(request: HttpRequest) -> HttpResponse:
    return render(request, "services/conversation_withdrawn.html")


# Advisers -----------------------------------------------------------------


def _forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "services/adviser/forbidden.html", status=403)


@login_required(login_url=LOGIN_URL)
@never_cache
def adviser_queue(request: HttpRequest) -> HttpResponse:
    points_ = list(conversations.points_of(request.user))
    if not points_:
        return _forbidden(request)
    status_order = Case(
        When(status=ConversationRequest.Status.NEW, then=Value(0)),
        When(status=ConversationRequest.Status.PICKED_UP, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    queue = conversations.queue_for(request.user).order_by(status_order, "created_at")
    return render(request, "services/adviser/queue.html", {"points": points_, "queue": queue})


def _own_request(request: HttpRequest, pk: int) -> ConversationRequest | None:
    return conversations.queue_for(request.user).filter(pk=pk).first()


@login_required(login_url=LOGIN_URL)
@never_cache
def adviser_request(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_request(request, pk)
    if found is None:
        return _forbidden(request)
    conversations.log_view(found, request.user)  # type: ignore[arg-type]
    shared = build_route(found.route) if found.shares_route and found.route.get("goal") else None
    context = {"sent": found, "shared": shared, "views": found.views.select_related("user")[:20]}
    return render(request, "services/adviser/request.html", context)


@login_required(login_url=LOGIN_URL)
@require_POST
def adviser_pick_up(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = _own_request(request, pk)
    if found is None:
        return _forbidden(request)
    if conversations.pick_up(found, request.user):  # type: ignore[arg-type]
        conversations.notify_picked_up(found)
        messages.success(request, _("You picked up this request. Contact the person soon."))
    else:
        messages.warning(request, _("Another adviser already picked up this request."))
    return redirect("services:adviser_request", pk=pk)


@login_required(login_url=LOGIN_URL)
@require_POST
def adviser_done(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = _own_request(request, pk)
    if found is None:
        return _forbidden(request)
    conversations.mark_done(found)
    messages.success(request, _("The request is marked as done."))
    return redirect("services:adviser_queue")
