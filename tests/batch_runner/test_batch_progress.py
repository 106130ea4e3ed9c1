"""The progress reporter: rich on a terminal, silent otherwise."""

from __future__ import annotations

import io

from unbroken.batch import Progress, auto_reporter
from unbroken.batch._progress import PlainReporter, RichReporter, Silent

SNAPSHOT = Progress(
    total=10,
    pending=2,
    inflight=3,
    succeeded=4,
    errored=1,
    expired=0,
    canceled=0,
    written=5,
    batches=1,
    phase="x",
)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_not_a_terminal_is_silent() -> None:
    stream = io.StringIO()
    reporter = auto_reporter(stream)
    reporter.update(SNAPSHOT)
    reporter.close()
    assert isinstance(reporter, Silent) and stream.getvalue() == ""


def test_quiet_is_silent_even_on_a_terminal() -> None:
    assert isinstance(auto_reporter(Terminal(), quiet=True), Silent)


def test_a_terminal_gets_a_rich_bar_with_counts() -> None:
    stream = Terminal()
    reporter = auto_reporter(stream)
    assert isinstance(reporter, RichReporter)
    reporter.update(SNAPSHOT)
    reporter.close()
    assert "5/10" in stream.getvalue() and "ok 4 err 1" in stream.getvalue()


def test_the_plain_line_without_rich_counts_too() -> None:
    stream = io.StringIO()
    reporter = PlainReporter(stream)
    reporter.update(SNAPSHOT)
    reporter.close()
    assert "x: 5/10 done (ok 4, errored 1" in stream.getvalue()
