"""Flags on a transition, each visible and explained: viable, desirable (wage), in demand
(tension in a region), in a chosen sector, and feasible within a chosen effort.

A flag is ``passed`` True, False or None (no data to tell), with a message key and the
values that explain it. Keys are stable identifiers, not sentences: the web layer turns
them into Dutch or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wendbaar.matching.engine.calibration import Thresholds
from wendbaar.matching.engine.signals import OccupationSignals
from wendbaar.matching.engine.tension import TensionTable

# Effort points per missing essential skill, by ESCO reuse level: transversal skills are
# quicker to pick up than occupation-specific ones. A partly covered requirement counts
# for its uncovered part.
EFFORT_BY_REUSE = (0.5, 1.0, 1.5, 2.0)  # transversal, cross-sector, sector-, occupation-specific
DEFAULT_WAGE_SHARE = 0.75


@dataclass(frozen=True)
class Flag:
    name: str
    passed: bool | None
    message: str
    values: dict[str, object] = field(default_factory=dict)


def viable_flag(score: float, thresholds: Thresholds) -> Flag:
    values: dict[str, object] = {
        "score": round(score, 3),
        "threshold": thresholds.viable,
        "highly_viable_threshold": thresholds.highly_viable,
    }
    if score >= thresholds.highly_viable:
        return Flag("viable", True, "viable.highly", values)
    if score >= thresholds.viable:
        return Flag("viable", True, "viable.yes", values)
    return Flag("viable", False, "viable.no", values)


def desirable_flag(
    origin: OccupationSignals | None,
    destination: OccupationSignals,
    share: float = DEFAULT_WAGE_SHARE,
    current_wage: float | None = None,
) -> Flag:
    """Expected (median) hourly wage of the destination against ``share`` of the current
    wage: the person's own when given, else the origin occupation's median."""
    current = current_wage
    if current is None and origin is not None and origin.wage is not None:
        current = origin.wage.p50
    if current is None or destination.wage is None:
        return Flag("desirable", None, "desirable.unknown", {"share": share})
    values: dict[str, object] = {
        "current_wage": round(current, 2),
        "expected_wage": destination.wage.p50,
        "ratio": round(destination.wage.p50 / current, 3) if current > 0 else None,
        "share": share,
        "wage_level": destination.wage.level,
        "wage_brc": destination.wage.brc,
    }
    if destination.wage.p50 >= share * current:
        return Flag("desirable", True, "desirable.yes", values)
    return Flag("desirable", False, "desirable.lower_wage", values)


def demand_flag(
    destination: OccupationSignals, tension: TensionTable | None, region: str | None
) -> Flag:
    found = (
        tension.get(destination.brc, region) if tension is not None and destination.brc else None
    )
    if found is None:
        return Flag("in_demand", None, "in_demand.unknown", {"region": region or ""})
    values: dict[str, object] = {
        "category": found.category,
        "value": found.value,
        "region": found.region,
        "period": found.period,
        "brc": found.brc,
        "national_fallback": bool(region) and found.region == "Nederland",
    }
    if found.shortage:
        return Flag("in_demand", True, "in_demand.shortage", values)
    return Flag("in_demand", False, "in_demand.no_shortage", values)


def sector_flag(destination: OccupationSignals, sectors: tuple[str, ...]) -> Flag:
    hits = sorted(destination.sectors & set(sectors))
    values: dict[str, object] = {"chosen": list(sectors), "matches": hits}
    if not sectors:
        return Flag("sector", None, "sector.none_chosen", values)
    if hits:
        return Flag("sector", True, "sector.yes", values)
    return Flag("sector", False, "sector.no", values)


def effort_flag(
    missing: int,
    knowledge: int,
    points: float,
    max_missing: int | None = None,
    max_effort: float | None = None,
) -> Flag:
    values: dict[str, object] = {
        "missing_essential": missing,
        "missing_knowledge": knowledge,
        "missing_skills": missing - knowledge,
        "effort_points": round(points, 2),
        "max_missing": max_missing,
        "max_effort": max_effort,
    }
    if max_missing is None and max_effort is None:
        return Flag("effort", None, "effort.no_limit", values)
    ok = (max_missing is None or missing <= max_missing) and (
        max_effort is None or points <= max_effort
    )
    return Flag("effort", ok, "effort.within" if ok else "effort.too_much", values)
