"""`client.beta` and its resources (messages, models, files, skills), as the reference exports them.

Every name loads on first use, so importing this package costs nothing until a resource is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types._lazy import lazy_exports

_EXPORTS: dict[str, str] = {
    "Models": ".models",
    "AsyncModels": ".models",
    "ModelsWithRawResponse": ".models",
    "AsyncModelsWithRawResponse": ".models",
    "ModelsWithStreamingResponse": ".models",
    "AsyncModelsWithStreamingResponse": ".models",
    "Messages": ".messages",
    "AsyncMessages": ".messages",
    "MessagesWithRawResponse": ".messages",
    "AsyncMessagesWithRawResponse": ".messages",
    "MessagesWithStreamingResponse": ".messages",
    "AsyncMessagesWithStreamingResponse": ".messages",
    "Files": ".files",
    "AsyncFiles": ".files",
    "FilesWithRawResponse": ".files",
    "AsyncFilesWithRawResponse": ".files",
    "FilesWithStreamingResponse": ".files",
    "AsyncFilesWithStreamingResponse": ".files",
    "Skills": ".skills",
    "AsyncSkills": ".skills",
    "SkillsWithRawResponse": ".skills",
    "AsyncSkillsWithRawResponse": ".skills",
    "SkillsWithStreamingResponse": ".skills",
    "AsyncSkillsWithStreamingResponse": ".skills",
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
    from .files import (
        AsyncFiles as AsyncFiles,
    )
    from .files import (
        AsyncFilesWithRawResponse as AsyncFilesWithRawResponse,
    )
    from .files import (
        AsyncFilesWithStreamingResponse as AsyncFilesWithStreamingResponse,
    )
    from .files import (
        Files as Files,
    )
    from .files import (
        FilesWithRawResponse as FilesWithRawResponse,
    )
    from .files import (
        FilesWithStreamingResponse as FilesWithStreamingResponse,
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
    from .skills import (
        AsyncSkills as AsyncSkills,
    )
    from .skills import (
        AsyncSkillsWithRawResponse as AsyncSkillsWithRawResponse,
    )
    from .skills import (
        AsyncSkillsWithStreamingResponse as AsyncSkillsWithStreamingResponse,
    )
    from .skills import (
        Skills as Skills,
    )
    from .skills import (
        SkillsWithRawResponse as SkillsWithRawResponse,
    )
    from .skills import (
        SkillsWithStreamingResponse as SkillsWithStreamingResponse,
    )
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
