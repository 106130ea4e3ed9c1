from __future__ import annotations

import json
import math
import threading
from typing import Any

import httpx
import pytest
from emu_helpers import VERSION, message_body, read_stream, sse_events

from unbroken.testing import Emulator, Fault, Reply
from unbroken.testing.standalone import describe


def stream_body(text: str = "one two three four five") -> dict[str, object]:
    return message_body(text, stream=True)


def read_events_until_error(client: httpx.Client, **kwargs: object) -> tuple[list[str], Exception | None]:
    """Stream a message; return the event names that arrived completely and the error that ended it."""
    return read_stream(client, stream_body(), **kwargs)


# -- request faults ------------------------------------------------------------------------------


def test_status_fault_serves_the_api_error_shape(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(529))

    response = client.post("/v1/messages", json=message_body())

    assert response.status_code == 529
    assert response.json()["error"] == {"type": "overloaded_error", "message": "Overloaded"}
    assert response.json()["request_id"] == response.headers["request-id"]


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(400, "invalid_request_error"), (429, "rate_limit_error"), (500, "api_error"), (503, "api_error")],
)
def test_status_fault_default_error_type(
    emulator: Emulator, client: httpx.Client, status: int, error_type: str
) -> None:
    emulator.faults.push(Fault.status(status))

    assert client.post("/v1/messages", json=message_body()).json()["error"]["type"] == error_type


def test_status_fault_applies_times_then_the_request_succeeds(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.faults.push(Fault.status(529, times=2))

    statuses = [client.post("/v1/messages", json=message_body()).status_code for _ in range(3)]

    assert statuses == [529, 529, 200]
    assert len(emulator.requests) == 3


def test_status_fault_adds_headers(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(429, headers={"retry-after": "0", "x-should-retry": "true"}))

    response = client.post("/v1/messages", json=message_body())

    assert (response.headers["retry-after"], response.headers["x-should-retry"]) == ("0", "true")


BAD_HEADERS = [
    ({"retry-after": " 5 "}, "whitespace at either end"),
    ({"retry-after": "5\t"}, "whitespace at either end"),
    ({"x-a": "a\r\nx-injected: 1"}, "a control character"),
    ({"x-a": "a\x00b"}, "a control character"),
    ({"x-a": "a\x7fb"}, "a control character"),
    ({"x-a": "snow \u2603"}, "not latin-1"),
    ({"": "x"}, "not an HTTP header name"),
    ({"x a": "x"}, "not an HTTP header name"),
    ({"x-a\n": "x"}, "not an HTTP header name"),
]


@pytest.mark.parametrize(("headers", "message"), BAD_HEADERS)
def test_a_header_http_cannot_carry_is_refused_when_the_fault_is_built(
    headers: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Fault.status(429, headers=headers)


@pytest.mark.parametrize(
    "build",
    [
        lambda h: Reply.text("hi", headers=h),
        lambda h: Reply.message(["hi"], headers=h),
        lambda h: Reply.tool_use("t", {}, headers=h),
        lambda h: Reply.raw(200, headers=h),
        lambda h: Reply.events([], headers=h),
    ],
)
def test_a_header_http_cannot_carry_is_refused_when_the_reply_is_built(build: Any) -> None:
    for headers, message in BAD_HEADERS:
        with pytest.raises(ValueError, match=message):
            build(headers)


def test_a_raw_replys_content_type_is_checked_too() -> None:
    with pytest.raises(ValueError, match="header content-type"):
        Reply.raw(200, body="x", content_type="text/plain\r\n")


def test_headers_http_can_carry_are_sent_as_given(emulator: Emulator, client: httpx.Client) -> None:
    headers = {"x-Spaced": "a  b\tc", "x-latin": "caf\u00e9", "x-empty": "", "x-tok!#$%&'*+-.^_`|~": "1"}
    emulator.faults.push(Fault.status(429, headers=headers))

    response = client.post("/v1/messages", json=message_body())

    assert response.status_code == 429
    assert response.headers["x-spaced"] == "a  b\tc"
    assert dict(response.headers.raw)[b"x-latin"] == b"caf\xe9"  # latin-1 on the wire
    assert response.headers["x-empty"] == ""
    assert emulator.requests.last.outcome.status == 429


def test_status_fault_with_html_body_is_served_as_html(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(502, body="<html><body>Bad Gateway</body></html>"))

    response = client.post("/v1/messages", json=message_body())

    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "Bad Gateway" in response.text


def test_status_fault_with_dict_body_is_served_verbatim(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(500, body={"unexpected": "shape"}))

    assert client.post("/v1/messages", json=message_body()).json() == {"unexpected": "shape"}


def test_faults_apply_in_fifo_order(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(429), Fault.status(500))

    statuses = [client.post("/v1/messages", json=message_body()).status_code for _ in range(3)]

    assert statuses == [429, 500, 200]


def test_path_filter_leaves_other_paths_alone(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(500, path="/v1/messages/count_tokens", optional=True))

    assert client.post("/v1/messages", json=message_body()).status_code == 200
    assert client.get("/v1/models").status_code == 200
    assert len(emulator.faults) == 1


def test_path_filter_accepts_globs(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(500, path="/v1/models*"))

    assert client.get("/v1/models/claude-sonnet-4-5").status_code == 500


def test_close_before_response_is_a_dead_socket_not_a_500(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.close_before_response())

    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client.post("/v1/messages", json=message_body())

    assert client.post("/v1/messages", json=message_body()).status_code == 200


def test_stall_before_headers_times_out_a_short_client(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.stall_before_headers(30))

    with pytest.raises(httpx.ReadTimeout):
        client.post("/v1/messages", json=message_body(), timeout=0.2)

    assert client.post("/v1/messages", json=message_body()).status_code == 200


def test_stopping_the_emulator_releases_a_stall_which_then_answers() -> None:
    outcome: list[object] = []
    with Emulator() as emu:
        emu.faults.push(Fault.stall_before_headers(600))

        def call() -> None:
            try:
                outcome.append(
                    httpx.get(f"{emu.base_url}/v1/models", headers=VERSION, timeout=30).status_code
                )
            except httpx.HTTPError as exc:
                outcome.append(exc)

        caller = threading.Thread(target=call)
        caller.start()
        assert emu.wait_for_requests(1)
    caller.join(20)

    assert outcome == [200]


def test_faults_must_apply_at_least_once() -> None:
    with pytest.raises(ValueError, match="times"):
        Fault.status(500, times=0)


@pytest.mark.parametrize("seconds", [-1.0, math.nan])
def test_a_wait_that_is_not_zero_or_more_seconds_is_refused(seconds: float) -> None:
    with pytest.raises(ValueError, match="seconds must be >= 0"):
        Fault.stall_before_headers(seconds)
    with pytest.raises(ValueError, match="seconds must be >= 0"):
        Fault.stall_after(2, seconds)


# -- body faults ---------------------------------------------------------------------------------


def test_drop_after_leaves_an_incomplete_chunked_body(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.drop_after(3))

    events, error = read_events_until_error(client)

    assert events == ["message_start", "ping", "content_block_start"]
    assert isinstance(error, httpx.RemoteProtocolError)
    assert "incomplete chunked read" in str(error)


def test_stall_after_times_out_mid_stream(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.stall_after(2, 30))

    events, error = read_events_until_error(client, timeout=0.2)

    assert events == ["message_start", "ping"]
    assert isinstance(error, httpx.ReadTimeout)


def test_stall_after_resumes_the_stream(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.stall_after(2, 0))

    events, error = read_events_until_error(client)

    assert error is None
    assert events[-1] == "message_stop"


def test_error_event_ends_the_stream_with_the_api_error(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.error_event(after=3))

    response = client.post("/v1/messages", json=stream_body())
    events = sse_events(response.text)

    assert [name for name, _ in events] == ["message_start", "ping", "content_block_start", "error"]
    assert json.loads(events[-1][1]) == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_truncate_drops_message_stop_and_ends_cleanly(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.truncate())

    names = [name for name, _ in sse_events(client.post("/v1/messages", json=stream_body()).text)]

    assert names[-1] == "message_delta"
    assert "message_stop" not in names


def test_truncate_after_n_events(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.truncate(after=2))

    names = [name for name, _ in sse_events(client.post("/v1/messages", json=stream_body()).text)]

    assert names == ["message_start", "ping"]


def test_malformed_line_is_not_json_and_the_stream_goes_on(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.malformed_line(after=1))

    events = sse_events(client.post("/v1/messages", json=stream_body()).text)

    with pytest.raises(json.JSONDecodeError):
        json.loads(events[1][1])
    assert events[-1][0] == "message_stop"


def test_unknown_event_is_inserted(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.unknown_event(after=2))

    events = sse_events(client.post("/v1/messages", json=stream_body()).text)

    assert events[2][0] == "future_event"
    assert json.loads(events[2][1])["type"] == "future_event"
    assert events[-1][0] == "message_stop"


def test_body_faults_wait_for_a_streamed_response(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.drop_after(1))

    assert client.post("/v1/messages", json=message_body()).status_code == 200
    assert len(emulator.faults) == 1
    _, error = read_events_until_error(client)
    assert isinstance(error, httpx.RemoteProtocolError)
    assert len(emulator.faults) == 0


# -- recording and reset -------------------------------------------------------------------------


def test_requests_are_recorded(emulator: Emulator, client: httpx.Client) -> None:
    client.post(
        "/v1/messages?beta=true",
        json=message_body(),
        headers={"x-stainless-retry-count": "0", "idempotency-key": "abc"},
    )

    [request] = emulator.requests
    assert (request.method, request.path, request.query) == ("POST", "/v1/messages", {"beta": "true"})
    assert request.headers["anthropic-version"] == "2023-06-01"
    assert request.header("Idempotency-Key") == "abc"
    assert request.json == message_body()


def test_faulted_requests_are_recorded_too(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.close_before_response())

    with pytest.raises(httpx.RemoteProtocolError):
        client.post("/v1/messages", json=message_body())

    assert len(emulator.requests) == 1


def test_reset_forgets_faults_requests_and_ids(emulator: Emulator, client: httpx.Client) -> None:
    client.post("/v1/messages", json=message_body())
    emulator.faults.push(Fault.status(500))

    emulator.reset()

    assert emulator.requests == []
    assert len(emulator.faults) == 0
    assert client.post("/v1/messages", json=message_body()).json()["id"] == "msg_emu_1"


# -- the emulator's own failures -----------------------------------------------------------------


def test_a_failure_before_the_response_is_a_500_the_log_records(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.replies.push(Reply.raw(200, body={"not json": object()}))  # fails when it is served

    response = client.post("/v1/messages", json=message_body())

    assert response.status_code == 500
    assert response.json()["error"]["type"] == "api_error"
    assert "TypeError" in response.json()["error"]["message"]
    outcome = emulator.requests.last.outcome
    assert outcome.status == 500
    assert outcome.error is not None and outcome.error.startswith("TypeError:")
    logged = client.get("/_emulator/requests").json()["requests"][-1]
    assert (logged["status"], logged["error"]) == (500, outcome.error)
    line = describe(emulator.requests.last)
    assert line.startswith("POST /v1/messages claude-sonnet-4-5 -> 500 Reply.raw(200")
    assert line.endswith(f"(emulator error: {outcome.error})")


def test_a_failure_while_sending_the_headers_closes_the_connection_and_the_log_says_so(
    emulator: Emulator, client: httpx.Client
) -> None:
    fault = Fault.status(429, headers={"retry-after": "5"})
    object.__setattr__(fault, "headers", {"retry-after": " 5 "})  # past the check: the server refuses it
    emulator.faults.push(fault)

    with pytest.raises(httpx.RemoteProtocolError):  # no response at all, not a 500 nor a 429
        client.post("/v1/messages", json=message_body())

    outcome = emulator.requests.last.outcome
    assert outcome.status is None
    assert outcome.error is not None and "header" in outcome.error.lower()


def test_a_failure_mid_body_cuts_the_body_and_the_log_says_so(
    emulator: Emulator, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unbroken.testing.sse import SSECodec

    def broken(self: SSECodec) -> bytes:
        raise RuntimeError("the ping broke")

    monkeypatch.setattr(SSECodec, "ping", broken)
    emulator.faults.push(Fault.pings(1, after=3))

    names, error = read_events_until_error(client)

    assert names == ["message_start", "ping", "content_block_start"]
    assert isinstance(error, httpx.RemoteProtocolError)
    outcome = emulator.requests.last.outcome
    assert outcome.status == 200  # the headers went out: the client saw a 200 whose body was cut
    assert outcome.error == "RuntimeError: the ping broke"
