"""README command 1: `wendbaar serve` starts a production server with demo data and static files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Server", ""), response.read().decode()


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "WENDBAAR_"))
    }
    env |= {"WENDBAAR_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "wendbaar.settings"}
    process = subprocess.Popen(
        [sys.executable, "-m", "wendbaar.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.stdout.read() if process.stdout else ''}")
        try:
            _get(base + "/")
            break
        except OSError:
            time.sleep(0.3)
    try:
        yield base, tmp_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_shows_the_demo_portal(served) -> None:  # type: ignore[no-untyped-def]
    base, home = served
    status, server, page = _get(base + "/")
    assert status == 200
    assert server == "wendbaar"  # waitress, named by its ident; runserver says WSGIServer
    assert "Demodata." in page
    assert (home / "wendbaar.sqlite3").exists()
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/portal/wendbaar.") and css.endswith(".css")  # hashed name
    status, _, body = _get(base + css)
    assert status == 200 and "--wb-color-primary" in body
    status, _, results = _get(base + "/beroepen-en-vaardigheden/zoeken/?q=warmtepomp")
    assert "warmtepompmonteur" in results
    status, _, api = _get(base + "/api/v1/concepts/?q=warmtepomp")
    assert '"scheme":"demo"' in api
