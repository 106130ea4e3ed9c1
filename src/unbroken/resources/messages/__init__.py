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
    from .batches import *  # noqa: F403
    from .messages import *  # noqa: F403
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
