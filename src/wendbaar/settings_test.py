"""The settings module in its test variant (pytest points here; see pyproject.toml)."""

import os
import tempfile

os.environ["WENDBAAR_ENV"] = "test"
os.environ.setdefault("WENDBAAR_HOME", tempfile.mkdtemp(prefix="wendbaar-test-"))
# Parallel test workers (pytest-xdist) inherit the home of the process that started them;
# each gets its own folder, so file caches, indexes and matrices are never shared.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["WENDBAAR_HOME"] = os.path.join(os.environ["WENDBAAR_HOME"], worker)
    os.makedirs(os.environ["WENDBAAR_HOME"], exist_ok=True)

from wendbaar.settings import *  # noqa: F403
