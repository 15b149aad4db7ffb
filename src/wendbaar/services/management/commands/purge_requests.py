"""Delete conversation requests (and their view log) older than the retention period.

Run it daily (cron or a systemd timer), like Django's `clearsessions`: a request is only
kept as long as the conversation needs it (privacy by design, docs/services.md).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wendbaar.services.models import ConversationRequest


class Command(BaseCommand):
    help = "Delete conversation requests older than WENDBAAR_REQUEST_RETENTION_DAYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.WENDBAAR_REQUEST_RETENTION_DAYS,
            help="keep requests younger than this many days",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError(f"--days must be at least 1, not {days}")
        cutoff = timezone.now() - timedelta(days=days)
        count, _per_model = ConversationRequest.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"deleted {count} records of requests sent before {cutoff:%Y-%m-%d}")
