"""`make demo` runs the main job end to end on the embedded emulator: every step shows what it promises.

It runs in a subprocess, as `make demo` does: with real (short) retry waits, which the deadline step needs."""

from __future__ import annotations

import subprocess
import sys


def test_the_demo_shows_every_promise_and_control() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "unbroken", "demo"], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    for line in (
        "succeeded after 2 requests",
        "kept what arrived: 'Echo: Tell me'",
        "BadRequestError status=400 type=invalid_request_error request_id=req_emu_",
        "AuthenticationError status=401",
        "turn: 'Tool results: 18 degrees and sunny in Lisbon'",
        "APITimeoutError: timeout_kind='idle'; kept 'Echo:'",
        "APITimeoutError: timeout_kind='deadline', last error OverloadedError",
        "RateLimitError: come back in 300 s (no sleep, no retry)",
        "EnforcedSpendLimitReachedError (a RateLimitError): error_code='enforced_spend_limit_reached'",
        "requests: 49 of 50 left",
        "one stream: 'Once upon a time a keeper kept the light burning'; continuations=1",
        "[hook] falling back claude-opus-4-1 -> claude-sonnet-4-5",
        "answered by claude-sonnet-4-5",
        "done.",
    ):
        assert line in out, f"missing {line!r} in:\n{out}"
    assert "Traceback" not in out + run.stderr
