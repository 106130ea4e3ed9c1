"""`client.beta.messages.batches`: Message Batches on the beta endpoints (`?beta=true`), with `betas`.

`AsyncBatches` is written in `_async_batches.py`; `Batches` is generated from it into `_sync_batches.py`
(`scripts/unasync.py`).
"""

from ._async_batches import (
    AsyncBatches,
    AsyncBatchesWithRawResponse,
    AsyncBatchesWithStreamingResponse,
)
from ._sync_batches import (
    Batches,
    BatchesWithRawResponse,
    BatchesWithStreamingResponse,
)

__all__ = [
    "AsyncBatches",
    "AsyncBatchesWithRawResponse",
    "AsyncBatchesWithStreamingResponse",
    "Batches",
    "BatchesWithRawResponse",
    "BatchesWithStreamingResponse",
]
