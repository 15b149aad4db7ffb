"""Benchmark: full ESCO v1.1.1 (English + relations + Dutch) import, then an identical re-import.

Runs `wendbaar esco import` in a fresh process per run (so peak memory is the import's
own) against a new SQLite file and, when reachable, a new PostgreSQL database.

    .venv/bin/python benchmarks/esco_import.py [--shared ../shared/data] [--pg postgres://...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def esco_paths(shared: Path) -> list[str]:
    esco = shared / "esco"
    return [
        str(esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip"),
        str(esco / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - - csv.zip"),
        str(esco / "v1.1.1-nl"),
    ]


def timed_import(paths: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time and peak resident memory of one import in its own process."""
    script = (
        "import resource, sys, time\n"
        "from wendbaar.cli import _setup_django, _migrate\n"
        "_setup_django(); _migrate()\n"
        "from wendbaar.taxonomy.esco_import import import_esco\n"
        "from pathlib import Path\n"
        "start = time.perf_counter()\n"
        "summary = import_esco([Path(p) for p in sys.argv[1:]])\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(elapsed, peak, summary['total_changes'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, *paths],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"seconds": float(out[0]), "peak_mb": float(out[1]), "changes": int(out[2])}


def run(label: str, paths: list[str], env: dict[str, str]) -> dict[str, object]:
    first = timed_import(paths, env)
    again = timed_import(paths, env)
    return {"database": label, "import": first, "reimport": again}


def postgres(url: str) -> tuple[str, Callable[[], None]] | None:
    import psycopg

    name = f"wendbaar_bench_{os.getpid()}"
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        return None

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}"')

    return url.rsplit("/", 1)[0] + "/" + name, drop


def machine() -> dict[str, object]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/test")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    paths = esco_paths(args.shared)
    base = {k: v for k, v in os.environ.items() if not k.startswith("WENDBAAR_")}
    results = []
    with tempfile.TemporaryDirectory() as home:
        results.append(run("SQLite", paths, base | {"WENDBAAR_HOME": home}))
        database = postgres(args.pg)
        if database is not None:
            url, drop = database
            try:
                results.append(
                    run(
                        "PostgreSQL",
                        paths,
                        base | {"WENDBAAR_HOME": home, "WENDBAAR_DATABASE_URL": url},
                    )
                )
            finally:
                drop()
    report = {
        "machine": machine(),
        "results": results,
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(f"{'database':<12}{'import s':>10}{'peak MB':>10}{'re-import s':>13}{'changes':>9}")
    for row in results:
        first, again = row["import"], row["reimport"]
        print(
            f"{row['database']:<12}{first['seconds']:>10.1f}{first['peak_mb']:>10.0f}"
            f"{again['seconds']:>13.1f}{again['changes']:>9}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
