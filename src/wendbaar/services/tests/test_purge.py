"""Old conversation requests are deleted with their view log; young ones stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wendbaar.accounts.models import User
from wendbaar.services.models import ConversationRequest, RequestView, ServicePoint

pytestmark = pytest.mark.django_db


def _request(point: ServicePoint, token: str, age_days: int) -> ConversationRequest:
    request = ConversationRequest.objects.create(service_point=point, name="Sam", token_hash=token)
    ConversationRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=age_days)
    )
    return request


def test_purge_deletes_only_requests_older_than_the_retention(
    settings: Any, points: dict[str, ServicePoint]
) -> None:
    settings.WENDBAAR_REQUEST_RETENTION_DAYS = 30
    point = points["utrecht"]
    old = _request(point, "a" * 64, age_days=31)
    young = _request(point, "b" * 64, age_days=29)
    adviser = User.objects.create_user("adviseur", password="geheim-wachtwoord-1")
    RequestView.objects.create(request=old, user=adviser)
    out = StringIO()
    call_command("purge_requests", stdout=out)
    assert list(ConversationRequest.objects.all()) == [young]
    assert not RequestView.objects.exists()
    assert out.getvalue().startswith("deleted 2 records")


def test_purge_refuses_a_retention_below_one_day() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("purge_requests", days=0)
