"""What a user's type checker sees (mypy --strict on a user's file): `http_client=` takes a client of either
HTTP stack and refuses the wrong kind, timeouts of either stack are accepted, and an error's `response` is
either stack's `Response`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

USER_CODE = """\
import httpx
import httpx2

import unbroken as anthropic

anthropic.Anthropic(http_client=httpx.Client())
anthropic.Anthropic(http_client=httpx2.Client())
anthropic.Anthropic(http_client=anthropic.DefaultHttpxClient(transport=httpx.HTTPTransport()))
anthropic.AsyncAnthropic(http_client=anthropic.DefaultAsyncHttpxClient())
anthropic.AsyncAnthropic(http_client=anthropic.DefaultAioHttpClient())
anthropic.Anthropic(timeout=httpx.Timeout(3.0)).with_options(timeout=httpx2.Timeout(2.0))
anthropic.Anthropic(http_client=httpx.AsyncClient())


def status(err: anthropic.APIStatusError) -> int:
    reveal_type(err.response)
    return err.response.status_code
"""


def test_a_type_checker_sees_both_stacks(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(USER_CODE)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "cache"),
            "user.py",
        ],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    lines = [line.removeprefix("user.py:") for line in result.stdout.splitlines()]
    assert lines == [
        '12: error: Argument "http_client" to "Anthropic" has incompatible type "AsyncClient"; expected '
        '"httpx._client.Client | httpx2._client.Client | None"  [arg-type]',
        '16: note: Revealed type is "httpx._models.Response | httpx2._models.Response"',
    ], result.stdout + result.stderr
