"""Emulated batches behave like the API's: progress over polls or seconds, outcomes, expiry, cancel."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from unbroken.testing import Emulator


def message_params(text: str) -> dict[str, Any]:
    return {"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": text}]}


@pytest.fixture
def http(emulator: Emulator) -> httpx.Client:
    return httpx.Client(base_url=emulator.base_url, headers={"anthropic-version": "2023-06-01"})


def create(http: httpx.Client, count: int) -> str:
    requests = [{"custom_id": f"r{i}", "params": message_params(f"hi {i}")} for i in range(count)]
    response = http.post("/v1/messages/batches", json={"requests": requests})
    assert response.status_code == 200
    return str(response.json()["id"])


def retrieve(http: httpx.Client, batch_id: str) -> dict[str, Any]:
    body: dict[str, Any] = http.get(f"/v1/messages/batches/{batch_id}").json()
    return body


def results(http: httpx.Client, batch_id: str) -> list[dict[str, Any]]:
    import json

    return [
        json.loads(line) for line in http.get(f"/v1/messages/batches/{batch_id}/results").text.splitlines()
    ]


def test_a_batch_stays_in_progress_for_the_configured_polls_with_counts_moving(
    emulator: Emulator, http: httpx.Client
) -> None:
    emulator.app.store.message_batches.configure(polls=3)
    batch_id = create(http, 8)
    seen = [retrieve(http, batch_id) for _ in range(4)]
    assert [b["processing_status"] for b in seen] == ["in_progress"] * 3 + ["ended"]
    assert [b["request_counts"]["succeeded"] for b in seen] == [2, 4, 6, 8]
    assert [b["request_counts"]["processing"] for b in seen] == [6, 4, 2, 0]
    assert seen[2]["results_url"] is None and seen[3]["results_url"].endswith(f"/{batch_id}/results")


def test_listing_does_not_advance_a_batch(emulator: Emulator, http: httpx.Client) -> None:
    emulator.app.store.message_batches.configure(polls=1)
    batch_id = create(http, 2)
    http.get("/v1/messages/batches")
    assert retrieve(http, batch_id)["processing_status"] == "in_progress"


def test_a_batch_can_last_a_number_of_seconds_on_an_injected_clock(
    emulator: Emulator, http: httpx.Client
) -> None:
    now = [100.0]
    emulator.app.store.message_batches.configure(seconds=10.0, clock=lambda: now[0])
    batch_id = create(http, 4)
    now[0] = 105.0
    half = retrieve(http, batch_id)
    now[0] = 110.0
    ended = retrieve(http, batch_id)
    assert half["processing_status"] == "in_progress" and half["request_counts"]["succeeded"] == 2
    assert ended["processing_status"] == "ended" and ended["request_counts"]["succeeded"] == 4


def test_scripted_outcomes_give_errored_and_expired_results_one_per_processing(
    emulator: Emulator, http: httpx.Client
) -> None:
    emulator.app.store.message_batches.configure(outcomes={"r0": ["overloaded_error"], "r1": ["expired"]})
    first = create(http, 3)
    retrieve(http, first)
    lines = results(http, first)
    assert lines[0]["result"]["error"]["error"]["type"] == "overloaded_error"
    assert lines[1]["result"] == {"type": "expired"}
    assert lines[2]["result"]["type"] == "succeeded"
    second = create(http, 2)  # the script is consumed: now both succeed
    retrieve(http, second)
    assert [line["result"]["type"] for line in results(http, second)] == ["succeeded", "succeeded"]


def test_invalid_params_are_an_errored_result(emulator: Emulator, http: httpx.Client) -> None:
    response = http.post(
        "/v1/messages/batches", json={"requests": [{"custom_id": "bad", "params": {"model": "claude-x"}}]}
    )
    batch_id = response.json()["id"]
    retrieve(http, batch_id)
    error = results(http, batch_id)[0]["result"]["error"]["error"]
    assert error["type"] == "invalid_request_error" and "max_tokens" in error["message"]


def test_expiry_ends_the_batch_with_unprocessed_requests_expired(
    emulator: Emulator, http: httpx.Client
) -> None:
    emulator.app.store.message_batches.configure(polls=3, expire_at_poll=2)
    batch_id = create(http, 4)
    retrieve(http, batch_id)
    expired = retrieve(http, batch_id)
    assert expired["processing_status"] == "ended"
    assert expired["request_counts"] == {
        "processing": 0,
        "succeeded": 1,
        "errored": 0,
        "canceled": 0,
        "expired": 3,
    }


def test_cancel_keeps_processed_results_and_cancels_the_rest(emulator: Emulator, http: httpx.Client) -> None:
    emulator.app.store.message_batches.configure(polls=1)
    batch_id = create(http, 4)
    retrieve(http, batch_id)  # half processed
    canceling = http.post(f"/v1/messages/batches/{batch_id}/cancel").json()
    ended = retrieve(http, batch_id)
    assert canceling["processing_status"] == "canceling" and canceling["cancel_initiated_at"] is not None
    assert ended["request_counts"]["succeeded"] == 2 and ended["request_counts"]["canceled"] == 2
    assert http.post(f"/v1/messages/batches/{batch_id}/cancel").status_code == 409


def test_results_can_come_in_reverse_order(emulator: Emulator, http: httpx.Client) -> None:
    emulator.app.store.message_batches.configure(results_order="reversed")
    batch_id = create(http, 3)
    retrieve(http, batch_id)
    assert [line["custom_id"] for line in results(http, batch_id)] == ["r2", "r1", "r0"]


def test_batch_creates_are_not_deduplicated_by_idempotency_key(
    emulator: Emulator, http: httpx.Client
) -> None:
    body = {"requests": [{"custom_id": "a", "params": message_params("x")}]}
    first = http.post("/v1/messages/batches", json=body, headers={"idempotency-key": "k"}).json()
    second = http.post("/v1/messages/batches", json=body, headers={"idempotency-key": "k"}).json()
    assert first["id"] != second["id"]


def test_reset_restores_the_default_settings(emulator: Emulator, http: httpx.Client) -> None:
    emulator.app.store.message_batches.configure(polls=5)
    emulator.reset()
    batch_id = create(http, 1)
    assert retrieve(http, batch_id)["processing_status"] == "ended"
