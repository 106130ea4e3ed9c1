from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from botocore.eventstream import EventStreamBuffer, EventStreamMessage
from emu_helpers import message_body, sse_events

from unbroken.testing import Emulator, Fault

BEDROCK_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0"
VERTEX = "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models"


def bedrock_body(text: str = "hello there", **extra: Any) -> dict[str, Any]:
    body = message_body(text, anthropic_version="bedrock-2023-05-31", **extra)
    del body["model"]
    return body


def decode_frames(data: bytes) -> tuple[list[EventStreamMessage], bytes]:
    """Complete frames per botocore's decoder, and the bytes of an incomplete last frame."""
    end = 0
    while end + 4 <= len(data) and end + int.from_bytes(data[end : end + 4], "big") <= len(data):
        end += int.from_bytes(data[end : end + 4], "big")
    buffer = EventStreamBuffer()
    buffer.add_data(data[:end])
    return list(buffer), data[end:]


def chunk_event(frame: EventStreamMessage) -> dict[str, Any]:
    return json.loads(base64.b64decode(json.loads(frame.payload)["bytes"]))  # type: ignore[no-any-return]


# -- Bedrock -------------------------------------------------------------------------------------


def test_bedrock_invoke_returns_a_message_for_the_path_model(client: httpx.Client) -> None:
    response = client.post(f"/model/{BEDROCK_MODEL}/invoke", json=bedrock_body())

    assert response.status_code == 200
    assert response.json()["model"] == BEDROCK_MODEL
    assert response.json()["content"] == [{"type": "text", "text": "Echo: hello there", "citations": None}]


def test_bedrock_rejects_model_in_the_body_the_bedrock_way(client: httpx.Client) -> None:
    response = client.post(f"/model/{BEDROCK_MODEL}/invoke", json={**bedrock_body(), "model": "claude-x"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Malformed input request: #: extraneous key [model] is not permitted"
    }
    assert response.headers["x-amzn-errortype"].startswith("ValidationException")


def test_bedrock_requires_anthropic_version(client: httpx.Client) -> None:
    body = bedrock_body()
    del body["anthropic_version"]

    assert client.post(f"/model/{BEDROCK_MODEL}/invoke", json=body).status_code == 400


def test_bedrock_stream_frames_decode_with_botocore(client: httpx.Client) -> None:
    response = client.post(
        f"/model/{BEDROCK_MODEL}/invoke-with-response-stream", json=bedrock_body("one two")
    )

    frames, rest = decode_frames(response.content)
    events = [chunk_event(f) for f in frames]

    assert response.headers["content-type"] == "application/vnd.amazon.eventstream"
    assert rest == b""
    assert {
        (f.headers[":event-type"], f.headers[":message-type"], f.headers[":content-type"]) for f in frames
    } == {("chunk", "event", "application/json")}
    assert [e["type"] for e in events][:2] == ["message_start", "content_block_start"]
    assert events[-1]["type"] == "message_stop"
    assert events[-1]["amazon-bedrock-invocationMetrics"]["outputTokenCount"] == 3


def test_bedrock_drop_after_dies_in_the_middle_of_a_frame(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.drop_after(2))

    received = b""
    with client.stream(
        "POST", f"/model/{BEDROCK_MODEL}/invoke-with-response-stream", json=bedrock_body()
    ) as r:
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in r.iter_raw():
                received += chunk

    frames, rest = decode_frames(received)
    assert len(frames) == 2
    assert rest  # half a frame arrived


def test_bedrock_error_event_is_an_exception_frame(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.error_event(after=1, error_type="overloaded_error", message="Overloaded"))

    response = client.post(f"/model/{BEDROCK_MODEL}/invoke-with-response-stream", json=bedrock_body())
    frames, _ = decode_frames(response.content)

    assert len(frames) == 2
    assert frames[-1].headers[":message-type"] == "exception"
    assert frames[-1].headers[":exception-type"] == "serviceUnavailableException"
    assert json.loads(frames[-1].payload) == {"message": "Overloaded"}


def test_bedrock_status_faults_use_the_bedrock_error_shape(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(429))

    response = client.post(f"/model/{BEDROCK_MODEL}/invoke", json=bedrock_body())

    assert response.status_code == 429
    assert "message" in response.json()
    assert response.headers["x-amzn-errortype"].startswith("ThrottlingException")


def test_bedrock_skips_api_key_auth(emulator: Emulator, client: httpx.Client) -> None:
    emulator.api_key = "sk-test"  # Bedrock requests are SigV4-signed, not keyed

    assert client.post(f"/model/{BEDROCK_MODEL}/invoke", json=bedrock_body()).status_code == 200


# -- Vertex --------------------------------------------------------------------------------------


def vertex_body(text: str = "hello there", **extra: Any) -> dict[str, Any]:
    body = message_body(text, anthropic_version="vertex-2023-10-16", **extra)
    del body["model"]
    return body


def test_vertex_raw_predict_returns_a_message(client: httpx.Client) -> None:
    response = client.post(f"{VERTEX}/claude-sonnet-4@20250514:rawPredict", json=vertex_body())

    assert response.status_code == 200
    assert response.json()["model"] == "claude-sonnet-4@20250514"


def test_vertex_stream_raw_predict_is_sse(client: httpx.Client) -> None:
    response = client.post(
        f"{VERTEX}/claude-sonnet-4@20250514:streamRawPredict", json=vertex_body(stream=True)
    )

    names = [name for name, _ in sse_events(response.text)]

    assert response.headers["content-type"].startswith("text/event-stream")
    assert (names[0], names[-1]) == ("message_start", "message_stop")


def test_vertex_count_tokens(client: httpx.Client) -> None:
    body = {"model": "claude-sonnet-4@20250514", "messages": [{"role": "user", "content": "a b c"}]}

    response = client.post(
        f"{VERTEX}/count-tokens:rawPredict", json={**body, "anthropic_version": "vertex-2023-10-16"}
    )

    assert response.json() == {"input_tokens": 3}


def test_vertex_errors_use_the_api_shape(client: httpx.Client) -> None:
    response = client.post(f"{VERTEX}/gemini-pro:rawPredict", json=vertex_body())

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found_error"
