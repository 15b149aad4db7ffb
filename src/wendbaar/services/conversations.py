"""Conversation requests: sending, the secret link, picking up, withdrawing, e-mails.

E-mails to the service point hold no personal details, only a link to the queue: the
details stay behind the adviser login, where every view is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wendbaar.services.models import (
    ConversationRequest,
    RequestView,
    ServicePoint,
    ServicePointMember,
    new_token,
    token_hash,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from wendbaar.accounts.models import User

AbsoluteUrl = Callable[[str], str]


def create_request(
    point: ServicePoint,
    data: dict[str, Any],
    route_answers: dict[str, Any] | None,
    language: str,
) -> tuple[ConversationRequest, str]:
    """Store the request; the route only when the person agreed to share it."""
    token, hashed = new_token()
    shares = bool(data.get("share_route")) and route_answers is not None
    request = ConversationRequest.objects.create(
        service_point=point,
        name=data["name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        question=data.get("question", ""),
        shares_route=shares,
        route=route_answers if shares and route_answers else {},
        language=language,
        token_hash=hashed,
    )
    return request, token


def by_token(token: str) -> ConversationRequest | None:
    return (
        ConversationRequest.objects.select_related("service_point")
        .filter(token_hash=token_hash(token))
        .first()
    )


def withdraw(request: ConversationRequest) -> None:
    """Withdrawing deletes the request and its view log; nothing of it is kept."""
    request.delete()


def points_of(user: User | AnonymousUser) -> QuerySet[ServicePoint]:
    if not user.is_authenticated:
        return ServicePoint.objects.none()
    return ServicePoint.objects.filter(
        pk__in=ServicePointMember.objects.filter(user=user).values("service_point")
    )


def queue_for(user: User | AnonymousUser) -> QuerySet[ConversationRequest]:
    return ConversationRequest.objects.filter(service_point__in=points_of(user)).select_related(
        "service_point", "picked_up_by"
    )


def log_view(request: ConversationRequest, user: User) -> None:
    RequestView.objects.create(request=request, user=user, saw_route=request.shares_route)


def pick_up(request: ConversationRequest, user: User) -> bool:
    """Take a new request; False when another adviser was first."""
    with transaction.atomic():
        taken = ConversationRequest.objects.filter(
            pk=request.pk, status=ConversationRequest.Status.NEW
        ).update(
            status=ConversationRequest.Status.PICKED_UP,
            picked_up_by=user,
            picked_up_at=timezone.now(),
        )
    request.refresh_from_db()
    return taken == 1


def mark_done(request: ConversationRequest) -> None:
    request.status = ConversationRequest.Status.DONE
    request.save(update_fields=["status"])


def _mail(template: str, context: dict[str, Any], to: str, language: str) -> None:
    with translation.override(language):
        subject = render_to_string(f"services/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"services/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


def notify_new(request: ConversationRequest, token: str, absolute: AbsoluteUrl) -> None:
    point = request.service_point
    if point.email:
        _mail(
            "new_request",
            {"point": point, "queue_url": absolute(reverse("services:adviser_queue"))},
            point.email,
            "nl",
        )
    if request.email:
        status_url = absolute(reverse("services:conversation_status", args=[token]))
        _mail(
            "request_sent",
            {"point": point, "request": request, "status_url": status_url},
            request.email,
            request.language,
        )


def notify_picked_up(request: ConversationRequest) -> None:
    if request.email:
        _mail(
            "request_picked_up",
            {"point": request.service_point, "request": request},
            request.email,
            request.language,
        )
