"""Microsoft Foundry: `AnthropicFoundry` / `AsyncAnthropicFoundry` (no extra dependencies).

`AsyncAnthropicFoundry` is written in `_async_foundry.py`; `AnthropicFoundry` is generated from it into
`_sync_foundry.py` (`scripts/unasync.py`). What both share is in `_foundry_base.py`.
"""

from ._async_foundry import AsyncAnthropicFoundry
from ._foundry_base import (
    AsyncAzureADTokenProvider,
    AzureADTokenProvider,
    BaseFoundryClient,
    MutuallyExclusiveAuthError,
)
from ._sync_foundry import AnthropicFoundry

__all__ = [
    "AnthropicFoundry",
    "AsyncAnthropicFoundry",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "BaseFoundryClient",
    "MutuallyExclusiveAuthError",
]
