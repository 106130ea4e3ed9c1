"""`client.messages`: create (plain or `stream=True`), the `stream()` helper, and count_tokens.

`AsyncMessages` is written in `_async_messages.py`; `Messages` is generated from it into `_sync_messages.py`
(`scripts/unasync.py`).
"""

from ._async_messages import AsyncMessages
from ._sync_messages import Messages

__all__ = ["AsyncMessages", "Messages"]
