"""Beta Message Batches types, loaded lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_exports

__all__ = [
    "BatchCreateParams",
    "BatchListParams",
    "BetaDeletedMessageBatch",
    "BetaMessageBatch",
    "BetaMessageBatchCanceledResult",
    "BetaMessageBatchErroredResult",
    "BetaMessageBatchExpiredResult",
    "BetaMessageBatchIndividualResponse",
    "BetaMessageBatchRequestCounts",
    "BetaMessageBatchResult",
    "BetaMessageBatchSucceededResult",
    "Request",
]

_EXPORTS: dict[str, str] = {
    "BatchCreateParams": ".batch_create_params",
    "BatchListParams": ".batch_list_params",
    "BetaDeletedMessageBatch": ".batches",
    "BetaMessageBatch": ".batches",
    "BetaMessageBatchCanceledResult": ".batches",
    "BetaMessageBatchErroredResult": ".batches",
    "BetaMessageBatchExpiredResult": ".batches",
    "BetaMessageBatchIndividualResponse": ".batches",
    "BetaMessageBatchRequestCounts": ".batches",
    "BetaMessageBatchResult": ".batches",
    "BetaMessageBatchSucceededResult": ".batches",
    "Request": ".batch_create_params",
}

if TYPE_CHECKING:
    from .batch_create_params import BatchCreateParams, Request
    from .batch_list_params import BatchListParams
    from .batches import (
        BetaDeletedMessageBatch,
        BetaMessageBatch,
        BetaMessageBatchCanceledResult,
        BetaMessageBatchErroredResult,
        BetaMessageBatchExpiredResult,
        BetaMessageBatchIndividualResponse,
        BetaMessageBatchRequestCounts,
        BetaMessageBatchResult,
        BetaMessageBatchSucceededResult,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
