"""The accumulator's cost per delta does not grow with what has accumulated, shown by counting work, not time.

Quadratic behaviour comes from redoing whole-buffer work per delta: re-parsing the tool JSON, or copying the
text. These tests count parser calls and text joins over tens of thousands of deltas.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from typing import Any

import pydantic
import pytest

from unbroken.streaming import accumulate as acc_module
from unbroken.streaming.accumulate import MessageAccumulator
from unbroken.types.stream_events import RawMessageStreamEvent

_RAW = pydantic.TypeAdapter(RawMessageStreamEvent)

START = _RAW.validate_python(
    {
        "type": "message_start",
        "message": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5",
            "content": [],
            "usage": {"input_tokens": 1, "output_tokens": 1},
        },
    }
)
TOOL_START = _RAW.validate_python(
    {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "tool_use", "id": "t", "name": "f", "input": {}},
    }
)
TEXT_START = _RAW.validate_python(
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
)
STOP = _RAW.validate_python({"type": "content_block_stop", "index": 0})


def json_delta(fragment: str) -> Any:
    return _RAW.validate_python(
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": fragment},
        }
    )


def text_delta(fragment: str) -> Any:
    return _RAW.validate_python(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": fragment}}
    )


def snap(acc: MessageAccumulator[Any]) -> Any:
    message = acc.snapshot
    assert message is not None
    return message


class Counter:
    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.fn(*args, **kwargs)


@pytest.fixture
def parsers(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter, Counter]:
    strict, partial = Counter(json.loads), Counter(acc_module._partial_json)
    monkeypatch.setattr(acc_module, "_strict_json", strict)
    monkeypatch.setattr(acc_module, "_partial_json", partial)
    return strict, partial


@pytest.fixture
def joins(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counter = Counter(acc_module._TextBuffer.value)

    def value(self: Any) -> str:  # a method (a Counter instance would not bind `self`)
        return str(counter(self))

    monkeypatch.setattr(acc_module._TextBuffer, "value", value)
    return counter


N = 50_000


def tool_stream() -> tuple[MessageAccumulator[Any], list[Any]]:
    """A 1 MB-ish tool input in 20-character deltas: `{"data": "xxxx...x"}`."""
    acc: MessageAccumulator[Any] = MessageAccumulator()
    acc.feed(START)
    acc.feed(TOOL_START)
    acc.feed(json_delta('{"data": "'))
    piece = json_delta("x" * 20)
    yielded: list[Any] = []
    for _ in range(N):
        yielded.extend(acc.feed(piece))
    acc.feed(json_delta('"}'))
    return acc, yielded


def test_tool_json_is_parsed_once_per_block_not_per_delta(parsers: tuple[Counter, Counter]) -> None:
    strict, partial = parsers
    acc, yielded = tool_stream()
    assert len(yielded) == 2 * N  # the raw delta and an input_json event each time
    assert (strict.calls, partial.calls) == (0, 0)
    acc.feed(STOP)
    assert (strict.calls, partial.calls) == (1, 0)
    assert len(snap(acc).content[0].input["data"]) == 20 * N


def test_snapshot_mid_block_parses_once_per_read_and_caches(parsers: tuple[Counter, Counter]) -> None:
    strict, partial = parsers
    acc, _ = tool_stream()
    first = snap(acc).content[0].input
    again = snap(acc).content[0].input
    assert partial.calls == 1
    assert first is again
    assert len(first["data"]) == 20 * N  # complete JSON, not yet stopped
    acc.feed(STOP)
    assert strict.calls == 1


def test_event_snapshot_at_the_read_length_reuses_the_snapshot_parse(
    parsers: tuple[Counter, Counter],
) -> None:
    _, partial = parsers
    acc: MessageAccumulator[Any] = MessageAccumulator()
    acc.feed(START)
    acc.feed(TOOL_START)
    event = acc.feed(json_delta('{"a": 1, "b": [2'))[-1]
    assert snap(acc).content[0].input == {"a": 1, "b": [2]}
    assert partial.calls == 1
    assert event.snapshot == {"a": 1, "b": [2]}  # the same length as the snapshot read: no second parse
    assert partial.calls == 1


def test_input_json_event_snapshot_is_parsed_only_when_read(parsers: tuple[Counter, Counter]) -> None:
    _, partial = parsers
    _, yielded = tool_stream()
    events = [e for e in yielded if e.type == "input_json"]
    assert partial.calls == 0
    middle = events[N // 2].snapshot
    assert partial.calls == 1
    assert middle == {}  # the string is still open at that point
    assert events[N // 2].snapshot is middle  # computed once per event
    assert partial.calls == 1


def test_text_deltas_are_not_joined_until_read(joins: Counter) -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator()
    acc.feed(START)
    acc.feed(TEXT_START)
    piece = text_delta("token ")
    yielded: list[Any] = []
    for _ in range(N):
        yielded.extend(acc.feed(piece))
    assert joins.calls == 0
    acc.feed(STOP)
    assert joins.calls == 1
    assert snap(acc).content[0].text == "token " * N
    assert joins.calls == 1  # nothing changed since the stop: the snapshot read does no work
    assert yielded[-1].snapshot == "token " * N


def test_clean_snapshot_read_does_no_work(joins: Counter, parsers: tuple[Counter, Counter]) -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator()
    for event in (START, TEXT_START, text_delta("a"), STOP):
        acc.feed(event)
    before = (joins.calls, parsers[0].calls, parsers[1].calls)
    for _ in range(1000):
        assert acc.snapshot is not None
    assert (joins.calls, parsers[0].calls, parsers[1].calls) == before


def test_read_helper_event_releases_the_buffer() -> None:
    acc: MessageAccumulator[Any] = MessageAccumulator()
    acc.feed(START)
    acc.feed(TEXT_START)
    event = acc.feed(text_delta("a"))[-1]
    assert type(event.__dict__["snapshot"]).__name__ == "_PendingSnapshot"  # holds the buffer until read
    assert event.snapshot == "a"
    assert event.__dict__["snapshot"] == "a"  # the value replaced it: the buffer is no longer referenced


def test_many_small_text_deltas_are_held_compactly() -> None:
    """A few-character delta costs ~50 bytes as its own `str`: held one by one, a long stream's text would
    take many times its size. Each delta is made while memory is traced, a distinct string as off the wire."""
    acc: MessageAccumulator[Any] = MessageAccumulator()
    acc.feed(START)
    acc.feed(TEXT_START)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(20_000):  # 4 characters each: 80 kB of text
            acc.feed(text_delta(f"t{i % 100:03d}"))
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 400_000, held  # held one by one: over 1 MB
    assert snap(acc).content[0].text == "".join(f"t{i % 100:03d}" for i in range(20_000))
