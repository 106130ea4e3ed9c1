"""The conformance harness itself (scripts/conformance.py), offline: how it reads Steady's verdicts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest

import unbroken

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "conformance.py"


@pytest.fixture(scope="module")
def harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unbroken_conformance_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def steady_answer(request: httpx.Request) -> httpx.Response:
    """Valid unless the body says "bad"; then Steady's 400 with one error in the headers."""
    if b"bad" in request.read():
        headers = {
            "x-steady-request-valid": "false",
            "x-steady-error-count": "1",
            "x-steady-error-1-code": "E3008",
            "x-steady-error-1-path": "body.max_tokens",
            "x-steady-error-1-message": "Expected type integer, got string",
        }
        return httpx.Response(400, json={"error": "Validation failed"}, headers=headers)
    return httpx.Response(200, json={"ok": True}, headers={"x-steady-request-valid": "true"})


def mock_steady(harness: ModuleType) -> tuple[unbroken.Anthropic, object]:
    log = harness.Log()
    http = httpx.Client(transport=httpx.MockTransport(steady_answer), event_hooks={"response": [log.record]})
    client = unbroken.Anthropic(api_key="k", base_url="http://steady.test", max_retries=0, http_client=http)
    return client, log


def test_a_flagged_request_fails_the_check_with_steadys_reason(harness: ModuleType) -> None:
    client, log = mock_steady(harness)
    check = harness.Check("bad", lambda c: c.post("/v1/x", cast_to=object, body={"v": "bad"}))
    problems = harness.run_check(check, client, log, False)
    assert len(problems) == 1
    assert "E3008 at body.max_tokens: Expected type integer, got string" in problems[0]


def test_a_valid_request_whose_response_cannot_be_read_fails(harness: ModuleType) -> None:
    client, log = mock_steady(harness)
    check = harness.Check("unreadable", lambda c: c.models.retrieve("m"))
    problems = harness.run_check(check, client, log, False)
    assert problems and "APIResponseValidationError" in problems[0]


def test_send_only_checks_ignore_the_response(harness: ModuleType) -> None:
    client, log = mock_steady(harness)
    check = harness.Check("stream", lambda c: c.models.retrieve("m"), judge_response=False)
    assert harness.run_check(check, client, log, False) == []


def test_a_check_that_sends_nothing_fails(harness: ModuleType) -> None:
    client, log = mock_steady(harness)
    assert harness.run_check(harness.Check("idle", lambda c: None), client, log, False) == ["sent no request"]


def test_every_url_is_sent_to_the_local_server(harness: ModuleType) -> None:
    seen: list[httpx.URL] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200)

    transport = harness.LocalOnly("http://127.0.0.1:4010", inner=httpx.MockTransport(record))
    with httpx.Client(transport=transport) as http:
        http.get("https://api.anthropic.com/v1/messages/batches/b/results?x=1")
    assert str(seen[0]) == "http://127.0.0.1:4010/v1/messages/batches/b/results?x=1"


def test_the_run_is_refused_when_the_server_flags_nothing(harness: ModuleType) -> None:
    client, log = mock_steady(harness)  # accepts the canary: its body has no "bad"
    assert harness.harness_sees_violations(client, log) is False


def test_the_canary_is_flagged_by_a_validating_server(harness: ModuleType) -> None:
    log = harness.Log()
    flag_all = httpx.MockTransport(lambda r: steady_answer(httpx.Request("POST", r.url, content=b"bad")))
    http = httpx.Client(transport=flag_all, event_hooks={"response": [log.record]})
    client = unbroken.Anthropic(api_key="k", base_url="http://steady.test", max_retries=0, http_client=http)
    assert harness.harness_sees_violations(client, log) is True
