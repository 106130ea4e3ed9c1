"""The ``unbroken`` command line, against the emulator."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from unbroken import __version__
from unbroken._cli import build_parser, main
from unbroken.testing import Emulator, Fault


@pytest.fixture
def env(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    monkeypatch.setenv("ANTHROPIC_BASE_URL", emulator.base_url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
    return emulator


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"unbroken {__version__}"


def _parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_every_command_has_help_with_examples() -> None:
    parsers = _parsers(build_parser())
    names = {prog for prog, _ in parsers}
    assert {"unbroken messages create", "unbroken models list", "unbroken batch run"} <= names
    assert {"unbroken batch status", "unbroken batch cancel", "unbroken batch results"} <= names
    assert {"unbroken emulator", "unbroken demo"} <= names
    for prog, parser in parsers:
        assert "examples:" in parser.format_help(), prog


def test_messages_create_prints_the_text_as_it_streams(
    env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["messages", "create", "-m", "claude-sonnet-4-5", "a small test"]) == 0
    assert capsys.readouterr().out == "Echo: a small test\n"
    sent = env.requests[-1].json
    assert sent["stream"] is True and sent["max_tokens"] == 1024


def test_messages_create_json_system_and_max_tokens(
    env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["messages", "create", "-m", "claude-sonnet-4-5", "--json", "--system", "be brief"]
    assert main([*argv, "--max-tokens", "2", "one two three"]) == 0
    message = json.loads(capsys.readouterr().out)
    assert message["content"][0]["text"] == "Echo: one" and message["stop_reason"] == "max_tokens"
    assert env.requests[-1].json["system"] == "be brief"


def test_messages_create_reads_the_prompt_from_stdin(
    env: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("from stdin"))
    assert main(["messages", "create", "-m", "claude-sonnet-4-5"]) == 0
    assert capsys.readouterr().out == "Echo: from stdin\n"


def test_an_api_error_is_one_line_with_class_status_and_request_id(
    env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["messages", "create", "-m", "gpt-4", "hi"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: NotFoundError (status 404, request id req_emu_")
    assert "Traceback" not in err


def test_a_connection_error_is_one_line(env: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    env.faults.push(Fault.close_before_response(times=3))
    assert main(["models", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: APIConnectionError: ") and err.count("\n") == 1


def test_a_stream_cut_short_keeps_what_arrived_on_its_own_line(
    env: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    env.faults.push(Fault.drop_after(6))  # message_start, block start, ping, "Echo:", "one", "two"
    assert main(["messages", "create", "-m", "claude-sonnet-4-5", "one two three four"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "Echo: one two\n"
    assert captured.err.startswith("error: APIConnectionError: ") and captured.err.count("\n") == 1


def test_a_missing_key_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "list"]) == 1
    assert capsys.readouterr().err == "error: no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN)\n"


def test_a_missing_extra_is_one_line_with_the_pip_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "uvicorn" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert main(["emulator"]) == 1
    assert capsys.readouterr().err == "error: the emulator needs uvicorn: pip install 'unbroken[emulator]'\n"


def test_models_list(env: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "claude-haiku-4-5-20251001\tClaude Haiku 4.5\t2025-10-15"
    assert main(["models", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["id"] == "claude-haiku-4-5-20251001"


def test_a_closed_pipe_ends_quietly(emulator: Emulator) -> None:
    """``unbroken models list | head -0``: the reader is gone before the first line is written."""
    env = {**os.environ, "ANTHROPIC_BASE_URL": emulator.base_url, "ANTHROPIC_API_KEY": "test"}
    read, write = os.pipe()
    os.close(read)
    child = subprocess.run(
        [sys.executable, "-m", "unbroken", "models", "list"],
        stdout=write,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    os.close(write)
    assert child.returncode == 141
    assert child.stderr == b""


def test_batch_run_status_and_results(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    params = {"model": "claude-sonnet-4-5", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}]}
    source.write_text("".join(json.dumps({"custom_id": f"c{i}", "params": params}) + "\n" for i in range(3)))
    out = tmp_path / "out.jsonl"
    env.app.store.message_batches.configure(polls=1)
    assert main(["batch", "run", str(source), "--out", str(out), "--poll-interval", "0", "--no-wait"]) == 4
    assert "1/3 written" not in capsys.readouterr().err
    assert main(["batch", "status", str(out)]) == 4  # not complete yet
    captured = capsys.readouterr()
    assert captured.out == "msgbatch_emu_1\n" and "in progress 3, not sent 0" in captured.err
    assert main(["batch", "results", str(out)]) == 0
    assert "complete" in capsys.readouterr().err
    assert [json.loads(line)["custom_id"] for line in out.read_text().splitlines()] == ["c0", "c1", "c2"]


def test_batch_cancel(env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    params = {"model": "claude-sonnet-4-5", "max_tokens": 8, "messages": [{"role": "user", "content": "x"}]}
    source.write_text(json.dumps({"custom_id": "only", "params": params}) + "\n")
    out = tmp_path / "out.jsonl"
    env.app.store.message_batches.configure(polls=5)
    assert main(["batch", "run", str(source), "-o", str(out), "--poll-interval", "0", "--no-wait", "-q"]) == 4
    assert main(["batch", "cancel", str(out)]) == 0
    assert "(job cancelled)" in capsys.readouterr().err
    assert main(["batch", "run", str(source), "-o", str(out), "--poll-interval", "0"]) == 3  # one canceled
    assert json.loads(out.read_text())["result"] == {"type": "canceled"}


def test_a_bad_input_lists_its_lines_and_exits_non_zero(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"custom_id": "a"}\n[]\n')
    assert main(["batch", "run", str(source), "--out", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "2 problems, nothing was sent" in err and "line 1: params is required" in err
    assert env.requests == []


def test_the_state_file_of_a_missing_job_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["batch", "status", str(tmp_path / "nothing.jsonl")]) == 1
    assert "no such state file" in capsys.readouterr().err
