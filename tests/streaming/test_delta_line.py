"""The fast path of streams nobody iterates (`until_done()`, `get_final_message()`): a canonical delta line is
read without pydantic, and must mean exactly what full validation would have made of it — or be refused."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unbroken
from unbroken._models import type_adapter
from unbroken.streaming import _delta_line
from unbroken.streaming._delta_line import read_delta_line
from unbroken.types.stream_events import RawMessageStreamEvent

VALIDATE = type_adapter(RawMessageStreamEvent).validator.validate_json
VALIDATE_PYTHON = type_adapter(RawMessageStreamEvent).validate_python
FIELDS = {"text": ("text_delta", "text"), "tool": ("input_json_delta", "partial_json")}
FIELDS["thinking"] = ("thinking_delta", "thinking")


def line(kind: str, value: str, index: int = 0, *, ascii_only: bool = False) -> str:
    delta_type, field = FIELDS[kind]
    delta = json.dumps({"type": delta_type, field: value}, separators=(",", ":"), ensure_ascii=ascii_only)
    return f'{{"type":"content_block_delta","index":{index},"delta":{delta}}}'


def validated(data: str) -> tuple[int, str, str] | None:
    """What full validation makes of a line, in the fast path's terms (None: it refuses the line)."""
    try:
        event: Any = VALIDATE(data)
    except pydantic.ValidationError:  # the reader's second try: the `json` module, then the model
        try:
            event = VALIDATE_PYTHON(json.loads(data))
        except (ValueError, pydantic.ValidationError):
            return None
    for kind, (delta_type, field) in FIELDS.items():
        if event.type == "content_block_delta" and event.delta.type == delta_type:
            return event.index, kind, getattr(event.delta, field)
    return None


# Any text, lone surrogates included (they reach a line only as `\u` escapes).
TEXT = st.text(st.characters(codec=None), max_size=30)


@settings(max_examples=400)
@given(st.sampled_from(sorted(FIELDS)), TEXT, st.integers(0, 10**6), st.booleans())
def test_a_canonical_line_reads_as_full_validation_does(
    kind: str, value: str, index: int, ascii_only: bool
) -> None:
    data = line(kind, value, index, ascii_only=ascii_only)
    assert read_delta_line(data) == validated(data) == (index, kind, value)


@settings(max_examples=400)
@given(st.sampled_from(sorted(FIELDS)), TEXT, st.data())
def test_a_mangled_line_is_never_read_differently(kind: str, value: str, data: st.DataObject) -> None:
    text = line(kind, value)
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 3))
    insert = data.draw(st.sampled_from(["", '"', "\\", "}", ",", " ", "0", "\x01", "\\u", "x"]))
    mangled = text[:at] + insert + text[at + cut :]
    fast = read_delta_line(mangled)
    if fast is not None:
        assert fast == validated(mangled)


@pytest.mark.parametrize(
    "data",
    [
        '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}',
        '{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}} ',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"},"x":1}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\x01"}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}',
        '{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}',
    ],
)
def test_lines_of_any_other_shape_take_the_full_path(data: str) -> None:
    assert read_delta_line(data) is None


# -- through a stream -----------------------------------------------------------------------------

START = (
    '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m",'
    '"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}'
)
TEXTS = ['say "hi"\n', "caf\u00e9 \U0001f600 ", "back\\slash\t", ""]
TOOL_INPUT = json.dumps({"city": "San Francisco", "units": ["c", "f"], "note": "\u00e9\n"})


def sse(events: list[str]) -> bytes:
    names = [e[len('{"type":"') : e.index('"', len('{"type":"'))] for e in events]  # bad JSON too
    return "".join(f"event: {name}\ndata: {e}\n\n" for name, e in zip(names, events, strict=True)).encode()


def body(*, extra_delta: str | None = None) -> bytes:
    events = [START]
    events.append('{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}')
    events += [line("text", t, 0, ascii_only=i % 2 == 0) for i, t in enumerate(TEXTS)]
    if extra_delta is not None:
        events.append(extra_delta)
    events.append('{"type":"content_block_stop","index":0}')
    events.append(
        '{"type":"content_block_start","index":1,"content_block":{"type":"thinking","thinking":"","signature":""}}'
    )
    events += [line("thinking", t, 1) for t in ("let me ", 'think "hard"')]
    events.append('{"type":"content_block_stop","index":1}')
    events.append(
        '{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"t","name":"f","input":{}}}'
    )
    events += [line("tool", TOOL_INPUT[i : i + 7], 2) for i in range(0, len(TOOL_INPUT), 7)]
    events.append('{"type":"content_block_stop","index":2}')
    events.append(
        '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}'
    )
    events.append('{"type":"message_stop"}')
    return sse(events)


def client(content: bytes) -> unbroken.Anthropic:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=content, headers={"content-type": "text/event-stream"})
    )
    return unbroken.Anthropic(
        api_key="k", base_url="http://api.test", max_retries=0, http_client=httpx.Client(transport=transport)
    )


def async_client(content: bytes) -> unbroken.AsyncAnthropic:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=content, headers={"content-type": "text/event-stream"})
    )
    return unbroken.AsyncAnthropic(
        api_key="k",
        base_url="http://api.test",
        max_retries=0,
        http_client=httpx.AsyncClient(transport=transport),
    )


ARGS: dict[str, Any] = {"model": "m", "max_tokens": 9, "messages": [{"role": "user", "content": "go"}]}


def test_the_final_message_is_the_same_whether_the_events_are_iterated_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = _delta_line.scanstring
    monkeypatch.setattr(_delta_line, "scanstring", lambda *a: calls.append("fast") or real(*a))
    with client(body()).messages.stream(**ARGS) as stream:
        iterated = [event.type for event in stream]
        seen = stream.get_final_message()
    assert "text" in iterated and not calls  # iterated: every event built and validated
    with client(body()).messages.stream(**ARGS) as stream:
        drained = stream.get_final_message()
    assert calls  # not iterated: the deltas took the fast path
    assert drained.to_dict() == seen.to_dict()
    assert drained.content[0].text == "".join(TEXTS)  # type: ignore[union-attr]
    assert drained.content[1].thinking == 'let me think "hard"'  # type: ignore[union-attr]
    assert drained.content[2].input == json.loads(TOOL_INPUT)  # type: ignore[union-attr]


def test_until_done_after_iterating_part_of_the_stream_finishes_the_same_message() -> None:
    with client(body()).messages.stream(**ARGS) as stream:
        while next(stream).type != "text":
            pass
        stream.until_done()
        partly = stream.get_final_message()
    with client(body()).messages.stream(**ARGS) as stream:
        whole = stream.get_final_message()
    assert partly.to_dict() == whole.to_dict()


@pytest.mark.parametrize(
    "bad",
    [
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\x01"}}',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"',
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":7}}',
    ],
)
def test_a_bad_delta_line_is_a_validation_error_with_what_came_before(bad: str) -> None:
    with (
        pytest.raises(unbroken.APIResponseValidationError) as info,
        client(body(extra_delta=bad)).messages.stream(**ARGS) as stream,
    ):
        stream.get_final_message()
    assert type(info.value) is unbroken.APIResponseValidationError
    partial = info.value.partial_message
    assert partial is not None
    assert partial.content[0].text == "".join(TEXTS)


def test_a_delta_for_a_block_never_started_is_an_order_error_on_the_fast_path() -> None:
    stray = line("text", "x", 5)
    with (
        pytest.raises(unbroken.UnexpectedEventOrderError, match="index 5"),
        client(body(extra_delta=stray)).messages.stream(**ARGS) as stream,
    ):
        stream.until_done()


@pytest.mark.anyio
async def test_async_final_message_is_the_same_whether_iterated_or_not() -> None:
    async with async_client(body()) as c:
        async with c.messages.stream(**ARGS) as stream:
            async for _ in stream:
                pass
            seen = await stream.get_final_message()
        async with c.messages.stream(**ARGS) as stream:
            drained = await stream.get_final_message()
    bad = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\x01"}}'
    async with async_client(body(extra_delta=bad)) as c:
        with pytest.raises(unbroken.APIResponseValidationError) as info:
            async with c.messages.stream(**ARGS) as stream:
                await stream.get_final_text()
    assert drained.to_dict() == seen.to_dict()
    assert info.value.partial_message is not None
