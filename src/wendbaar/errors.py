"""The errors that commands report as one clear line instead of a traceback."""

from __future__ import annotations


def expected_errors() -> tuple[type[BaseException], ...]:
    from wendbaar.cli import CommandError
    from wendbaar.taxonomy.crosswalk_io import CrosswalkFormatError
    from wendbaar.taxonomy.esco_csv import EscoFormatError

    return (CommandError, EscoFormatError, CrosswalkFormatError)
