"""Bad options are refused before anything is sent or any file is written, from Python and from the CLI.

Some of them used to hang the runner for ever (no request per batch, no worker in direct mode); the
emulator is running in each test, so a value that slipped through would be seen sending.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import write_input

import unbroken
from unbroken import batch
from unbroken._cli import main
from unbroken.batch import StateError
from unbroken.testing import Emulator

BAD_VALUES = [
    ({"max_requests_per_batch": 0}, "max_requests_per_batch must be an integer from 1 to 100,000, got 0"),
    ({"max_requests_per_batch": -3}, "max_requests_per_batch must be an integer from 1 to 100,000"),
    ({"max_requests_per_batch": 200_000}, "max_requests_per_batch must be an integer from 1 to 100,000"),
    ({"mode": "direct", "concurrency": 0}, "concurrency must be an integer >= 1, got 0"),
    ({"mode": "direct", "concurrency": -2}, "concurrency must be an integer >= 1, got -2"),
    ({"mode": "bogus"}, "mode must be 'batch' or 'direct', got 'bogus'"),
    ({"resubmit": -1}, "resubmit must be an integer >= 0, got -1"),
    ({"poll_interval": -1}, "poll_interval must be a number of seconds >= 0, got -1"),
    ({"max_poll_interval": float("inf")}, "max_poll_interval must be a number of seconds >= 0"),
    ({"orphan_grace": -5.0}, "orphan_grace must be a number of seconds >= 0, got -5.0"),
    ({"poll_interval": float("nan")}, "poll_interval must be a number of seconds >= 0"),
    ({"max_bytes_per_batch": 0}, "max_bytes_per_batch must be an integer from 1 to 256,000,000"),
    ({"max_request_bytes": 32_000_001}, "max_request_bytes must be an integer from 1 to 32,000,000"),
]
BAD_TYPES = [
    ({"concurrency": "8"}, "concurrency must be an integer >= 1, got str '8'"),
    ({"max_requests_per_batch": 2.5}, "max_requests_per_batch must be an integer"),
    ({"resubmit": True}, "resubmit must be an integer >= 0, got bool True"),
    ({"mode": 3}, "mode must be 'batch' or 'direct', got int 3"),
    ({"poll_interval": "1"}, "poll_interval must be a number of seconds >= 0, got str '1'"),
    ({"wait": 1}, "wait must be True or False, got int 1"),
    ({"submit": None}, "submit must be True or False"),
]


def check_nothing_happened(emulator: Emulator, tmp_path: Path) -> None:
    assert emulator.requests == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no state file, no output


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [(o, ValueError, m) for o, m in BAD_VALUES] + [(o, TypeError, m) for o, m in BAD_TYPES],
)
def test_a_bad_option_is_refused_naming_it_and_what_it_allows(
    tmp_path: Path, emulator: Emulator, options: dict[str, Any], error: type[Exception], message: str
) -> None:
    """A wrong type is a TypeError, a value out of range a ValueError."""
    write_input(tmp_path / "in.jsonl", 3)
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    with pytest.raises(error) as caught:
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **options)
    assert type(caught.value) is error and str(caught.value).startswith(message)
    check_nothing_happened(emulator, tmp_path)


@pytest.mark.parametrize("client", ["sk-ant-key", object()])
def test_a_client_that_is_not_an_unbroken_client_is_refused_before_anything_happens(
    tmp_path: Path, emulator: Emulator, client: object
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    with pytest.raises(TypeError, match=r"client must be an unbroken client .*, got builtins\.(str|object)$"):
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client)
    check_nothing_happened(emulator, tmp_path)


@pytest.mark.parametrize(("where", "what"), [("output", "output"), ("state", "state file")])
def test_a_missing_directory_is_named_before_anything_happens(
    tmp_path: Path, emulator: Emulator, where: str, what: str
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    missing = tmp_path / "results"
    paths = {"output": tmp_path / "out.jsonl", "state": tmp_path / "state.sqlite", where: missing / where}
    named = f"the directory of the {what}, {re.escape(str(missing))}, does not exist"
    with pytest.raises(StateError, match=named):
        batch.run(tmp_path / "in.jsonl", paths["output"], state=paths["state"], client=client)
    check_nothing_happened(emulator, tmp_path)


def test_a_missing_input_leaves_no_state_file(tmp_path: Path, emulator: Emulator) -> None:
    (tmp_path / "in.jsonl").write_text("")  # check_nothing_happened expects it; the job reads another
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    with pytest.raises(FileNotFoundError):
        batch.run(tmp_path / "missing.jsonl", tmp_path / "out.jsonl", client=client)
    check_nothing_happened(emulator, tmp_path)


@pytest.mark.anyio
async def test_cancel_refuses_such_a_client_too(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url) as client:
        await batch.arun(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, wait=False)
    with pytest.raises(TypeError, match="client must be an unbroken client"):
        await batch.acancel(tmp_path / "out.jsonl", client="not a client")
    assert not batch.status(tmp_path / "out.jsonl").canceled_job


@pytest.mark.anyio
async def test_async_run_refuses_them_too(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url) as client:
        with pytest.raises(ValueError, match="concurrency must be an integer >= 1"):
            await batch.arun(
                tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, mode="direct", concurrency=0
            )
    check_nothing_happened(emulator, tmp_path)


def test_options_objects_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="max_requests_per_batch"):
        batch.Options(max_requests_per_batch=0)
    with pytest.raises(TypeError, match=r"options must be an unbroken\.batch\.Options, got dict"):
        batch.run("in.jsonl", "out.jsonl", client=object(), options={"mode": "direct"})
    assert batch.Options(poll_interval=0, orphan_grace=0, max_requests_per_batch=100_000).poll_interval == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--batch-size", "0"], "--batch-size must be an integer from 1 to 100,000, got 0"),
        (["--batch-size", "-3"], "--batch-size must be an integer from 1 to 100,000, got -3"),
        (["--batch-size", "200000"], "--batch-size must be an integer from 1 to 100,000, got 200000"),
        (["--direct", "--concurrency", "0"], "--concurrency must be an integer >= 1, got 0"),
        (["--direct", "--concurrency", "-2"], "--concurrency must be an integer >= 1, got -2"),
        (["--poll-interval", "-1"], "--poll-interval must be a number of seconds >= 0, got -1.0"),
        (["--max-poll-interval", "nan"], "--max-poll-interval must be a number of seconds >= 0, got nan"),
        (["--resubmit", "-1"], "--resubmit must be an integer >= 0, got -1"),
        (["--orphan-grace", "-5"], "--orphan-grace must be a number of seconds >= 0, got -5.0"),
    ],
)
def test_the_cli_refuses_a_bad_option_in_one_line_with_exit_2(
    env: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    code = main(["batch", "run", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out.jsonl"), *flags])
    assert code == 2
    assert capsys.readouterr().err == f"unbroken batch run: error: {message}\n"
    check_nothing_happened(env, tmp_path)
