"""The resource classes of the clients, at the reference's import paths (`unbroken.resources.Messages`, …).

Every name loads on first use, so importing this package costs nothing until a resource is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..types._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Completions": ".completions",
    "AsyncCompletions": ".completions",
    "CompletionsWithRawResponse": ".completions",
    "AsyncCompletionsWithRawResponse": ".completions",
    "CompletionsWithStreamingResponse": ".completions",
    "AsyncCompletionsWithStreamingResponse": ".completions",
    "Messages": ".messages.messages",
    "AsyncMessages": ".messages.messages",
    "MessagesWithRawResponse": ".messages.messages",
    "AsyncMessagesWithRawResponse": ".messages.messages",
    "MessagesWithStreamingResponse": ".messages.messages",
    "AsyncMessagesWithStreamingResponse": ".messages.messages",
    "Models": ".models",
    "AsyncModels": ".models",
    "ModelsWithRawResponse": ".models",
    "AsyncModelsWithRawResponse": ".models",
    "ModelsWithStreamingResponse": ".models",
    "AsyncModelsWithStreamingResponse": ".models",
    "Beta": ".beta.beta",
    "AsyncBeta": ".beta.beta",
    "BetaWithRawResponse": ".beta.beta",
    "AsyncBetaWithRawResponse": ".beta.beta",
    "BetaWithStreamingResponse": ".beta.beta",
    "AsyncBetaWithStreamingResponse": ".beta.beta",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .beta.beta import *  # noqa: F403
    from .completions import *  # noqa: F403
    from .messages.messages import *  # noqa: F403
    from .models import *  # noqa: F403
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
