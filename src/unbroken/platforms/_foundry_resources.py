"""The Foundry clients' namespaces: the first-party ones without the Batch API, which Foundry does not serve.

`client.messages.batches` and `client.beta.messages.batches` read as None, as in the reference, whose class
names these are (`unbroken.lib.foundry` exports them). Imported on first use of `messages` / `beta`, so
building a Foundry client does not load the resources.
"""

from __future__ import annotations

from functools import cached_property

from ..resources.beta import AsyncBeta, Beta
from ..resources.beta.messages import AsyncMessages as AsyncBetaMessages
from ..resources.beta.messages import Messages as BetaMessages
from ..resources.messages import AsyncMessages, Messages

__all__ = [
    "AsyncBetaFoundry",
    "AsyncBetaFoundryMessages",
    "AsyncMessagesFoundry",
    "BetaFoundry",
    "BetaFoundryMessages",
    "MessagesFoundry",
]


class MessagesFoundry(Messages):
    @cached_property
    def batches(self) -> None:  # type: ignore[override]
        """None: Foundry does not serve the Batch API."""
        return None


class BetaFoundryMessages(BetaMessages):
    @cached_property
    def batches(self) -> None:  # type: ignore[override]
        """None: Foundry does not serve the Batch API."""
        return None


class BetaFoundry(Beta):
    @cached_property
    def messages(self) -> BetaFoundryMessages:
        """Beta messages without the Batch API."""
        return BetaFoundryMessages(self._client)


class AsyncMessagesFoundry(AsyncMessages):
    @cached_property
    def batches(self) -> None:  # type: ignore[override]
        """None: Foundry does not serve the Batch API."""
        return None


class AsyncBetaFoundryMessages(AsyncBetaMessages):
    @cached_property
    def batches(self) -> None:  # type: ignore[override]
        """None: Foundry does not serve the Batch API."""
        return None


class AsyncBetaFoundry(AsyncBeta):
    @cached_property
    def messages(self) -> AsyncBetaFoundryMessages:
        """Beta messages without the Batch API."""
        return AsyncBetaFoundryMessages(self._client)
