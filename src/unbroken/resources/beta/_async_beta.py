# Source of _sync_beta.py, which scripts/unasync.py generates from this file (`make generate`).
"""`client.beta`: the namespace of beta resources (messages, models, files, skills).

Each sub-resource is imported on first access, so `client.beta` costs nothing until used and one missing
sub-resource never breaks the others.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..._resource import AsyncAPIResource

if TYPE_CHECKING:
    from ._async_files import AsyncFiles
    from ._async_models import AsyncModels
    from .messages._async_messages import AsyncMessages
    from .skills._async_skills import AsyncSkills

__all__ = ["AsyncBeta", "AsyncPlatformBeta"]


class AsyncBeta(AsyncAPIResource):
    @cached_property
    def messages(self) -> AsyncMessages:
        from .messages._async_messages import AsyncMessages

        return AsyncMessages(self._client)

    @cached_property
    def models(self) -> AsyncModels:
        from ._async_models import AsyncModels

        return AsyncModels(self._client)

    @cached_property
    def files(self) -> AsyncFiles:
        from ._async_files import AsyncFiles

        return AsyncFiles(self._client)

    @cached_property
    def skills(self) -> AsyncSkills:
        from .skills._async_skills import AsyncSkills

        return AsyncSkills(self._client)


class AsyncPlatformBeta(AsyncAPIResource):
    """`client.beta` on Bedrock and Vertex: only `messages`, the one beta endpoint those platforms serve."""

    @cached_property
    def messages(self) -> AsyncMessages:
        from .messages._async_messages import AsyncMessages

        return AsyncMessages(self._client)
