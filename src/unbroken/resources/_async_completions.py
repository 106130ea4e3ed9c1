# Source of _sync_completions.py: scripts/unasync.py generates it from this file (`make generate`).
"""`client.completions`: the legacy Text Completions API (`POST /v1/complete`), kept for old prompts.

`stream=True` gives a `Stream[Completion]` whose events are `completion` deltas; the raw stream already
knows that a completion stream has no terminal event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, overload

from .._async_response import async_to_raw_response_wrapper, async_to_streamed_response_wrapper
from .._request import request_spec
from .._resource import AsyncAPIResource
from .._types import Headers, Omit, Query, SequenceNotStr, not_given, omit
from ..types.completion import Completion
from ..types.message import ModelParam
from ._shared import BetaList, TimeoutArg, beta_header, completion_body, completion_timeout

if TYPE_CHECKING:
    from ..streaming._async_stream import AsyncStream
    from ..types.message_params import MetadataParam

__all__ = [
    "AsyncCompletions",
    "AsyncCompletionsWithRawResponse",
    "AsyncCompletionsWithStreamingResponse",
]


class AsyncCompletions(
    AsyncAPIResource["AsyncCompletionsWithRawResponse", "AsyncCompletionsWithStreamingResponse"]
):
    @overload
    async def create(
        self,
        *,
        max_tokens_to_sample: int,
        model: ModelParam,
        prompt: str,
        metadata: MetadataParam | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: Literal[False] | Omit = omit,
        temperature: float | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Completion: ...
    @overload
    async def create(
        self,
        *,
        max_tokens_to_sample: int,
        model: ModelParam,
        prompt: str,
        stream: Literal[True],
        metadata: MetadataParam | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        temperature: float | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> AsyncStream[Completion]: ...
    @overload
    async def create(
        self,
        *,
        max_tokens_to_sample: int,
        model: ModelParam,
        prompt: str,
        stream: bool,
        metadata: MetadataParam | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        temperature: float | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Completion | AsyncStream[Completion]: ...
    async def create(
        self,
        *,
        max_tokens_to_sample: int,
        model: ModelParam,
        prompt: str,
        metadata: MetadataParam | Omit = omit,
        stop_sequences: SequenceNotStr[str] | Omit = omit,
        stream: bool | Omit = omit,
        temperature: float | Omit = omit,
        top_k: int | Omit = omit,
        top_p: float | Omit = omit,
        betas: BetaList | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: TimeoutArg = not_given,
    ) -> Completion | AsyncStream[Completion]:
        """Continue a `"\\n\\nHuman: ...\\n\\nAssistant:"` prompt (legacy; prefer `messages.create`)."""
        body = completion_body(
            max_tokens_to_sample=max_tokens_to_sample, model=model, prompt=prompt, metadata=metadata,
            stop_sequences=stop_sequences, stream=stream, temperature=temperature, top_k=top_k, top_p=top_p,
        )  # fmt: skip
        spec = request_spec(
            "post", "/v1/complete", body=body, headers=beta_header(betas), extra_headers=extra_headers,
            extra_query=extra_query, extra_body=extra_body,
            timeout=completion_timeout(self._client.timeout, timeout),
        )  # fmt: skip
        if stream is True:
            from ..streaming._async_stream import AsyncStream

            events: AsyncStream[Completion] = await self._client.request(
                Completion, spec, stream=True, stream_cls=AsyncStream
            )
            return events
        completion: Completion = await self._client.request(Completion, spec)
        return completion


class AsyncCompletionsWithRawResponse:
    def __init__(self, completions: AsyncCompletions) -> None:
        self._completions = completions
        self.create = async_to_raw_response_wrapper(completions.create)


class AsyncCompletionsWithStreamingResponse:
    def __init__(self, completions: AsyncCompletions) -> None:
        self._completions = completions
        self.create = async_to_streamed_response_wrapper(completions.create)


AsyncCompletions._views = (AsyncCompletionsWithRawResponse, AsyncCompletionsWithStreamingResponse)
