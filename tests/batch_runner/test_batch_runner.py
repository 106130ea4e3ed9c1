"""The runner against the emulator, in process: splitting, order, resubmission, cancel, resume, clients."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from batch_helpers import another_batch_arrives, creates, params, read_output, submitted_ids, write_input

import unbroken
from unbroken import batch
from unbroken.testing import Emulator

FAST = {"poll_interval": 0.0, "orphan_grace": 0.0}


def sync_client(emulator: Emulator) -> unbroken.Anthropic:
    return unbroken.Anthropic(api_key="test", base_url=emulator.base_url)


def test_every_custom_id_gets_one_line_in_input_order_whatever_order_results_arrive(
    tmp_path: Path, emulator: Emulator
) -> None:
    ids = write_input(tmp_path / "in.jsonl", 10)
    emulator.app.store.message_batches.configure(polls=2, results_order="reversed")
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    lines = read_output(tmp_path / "out.jsonl")
    assert [line["custom_id"] for line in lines] == ids
    assert lines[3]["result"]["message"]["content"][0]["text"] == "Echo: hello 3"
    assert summary.complete and summary.succeeded == 10 and summary.total == 10


def test_requests_are_split_within_the_per_batch_limits(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 10)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, max_requests_per_batch=4, **FAST)
    assert [len(r.json["requests"]) for r in creates(emulator)] == [4, 4, 2]
    emulator.reset()
    line_bytes = len((tmp_path / "in.jsonl").read_bytes().splitlines()[0])
    batch.run(
        tmp_path / "in.jsonl",
        tmp_path / "out2.jsonl",
        client=client,
        max_bytes_per_batch=3 * line_bytes + 20,
        **FAST,
    )
    bodies = [r.body for r in creates(emulator)]
    assert all(len(body) <= 3 * line_bytes + 20 for body in bodies)
    assert sum(len(r.json["requests"]) for r in creates(emulator)) == 10


def test_the_create_body_carries_the_input_lines_unchanged(tmp_path: Path, emulator: Emulator) -> None:
    source = tmp_path / "in.jsonl"
    line = (
        '{"params": {"model": "claude-sonnet-4-5", "max_tokens": 5,'
        ' "messages": [{"role": "user", "content": "caf\\u00e9"}]}, "custom_id": "x"}'
    )
    source.write_text(line + "\n")
    batch.run(source, tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert creates(emulator)[0].body == b'{"requests":[' + line.encode() + b"]}"


def test_result_lines_reach_the_output_as_the_server_sent_them(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    sent = httpx.get(
        f"{emulator.base_url}/v1/messages/batches/{summary.batch_ids[0]}/results",
        headers={"x-api-key": "test", "anthropic-version": "2023-06-01"},
    )
    assert b", " in sent.content  # the emulator's lines are not compact: none was encoded again
    assert (tmp_path / "out.jsonl").read_bytes() == sent.content


def test_each_batch_create_has_a_deterministic_idempotency_key_and_is_not_retried(
    tmp_path: Path, emulator: Emulator
) -> None:
    write_input(tmp_path / "in.jsonl", 4)
    batch.run(
        tmp_path / "in.jsonl",
        tmp_path / "out.jsonl",
        client=sync_client(emulator),
        max_requests_per_batch=2,
        **FAST,
    )
    keys = [r.header("idempotency-key") for r in creates(emulator)]
    assert keys[0] is not None and keys[0].startswith("unbroken-batch-") and keys[0].endswith("-1")
    assert keys[1] is not None and keys[1].endswith("-2")


def test_retryable_results_are_resubmitted_up_to_the_cap(tmp_path: Path, emulator: Emulator) -> None:
    ids = write_input(tmp_path / "in.jsonl", 4)
    emulator.app.store.message_batches.configure(
        outcomes={
            ids[0]: ["overloaded_error"],  # then succeeds
            ids[1]: ["expired", "expired", "expired"],  # still expired after the cap
            ids[2]: ["invalid_request_error"],  # not retryable
        }
    )
    summary = batch.run(
        tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), resubmit=2, **FAST
    )
    results = {line["custom_id"]: line["result"] for line in read_output(tmp_path / "out.jsonl")}
    assert results[ids[0]]["type"] == "succeeded"
    assert results[ids[1]]["type"] == "expired"
    assert results[ids[2]]["error"]["error"]["type"] == "invalid_request_error"
    assert results[ids[3]]["type"] == "succeeded"
    sent = submitted_ids(emulator)
    assert sent == {ids[0]: 2, ids[1]: 3, ids[2]: 1, ids[3]: 1}
    assert (summary.succeeded, summary.expired, summary.errored) == (2, 1, 1)


def test_without_resubmit_the_first_result_is_kept(tmp_path: Path, emulator: Emulator) -> None:
    ids = write_input(tmp_path / "in.jsonl", 2)
    emulator.app.store.message_batches.configure(outcomes={ids[0]: ["overloaded_error"]})
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert read_output(tmp_path / "out.jsonl")[0]["result"]["type"] == "errored"
    assert submitted_ids(emulator)[ids[0]] == 1


def test_a_batch_that_expires_leaves_expired_lines(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 4)
    emulator.app.store.message_batches.configure(polls=3, expire_at_poll=2)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    types = [line["result"]["type"] for line in read_output(tmp_path / "out.jsonl")]
    assert types == ["succeeded", "expired", "expired", "expired"]
    assert summary.expired == 3


def test_a_run_that_is_already_complete_sends_nothing(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    before = (tmp_path / "out.jsonl").read_bytes()
    emulator.reset()
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert emulator.requests == []
    assert (tmp_path / "out.jsonl").read_bytes() == before
    assert summary.complete


def test_an_output_deleted_after_the_run_is_rewritten_from_the_state(
    tmp_path: Path, emulator: Emulator
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    before = (tmp_path / "out.jsonl").read_bytes()
    (tmp_path / "out.jsonl").unlink()
    emulator.reset()
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert (tmp_path / "out.jsonl").read_bytes() == before
    assert emulator.requests == []


def test_a_changed_input_is_refused(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, wait=False, **FAST)
    write_input(tmp_path / "in.jsonl", 4)
    with pytest.raises(batch.StateError, match="not the input this job started with"):
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)


def test_an_existing_output_without_state_is_not_overwritten(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    (tmp_path / "out.jsonl").write_text("precious\n")
    with pytest.raises(batch.StateError, match="already exists"):
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert (tmp_path / "out.jsonl").read_text() == "precious\n"


def test_no_wait_submits_and_status_reports_then_collect_finishes(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 4)
    emulator.app.store.message_batches.configure(polls=2)
    client = sync_client(emulator)
    first = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, wait=False, **FAST)
    assert not first.complete and first.inflight == 4 and len(first.batch_ids) == 1
    assert batch.status(tmp_path / "out.jsonl").inflight == 4
    batch.collect(tmp_path / "out.jsonl", client=client)  # retrieve 2: still in progress
    seen = Recording()
    done = batch.collect(tmp_path / "out.jsonl", client=client, reporter=seen)  # retrieve 3: ended
    assert done.complete and done.succeeded == 4
    assert len(creates(emulator)) == 1
    assert seen.closed and seen.updates[-1].written == 4  # the sync twin takes a reporter as acollect does


class Recording:
    def __init__(self) -> None:
        self.updates: list[batch.Progress] = []
        self.closed = False

    def update(self, progress: batch.Progress) -> None:
        self.updates.append(progress)

    def close(self) -> None:
        self.closed = True


def test_cancel_stops_submitting_and_every_request_still_gets_a_line(
    tmp_path: Path, emulator: Emulator
) -> None:
    ids = write_input(tmp_path / "in.jsonl", 6)
    emulator.app.store.message_batches.configure(polls=3)
    client = sync_client(emulator)
    batch.run(
        tmp_path / "in.jsonl",
        tmp_path / "out.jsonl",
        client=client,
        wait=False,
        max_requests_per_batch=3,
        **FAST,
    )
    batch.collect(tmp_path / "out.jsonl", client=client)  # retrieve 1: a quarter processed
    canceled = batch.cancel(tmp_path / "out.jsonl", client=client)
    assert canceled.canceled_job
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    lines = read_output(tmp_path / "out.jsonl")
    assert [line["custom_id"] for line in lines] == ids
    assert summary.complete and summary.canceled >= 4 and summary.succeeded + summary.canceled == 6
    assert [r.path.endswith("/cancel") for r in emulator.requests].count(True) == 2


def test_cancel_before_anything_ended_gives_canceled_lines_to_unsent_requests(
    tmp_path: Path, emulator: Emulator
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, wait=False, submit=False, **FAST)
    batch.cancel(tmp_path / "out.jsonl", client=client)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert summary.canceled == 3 and summary.complete
    assert creates(emulator) == []


def test_a_refused_create_gives_each_request_the_error(tmp_path: Path, emulator: Emulator) -> None:
    from unbroken.testing import Fault

    write_input(tmp_path / "in.jsonl", 2)
    emulator.faults.push(Fault.status(413, path="/v1/messages/batches", method="POST"))
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    lines = read_output(tmp_path / "out.jsonl")
    assert [line["result"]["error"]["error"]["type"] for line in lines] == ["request_too_large"] * 2
    assert summary.errored == 2


def test_a_lost_create_response_is_recovered_not_resent(tmp_path: Path, emulator: Emulator) -> None:
    """The create reaches the server but its response is lost: the batch is found by listing, verified by
    its results, and adopted; the requests are sent once."""
    from unbroken.testing import Fault

    ids = write_input(tmp_path / "in.jsonl", 3)
    emulator.faults.push(Fault.drop_response(path="/v1/messages/batches", method="POST"))
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert submitted_ids(emulator) == dict.fromkeys(ids, 1)
    assert summary.complete and summary.succeeded == 3


def test_a_create_that_never_arrived_is_sent_again(tmp_path: Path, emulator: Emulator) -> None:
    from unbroken.testing import Fault

    ids = write_input(tmp_path / "in.jsonl", 3)
    emulator.faults.push(Fault.close_before_response(path="/v1/messages/batches", method="POST"))
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert len(creates(emulator)) == 2  # the first never created anything (closed before the handler ran)
    assert len(emulator.app.store.message_batches.list(None, "")) == 1  # type: ignore[arg-type]
    assert summary.complete and [line["custom_id"] for line in read_output(tmp_path / "out.jsonl")] == ids


def test_a_foreign_batch_of_the_same_size_is_not_taken_for_ours(tmp_path: Path, emulator: Emulator) -> None:
    """Someone else's batch created while our create is in flight looks like a candidate; its results show it
    is not ours, so our chunk is sent again and only our own results are written."""
    from unbroken.testing import Fault

    ids = write_input(tmp_path / "in.jsonl", 2)
    other = another_batch_arrives(emulator, ["other-0", "other-1"])
    # The runner's create is lost, and the other batch is created as it arrives.
    emulator.faults.push(Fault.close_before_response(path="/v1/messages/batches", method="POST", when=other))
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    assert len([r for r in emulator.requests if r.path.endswith("/results")]) == 2  # the candidate's, ours
    lines = read_output(tmp_path / "out.jsonl")
    assert [line["custom_id"] for line in lines] == ids
    assert all(line["result"]["message"]["content"][0]["text"].startswith("Echo: hello") for line in lines)
    assert summary.batch_ids == ["msgbatch_emu_2"]


@pytest.mark.parametrize("lost", ["close_before_response", "drop_response"])
def test_another_jobs_batch_of_the_same_custom_ids_is_never_taken_for_ours(
    tmp_path: Path, emulator: Emulator, lost: str
) -> None:
    """A job run again with changed prompts (the same custom ids) whose create is lost must not adopt the
    first run's batch: it existed before the create was sent, so it is not even a candidate."""
    from unbroken.testing import Fault

    write_input(tmp_path / "first.jsonl", 2)
    batch.run(tmp_path / "first.jsonl", tmp_path / "first-out.jsonl", client=sync_client(emulator), **FAST)
    ids = ["req-0", "req-1"]
    with (tmp_path / "second.jsonl").open("w") as file:
        for custom_id in ids:
            file.write(json.dumps({"custom_id": custom_id, "params": params(f"changed {custom_id}")}) + "\n")
    emulator.faults.push(getattr(Fault, lost)(path="/v1/messages/batches", method="POST"))

    summary = batch.run(
        tmp_path / "second.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST
    )

    texts = [line["result"]["message"]["content"][0]["text"] for line in read_output(tmp_path / "out.jsonl")]
    assert texts == ["Echo: changed req-0", "Echo: changed req-1"]
    assert summary.batch_ids == ["msgbatch_emu_2"]  # its own: found again (drop_response) or sent again
    assert [r.path for r in emulator.requests if r.path.endswith("/results")] == [
        "/v1/messages/batches/msgbatch_emu_1/results",  # the first job's own download
        f"/v1/messages/batches/{summary.batch_ids[0]}/results",
    ]


def test_a_batch_made_while_a_refused_create_waited_is_never_taken_for_ours(
    tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another job's batch of the same custom ids, made while this chunk's create waited out a 429: it
    existed before the create that followed, so when that one is lost it is no candidate either."""
    from unbroken.batch import _batches
    from unbroken.testing import Fault

    monkeypatch.setattr(_batches, "REFUSED_WAIT", 0.0)
    ids = write_input(tmp_path / "in.jsonl", 2)
    other = another_batch_arrives(emulator, ids)
    emulator.faults.push(Fault.status(429, path="/v1/messages/batches", method="POST", when=other))
    emulator.faults.push(Fault.close_before_response(path="/v1/messages/batches", method="POST"))
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    texts = [line["result"]["message"]["content"][0]["text"] for line in read_output(tmp_path / "out.jsonl")]
    assert all(text.startswith("Echo: hello") for text in texts) and len(texts) == 2
    assert summary.batch_ids == ["msgbatch_emu_2"]  # its own, sent again: not the other job's _1


@pytest.mark.anyio
async def test_an_async_job_never_takes_another_jobs_batch_for_its_own_either(
    tmp_path: Path, emulator: Emulator
) -> None:
    from unbroken.testing import Fault

    write_input(tmp_path / "first.jsonl", 2)
    write_input(tmp_path / "second.jsonl", 2)  # the same requests, even: still another job's batch
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url) as client:
        await batch.arun(tmp_path / "first.jsonl", tmp_path / "first-out.jsonl", client=client, **FAST)
        emulator.faults.push(Fault.close_before_response(path="/v1/messages/batches", method="POST"))
        summary = await batch.arun(tmp_path / "second.jsonl", tmp_path / "out.jsonl", client=client, **FAST)

    assert summary.complete and summary.batch_ids == ["msgbatch_emu_2"]
    assert len(creates(emulator)) == 3  # the first job's, the lost one, the one sent again


@pytest.mark.anyio
async def test_the_async_client_runs_the_same_job(tmp_path: Path, emulator: Emulator) -> None:
    ids = write_input(tmp_path / "in.jsonl", 5)
    emulator.app.store.message_batches.configure(polls=1)
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url) as client:
        summary = await batch.arun(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, **FAST)
    assert summary.complete
    assert [line["custom_id"] for line in read_output(tmp_path / "out.jsonl")] == ids


def test_progress_snapshots_count_up_to_the_total(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 4)
    seen: list[batch.Progress] = []

    class Recorder:
        def update(self, progress: batch.Progress) -> None:
            seen.append(progress)

        def close(self) -> None:
            seen.append(seen[-1])

    batch.run(
        tmp_path / "in.jsonl",
        tmp_path / "out.jsonl",
        client=sync_client(emulator),
        reporter=Recorder(),
        **FAST,
    )
    assert seen[-1].finished == seen[-1].total == 4 and seen[-1].written == 4
    assert seen[0].finished == 0


def test_state_file_records_batch_ids_and_request_states(tmp_path: Path, emulator: Emulator) -> None:
    import sqlite3

    write_input(tmp_path / "in.jsonl", 3)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=sync_client(emulator), **FAST)
    db = sqlite3.connect(tmp_path / "out.jsonl.state.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT id, role FROM batches").fetchall() == [("msgbatch_emu_1", "ours")]
    assert db.execute("SELECT DISTINCT state FROM requests").fetchall() == [("done",)]


# -- direct mode ------------------------------------------------------------------------------------


def test_direct_mode_writes_the_same_lines_through_messages_create(
    tmp_path: Path, emulator: Emulator
) -> None:
    ids = write_input(tmp_path / "in.jsonl", 6)
    summary = batch.run(
        tmp_path / "in.jsonl",
        tmp_path / "out.jsonl",
        client=sync_client(emulator),
        mode="direct",
        concurrency=3,
    )
    lines = read_output(tmp_path / "out.jsonl")
    assert [line["custom_id"] for line in lines] == ids
    assert lines[2]["result"]["message"]["content"][0]["text"] == "Echo: hello 2"
    posts = [r for r in emulator.requests if r.path == "/v1/messages"]
    assert len(posts) == 6
    assert len({r.header("idempotency-key") for r in posts}) == 6
    assert summary.complete


@pytest.mark.anyio
async def test_direct_mode_with_an_async_client_keeps_concurrency_bounded(
    tmp_path: Path, emulator: Emulator
) -> None:
    from unbroken.testing import Fault

    write_input(tmp_path / "in.jsonl", 6)
    emulator.faults.push(Fault.stall_before_headers(30, path="/v1/messages", times=2))
    async with unbroken.AsyncAnthropic(api_key="test", base_url=emulator.base_url, timeout=5) as client:
        import asyncio

        task = asyncio.ensure_future(
            batch.arun(
                tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, mode="direct", concurrency=2
            )
        )
        await asyncio.to_thread(emulator.wait_for_requests, 2)
        third_arrived = await asyncio.to_thread(emulator.wait_for_requests, 3, 0.2)
        emulator.app.release_stalls()
        summary = await task
    assert not third_arrived  # two stalled requests hold both slots
    assert summary.complete


def test_direct_mode_status_errors_become_errored_lines_and_may_be_resubmitted(
    tmp_path: Path, emulator: Emulator
) -> None:
    from unbroken.testing import Fault

    write_input(tmp_path / "in.jsonl", 1)
    client = unbroken.Anthropic(api_key="test", base_url=emulator.base_url, max_retries=0)
    emulator.faults.push(Fault.status(529, path="/v1/messages", times=1))
    summary = batch.run(
        tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, mode="direct", resubmit=1
    )
    assert summary.succeeded == 1
    emulator.reset()
    emulator.faults.push(Fault.status(529, path="/v1/messages", times=1))
    write_input(tmp_path / "in2.jsonl", 1)
    summary = batch.run(tmp_path / "in2.jsonl", tmp_path / "out2.jsonl", client=client, mode="direct")
    line = read_output(tmp_path / "out2.jsonl")[0]
    assert line["result"]["error"]["error"]["type"] == "overloaded_error"
    assert line["result"]["error"]["request_id"].startswith("req_emu_")


def test_direct_mode_stops_on_an_authentication_error_and_resumes_later(
    tmp_path: Path, emulator: Emulator
) -> None:
    write_input(tmp_path / "in.jsonl", 3)
    emulator.api_key = "right"
    wrong = unbroken.Anthropic(api_key="wrong", base_url=emulator.base_url)
    with pytest.raises(unbroken.AuthenticationError):
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=wrong, mode="direct", concurrency=1)
    assert batch.status(tmp_path / "out.jsonl").pending == 3
    right = unbroken.Anthropic(api_key="right", base_url=emulator.base_url)
    summary = batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=right, mode="direct")
    assert summary.complete and summary.succeeded == 3


def test_a_job_cannot_switch_modes(tmp_path: Path, emulator: Emulator) -> None:
    write_input(tmp_path / "in.jsonl", 2)
    client = sync_client(emulator)
    batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, wait=False, **FAST)
    with pytest.raises(batch.StateError, match="batch mode"):
        batch.run(tmp_path / "in.jsonl", tmp_path / "out.jsonl", client=client, mode="direct")
