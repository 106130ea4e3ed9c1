"""The AWS event-stream decoder, fed every awkward chunking, and Bedrock streams over httpx.MockTransport."""

from __future__ import annotations

import json
import struct

import httpx
import pytest
from platform_helpers import (
    BEDROCK_MODEL,
    ask,
    async_bedrock,
    bedrock,
    chunk,
    event_stream,
    eventstream_response,
    exception_frame,
    message_events,
)

import unbroken
from helpers import Recorder
from unbroken.platforms._eventstream import AWSEventStreamDecoder
from unbroken.testing.platforms import encode_frame


def decode(*chunks: bytes) -> list[tuple[str | None, object]]:
    decoder = AWSEventStreamDecoder()
    events = [event for piece in chunks for event in decoder.feed(piece)]
    return [(event.event, json.loads(event.data)) for event in events]


def test_chunk_frames_become_events_named_by_their_type() -> None:
    events = message_events()

    assert decode(event_stream(events)) == [(event["type"], event) for event in events]


def test_any_split_of_the_body_gives_the_same_events() -> None:
    body = event_stream(message_events()[:3])
    whole = decode(body)

    for cut in range(1, len(body)):
        assert decode(body[:cut], body[cut:]) == whole, cut


def test_byte_by_byte_feeding_gives_the_same_events() -> None:
    body = event_stream(message_events())

    assert decode(*(body[i : i + 1] for i in range(len(body)))) == decode(body)


def test_has_pending_is_true_inside_a_frame_and_false_between_frames() -> None:
    frame = chunk({"type": "ping"})
    decoder = AWSEventStreamDecoder()

    decoder.feed(frame[:-5])
    inside = decoder.has_pending
    decoder.feed(frame[-5:])

    assert (inside, decoder.has_pending) == (True, False)


@pytest.mark.parametrize(
    ("exception", "error_type"),
    [
        ("throttlingException", "rate_limit_error"),
        ("serviceUnavailableException", "service_unavailable_error"),
        ("validationException", "invalid_request_error"),
        ("modelTimeoutException", "timeout_error"),
        ("internalServerException", "api_error"),
        ("ModelStreamErrorException", "api_error"),
        ("someFutureException", "api_error"),
    ],
)
def test_exception_frames_become_error_events_of_the_same_meaning(exception: str, error_type: str) -> None:
    [(name, data)] = decode(exception_frame(exception, "went wrong"))

    assert name == "error"
    assert data == {
        "type": "error",
        "error": {"type": error_type, "message": "went wrong"},
        "bedrock_exception": exception,
    }


def test_generic_error_frames_become_error_events() -> None:
    frame = encode_frame(
        {":message-type": "error", ":error-code": "InternalFailure", ":error-message": "boom"}, b""
    )

    assert decode(frame) == [
        (
            "error",
            {
                "type": "error",
                "error": {"type": "api_error", "message": "boom"},
                "bedrock_exception": "InternalFailure",
            },
        )
    ]


def test_frames_of_unknown_kinds_are_skipped() -> None:
    other = encode_frame({":message-type": "event", ":event-type": "initial-response"}, b"{}")

    assert decode(other, chunk({"type": "ping"})) == [("ping", {"type": "ping"})]


def test_a_corrupt_frame_becomes_one_non_json_event_and_ends_decoding() -> None:
    frame = bytearray(chunk({"type": "ping"}))
    frame[-1] ^= 0xFF  # break the message CRC
    decoder = AWSEventStreamDecoder()

    events = decoder.feed(bytes(frame))
    later = decoder.feed(chunk({"type": "ping"}))

    assert len(events) == 1 and events[0].event is None
    assert "ChecksumMismatch" in events[0].data
    assert (later, decoder.has_pending) == ([], False)


def test_a_chunk_without_base64_bytes_becomes_a_non_json_event() -> None:
    frame = encode_frame({":message-type": "event", ":event-type": "chunk"}, b'{"bytes": "%%%"}')

    [event] = AWSEventStreamDecoder().feed(frame)

    assert event.event is None
    with pytest.raises(ValueError):
        json.loads(event.data)


def test_a_bad_prelude_checksum_is_caught() -> None:
    prelude = struct.pack(">II", 16, 0)
    bogus = prelude + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"

    [event] = AWSEventStreamDecoder().feed(bogus)

    assert "ChecksumMismatch" in event.data


# -- streams over a mocked Bedrock ---------------------------------------------------------------


def test_raw_stream_yields_typed_events() -> None:
    recorder = Recorder(eventstream_response(event_stream(message_events())))

    with bedrock(recorder).messages.create(**ask(BEDROCK_MODEL), stream=True) as stream:
        types = [event.type for event in stream]

    assert types == [event["type"] for event in message_events()]


def test_message_stream_accumulates_the_final_message() -> None:
    recorder = Recorder(eventstream_response(event_stream(message_events("Bonjour"))))

    with bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
        text = stream.get_final_text()

    assert text == "Bonjour"
    assert recorder.requests[0].url.path == f"/model/{BEDROCK_MODEL}/invoke-with-response-stream"


def test_body_ending_cleanly_inside_a_frame_is_incomplete_with_the_partial_message() -> None:
    frames = event_stream(message_events()[:3])
    body = frames + chunk(message_events()[3])[:10]
    recorder = Recorder(eventstream_response(body))

    with pytest.raises(unbroken.IncompleteStreamError, match="mid-event") as info:
        with bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert info.value.partial_message is not None
    assert info.value.partial_message.content[0].text == "Hi!"  # type: ignore[union-attr]


def test_body_ending_between_frames_before_message_stop_is_incomplete() -> None:
    recorder = Recorder(eventstream_response(event_stream(message_events()[:-1])))

    with pytest.raises(unbroken.IncompleteStreamError, match="before message_stop") as info:
        with bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert info.value.partial_message is not None


def test_exception_frame_mid_stream_raises_the_mapped_class_with_the_partial_message() -> None:
    body = event_stream(message_events()[:3]) + exception_frame("throttlingException", "Slow down")
    recorder = Recorder(eventstream_response(body))

    with pytest.raises(unbroken.RateLimitError, match="Slow down") as info:
        with bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert info.value.in_stream is True
    assert info.value.partial_message is not None


def test_exception_frame_before_any_event_is_retried_like_a_failed_request() -> None:
    failing = eventstream_response(exception_frame("serviceUnavailableException", "busy"))
    recorder = Recorder(failing, eventstream_response(event_stream(message_events())))

    with bedrock(recorder, max_retries=1).messages.stream(**ask(BEDROCK_MODEL)) as stream:
        text = stream.get_final_text()

    assert text == "Hi!"
    assert len(recorder.requests) == 2


def test_corrupt_frame_mid_stream_is_a_validation_error() -> None:
    broken = bytearray(chunk(message_events()[3]))
    broken[-1] ^= 0xFF
    body = event_stream(message_events()[:3]) + bytes(broken)
    recorder = Recorder(eventstream_response(body))

    with pytest.raises(unbroken.APIResponseValidationError, match="ChecksumMismatch") as info:
        with bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            stream.until_done()

    assert info.value.partial_message is not None


@pytest.mark.anyio
async def test_async_message_stream_over_event_stream_framing() -> None:
    recorder = Recorder(eventstream_response(event_stream(message_events("Hola"))))

    async with async_bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
        text = await stream.get_final_text()

    assert text == "Hola"


@pytest.mark.anyio
async def test_async_exception_frame_raises_the_mapped_class() -> None:
    body = event_stream(message_events()[:2]) + exception_frame("validationException", "bad input")
    recorder = Recorder(eventstream_response(body))

    with pytest.raises(unbroken.BadRequestError, match="bad input"):
        async with async_bedrock(recorder).messages.stream(**ask(BEDROCK_MODEL)) as stream:
            await stream.until_done()


def test_non_stream_response_is_plain_json() -> None:
    recorder = Recorder(httpx.Response(200, json={**message_events()[0]["message"], "content": []}))

    message = bedrock(recorder).messages.create(**ask(BEDROCK_MODEL))

    assert message.content == []
