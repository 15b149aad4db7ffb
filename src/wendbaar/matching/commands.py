"""The matching commands of `wendbaar` (transitions, fit, signals): the CLI's parser
calls these with its parsed arguments."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from wendbaar.errors import InputError
from wendbaar.matching.engine.query import TransitionQuery
from wendbaar.matching.engine.signals import SECTORS


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _print(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def transitions_build(args: argparse.Namespace) -> None:
    _migrate()
    from wendbaar.matching.service import build_transitions
    from wendbaar.progress import TerminalProgress

    summary = build_transitions(TerminalProgress())
    if args.json:
        _print(summary)
        return
    print(
        f"Transition matrix of {summary['occupations']} occupations ready in "
        f"{summary['seconds']} s: {summary['viable_moves']} viable moves (threshold "
        f"{summary['viable_threshold']}); stored in {summary['stored_in']}"
    )
    if summary["removed_files"]:
        print(f"  removed the files of older builds: {', '.join(summary['removed_files'])}")
    if not summary["semantic_credit"]:
        print("  without an encoder: skill credit from ESCO relations and hierarchy only")
    if not summary["labour_market"]:
        print("  no BRC groups loaded: no wage or demand flags (run `wendbaar brc import`)")


def _query(args: argparse.Namespace) -> TransitionQuery:
    sectors = tuple(s.strip() for s in (args.sector or "").split(",") if s.strip())
    unknown = set(sectors) - set(SECTORS)
    if unknown:
        raise InputError("--sector", f"unknown {sorted(unknown)}; use {', '.join(SECTORS)}")
    require = ["viable"] if not args.all else []
    if args.shortage:
        require.append("in_demand")
    if sectors:
        require.append("sector")
    if args.max_missing is not None:
        require.append("effort")
    return TransitionQuery(
        region=args.region,
        wage_share=args.wage_share,
        sectors=sectors,
        max_missing=args.max_missing,
        require=tuple(require),
        top=args.top,
    )


def transitions_from(args: argparse.Namespace) -> None:
    from wendbaar.matching import present, service

    uri = service.resolve_occupation(args.occupation)
    if uri is None:
        raise InputError(args.occupation, "no occupation found by this name")
    engine = service.get_engine()
    result = engine.transitions(uri, _query(args))
    found = engine.profiles.resolve(uri)
    if found.index is None:
        status = service.describe_issue(found)
        raise InputError(uri, f"{status} occupation: not in the current taxonomy")
    data = present.transitions_dict(engine, result, found.index)
    if args.json:
        _print(data)
        return
    print(f"From {data['origin']['label']} ({uri}):")
    for option in data["options"]:
        flags = " ".join(
            f"{f['name']}={'yes' if f['passed'] else 'no' if f['passed'] is False else '?'}"
            for f in option["flags"]
        )
        print(
            f"  {option['scores']['combined']:.2f}  {option['occupation']['label']}  [{flags}]  "
            f"missing {len(option['missing'])}"
        )


def fit(args: argparse.Namespace) -> None:
    from wendbaar.matching import present, service

    path = Path(args.skills)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot be read ({exc})") from exc
    uris: list[str] = []
    unresolved: list[str] = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        uri = service.resolve_skill(text)
        (uris.append(uri) if uri else unresolved.append(text))
    engine = service.get_engine()
    data = present.fit_dict(engine, engine.fit([service.Claim(u) for u in uris], top=args.top))
    data["unresolved_lines"] = unresolved
    if args.json:
        _print(data)
        return
    if data["guidance"]:
        print(data["guidance"])
    for row in data["results"]:
        print(
            f"  {row['score']:.2f}  {row['occupation']['label']}: {len(row['covered'])} covered, "
            f"{len(row['partial'])} partly, {len(row['missing'])} missing"
        )


def signals_wages(args: argparse.Namespace) -> None:
    _migrate()
    from wendbaar.matching.signals_import import import_cbs_folder, import_wages

    path = Path(args.path)
    summary = import_cbs_folder(path) if path.is_dir() else import_wages(path)
    print(
        f"Wages: {summary['wage_codes']} BRC codes ({summary['with_wages']} with quartiles); "
        f"employment: {summary['isco2_groups']} ISCO groups"
    )


def signals_tension(args: argparse.Namespace) -> None:
    _migrate()
    from wendbaar.matching.signals_import import import_tension

    summary = import_tension(Path(args.path))
    print(
        f"Spanningsindicator: {summary['figures']} figures for {summary['groups']} groups in "
        f"{summary['regions']} regions; {summary['issue_count']} rows not placed"
    )
    for issue in summary["issues"][:10]:
        print(f"  {issue}")


def signals_demo(args: argparse.Namespace) -> None:
    _migrate()
    from wendbaar.matching.signals_import import load_matching_demo

    load_matching_demo()
    print("Demo labour-market figures loaded (not real data: see matching/demo_data/README.md)")


def add_parsers(sub: Any) -> None:
    """The matching commands, added to the `wendbaar` parser."""
    transitions = sub.add_parser("transitions", help="career transitions between occupations")
    tsub = transitions.add_subparsers(dest="transitions_command", required=True)
    build = tsub.add_parser("build", help="compute and store the full transition matrix")
    build.add_argument("--json", action="store_true")
    build.set_defaults(func=transitions_build)
    frm = tsub.add_parser("from", help="ranked moves from an occupation (URI or label)")
    frm.add_argument("occupation")
    frm.add_argument("--region", help="arbeidsmarktregio for the demand flag")
    frm.add_argument("--sector", help=f"comma-separated: {', '.join(SECTORS)}")
    frm.add_argument("--wage-share", type=float, default=0.75)
    frm.add_argument("--max-missing", type=int)
    frm.add_argument("--shortage", action="store_true", help="only shortage occupations")
    frm.add_argument("--all", action="store_true", help="also moves that are not viable")
    frm.add_argument("--top", type=int, default=20)
    frm.add_argument("--json", action="store_true")
    frm.set_defaults(func=transitions_from)
    fit_parser = sub.add_parser("fit", help="occupations that fit a list of skills")
    fit_parser.add_argument("--skills", required=True, help="file: one skill URI or text per line")
    fit_parser.add_argument("--top", type=int, default=10)
    fit_parser.add_argument("--json", action="store_true")
    fit_parser.set_defaults(func=fit)
    signals = sub.add_parser("signals", help="load labour-market figures")
    ssub = signals.add_subparsers(dest="signals_command", required=True)
    wages = ssub.add_parser("wages", help="CBS 85517NED wage quartiles (file or the cbs folder)")
    wages.add_argument("path")
    wages.set_defaults(func=signals_wages)
    tension = ssub.add_parser("tension", help="UWV Spanningsindicator table as downloaded")
    tension.add_argument("path")
    tension.set_defaults(func=signals_tension)
    demo = ssub.add_parser("demo", help="the self-written demo figures (not real)")
    demo.set_defaults(func=signals_demo)
