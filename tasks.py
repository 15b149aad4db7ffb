#!/usr/bin/env python3
"""The two commands a newcomer needs; they only need Python 3.11+ to start.

    python3 tasks.py serve [--host H] [--port P]   install everything, start the portal
    python3 tasks.py test [PYTEST ARGS]             install test dependencies, run all tests

Both create ``.venv`` beside this file and install the locked dependencies into it.
``test`` runs the tests in parallel, one worker per core, a test file per worker
(pytest-xdist); ``-n 0`` among the arguments runs them in one process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CHROMIUM = Path("/usr/bin/chromium")


def run(*cmd: str | Path, **kwargs: object) -> None:
    print("+", " ".join(map(str, cmd)), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def install(lock: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (any python3 may run this file)
        sys.exit("wendbaar needs Python 3.11 or newer")
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed-{lock}"
    lock_path = ROOT / "requirements" / lock
    if stamp.exists() and stamp.stat().st_mtime >= lock_path.stat().st_mtime:
        return
    quiet = ["--quiet", "--disable-pip-version-check"]
    run(BIN / "python", "-m", "pip", "install", *quiet, "--require-hashes", "-r", lock_path)
    run(BIN / "python", "-m", "pip", "install", *quiet, "--no-deps", "-e", ROOT)
    stamp.touch()


def node_and_browser_dependencies() -> None:
    """From npm: axe-core for the page tests and Digital Bazaar's libraries for the
    credential interop tests; Debian's Chromium for the page tests."""
    if shutil.which("npm") is None:
        sys.exit("The page tests need Node.js and npm (for axe-core): install them first.")
    if not (ROOT / "node_modules" / "axe-core").exists():
        run("npm", "ci", "--no-audit", "--no-fund")
    interop = ROOT / "src" / "wendbaar" / "credentials" / "tests" / "interop"
    if not (interop / "node_modules").exists():
        run("npm", "ci", "--no-audit", "--no-fund", "--prefix", interop)
    if not CHROMIUM.exists():
        if os.geteuid() == 0 and shutil.which("apt-get"):
            run("apt-get", "update", "-qq")
            run(
                "apt-get",
                "install",
                "-y",
                "-qq",
                "chromium",
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            )
        else:
            sys.exit(
                "The page tests need Chromium at /usr/bin/chromium "
                "(Debian/Ubuntu: sudo apt-get install chromium)."
            )


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test"}:
        sys.exit(__doc__)
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "serve":
        install("lock.txt")
        os.execv(BIN / "wendbaar", [str(BIN / "wendbaar"), "serve", *rest])
    install("test-lock.txt")
    node_and_browser_dependencies()
    # Whole files go to one worker, so their module fixtures (a loaded ESCO, a browser
    # session) are built once; a later -n in ``rest`` overrides the default.
    parallel = ["-n", "auto", "--dist", "loadfile"]
    os.execv(BIN / "python", [str(BIN / "python"), "-m", "pytest", *parallel, *rest])


if __name__ == "__main__":
    main()
