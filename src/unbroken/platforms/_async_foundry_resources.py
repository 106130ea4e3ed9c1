# Source of _sync_foundry_resources.py: scripts/unasync.py generates it from this file (`make generate`).
"""The Foundry client's namespaces: the first-party ones without the Batch API, which Foundry does not serve.

`client.messages.batches` and `client.beta.messages.batches` read as None, as in the reference, whose class
names these are (`unbroken.lib.foundry` exports them). Imported on first use of `messages` / `beta`, so
building a Foundry client does not load the resources.
"""

from __future__ import annotations

from functools import cached_property

from ..resources.beta._async_beta import AsyncBeta
from ..resources.beta.messages._async_messages import AsyncMessages as AsyncBetaMessages
from ..resources.messages._async_messages import AsyncMessages

__all__ = ["AsyncBetaFoundry", "AsyncBetaFoundryMessages", "AsyncMessagesFoundry"]


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
