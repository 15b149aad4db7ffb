"""Places and distances without Django: postcode input, name keys, haversine, RD to WGS84.

Batch jobs and other domains reuse this module, so it imports only the standard library.
Errors carry a ``code`` rather than a sentence; the pages translate the code.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

EARTH_RADIUS_KM = 6371.0088
PLACE_MAX_LENGTH = 100
# Dutch postcodes: four digits without a leading zero, then optionally two letters.
_POSTCODE = re.compile(r"^([1-9][0-9]{3})(?: ?([A-Z]{2}))?$")
_DIGITS = re.compile(r"\d")
_NOT_NAME = re.compile(r"[^a-z0-9]+")


class PlaceError(ValueError):
    """Input that is neither a postcode nor a place name; ``code`` says why."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    POSTCODE_FORMAT = "postcode_format"

    def __init__(self, code: str, text: str = "") -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PostcodeQuery:
    """A postcode as typed, reduced to its four digits (PC4) for the area lookup."""

    pc4: str
    letters: str = ""

    @property
    def display(self) -> str:
        return f"{self.pc4} {self.letters}".strip()


@dataclass(frozen=True)
class NameQuery:
    """A municipality or place name, with the key it is looked up by."""

    name: str
    key: str


def name_key(text: str) -> str:
    """Compare place names loosely: "'s-Hertogenbosch", "s hertogenbosch" -> "s hertogenbosch"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_NAME.sub(" ", plain).strip()


def normalise_postcode(text: str) -> PostcodeQuery:
    """Accept "1234 ab", " 1234AB ", "1234" and "1234  AB"; raise PlaceError otherwise."""
    compact = " ".join(text.upper().split())
    match = _POSTCODE.match(compact)
    if match is None:
        raise PlaceError(PlaceError.POSTCODE_FORMAT, text)
    return PostcodeQuery(match.group(1), match.group(2) or "")


def parse_place(text: str) -> PostcodeQuery | NameQuery:
    """A postcode when the input has digits, else a municipality or place name."""
    stripped = text.strip()
    if not stripped:
        raise PlaceError(PlaceError.EMPTY, text)
    if len(stripped) > PLACE_MAX_LENGTH:
        raise PlaceError(PlaceError.TOO_LONG, text)
    if _DIGITS.search(stripped):
        return normalise_postcode(stripped)
    key = name_key(stripped)
    if not key:
        raise PlaceError(PlaceError.POSTCODE_FORMAT, text)
    return NameQuery(" ".join(stripped.split()), key)


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance; on centroids of postcode areas that is close enough."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def by_distance(
    origin: Point, items: Iterable[T], point_of: Callable[[T], Point | None]
) -> list[tuple[T, float]]:
    """Items with a location, nearest first; equal distances keep their input order."""
    located = [(item, point_of(item)) for item in items]
    measured = [(item, haversine_km(origin, p)) for item, p in located if p is not None]
    return sorted(measured, key=lambda pair: pair[1])


def centroid(points: Iterable[Point]) -> Point | None:
    """The mean of a few nearby points (a municipality from its postcode areas)."""
    listed = list(points)
    if not listed:
        return None
    return Point(
        sum(p.latitude for p in listed) / len(listed),
        sum(p.longitude for p in listed) / len(listed),
    )


# RD New (EPSG:28992) to WGS84 by the polynomial of Schreutelkamp and Strang van Hees;
# within a metre for the Netherlands, which is far better than a postcode centroid needs.
_RD_X0, _RD_Y0 = 155000.0, 463000.0
_WGS_LAT0, _WGS_LON0 = 52.15517440, 5.38720621
_LAT_TERMS = (
    (0, 1, 3235.65389),
    (2, 0, -32.58297),
    (0, 2, -0.24750),
    (2, 1, -0.84978),
    (0, 3, -0.06550),
    (2, 2, -0.01709),
    (1, 0, -0.00738),
    (4, 0, 0.00530),
    (2, 3, -0.00039),
    (4, 1, 0.00033),
    (1, 1, -0.00012),
)
_LON_TERMS = (
    (1, 0, 5260.52916),
    (1, 1, 105.94684),
    (1, 2, 2.45656),
    (3, 0, -0.81885),
    (1, 3, 0.05594),
    (3, 1, -0.05607),
    (0, 1, 0.01199),
    (3, 2, -0.00256),
    (1, 4, 0.00128),
    (0, 2, 0.00022),
    (2, 0, -0.00022),
    (5, 0, 0.00026),
)


def rd_to_wgs84(x: float, y: float) -> Point:
    """Convert Rijksdriehoek metres (as in the CBS PC4 map) to latitude and longitude."""
    dx = (x - _RD_X0) * 1e-5
    dy = (y - _RD_Y0) * 1e-5
    lat = sum(k * dx**p * dy**q for p, q, k in _LAT_TERMS) / 3600
    lon = sum(k * dx**p * dy**q for p, q, k in _LON_TERMS) / 3600
    return Point(_WGS_LAT0 + lat, _WGS_LON0 + lon)


def in_netherlands(point: Point) -> bool:
    """A loose box around the Netherlands, to catch swapped or garbled coordinates."""
    return 50.6 <= point.latitude <= 53.7 and 3.2 <= point.longitude <= 7.3
