"""Loading labour-market figures into the database: CBS wages (85517NED), Eurostat
employment, UWV's Spanningsindicator. Each load replaces its table in one transaction
(all or nothing), is logged as an import run and is read by the engine on its next use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from wendbaar.matching.engine.signals import load_isco2_employment, load_wages
from wendbaar.matching.engine.tables import TableError
from wendbaar.matching.engine.tension import load_spanningsindicator
from wendbaar.matching.models import EmploymentFigure, TensionFigure, WageFigure
from wendbaar.taxonomy.models import Concept, ConceptScheme
from wendbaar.taxonomy.runs import tracked_run

WAGES_FILE = "brc_wage_quartiles_2022_85517NED.csv"
EMPLOYMENT_FILE = "eurostat_lfsa_egai2d_NL_2022_isco2.csv"
DEMO_DATA = Path(__file__).with_name("demo_data")


def import_wages(
    path: Path, employment: Path | None = None, is_demo: bool = False
) -> dict[str, Any]:
    """CBS wage quartiles per BRC code and (optionally) Eurostat employment per ISCO group."""
    path = Path(path)
    wages = load_wages(path)
    jobs = load_isco2_employment(Path(employment)) if employment else None
    sources = [str(path)] + ([str(employment)] if employment else [])
    with tracked_run("wages", sources) as (run, _progress), transaction.atomic():
        WageFigure.objects.all().delete()
        WageFigure.objects.bulk_create(
            WageFigure(
                brc=code,
                employees_thousands=employees,
                p25=wage.p25 if wage else None,
                p50=wage.p50 if wage else None,
                p75=wage.p75 if wage else None,
                source=path.name,
                is_demo=is_demo,
            )
            for code, (employees, wage) in wages.items()
        )
        if jobs is not None:
            EmploymentFigure.objects.all().delete()
            EmploymentFigure.objects.bulk_create(
                EmploymentFigure(
                    isco2=code,
                    employed_thousands=value,
                    source=Path(employment or "").name,
                    is_demo=is_demo,
                )
                for code, value in jobs.items()
            )
        summary = {
            "wage_codes": len(wages),
            "with_wages": sum(1 for _e, w in wages.values() if w is not None),
            "isco2_groups": len(jobs) if jobs is not None else 0,
        }
        run.summary = summary
    return summary


def import_cbs_folder(folder: Path, is_demo: bool = False) -> dict[str, Any]:
    folder = Path(folder)
    if not (folder / WAGES_FILE).is_file():
        raise TableError(str(folder), f"has no {WAGES_FILE}")
    employment = folder / EMPLOYMENT_FILE
    return import_wages(folder / WAGES_FILE, employment if employment.is_file() else None, is_demo)


def brc_labels() -> dict[str, str]:
    """BRC code -> group name, from the imported BRC 2014 scheme (`wendbaar brc import`)."""
    out: dict[str, str] = {}
    for code, text in Concept.objects.filter(
        scheme__kind=ConceptScheme.Kind.BRC, labels__kind="pref"
    ).values_list("code", "labels__text"):
        out.setdefault(code, text)
    return out


def import_tension(path: Path, is_demo: bool = False, name: str = "") -> dict[str, Any]:
    """UWV's Spanningsindicator table as downloaded (see engine/tension.py for the columns);
    rows naming unknown groups are reported, a file without one usable row is refused."""
    path = Path(path)
    labels = brc_labels()
    if not labels:
        raise TableError(str(path), "no BRC groups are loaded; run `wendbaar brc import` first")
    table = load_spanningsindicator(path, labels)
    source = name or path.name
    with tracked_run("tension", [source]) as (run, _progress), transaction.atomic():
        TensionFigure.objects.all().delete()
        TensionFigure.objects.bulk_create(
            TensionFigure(
                brc=t.brc,
                region=t.region,
                category=t.category,
                value=t.value,
                period=t.period,
                source=source,
                is_demo=is_demo,
            )
            for t in table.entries.values()
        )
        summary = {
            "figures": len(table.entries),
            "groups": len({t.brc for t in table.entries.values()}),
            "regions": len(table.regions),
            "issues": table.issues[:50],
            "issue_count": len(table.issues),
        }
        run.summary = summary
    return summary


def load_matching_demo() -> dict[str, Any]:
    """The self-written demo figures (not real: see demo_data/README.md): wages and
    tension for the BRC groups of the demo occupations. Needs the BRC groups; loads
    them from the demo crosswalk when none are there."""
    from wendbaar.taxonomy.brc import import_brc

    if not brc_labels():
        import_brc(DEMO_DATA / "brc_groups_DEMO.csv", DEMO_DATA / "isco_to_brc_DEMO.csv")
    wages = import_wages(DEMO_DATA / "wages_DEMO.csv", is_demo=True)
    tension = import_tension(DEMO_DATA / "spanningsindicator_DEMO.csv", is_demo=True)
    return {"wages": wages, "tension": tension}


def load_matching_demo_if_empty() -> bool:
    """The demo figures, only beside the demo taxonomy and when no labour-market figures
    are loaded at all (a real installation never gets invented figures); True if loaded."""
    from wendbaar.demo.loader import SCHEME_CODE

    if not ConceptScheme.objects.filter(code=SCHEME_CODE).exists():
        return False
    if WageFigure.objects.exists() or TensionFigure.objects.exists():
        return False
    load_matching_demo()
    return True
