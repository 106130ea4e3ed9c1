"""`client.beta`: the namespace of beta resources (messages, models, files, skills).

Each sub-resource is imported on first access, so `client.beta` costs nothing until used and one missing
sub-resource never breaks the others. The `anthropic-beta` header follows one rule everywhere:
`resources.models.beta_header`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..._resource import AsyncAPIResource, SyncAPIResource
from ..._types import NotGiven, Omit

if TYPE_CHECKING:
    from .files import AsyncFiles, Files
    from .messages import AsyncMessages, Messages
    from .models import AsyncModels, Models
    from .skills import AsyncSkills, Skills

__all__ = [
    "AsyncBeta",
    "AsyncFiles",
    "AsyncMessages",
    "AsyncModels",
    "AsyncSkills",
    "Beta",
    "Files",
    "Messages",
    "Models",
    "Skills",
]


class Beta(SyncAPIResource):
    @cached_property
    def messages(self) -> Messages:
        from .messages import Messages

        return Messages(self._client)

    @cached_property
    def models(self) -> Models:
        from .models import Models

        return Models(self._client)

    @cached_property
    def files(self) -> Files:
        from .files import Files

        return Files(self._client)

    @cached_property
    def skills(self) -> Skills:
        from .skills import Skills

        return Skills(self._client)


class AsyncBeta(AsyncAPIResource):
    @cached_property
    def messages(self) -> AsyncMessages:
        from .messages import AsyncMessages

        return AsyncMessages(self._client)

    @cached_property
    def models(self) -> AsyncModels:
        from .models import AsyncModels

        return AsyncModels(self._client)

    @cached_property
    def files(self) -> AsyncFiles:
        from .files import AsyncFiles

        return AsyncFiles(self._client)

    @cached_property
    def skills(self) -> AsyncSkills:
        from .skills import AsyncSkills

        return AsyncSkills(self._client)


# The reference exports the sub-resource classes from this package too; loaded only when asked for.
_LAZY = {
    "Messages": ".messages",
    "AsyncMessages": ".messages",
    "Models": ".models",
    "AsyncModels": ".models",
    "Files": ".files",
    "AsyncFiles": ".files",
    "Skills": ".skills",
    "AsyncSkills": ".skills",
}


def __getattr__(name: str) -> Any:
    home = _LAZY.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home, __name__), name)
