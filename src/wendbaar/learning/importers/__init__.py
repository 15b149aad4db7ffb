"""Importing the learning offer: EDU-DEX XML, the CSV template, Open Badges 3.0 JSON.

``import_files(paths)`` detects each file's format, imports record by record and returns
one report listing every refused record with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from wendbaar.learning.importers import csv_template, edudex, openbadges
from wendbaar.learning.importers.common import (
    ImportReport,
    Refused,
    SkillLinker,
    default_linker,
    import_records,
)

__all__ = ["ImportReport", "detect", "import_file", "import_files"]


def detect(path: Path) -> str:
    """ "edudex", "csv" or "openbadges", from the name and the first bytes."""
    head = path.read_bytes()[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    suffix = path.suffix.lower()
    if suffix == ".xml" or head.startswith(b"<"):
        return "edudex"
    if suffix in (".json", ".jsonld") or head.startswith((b"{", b"[")):
        return "openbadges"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    raise ValueError(f"{path.name}: not an EDU-DEX XML, CSV or Open Badges JSON file")


def import_file(
    path: Path,
    *,
    link: SkillLinker | None = None,
    use_linker: bool = True,
    demo: bool = False,
    today: dt.date | None = None,
    namespace: str = "",
) -> ImportReport:
    """Import one file; ``namespace`` prefixes the source (an organisation's own uploads
    never update another organisation's offerings)."""
    report = ImportReport(path.name)
    try:
        kind = detect(path)
    except (OSError, ValueError) as exc:
        report.refused.append(Refused(path.name, str(exc)))
        return report
    if kind == "openbadges":
        data, error = openbadges.read_json(path)
        if error:
            report.refused.append(Refused(path.name, error))
        elif not openbadges.looks_like(data):
            report.refused.append(Refused(path.name, "not Open Badges 3.0 achievements"))
        else:
            openbadges.import_achievements(path, data, report)
        return report
    if link is None and use_linker:
        link = default_linker()
    if kind == "edudex":
        import_records(
            edudex.read(path), f"{namespace}edudex", report, link, demo=demo, today=today
        )
    else:
        source = f"{namespace}csv:{path.stem}"
        import_records(csv_template.read(path), source, report, link, demo=demo, today=today)
    return report


def import_files(
    paths: Iterable[Path],
    *,
    link: SkillLinker | None = None,
    use_linker: bool = True,
    demo: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    paths = list(paths)
    if link is None and use_linker:
        link = default_linker()  # built once for every file
    total = ImportReport(", ".join(p.name for p in paths))
    for path in paths:
        total.merge(import_file(path, link=link, use_linker=use_linker, demo=demo, today=today))
    return total
