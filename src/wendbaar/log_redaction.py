"""Keep secrets that travel in URLs out of the logs.

Share links and password-reset links carry their secret in the path. Django logs every
4xx answer with its path ("Gone: /paspoort/gedeeld/<token>/"), so a stopped or expired
share link would leave a usable-looking token in the log. The filter rewrites such
segments before any handler sees the record.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[verborgen]"

# A secret segment follows one of these path parts (with or without the /en/ prefix).
_SECRET_PATHS = re.compile(
    r"(?P<prefix>/paspoort/gedeeld/|/wachtwoord-vergeten/[^/\s]+/)(?P<secret>[^/\s?\"']+)"
)


def redact(text: str) -> str:
    return _SECRET_PATHS.sub(lambda m: m.group("prefix") + REDACTED, text)


class RedactSecretPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
