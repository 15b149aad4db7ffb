"""Reading editors' and CBS's CSV files, without Django: delimiter, header, line errors."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wendbaar.errors import InputError

SHOWN_ERRORS = 20


class FileErrors(InputError):
    """Several lines are wrong; nothing was imported. ``errors`` lists (line, message)."""

    def __init__(self, source: str, errors: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"line {line}: {message}" for line, message in errors[:SHOWN_ERRORS])
        more = len(errors) - SHOWN_ERRORS
        super().__init__(source, shown + (f"; and {more} more" if more > 0 else ""))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def get(self, *names: str) -> str:
        """The first of ``names`` that the file has, stripped; "" when none."""
        for name in names:
            if name in self.values:
                return (self.values[name] or "").strip()
        return ""


def _delimiter(header_line: str) -> str:
    # Dutch spreadsheets save with ";", others with ","; CBS also ships tab-separated files.
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def read_rows(path: Path) -> tuple[list[str], Iterator[Row]]:
    """The lower-cased header and the rows (line numbers as a spreadsheet shows them)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        first = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the file ({exc})") from exc
    if not first.strip():
        handle.close()
        raise InputError(str(path), "the file is empty; expected a header line")
    delimiter = _delimiter(first)
    header = [
        name.strip().strip('"').lower() for name in next(csv.reader([first], delimiter=delimiter))
    ]

    def rows() -> Iterator[Row]:
        with handle:
            reader = csv.reader(handle, delimiter=delimiter)
            try:
                for cells in reader:
                    if any(cell.strip() for cell in cells):
                        # +1 for the header line read before the reader started.
                        yield Row(reader.line_num + 1, dict(zip(header, cells, strict=False)))
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(str(path), f"cannot read the file ({exc})") from exc

    return header, rows()
