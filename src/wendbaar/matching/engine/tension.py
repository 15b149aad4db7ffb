"""Labour-market tension per BRC occupation group and labour-market region, from UWV's
Spanningsindicator.

UWV publishes the indicator every quarter (dashboard Spanningsindicator on werk.nl, with
a table download) for its occupation groups (BRC 2014) in the 35 arbeidsmarktregio's and
for the Netherlands as a whole. The indicator is the number of open vacancies divided by
the number of people in the first six months of unemployment benefit (WW), between 1/16
and 16, typed as zeer ruim (< 0.25), ruim (< 0.67), gemiddeld (< 1.5), krap (< 4) and
zeer krap (>= 4). The download is a long table; its headings vary between releases, so
each column is found by any of several names (see ``COLUMNS``), values may use a decimal
comma, and a row may give the value, the typering or both. Occupation groups are matched
by BRC code when there is one (a column, or a code before the name) and otherwise by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wendbaar.matching.engine.tables import TableError, fold, number, read_table

# (typering, lower bound of the indicator), from ruim to krap.
CATEGORIES = (
    ("zeer ruim", 0.0),
    ("ruim", 0.25),
    ("gemiddeld", 0.67),
    ("krap", 1.5),
    ("zeer krap", 4.0),
)
SHORTAGE = ("krap", "zeer krap")
NATIONAL = "nederland"
COLUMNS = {
    "period": ("periode", "kwartaal", "period", ""),
    "region": ("arbeidsmarktregio", "regio", "region", ""),
    "group": ("beroepsgroep", "beroep", "beroepsgroep brc", "occupation group"),
    "code": ("beroepsgroepcode", "brc code", "brc", "code", ""),
    "value": ("spanningsindicator", "spanning", "indicator", "waarde", ""),
    "category": ("typering", "spanningstypering", "categorie", "typering spanning", ""),
}
_CODE = re.compile(r"^\s*(\d{4})\b\s*(.*)$")
_PERIOD = re.compile(r"(\d{4})\D*?([1-4])|([1-4])\D+(\d{4})")


def category_of(value: float) -> str:
    found = CATEGORIES[0][0]
    for name, lower in CATEGORIES:
        if value >= lower:
            found = name
    return found


def period_key(period: str) -> tuple[int, int]:
    """(year, quarter) of "2024 kwartaal 2", "2024K2", "2e kwartaal 2024"; (0, 0) if none."""
    match = _PERIOD.search(period)
    if not match:
        return (0, 0)
    if match.group(1):
        return int(match.group(1)), int(match.group(2))
    return int(match.group(4)), int(match.group(3))


@dataclass(frozen=True)
class Tension:
    brc: str
    region: str  # as the file names it; "Nederland" for the national figure
    category: str
    value: float | None
    period: str

    @property
    def shortage(self) -> bool:
        return self.category in SHORTAGE


@dataclass
class TensionTable:
    entries: dict[tuple[str, str], Tension]  # (BRC code, folded region) -> latest figure
    source: str = ""
    issues: list[str] = field(default_factory=list)  # rows that could not be placed

    def get(self, brc: str, region: str | None = None) -> Tension | None:
        """The figure for the region, else the national one, else None."""
        if region:
            found = self.entries.get((brc, fold(region)))
            if found is not None:
                return found
        return self.entries.get((brc, NATIONAL))

    @property
    def regions(self) -> list[str]:
        return sorted({t.region for t in self.entries.values()})


def load_spanningsindicator(path: Path, brc_labels: dict[str, str]) -> TensionTable:
    """Read a Spanningsindicator table; ``brc_labels`` (code -> name) places the groups.

    The latest period wins per group and region. Rows naming an unknown group are listed
    in ``issues``; a file with no usable row at all is refused.
    """
    path = Path(path)
    by_name = {fold(label): code for code, label in brc_labels.items()}
    entries: dict[tuple[str, str], Tension] = {}
    issues: list[str] = []
    for line, row in read_table(path, COLUMNS):
        code = row.get("code", "")
        name = row["group"]
        match = _CODE.match(name)
        if match:
            code = code or match.group(1)
            name = match.group(2)
        if code not in brc_labels:
            code = by_name.get(fold(name), "")
        if not code:
            issues.append(f"{path.name}, line {line}: unknown occupation group {row['group']!r}")
            continue
        value = number(row.get("value", ""), path, line)
        category = fold(row.get("category", ""))
        if category and category not in {c for c, _ in CATEGORIES}:
            raise TableError(str(path), f"unknown typering {row['category']!r}", line)
        if value is None and not category:
            issues.append(f"{path.name}, line {line}: no value and no typering")
            continue
        if value is not None:
            value = min(max(value, 1 / 16), 16.0)
        region = row.get("region", "") or "Nederland"
        if fold(region) in ("totaal", "nederland", "nl"):
            region = "Nederland"
        tension = Tension(
            code, region, category or category_of(value or 0.0), value, row.get("period", "")
        )
        key = (code, fold(region))
        if key not in entries or period_key(tension.period) >= period_key(entries[key].period):
            entries[key] = tension
    if not entries:
        raise TableError(str(path), "no row names a known BRC occupation group")
    return TensionTable(entries, str(path), issues)
