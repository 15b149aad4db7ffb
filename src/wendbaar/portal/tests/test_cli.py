"""The `wendbaar` command line as a user runs it: exit codes, messages, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wendbaar.cli import main
from wendbaar.taxonomy.models import Concept
from wendbaar.taxonomy.tests.esco_files import SKILL, write_release

pytestmark = pytest.mark.django_db(transaction=True)


def test_esco_import_prints_changes_and_is_idempotent(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = write_release(tmp_path / "v1.1.1")
    assert main(["esco", "import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Version v1.1.1:" in out and "added: " in out and "3 occupation" in out
    assert main(["esco", "import", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total_changes"] == 0


def test_bad_input_exits_non_zero_with_file_and_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = write_release(tmp_path / "v1.1.1")
    (folder / "skills_en.csv").write_text("conceptUri\nhttp://x\n")
    assert main(["esco", "import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "skills_en.csv, line 1: missing columns" in err
    assert "Nothing was changed." in err
    assert not Concept.objects.exists()


def test_stats_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["esco", "import", str(write_release(tmp_path / "v1.1.1"))])
    capsys.readouterr()
    assert main(["taxonomy", "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["schemes"]["esco"]["concepts"]["occupation"] == 3
    assert stats["schemes"]["esco"]["preferred_labels"]["nl"]["occupation"] == 3


def test_crosswalk_import_and_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["esco", "import", str(write_release(tmp_path / "v1.1.1"))])
    table = tmp_path / "sector.tsv"
    table.write_text(
        f"id\tlabel\tesco\tkind\nA\tVeilig werken\t{SKILL}safety\tcloseMatch\n"
        f"B\tOnbekend\t{SKILL}later\texactMatch\n"
    )
    args = [
        "crosswalk",
        "import",
        str(table),
        "--scheme",
        "sector",
        "--source-column",
        "id",
        "--label-column",
        "label",
        "--target-column",
        "esco",
        "--relation-column",
        "kind",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 mappings added" in out and "1 rows not imported" in out and "line 3" in out
    target = tmp_path / "sector.ttl"
    assert main(["crosswalk", "export", "sector", "-o", str(target)]) == 0
    assert f"<{SKILL}safety>" in target.read_text()
    assert main(["crosswalk", "export", "nope"]) == 1
    assert "no such scheme" in capsys.readouterr().err
