"""Message Batches types (the reference's `anthropic.types.messages`), loaded lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

__all__ = [
    "BatchCreateParams",
    "BatchListParams",
    "DeletedMessageBatch",
    "MessageBatch",
    "MessageBatchCanceledResult",
    "MessageBatchErroredResult",
    "MessageBatchExpiredResult",
    "MessageBatchIndividualResponse",
    "MessageBatchRequestCounts",
    "MessageBatchResult",
    "MessageBatchSucceededResult",
    "Request",
]

_EXPORTS: dict[str, str] = {
    "BatchCreateParams": ".batch_create_params",
    "BatchListParams": ".batch_list_params",
    "DeletedMessageBatch": ".batches",
    "MessageBatch": ".batches",
    "MessageBatchCanceledResult": ".batches",
    "MessageBatchErroredResult": ".batches",
    "MessageBatchExpiredResult": ".batches",
    "MessageBatchIndividualResponse": ".batches",
    "MessageBatchRequestCounts": ".batches",
    "MessageBatchResult": ".batches",
    "MessageBatchSucceededResult": ".batches",
    "Request": ".batch_create_params",
}

if TYPE_CHECKING:
    from .batch_create_params import BatchCreateParams, Request
    from .batch_list_params import BatchListParams
    from .batches import (
        DeletedMessageBatch,
        MessageBatch,
        MessageBatchCanceledResult,
        MessageBatchErroredResult,
        MessageBatchExpiredResult,
        MessageBatchIndividualResponse,
        MessageBatchRequestCounts,
        MessageBatchResult,
        MessageBatchSucceededResult,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
