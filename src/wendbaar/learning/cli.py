"""What `wendbaar catalogue import` and `wendbaar advise` do (the parser is in wendbaar.cli)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from wendbaar.errors import InputError

EXIT_PARTIAL = 2  # some records were refused; the others were imported


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def add_parsers(sub: Any) -> None:
    """`wendbaar catalogue import FILE...` and `wendbaar advise`."""
    catalogue = sub.add_parser("catalogue", help="the learning offer")
    catalogue_sub = catalogue.add_subparsers(dest="catalogue_command", required=True)
    imp = catalogue_sub.add_parser(
        "import",
        help="import offerings: EDU-DEX XML, the CSV template or Open Badges 3.0 JSON "
        "(detected); exit code 2 when some records were refused",
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument(
        "--no-linker", action="store_true", help="do not look for skills in descriptions"
    )
    imp.set_defaults(func=_cmd_import)
    adv = sub.add_parser("advise", help="the offerings that close the gap for an occupation")
    adv.add_argument("--occupation", required=True, help="the occupation's URI")
    adv.add_argument(
        "--skills",
        type=Path,
        metavar="FILE",
        help="the skills the person has: a JSON list of URIs, a JSON object with "
        '"skills", "occupations" and "paid_work_skills", or one URI a line',
    )
    adv.add_argument("--json", action="store_true")
    adv.set_defaults(func=_cmd_advise)


def _cmd_import(args: argparse.Namespace) -> None:
    _migrate()
    code = catalogue_import(args.files, as_json=args.json, use_linker=not args.no_linker)
    if code:
        raise SystemExit(code)


def _cmd_advise(args: argparse.Namespace) -> None:
    _migrate()
    advise(args.occupation, args.skills, as_json=args.json)


def catalogue_import(paths: list[Path], *, as_json: bool, use_linker: bool) -> int:
    from wendbaar.learning.importers import import_files

    for path in paths:
        if not path.is_file():
            raise InputError(str(path), "no such file")
    report = import_files(paths, use_linker=use_linker)
    if as_json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for refused in report.refused:
            print(f"refused {refused.record}: {refused.reason}")
        for warning in report.warnings:
            print(f"warning {warning}")
        print(report.summary())
    return 0 if report.complete else EXIT_PARTIAL


def read_skills(path: Path) -> dict[str, list[str]]:
    """A skills file: a JSON list of skill URIs, a JSON object with "skills" (and optionally
    "occupations" worked in and "paid_work_skills"), or plain text with one URI a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read as UTF-8 text ({exc})") from exc
    stripped = text.strip()
    if stripped.startswith(("[", "{")):
        try:
            data: Any = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(str(path), f"not valid JSON: {exc}") from exc
        if isinstance(data, list):
            data = {"skills": data}
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k, []), list) for k in ("skills", "occupations", "paid_work_skills")
        ):
            raise InputError(str(path), "expected a list of URIs or an object of lists")
        return {
            k: [str(v) for v in data.get(k, [])]
            for k in ("skills", "occupations", "paid_work_skills")
        }
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    return {"skills": lines, "occupations": [], "paid_work_skills": []}


def advise(occupation: str, skills_file: Path | None, *, as_json: bool) -> None:
    from wendbaar.learning.advice import Person, as_dict, goal_for_occupation
    from wendbaar.learning.advice import advise as run
    from wendbaar.matching.service import UnknownOccupation

    given = (
        read_skills(skills_file)
        if skills_file
        else {"skills": [], "occupations": [], "paid_work_skills": []}
    )
    try:
        goal = goal_for_occupation(given["skills"], occupation)
    except UnknownOccupation as exc:
        raise InputError(occupation, "not an occupation in the loaded taxonomy") from exc
    person = Person(
        skills=given["skills"],
        occupations=given["occupations"],
        paid_work_skills=given["paid_work_skills"],
    )
    data = as_dict(run(goal, person))
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    plan = data["plan"]
    print(f"Missing essential skills: {len(data['gaps'])}")
    for item in plan["offerings"]:
        evc = " [EVC: recognises experience]" if item["recognises_experience"] else ""
        cost, hours = item["cost"], item["hours"]
        print(f"- {item['title']} ({item['provider']}), EUR {cost:.2f}, {hours:g} h{evc}")
        for skill in item["closes"]:
            print(f"    closes: {skill['label']}")
    for gap in data["open"]:
        print(f"open: {gap['label']} ({gap['reason']})")
    solver = data["solver"]
    proof = (
        "proven optimal"
        if solver["proven_optimal"]
        else f"not proven optimal (status {solver['status']})"
    )
    gap = solver["mip_gap"]
    print(f"Total: EUR {plan['cost']:.2f}, {plan['hours']:g} hours; {proof}, mip gap {gap:g}")
    greedy = data["greedy"]
    print(f"Greedy heuristic for comparison: EUR {greedy['cost']:.2f}, {greedy['hours']:g} hours")
