"""``unbroken batch run|status|cancel|results``: exit statuses a script can act on, and a summary line that
tells requests in progress from requests never sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import write_input

from unbroken import batch
from unbroken._cli import main
from unbroken.testing import Emulator

FAST = ["--poll-interval", "0", "--quiet"]


def run(source: Path, out: Path, *flags: str) -> int:
    return main(["batch", "run", str(source), "--out", str(out), *FAST, *flags])


def test_a_job_whose_requests_all_succeeded_exits_0(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    out = tmp_path / "out.jsonl"
    assert run(tmp_path / "in.jsonl", out) == 0
    assert main(["batch", "status", str(out)]) == 0
    assert main(["batch", "results", str(out)]) == 0
    assert "complete — succeeded 3, errored 0, expired 0, canceled 0; in progress 0, not sent 0" in (
        capsys.readouterr().err
    )


def test_a_complete_job_with_failed_requests_exits_3(env: Emulator, tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    env.app.store.message_batches.configure(outcomes={"req-1": ["invalid_request_error"]})
    out = tmp_path / "out.jsonl"
    assert run(tmp_path / "in.jsonl", out) == 3
    assert main(["batch", "status", str(out)]) == 3
    assert main(["batch", "results", str(out)]) == 3
    assert len(out.read_text().splitlines()) == 3  # complete: every line is there


def test_a_job_left_incomplete_by_no_wait_exits_4_and_says_its_requests_are_in_progress(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    env.app.store.message_batches.configure(polls=3)
    out = tmp_path / "out.jsonl"
    assert run(tmp_path / "in.jsonl", out, "--no-wait") == 4
    assert capsys.readouterr().err.endswith(
        "0/3 written — succeeded 0, errored 0, expired 0, canceled 0; in progress 3, not sent 0\n"
    )
    assert main(["batch", "status", str(out)]) == 4
    assert main(["batch", "results", str(out)]) == 4  # the batch has not ended yet
    assert run(tmp_path / "in.jsonl", out) == 0


def test_requests_never_sent_are_told_apart_from_those_in_progress(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    env.api_key = "right"  # the environment's key is refused: the direct run stops before sending any
    out = tmp_path / "out.jsonl"
    assert run(tmp_path / "in.jsonl", out, "--direct", "--concurrency", "1") == 1
    capsys.readouterr()
    assert main(["batch", "status", str(out)]) == 4
    assert "in progress 0, not sent 3" in capsys.readouterr().err


def test_cancel_exits_0_and_the_completed_job_then_exits_3(env: Emulator, tmp_path: Path) -> None:
    write_input(tmp_path / "in.jsonl", 2)
    env.app.store.message_batches.configure(polls=5)
    out = tmp_path / "out.jsonl"
    assert run(tmp_path / "in.jsonl", out, "--no-wait") == 4
    assert main(["batch", "cancel", str(out)]) == 0
    assert run(tmp_path / "in.jsonl", out) == 3
    assert {json.loads(line)["result"]["type"] for line in out.read_text().splitlines()} == {"canceled"}


@pytest.mark.parametrize("action", ["run", "status", "results", "cancel"])
def test_each_command_documents_its_exit_status(action: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["batch", action, "--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    assert "exit status:\n  0    " in text and "  1    a failure" in text
    if action != "cancel":
        assert "  3    complete, but some requests errored, expired or were canceled" in text
        assert "  4    not complete yet: requests in progress or not sent" in text


def test_each_tuning_flag_is_an_options_field_with_the_default_its_help_shows() -> None:
    from unbroken._cli._batch import _TUNING

    defaults = batch.Options()
    assert [(name, default) for _, name, _, default, _ in _TUNING] == [
        (name, getattr(defaults, name)) for _, name, _, _, _ in _TUNING
    ]
