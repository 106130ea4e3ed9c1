"""Pytest fixture and marker for the emulator (registered through the ``pytest11`` entry point).

``emulator`` gives each test a clean view (no faults, no replies, no recorded requests, fresh resources and
ids) of one server started once per session, so a test suite pays the startup cost once. While it is in use
the client's retries do not sleep. When a test passes but left a queued fault or scripted reply unused, it
errors at teardown with the list (respx's ``assert_all_called``); a failed test is not told twice.

``@pytest.mark.emulator(...)`` configures the fixture for one test (or a class, or a module):

* ``cassette=True`` or ``cassette="name.json"``: answer from a cassette (``True``:
  ``cassettes/<module>/<test>.json`` beside the test file; a relative path is relative to the test file),
  with ``ANTHROPIC_BASE_URL`` pointing at the emulator for the test's duration; ``record_mode`` (else the
  ``--unbroken-record-mode`` option, which wins when given, else ``"none"``), ``redact``,
  ``redact_headers``, ``match_on``, ``realtime`` and ``upstream`` as for ``Emulator.use_cassette``. While
  nothing can be recorded (a replay in CI, where no secret is set), ``ANTHROPIC_API_KEY`` is also set to a
  placeholder when neither it nor ``ANTHROPIC_AUTH_TOKEN`` is: the replay needs no key, but a client built
  from the environment refuses to start without one;
* ``assert_all_used=False``: do not fail the test on unused items;
* ``latency=Latency(...)``: pace this test's answers;
* ``rate_limits=RateLimits(...)``: put rate limits in front of the Messages API for this test.

Nothing heavy is imported until a test asks for the fixture.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .recording import RecordMode
    from .server import Emulator

__all__ = ["emulator"]

_MARKER_OPTIONS = frozenset(
    {
        "cassette",
        "record_mode",
        "redact",
        "redact_headers",
        "match_on",
        "realtime",
        "upstream",
        "assert_all_used",
        "latency",
        "rate_limits",
    }
)
_CALL_PASSED = pytest.StashKey[bool]()
PLACEHOLDER_KEY = "unbroken-cassette-replay"  # what a replay-only test's clients authenticate with


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("unbroken", "unbroken emulator")
    group.addoption(
        "--unbroken-record-mode",
        choices=["none", "once", "new_episodes", "all"],
        default=None,
        help="record mode of every emulator cassette (overrides the markers'; default: none)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "emulator(cassette=None, record_mode=None, redact=(), assert_all_used=True, latency=None, ...): "
        "configure the unbroken `emulator` fixture for this test",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_PASSED] = report.passed


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for marker in reversed(list(request.node.iter_markers("emulator"))):  # the closest marker wins
        if marker.args:
            raise TypeError("@pytest.mark.emulator takes keywords only, e.g. emulator(cassette=True)")
        unknown = set(marker.kwargs) - _MARKER_OPTIONS
        if unknown:
            raise TypeError(f"@pytest.mark.emulator: unknown option(s) {', '.join(sorted(unknown))}")
        options.update(marker.kwargs)
    return options


def _cassette_path(request: pytest.FixtureRequest, cassette: Any) -> Path:
    test_file = Path(request.node.path)
    if cassette is True:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        return test_file.parent / "cassettes" / test_file.stem / f"{name}.json"
    return test_file.parent / Path(cassette)


def _key_in_environment() -> bool:
    return any(os.environ.get(name) is not None for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"))


@pytest.fixture(scope="session")
def _unbroken_emulator_server() -> Iterator[Emulator]:
    from .server import Emulator

    with Emulator(assert_all_used=False) as server:
        yield server


@pytest.fixture
def emulator(_unbroken_emulator_server: Emulator, request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """A running ``unbroken.testing.Emulator``, reset before and after the test; configured by
    ``@pytest.mark.emulator(...)``; failing the test at teardown when a fault or reply went unused."""
    from .._retry import instant_retries

    server = _unbroken_emulator_server
    options = _marker_options(request)
    server.reset()
    if options.get("latency") is not None:
        server.latency = options["latency"]
    if options.get("rate_limits") is not None:
        server.rate_limits = options["rate_limits"]
    replaying: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
    cassette = options.get("cassette")
    if cassette:
        mode: RecordMode = (
            request.config.getoption("--unbroken-record-mode") or options.get("record_mode") or "none"
        )
        passed = ("redact", "redact_headers", "match_on", "realtime", "upstream")
        extra = {k: options[k] for k in passed if k in options}
        replaying = server.use_cassette(_cassette_path(request, cassette), record_mode=mode, **extra)
    problems: list[str] = []
    with instant_retries(), pytest.MonkeyPatch.context() as patch:
        if cassette:
            patch.setenv("ANTHROPIC_BASE_URL", server.base_url)
        try:
            with replaying:
                player = server.app.cassette
                if player is not None and not player.records and not _key_in_environment():
                    patch.setenv("ANTHROPIC_API_KEY", PLACEHOLDER_KEY)
                yield server
        except AssertionError as exc:  # requests the cassette could not answer
            problems.append(str(exc))
        if options.get("assert_all_used", True):
            try:
                server.assert_all_used()
            except AssertionError as exc:
                problems.append(f"{exc}\n(or mark the test @pytest.mark.emulator(assert_all_used=False))")
    server.reset()
    if problems and request.node.stash.get(_CALL_PASSED, False):
        pytest.fail("\n".join(problems), pytrace=False)
