"""`anthropic.lib.foundry`'s import path; the clients live in `unbroken.platforms.foundry`."""

from ..platforms._foundry_resources import (
    AsyncBetaFoundry,
    AsyncBetaFoundryMessages,
    AsyncMessagesFoundry,
    BetaFoundry,
    BetaFoundryMessages,
    MessagesFoundry,
)
from ..platforms.foundry import (
    AnthropicFoundry,
    AsyncAnthropicFoundry,
    AsyncAzureADTokenProvider,
    AzureADTokenProvider,
    BaseFoundryClient,
    MutuallyExclusiveAuthError,
)

__all__ = [
    "AnthropicFoundry",
    "AsyncAnthropicFoundry",
    "AsyncAzureADTokenProvider",
    "AsyncBetaFoundry",
    "AsyncBetaFoundryMessages",
    "AsyncMessagesFoundry",
    "AzureADTokenProvider",
    "BaseFoundryClient",
    "BetaFoundry",
    "BetaFoundryMessages",
    "MessagesFoundry",
    "MutuallyExclusiveAuthError",
]
