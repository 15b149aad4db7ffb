"""The postcode table in the database: import (all or nothing) and place lookup."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.services import geo
from wendbaar.services.csv_input import FileErrors
from wendbaar.services.models import LabourMarketRegion, Municipality, PostcodeArea
from wendbaar.services.postcode_files import (
    AreaRecord,
    MunicipalityRecord,
    read_cbs_gwb,
    read_cbs_regions,
    read_pc4_table,
    region_key,
)


@dataclass(frozen=True)
class Place:
    """Where a person lives, or what they typed in the directory search."""

    label: str
    point: geo.Point
    municipality_code: str
    municipality_name: str
    region_code: str
    region_name: str
    pc4: str = ""

    def as_facts(self) -> dict[str, str]:
        return {"municipality": self.municipality_code, "region": self.region_code}


class PlaceNotFound(LookupError):
    def __init__(self, query: geo.PostcodeQuery | geo.NameQuery) -> None:
        super().__init__(query)
        self.query = query


def find_place(text: str) -> Place:
    """A postcode (any spacing or case) or a municipality or place name.

    Raises geo.PlaceError for input that is neither, PlaceNotFound when we do not know it.
    """
    query = geo.parse_place(text)
    if isinstance(query, geo.PostcodeQuery):
        area = (
            PostcodeArea.objects.select_related("municipality__region")
            .filter(code=query.pc4)
            .first()
        )
        if area is None:
            raise PlaceNotFound(query)
        return _place(query.display, area.point, area.municipality, area.code)
    municipality = (
        Municipality.objects.select_related("region").filter(search_name=query.key).first()
    )
    if municipality is not None:
        return _place(municipality.name, municipality.point, municipality)
    areas = list(
        PostcodeArea.objects.select_related("municipality__region").filter(search_place=query.key)
    )
    if not areas:
        raise PlaceNotFound(query)
    centre = geo.centroid(a.point for a in areas)
    assert centre is not None
    return _place(areas[0].place, centre, areas[0].municipality)


def _place(label: str, point: geo.Point, municipality: Municipality, pc4: str = "") -> Place:
    region = municipality.region
    return Place(
        label,
        point,
        municipality.code,
        municipality.name,
        region.code if region else "",
        region.name if region else "",
        pc4,
    )


def import_postcodes(
    path: Path,
    *,
    gwb: Path | None = None,
    regions: Path | None = None,
    demo: bool = False,
) -> dict[str, Any]:
    """Replace the postcode table with the file's; all or nothing.

    ``path`` is the PC4 table; ``gwb`` (CBS postcode-huisnummer file) supplies missing
    municipalities, ``regions`` (CBS "Gebieden in Nederland") names and regions.
    Returns counts of what changed; importing the same files again changes nothing.
    """
    areas = read_pc4_table(Path(path))
    by_gwb = read_cbs_gwb(Path(gwb)) if gwb else {}
    by_region_file = read_cbs_regions(Path(regions)) if regions else {}
    municipalities = _municipalities(str(path), areas, by_gwb, by_region_file)
    with transaction.atomic():
        summary = _write(areas, by_gwb, municipalities, demo)
    return summary


def _municipalities(
    source: str,
    areas: list[AreaRecord],
    by_gwb: dict[str, str],
    by_region_file: dict[str, MunicipalityRecord],
) -> dict[str, MunicipalityRecord]:
    """Each municipality once, with a name and (where known) a region; errors per line."""
    found: dict[str, MunicipalityRecord] = {}
    errors: list[tuple[int, str]] = []
    for area in areas:
        line = area.line
        code = area.municipality_code or by_gwb.get(area.pc4, "")
        if not code:
            errors.append((line, f"postcode {area.pc4} has no municipality (give --gwb)"))
            continue
        listed = by_region_file.get(code)
        name = (listed.name if listed else "") or area.municipality_name
        if not name:
            errors.append((line, f"municipality {code} has no name (give --regions)"))
            continue
        region = (listed.region_name if listed else "") or area.region_name
        cbs = (listed.region_cbs_code if listed else "") or area.region_cbs_code
        found.setdefault(code, MunicipalityRecord(code, name, region, cbs))
    if errors:
        raise FileErrors(source, errors)
    return found


def _write(
    areas: list[AreaRecord],
    by_gwb: dict[str, str],
    municipalities: dict[str, MunicipalityRecord],
    demo: bool,
) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    regions: dict[str, LabourMarketRegion] = {}
    for record in municipalities.values():
        if record.region_name and region_key(record.region_name) not in regions:
            key = region_key(record.region_name)
            region, created = LabourMarketRegion.objects.get_or_create(
                code=key, defaults={"name": record.region_name, "is_demo": demo}
            )
            if not created and (region.name, region.is_demo) != (record.region_name, demo):
                region.name, region.is_demo = record.region_name, demo
                region.save()
                counts["regions_changed"] += 1
            counts["regions_added"] += created
            regions[key] = region
    points: dict[str, list[geo.Point]] = defaultdict(list)
    for area in areas:
        points[area.municipality_code or by_gwb[area.pc4]].append(area.point)
    municipality_objects: dict[str, Municipality] = {}
    for code, record in municipalities.items():
        centre = geo.centroid(points[code])
        assert centre is not None
        region_obj = regions.get(region_key(record.region_name)) if record.region_name else None
        wanted: dict[str, Any] = {
            "name": record.name,
            "search_name": geo.name_key(record.name),
            "region": region_obj,
            "latitude": round(centre.latitude, 6),
            "longitude": round(centre.longitude, 6),
            "is_demo": demo,
        }
        municipality_objects[code] = _upsert(
            Municipality, "municipalities", {"code": code}, wanted, counts
        )
    for area in areas:
        wanted = {
            "municipality": municipality_objects[area.municipality_code or by_gwb[area.pc4]],
            "place": area.place,
            "search_place": geo.name_key(area.place),
            "latitude": round(area.point.latitude, 6),
            "longitude": round(area.point.longitude, 6),
            "is_demo": demo,
        }
        _upsert(PostcodeArea, "postcode_areas", {"code": area.pc4}, wanted, counts)
    stale_areas = PostcodeArea.objects.exclude(code__in=[a.pc4 for a in areas])
    counts["postcode_areas_removed"] = stale_areas.delete()[0]
    stale = Municipality.objects.exclude(code__in=list(municipalities))
    counts["municipalities_removed"] = stale.delete()[0]
    return {
        "postcode_areas": len(areas),
        "municipalities": len(municipalities),
        "regions": len(regions),
        "changes": sum(counts.values()),
        **{key: counts[key] for key in sorted(counts)},
    }


def _upsert(
    model: Any, name: str, key: dict[str, Any], wanted: dict[str, Any], counts: dict[str, int]
) -> Any:
    obj = model.objects.filter(**key).first()
    if obj is None:
        counts[f"{name}_added"] += 1
        return model.objects.create(**key, **wanted)
    if any(getattr(obj, field) != value for field, value in wanted.items()):
        for field, value in wanted.items():
            setattr(obj, field, value)
        obj.save()
        counts[f"{name}_changed"] += 1
    return obj
