"""Bedrock (AWS event-stream framing) and Vertex (SSE) end to end against the emulator, over real sockets:
the emulator really closes the connection mid-frame / mid-body."""

from __future__ import annotations

from typing import Any

import pytest
from platform_helpers import BEDROCK_MODEL, KEYS, VERTEX_MODEL, ask

import unbroken
from unbroken.platforms.bedrock import AnthropicBedrock, AsyncAnthropicBedrock
from unbroken.platforms.vertex import AnthropicVertex, AsyncAnthropicVertex
from unbroken.testing import Emulator, Fault

STREAM_PATH = f"/model/{BEDROCK_MODEL}/invoke-with-response-stream"


def on_bedrock(emulator: Emulator, **kwargs: Any) -> AnthropicBedrock:
    return AnthropicBedrock(**KEYS, aws_region="us-east-1", base_url=emulator.base_url, **kwargs)


def on_vertex(emulator: Emulator, **kwargs: Any) -> AnthropicVertex:
    return AnthropicVertex(
        region="us-east5",
        project_id="my-project",
        access_token="ya29.token",
        base_url=f"{emulator.base_url}/v1",
        **kwargs,
    )


# -- Bedrock -------------------------------------------------------------------------------------


def test_bedrock_create_gets_the_echo_reply(emulator: Emulator) -> None:
    message = on_bedrock(emulator).messages.create(**ask(BEDROCK_MODEL, "hello there"))

    assert message.content[0].text == "Echo: hello there"  # type: ignore[union-attr]
    assert message.model == BEDROCK_MODEL
    assert emulator.requests[-1].path == f"/model/{BEDROCK_MODEL}/invoke"


def test_bedrock_stream_accumulates_the_reply(emulator: Emulator) -> None:
    with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "one two three")) as stream:
        texts = list(stream.text_stream)
        message = stream.get_final_message()

    assert "".join(texts) == "Echo: one two three"
    assert message.stop_reason == "end_turn"
    assert emulator.requests[-1].path == STREAM_PATH


def test_bedrock_raw_stream_ends_with_message_stop(emulator: Emulator) -> None:
    with on_bedrock(emulator).messages.create(**ask(BEDROCK_MODEL, "a b"), stream=True) as stream:
        types = [event.type for event in stream]

    assert (types[0], types[-1]) == ("message_start", "message_stop")


def test_bedrock_drop_mid_frame_is_a_connection_error_with_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(3))
    received: list[str] = []

    with pytest.raises(unbroken.APIConnectionError) as info:
        with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "one two three")) as stream:
            received.extend(event.type for event in stream)

    assert not isinstance(info.value, unbroken.IncompleteStreamError)
    assert received[:3] == ["message_start", "content_block_start", "content_block_delta"]
    partial = info.value.partial_message
    assert partial is not None and partial.content[0].text == "Echo:"
    assert len(emulator.requests) == 1  # events had been delivered: never replayed


def test_bedrock_drop_before_the_first_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0))

    with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "again")) as stream:
        text = stream.get_final_text()

    assert text == "Echo: again"
    assert len(emulator.requests) == 2


def test_bedrock_truncated_body_is_incomplete_with_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.truncate())

    with pytest.raises(unbroken.IncompleteStreamError) as info:
        with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "cut short")) as stream:
            stream.until_done()

    assert info.value.partial_message is not None
    assert info.value.partial_message.stop_reason == "end_turn"


def test_bedrock_exception_frame_is_the_mapped_error_with_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=3, error_type="rate_limit_error", message="Slow down"))

    with pytest.raises(unbroken.RateLimitError, match="Slow down") as info:
        with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "one two")) as stream:
            stream.until_done()

    assert info.value.partial_message is not None
    assert info.value.body["bedrock_exception"] == "throttlingException"  # type: ignore[index]


def test_bedrock_service_unavailable_frame_is_a_service_unavailable_error(emulator: Emulator) -> None:
    # The emulator sends Bedrock's serviceUnavailableException for an overloaded error: a 503, as Bedrock
    # answers it outside a stream.
    emulator.faults.push(Fault.error_event(after=2))

    with pytest.raises(unbroken.ServiceUnavailableError) as info:
        with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert (info.value.status_code, info.value.in_stream) == (503, True)
    assert info.value.partial_message is not None


def test_bedrock_malformed_event_is_a_validation_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.malformed_line(after=2))

    with pytest.raises(unbroken.APIResponseValidationError) as info:
        with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert info.value.partial_message is not None


def test_bedrock_unknown_event_type_is_skipped(emulator: Emulator) -> None:
    emulator.faults.push(Fault.unknown_event(after=2))

    with on_bedrock(emulator).messages.stream(**ask(BEDROCK_MODEL, "still fine")) as stream:
        text = stream.get_final_text()

    assert text == "Echo: still fine"


def test_bedrock_status_503_is_service_unavailable(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(503))

    with pytest.raises(unbroken.ServiceUnavailableError) as info:
        on_bedrock(emulator, max_retries=0).messages.create(**ask(BEDROCK_MODEL))

    assert info.value.body == {"message": "Internal server error"}


def test_bedrock_validation_error_uses_the_bedrock_message(emulator: Emulator) -> None:
    with pytest.raises(
        unbroken.BadRequestError, match=r"^The provided model identifier is invalid\.$"
    ) as info:
        on_bedrock(emulator).messages.create(**ask("not-a-model"))

    assert info.value.status_code == 400


@pytest.mark.anyio
async def test_async_bedrock_in_stream_503_is_service_unavailable(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=2, error_type="overloaded_error"))
    client = AsyncAnthropicBedrock(**KEYS, aws_region="us-east-1", base_url=emulator.base_url)
    with pytest.raises(unbroken.ServiceUnavailableError) as info:
        async with client.messages.stream(**ask(BEDROCK_MODEL)) as stream:
            await stream.until_done()
    assert info.value.partial_message is not None
    assert "anthropic-version" not in emulator.requests[0].headers  # the version is in the body


@pytest.mark.anyio
async def test_async_bedrock_stream_and_mid_frame_drop(emulator: Emulator) -> None:
    client = AsyncAnthropicBedrock(**KEYS, aws_region="us-east-1", base_url=emulator.base_url)
    async with client.messages.stream(**ask(BEDROCK_MODEL, "one two")) as stream:
        assert await stream.get_final_text() == "Echo: one two"
    emulator.faults.push(Fault.drop_after(2))

    with pytest.raises(unbroken.APIConnectionError) as info:
        async with client.messages.stream(**ask(BEDROCK_MODEL, "one two")) as stream:
            await stream.until_done()

    assert info.value.partial_message is not None
    await client.close()


# -- Vertex --------------------------------------------------------------------------------------


def test_vertex_create_gets_the_echo_reply(emulator: Emulator) -> None:
    message = on_vertex(emulator).messages.create(**ask(VERTEX_MODEL, "hello vertex"))

    assert message.content[0].text == "Echo: hello vertex"  # type: ignore[union-attr]
    models = "/v1/projects/my-project/locations/us-east5/publishers/anthropic/models"
    assert emulator.requests[-1].path == f"{models}/claude-sonnet-4@20250514:rawPredict"


def test_vertex_stream_is_sse_on_stream_raw_predict(emulator: Emulator) -> None:
    with on_vertex(emulator).messages.stream(**ask(VERTEX_MODEL, "one two")) as stream:
        text = stream.get_final_text()

    assert text == "Echo: one two"
    assert emulator.requests[-1].path.endswith(":streamRawPredict")


def test_vertex_count_tokens(emulator: Emulator) -> None:
    count = on_vertex(emulator).messages.count_tokens(
        model=VERTEX_MODEL, messages=[{"role": "user", "content": "a b c"}]
    )

    assert count.input_tokens == 3
    assert emulator.requests[-1].path.endswith("/models/count-tokens:rawPredict")


def test_vertex_drop_mid_stream_is_a_connection_error_with_the_partial_message(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(4))

    with pytest.raises(unbroken.APIConnectionError) as info:
        with on_vertex(emulator).messages.stream(**ask(VERTEX_MODEL, "one two three")) as stream:
            stream.until_done()

    assert info.value.partial_message is not None
    assert info.value.partial_message.content[0].text.startswith("Echo:")  # type: ignore[union-attr]


def test_vertex_status_504_is_deadline_exceeded(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(504))

    with pytest.raises(unbroken.DeadlineExceededError):
        on_vertex(emulator, max_retries=0).messages.create(**ask(VERTEX_MODEL))


@pytest.mark.anyio
async def test_async_vertex_stream(emulator: Emulator) -> None:
    client = AsyncAnthropicVertex(
        region="us-east5", project_id="my-project", access_token="tok", base_url=f"{emulator.base_url}/v1"
    )

    async with client.messages.stream(**ask(VERTEX_MODEL, "async vertex")) as stream:
        text = await stream.get_final_text()

    assert text == "Echo: async vertex"
    assert emulator.requests[-1].path.endswith(":streamRawPredict")
    await client.close()


# -- the time limits apply on the platforms too (issue 12) -----------------------------------------------


def test_bedrock_pings_alone_are_an_idle_timeout(emulator: Emulator) -> None:
    emulator.faults.push(Fault.pings(100, interval=0.05, after=3))
    client = on_bedrock(emulator, max_retries=0, stream_timeouts=unbroken.StreamTimeouts(idle=0.3))
    with (
        pytest.raises(unbroken.APITimeoutError) as caught,
        client.messages.stream(**ask(BEDROCK_MODEL, "hi")) as s,
    ):
        s.until_done()
    assert caught.value.timeout_kind == "idle"
    assert caught.value.partial_message is not None


@pytest.mark.anyio
async def test_vertex_slow_first_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.delay_first_event(10))
    async with AsyncAnthropicVertex(
        region="us-east5",
        project_id="my-project",
        access_token="ya29.token",
        base_url=f"{emulator.base_url}/v1",
        max_retries=1,
        stream_timeouts=unbroken.StreamTimeouts(first_event=0.3),
    ) as client:
        async with client.messages.stream(**ask(VERTEX_MODEL, "one two")) as stream:
            assert await stream.get_final_text() == "Echo: one two"
    assert len(emulator.requests) == 2


# -- accumulate_raw_streams (a ClientOptions key, so the platform clients take it too) -------------------


@pytest.mark.parametrize("model", [BEDROCK_MODEL, VERTEX_MODEL])
def test_a_platform_raw_stream_switched_off_keeps_nothing_and_stays_typed(
    emulator: Emulator, model: str
) -> None:
    build = on_bedrock if model == BEDROCK_MODEL else on_vertex
    client = build(emulator).with_options(accumulate_raw_streams=False)
    emulator.faults.push(Fault.drop_after(4))
    received: list[str] = []

    with pytest.raises(unbroken.APIConnectionError) as info:
        for event in client.messages.create(**ask(model, "one two three"), stream=True):
            received.append(event.type)

    assert received[:2] == ["message_start", "content_block_start"]
    assert info.value.partial_message is None
    assert build(emulator, accumulate_raw_streams=False).controls.accumulate_raw_streams is False


@pytest.mark.anyio
async def test_an_async_platform_client_takes_the_option_too() -> None:
    bedrock = AsyncAnthropicBedrock(**KEYS, aws_region="us-east-1", accumulate_raw_streams=False)
    vertex = AsyncAnthropicVertex(
        region="us-east5", project_id="p", access_token="t", accumulate_raw_streams=False
    )
    assert not bedrock.controls.accumulate_raw_streams and not vertex.controls.accumulate_raw_streams
    assert bedrock.copy(max_retries=0).controls.accumulate_raw_streams is False
    await bedrock.close()
    await vertex.close()
