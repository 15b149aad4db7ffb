"""XML Schema ``dateTimeStamp`` values as the VC data model uses them (always with a zone)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_DATE_TIME_STAMP = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def format_datetime(moment: datetime) -> str:
    """``2024-08-30T12:00:00Z``: UTC, whole seconds, as credentials and proofs carry it."""
    if moment.tzinfo is None:
        raise ValueError("a credential date needs a time zone")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: object) -> datetime:
    """An aware datetime from a ``dateTimeStamp`` string; ValueError says what is wrong."""
    if not isinstance(value, str) or not _DATE_TIME_STAMP.match(value):
        raise ValueError(f"{value!r} is not a date-time with a time zone")
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
