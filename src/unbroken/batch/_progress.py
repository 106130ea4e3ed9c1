"""Progress of a job: a snapshot after each step, drawn as a rich progress bar on a terminal.

The runner only calls ``Reporter.update(Progress)``; whoever runs it chooses the reporter. ``auto_reporter``
draws with rich (the ``cli`` extra, imported only here and only when stderr is a terminal) and is silent
otherwise, so logs and pipes get no control characters.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

__all__ = ["Progress", "Reporter", "auto_reporter"]


@dataclass(frozen=True)
class Progress:
    """Where a job stands: requests by state, and what the runner is doing (``phase``)."""

    total: int
    pending: int
    inflight: int
    succeeded: int
    errored: int
    expired: int
    canceled: int
    written: int
    batches: int
    phase: str

    @property
    def finished(self) -> int:
        return self.succeeded + self.errored + self.expired + self.canceled


class Reporter(Protocol):
    def update(self, progress: Progress) -> None: ...
    def close(self) -> None: ...


class Silent:
    def update(self, progress: Progress) -> None:
        pass

    def close(self) -> None:
        pass


class RichReporter:
    """A bar with counts and ETA, on stderr."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self._task: Any = None
        self._bar.start()

    def update(self, progress: Progress) -> None:
        counts = (  # short: the bar must fit an 80-column terminal
            f"ok {progress.succeeded} err {progress.errored} exp {progress.expired} can {progress.canceled}"
        )
        if self._task is None:
            self._task = self._bar.add_task(progress.phase, total=progress.total, counts=counts)
        self._bar.update(self._task, completed=progress.finished, description=progress.phase, counts=counts)

    def close(self) -> None:
        self._bar.stop()


class PlainReporter:
    """A terminal without rich: one line, rewritten in place."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def update(self, progress: Progress) -> None:
        self._stream.write(
            f"\r{progress.phase}: {progress.finished}/{progress.total} done (ok {progress.succeeded},"
            f" errored {progress.errored}, expired {progress.expired}, canceled {progress.canceled})\x1b[K"
        )
        self._stream.flush()

    def close(self) -> None:
        self._stream.write("\n")
        self._stream.flush()


def auto_reporter(stream: TextIO | None = None, *, quiet: bool = False) -> Reporter:
    """rich on a terminal, a plain line if rich is missing (with a hint), nothing when not a terminal."""
    stream = stream or sys.stderr
    if quiet or not stream.isatty():
        return Silent()
    try:
        return RichReporter(stream)
    except ImportError:
        stream.write("(for a progress bar: pip install 'unbroken[cli]')\n")
        return PlainReporter(stream)
