"""Reading one message stream four ways (sync or async, raw `create(stream=True)` / `messages.stream()`) and
keeping all a test may check: the text as the caller saw it arrive, the events, the final message (the
helper's; a raw reader's is rebuilt from the events it got), what was raised, and `continuations`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import anyio

import unbroken
from unbroken.streaming.accumulate import MessageAccumulator

MODES = ["sync-raw", "sync-helper", "async-raw", "async-helper"]
ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "count"}],
}


@dataclass
class Read:
    texts: list[str] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    message: Any = None
    error: unbroken.AnthropicError | None = None
    continuations: int = 0

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def types(self) -> list[str]:
        return [event.type for event in self.events]


def read(client: Any, mode: str, args: dict[str, Any] | None = None) -> Read:
    """Read one stream of `args` with `client` (an `Anthropic` in sync modes, else an `AsyncAnthropic`)."""
    args = args or ARGS
    flavour, kind = mode.split("-")
    if flavour == "sync":
        return _sync_raw(client, args) if kind == "raw" else _sync_helper(client, args)

    async def run() -> Read:
        return await (_async_raw(client, args) if kind == "raw" else _async_helper(client, args))

    return anyio.run(run)


def _raw_event(result: Read, event: Any, accumulator: MessageAccumulator[Any]) -> None:
    result.events.append(event)
    accumulator.accumulate(event)  # what a raw reader that accumulates by itself ends up with
    if event.type == "content_block_delta" and event.delta.type == "text_delta":
        result.texts.append(event.delta.text)


def _helper_event(result: Read, event: Any) -> None:
    result.events.append(event)
    if event.type == "text":
        result.texts.append(event.text)


def _sync_raw(client: unbroken.Anthropic, args: dict[str, Any]) -> Read:
    result, accumulator = Read(), MessageAccumulator()
    stream = None
    try:
        stream = client.messages.create(**args, stream=True)
        for event in stream:
            _raw_event(result, event, accumulator)
        result.message = accumulator.snapshot
    except unbroken.AnthropicError as exc:
        result.error = exc
    result.continuations = stream.continuations if stream is not None else 0
    return result


def _sync_helper(client: unbroken.Anthropic, args: dict[str, Any]) -> Read:
    result = Read()
    try:
        with client.messages.stream(**args) as stream:
            try:
                for event in stream:
                    _helper_event(result, event)
                result.message = stream.get_final_message()
            finally:
                result.continuations = stream.continuations
    except unbroken.AnthropicError as exc:
        result.error = exc
    return result


async def _async_raw(client: unbroken.AsyncAnthropic, args: dict[str, Any]) -> Read:
    result, accumulator = Read(), MessageAccumulator()
    stream = None
    try:
        stream = await client.messages.create(**args, stream=True)
        async for event in stream:
            _raw_event(result, event, accumulator)
        result.message = accumulator.snapshot
    except unbroken.AnthropicError as exc:
        result.error = exc
    finally:
        await client.close()
    result.continuations = stream.continuations if stream is not None else 0
    return result


async def _async_helper(client: unbroken.AsyncAnthropic, args: dict[str, Any]) -> Read:
    result = Read()
    try:
        async with client.messages.stream(**args) as stream:
            try:
                async for event in stream:
                    _helper_event(result, event)
                result.message = await stream.get_final_message()
            finally:
                result.continuations = stream.continuations
    except unbroken.AnthropicError as exc:
        result.error = exc
    finally:
        await client.close()
    return result


def make_client(emulator: Any, mode: str, **options: Any) -> Any:
    """The emulator's sync or async client for `mode`, no retries unless asked."""
    options.setdefault("max_retries", 0)
    return emulator.client(**options) if mode.startswith("sync") else emulator.async_client(**options)
