"""One test per WHATWG event-stream rule the SSE decoder must follow."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from unbroken._sse import EventTooLargeError, ServerSentEvent, SSEDecoder, aiter_sse, iter_sse


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    dec = SSEDecoder()
    out: list[ServerSentEvent] = []
    for chunk in chunks:
        out.extend(dec.feed(chunk))
    out.extend(dec.close())
    return out


def datas(events: list[ServerSentEvent]) -> list[str]:
    return [e.data for e in events]


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_each_line_ending_terminates_lines(eol: bytes) -> None:
    body = b"event: a" + eol + b"data: 1" + eol + eol + b"data: 2" + eol + eol
    assert decode(body) == [ServerSentEvent("a", "1"), ServerSentEvent(None, "2")]


def test_mixed_line_endings_in_one_stream() -> None:
    assert datas(decode(b"data: 1\r\n\ndata: 2\r\rdata: 3\n\r\n")) == ["1", "2", "3"]


def test_crlf_split_across_chunks_counts_once() -> None:
    # If the LF were a second line ending it would be a blank line and dispatch early with data "1" only.
    assert datas(decode(b"data: 1\r", b"\ndata: 2\r", b"\n\r", b"\n")) == ["1\n2"]


def test_cr_at_chunk_end_then_other_text_is_a_line_ending() -> None:
    assert datas(decode(b"data: 1\r", b"\r")) == ["1"]


def test_cr_at_chunk_end_then_empty_chunk_then_lf_counts_once() -> None:
    assert datas(decode(b"data: 1\r", b"", b"\ndata: 2\n\n")) == ["1\n2"]


def test_cr_at_chunk_end_then_partial_utf8_then_lf_counts_once() -> None:
    # The chunk after the CR decodes to nothing yet; the LF decision must wait for real text.
    assert datas(decode(b"data: 1\r", b"\ndata: \xc3", b"\xa9\n\n")) == ["1\n\u00e9"]


def test_blank_line_made_of_crlf_dispatches() -> None:
    assert datas(decode(b"data: x\r\n\r\n")) == ["x"]


def test_comment_lines_are_ignored() -> None:
    assert decode(b": hello\ndata: 1\n:another\n\n") == [ServerSentEvent(None, "1")]


def test_comment_only_block_dispatches_nothing() -> None:
    assert decode(b": keepalive\n\n") == []


def test_multiple_data_lines_are_joined_with_lf() -> None:
    assert datas(decode(b"data: a\ndata: b\ndata:\ndata: c\n\n")) == ["a\nb\n\nc"]


def test_field_without_colon_has_empty_value() -> None:
    assert datas(decode(b"data\ndata\n\n")) == ["\n"]


def test_single_data_line_with_empty_value_dispatches_empty_string() -> None:
    assert decode(b"data\n\n") == [ServerSentEvent(None, "")]


def test_only_one_leading_space_is_stripped() -> None:
    assert datas(decode(b"data:  two\n\n")) == [" two"]


def test_value_without_space_after_colon() -> None:
    assert decode(b"event:x\ndata:y\n\n") == [ServerSentEvent("x", "y")]


def test_colons_after_the_first_belong_to_the_value() -> None:
    assert datas(decode(b'data: {"a": "b:c"}\n\n')) == ['{"a": "b:c"}']


def test_leading_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbfdata: 1\n\n") == [ServerSentEvent(None, "1")]


def test_leading_bom_split_across_chunks_is_dropped() -> None:
    assert decode(b"\xef", b"\xbb", b"\xbfdata: 1\n\n") == [ServerSentEvent(None, "1")]


def test_only_one_bom_is_dropped() -> None:
    # The second BOM is part of the field name, which is then unknown and ignored.
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbfdata: 1\n\ndata: 2\n\n") == [ServerSentEvent(None, "2")]


def test_bom_later_in_stream_is_kept() -> None:
    assert datas(decode(b"data: \xef\xbb\xbfx\n\n")) == ["\ufeffx"]


def test_bom_at_the_start_of_a_later_chunk_is_data() -> None:
    # Only the stream's first character can be a BOM; a chunk boundary is not a stream start.
    assert datas(decode(b"data: a", b"\xef\xbb\xbfb\n\n")) == ["a\ufeffb"]


def test_final_event_missing_only_its_blank_line_is_dispatched_at_close() -> None:
    # Some proxies strip a body's last blank line; every line of the event arrived whole.
    dec = SSEDecoder()
    assert dec.feed(b"data: 1\n\nevent: message_stop\ndata: 2\r") == [ServerSentEvent(None, "1")]
    assert dec.close() == [ServerSentEvent("message_stop", "2")]
    assert not dec.has_pending
    assert dec.close() == []


def test_final_event_without_data_is_not_dispatched_at_close() -> None:
    dec = SSEDecoder()
    dec.feed(b"event: message_stop\n")
    assert dec.close() == []
    assert dec.has_pending


def test_unterminated_final_line_is_not_dispatched() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: 1") == []
    assert dec.close() == []
    assert dec.has_pending
    assert dec.pending_bytes == len(b"data: 1")


def test_clean_end_has_nothing_pending() -> None:
    dec = SSEDecoder()
    dec.feed(b"data: 1\n\n: trailing comment\n")
    dec.close()
    assert not dec.has_pending
    assert dec.pending_bytes == 0


def test_pending_bytes_counts_lines_since_last_boundary() -> None:
    dec = SSEDecoder()
    dec.feed(b"data: 1\n\nevent: e\ndata: \xc3\xa9\ndata: par")
    assert dec.pending_bytes == len(b"event: e\n") + len(b"data: \xc3\xa9\n") + len(b"data: par")


def test_truncated_multibyte_character_is_pending() -> None:
    dec = SSEDecoder()
    dec.feed(b"data: 1\n\n\xe2\x82")
    assert dec.has_pending
    dec.close()
    assert dec.has_pending


def test_final_event_is_not_dispatched_when_the_body_ends_in_a_cut_character() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: 1\n\xe2\x82") == []
    assert dec.close() == []
    assert dec.has_pending


def test_utf8_character_split_across_chunks() -> None:
    body = "data: h\u00e9llo \u20ac \U0001f600\n\n".encode()
    events = decode(*[body[i : i + 1] for i in range(len(body))])
    assert datas(events) == ["h\u00e9llo \u20ac \U0001f600"]


def test_invalid_utf8_becomes_replacement_character() -> None:
    assert datas(decode(b"data: a\xffb\n\n")) == ["a\ufffdb"]


def test_event_type_resets_after_dispatch() -> None:
    assert decode(b"event: a\ndata: 1\n\ndata: 2\n\n") == [
        ServerSentEvent("a", "1"),
        ServerSentEvent(None, "2"),
    ]


def test_event_type_without_data_is_not_dispatched_and_is_reset() -> None:
    assert decode(b"event: a\n\ndata: 2\n\n") == [ServerSentEvent(None, "2")]


def test_empty_event_type_means_default() -> None:
    assert decode(b"event:\ndata: 1\n\n") == [ServerSentEvent(None, "1")]


def test_last_event_id_persists_across_events() -> None:
    events = decode(b"id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
    assert [e.id for e in events] == ["7", "7", ""]


def test_id_set_in_undispatched_block_still_counts() -> None:
    events = decode(b"id: 3\n\ndata: a\n\n")
    assert events[0].id == "3"


def test_id_containing_nul_is_ignored() -> None:
    events = decode(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n")
    assert [e.id for e in events] == ["1", "1"]


@pytest.mark.parametrize(
    ("line", "expected"), [(b"retry: 1500", 1500), (b"retry: 15x", None), (b"retry:", None)]
)
def test_retry_is_parsed_only_when_all_ascii_digits(line: bytes, expected: int | None) -> None:
    assert decode(line + b"\ndata: a\n\n")[0].retry == expected


def test_non_ascii_digits_are_not_a_retry_value() -> None:
    assert decode("retry: \u0661\u0662\ndata: a\n\n".encode())[0].retry is None


def test_last_event_id_carries_into_later_chunks() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"id: 7\ndata: a\n\n") == [ServerSentEvent(None, "a", "7")]
    assert dec.feed(b"event: e\ndata: b\n\n") == [ServerSentEvent("e", "b", "7")]


def test_event_begun_in_an_earlier_chunk_by_an_id_line_ends_cleanly() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"id: 5\n") == []
    assert dec.feed(b"event: e\ndata: x\n\n") == [ServerSentEvent("e", "x", "5")]
    assert dec.close() == []
    assert not dec.has_pending


def test_unknown_fields_are_ignored() -> None:
    assert decode(b"foo: bar\nDATA: x\ndata: y\n\n") == [ServerSentEvent(None, "y")]


def test_field_names_are_case_sensitive_and_space_is_not_stripped_from_name() -> None:
    assert decode(b"data : x\nEvent: e\ndata: y\n\n") == [ServerSentEvent(None, "y")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"EVENT: e\ndata: x\n\n", [ServerSentEvent(None, "x")]),
        (b"event: e\nDATA: x\n\n", []),
    ],
)
def test_field_names_are_case_sensitive_in_an_event_then_data_block(
    body: bytes, expected: list[ServerSentEvent]
) -> None:
    assert decode(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"event: XX\ndata: XXL\n\n", ServerSentEvent("XX", "XXL")),
        (b"event: a: b\ndata: data: c\n\n", ServerSentEvent("a: b", "data: c")),
        (b"event: \ndata: x\n\n", ServerSentEvent(None, "x")),
    ],
)
def test_event_then_data_block_keeps_values_verbatim(body: bytes, expected: ServerSentEvent) -> None:
    assert decode(body) == [expected]


def test_many_events_in_one_chunk() -> None:
    body = b"".join(b"event: e\ndata: %d\n\n" % i for i in range(1000))
    events = decode(body)
    assert [e.data for e in events] == [str(i) for i in range(1000)]
    assert {e.event for e in events} == {"e"}


def test_long_line_in_tiny_chunks() -> None:
    payload = b"x" * 100_000
    body = b"data: " + payload + b"\n\n"
    events = decode(*[body[i : i + 7] for i in range(0, len(body), 7)])
    assert datas(events) == [payload.decode()]


@pytest.mark.parametrize("body", [b"data: " + b"x" * 20 + b"\n\n", b"event: e\ndata: " + b"x" * 20 + b"\n\n"])
def test_whole_event_larger_than_the_limit_raises(body: bytes) -> None:
    dec = SSEDecoder(max_event_bytes=10)
    with pytest.raises(EventTooLargeError) as info:
        dec.feed(body)
    assert str(info.value) == "A streamed event exceeded the limit of 10 bytes (at least 20 received)"
    assert (info.value.size, info.value.limit) == (20, 10)


@pytest.mark.parametrize("body", [b"data: 12345\n\n", b"event: e\ndata: 12345\n\n"])
def test_whole_event_with_data_of_exactly_the_limit_is_dispatched(body: bytes) -> None:
    assert datas(SSEDecoder(max_event_bytes=5).feed(body)) == ["12345"]


def test_unfinished_line_past_the_limit_raises_with_the_bytes_received() -> None:
    dec = SSEDecoder(max_event_bytes=10)
    assert dec.feed(b"data: ") == []
    with pytest.raises(EventTooLargeError, match=r"limit of 10 bytes \(at least 26 received\)$"):
        dec.feed(b"x" * 20)
    with pytest.raises(EventTooLargeError):  # the decoder stays failed
        dec.feed(b"\n\n")


def test_limit_is_per_event_when_blank_lines_arrive_in_their_own_chunks() -> None:
    dec = SSEDecoder(max_event_bytes=20)
    events: list[ServerSentEvent] = []
    for _ in range(10):
        events += dec.feed(b"data: 1\n")
        events += dec.feed(b"\n")
    assert datas(events) == ["1"] * 10


def test_bytes_after_the_last_event_count_toward_the_limit_comments_included() -> None:
    # Between boundaries the decoder adds up what it receives (no re-measuring per chunk, which would be
    # quadratic), so comment lines that never end an event still run into the limit.
    dec = SSEDecoder(max_event_bytes=20)
    assert datas(dec.feed(b"data: 1\n\n")) == ["1"]
    with pytest.raises(EventTooLargeError):
        dec.feed(b": " + b"x" * 30 + b"\n")


def test_bytes_before_the_first_event_count_toward_the_limit() -> None:
    # The stream's start is not a boundary that resets the count: a first chunk of comments is measured too.
    dec = SSEDecoder(max_event_bytes=20)
    with pytest.raises(EventTooLargeError, match=r"\(at least 33 received\)$"):
        dec.feed(b": " + b"x" * 30 + b"\n")


def test_a_blank_line_at_the_stream_start_is_not_part_of_the_first_event() -> None:
    dec = SSEDecoder(max_event_bytes=20)
    assert dec.feed(b"\ndata: " + b"x" * 14) == []  # the unfinished line is exactly 20 bytes
    assert datas(dec.feed(b"\n\n")) == ["x" * 14]


def test_nothing_after_an_oversized_event_is_interpreted() -> None:
    dec = SSEDecoder(max_event_bytes=5)
    with pytest.raises(EventTooLargeError):
        dec.feed(b"id: 1\ndata: 123456\n\nid: 2\n")
    assert dec.last_event_id == "1"


def test_json_method_decodes_data() -> None:
    (event,) = decode(b'event: message_start\ndata: {"type": "message_start", "n": [1, 2]}\n\n')
    assert event.json() == {"type": "message_start", "n": [1, 2]}


def test_json_method_raises_value_error_on_non_json() -> None:
    (event,) = decode(b"data: nope\n\n")
    with pytest.raises(json.JSONDecodeError):
        event.json()


def test_feed_after_close_is_an_error() -> None:
    dec = SSEDecoder()
    dec.close()
    with pytest.raises(ValueError, match=r"^SSEDecoder\.feed\(\) called after close\(\)$"):
        dec.feed(b"data: 1\n\n")


def test_close_is_idempotent() -> None:
    dec = SSEDecoder()
    dec.feed(b"data: 1\n\n")
    assert dec.close() == []
    assert dec.close() == []


def test_iter_sse_reports_pending_through_caller_decoder() -> None:
    dec = SSEDecoder()
    events = list(iter_sse([b"data: 1\n", b"\ndata: 2"], decoder=dec))
    assert datas(events) == ["1"]
    assert dec.has_pending


def test_aiter_sse_matches_iter_sse() -> None:
    chunks = [b"event: a\nda", b"ta: 1\r", b"\n\r\n", b"data: 2\n\n"]

    async def agen() -> AsyncIterator[bytes]:
        for c in chunks:
            yield c

    async def collect() -> list[ServerSentEvent]:
        return [e async for e in aiter_sse(agen())]

    assert asyncio.run(collect()) == list(iter_sse(chunks))


def test_aiter_sse_reports_pending_through_caller_decoder() -> None:
    async def agen() -> AsyncIterator[bytes]:
        yield b"data: 1\n"
        yield b"\ndata: 2"

    async def collect(dec: SSEDecoder) -> list[ServerSentEvent]:
        return [e async for e in aiter_sse(agen(), decoder=dec)]

    dec = SSEDecoder()
    assert datas(asyncio.run(collect(dec))) == ["1"]
    assert dec.has_pending
