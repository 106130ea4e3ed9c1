"""A span's recorded content stays within `traces.max_content_bytes`: whole parts give way from the start
(system, then input oldest first, then output), the last part left is cut if it is text, and the span says
`anthropic.content.truncated`. The fitting is checked on its own (exactly, and over generated content) and on
real spans from the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unbroken._telemetry_content import fit_content, utf8_size

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import unbroken
from unbroken.testing import Emulator, Reply

SYSTEM, INPUT, OUTPUT = "gen_ai.system_instructions", "gen_ai.input.messages", "gen_ai.output.messages"


def text(content: str) -> dict[str, Any]:
    return {"type": "text", "content": content}


def user(*parts: dict[str, Any]) -> dict[str, Any]:
    return {"role": "user", "parts": list(parts)}


def size(values: dict[str, str]) -> int:
    return sum(utf8_size(value) for value in values.values())


def test_content_within_the_limit_is_recorded_whole_as_json() -> None:
    attributes = {SYSTEM: [text("Be brief.")], INPUT: [user(text("héllo"))]}
    values, truncated = fit_content(attributes, 10_000)
    assert not truncated
    assert {name: json.loads(value) for name, value in values.items()} == attributes
    assert values[INPUT] == json.dumps(attributes[INPUT], ensure_ascii=False)


def test_whole_parts_go_from_the_start_system_first_then_the_oldest_input() -> None:
    attributes = {
        SYSTEM: [text("s" * 100)],
        INPUT: [user(text("a" * 100), text("b" * 100)), user(text("c" * 100))],
        OUTPUT: [{"role": "assistant", "parts": [text("d" * 100)], "finish_reason": "end_turn"}],
    }
    whole = size(fit_content(attributes, 10**6)[0])
    # Room for all but the system instructions and the first input part: exactly those go.
    without = {
        INPUT: [user(text("b" * 100)), user(text("c" * 100))],
        OUTPUT: attributes[OUTPUT],
    }
    limit = size(fit_content(without, 10**6)[0])
    assert limit < whole
    values, truncated = fit_content(attributes, limit)
    assert truncated
    assert {name: json.loads(value) for name, value in values.items()} == without
    assert size(values) == limit
    # One byte less and the next part goes too, with the message it leaves empty.
    values, _ = fit_content(attributes, limit - 1)
    assert json.loads(values[INPUT]) == [user(text("c" * 100))]


def test_the_last_part_left_keeps_the_start_of_its_text_that_fits() -> None:
    attributes = {INPUT: [user(text("é" * 1000))]}
    values, truncated = fit_content(attributes, 300)
    assert truncated
    (message,) = json.loads(values[INPUT])
    kept = message["parts"][0]["content"]
    assert kept == "é" * len(kept) and 0 < len(kept) < 1000
    assert utf8_size(values[INPUT]) <= 300 < utf8_size(json.dumps([user(text("é" * (len(kept) + 1)))]))


def test_a_last_part_that_is_not_text_goes_whole_and_nothing_is_left() -> None:
    call = {"type": "tool_call", "id": "t1", "name": "lookup", "arguments": {"q": "x" * 1000}}
    values, truncated = fit_content({OUTPUT: [{"role": "assistant", "parts": [call]}]}, 200)
    assert truncated and values == {}


PARTS = st.one_of(
    st.builds(text, st.text(max_size=60)),
    st.fixed_dictionaries({"type": st.just("reasoning"), "content": st.text(max_size=60)}),
    st.fixed_dictionaries(
        {"type": st.just("tool_call"), "arguments": st.dictionaries(st.text(max_size=5), st.text())}
    ),
)
MESSAGES = st.lists(
    st.fixed_dictionaries(
        {"role": st.sampled_from(["user", "assistant"]), "parts": st.lists(PARTS, max_size=4)}
    ),
    max_size=4,
)
ATTRIBUTES = st.fixed_dictionaries(
    {}, optional={SYSTEM: st.lists(PARTS, max_size=3), INPUT: MESSAGES, OUTPUT: MESSAGES}
)


def flat_parts(attributes: dict[str, Any]) -> list[Any]:
    parts = list(attributes.get(SYSTEM, []))
    for name in (INPUT, OUTPUT):
        parts += [part for message in attributes.get(name, []) for part in message["parts"]]
    return parts


@settings(max_examples=300, deadline=None)
@given(ATTRIBUTES, st.integers(min_value=0, max_value=1500))
def test_any_content_fits_the_limit_and_keeps_a_suffix_of_its_parts(
    attributes: dict[str, Any], limit: int
) -> None:
    values, truncated = fit_content(attributes, limit)
    whole = {name: json.dumps(value, ensure_ascii=False) for name, value in attributes.items()}
    assert truncated == (size(whole) > limit)
    if not truncated:
        assert values == whole
        return
    assert size(values) <= limit
    kept = flat_parts({name: json.loads(value) for name, value in values.items()})
    parts = flat_parts(attributes)
    if kept:  # what is left is the end of the parts, its first part maybe cut short
        assert kept[1:] == parts[len(parts) - len(kept) + 1 :]
        first, original = kept[0], parts[len(parts) - len(kept)]
        assert first == original or first["content"] == original["content"][: len(first["content"])]


# -- on real spans ---------------------------------------------------------------------------------------


@pytest.fixture
def spans() -> Iterator[tuple[InMemorySpanExporter, TracerProvider]]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter, provider
    provider.shutdown()


def content_of(attributes: dict[str, Any]) -> int:
    return sum(utf8_size(str(attributes[name])) for name in (SYSTEM, INPUT, OUTPUT) if name in attributes)


def test_a_long_conversations_span_keeps_its_latest_content_within_the_limit(
    emulator: Emulator, spans: tuple[InMemorySpanExporter, TracerProvider]
) -> None:
    exporter, provider = spans
    client = emulator.client(
        open_telemetry={
            "tracer_provider": provider,
            "traces": {"content_mode": "content", "max_content_bytes": 4_000},
        }
    )
    history: Any = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i} " + "x" * 500}
        for i in range(20)
    ]
    history.append({"role": "user", "content": "the last question"})
    emulator.replies.push(Reply.text("the answer"))
    client.messages.create(model="claude-sonnet-4-5", max_tokens=64, system="Be brief.", messages=history)

    (span,) = exporter.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes["anthropic.content.truncated"] is True
    assert content_of(attributes) <= 4_000
    assert SYSTEM not in attributes  # the system instructions went first
    kept = json.loads(str(attributes[INPUT]))
    assert kept[-1] == {"role": "user", "parts": [{"type": "text", "content": "the last question"}]}
    assert "turn 0 " not in str(attributes[INPUT]) and "turn 19 " in str(attributes[INPUT])
    assert json.loads(str(attributes[OUTPUT]))[0]["parts"] == [{"type": "text", "content": "the answer"}]


@pytest.mark.anyio
async def test_an_async_streams_span_is_bounded_and_untruncated_content_is_whole(
    emulator: Emulator, spans: tuple[InMemorySpanExporter, TracerProvider]
) -> None:
    exporter, provider = spans
    option: Any = {
        "tracer_provider": provider,
        "traces": {"content_mode": "content", "max_content_bytes": 300},
    }
    client = emulator.async_client(open_telemetry=option)
    async with client.messages.stream(
        model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "y" * 1_000}]
    ) as stream:
        await stream.get_final_message()
    unbounded: Any = {**option, "traces": {"content_mode": "content"}}
    await client.with_options(open_telemetry=unbounded).messages.create(
        model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "y" * 1_000}]
    )

    bounded, whole = (dict(span.attributes or {}) for span in exporter.get_finished_spans())
    assert bounded["anthropic.content.truncated"] is True and content_of(bounded) <= 300
    assert "anthropic.content.truncated" not in whole  # the default, 750,000 bytes, holds it all
    assert json.loads(str(whole[INPUT])) == [
        {"role": "user", "parts": [{"type": "text", "content": "y" * 1_000}]}
    ]


@pytest.mark.parametrize(
    ("traces", "error", "message"),
    [
        ({"content_mod": "content"}, TypeError, "traces got an unknown key 'content_mod'"),
        ({"max_content_bytes": "1kB"}, TypeError, "max_content_bytes must be an int"),
        ({"max_content_bytes": -1}, ValueError, "max_content_bytes must be 0 or more"),
        ({"enabled": "no"}, TypeError, "enabled must be a bool"),
    ],
)
def test_a_bad_traces_mapping_is_refused_when_the_client_is_built(
    traces: Any, error: type[Exception], message: str
) -> None:
    option: Any = {"traces": traces}
    with pytest.raises(error, match=message):
        unbroken.Anthropic(api_key="k", open_telemetry=option)
    with pytest.raises(error, match=message):
        unbroken.AsyncAnthropic(api_key="k").with_options(open_telemetry=option)
