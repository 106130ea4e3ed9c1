"""`client.messages` and `client.messages.batches`.

Every name loads on first use, so importing this package costs nothing until a resource is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Batches": ".batches",
    "AsyncBatches": ".batches",
    "BatchesWithRawResponse": ".batches",
    "AsyncBatchesWithRawResponse": ".batches",
    "BatchesWithStreamingResponse": ".batches",
    "AsyncBatchesWithStreamingResponse": ".batches",
    "Messages": ".messages",
    "AsyncMessages": ".messages",
    "MessagesWithRawResponse": ".messages",
    "AsyncMessagesWithRawResponse": ".messages",
    "MessagesWithStreamingResponse": ".messages",
    "AsyncMessagesWithStreamingResponse": ".messages",
    "DEPRECATED_MODELS": ".messages",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .batches import (
        AsyncBatches as AsyncBatches,
    )
    from .batches import (
        AsyncBatchesWithRawResponse as AsyncBatchesWithRawResponse,
    )
    from .batches import (
        AsyncBatchesWithStreamingResponse as AsyncBatchesWithStreamingResponse,
    )
    from .batches import (
        Batches as Batches,
    )
    from .batches import (
        BatchesWithRawResponse as BatchesWithRawResponse,
    )
    from .batches import (
        BatchesWithStreamingResponse as BatchesWithStreamingResponse,
    )
    from .messages import (
        DEPRECATED_MODELS as DEPRECATED_MODELS,
    )
    from .messages import (
        AsyncMessages as AsyncMessages,
    )
    from .messages import (
        AsyncMessagesWithRawResponse as AsyncMessagesWithRawResponse,
    )
    from .messages import (
        AsyncMessagesWithStreamingResponse as AsyncMessagesWithStreamingResponse,
    )
    from .messages import (
        Messages as Messages,
    )
    from .messages import (
        MessagesWithRawResponse as MessagesWithRawResponse,
    )
    from .messages import (
        MessagesWithStreamingResponse as MessagesWithStreamingResponse,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
