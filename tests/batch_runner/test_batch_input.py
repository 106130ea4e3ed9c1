"""The input is checked whole before anything is sent; problems name their lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import params

import unbroken
from unbroken import batch
from unbroken.testing import Emulator


def write_lines(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


def run_bad(tmp_path: Path, emulator: Emulator, lines: list[object]) -> batch.InputError:
    source = write_lines(tmp_path / "in.jsonl", lines)
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    with pytest.raises(batch.InputError) as info:
        batch.run(source, tmp_path / "out.jsonl", client=client, poll_interval=0)
    assert emulator.requests == []
    assert not (tmp_path / "out.jsonl.state.sqlite").exists()
    return info.value


def test_bad_lines_are_all_reported_with_their_line_numbers_and_nothing_is_sent(
    tmp_path: Path, emulator: Emulator
) -> None:
    error = run_bad(
        tmp_path,
        emulator,
        [
            {"custom_id": "a", "params": params("one")},
            "{not json",
            {"custom_id": "a", "params": params("two")},
            {"custom_id": "has space", "params": params("three")},
            {"custom_id": "b", "params": {"model": "m", "messages": [{"role": "user", "content": "x"}]}},
            {"custom_id": "c", "params": params("x", max_token=5)},
            {"custom_id": "d", "params": params("x"), "extra": 1},
            {"custom_id": "e", "params": params("x", stream=True)},
        ],
    )
    lines = {p.line: p.message for p in error.problems}
    assert sorted(lines) == [2, 3, 4, 5, 6, 7, 8]
    assert "not valid JSON" in lines[2]
    assert lines[3] == "custom_id 'a' repeats line 1"
    assert "custom_id must be" in lines[4]
    assert lines[5] == "params.max_tokens is required"
    assert lines[6] == "params has unknown field 'max_token'"
    assert "unexpected field 'extra'" in lines[7]
    assert "stream" in lines[8]
    assert error.total == 7
    assert "line 3: custom_id 'a' repeats line 1" in str(error)


def test_an_oversized_request_is_refused_before_sending(tmp_path: Path, emulator: Emulator) -> None:
    source = write_lines(tmp_path / "in.jsonl", [{"custom_id": "big", "params": params("x" * 500)}])
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    with pytest.raises(batch.InputError, match=r"line 1: the request is .* bytes, more than the limit of 10"):
        batch.run(source, tmp_path / "out.jsonl", client=client, max_request_bytes=100)
    assert emulator.requests == []


def test_an_empty_input_is_an_error(tmp_path: Path, emulator: Emulator) -> None:
    error = run_bad(tmp_path, emulator, ["", "   "])
    assert str(error).endswith("nothing was sent:\n  the file has no requests")  # not "line 0: ..."


def test_only_the_first_twenty_problems_are_listed_but_all_are_counted(
    tmp_path: Path, emulator: Emulator
) -> None:
    error = run_bad(tmp_path, emulator, ["[]"] * 25)
    assert len(error.problems) == 20
    assert error.total == 25
    assert "... and 5 more" in str(error)


def test_blank_lines_are_skipped_and_line_numbers_count_them(tmp_path: Path, emulator: Emulator) -> None:
    error = run_bad(tmp_path, emulator, [{"custom_id": "a", "params": params("x")}, "", "[]"])
    assert [p.line for p in error.problems] == [3]
