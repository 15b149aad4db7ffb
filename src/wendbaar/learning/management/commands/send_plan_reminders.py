"""`wendbaar manage send_plan_reminders`: e-mail people whose plan actions are due soon."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wendbaar.learning.plans import send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder for development-plan actions due within --days (default 7)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(days=options["days"])
        self.stdout.write(f"{sent} reminder e-mails sent")
