"""The progress reporter: rich on a terminal, silent otherwise."""

from __future__ import annotations

import io
import re

import pytest

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


def test_a_terminal_gets_a_rich_bar_with_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
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


def last_line(stream: io.StringIO) -> str:
    """The bar as last drawn, without the terminal's control sequences."""
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", stream.getvalue())
    return text.replace("\r", "\n").strip().splitlines()[-1]


def draw(width: int, progress: Progress, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    stream = Terminal()
    reporter = auto_reporter(stream)
    reporter.update(progress)
    reporter.close()
    return last_line(stream)


def halfway(total: int, phase: str) -> Progress:
    half = total // 2
    return Progress(total, 0, half, half - 30, 12, 3, 15, 0, 2, phase)


@pytest.mark.parametrize("phase", ["waiting for batches", "downloading results", "recovering a batch"])
@pytest.mark.parametrize("total", [20_000, 1_000_000])
def test_the_bar_fits_80_columns_without_cutting_a_column(
    monkeypatch: pytest.MonkeyPatch, total: int, phase: str
) -> None:
    line = draw(80, halfway(total, phase), monkeypatch)
    assert len(line) <= 80 and "…" not in line
    assert line.startswith(phase) and f"{total // 2}/{total}" in line
    assert "err 12 exp 3 can 15" in line and re.search(r"ETA -:--:--$", line)
    assert re.search(r"━{5,}", line)  # room is left for the bar itself


def test_a_wide_terminal_also_gets_the_succeeded_count_and_the_elapsed_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line = draw(120, halfway(20_000, "waiting for batches"), monkeypatch)
    assert len(line) <= 120 and "…" not in line
    assert re.search(r"10000/20000 ok 9970 err 12 exp 3 can 15 \d:\d\d:\d\d ETA -:--:--$", line)


def test_a_very_narrow_terminal_keeps_the_count_done_and_the_eta(monkeypatch: pytest.MonkeyPatch) -> None:
    line = draw(60, halfway(1_000_000, "downloading results"), monkeypatch)
    assert len(line) <= 60 and "…" not in line
    assert "500000/1000000" in line and line.endswith("ETA -:--:--")


def test_the_bar_follows_a_resized_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    stream = Terminal()
    reporter = auto_reporter(stream)
    assert isinstance(reporter, RichReporter)
    reporter.update(halfway(20_000, "waiting for batches"))
    reporter._bar.console.width = 80  # the user narrowed the window
    reporter.update(halfway(20_000, "waiting for batches"))
    reporter.close()
    line = last_line(stream)
    assert len(line) <= 80 and "…" not in line and "10000/20000" in line
