"""kill -9 at every durable step, then run again: every custom id gets exactly one output line, and no
request is ever in two batches.

The runner runs in a subprocess that SIGKILLs itself at a named crash point (``UNBROKEN_BATCH_CRASH_AT``),
so each kill lands exactly between two steps, never by timing. The emulator (in this process) keeps the
server-side truth across the kill: which batches exist and what each create carried.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import creates, read_output, submitted_ids, write_input

from unbroken.testing import Emulator

CHILD = """
import json, sys
import unbroken
from unbroken import batch
source, output, base_url, options = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
client = unbroken.Anthropic(api_key="test", base_url=base_url)
batch.run(source, output, client=client, poll_interval=0, orphan_grace=0, **options)
"""


def run_child(emulator: Emulator, source: Path, output: Path, crash_at: str | None, **options: Any) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "UNBROKEN_"))}
    if crash_at is not None:
        env["UNBROKEN_BATCH_CRASH_AT"] = crash_at
    argv = [sys.executable, "-c", CHILD, str(source), str(output), emulator.base_url, json.dumps(options)]
    completed = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
    if crash_at is None:
        assert completed.returncode == 0, completed.stderr.decode()
    return completed.returncode


def assert_exactly_once(output: Path, ids: list[str]) -> list[dict[str, Any]]:
    lines = read_output(output)
    assert [line["custom_id"] for line in lines] == ids  # one line per id, input order, no duplicates
    for i, line in enumerate(lines):
        assert line["result"]["message"]["content"][0]["text"] == f"Echo: hello {i}"
    return lines


BATCH_POINTS = [
    "submit:before-create",
    "submit:after-create",  # the batch exists on the server; its id was never recorded
    "submit:after-create@2",
    "submit:after-record",
    "poll:after-retrieve@2",
    "download:line@3",  # in the middle of storing a batch's results
    "download:after-commit",
    "output:after-write",  # lines appended, watermark not recorded
]


@pytest.mark.parametrize("point", BATCH_POINTS)
def test_batch_mode_killed_at_any_point_resumes_exactly_once(
    tmp_path: Path, emulator: Emulator, point: str
) -> None:
    ids = write_input(tmp_path / "in.jsonl", 7)
    emulator.app.store.message_batches.configure(polls=2, results_order="reversed")
    output = tmp_path / "out.jsonl"

    assert (
        run_child(emulator, tmp_path / "in.jsonl", output, point, max_requests_per_batch=3) == -signal.SIGKILL
    )
    run_child(emulator, tmp_path / "in.jsonl", output, None, max_requests_per_batch=3)

    assert_exactly_once(output, ids)
    assert submitted_ids(emulator) == dict.fromkeys(ids, 1)  # no request submitted twice
    assert len(creates(emulator)) == 3


def test_killed_twice_in_a_row_still_exactly_once(tmp_path: Path, emulator: Emulator) -> None:
    ids = write_input(tmp_path / "in.jsonl", 5)
    emulator.app.store.message_batches.configure(polls=1)
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    assert (
        run_child(emulator, source, output, "submit:after-create", max_requests_per_batch=2)
        == -signal.SIGKILL
    )
    assert (
        run_child(emulator, source, output, "output:after-write", max_requests_per_batch=2) == -signal.SIGKILL
    )
    run_child(emulator, source, output, None, max_requests_per_batch=2)
    assert_exactly_once(output, ids)
    assert submitted_ids(emulator) == dict.fromkeys(ids, 1)


@pytest.mark.parametrize("point", ["direct:after-response@3", "output:after-write"])
def test_direct_mode_killed_resumes_with_one_line_per_request(
    tmp_path: Path, emulator: Emulator, point: str
) -> None:
    ids = write_input(tmp_path / "in.jsonl", 6)
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    options = {"mode": "direct", "concurrency": 1}
    assert run_child(emulator, source, output, point, **options) == -signal.SIGKILL
    run_child(emulator, source, output, None, **options)
    assert_exactly_once(output, ids)
    sent = [
        json.loads(r.body)["messages"][0]["content"] for r in emulator.requests if r.path == "/v1/messages"
    ]
    # Only the request in flight at the kill is sent again (Messages keeps no server-side record of it):
    # exactly one when the kill follows a response; at an output write, one may or may not be in flight
    # (the writes run on a timer beside the requests), never more than the concurrency.
    assert sorted(set(sent)) == sorted(f"hello {i}" for i in range(6))
    resent = len(sent) - len(set(sent))
    assert resent == 1 if point.startswith("direct:") else resent <= 1


def test_the_cli_resumes_after_a_kill(tmp_path: Path, emulator: Emulator) -> None:
    ids = write_input(tmp_path / "in.jsonl", 4)
    emulator.app.store.message_batches.configure(polls=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "UNBROKEN_"))}
    env |= {"ANTHROPIC_BASE_URL": emulator.base_url, "ANTHROPIC_API_KEY": "test"}
    argv = [sys.executable, "-m", "unbroken", "batch", "run", str(tmp_path / "in.jsonl")]
    argv += ["--out", str(tmp_path / "out.jsonl"), "--poll-interval", "0", "--orphan-grace", "0"]
    killed = subprocess.run(argv, env={**env, "UNBROKEN_BATCH_CRASH_AT": "submit:after-create"}, check=False)
    assert killed.returncode == -signal.SIGKILL
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "complete" in done.stderr
    assert_exactly_once(tmp_path / "out.jsonl", ids)
    assert submitted_ids(emulator) == dict.fromkeys(ids, 1)
