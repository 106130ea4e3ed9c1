"""Property tests: chunk boundaries and line-ending choices never change what the decoders produce."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from unbroken._jsonl import JSONLineBuffer
from unbroken._sse import ServerSentEvent, SSEDecoder

# Any text that fits on one line (the decoders must not care about the rest of Unicode).
LINE_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=20)
EOLS = st.sampled_from(["\n", "\r", "\r\n"])


@dataclass
class Spec:
    event: str | None
    data_lines: list[str]
    id: str | None
    comments: list[str]


SPECS = st.builds(
    Spec,
    event=st.none() | LINE_TEXT,
    data_lines=st.lists(LINE_TEXT, min_size=1, max_size=4),
    id=st.none() | LINE_TEXT.filter(lambda s: "\0" not in s),
    comments=st.lists(LINE_TEXT, max_size=2),
)


def model(specs: list[Spec]) -> list[ServerSentEvent]:
    """What the WHATWG rules say the stream must decode to."""
    out: list[ServerSentEvent] = []
    last_id: str | None = None
    for spec in specs:
        if spec.id is not None:
            last_id = spec.id
        out.append(ServerSentEvent(spec.event or None, "\n".join(spec.data_lines), last_id, None))
    return out


def field(draw: st.DrawFn, name: str, value: str) -> str:
    """`name: value`, or `name:value` when that means the same (no leading space to lose)."""
    if value[:1] != " " and draw(st.booleans()):
        return f"{name}:{value}"
    return f"{name}: {value}"


@st.composite
def encoded_streams(draw: st.DrawFn) -> tuple[list[ServerSentEvent], bytes]:
    specs = draw(st.lists(SPECS, max_size=6))
    lines: list[str] = []
    for spec in specs:
        block = [("data: " + d) if d or draw(st.booleans()) else "data" for d in spec.data_lines]
        others = [":" + c for c in spec.comments]
        if spec.event is not None:
            others.append(field(draw, "event", spec.event))
        if spec.id is not None:
            others.append(field(draw, "id", spec.id))
        for line in others:  # other lines may sit anywhere among the data lines
            block.insert(draw(st.integers(0, len(block))), line)
        lines.extend([*block, ""])
    text = ""
    previous = ""
    for line in lines:
        eol = draw(EOLS)
        if previous == "\r" and not line and eol != "\r":
            eol = "\r"  # "\r" then "\n" would read as one CRLF, merging the blank line away
        text += line + eol
        previous = eol
    bom = "\ufeff" if draw(st.booleans()) else ""
    return model(specs), (bom + text).encode("utf-8")


@st.composite
def chunkings(draw: st.DrawFn, body: bytes) -> list[bytes]:
    cuts = sorted(draw(st.sets(st.integers(0, len(body)), max_size=12)))
    edges = [0, *cuts, len(body)]
    return [body[a:b] for a, b in itertools.pairwise(edges)]


def sse_decode(chunks: list[bytes]) -> list[ServerSentEvent]:
    dec = SSEDecoder()
    out = [e for c in chunks for e in dec.feed(c)]
    out.extend(dec.close())
    assert not dec.has_pending
    return out


@settings(max_examples=300)
@given(st.data())
def test_sse_any_chunking_decodes_like_one_chunk(data: st.DataObject) -> None:
    expected, body = data.draw(encoded_streams())
    chunks = data.draw(chunkings(body))
    assert sse_decode([body]) == expected
    assert sse_decode(chunks) == expected


@given(encoded_streams())
def test_sse_one_byte_chunks_decode_like_one_chunk(stream: tuple[list[ServerSentEvent], bytes]) -> None:
    expected, body = stream
    assert sse_decode([body[i : i + 1] for i in range(len(body))]) == expected


@given(encoded_streams(), st.integers(1, 40))
def test_sse_truncated_stream_dispatches_at_most_the_whole_lines_of_the_cut_event(
    stream: tuple[list[ServerSentEvent], bytes], keep: int
) -> None:
    expected, body = stream
    cut = body[: max(0, len(body) - keep)]
    dec = SSEDecoder()
    got = dec.feed(cut)
    assert got == expected[: len(got)]
    last = dec.close()  # the cut event, if every line it had so far ended: only whole data lines of it
    assert len(last) <= 1
    if last:
        whole = expected[len(got)].data
        assert whole == last[0].data or whole.startswith(last[0].data + "\n")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8")),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def jsonl_streams(draw: st.DrawFn) -> tuple[list[object], bytes]:
    values: list[object] = draw(st.lists(JSON_VALUES, max_size=6))
    parts: list[str] = []
    for value in values:
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["", "  ", "\t"])) + draw(st.sampled_from(["\n", "\r\n"])))
        parts.append(json.dumps(value, ensure_ascii=draw(st.booleans())))
        parts.append(draw(st.sampled_from(["\n", "\r\n"])))
    if draw(st.booleans()) and parts:
        parts.pop()  # no newline after the last line
    return values, "".join(parts).encode("utf-8")


def jsonl_decode(chunks: list[bytes]) -> list[object]:
    buf = JSONLineBuffer()
    out = [v for c in chunks for v in buf.feed(c)]
    return out + buf.close()


@settings(max_examples=300)
@given(st.data())
def test_jsonl_any_chunking_decodes_like_one_chunk(data: st.DataObject) -> None:
    expected, body = data.draw(jsonl_streams())
    chunks = data.draw(chunkings(body))
    assert jsonl_decode([body]) == expected
    assert jsonl_decode(chunks) == expected


@given(jsonl_streams())
def test_jsonl_one_byte_chunks_decode_like_one_chunk(stream: tuple[list[object], bytes]) -> None:
    expected, body = stream
    assert jsonl_decode([body[i : i + 1] for i in range(len(body))]) == expected
