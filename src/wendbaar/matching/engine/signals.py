"""Labour-market signals per ESCO occupation: BRC group (CBS crosswalk from its ISCO
code), hourly wage quartiles and employees per BRC group (CBS 85517NED), employment per
ISCO 2-digit group (Eurostat), tension per region (UWV, :mod:`tension`), green and
digital markers (ESCO collections) and the sectors used by the filters.

Wages are only published for groups with enough employees; a group without figures
takes those of its BRC parent (three digits, then the class, then all of the
Netherlands) and says so in ``Wage.level``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wendbaar.matching.engine.profiles import OccupationProfiles
from wendbaar.matching.engine.tables import TableError, number, read_table
from wendbaar.matching.engine.tension import TensionTable

# An occupation is marked green (digital) when this share of its essential skills is in
# ESCO's green (digital) skills collection, and at least MARKER_MIN_SKILLS of them.
MARKER_SHARE = 0.2
MARKER_MIN_SKILLS = 2
WAGE_LEVELS = ("group", "subclass", "class", "total")

# Sectors and transitions a person can choose (docs/matching.md): by BRC class, plus the
# energy transition by ISCO unit group (installation, grid and generation work).
SECTOR_BRC_CLASSES = {
    "care": ("10",),
    "education": ("01",),
    "technology": ("07", "08"),
    "ict": ("08",),
}
ENERGY_ISCO = frozenset(
    {
        "2143",  # environmental engineers
        "2149",  # engineering professionals not elsewhere classified (e.g. energy engineers)
        "2151",  # electrical engineers
        "3113",  # electrical engineering technicians
        "3131",  # power production plant operators
        "7124",  # insulation workers
        "7126",  # plumbers and pipe fitters (heat pumps, district heating)
        "7127",  # air conditioning and refrigeration mechanics
        "7411",  # building and related electricians
        "7412",  # electrical mechanics and fitters
        "7413",  # electrical line installers and repairers
    }
)
SECTORS = (*SECTOR_BRC_CLASSES, "energy", "green", "digital")


@dataclass(frozen=True)
class Wage:
    p25: float
    p50: float
    p75: float
    brc: str  # the BRC code the figures belong to
    level: str  # "group", "subclass", "class" or "total" (fallbacks for small groups)


@dataclass(frozen=True)
class OccupationSignals:
    brc: str
    brc_label: str
    brc_class: str
    wage: Wage | None
    employees_thousands: float | None  # CBS, employees in the BRC group
    isco2_employed_thousands: float | None  # Eurostat, employed in the ISCO 2-digit group
    green_share: float
    digital_share: float
    green: bool
    digital: bool
    sectors: frozenset[str]


@dataclass
class BrcGroup:
    code: str
    label: str
    brc_class: str


def load_isco_to_brc(path: Path) -> dict[str, BrcGroup]:
    """ISCO-08 unit group (4 digits) -> its BRC group, from the CBS crosswalk table."""
    columns = {
        "isco": ("isco08_unit",),
        "brc": ("brc_group",),
        "label": ("brc_group_label",),
        "class": ("brc_class",),
    }
    out = {}
    for line, row in read_table(path, columns):
        if not (row["isco"].isdigit() and row["brc"].isdigit()):
            raise TableError(str(path), "ISCO and BRC codes must be digits", line)
        out[row["isco"]] = BrcGroup(row["brc"], row["label"], row["class"])
    return out


def load_wages(path: Path) -> dict[str, tuple[float | None, Wage | None]]:
    """BRC code (any level, "Totaal") -> (employees in thousands, wage quartiles)."""
    columns = {
        "brc": ("brc",),
        "employees": ("employees_thousands",),
        "p25": ("p25",),
        "p50": ("p50",),
        "p75": ("p75",),
    }
    out: dict[str, tuple[float | None, Wage | None]] = {}
    for line, row in read_table(path, columns):
        code = row["brc"]
        quartiles = [number(row[k], path, line) for k in ("p25", "p50", "p75")]
        wage = None
        if all(q is not None for q in quartiles):
            p25, p50, p75 = (float(q or 0) for q in quartiles)
            level = (
                WAGE_LEVELS[4 - len(code)] if code.isdigit() and 2 <= len(code) <= 4 else "total"
            )
            wage = Wage(p25, p50, p75, code, level)
        out[code] = (number(row["employees"], path, line), wage)
    return out


def load_isco2_employment(path: Path) -> dict[str, float]:
    """ISCO 2-digit code ("21") -> employed persons in thousands (Eurostat lfsa_egai2d)."""
    out = {}
    for line, row in read_table(path, {"isco": ("isco08",), "value": ("employed_thousands",)}):
        value = number(row["value"], path, line)
        if value is not None:
            out[row["isco"].removeprefix("OC")] = value
    return out


def _wage_for(code: str, wages: Mapping[str, tuple[float | None, Wage | None]]) -> Wage | None:
    for level, candidate in zip(WAGE_LEVELS, (code, code[:3], code[:2], "Totaal"), strict=True):
        found = wages.get(candidate, (None, None))[1]
        if found is not None:
            return Wage(found.p25, found.p50, found.p75, candidate, level)
    return None


def collection_shares(profiles: OccupationProfiles, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(share, count) of each occupation's essential skills in a skill collection."""
    members = profiles.skills.in_collection(name).astype(np.float32)
    counts = profiles.essential @ members
    sizes = np.diff(profiles.essential.indptr)
    return counts / np.maximum(sizes, 1), counts


class LabourMarket:
    """Signals for every occupation of ``profiles``; tension is optional."""

    def __init__(
        self,
        profiles: OccupationProfiles,
        isco_to_brc: dict[str, BrcGroup],
        wages: Mapping[str, tuple[float | None, Wage | None]],
        isco2_employment: dict[str, float],
        tension: TensionTable | None = None,
    ):
        self.tension = tension
        self.brc_labels = {g.code: g.label for g in isco_to_brc.values()}
        green, green_n = collection_shares(profiles, "green")
        digital, digital_n = collection_shares(profiles, "digital")
        self.signals: list[OccupationSignals] = []
        for i, occ in enumerate(profiles.occupations):
            group = isco_to_brc.get(occ.isco)
            code = group.code if group else ""
            is_green = bool(green[i] >= MARKER_SHARE and green_n[i] >= MARKER_MIN_SKILLS)
            is_digital = bool(digital[i] >= MARKER_SHARE and digital_n[i] >= MARKER_MIN_SKILLS)
            brc_class = group.brc_class if group else ""
            sectors = {s for s, classes in SECTOR_BRC_CLASSES.items() if brc_class in classes}
            if occ.isco in ENERGY_ISCO or (is_green and brc_class == "07"):
                sectors.add("energy")
            if is_green:
                sectors.add("green")
            if is_digital:
                sectors.add("digital")
            self.signals.append(
                OccupationSignals(
                    brc=code,
                    brc_label=group.label if group else "",
                    brc_class=brc_class,
                    wage=_wage_for(code, wages) if code else None,
                    employees_thousands=wages.get(code, (None, None))[0] if code else None,
                    isco2_employed_thousands=isco2_employment.get(occ.isco[:2]),
                    green_share=float(green[i]),
                    digital_share=float(digital[i]),
                    green=is_green,
                    digital=is_digital,
                    sectors=frozenset(sectors),
                )
            )

    def __getitem__(self, occupation: int) -> OccupationSignals:
        return self.signals[occupation]

    def shortage(self, region: str | None = None) -> np.ndarray:
        """Mask of occupations whose BRC group is krap or zeer krap in the region."""
        out = np.zeros(len(self.signals), dtype=bool)
        if self.tension is None:
            return out
        for i, s in enumerate(self.signals):
            found = self.tension.get(s.brc, region) if s.brc else None
            out[i] = found is not None and found.shortage
        return out

    def in_sectors(self, sectors: tuple[str, ...]) -> np.ndarray:
        wanted = set(sectors)
        return np.array([bool(s.sectors & wanted) for s in self.signals], dtype=bool)


def labour_market_from_files(
    profiles: OccupationProfiles, cbs_folder: Path, tension: TensionTable | None = None
) -> LabourMarket:
    """From the CBS/Eurostat tables as in ``shared/data/cbs``."""
    folder = Path(cbs_folder)
    return LabourMarket(
        profiles,
        load_isco_to_brc(folder / "isco08_to_brc2014.csv"),
        load_wages(folder / "brc_wage_quartiles_2022_85517NED.csv"),
        load_isco2_employment(folder / "eurostat_lfsa_egai2d_NL_2022_isco2.csv"),
        tension,
    )
