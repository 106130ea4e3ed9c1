"""The control API (over HTTP) and the standalone ``unbroken emulator`` command (in a subprocess)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from emu_helpers import message_body

import unbroken
from unbroken.testing import Emulator, Fault, Reply
from unbroken.testing.standalone import main, parse_item

MODEL = "claude-sonnet-4-5"


@pytest.fixture
def control(emulator: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{emulator.base_url}/_emulator", timeout=5) as http:
        yield http


# -- the control API ------------------------------------------------------------------------------


def test_faults_and_replies_pushed_over_http_are_used(emulator: Emulator, control: httpx.Client) -> None:
    queued = control.post("/faults", json={"kind": "status", "status_code": 529, "model": "claude-opus-*"})
    control.post(
        "/replies",
        json=[
            {"kind": "text", "text": "Hello from the control API"},
            {"kind": "tool_use", "name": "get_weather", "input": {"city": "Paris"}, "prompt": "weather"},
        ],
    )
    client = emulator.client(max_retries=0)

    assert queued.json() == {"queued": ["Fault.status(529, model='claude-opus-*')"]}
    with pytest.raises(unbroken.OverloadedError):
        client.messages.create(
            model="claude-opus-4-1", max_tokens=5, messages=[{"role": "user", "content": "x"}]
        )
    first = client.messages.create(model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "hi"}])
    second = client.messages.create(
        model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "the weather?"}]
    )

    assert first.content[0].text == "Hello from the control API"  # type: ignore[union-attr]
    assert second.content[0].input == {"city": "Paris"}  # type: ignore[union-attr]
    assert control.get("/pending").json() == {"unused": []}


def test_the_request_log_is_readable_and_leaves_control_requests_out(
    emulator: Emulator, control: httpx.Client
) -> None:
    control.post("/faults", json={"kind": "drop_after", "n_events": 2})
    with httpx.Client(base_url=emulator.base_url, timeout=5) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(
                "/v1/messages", json=message_body(stream=True), headers={"anthropic-version": "2023-06-01"}
            )

    log = control.get("/requests").json()["requests"]

    assert len(log) == 1
    assert log[0]["path"] == "/v1/messages"
    assert log[0]["json"]["stream"] is True
    assert (log[0]["status"], log[0]["answered_by"], log[0]["faults"]) == (
        200,
        "echo",
        ["Fault.drop_after(2)"],
    )


def test_pending_lists_what_was_not_used_and_reset_forgets_it(
    emulator: Emulator, control: httpx.Client
) -> None:
    control.post("/replies", json={"kind": "raw", "status": 503, "body": "down"})

    pending = control.get("/pending").json()["unused"]
    status = control.post("/reset").json()

    assert pending == ["Reply.raw(503, body='down'): used 0 of 1"]
    assert (status["replies"], status["requests"]) == (0, 0)


def test_delete_forgets_only_the_faults_or_only_the_replies(
    emulator: Emulator, control: httpx.Client
) -> None:
    control.post("/faults", json={"kind": "status", "status_code": 529})
    control.post("/replies", json=[{"kind": "text", "text": "kept"}, {"kind": "text", "text": "dropped"}])
    client = emulator.client(max_retries=0)

    without_faults = control.delete("/faults").json()
    answer = client.messages.create(model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "x"}])
    without_replies = control.delete("/replies/").json()

    assert (without_faults["faults"], without_faults["replies"]) == (0, 2)
    assert answer.content[0].text == "kept"  # type: ignore[union-attr]
    assert (without_replies["faults"], without_replies["replies"], without_replies["requests"]) == (0, 0, 1)


def test_reset_rewinds_the_cassette_for_the_next_test(
    emulator: Emulator, control: httpx.Client, tmp_path: Path
) -> None:
    """A suite in another process replays the same cassette once per test, resetting in between; a fault
    pushed after the reset strikes the replayed stream."""
    path = tmp_path / "story.json"
    client = emulator.client(max_retries=0)
    ask = {"model": MODEL, "max_tokens": 64, "messages": [{"role": "user", "content": "one two three four"}]}
    with Emulator() as real_api, emulator.use_cassette(path, record_mode="once", upstream=real_api.base_url):
        with client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
            stream.get_final_text()

    with emulator.use_cassette(path):
        with client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
            first = stream.get_final_text()
        control.post("/reset")
        control.post("/faults", json={"kind": "drop_after", "n_events": 5})
        with pytest.raises(unbroken.APIConnectionError) as caught, client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
            stream.get_final_text()
        control.post("/reset")
        with client.messages.stream(**ask) as stream:  # type: ignore[arg-type]
            again = stream.get_final_text()

    partial = caught.value.partial_message.content[0].text  # type: ignore[union-attr]
    assert first == "Echo: one two three four"
    assert partial and first.startswith(partial) and partial != first
    assert again == first
    assert [r["answered_by"] for r in control.get("/requests").json()["requests"]] == ["cassette"]


def test_latency_is_set_and_cleared_over_http(emulator: Emulator, control: httpx.Client) -> None:
    set_ = control.put("/latency", json={"first_token": 0.0, "tokens_per_second": 1000})

    assert set_.json()["latency"]["tokens_per_second"] == 1000
    assert emulator.latency is not None and emulator.latency.tokens_per_second == 1000
    assert control.put("/latency", content=b"null").json()["latency"] is None


def test_batch_settings_are_set_and_cleared_over_http(emulator: Emulator, control: httpx.Client) -> None:
    # Another process (or language) testing a batch job sets how batches progress, as Python can.
    answer = control.put("/batches", json={"polls": 1, "outcomes": {"q-1": ["overloaded_error"]}})
    assert answer.status_code == 200
    assert answer.json()["batches"]["polls"] == 1
    client = emulator.client()
    created = client.messages.batches.create(
        requests=[
            {
                "custom_id": "q-1",
                "params": {
                    "model": "claude-sonnet-4-5",
                    "max_tokens": 8,
                    "messages": [{"role": "user", "content": "hi"}],
                },
            }
        ]
    )
    assert client.messages.batches.retrieve(created.id).processing_status == "in_progress"  # one poll
    assert client.messages.batches.retrieve(created.id).processing_status == "ended"
    (result,) = client.messages.batches.results(created.id)
    assert result.result.type == "errored"
    assert control.put("/batches", content=b"null").json()["batches"]["polls"] == 0  # the defaults


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"polls": -1}, "polls must be a whole number >= 0"),
        ({"results_order": "random"}, "results_order must be 'request' or 'reversed'"),
        ({"outcomes": {"q-1": "overloaded_error"}}, "outcomes must map custom ids to lists"),
        ({"clock": 1}, "no setting 'clock' over HTTP"),
    ],
)
def test_bad_batch_settings_are_a_400_and_change_nothing(
    emulator: Emulator, control: httpx.Client, body: object, message: str
) -> None:
    answer = control.put("/batches", json=body)
    assert answer.status_code == 400
    assert message in answer.json()["error"]["message"]
    assert emulator.app.store.message_batches.settings.to_json()["polls"] == 0


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/faults", {"kind": "explode"}, "unknown Fault kind 'explode'; one of: status,"),
        ("/faults", {"kind": "status", "status_code": 529, "when": "x"}, "`when` needs Python"),
        (
            "/replies",
            {"kind": "text", "text": "x", "txt": "x"},
            "Reply.text: .*unexpected keyword argument 'txt'",
        ),
        ("/replies", ["not an object"], "is a JSON object"),
        ("/faults", {"kind": "status", "status_code": 99}, "not an HTTP status"),
        ("/faults", {"kind": "status", "status_code": 200}, r"Fault.status\(200\) needs a body="),
        (
            "/faults",
            {"kind": "status", "status_code": 429, "headers": {"retry-after": " 5 "}},
            r"header retry-after: ' 5 ' cannot be sent",
        ),
        ("/replies", {"kind": "text", "text": "x", "headers": {"x-a": "a\r\nb"}}, "header x-a"),
        ("/replies", {"kind": "raw", "status": 200, "headers": {"": "x"}}, "not an HTTP header name"),
        ("/faults", {"kind": "status", "status_code": 429, "headers": {"retry-after": 5}}, "are str"),
        ("/latency", {"jitter": 3}, "jitter"),
        ("/faults", {"kind": "status", "status_code": "abc"}, "status_code must be an int, got 'abc'"),
        ("/faults", {"kind": "drop_after", "n_events": "3"}, r"number of events \(after\) must be an int"),
        ("/faults", {"kind": "stall_after", "n_events": 1, "seconds": "2"}, "seconds must be a number"),
        (
            "/faults",
            {"kind": "status", "status_code": 529, "timez": 2},
            "besides its own arguments and `times`",
        ),
    ],
)
def test_a_bad_item_is_a_400_that_says_why(
    control: httpx.Client, path: str, body: object, message: str
) -> None:
    response = control.request("PUT" if path == "/latency" else "POST", path, json=body)

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert re.search(message, response.json()["error"]["message"])


def test_an_unknown_control_endpoint_is_a_404(control: httpx.Client) -> None:
    response = control.get("/nothing")

    assert response.status_code == 404
    assert "GET /_emulator" in response.json()["error"]["message"]


# -- the command line -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cls", "spec"),
    [
        ("status:529,times=2", Fault, {"kind": "status", "status_code": 529, "times": 2}),
        ("stall_after:2,1.5", Fault, {"kind": "stall_after", "n_events": 2, "seconds": 1.5}),
        (
            'status:429,headers={"retry-after":"3","x-a":"b"}',
            Fault,
            {"kind": "status", "status_code": 429, "headers": {"retry-after": "3", "x-a": "b"}},
        ),
        ("close_before_response", Fault, {"kind": "close_before_response"}),
        ("text:Hello, world", Reply, {"kind": "text", "text": "Hello, world"}),
        (
            'tool_use:get_weather,{"city":"Paris","unit":"C"},prompt=weather',
            Reply,
            {
                "kind": "tool_use",
                "name": "get_weather",
                "input": {"city": "Paris", "unit": "C"},
                "prompt": "weather",
            },
        ),
        ('{"kind": "drop_after", "n_events": 4}', Fault, {"kind": "drop_after", "n_events": 4}),
    ],
)
def test_command_line_items_read_as_constructor_calls(text: str, cls: type, spec: dict[str, object]) -> None:
    assert parse_item(text, cls) == spec


def test_a_bad_command_line_fault_exits_2_before_serving(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", "0", "--fault", "explode:3"]) == 2
    assert "unknown Fault kind 'explode'" in capsys.readouterr().err


def test_a_command_line_fault_with_a_header_http_cannot_carry_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--port", "0", "--fault", 'status:429,headers={"retry-after":" 5 "}']) == 2
    assert "header retry-after: ' 5 ' cannot be sent" in capsys.readouterr().err


def test_the_standalone_emulator_serves_faults_replies_and_a_request_log() -> None:
    command = [
        sys.executable,
        "-m",
        "unbroken",
        "emulator",
        "--port",
        "0",
        "--fault",
        "status:529",
        "--reply",
        "text:Hello, world",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            startup = proc.stdout.readline()
            assert startup.startswith("unbroken emulator: export ANTHROPIC_BASE_URL=http://127.0.0.1:")
            base_url = startup.split("=", 1)[1].split()[0]

            client = unbroken.Anthropic(api_key="any", base_url=base_url)  # the retry takes the 529
            message = client.messages.create(
                model=MODEL, max_tokens=9, messages=[{"role": "user", "content": "x"}]
            )
            log = [proc.stdout.readline().strip() for _ in range(2)]
            pending = httpx.get(f"{base_url}/_emulator/pending").json()
        finally:
            proc.terminate()
            proc.wait(10)

    assert message.content[0].text == "Hello, world"  # type: ignore[union-attr]
    assert log == [
        f"POST /v1/messages {MODEL} -> 529 fault [Fault.status(529)]",
        f"POST /v1/messages {MODEL} -> 200 Reply.text('Hello, world')",
    ]
    assert pending == {"unused": []}


def test_bad_batch_settings_from_python_are_refused_when_configured(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="polls must be a whole number >= 0, got '2'"):
        emulator.app.store.message_batches.configure(polls="2")


def test_a_success_status_fault_without_a_body_is_refused_when_made() -> None:
    # It used to send an Anthropic error body under a 200: neither a success nor an error a client can read.
    with pytest.raises(ValueError, match=r"Fault.status\(204\) needs a body="):
        Fault.status(204)
    assert Fault.status(200, body={"type": "message"}).describe().startswith("Fault.status(200")
