# Source of _sync_beta.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.beta`: the namespace of beta resources (messages, models, files, skills).

Each sub-resource is imported on first access, so `client.beta` costs nothing until used and one missing
sub-resource never breaks the others.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..._resource import AsyncAPIResource

if TYPE_CHECKING:
    from ._async_files import AsyncFiles, AsyncFilesWithRawResponse, AsyncFilesWithStreamingResponse
    from ._async_models import AsyncModels, AsyncModelsWithRawResponse, AsyncModelsWithStreamingResponse
    from .messages._async_messages import (
        AsyncMessages,
        AsyncMessagesWithRawResponse,
        AsyncMessagesWithStreamingResponse,
    )
    from .skills._async_skills import (
        AsyncSkills,
        AsyncSkillsWithRawResponse,
        AsyncSkillsWithStreamingResponse,
    )

__all__ = [
    "AsyncBeta",
    "AsyncBetaWithRawResponse",
    "AsyncBetaWithStreamingResponse",
    "AsyncPlatformBeta",
    "AsyncPlatformBetaWithRawResponse",
    "AsyncPlatformBetaWithStreamingResponse",
]


class AsyncBeta(AsyncAPIResource["AsyncBetaWithRawResponse", "AsyncBetaWithStreamingResponse"]):
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


class AsyncPlatformBeta(
    AsyncAPIResource["AsyncPlatformBetaWithRawResponse", "AsyncPlatformBetaWithStreamingResponse"]
):
    """`client.beta` on Bedrock and Vertex: only `messages`, the one beta endpoint those platforms serve."""

    @cached_property
    def messages(self) -> AsyncMessages:
        from .messages._async_messages import AsyncMessages

        return AsyncMessages(self._client)


class AsyncBetaWithRawResponse:
    def __init__(self, beta: AsyncBeta) -> None:
        self._beta = beta

    @cached_property
    def messages(self) -> AsyncMessagesWithRawResponse:
        return self._beta.messages.with_raw_response

    @cached_property
    def models(self) -> AsyncModelsWithRawResponse:
        return self._beta.models.with_raw_response

    @cached_property
    def files(self) -> AsyncFilesWithRawResponse:
        return self._beta.files.with_raw_response

    @cached_property
    def skills(self) -> AsyncSkillsWithRawResponse:
        return self._beta.skills.with_raw_response


class AsyncBetaWithStreamingResponse:
    def __init__(self, beta: AsyncBeta) -> None:
        self._beta = beta

    @cached_property
    def messages(self) -> AsyncMessagesWithStreamingResponse:
        return self._beta.messages.with_streaming_response

    @cached_property
    def models(self) -> AsyncModelsWithStreamingResponse:
        return self._beta.models.with_streaming_response

    @cached_property
    def files(self) -> AsyncFilesWithStreamingResponse:
        return self._beta.files.with_streaming_response

    @cached_property
    def skills(self) -> AsyncSkillsWithStreamingResponse:
        return self._beta.skills.with_streaming_response


AsyncBeta._views = (AsyncBetaWithRawResponse, AsyncBetaWithStreamingResponse)


class AsyncPlatformBetaWithRawResponse:
    def __init__(self, beta: AsyncPlatformBeta) -> None:
        self._beta = beta

    @cached_property
    def messages(self) -> AsyncMessagesWithRawResponse:
        return self._beta.messages.with_raw_response


class AsyncPlatformBetaWithStreamingResponse:
    def __init__(self, beta: AsyncPlatformBeta) -> None:
        self._beta = beta

    @cached_property
    def messages(self) -> AsyncMessagesWithStreamingResponse:
        return self._beta.messages.with_streaming_response


AsyncPlatformBeta._views = (AsyncPlatformBetaWithRawResponse, AsyncPlatformBetaWithStreamingResponse)
