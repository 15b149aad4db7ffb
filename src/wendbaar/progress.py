"""Progress reporting for long work, on a terminal and for the portal (no Django imports)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Protocol

from tqdm import tqdm


class Progress(Protocol):
    def stage(self, name: str, total: int | None, unit: str = "B") -> None: ...

    def advance(self, amount: int) -> None: ...

    def close(self) -> None: ...


class Silent:
    def stage(self, name: str, total: int | None, unit: str = "B") -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def close(self) -> None:
        pass


class TerminalProgress:
    """A tqdm bar per stage on standard error; quiet when that is not a terminal."""

    def __init__(self, enabled: bool | None = None):
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar: tqdm | None = None

    def stage(self, name: str, total: int | None, unit: str = "B") -> None:
        self.close()
        if self._enabled:
            self._bar = tqdm(
                total=total,
                desc=name,
                unit=unit,
                unit_scale=unit == "B",
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )

    def advance(self, amount: int) -> None:
        if self._bar is not None:
            self._bar.update(amount)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Snapshots:
    """Calls ``publish`` with the state now and then, for a status page to read."""

    def __init__(self, publish: Callable[[dict[str, object]], None], every: float = 0.5):
        self._publish = publish
        self._every = every
        self._last = 0.0
        self.state: dict[str, object] = {"stage": "", "done": 0, "total": None, "unit": "B"}

    def stage(self, name: str, total: int | None, unit: str = "B") -> None:
        self.state = {"stage": name, "done": 0, "total": total, "unit": unit}
        self._send(force=True)

    def advance(self, amount: int) -> None:
        self.state["done"] = int(self.state["done"]) + amount  # type: ignore[call-overload]
        self._send()

    def close(self) -> None:
        self._send(force=True)

    def _send(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self._every:
            self._last = now
            self._publish(dict(self.state))


class Fanout:
    def __init__(self, *targets: Progress):
        self._targets = targets

    def stage(self, name: str, total: int | None, unit: str = "B") -> None:
        for target in self._targets:
            target.stage(name, total, unit)

    def advance(self, amount: int) -> None:
        for target in self._targets:
            target.advance(amount)

    def close(self) -> None:
        for target in self._targets:
            target.close()


class _Deltas:
    """Turns reports of (stage, done so far, total) into stage() and advance() calls."""

    def __init__(self, progress: Progress, unit: str):
        self._progress = progress
        self._unit = unit
        self._stage: str | None = None
        self._done = 0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        if stage != self._stage:
            self._progress.stage(stage, total, self._unit)
            self._stage, self._done = stage, 0
        self._progress.advance(done - self._done)
        self._done = done


def callback(progress: Progress, unit: str = "items") -> Callable[[str, int, int | None], None]:
    """Adapt ``progress`` to callers that report (stage, done so far, total)."""
    return _Deltas(progress, unit)
