"""Small files in the official ESCO CSV layout, written by the tests themselves."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from wendbaar.taxonomy.esco_download import HEADERS

# The official column layouts, as the downloader writes them.
OCC_HEADER = list(HEADERS["occupations"])
SKILL_HEADER = list(HEADERS["skills"])
ISCO_HEADER = list(HEADERS["ISCOGroups"])
REL_HEADER = list(HEADERS["occupationSkillRelations"])
COLLECTION_HEADER = [
    "conceptType",
    "conceptUri",
    "preferredLabel",
    "status",
    "skillType",
    "reuseLevel",
    "altLabels",
    "description",
    "broaderConceptUri",
    "broaderConceptPT",
]
BROADER_HEADER = ["conceptType", "conceptUri", "broaderType", "broaderUri"]

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
ISCO = "http://data.europa.eu/esco/isco/C"

OCCUPATIONS = {
    "heat-pump": (
        "7127",
        "heat pump installer",
        "warmtepompmonteur",
        ["heat pump fitter"],
        ["monteur warmtepompen"],
    ),
    "bookkeeper": ("4311", "bookkeeper", "boekhouder", ["accounts clerk"], ["administrateur"]),
    "nurse": ("2221", "nurse responsible for general care", "verpleegkundige", [], []),
}
SKILLS = {
    "install-heat-pumps": ("skill/competence", "install heat pumps", "warmtepompen installeren"),
    "bookkeeping": ("knowledge", "bookkeeping", "boekhouding"),
    "care-plans": ("skill/competence", "draw up care plans", None),
    "safety": ("skill/competence", "work safely", "veilig werken"),
}
RELATIONS = [
    ("heat-pump", "essential", "install-heat-pumps"),
    ("heat-pump", "essential", "safety"),
    ("bookkeeper", "essential", "bookkeeping"),
    ("bookkeeper", "optional", "safety"),
    ("nurse", "essential", "care-plans"),
]


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in header})
    return path


def occupation_rows(lang: str, occupations: dict | None = None) -> list[dict[str, str]]:
    rows = []
    for key, (isco, en, nl, alt_en, alt_nl) in (occupations or OCCUPATIONS).items():
        label, alts = (en, alt_en) if lang == "en" else (nl, alt_nl)
        rows.append(
            {
                "conceptType": "Occupation",
                "conceptUri": OCC + key,
                "iscoGroup": isco,
                "preferredLabel": label,
                "altLabels": "\n".join(alts),
                "status": "released",
                "description": f"{label} ({lang})",
                "code": f"{isco}.1",
            }
        )
    return rows


def skill_rows(lang: str, skills: dict | None = None) -> list[dict[str, str]]:
    rows = []
    for key, (skill_type, en, nl) in (skills or SKILLS).items():
        label = en if lang == "en" else nl
        if label is None:
            continue
        rows.append(
            {
                "conceptType": "KnowledgeSkillCompetence",
                "conceptUri": SKILL + key,
                "skillType": skill_type,
                "reuseLevel": "sector-specific",
                "preferredLabel": label,
                "status": "released",
                "description": f"{label} ({lang})",
            }
        )
    return rows


def isco_rows(lang: str) -> list[dict[str, str]]:
    names = {
        "7127": "Air conditioning mechanics",
        "4311": "Bookkeeping clerks",
        "2221": "Nursing professionals",
    }
    return [
        {
            "conceptType": "ISCOGroup",
            "conceptUri": ISCO + code,
            "code": code,
            "preferredLabel": f"{name} ({lang})",
            "status": "released",
        }
        for code, name in names.items()
    ]


def relation_rows(relations: list | None = None) -> list[dict[str, str]]:
    return [
        {
            "occupationUri": OCC + occ,
            "relationType": kind,
            "skillType": SKILLS.get(skill, ("skill/competence",))[0],
            "skillUri": SKILL + skill,
        }
        for occ, kind, skill in (relations or RELATIONS)
    ]


def write_release(
    folder: Path,
    *,
    occupations: dict | None = None,
    skills: dict | None = None,
    relations: list | None = None,
    langs: tuple[str, ...] = ("en", "nl"),
    with_relations: bool = True,
) -> Path:
    """A folder that looks like an unpacked ESCO release (name it with a version)."""
    folder.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        write_csv(
            folder / f"occupations_{lang}.csv", OCC_HEADER, occupation_rows(lang, occupations)
        )
        write_csv(folder / f"skills_{lang}.csv", SKILL_HEADER, skill_rows(lang, skills))
        write_csv(folder / f"ISCOGroups_{lang}.csv", ISCO_HEADER, isco_rows(lang))
    if with_relations:
        write_csv(folder / "occupationSkillRelations.csv", REL_HEADER, relation_rows(relations))
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target
