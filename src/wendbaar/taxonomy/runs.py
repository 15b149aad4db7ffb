"""Import runs: a log row per run, and live progress shared through the cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from wendbaar.progress import Fanout, Progress, Silent, Snapshots
from wendbaar.taxonomy.models import ImportRun

PROGRESS_TTL = 24 * 3600


def progress_key(run_id: int) -> str:
    return f"wendbaar:progress:{run_id}"


def live_progress(run: ImportRun) -> dict[str, Any] | None:
    value = cache.get(progress_key(run.pk))
    return value if isinstance(value, dict) else None


@contextmanager
def tracked_run(
    kind: str, sources: list[str], progress: Progress | None = None
) -> Iterator[tuple[ImportRun, Progress]]:
    """Log the run and publish its progress; record the outcome, also when it fails.

    The log row is written outside the import's own transaction, so a failed
    import leaves the taxonomy untouched and still shows up in the log.
    """
    run = ImportRun.objects.create(kind=kind, sources=sources, status=ImportRun.Status.RUNNING)
    snapshots = Snapshots(lambda state: cache.set(progress_key(run.pk), state, PROGRESS_TTL))
    combined = Fanout(progress or Silent(), snapshots)
    try:
        yield run, combined
    except BaseException as exc:
        run.status = ImportRun.Status.FAILED
        run.error = str(exc) or type(exc).__name__
        raise
    else:
        run.status = ImportRun.Status.SUCCEEDED
    finally:
        combined.close()
        run.finished_at = timezone.now()
        run.save()
