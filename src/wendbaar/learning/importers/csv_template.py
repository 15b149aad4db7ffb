"""The CSV template for offerings: one offering per line, ``;`` or ``,`` separated.

Columns (header required; see docs/learning.md for the full table): ``external_id``,
``provider``, ``title`` and ``cost`` are required; the others may be left out or empty.
The file must be UTF-8; a line that is not is refused on its own.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from wendbaar.learning.importers.common import (
    Record,
    RecordError,
    Refused,
    parse_date,
    parse_int,
    parse_price,
)

COLUMNS = (
    "external_id",
    "provider",
    "provider_marks",
    "title",
    "description",
    "kind",
    "skills",
    "nlqf_level",
    "eqf_level",
    "study_hours",
    "duration_weeks",
    "cost",
    "mode",
    "location",
    "postcode",
    "region",
    "language",
    "start_dates",
    "credential_id",
    "funding_kind",
    "kansberoep",
    "url",
)
REQUIRED = ("external_id", "provider", "title", "cost")
FUNDING_KINDS = ("", "course", "formal", "basic_skills", "advice")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", " ").replace(",", " ").split() if part]


def read(path: Path) -> Iterator[Record | Refused]:
    raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines()
    if not raw:
        yield Refused(path.name, "the file is empty")
        return
    try:
        header_line = raw[0].decode("utf-8")
    except UnicodeDecodeError:
        yield Refused(path.name, "the header is not UTF-8 text (wrong encoding)")
        return
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delimiter))]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown columns: {', '.join(unknown)}")
        yield Refused(path.name, "; ".join(parts))
        return
    for number, line in enumerate(raw[1:], start=2):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            yield Refused(f"line {number}", "wrong encoding: the line is not UTF-8 text")
            continue
        values = next(csv.reader([text], delimiter=delimiter))
        if len(values) != len(header):
            yield Refused(
                f"line {number}", f"{len(values)} values where the header has {len(header)}"
            )
            continue
        row = dict(zip(header, (v.strip() for v in values), strict=True))
        record_id = row.get("external_id") or f"line {number}"
        try:
            yield _record(row)
        except RecordError as exc:
            yield Refused(record_id, str(exc))


def _record(row: dict[str, str]) -> Record:
    get = row.get
    kansberoep = (get("kansberoep") or "").lower()
    if kansberoep not in ("", "yes", "no", "ja", "nee", "true", "false"):
        raise RecordError(f"kansberoep {kansberoep!r} is not yes or no")
    funding_kind = get("funding_kind") or ""
    if funding_kind not in FUNDING_KINDS:
        raise RecordError(f"funding_kind {funding_kind!r} is not one of {FUNDING_KINDS[1:]}")
    credential_id = get("credential_id") or ""
    return Record(
        external_id=get("external_id") or "",
        provider=get("provider") or "",
        provider_marks=_split(get("provider_marks") or ""),
        title=get("title") or "",
        description=get("description") or "",
        kind=get("kind") or "course",
        skill_uris=_split(get("skills") or ""),
        nlqf_level=get("nlqf_level") or "",
        eqf_level=get("eqf_level") or "",
        study_hours=parse_int(get("study_hours") or "", "study_hours"),
        duration_weeks=parse_int(get("duration_weeks") or "", "duration_weeks"),
        cost=parse_price(get("cost") or ""),
        mode=get("mode") or "classroom",
        location=get("location") or "",
        postcode=(get("postcode") or "").replace(" ", "")[:4],
        region=get("region") or "",
        language=get("language") or "nl",
        starts=[parse_date(d) for d in _split(get("start_dates") or "")],
        credential={"id": credential_id, "type": ["Achievement"]} if credential_id else {},
        funding_kind=funding_kind,
        kansberoep=None if not kansberoep else kansberoep in ("yes", "ja", "true"),
        url=get("url") or "",
    )
