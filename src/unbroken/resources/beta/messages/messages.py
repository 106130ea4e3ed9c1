"""`client.beta.messages`: create, parse (structured outputs), stream and count_tokens, with every beta param.

`AsyncMessages` is written in `_async_messages.py`; `Messages` is generated from it into `_sync_messages.py`
(`scripts/unasync.py`).
"""

from ...._constants import DEPRECATED_MODELS
from ._async_messages import (
    AsyncMessages,
    AsyncMessagesWithRawResponse,
    AsyncMessagesWithStreamingResponse,
)
from ._shared import validate_output_format
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
    "validate_output_format",
]
