"""Where the real reference files live (``../shared/data`` beside the repository)."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(
    os.environ.get(
        "WENDBAAR_SHARED_DATA", Path(__file__).resolve().parents[4].parent / "shared" / "data"
    )
)
ESCO = SHARED / "esco"
ESCO_V111 = [
    ESCO / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - en - csv.zip",
    ESCO / "v1.1.1" / "ESCO dataset - v1.1.1 - classification - - csv.zip",
    ESCO / "v1.1.1-nl",
]
ESCO_V120_NL = ESCO / "v1.2.0-nl"
VDAB = SHARED / "crosswalks" / "vdab-competent-3.8_to_esco.tsv"
BRC_GROUPS = SHARED / "cbs" / "brc2014_groups.csv"
ISCO_TO_BRC = SHARED / "cbs" / "isco08_to_brc2014.csv"


def require(*paths: Path) -> None:
    """Fail loudly: these tests are about the real files and must not pass without them."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(
            "reference data missing (set WENDBAAR_SHARED_DATA): " + ", ".join(missing)
        )
