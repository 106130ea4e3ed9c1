"""ANTHROPIC_LOG turns on logging; credentials never appear in it (checked in a fresh interpreter, because the
environment variable is read once, at first client construction)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
import httpx, unbroken
calls = []
def handler(request):
    calls.append(request)
    status = 529 if len(calls) == 1 else 401
    return httpx.Response(status, json={"type": "error", "error": {"type": "x", "message": "no"}})
client = unbroken.Anthropic(
    api_key="sk-ant-SECRET-KEY", auth_token="SECRET-TOKEN",
    base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(handler)),
)
with unbroken.testing.instant_retries():
    try:
        client.messages.create(
            model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
        )
    except unbroken.AuthenticationError as err:
        print("caught", err.status_code)
"""


def run(level: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ANTHROPIC_LOG": level}
    code = "import unbroken.testing\n" + SCRIPT
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)


def test_debug_logs_requests_and_retries_without_secrets() -> None:
    result = run("debug")
    assert "caught 401" in result.stdout
    assert "Request: POST http://api.test/v1/messages" in result.stderr
    assert "Retrying POST /v1/messages" in result.stderr
    assert "<redacted>" in result.stderr
    assert "SECRET" not in result.stderr


def test_info_logs_retries_but_not_request_headers() -> None:
    result = run("info")
    assert "Retrying POST /v1/messages" in result.stderr
    assert "headers=" not in result.stderr
    assert "SECRET" not in result.stderr


def test_no_log_without_the_variable() -> None:
    result = run("")
    assert result.stderr == ""


def test_each_line_is_logged_once_when_the_application_configured_logging_too() -> None:
    # The application's own `logging.basicConfig` (any framework's root handler): a handler added to our
    # loggers as well printed every line twice, once per handler. As the reference, lines go to the root's.
    env = {**os.environ, "ANTHROPIC_LOG": "info"}
    configure = "import logging\nlogging.basicConfig(format='APP %(name)s %(message)s')\n"
    code = configure + "import unbroken.testing\n" + SCRIPT
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)

    lines = [line for line in result.stderr.splitlines() if "Retrying POST /v1/messages" in line]
    assert len(lines) == 1
    assert lines[0].startswith("APP unbroken.")  # the application's format: its handler, not a second one
