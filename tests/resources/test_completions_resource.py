"""`client.completions` (legacy Text Completions): request shape, parsing, and the completion stream."""

from __future__ import annotations

import httpx
import pytest

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken.types import Completion

COMPLETION = {
    "id": "compl_1",
    "type": "completion",
    "completion": " Hello!",
    "stop_reason": "stop_sequence",
    "model": "claude-2",
}
SSE = {"content-type": "text/event-stream"}
PROMPT = f"{unbroken.HUMAN_PROMPT} Hi{unbroken.AI_PROMPT}"


def completion_events(*texts: str) -> bytes:
    events = [
        'event: completion\ndata: {"type": "completion", "id": "compl_1", "model": "claude-2", '
        f'"completion": "{text}", "stop_reason": null}}\n\n'
        for text in texts
    ]
    return ("event: ping\ndata: {}\n\n" + "".join(events)).encode()


def test_create_posts_to_complete_and_parses_the_completion() -> None:
    recorder = Recorder(httpx.Response(200, json=COMPLETION))
    completion = mock_client(recorder).completions.create(
        model="claude-2", max_tokens_to_sample=16, prompt=PROMPT, stop_sequences=["\n\nHuman:"], betas=["b"]
    )
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/complete")
    assert recorder.body() == {
        "model": "claude-2",
        "max_tokens_to_sample": 16,
        "prompt": PROMPT,
        "stop_sequences": ["\n\nHuman:"],
    }
    assert request.headers["anthropic-beta"] == "b"
    assert isinstance(completion, Completion) and completion.completion == " Hello!"


def test_stream_yields_completion_events() -> None:
    recorder = Recorder(httpx.Response(200, content=completion_events(" Hel", "lo"), headers=SSE))
    stream = mock_client(recorder).completions.create(
        model="claude-2", max_tokens_to_sample=16, prompt=PROMPT, stream=True
    )
    assert [event.completion for event in stream] == [" Hel", "lo"]
    assert recorder.body()["stream"] is True


def test_a_dropped_completion_stream_is_a_connection_error() -> None:
    def dropping(request: httpx.Request) -> httpx.Response:
        def body() -> object:
            yield completion_events(" Hel")
            raise httpx.ReadError("connection reset")

        return httpx.Response(200, content=body(), headers=SSE)  # type: ignore[arg-type]

    stream = mock_client(Recorder(dropping)).completions.create(
        model="claude-2", max_tokens_to_sample=16, prompt=PROMPT, stream=True
    )
    received = []
    with pytest.raises(unbroken.APIConnectionError):
        for event in stream:
            received.append(event.completion)
    assert received == [" Hel"]


def test_deprecated_model_warns() -> None:
    recorder = Recorder(httpx.Response(200, json=COMPLETION))
    with pytest.warns(DeprecationWarning, match="claude-2.1"):
        mock_client(recorder).completions.create(model="claude-2.1", max_tokens_to_sample=1, prompt=PROMPT)


@pytest.mark.anyio
async def test_async_create_and_stream() -> None:
    recorder = Recorder(
        httpx.Response(200, json=COMPLETION),
        httpx.Response(200, content=completion_events("a", "b"), headers=SSE),
    )
    client = mock_async_client(recorder)
    completion = await client.completions.create(model="claude-2", max_tokens_to_sample=4, prompt=PROMPT)
    assert completion.id == "compl_1"
    stream = await client.completions.create(
        model="claude-2", max_tokens_to_sample=4, prompt=PROMPT, stream=True
    )
    assert [event.completion async for event in stream] == ["a", "b"]
