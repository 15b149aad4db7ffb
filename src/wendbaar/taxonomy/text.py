"""Text normalisation shared by import, search and linking (no Django imports)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
SEARCH_TEXT_MAX = 255


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space: 'Inspiciënt ' -> 'inspicient'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", stripped).strip()


def search_key(text: str) -> str:
    """The indexed form of a label; long labels are cut to fit the index column."""
    return fold(text)[:SEARCH_TEXT_MAX]
