"""Rank the moves from one origin with every flag visible: viable, desirable, in demand,
sector and effort. Flags named in ``require`` filter; the others are only shown.
A required flag without data (``passed`` None) does not pass."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wendbaar.matching.engine.calibration import Thresholds
from wendbaar.matching.engine.filters import (
    DEFAULT_WAGE_SHARE,
    EFFORT_BY_REUSE,
    Flag,
    demand_flag,
    desirable_flag,
    effort_flag,
    sector_flag,
    viable_flag,
)
from wendbaar.matching.engine.fit import PARTIAL_MIN
from wendbaar.matching.engine.gaps import Gaps
from wendbaar.matching.engine.profiles import Resolution, Skills
from wendbaar.matching.engine.signals import SECTORS, LabourMarket, OccupationSignals

FLAGS = ("viable", "desirable", "in_demand", "sector", "effort")


@dataclass(frozen=True)
class TransitionQuery:
    region: str | None = None  # arbeidsmarktregio, for the tension flag
    wage_share: float = DEFAULT_WAGE_SHARE
    current_wage: float | None = None  # hourly; default: the origin occupation's median
    sectors: tuple[str, ...] = ()  # see signals.SECTORS
    max_missing: int | None = None  # essential skills still missing
    max_effort: float | None = None  # effort points (filters.EFFORT_BY_REUSE)
    require: tuple[str, ...] = ("viable",)
    top: int = 20

    def __post_init__(self) -> None:
        unknown = set(self.require) - set(FLAGS)
        if unknown:
            raise ValueError(f"unknown flags {sorted(unknown)}; use {', '.join(FLAGS)}")
        unknown = set(self.sectors) - set(SECTORS)
        if unknown:
            raise ValueError(f"unknown sectors {sorted(unknown)}; use {', '.join(SECTORS)}")

    @property
    def required(self) -> set[str]:
        """Flags that filter: a sector or effort requirement without a choice is ignored."""
        out = set(self.require)
        if not self.sectors:
            out.discard("sector")
        if self.max_missing is None and self.max_effort is None:
            out.discard("effort")
        return out


@dataclass
class TransitionOption:
    destination: int
    scores: dict[str, float]
    flags: dict[str, Flag]
    gaps: list[tuple[int, float]]  # essential skills not fully covered: (skill, uncovered part)


@dataclass
class TransitionResult:
    """``status``: "ok", "empty" (nothing to start from) or "unknown" (origin not found)."""

    status: str
    options: list[TransitionOption] = field(default_factory=list)
    guidance: str = ""
    issues: list[Resolution] = field(default_factory=list)


def rank_options(
    scores: dict[str, np.ndarray],
    gaps: Gaps,
    skills: Skills,
    market: LabourMarket | None,
    thresholds: Thresholds,
    query: TransitionQuery,
    origin: OccupationSignals | None,
    exclude: tuple[int, ...] = (),
) -> list[TransitionOption]:
    """The best ``query.top`` destinations passing every required flag, by combined score."""
    combined = scores["combined"]
    n = len(combined)
    missing = gaps.missing_count()
    owner = np.repeat(np.arange(n), np.diff(gaps.offsets))
    knowledge = np.bincount(
        owner[(gaps.gaps > 1 - PARTIAL_MIN) & skills.is_knowledge[gaps.skills]], minlength=n
    )
    points = np.bincount(
        owner, weights=gaps.gaps * np.array(EFFORT_BY_REUSE)[skills.reuse[gaps.skills]], minlength=n
    )
    required = query.required
    keep = np.ones(n, dtype=bool)
    keep[list(exclude)] = False
    if "viable" in required:
        keep &= combined >= thresholds.viable
    if "effort" in required:
        if query.max_missing is not None:
            keep &= missing <= query.max_missing
        if query.max_effort is not None:
            keep &= points <= query.max_effort
    if market is not None:
        if "sector" in required:
            keep &= market.in_sectors(query.sectors)
        if "in_demand" in required:
            keep &= market.shortage(query.region)
    elif {"sector", "in_demand", "desirable"} & required:
        keep[:] = False  # no labour-market data: nothing can be shown to pass
    candidates = np.flatnonzero(keep)
    candidates = candidates[np.lexsort((candidates, -combined[candidates]))]
    options = []
    for d in candidates:
        flags = {"viable": viable_flag(float(combined[d]), thresholds)}
        if market is not None:
            dest = market[int(d)]
            flags["desirable"] = desirable_flag(origin, dest, query.wage_share, query.current_wage)
            flags["in_demand"] = demand_flag(dest, market.tension, query.region)
            flags["sector"] = sector_flag(dest, query.sectors)
        flags["effort"] = effort_flag(
            int(missing[d]),
            int(knowledge[d]),
            float(points[d]),
            query.max_missing,
            query.max_effort,
        )
        if any(flags[name].passed is not True for name in required if name in flags):
            continue
        options.append(
            TransitionOption(
                int(d),
                {facet: float(values[d]) for facet, values in scores.items()},
                flags,
                gaps.of(int(d)),
            )
        )
        if len(options) == query.top:
            break
    return options
