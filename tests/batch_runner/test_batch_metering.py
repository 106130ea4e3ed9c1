"""The client's usage meter and the runner: each succeeded batch result is metered once, as batch usage.

A result is metered when the transaction storing it commits, in the process that stores it. So a download
that breaks and is read again is counted once, a candidate batch found not to be ours is not counted, and a
run resumed after a kill -9 meters exactly the results it stores itself: those stored before the kill are
not downloaded again, hence not counted again (the killed process's meter died with it).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import MODEL, another_batch_arrives, read_output, write_input

import unbroken
from unbroken import batch
from unbroken.testing import Emulator, Fault
from unbroken.usage import TokenUsage, UsageMeter, cost

FAST = {"poll_interval": 0.0, "orphan_grace": 0.0}


def billed(lines: list[dict[str, Any]]) -> tuple[TokenUsage, Any]:
    """The usage of the output's succeeded lines, and their price with the batch discount."""
    succeeded = [line for line in lines if line["result"]["type"] == "succeeded"]
    usage = sum((TokenUsage.of(line) for line in succeeded), TokenUsage())
    return usage, cost(usage, MODEL, batch=True)


def test_batch_results_are_metered_once_each_as_batch_usage(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 7)
    emulator.app.store.message_batches.configure(
        outcomes={"req-2": ["overloaded_error"], "req-5": ["expired"]}
    )
    meter = UsageMeter()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, usage_meter=meter)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert summary.succeeded == 5
    usage, price = billed(read_output(tmp_path / "out.jsonl"))
    assert meter.calls == 5  # the errored and the expired request carry no usage
    assert meter.usage == usage and usage.output_tokens > 0
    assert meter.cost() == price  # discounted: recorded as batch usage


@pytest.mark.anyio
async def test_the_async_client_meters_its_batch_results(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 4)
    meter = UsageMeter()
    async with unbroken.AsyncAnthropic(
        api_key="test", base_url=emulator.base_url, usage_meter=meter
    ) as client:
        await batch.arun(
            tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, max_requests_per_batch=3, **FAST
        )
    usage, price = billed(read_output(tmp_path / "out.jsonl"))
    assert (meter.calls, meter.usage, meter.cost()) == (4, usage, price)


def test_resubmitted_requests_are_metered_for_the_result_that_succeeded(
    tmp_path: Path, emulator: Emulator
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    emulator.app.store.message_batches.configure(outcomes={"req-1": ["overloaded_error", "succeeded"]})
    meter = UsageMeter()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, usage_meter=meter)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, resubmit=1, **FAST)
    assert meter.calls == 3 and meter.usage == billed(read_output(tmp_path / "out.jsonl"))[0]


def test_a_download_cut_mid_body_and_read_again_is_metered_once(tmp_path: Path, emulator: Emulator) -> None:
    """The emulator closes the socket after two result lines: nothing of that read is stored (nor
    metered); the next round reads the whole body again."""
    write_input(tmp_path / "in.jsonl", 5)
    emulator.faults.push(Fault.drop_after(2, path="/v1/messages/batches/*/results"))
    meter = UsageMeter()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, usage_meter=meter, max_retries=0)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    results_reads = [r for r in emulator.requests if r.path.endswith("/results")]
    assert len(results_reads) == 2  # the fault was met, and the body was read again
    assert meter.calls == 5 and meter.usage == billed(read_output(tmp_path / "out.jsonl"))[0]


def test_a_foreign_candidate_batch_is_not_metered(tmp_path: Path, emulator: Emulator) -> None:
    """Our create's response is lost and someone else's batch of the same size looks like ours: its
    results are read, found not ours, and not metered; only our own results are."""
    write_input(tmp_path / "in.jsonl", 2)
    meter = UsageMeter()
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, usage_meter=meter)
    other = another_batch_arrives(emulator, ["other-0", "other-1"], "not yours at all")
    emulator.faults.push(Fault.close_before_response(path="/v1/messages/batches", method="POST", when=other))
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert len([r for r in emulator.requests if r.path.endswith("/results")]) == 2  # the foreign one was read
    assert meter.calls == 2 and meter.usage == billed(read_output(tmp_path / "out.jsonl"))[0]


def test_without_a_meter_nothing_is_metered_and_the_job_runs(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 2)
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert summary.succeeded == 2


METERED_CHILD = """
import json, sys
import unbroken
from unbroken import batch
from unbroken.usage import UsageMeter
source, output, base_url = sys.argv[1], sys.argv[2], sys.argv[3]
meter = UsageMeter()
client = unbroken.Anthropic(api_key="test", base_url=base_url, usage_meter=meter)
batch.run(source, output, client=client, poll_interval=0, orphan_grace=0, max_requests_per_batch=3)
usage = {"calls": meter.calls, "output_tokens": meter.usage.output_tokens, "cost": str(meter.cost())}
print(json.dumps(usage))
"""


def run_metered(emulator: Emulator, source: Path, output: Path, crash_at: str | None) -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "UNBROKEN_"))}
    if crash_at is not None:
        env["UNBROKEN_BATCH_CRASH_AT"] = crash_at
    argv = [sys.executable, "-c", METERED_CHILD, str(source), str(output), emulator.base_url]
    completed = subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
    if crash_at is not None:
        assert completed.returncode < 0, completed.stderr.decode()  # killed by its own SIGKILL
        return None
    assert completed.returncode == 0, completed.stderr.decode()
    return json.loads(completed.stdout)


def stored_ids(output: Path) -> set[str]:
    """The custom ids whose succeeded result is stored in the job's state file."""
    with contextlib.closing(sqlite3.connect(batch.default_state_path(output))) as db:
        rows = db.execute("SELECT custom_id FROM requests WHERE state = 'done' AND result_type = 'succeeded'")
        return {custom_id for (custom_id,) in rows}


# Before any result is stored, in the middle of storing one batch's results, after storing them, and after
# writing their lines (watermark not recorded).
METER_POINTS = ["submit:after-create", "download:line@3", "download:after-commit", "output:after-write"]


@pytest.mark.parametrize("point", METER_POINTS)
def test_a_run_resumed_after_kill_9_meters_only_the_results_it_stores(
    tmp_path: Path, emulator: Emulator, point: str
) -> None:
    """Killed at each durable step, then run again: the resumed process's meter holds exactly the results
    not yet stored at the kill (those stored before it are neither downloaded nor metered again)."""
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(source, 7)
    emulator.app.store.message_batches.configure(polls=2, results_order="reversed")
    run_metered(emulator, source, output, point)
    before = stored_ids(output)
    resumed = run_metered(emulator, source, output, None)
    lines = read_output(output)
    assert len(lines) == 7 and all(line["result"]["type"] == "succeeded" for line in lines)
    usage, price = billed([line for line in lines if line["custom_id"] not in before])
    assert resumed["calls"] == 7 - len(before)
    assert resumed["output_tokens"] == usage.output_tokens and resumed["cost"] == str(price)


def test_the_kill_points_cover_results_stored_before_the_kill(tmp_path: Path, emulator: Emulator) -> None:
    """The case that matters: killed after a batch's results were stored, the resumed run does not meter
    them again."""
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_input(source, 7)
    run_metered(emulator, source, output, "download:after-commit")
    assert len(stored_ids(output)) == 3
    assert run_metered(emulator, source, output, None)["calls"] == 4
