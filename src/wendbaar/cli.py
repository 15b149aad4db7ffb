"""The `wendbaar` command line."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

EXIT_ERROR = 1


class CommandError(Exception):
    """An expected failure: printed as one clear line, no traceback."""


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wendbaar.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def _print_changes(summary: dict[str, Any]) -> None:
    concepts = summary["concepts"]
    print(f"Version {summary.get('version', '')}: {summary['total_changes']} changes")
    for what in ("added", "changed", "deprecated", "reinstated", "placeholders"):
        if concepts[what]:
            parts = ", ".join(f"{n} {kind}" for kind, n in concepts[what].items())
            print(f"  {what}: {parts}")
    for what in ("added", "removed"):
        counts = {kind: n for kind, n in summary["relations"][what].items() if n}
        if counts:
            parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
            print(f"  relations {what}: {parts}")


# Commands -----------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from waitress import serve

    from wendbaar.demo.loader import load_demo_if_empty

    _migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo and load_demo_if_empty():
        print("Loaded the demo data (the database was empty).")
    # Imported after collectstatic: WhiteNoise indexes the static files when it starts.
    from wendbaar.wsgi import application

    print(f"wendbaar is running at http://{args.host}:{args.port}/  (Ctrl+C stops it)")
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="wendbaar")


def cmd_esco_import(args: argparse.Namespace) -> None:
    from wendbaar.progress import TerminalProgress
    from wendbaar.taxonomy.esco_import import import_esco

    _migrate()
    summary = import_esco(args.paths, version=args.version, progress=TerminalProgress())
    _print_json(summary) if args.json else _print_changes(summary)


def cmd_esco_download(args: argparse.Namespace) -> None:
    from django.conf import settings

    from wendbaar.progress import TerminalProgress, callback
    from wendbaar.taxonomy.esco_download import EscoDownloadError, download_esco
    from wendbaar.taxonomy.esco_import import import_esco

    dest = args.dest or settings.HOME / "downloads"
    langs = [lang.strip() for lang in args.lang.split(",") if lang.strip()]
    terminal = TerminalProgress()
    try:
        folder = download_esco(
            args.version,
            langs,
            Path(dest),
            base_url=args.base_url,
            progress=callback(terminal, "concepts"),
        )
    except EscoDownloadError as exc:
        raise CommandError(f"download failed: {exc}") from exc
    finally:
        terminal.close()
    print(f"Downloaded ESCO {args.version} ({', '.join(langs)}) to {folder}", file=sys.stderr)
    if args.no_import:
        return
    _migrate()
    summary = import_esco([folder], version=args.version, progress=TerminalProgress())
    _print_json(summary) if args.json else _print_changes(summary)


def cmd_crosswalk_import(args: argparse.Namespace) -> None:
    from wendbaar.taxonomy.crosswalk_import import CrosswalkOptions, import_crosswalk

    _migrate()
    options = CrosswalkOptions(
        scheme=args.scheme,
        scheme_title=args.title or args.scheme,
        format=args.format,
        source_column=args.source_column,
        label_column=args.label_column,
        target_column=args.target_column,
        relation_column=args.relation_column,
        default_relation=args.relation,
        lang=args.lang,
        status=args.status,
        uri_base=args.uri_base,
        concepts_only=args.concepts_only,
    )
    summary = import_crosswalk(args.file, options)
    if args.json:
        _print_json(summary)
        return
    print(
        f"{args.scheme}: {summary['concepts_added']} concepts added, "
        f"{summary['concepts_changed']} changed; {summary['mappings_added']} mappings added, "
        f"{summary['mappings_changed']} changed, {summary['mappings_unchanged']} unchanged"
    )
    unresolved = summary["unresolved"]
    if unresolved["rows"]:
        print(
            f"  {unresolved['rows']} rows not imported: their target "
            f"({unresolved['distinct_targets']} distinct concepts) is not in the loaded taxonomy"
        )
        for row in unresolved["examples"]:
            print(f"    line {row['line']}: {row['target']}")


def cmd_crosswalk_export(args: argparse.Namespace) -> None:
    from wendbaar.taxonomy.crosswalk_export import export_mappings

    statuses = [s.strip() for s in args.status.split(",") if s.strip()]
    target = (
        open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed by with)
        if args.output
        else contextlib.nullcontext(sys.stdout)
    )
    with target as out:
        count = export_mappings(args.scheme, args.format, out, statuses)
    print(f"Exported {count} mappings of {args.scheme}", file=sys.stderr)


def cmd_brc_import(args: argparse.Namespace) -> None:
    from wendbaar.taxonomy.brc import import_brc

    _migrate()
    summary = import_brc(args.groups, args.isco)
    _print_json(summary) if args.json else print(
        f"BRC 2014: {summary['groups']} groups, {summary['mappings']} ISCO unit groups mapped, "
        f"{summary['changes']} changes"
    )


def cmd_stats(args: argparse.Namespace) -> None:
    from wendbaar.taxonomy.stats import taxonomy_stats

    _migrate()
    stats = taxonomy_stats()
    if args.json:
        _print_json(stats)
        return
    for code, scheme in stats["schemes"].items():
        print(f"{code} {scheme['version']}".strip())
        for kind, n in scheme["concepts"].items():
            print(f"  {kind}: {n}")
        for lang, kinds in scheme["preferred_labels"].items():
            print(f"  labels {lang}: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
        for kind, n in scheme["relations"].items():
            print(f"  relation {kind}: {n}")
    for key, entry in stats["mappings"].items():
        print(f"mappings {key}: {entry['total']} " + json.dumps(entry["status"]))


def _candidate_rows(candidates: list[Any], lang: str) -> list[dict[str, Any]]:
    from wendbaar.linking.api.views import candidate_dicts

    return candidate_dicts(candidates, lang)


def cmd_link(args: argparse.Namespace) -> None:
    from wendbaar.linking.engine.errors import QUERY_MAX, LinkingInputError, check_text
    from wendbaar.linking.service import get_linker

    kinds = [args.kind] if args.kind else None
    if args.batch is None:
        if args.text is None:
            raise CommandError("give a text, or --batch FILE (- for standard input)")
        candidates = get_linker().link(args.text, kinds=kinds, lang=args.lang, top=args.top)
        rows = _candidate_rows(candidates, args.lang or "nl")
        if args.json:
            _print_json({"text": args.text, "candidates": rows})
            return
        if not rows:
            print("No match.")
        for rank, row in enumerate(rows, 1):
            print(
                f"{rank:>2}. {row['score']:.3f}  {row['display_label']} "
                f"({row['display_lang']}, {row['kind']})  {row['uri']}"
            )
        return
    linker = get_linker()
    handle = sys.stdin if str(args.batch) == "-" else args.batch.open(encoding="utf-8")
    with handle:
        for chunk in _chunks((line.rstrip("\n") for line in handle), 256):
            usable: list[str] = []
            errors: dict[int, str] = {}
            for i, text in enumerate(chunk):
                try:
                    usable.append(check_text(text, QUERY_MAX, "line"))
                except LinkingInputError as exc:
                    errors[i] = str(exc)
                    usable.append("")
            results = linker.link_many(usable, kinds=kinds, lang=args.lang, top=args.top)
            for i, (text, candidates) in enumerate(zip(chunk, results, strict=True)):
                line: dict[str, Any] = {"text": text}
                if i in errors:
                    line["error"] = errors[i]
                else:
                    line["candidates"] = _candidate_rows(candidates, args.lang or "nl")
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def cmd_extract(args: argparse.Namespace) -> None:
    from wendbaar.linking.api.views import mention_dicts
    from wendbaar.linking.engine.extract import extract
    from wendbaar.linking.service import get_linker

    if str(args.file) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{args.file}: cannot be read as UTF-8 text ({exc})") from exc
    kinds = [args.kind] if args.kind else ["skill", "occupation"]
    mentions = mention_dicts(
        extract(get_linker(), text, kinds=kinds, lang=args.lang, top=args.top), args.lang or "nl"
    )
    if args.json:
        _print_json({"mentions": mentions})
        return
    if not mentions:
        print("No skills or occupations found.")
    for mention in mentions:
        best = mention["candidates"][0]
        print(
            f"{mention['start']:>6}-{mention['end']:<6} {mention['text']!r} -> "
            f"{best['display_label']} ({best['kind']}, {best['score']:.2f})"
        )


def cmd_crosswalk_suggest(args: argparse.Namespace) -> None:
    from wendbaar.linking.suggestions import suggest_mappings

    summary = suggest_mappings(args.scheme, top=args.top, min_confidence=args.min_confidence)
    print(
        f"{summary['scheme']}: {summary['suggestions_added']} suggestions added for "
        f"{summary['with_suggestion']} of {summary['concepts']} concepts; review them in the "
        "portal under /beroepen-en-vaardigheden/koppelingen/"
    )


def cmd_crosswalk_agreement(args: argparse.Namespace) -> None:
    from wendbaar.linking.suggestions import agreement
    from wendbaar.taxonomy.crosswalk_io import TableColumns

    columns = TableColumns(
        source=args.source_column,
        target=args.target_column,
        relation=args.relation_column,
        uri_base=args.uri_base or f"urn:wendbaar:{args.scheme}:",
    )
    _print_json(agreement(args.scheme, args.reference, columns).as_dict())


def cmd_linking_build(args: argparse.Namespace) -> None:
    from wendbaar.linking.service import get_linker

    linker = get_linker()
    seconds = ", ".join(f"{stage} {value:.1f} s" for stage, value in linker.info.seconds.items())
    print(
        f"Linker ready: {len(linker.concepts)} concepts ({seconds}; "
        f"{linker.info.encoded} labels encoded, the rest came from the cache)"
    )


def cmd_eval_linking(args: argparse.Namespace) -> None:
    from wendbaar.linking.engine.evaluate import main as evaluate

    if evaluate(args.rest) != 0:
        raise CommandError("the evaluation failed")


def cmd_demo(args: argparse.Namespace) -> None:
    from wendbaar.demo.loader import load_demo
    from wendbaar.learning.demo import load_demo_catalogue
    from wendbaar.matching.signals_import import load_matching_demo
    from wendbaar.services.demo import load_services_demo

    _migrate()
    summary = load_demo()
    load_services_demo()
    load_matching_demo()
    offerings = load_demo_catalogue()
    print(
        f"Demo data loaded: {summary['total_changes']} changes in the taxonomy; "
        "demo service points, schemes, learning material and labour-market figures are in "
        "place; "
        f"{offerings} demo offerings in the catalogue"
    )


def cmd_manage(args: argparse.Namespace) -> None:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["wendbaar manage", *args.rest])


# Parser -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wendbaar",
        description="wendbaar: the common skills language and lifelong-learning platform.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the portal (applies migrations, loads demo data)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument("--no-demo", action="store_true", help="do not load demo data")
    serve.set_defaults(func=cmd_serve)

    esco = sub.add_parser("esco", help="import or download ESCO").add_subparsers(
        dest="esco_command", required=True
    )
    imp = esco.add_parser("import", help="import the official ESCO CSV files (zips or folders)")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument(
        "--version", help="ESCO version, e.g. v1.2.0 (read from the file names when left out)"
    )
    imp.add_argument("--json", action="store_true", help="print the change report as JSON")
    imp.set_defaults(func=cmd_esco_import)

    down = esco.add_parser("download", help="download ESCO from the ESCO API, then import it")
    down.add_argument("--version", required=True, help="e.g. v1.2.0")
    down.add_argument("--lang", default="nl,en", help="comma-separated languages (default nl,en)")
    down.add_argument("--dest", type=Path, help="folder for the files (default WENDBAAR_HOME)")
    down.add_argument("--base-url", default="https://ec.europa.eu/esco/api")
    down.add_argument("--no-import", action="store_true", help="only download")
    down.add_argument("--json", action="store_true")
    down.set_defaults(func=cmd_esco_download)

    crosswalk = sub.add_parser("crosswalk", help="import or export mappings between schemes")
    cw = crosswalk.add_subparsers(dest="crosswalk_command", required=True)
    cimp = cw.add_parser("import", help="import an external scheme and its mapping to ESCO")
    cimp.add_argument("file", type=Path)
    cimp.add_argument("--scheme", required=True, help="code for the external scheme")
    cimp.add_argument("--title", help="name of the external scheme")
    cimp.add_argument(
        "--format",
        choices=["csv", "tsv", "turtle", "rdfxml"],
        help="detected from the file name when left out",
    )
    cimp.add_argument("--source-column", default="source_id")
    cimp.add_argument("--label-column", default="")
    cimp.add_argument("--target-column", default="target_uri")
    cimp.add_argument("--relation-column", default="relation")
    cimp.add_argument("--relation", default="exactMatch", help="relation for rows without one")
    cimp.add_argument("--lang", default="nl", help="language of the labels")
    cimp.add_argument("--status", default="accepted", choices=["suggested", "accepted"])
    cimp.add_argument(
        "--uri-base",
        default="",
        help="URI prefix for external codes (default urn:wendbaar:SCHEME:)",
    )
    cimp.add_argument(
        "--concepts-only",
        action="store_true",
        help="import the scheme's concepts but not its mappings",
    )
    cimp.add_argument("--json", action="store_true")
    cimp.set_defaults(func=cmd_crosswalk_import)
    csug = cw.add_parser("suggest", help="suggest ESCO mappings for every concept of a scheme")
    csug.add_argument("scheme")
    csug.add_argument("--top", type=int, default=3, help="suggestions per concept")
    csug.add_argument("--min-confidence", type=float, default=0.2)
    csug.set_defaults(func=cmd_crosswalk_suggest)
    cagr = cw.add_parser(
        "agreement", help="compare a scheme's suggestions with a reference crosswalk"
    )
    cagr.add_argument("scheme")
    cagr.add_argument("reference", type=Path, help="CSV or TSV with the reference mappings")
    cagr.add_argument("--source-column", default="source_id")
    cagr.add_argument("--target-column", default="target_uri")
    cagr.add_argument("--relation-column", default="relation")
    cagr.add_argument("--uri-base", default="")
    cagr.set_defaults(func=cmd_crosswalk_agreement)
    cexp = cw.add_parser("export", help="export the mappings of a scheme")
    cexp.add_argument("scheme")
    cexp.add_argument("--format", choices=["turtle", "csv"], default="turtle")
    cexp.add_argument(
        "--status",
        default="accepted",
        help="comma-separated review statuses to export (default accepted)",
    )
    cexp.add_argument("-o", "--output", help="file to write (default standard output)")
    cexp.set_defaults(func=cmd_crosswalk_export)

    brc = sub.add_parser("brc", help="the Dutch BRC 2014 occupation classification")
    brc_sub = brc.add_subparsers(dest="brc_command", required=True)
    bimp = brc_sub.add_parser("import", help="import BRC groups and the ISCO-08 to BRC table")
    bimp.add_argument("--groups", type=Path, required=True, help="brc2014_groups.csv")
    bimp.add_argument("--isco", type=Path, required=True, help="isco08_to_brc2014.csv")
    bimp.add_argument("--json", action="store_true")
    bimp.set_defaults(func=cmd_brc_import)

    taxonomy = sub.add_parser("taxonomy", help="about the loaded taxonomy")
    tax = taxonomy.add_subparsers(dest="taxonomy_command", required=True)
    stats = tax.add_parser("stats", help="counts per scheme, kind, language and relation")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=cmd_stats)

    link = sub.add_parser("link", help="link text to skills and occupations")
    link.add_argument("text", nargs="?", help="the text (leave out with --batch)")
    link.add_argument(
        "--batch",
        type=Path,
        metavar="FILE",
        help="one text per line (- for standard input); one JSON line out per text",
    )
    link.add_argument("--kind", choices=["skill", "occupation", "external"])
    link.add_argument("--lang", choices=["nl", "en"], help="language of the text (guessed)")
    link.add_argument("--top", type=int, default=10)
    link.add_argument("--json", action="store_true")
    link.set_defaults(func=cmd_link)

    ext = sub.add_parser("extract", help="find skills and occupations in a longer text")
    ext.add_argument("file", type=Path, help="a UTF-8 text file (- for standard input)")
    ext.add_argument("--kind", choices=["skill", "occupation"])
    ext.add_argument("--lang", choices=["nl", "en"], help="language of the text (guessed)")
    ext.add_argument("--top", type=int, default=3, help="candidates per mention")
    ext.add_argument("--json", action="store_true")
    ext.set_defaults(func=cmd_extract)

    linking = sub.add_parser("linking", help="the linker's indexes")
    linking_sub = linking.add_subparsers(dest="linking_command", required=True)
    build = linking_sub.add_parser(
        "build",
        help="build the indexes now (after an import; the first dense build of "
        "the full ESCO takes minutes), so that pages and the API answer at once",
    )
    build.set_defaults(func=cmd_linking_build)

    evaluate = sub.add_parser("eval", help="evaluate the linker")
    evaluate_sub = evaluate.add_subparsers(dest="eval_command", required=True)
    evl = evaluate_sub.add_parser(
        "linking",
        help="MRR, success@k and R-precision on held-out labels and VDAB",
        description="Arguments after 'linking' go to the evaluation: --shared FOLDER "
        "(required), --json FILE, --encoder, --cache, --heldout, --vdab-limit, --no-vdab.",
    )
    evl.add_argument("rest", nargs=argparse.REMAINDER)
    evl.set_defaults(func=cmd_eval_linking)

    from wendbaar.matching.commands import add_parsers as add_matching_parsers

    add_matching_parsers(sub)

    from wendbaar.learning.cli import add_parsers as add_learning_parsers

    add_learning_parsers(sub)

    demo = sub.add_parser("demo", help="load the demo data")
    demo.set_defaults(func=cmd_demo)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_django()
    from wendbaar.errors import InputError

    func: Callable[[argparse.Namespace], None] = args.func
    try:
        func(args)
    except (InputError, CommandError) as exc:
        print(f"wendbaar: error: {exc}", file=sys.stderr)
        print("Nothing was changed.", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("wendbaar: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
