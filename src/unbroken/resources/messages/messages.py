"""`client.messages`: create (plain or `stream=True`), the `stream()` helper, and count_tokens.

`AsyncMessages` is written in `_async_messages.py`; `Messages` is generated from it into `_sync_messages.py`
(`scripts/unasync.py`).
"""

from ..._constants import DEPRECATED_MODELS
from ._async_messages import (
    AsyncMessages,
    AsyncMessagesWithRawResponse,
    AsyncMessagesWithStreamingResponse,
)
from ._sync_messages import (
    Messages,
    MessagesWithRawResponse,
    MessagesWithStreamingResponse,
)

__all__ = [
    "DEPRECATED_MODELS",
    "AsyncMessages",
    "AsyncMessagesWithRawResponse",
    "AsyncMessagesWithStreamingResponse",
    "Messages",
    "MessagesWithRawResponse",
    "MessagesWithStreamingResponse",
]
