"""The state file and the input, without a server: how result lines are kept, how a chunk is opened, how a
create body is produced from the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import write_input

from unbroken._jsonl import RawLine
from unbroken._request import StreamedBody
from unbroken.batch import InputError, StateError
from unbroken.batch._input import body_length, create_body, fingerprint, scan
from unbroken.batch._state import BatchRow, Chunk, NotOurs, State


def new_state(tmp_path: Path, source: Path) -> State:
    state = State(tmp_path / "state.sqlite")
    size, digest = fingerprint(source)
    state.create_job(
        mode="batch",
        input_path=source,
        input_size=size,
        input_sha256=digest,
        output_path=tmp_path / "out.jsonl",
        entries=scan(source),
    )
    return state


def submitted(state: State, role: str = "ours") -> BatchRow:
    chunk = state.open_chunk(100, 10**9)
    assert chunk is not None
    state.record_batch("msgbatch_1", chunk.id, role, "ended")
    return state.batches()[0]


def line(custom_id: object, text: str | None = None, **result: object) -> RawLine:
    value = {"custom_id": custom_id, "result": result or {"type": "succeeded"}}
    return RawLine(text if text is not None else json.dumps(value), value)


def stored_lines(state: State) -> list[str]:
    return [text for _, text in state.done_after(0, 100)]


def test_a_result_line_is_kept_as_the_text_received(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 2)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    with state.receiving(submitted(state), 0) as sink:
        sink.add(line("req-0", '{"custom_id" :  "req-0", "result": {"type": "succeeded"}}'))
        sink.add(line("req-1"))
    assert stored_lines(state) == [
        '{"custom_id" :  "req-0", "result": {"type": "succeeded"}}',
        '{"custom_id": "req-1", "result": {"type": "succeeded"}}',
    ]


def test_a_line_holding_a_carriage_return_is_encoded_again(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 1)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    with state.receiving(submitted(state), 0) as sink:
        sink.add(line("req-0", '{"custom_id": "req-0",\r"result": {"type": "succeeded"}}'))
    assert stored_lines(state) == ['{"custom_id":"req-0","result":{"type":"succeeded"}}']


STRAYS = pytest.mark.parametrize(
    "stray",
    [line(5), line("req-0", type=3), RawLine("[1]", [1]), line("req-9")],
    ids=["custom_id-not-a-string", "type-not-a-string", "not-an-object", "unknown-custom-id"],
)


@STRAYS
def test_a_stray_line_in_our_batch_is_ignored(tmp_path: Path, stray: RawLine) -> None:
    write_input(tmp_path / "in.jsonl", 1)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    with state.receiving(submitted(state), 0) as sink:
        sink.add(stray)
    (only,) = [json.loads(text) for text in stored_lines(state)]
    assert only["result"]["error"]["error"]["message"].endswith("did not include this request")


@STRAYS
def test_a_stray_line_disproves_a_candidate_and_nothing_is_stored(tmp_path: Path, stray: RawLine) -> None:
    write_input(tmp_path / "in.jsonl", 2)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    with pytest.raises(NotOurs), state.receiving(submitted(state, "candidate"), 0) as sink:
        sink.add(line("req-0"))
        sink.add(stray)
    assert state.counts()["inflight"] == 2


def test_a_chunk_holds_as_many_pending_requests_as_fit_the_byte_limit(tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 10)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    length = len((tmp_path / "in.jsonl").read_bytes().splitlines()[0])
    limit = body_length(3 * length, 3)

    first = state.open_chunk(100, limit)
    assert first is not None and (first.size, first.bytes) == (3, limit)
    sizes = [first.size]
    while chunk := state.open_chunk(100, limit):
        sizes.append(chunk.size)
    assert sizes == [3, 3, 3, 1]
    assert state.open_chunk(100, limit) is None


def first_body(tmp_path: Path, source: Path, max_requests: int = 100) -> tuple[Chunk, StreamedBody]:
    """The first chunk of a new job on ``source``, and its create body."""
    state = new_state(tmp_path, source)
    chunk = state.open_chunk(max_requests, 10**9)
    assert chunk is not None
    return chunk, create_body(source, *state.chunk_lines(chunk.id))


def test_the_create_body_is_the_input_lines_joined_produced_in_pieces_each_time(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_input(source, 2000)
    chunk, body = first_body(tmp_path, source, 1500)

    pieces = list(body)
    lines = source.read_bytes().splitlines()[:1500]
    assert b"".join(pieces) == b'{"requests":[' + b",".join(lines) + b"]}"
    assert body.length == chunk.bytes == len(b"".join(pieces))
    assert len(pieces) > 1 and max(len(p) for p in pieces) < (1 << 16) + max(len(x) for x in lines) + 1
    assert b"".join(body) == b"".join(pieces)  # produced anew on every iteration


def test_an_input_cut_short_under_a_running_job_stops_the_body(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_input(source, 5)
    _, body = first_body(tmp_path, source)
    source.write_bytes(source.read_bytes()[:300])
    with pytest.raises(StateError, match="changed while the job was running"):
        b"".join(body)


def test_a_byte_order_mark_before_the_first_line_is_not_sent(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_input(tmp_path / "plain.jsonl", 2)
    source.write_bytes(b"\xef\xbb\xbf" + (tmp_path / "plain.jsonl").read_bytes())
    _, body = first_body(tmp_path, source)
    assert [r["custom_id"] for r in json.loads(b"".join(body))["requests"]] == ["req-0", "req-1"]


def test_a_repeated_custom_id_is_found_across_blocks_of_rows(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    write_input(source, 1500)
    lines = source.read_bytes().splitlines()
    lines[1200] = lines[3]
    source.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(InputError, match="line 1201: custom_id 'req-3' repeats line 4"):
        new_state(tmp_path, source)


def test_a_batch_listed_before_the_create_is_ours_when_the_create_answers_with_it(tmp_path: Path) -> None:
    # A resend with the same idempotency key is answered with the batch its first send made, which a late
    # listing had recorded as another's: the create's answer wins, or the chunk's results were never fetched.
    write_input(tmp_path / "in.jsonl", 2)
    state = new_state(tmp_path, tmp_path / "in.jsonl")
    chunk = state.open_chunk(100, 10**9)
    assert chunk is not None
    state.record_existing(chunk.id, ["msgbatch_late", "msgbatch_other"])
    state.record_batch("msgbatch_late", chunk.id, "ours", "in_progress")
    active = state.batches(active_only=True)
    assert [(b.id, b.role, b.status) for b in active] == [("msgbatch_late", "ours", "in_progress")]
    state.record_batch("msgbatch_other", chunk.id, "candidate", "ended")  # a recovery's guess does not win
    assert [b.role for b in state.batches() if b.id == "msgbatch_other"] == ["foreign"]
