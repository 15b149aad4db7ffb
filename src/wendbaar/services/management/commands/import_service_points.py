"""``wendbaar manage import_service_points points.csv``: add or update service points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wendbaar.errors import InputError
from wendbaar.services.point_import import import_service_points


class Command(BaseCommand):
    help = "Add or update service points from a CSV file; a bad file changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--demo", action="store_true", help="mark the points as demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = import_service_points(options["path"], demo=options["demo"])
        except InputError as exc:
            raise CommandError(f"{exc}\nNothing was changed.") from exc
        self.stdout.write(
            f"{summary['added']} added, {summary['changed']} changed, "
            f"{summary['unchanged']} unchanged"
        )
