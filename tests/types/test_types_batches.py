"""Batch results (one JSONL line each) of all four kinds, non-beta and beta."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from type_payloads import beta_message, message

from unbroken._models import UnknownModel
from unbroken.types import InvalidRequestError, Message
from unbroken.types.beta import (
    BetaMessage,
    BetaMessageBatch,
    BetaMessageBatchCanceledResult,
    BetaMessageBatchErroredResult,
    BetaMessageBatchExpiredResult,
    BetaMessageBatchIndividualResponse,
    BetaMessageBatchSucceededResult,
)
from unbroken.types.messages import (
    DeletedMessageBatch,
    MessageBatch,
    MessageBatchCanceledResult,
    MessageBatchErroredResult,
    MessageBatchExpiredResult,
    MessageBatchIndividualResponse,
    MessageBatchSucceededResult,
)

ERROR = {"type": "error", "error": {"type": "invalid_request_error", "message": "bad max_tokens"}}

BATCH: dict[str, Any] = {
    "id": "msgbatch_01",
    "type": "message_batch",
    "processing_status": "ended",
    "request_counts": {"processing": 0, "succeeded": 1, "errored": 1, "canceled": 1, "expired": 1},
    "created_at": "2025-10-01T12:00:00Z",
    "expires_at": "2025-10-02T12:00:00Z",
    "ended_at": "2025-10-01T12:30:00Z",
    "archived_at": None,
    "cancel_initiated_at": None,
    "results_url": "https://api.anthropic.com/v1/messages/batches/msgbatch_01/results",
}


def _lines(succeeded_message: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"custom_id": "a", "result": {"type": "succeeded", "message": succeeded_message}},
        {"custom_id": "b", "result": {"type": "errored", "error": ERROR}},
        {"custom_id": "c", "result": {"type": "canceled"}},
        {"custom_id": "d", "result": {"type": "expired"}},
    ]


def test_the_four_result_kinds_parse() -> None:
    parsed = [MessageBatchIndividualResponse.model_validate(line) for line in _lines(message())]

    assert [type(p.result) for p in parsed] == [
        MessageBatchSucceededResult,
        MessageBatchErroredResult,
        MessageBatchCanceledResult,
        MessageBatchExpiredResult,
    ]
    succeeded, errored = parsed[0].result, parsed[1].result
    assert isinstance(succeeded, MessageBatchSucceededResult)
    assert isinstance(succeeded.message, Message)
    assert isinstance(errored, MessageBatchErroredResult)
    assert isinstance(errored.error.error, InvalidRequestError)


def test_the_four_beta_result_kinds_parse() -> None:
    parsed = [BetaMessageBatchIndividualResponse.model_validate(line) for line in _lines(beta_message())]

    assert [type(p.result) for p in parsed] == [
        BetaMessageBatchSucceededResult,
        BetaMessageBatchErroredResult,
        BetaMessageBatchCanceledResult,
        BetaMessageBatchExpiredResult,
    ]
    succeeded = parsed[0].result
    assert isinstance(succeeded, BetaMessageBatchSucceededResult)
    assert isinstance(succeeded.message, BetaMessage)


def test_unknown_result_kind_parses() -> None:
    line = MessageBatchIndividualResponse.model_validate({"custom_id": "e", "result": {"type": "deferred"}})

    assert isinstance(line.result, UnknownModel)


def test_succeeded_result_with_broken_message_raises() -> None:
    broken = message()
    del broken["usage"]

    with pytest.raises(pydantic.ValidationError):
        MessageBatchIndividualResponse.model_validate(_lines(broken)[0])


def test_batch_parses_timestamps_and_counts() -> None:
    batch = MessageBatch.model_validate(BATCH)
    beta = BetaMessageBatch.model_validate(BATCH)

    assert batch.created_at.tzinfo is not None
    assert batch.archived_at is None
    assert batch.request_counts.canceled == 1
    assert batch.to_dict(mode="json") == BATCH
    assert beta.processing_status == "ended"


def test_batch_without_results_url_parses() -> None:
    pending = {**BATCH, "processing_status": "in_progress", "ended_at": None}
    del pending["results_url"]

    assert MessageBatch.model_validate(pending).results_url is None


def test_deleted_batch_parses() -> None:
    deleted = DeletedMessageBatch.model_validate({"id": "msgbatch_01", "type": "message_batch_deleted"})

    assert deleted.id == "msgbatch_01"
