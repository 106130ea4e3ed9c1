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
    "Messages": ".messages",
    "AsyncMessages": ".messages",
    "MessagesWithRawResponse": ".messages",
    "AsyncMessagesWithRawResponse": ".messages",
    "MessagesWithStreamingResponse": ".messages",
    "AsyncMessagesWithStreamingResponse": ".messages",
    "Models": ".models",
    "AsyncModels": ".models",
    "ModelsWithRawResponse": ".models",
    "AsyncModelsWithRawResponse": ".models",
    "ModelsWithStreamingResponse": ".models",
    "AsyncModelsWithStreamingResponse": ".models",
    "Beta": ".beta",
    "AsyncBeta": ".beta",
    "BetaWithRawResponse": ".beta",
    "AsyncBetaWithRawResponse": ".beta",
    "BetaWithStreamingResponse": ".beta",
    "AsyncBetaWithStreamingResponse": ".beta",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .beta import (
        AsyncBeta as AsyncBeta,
    )
    from .beta import (
        AsyncBetaWithRawResponse as AsyncBetaWithRawResponse,
    )
    from .beta import (
        AsyncBetaWithStreamingResponse as AsyncBetaWithStreamingResponse,
    )
    from .beta import (
        Beta as Beta,
    )
    from .beta import (
        BetaWithRawResponse as BetaWithRawResponse,
    )
    from .beta import (
        BetaWithStreamingResponse as BetaWithStreamingResponse,
    )
    from .completions import (
        AsyncCompletions as AsyncCompletions,
    )
    from .completions import (
        AsyncCompletionsWithRawResponse as AsyncCompletionsWithRawResponse,
    )
    from .completions import (
        AsyncCompletionsWithStreamingResponse as AsyncCompletionsWithStreamingResponse,
    )
    from .completions import (
        Completions as Completions,
    )
    from .completions import (
        CompletionsWithRawResponse as CompletionsWithRawResponse,
    )
    from .completions import (
        CompletionsWithStreamingResponse as CompletionsWithStreamingResponse,
    )
    from .messages import (
        AsyncMessages as AsyncMessages,
    )
    from .messages import (
        AsyncMessagesWithRawResponse as AsyncMessagesWithRawResponse,
    )
    from .messages import (
        AsyncMessagesWithStreamingResponse as AsyncMessagesWithStreamingResponse,
    )
    from .messages import (
        Messages as Messages,
    )
    from .messages import (
        MessagesWithRawResponse as MessagesWithRawResponse,
    )
    from .messages import (
        MessagesWithStreamingResponse as MessagesWithStreamingResponse,
    )
    from .models import (
        AsyncModels as AsyncModels,
    )
    from .models import (
        AsyncModelsWithRawResponse as AsyncModelsWithRawResponse,
    )
    from .models import (
        AsyncModelsWithStreamingResponse as AsyncModelsWithStreamingResponse,
    )
    from .models import (
        Models as Models,
    )
    from .models import (
        ModelsWithRawResponse as ModelsWithRawResponse,
    )
    from .models import (
        ModelsWithStreamingResponse as ModelsWithStreamingResponse,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
