"""``wendbaar manage import_postcodes PC4.csv [--gwb pc6hnr.csv] [--regions gebieden.csv]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wendbaar.errors import InputError
from wendbaar.services.postcodes import import_postcodes


class Command(BaseCommand):
    help = "Replace the postcode table (PC4 areas, municipalities, labour-market regions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="PC4 table with centres (see docs/services.md)")
        parser.add_argument("--gwb", type=Path, help="CBS pc6hnrYYYYMMDD_gwb.csv")
        parser.add_argument("--regions", type=Path, help="CBS 'Gebieden in Nederland' as CSV")
        parser.add_argument("--demo", action="store_true", help="mark the rows as demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = import_postcodes(
                options["path"],
                gwb=options["gwb"],
                regions=options["regions"],
                demo=options["demo"],
            )
        except InputError as exc:
            raise CommandError(f"{exc}\nNothing was changed.") from exc
        self.stdout.write(json.dumps(summary, indent=2))
