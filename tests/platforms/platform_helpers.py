"""Builders shared by the platform tests (a uniquely named module: test dirs have no __init__)."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from helpers import MESSAGE, Recorder
from unbroken.platforms.bedrock import AnthropicBedrock, AsyncAnthropicBedrock
from unbroken.platforms.vertex import AnthropicVertex, AsyncAnthropicVertex
from unbroken.testing.platforms import encode_frame

BEDROCK_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0"
VERTEX_MODEL = "claude-sonnet-4@20250514"
KEYS = {"aws_access_key": "AKIDEXAMPLE", "aws_secret_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}


def ask(model: str, text: str = "Hello", **extra: Any) -> dict[str, Any]:
    return {"model": model, "max_tokens": 64, "messages": [{"role": "user", "content": text}], **extra}


def bedrock(recorder: Recorder, **kwargs: Any) -> AnthropicBedrock:
    kwargs = {**KEYS, "aws_region": "us-east-1", **kwargs}
    return AnthropicBedrock(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def async_bedrock(recorder: Recorder, **kwargs: Any) -> AsyncAnthropicBedrock:
    kwargs = {**KEYS, "aws_region": "us-east-1", **kwargs}
    return AsyncAnthropicBedrock(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kwargs
    )


def vertex(recorder: Recorder, **kwargs: Any) -> AnthropicVertex:
    kwargs = {"region": "us-east5", "project_id": "my-project", "access_token": "ya29.token", **kwargs}
    return AnthropicVertex(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def async_vertex(recorder: Recorder, **kwargs: Any) -> AsyncAnthropicVertex:
    kwargs = {"region": "us-east5", "project_id": "my-project", "access_token": "ya29.token", **kwargs}
    return AsyncAnthropicVertex(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kwargs
    )


def chunk(event: dict[str, Any]) -> bytes:
    """One Bedrock `chunk` frame carrying `event`."""
    payload = json.dumps({"bytes": base64.b64encode(json.dumps(event).encode()).decode()}).encode()
    return encode_frame(
        {":event-type": "chunk", ":content-type": "application/json", ":message-type": "event"}, payload
    )


def exception_frame(name: str, message: str) -> bytes:
    headers = {":exception-type": name, ":content-type": "application/json", ":message-type": "exception"}
    return encode_frame(headers, json.dumps({"message": message}).encode())


def message_events(text: str = "Hi!") -> list[dict[str, Any]]:
    """A complete Messages stream for a one-block text reply."""
    start = {**MESSAGE, "content": [], "stop_reason": None}
    return [
        {"type": "message_start", "message": start},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 2},
        },
        {"type": "message_stop"},
    ]


def event_stream(events: list[dict[str, Any]]) -> bytes:
    return b"".join(chunk(event) for event in events)


def eventstream_response(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "application/vnd.amazon.eventstream"})


class FakeCredentials:
    """Enough of `google.auth.credentials.Credentials`: a token that expires and a counted refresh."""

    def __init__(
        self, token: str | None = None, *, expired: bool = False, project_id: str | None = None
    ) -> None:
        self.token = token
        self.expired = expired
        self.refreshes: list[object] = []
        self.refresh_threads: list[int] = []
        if project_id is not None:
            self.project_id = project_id

    def refresh(self, request: object) -> None:
        import threading

        self.refreshes.append(request)
        self.refresh_threads.append(threading.get_ident())
        self.token = f"refreshed-{len(self.refreshes)}"
        self.expired = False
