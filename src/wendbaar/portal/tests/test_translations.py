"""Dutch first, English complete: every text on a page has a Dutch translation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}")


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_dutch_entry_is_translated() -> None:
    untranslated = [e.msgid for e in _entries() if not e.translated() or "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated in {CATALOGUE.name}: {untranslated}"


def test_translations_keep_their_placeholders() -> None:
    wrong = []
    for entry in _entries():
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(
                set(PLACEHOLDER.findall(entry.msgid))
            ):
                wrong.append(entry.msgid)
    assert wrong == []


def test_compiled_catalogue_matches_source() -> None:
    compiled = {
        e.msgid: (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    }
    source = {e.msgid: (e.msgstr, e.msgstr_plural) for e in _entries()}
    stale = [msgid for msgid, value in source.items() if compiled.get(msgid) != value]
    assert stale == [], "django.mo is stale: run `wendbaar manage compilemessages`"


def test_catalogue_has_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract the strings again (as makemessages does) and compare with the catalogue."""
    assert shutil.which("xgettext"), "gettext is needed (Debian: apt-get install gettext)"
    copy = tmp_path / "wendbaar"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "nl",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": os.environ["PATH"]},
    )
    fresh = {
        e.msgid
        for e in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))
        if not e.obsolete
    }
    committed = {e.msgid for e in _entries()}
    assert fresh - committed == set(), (
        "strings missing from the catalogue; run `wendbaar manage makemessages -l nl` in "
        "src/wendbaar and translate them"
    )
    assert committed - fresh == set(), "obsolete strings in the catalogue"
