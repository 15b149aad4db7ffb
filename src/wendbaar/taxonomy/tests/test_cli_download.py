"""`wendbaar esco download` from the command line, against a local fake ESCO API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wendbaar.cli import main
from wendbaar.taxonomy.models import Concept, Mapping

from .test_esco_download import VERSION, FakeEsco

pytestmark = pytest.mark.django_db(transaction=True)


def test_download_then_import(esco_api: FakeEsco, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        [
            "esco",
            "download",
            "--version",
            VERSION,
            "--lang",
            "en,nl",
            "--dest",
            str(tmp_path),
            "--base-url",
            esco_api.base_url,
            "--json",
        ]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["version"] == VERSION
    assert summary["concepts"]["added"]["occupation"] == 3
    assert Concept.objects.filter(kind="occupation", labels__lang="nl").distinct().count() == 3
    assert not Mapping.objects.exists()


def test_download_failure_is_one_clear_line(esco_api: FakeEsco, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        [
            "esco",
            "download",
            "--version",
            "v9.9.9",
            "--dest",
            str(tmp_path),
            "--base-url",
            esco_api.base_url,
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("wendbaar: error: download failed:")
    assert not Concept.objects.exists()
