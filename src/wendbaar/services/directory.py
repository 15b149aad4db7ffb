"""Finding service points: by place (nearest first), kind and question."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wendbaar.services import geo
from wendbaar.services.models import ServicePoint
from wendbaar.services.postcodes import Place


@dataclass(frozen=True)
class Found:
    point: ServicePoint
    distance_km: float | None = None


@dataclass(frozen=True)
class Results:
    local: list[Found]
    nationwide: list[ServicePoint]


def _matches(point: ServicePoint, topics: Iterable[str]) -> bool:
    wanted = set(topics)
    return not wanted or bool(wanted & set(point.topics))


def search_points(
    place: Place | None,
    *,
    kind: str = "",
    topics: Iterable[str] = (),
    requests_only: bool = False,
) -> Results:
    """Points with an address, nearest first when a place is given (else by name), and
    apart from them the points that serve the whole country online or by phone."""
    points = ServicePoint.objects.select_related("region")
    if kind:
        points = points.filter(kind=kind)
    if requests_only:
        points = points.filter(accepts_requests=True)
    wanted = list(topics)
    matching = [p for p in points if _matches(p, wanted)]
    nationwide = [p for p in matching if p.nationwide]
    located = [p for p in matching if not p.nationwide]
    if place is None:
        return Results([Found(p) for p in located], nationwide)
    ordered = geo.by_distance(place.point, located, lambda p: p.point)
    return Results([Found(p, km) for p, km in ordered], nationwide)
