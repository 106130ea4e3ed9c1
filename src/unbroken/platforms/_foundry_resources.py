"""The Foundry clients' namespaces (`MessagesFoundry`, `BetaFoundry`, …), as the reference names them.

The async ones are written in `_async_foundry_resources.py`; the sync ones are generated from it into
`_sync_foundry_resources.py` (`scripts/unasync.py`).
"""

from ._async_foundry_resources import AsyncBetaFoundry, AsyncBetaFoundryMessages, AsyncMessagesFoundry
from ._sync_foundry_resources import BetaFoundry, BetaFoundryMessages, MessagesFoundry

__all__ = [
    "AsyncBetaFoundry",
    "AsyncBetaFoundryMessages",
    "AsyncMessagesFoundry",
    "BetaFoundry",
    "BetaFoundryMessages",
    "MessagesFoundry",
]
