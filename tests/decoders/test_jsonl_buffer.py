"""The JSON Lines buffer: line handling, errors with line numbers, chunk boundaries."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from unbroken._json import JSONNestingError, loads_stripped
from unbroken._jsonl import JSONLDecodeError, JSONLineBuffer, RawLine, aiter_jsonl, iter_jsonl
from unbroken._sse import EventTooLargeError


def decode(*chunks: bytes) -> list[object]:
    buf = JSONLineBuffer()
    out: list[object] = []
    for chunk in chunks:
        out.extend(buf.feed(chunk))
    out.extend(buf.close())
    return out


def test_lines_are_decoded_in_order() -> None:
    assert decode(b'{"a": 1}\n[2]\n"three"\n4\nnull\n') == [{"a": 1}, [2], "three", 4, None]


def test_final_line_without_newline_is_a_line() -> None:
    buf = JSONLineBuffer()
    assert buf.feed(b'{"a": 1}\n{"b": 2}') == [{"a": 1}]
    assert buf.has_pending
    assert buf.close() == [{"b": 2}]


def test_blank_and_whitespace_lines_are_skipped() -> None:
    assert decode(b'\n{"a": 1}\n\n  \n\t\r\n{"b": 2}\n\n') == [{"a": 1}, {"b": 2}]


def test_crlf_is_tolerated() -> None:
    assert decode(b'{"a": 1}\r\n{"b": 2}\r\n') == [{"a": 1}, {"b": 2}]


def test_crlf_split_across_chunks() -> None:
    assert decode(b'{"a": 1}\r', b'\n{"b": 2}\r', b"\n") == [{"a": 1}, {"b": 2}]


def test_line_split_across_chunks() -> None:
    assert decode(b'{"a"', b": [1, ", b"2]}\n") == [{"a": [1, 2]}]


def test_utf8_split_across_chunks() -> None:
    body = '{"s": "h\u00e9 \U0001f600"}\n'.encode()
    assert decode(*[body[i : i + 1] for i in range(len(body))]) == [{"s": "h\u00e9 \U0001f600"}]


def test_leading_bom_is_dropped_even_when_split() -> None:
    assert decode(b"\xef", b"\xbb\xbf[1]\n") == [[1]]
    assert decode(b"\xef\xbb\xbf[1]\n") == [[1]]


def test_invalid_json_raises_with_line_and_number() -> None:
    buf = JSONLineBuffer()
    with pytest.raises(JSONLDecodeError) as info:
        buf.feed(b'{"a": 1}\n\n{"b": \r\n')
    assert info.value.lineno == 3
    assert info.value.line == '{"b": '
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value.__cause__, ValueError)


def test_keep_text_gives_each_value_with_its_text_as_received() -> None:
    buf = JSONLineBuffer(keep_text=True)
    lines = buf.feed(b'  {"a": 1,  "b": "caf\xc3\xa9"}\r\n\n[2]\n')
    assert lines == [RawLine('{"a": 1,  "b": "caf\u00e9"}', {"a": 1, "b": "caf\u00e9"}), RawLine("[2]", [2])]


def test_loads_stripped_refuses_what_json_loads_refuses() -> None:
    assert loads_stripped('{"a": [1, 2]}') == {"a": [1, 2]}
    for text in ('{"a": 1} {"b": 2}', "[1]]", "", "{"):
        with pytest.raises(ValueError):
            loads_stripped(text)
    with pytest.raises(JSONNestingError):
        loads_stripped("[" * 100_000)


def test_invalid_final_unterminated_line_raises_at_close() -> None:
    buf = JSONLineBuffer()
    assert buf.feed(b"[1]\n{oops") == [[1]]
    with pytest.raises(JSONLDecodeError) as info:
        buf.close()
    assert info.value.lineno == 2
    assert info.value.line == "{oops"


def test_invalid_utf8_raises_decode_error() -> None:
    with pytest.raises(JSONLDecodeError) as info:
        decode(b'"a\xffb"\n')
    assert info.value.lineno == 1
    assert info.value.line == '"a\ufffdb"'  # the bad byte shown as U+FFFD, the rest as received
    assert str(info.value).startswith("line 1 of the JSON Lines body is not valid JSON: ")
    assert isinstance(info.value.__cause__, UnicodeDecodeError)


def test_empty_body_yields_nothing() -> None:
    assert decode() == []
    assert decode(b"") == []
    assert decode(b"\n\n") == []


def test_lineno_counts_consumed_lines() -> None:
    buf = JSONLineBuffer()
    buf.feed(b"1\n\n2\n3")
    assert buf.lineno == 3


def test_feed_after_close_is_an_error() -> None:
    buf = JSONLineBuffer()
    buf.close()
    with pytest.raises(ValueError, match=r"^JSONLineBuffer\.feed\(\) called after close\(\)$"):
        buf.feed(b"1\n")


def test_long_line_in_tiny_chunks() -> None:
    body = b'{"s": "' + b"x" * 100_000 + b'"}\n'
    assert decode(*[body[i : i + 5] for i in range(0, len(body), 5)]) == [{"s": "x" * 100_000}]


def test_iter_and_aiter_agree() -> None:
    chunks = [b"[1]\n[", b"2]\n", b"[3]"]

    async def agen() -> AsyncIterator[bytes]:
        for c in chunks:
            yield c

    async def collect() -> list[object]:
        return [v async for v in aiter_jsonl(agen())]

    assert list(iter_jsonl(chunks)) == [[1], [2], [3]]
    assert asyncio.run(collect()) == [[1], [2], [3]]


# -- the line-size cap -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chunks",
    [
        [b'"12345678"', b"\n"],  # the first chunk holds the whole line but no newline
        [b'"1234', b'5678"', b"\n"],  # the line grows over chunks without a newline
        [b'"12345678"\n'],  # the line and its newline in one chunk
        [b"\xef\xbb\xbf", b'"12345678"\n'],  # a BOM is not part of the first line
    ],
)
def test_a_line_of_exactly_the_limit_is_accepted(chunks: list[bytes]) -> None:
    buf = JSONLineBuffer(max_line_bytes=10)
    values = [value for chunk in chunks for value in buf.feed(chunk)]
    assert values + buf.close() == ["12345678"]


@pytest.mark.parametrize(
    "chunks",
    [
        [b'"123456789"'],
        [b'"1234', b'56789"'],
        [b'"123', b"456", b'789"'],
        [b'"123456789"\n'],
        [b'[1]\n"123456789"\n'],
    ],
)
def test_a_line_one_byte_over_the_limit_is_refused_as_soon_as_it_is_seen(chunks: list[bytes]) -> None:
    buf = JSONLineBuffer(max_line_bytes=10)
    with pytest.raises(EventTooLargeError) as info:
        for chunk in chunks:
            buf.feed(chunk)
    assert (info.value.size, info.value.limit) == (11, 10)
    assert str(info.value) == "A streamed line exceeded the limit of 10 bytes (at least 11 received)"


def test_a_body_cut_inside_its_bom_has_no_lines() -> None:
    assert decode(b"\xef\xbb") == []


def test_a_last_line_that_looks_like_the_start_of_a_bom_is_still_a_bad_line() -> None:
    with pytest.raises(JSONLDecodeError) as info:
        decode(b"[1]\n\xef")
    assert info.value.lineno == 2


def test_a_short_first_chunk_that_ends_a_line_is_decoded_at_once() -> None:
    """Only a first chunk that could still be the start of a BOM is held back."""
    buf = JSONLineBuffer()
    assert buf.feed(b"1\n") == [1]


def test_a_bom_alone_is_not_a_pending_line() -> None:
    buf = JSONLineBuffer()
    assert buf.feed(b"\xef\xbb\xbf") == []
    assert not buf.has_pending
    assert buf.feed(b"[1]\n") == [[1]]


def test_only_json_whitespace_makes_a_line_blank() -> None:
    """A form feed or a vertical tab is whitespace to Python but not to JSON: such a line is a bad line."""
    for line in (b"\x0c\n", b"[1]\x0b\n"):
        with pytest.raises(JSONLDecodeError):
            decode(line)


def test_a_bad_line_is_reported_as_received_without_its_line_ending() -> None:
    with pytest.raises(JSONLDecodeError) as info:
        decode(b"[1]\n{oops XX\r\n")
    assert (info.value.lineno, info.value.line) == (2, "{oops XX")
