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
    "Messages": ".messages.messages",
    "AsyncMessages": ".messages.messages",
    "MessagesWithRawResponse": ".messages.messages",
    "AsyncMessagesWithRawResponse": ".messages.messages",
    "MessagesWithStreamingResponse": ".messages.messages",
    "AsyncMessagesWithStreamingResponse": ".messages.messages",
    "Files": ".files",
    "AsyncFiles": ".files",
    "FilesWithRawResponse": ".files",
    "AsyncFilesWithRawResponse": ".files",
    "FilesWithStreamingResponse": ".files",
    "AsyncFilesWithStreamingResponse": ".files",
    "Skills": ".skills.skills",
    "AsyncSkills": ".skills.skills",
    "SkillsWithRawResponse": ".skills.skills",
    "AsyncSkillsWithRawResponse": ".skills.skills",
    "SkillsWithStreamingResponse": ".skills.skills",
    "AsyncSkillsWithStreamingResponse": ".skills.skills",
    "Beta": ".beta",
    "AsyncBeta": ".beta",
    "BetaWithRawResponse": ".beta",
    "AsyncBetaWithRawResponse": ".beta",
    "BetaWithStreamingResponse": ".beta",
    "AsyncBetaWithStreamingResponse": ".beta",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .beta import *  # noqa: F403
    from .files import *  # noqa: F403
    from .messages.messages import *  # noqa: F403
    from .models import *  # noqa: F403
    from .skills.skills import *  # noqa: F403
else:
    __getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
