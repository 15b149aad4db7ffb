"""CSV import of service points: every line checked first, then all saved or none.

One line per service point, matched on ``slug`` (a new slug adds a point, a known one
updates it; points not in the file stay as they are). Lists (``topics``, ``audiences``)
are separated by ``|``. The columns are described in docs/services.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wendbaar.services import choices, geo
from wendbaar.services.csv_input import FileErrors, Row, read_rows
from wendbaar.services.models import PostcodeArea, ServicePoint

REQUIRED = ("slug", "name", "kind", "description_nl", "access", "cost")
TEXT_COLUMNS = (
    "name",
    "kind",
    "description_nl",
    "description_en",
    "street",
    "city",
    "opening_hours_nl",
    "opening_hours_en",
    "phone",
    "email",
    "website",
    "access",
    "cost",
    "cost_note_nl",
    "cost_note_en",
    "quality_mark",
)
LIST_COLUMNS = {"topics": choices.Topic, "audiences": choices.Audience}
YES = {"yes", "ja", "true", "1", "y", "j"}
NO = {"no", "nee", "false", "0", "n", ""}


def _flag(row: Row, name: str, default: bool) -> bool:
    if name not in row.values:
        return default
    text = row.get(name).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{name}: {row.get(name)!r} is not yes or no")


def _codes(row: Row, name: str, enum: type[Any]) -> list[str]:
    codes = [c.strip() for c in row.get(name).split("|") if c.strip()]
    unknown = [c for c in codes if c not in enum.values]
    if unknown:
        raise ValueError(f"{name}: unknown {', '.join(unknown)} (known: {', '.join(enum.values)})")
    return codes


def _location(row: Row, nationwide: bool) -> dict[str, Any]:
    """Coordinates from the file, else the centre of the postcode area."""
    postcode = ""
    area = None
    if row.get("postcode"):
        try:
            query = geo.normalise_postcode(row.get("postcode"))
        except geo.PlaceError:
            raise ValueError(f"postcode {row.get('postcode')!r} is not like 1234 AB") from None
        postcode = query.display
        area = PostcodeArea.objects.select_related("municipality").filter(code=query.pc4).first()
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat or lon:
        try:
            point = geo.Point(float(lat.replace(",", ".")), float(lon.replace(",", ".")))
        except ValueError:
            raise ValueError("latitude and longitude must both be numbers") from None
        if not geo.in_netherlands(point):
            raise ValueError("latitude and longitude are not in the Netherlands")
    elif area is not None:
        point = area.point
    elif nationwide:
        return {"postcode": postcode, "latitude": None, "longitude": None, "region": None}
    elif postcode:
        raise ValueError(
            f"postcode {postcode} is not in the postcode table; give latitude and longitude"
        )
    else:
        raise ValueError("give a postcode, latitude and longitude, or nationwide=yes")
    return {
        "postcode": postcode,
        "latitude": round(point.latitude, 6),
        "longitude": round(point.longitude, 6),
        "region": area.municipality.region if area else None,
    }


def _wanted(row: Row, demo: bool) -> dict[str, Any]:
    missing = [name for name in REQUIRED if not row.get(name)]
    if missing:
        raise ValueError(f"empty {', '.join(missing)}")
    nationwide = _flag(row, "nationwide", False)
    return {
        **{name: row.get(name) for name in TEXT_COLUMNS},
        **{name: _codes(row, name, enum) for name, enum in LIST_COLUMNS.items()},
        **_location(row, nationwide),
        "nationwide": nationwide,
        "accepts_requests": _flag(row, "accepts_requests", True),
        "is_demo": demo,
    }


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            for field, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def import_service_points(path: Path, *, demo: bool = False) -> dict[str, int]:
    """Check every line, then save all; a bad file raises FileErrors and saves nothing."""
    header, rows = read_rows(Path(path))
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        raise FileErrors(str(path), [(1, f"missing columns: {', '.join(absent)}")])
    errors: list[tuple[int, str]] = []
    planned: list[tuple[ServicePoint, bool]] = []
    seen: dict[str, int] = {}
    existing = {p.slug: p for p in ServicePoint.objects.all()}
    for row in rows:
        slug = row.get("slug")
        if slug in seen:
            errors.append((row.line, f"slug {slug!r} is also on line {seen[slug]}"))
            continue
        seen[slug] = row.line
        try:
            wanted = _wanted(row, demo)
            point = existing.get(slug) or ServicePoint(slug=slug)
            changed = point.pk is None or any(
                getattr(point, name) != value for name, value in wanted.items()
            )
            for name, value in wanted.items():
                setattr(point, name, value)
            point.full_clean(validate_unique=False)
        except ValueError as exc:
            errors.append((row.line, str(exc)))
        except ValidationError as exc:
            errors.append((row.line, _messages(exc)))
        else:
            planned.append((point, changed))
    if errors:
        raise FileErrors(str(path), errors)
    summary = {"added": 0, "changed": 0, "unchanged": 0}
    with transaction.atomic():
        for point, changed in planned:
            key = "added" if point.pk is None else "changed" if changed else "unchanged"
            if key != "unchanged":
                point.save()
            summary[key] += 1
    return summary
