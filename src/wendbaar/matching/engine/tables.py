"""Small CSV tables from CBS, Eurostat and UWV: tolerant about encoding and separators,
strict about content, and every error names the file and line."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from wendbaar.errors import InputError


class TableError(InputError):
    """A labour-market table that cannot be used."""


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded away, for matching names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def read_table(
    path: Path, columns: Mapping[str, tuple[str, ...]]
) -> list[tuple[int, dict[str, str]]]:
    """Rows as {wanted name: cell}, finding each wanted column by any of its aliases
    (folded). Missing required columns (aliases not all optional) raise ``TableError``.

    Excel exports come as UTF-8 with a BOM or as Windows-1252, separated by commas,
    semicolons or tabs; all are accepted.
    """
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TableError(str(path), f"cannot be read ({exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text.strip() else ""
    if not first:
        raise TableError(str(path), "the file is empty", 1)
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [fold(h) for h in next(reader)]
    where: dict[str, int] = {}
    for name, aliases in columns.items():
        for alias in aliases:
            if fold(alias) in header:
                where[name] = header.index(fold(alias))
                break
    missing = [n for n, aliases in columns.items() if n not in where and "" not in aliases]
    if missing:
        raise TableError(
            str(path),
            "missing columns: "
            + "; ".join(f"{n} (one of {', '.join(a for a in columns[n] if a)})" for n in missing),
            1,
        )
    rows = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = {n: (row[i].strip() if i < len(row) else "") for n, i in where.items()}
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise TableError(str(path), f"broken CSV: {exc}", reader.line_num) from exc
    return rows


def number(cell: str, path: Path, line: int) -> float | None:
    """A number with a decimal comma or point; empty, "." or "-" (no data) give None."""
    cell = cell.strip().replace("\u00a0", "").replace(" ", "")
    if cell in ("", ".", "-", "x", "?"):
        return None
    if "," in cell and "." in cell:
        cell = cell.replace(".", "")  # 1.234,5
    try:
        return float(cell.replace(",", "."))
    except ValueError:
        raise TableError(str(path), f"not a number: {cell!r}", line) from None
