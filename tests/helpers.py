"""Small builders shared by unit tests that use httpx.MockTransport (no sockets)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

import unbroken

MESSAGE: dict[str, Any] = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5",
    "content": [{"type": "text", "text": "Hi!"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 3, "output_tokens": 2},
}

CREATE_ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hello"}],
}


class Recorder:
    """A MockTransport handler that records requests and answers from a list (last one repeats)."""

    def __init__(self, *responses: httpx.Response | Callable[[httpx.Request], httpx.Response]) -> None:
        self.requests: list[httpx.Request] = []
        self._responses = list(responses) or [httpx.Response(200, json=MESSAGE)]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests) - 1, len(self._responses) - 1)
        answer = self._responses[index]
        return answer(request) if callable(answer) else answer

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


def client(recorder: Recorder, **kwargs: Any) -> unbroken.Anthropic:
    kwargs.setdefault("api_key", "sk-test-key")
    kwargs.setdefault("base_url", "http://api.test")
    return unbroken.Anthropic(http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)


def async_client(recorder: Recorder, **kwargs: Any) -> unbroken.AsyncAnthropic:
    kwargs.setdefault("api_key", "sk-test-key")
    kwargs.setdefault("base_url", "http://api.test")
    return unbroken.AsyncAnthropic(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)), **kwargs
    )


class BreakingBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A 200 body that breaks after its first bytes with `error` (an httpx error, or anything else)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __iter__(self) -> Any:
        yield b'{"id": "msg'
        raise self.error

    async def __aiter__(self) -> Any:
        yield b'{"id": "msg'
        raise self.error


def error_json(kind: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"type": kind, "message": message}}


def caching_middleware() -> Callable[[unbroken.APIRequest, unbroken.CallNext], Any]:
    """A middleware that answers a request it has seen before from its cache, without sending it."""
    cache: dict[str, Any] = {}

    def caching(request: unbroken.APIRequest, call_next: unbroken.CallNext) -> Any:
        key = repr(request.json)
        if key not in cache:
            cache[key] = call_next(request).parse()
        return cache[key]

    return caching
