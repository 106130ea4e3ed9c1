"""`client.beta.messages`: create, parse (structured outputs), stream and count_tokens, with every beta param.

`AsyncMessages` is written in `_async_messages.py`; `Messages` is generated from it into `_sync_messages.py`
(`scripts/unasync.py`).
"""

from ._async_messages import AsyncMessages
from ._sync_messages import Messages

__all__ = ["AsyncMessages", "Messages"]
