"""The settings module in its test variant (pytest points here; see pyproject.toml)."""

import os
import tempfile

os.environ["WENDBAAR_ENV"] = "test"
os.environ.setdefault("WENDBAAR_HOME", tempfile.mkdtemp(prefix="wendbaar-test-"))

from wendbaar.settings import *  # noqa: F403
