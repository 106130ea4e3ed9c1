"""Beta Message Batches: twins of `types.messages`, carrying beta messages and beta error payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional, TypeAlias, Union

from ...._models import OPEN_ENUM, BaseModel, OpenUnion
from ...errors import BetaErrorResponse
from ..message import BetaMessage

__all__ = [
    "BetaDeletedMessageBatch",
    "BetaMessageBatch",
    "BetaMessageBatchCanceledResult",
    "BetaMessageBatchErroredResult",
    "BetaMessageBatchExpiredResult",
    "BetaMessageBatchIndividualResponse",
    "BetaMessageBatchRequestCounts",
    "BetaMessageBatchResult",
    "BetaMessageBatchSucceededResult",
]


class BetaMessageBatchRequestCounts(BaseModel):
    canceled: int
    errored: int
    expired: int
    processing: int
    succeeded: int


class BetaMessageBatch(BaseModel):
    id: str
    archived_at: Optional[datetime] = None
    cancel_initiated_at: Optional[datetime] = None
    created_at: datetime
    ended_at: Optional[datetime] = None
    expires_at: datetime
    processing_status: Annotated[Literal["in_progress", "canceling", "ended"], OPEN_ENUM]
    request_counts: BetaMessageBatchRequestCounts
    results_url: Optional[str] = None
    type: Literal["message_batch"]


class BetaDeletedMessageBatch(BaseModel):
    id: str
    type: Literal["message_batch_deleted"]


class BetaMessageBatchSucceededResult(BaseModel):
    message: BetaMessage
    type: Literal["succeeded"]


class BetaMessageBatchErroredResult(BaseModel):
    error: BetaErrorResponse
    type: Literal["errored"]


class BetaMessageBatchCanceledResult(BaseModel):
    type: Literal["canceled"]


class BetaMessageBatchExpiredResult(BaseModel):
    type: Literal["expired"]


BetaMessageBatchResult: TypeAlias = Annotated[
    Union[
        BetaMessageBatchSucceededResult,
        BetaMessageBatchErroredResult,
        BetaMessageBatchCanceledResult,
        BetaMessageBatchExpiredResult,
    ],
    OpenUnion(),
]


class BetaMessageBatchIndividualResponse(BaseModel):
    custom_id: str
    result: BetaMessageBatchResult
