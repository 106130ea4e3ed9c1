"""`anthropic.lib.foundry`'s import path; the clients live in `unbroken.platforms.foundry`."""

from ..platforms.foundry import (
    AnthropicFoundry,
    AsyncAnthropicFoundry,
    AsyncAzureADTokenProvider,
    AzureADTokenProvider,
    MutuallyExclusiveAuthError,
)

__all__ = [
    "AnthropicFoundry",
    "AsyncAnthropicFoundry",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "MutuallyExclusiveAuthError",
]
