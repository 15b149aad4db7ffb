"""Errors about bad input, which commands and pages report as one clear message.

No Django imports: engines raise these too.
"""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used; the message says what is wrong and where."""

    def __init__(self, source: str, message: str, line: int | None = None):
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line
