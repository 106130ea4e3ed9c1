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
    """A bar with counts and ETA, on stderr, that fits the terminal: below ``_WIDE`` columns it leaves out
    the elapsed time and the succeeded count (done/total tells it), below ``_NARROW`` the other counts too;
    the bar takes what room is left."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import Progress as Bar

        self._bar = Bar(console=Console(file=stream), transient=False, expand=True)
        self._layout = -1
        self._fit()
        self._task: Any = None
        self._bar.start()

    def _fit(self) -> None:
        """Choose the columns for the terminal's width (again on each update: it may have been resized)."""
        width = self._bar.console.width
        layout = 2 if width >= _WIDE else 1 if width >= _NARROW else 0
        if layout != self._layout:
            self._layout = layout
            self._bar.columns = _columns(layout)

    def update(self, progress: Progress) -> None:
        failed = f"err {progress.errored} exp {progress.expired} can {progress.canceled}"
        counts = f"ok {progress.succeeded} {failed}"
        self._fit()
        shown = counts if self._layout == 2 else failed
        if self._task is None:
            self._task = self._bar.add_task(progress.phase, total=progress.total, counts=shown)
        self._bar.update(self._task, completed=progress.finished, description=progress.phase, counts=shown)

    def close(self) -> None:
        self._bar.stop()


_WIDE = 110  # terminal columns from which the whole bar fits
_NARROW = 72  # and from which the error, expired and canceled counts do (with a job of a million requests)
_PHASE_WIDTH = 19  # the longest phase ("waiting for batches"): the bar does not jump when the phase changes


def _columns(layout: int) -> tuple[Any, ...]:
    """The columns of layout 2 (wide), 1 (narrow: no elapsed time, no succeeded count) or 0 (no counts)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.table import Column

    def text(template: str, **column: Any) -> Any:
        return TextColumn(template, table_column=Column(no_wrap=True, **column))

    phase = text("{task.description}", min_width=_PHASE_WIDTH)
    bar = BarColumn(bar_width=None, table_column=Column(ratio=1))
    counts = (text("{task.fields[counts]}"),) if layout else ()
    elapsed = (TimeElapsedColumn(),) if layout == 2 else ()
    return (phase, bar, MofNCompleteColumn(), *counts, *elapsed, text("ETA"), TimeRemainingColumn())


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
