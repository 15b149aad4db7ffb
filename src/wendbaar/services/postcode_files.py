"""Reading postcode-area files, without Django (see docs/services.md, "Postcode data").

Three inputs, of which only the first is required:

* a PC4 table: one row per four-digit postcode area with its centre, either as
  ``latitude``/``longitude`` or as Rijksdriehoek ``x``/``y`` (what centroids of the CBS
  PC4 map give), optionally with municipality, place and labour-market region;
* CBS "Buurt, wijk en gemeente voor postcode huisnummer" (``pc6hnrYYYYMMDD_gwb.csv``):
  the municipality of every address, reduced to the municipality of most addresses
  per PC4;
* CBS "Gebieden in Nederland" exported from StatLine as CSV: per municipality its
  name and labour-market region (arbeidsmarktregio).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from wendbaar.services import geo
from wendbaar.services.csv_input import FileErrors, Row, read_rows

_MUNICIPALITY = re.compile(r"^(?:GM)?(\d{1,4})$")
_REGION_CODE = re.compile(r"^AM\d{2}$")
_PC6 = re.compile(r"^([1-9]\d{3}) ?[A-Z]{2}$")

PC4_COLUMNS = ("pc4", "postcode", "pc4code")
LATITUDE = ("latitude", "lat", "breedtegraad")
LONGITUDE = ("longitude", "lon", "lengtegraad")
RD_X = ("x", "rd_x", "x_rd")
RD_Y = ("y", "rd_y", "y_rd")
MUNICIPALITY_CODE = ("municipality_code", "gemeentecode", "gm_code")
MUNICIPALITY_NAME = ("municipality", "municipality_name", "gemeentenaam", "gemeente")
PLACE = ("place", "woonplaats")
REGION_NAME = ("region", "labour_market_region", "arbeidsmarktregio")
REGION_CODE = ("region_code", "arbeidsmarktregiocode")


@dataclass(frozen=True)
class AreaRecord:
    line: int
    pc4: str
    point: geo.Point
    municipality_code: str
    municipality_name: str = ""
    place: str = ""
    region_name: str = ""
    region_cbs_code: str = ""


@dataclass(frozen=True)
class MunicipalityRecord:
    code: str
    name: str
    region_name: str = ""
    region_cbs_code: str = ""


def municipality_code(text: str) -> str:
    """CBS writes a municipality as 363, 0363 or GM0363; we keep GM0363."""
    match = _MUNICIPALITY.match(text.strip().upper())
    if match is None:
        raise ValueError(f"{text!r} is not a municipality code (like GM0363 or 363)")
    return f"GM{int(match.group(1)):04d}"


def region_key(name: str) -> str:
    """The identity of a labour-market region in rules: its name as a slug."""
    return geo.name_key(name).replace(" ", "-")


def _number(text: str, what: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None


def _point(row: Row, has_degrees: bool) -> geo.Point:
    if has_degrees:
        point = geo.Point(
            _number(row.get(*LATITUDE), "latitude"), _number(row.get(*LONGITUDE), "longitude")
        )
    else:
        point = geo.rd_to_wgs84(_number(row.get(*RD_X), "x"), _number(row.get(*RD_Y), "y"))
    if not geo.in_netherlands(point):
        raise ValueError(
            f"the centre ({point.latitude:.4f}, {point.longitude:.4f}) is not in the Netherlands"
        )
    return point


def _collect(path: Path, rows: Iterable[Row], read: Callable[[Row], None]) -> None:
    errors: list[tuple[int, str]] = []
    for row in rows:
        try:
            read(row)
        except ValueError as exc:
            errors.append((row.line, str(exc)))
    if errors:
        raise FileErrors(str(path), errors)


def read_pc4_table(path: Path) -> list[AreaRecord]:
    header, rows = read_rows(path)
    names = set(header)
    if not names & set(PC4_COLUMNS):
        raise FileErrors(str(path), [(1, f"no postcode column (one of {', '.join(PC4_COLUMNS)})")])
    has_degrees = bool(names & set(LATITUDE) and names & set(LONGITUDE))
    if not has_degrees and not (names & set(RD_X) and names & set(RD_Y)):
        raise FileErrors(
            str(path), [(1, "no centre columns: give latitude and longitude, or RD x and y")]
        )
    records: list[AreaRecord] = []
    seen: dict[str, int] = {}

    def read(row: Row) -> None:
        pc4 = row.get(*PC4_COLUMNS)
        if not re.fullmatch(r"[1-9]\d{3}", pc4):
            raise ValueError(f"{pc4!r} is not a four-digit postcode")
        if pc4 in seen:
            raise ValueError(f"postcode {pc4} is also on line {seen[pc4]}")
        seen[pc4] = row.line
        code = row.get(*MUNICIPALITY_CODE)
        records.append(
            AreaRecord(
                row.line,
                pc4,
                _point(row, has_degrees),
                municipality_code(code) if code else "",
                row.get(*MUNICIPALITY_NAME),
                row.get(*PLACE),
                row.get(*REGION_NAME),
                row.get(*REGION_CODE),
            )
        )

    _collect(path, rows, read)
    return records


def read_cbs_gwb(path: Path) -> dict[str, str]:
    """PC4 -> the municipality most of its addresses are in (areas can cross borders)."""
    header, rows = read_rows(path)
    pc6_column = next((h for h in header if h.startswith("pc6")), None)
    municipality_column = next((h for h in header if h.startswith("gem")), None)
    if pc6_column is None or municipality_column is None:
        raise FileErrors(str(path), [(1, "expected the columns PC6 and GemeenteYYYY")])
    votes: dict[str, Counter[str]] = defaultdict(Counter)

    def read(row: Row) -> None:
        match = _PC6.match(row.get(pc6_column).upper())
        if match is None:
            raise ValueError(f"{row.get(pc6_column)!r} is not a postcode like 1234AB")
        votes[match.group(1)][municipality_code(row.get(municipality_column))] += 1

    _collect(path, rows, read)
    return {pc4: counter.most_common(1)[0][0] for pc4, counter in votes.items()}


def _column_of(header: list[str], rows: list[Row], pattern: re.Pattern[str]) -> str | None:
    """The first column whose filled cells nearly all match ``pattern`` (CBS pads codes)."""
    for name in header:
        cells = [row.get(name) for row in rows if row.get(name)]
        if cells and sum(bool(pattern.match(c.upper())) for c in cells) >= 0.9 * len(cells):
            return name
    return None


def _named_column(header: list[str], *words: str, avoid: str | None) -> str | None:
    """A header with all ``words`` in it (StatLine names vary a little per year)."""
    for name in header:
        plain = geo.name_key(name)
        if name != avoid and all(word in plain for word in words):
            return name
    return None


def read_cbs_regions(path: Path) -> dict[str, MunicipalityRecord]:
    """Municipality code -> name and labour-market region, from "Gebieden in Nederland"."""
    header, row_iter = read_rows(path)
    rows = list(row_iter)
    gm = _column_of(header, rows, re.compile(r"^GM\d{4}$"))
    am = _column_of(header, rows, _REGION_CODE)
    gm_name = _named_column(header, "gemeentenaam", avoid=gm) or _named_column(
        header, "municipality", avoid=gm
    )
    am_name = _named_column(header, "arbeidsmarktregio", "naam", avoid=am) or _named_column(
        header, "arbeidsmarktregio", avoid=am
    )
    missing = [
        what
        for what, column in (
            ("municipality codes (GM0363)", gm),
            ("municipality names (Gemeentenaam)", gm_name),
            ("labour-market region names (Arbeidsmarktregio)", am_name),
        )
        if column is None
    ]
    if missing:
        raise FileErrors(str(path), [(1, "cannot find the columns with " + ", ".join(missing))])
    assert gm is not None and gm_name is not None and am_name is not None
    records: dict[str, MunicipalityRecord] = {}

    def read(row: Row) -> None:
        code = municipality_code(row.get(gm))
        name, region = row.get(gm_name), row.get(am_name)
        if not name or not region:
            raise ValueError(f"{code} has no name or no labour-market region")
        records[code] = MunicipalityRecord(code, name, region, row.get(am) if am else "")

    _collect(path, rows, read)
    return records
