"""Beta message streams: `client.beta.messages.stream(...)`, with `ParsedBetaMessage[T]` snapshots.

The async streams are written in `_async_beta.py`; the sync ones are generated from it into `_sync_beta.py`
by `scripts/unasync.py`.
"""

from ._async_beta import BetaAsyncMessageStream, BetaAsyncMessageStreamManager
from ._sync_beta import BetaMessageStream, BetaMessageStreamManager

__all__ = [
    "BetaAsyncMessageStream",
    "BetaAsyncMessageStreamManager",
    "BetaMessageStream",
    "BetaMessageStreamManager",
]
