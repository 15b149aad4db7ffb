"""The one error the engine raises for unusable input."""

from __future__ import annotations

from wendbaar.errors import InputError

QUERY_MAX = 1_000
TEXT_MAX = 100_000


class LinkingInputError(InputError):
    """Text the linker refuses (not text, or too long); the message says why."""


def check_text(text: object, limit: int, source: str = "text") -> str:
    """The text itself, or LinkingInputError; empty text is fine (it links to nothing)."""
    if isinstance(text, bytes | bytearray):
        raise LinkingInputError(source, "expected text, got bytes; decode it first")
    if not isinstance(text, str):
        raise LinkingInputError(source, f"expected text, got {type(text).__name__}")
    if len(text) > limit:
        raise LinkingInputError(
            source, f"too long: {len(text):,} characters, at most {limit:,} allowed"
        )
    if "\x00" in text:
        raise LinkingInputError(source, "contains NUL characters: binary data, not text")
    return text
