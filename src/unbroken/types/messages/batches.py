"""Message Batches: the batch object, its per-request results (read from the JSONL results file)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Optional, TypeAlias, Union

from ..._models import OPEN_ENUM, BaseModel, OpenUnion
from ..errors import ErrorResponse
from ..message import Message

__all__ = [
    "DeletedMessageBatch",
    "MessageBatch",
    "MessageBatchCanceledResult",
    "MessageBatchErroredResult",
    "MessageBatchExpiredResult",
    "MessageBatchIndividualResponse",
    "MessageBatchRequestCounts",
    "MessageBatchResult",
    "MessageBatchSucceededResult",
]


class MessageBatchRequestCounts(BaseModel):
    canceled: int
    errored: int
    expired: int
    processing: int
    succeeded: int


class MessageBatch(BaseModel):
    id: str
    archived_at: Optional[datetime] = None
    cancel_initiated_at: Optional[datetime] = None
    created_at: datetime
    ended_at: Optional[datetime] = None
    expires_at: datetime
    processing_status: Annotated[Literal["in_progress", "canceling", "ended"], OPEN_ENUM]
    request_counts: MessageBatchRequestCounts
    results_url: Optional[str] = None
    """Set once processing has ended; `batches.results()` needs it."""

    type: Literal["message_batch"]


class DeletedMessageBatch(BaseModel):
    id: str
    type: Literal["message_batch_deleted"]


class MessageBatchSucceededResult(BaseModel):
    message: Message
    type: Literal["succeeded"]


class MessageBatchErroredResult(BaseModel):
    error: ErrorResponse
    type: Literal["errored"]


class MessageBatchCanceledResult(BaseModel):
    type: Literal["canceled"]


class MessageBatchExpiredResult(BaseModel):
    type: Literal["expired"]


MessageBatchResult: TypeAlias = Annotated[
    Union[
        MessageBatchSucceededResult,
        MessageBatchErroredResult,
        MessageBatchCanceledResult,
        MessageBatchExpiredResult,
    ],
    OpenUnion(),
]


class MessageBatchIndividualResponse(BaseModel):
    """One line of a batch's results file; results come in no particular order, match them by `custom_id`."""

    custom_id: str
    result: MessageBatchResult
