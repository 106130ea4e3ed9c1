# Source of _sync_beta.py: scripts/unasync.py generates it from this file (`make generate`).
"""Beta message streams: `client.beta.messages.stream(...)`.

The same streams as `stream.py` (same guarantees: typed errors, `partial_message`, `IncompleteStreamError`,
retry before the first event), with a beta accumulator: beta helper events, `container` and
`context_management` copied from `message_delta`, and `ParsedBetaMessage[T]` snapshots. With an
`output_format` type, each text block's `parsed_output` is filled when the block stops; text that does not
match the type raises `APIResponseValidationError` (pydantic's error on `__cause__`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic

from .._concurrency import AsyncDeferred
from .._types import NotGiven, not_given
from ..types.beta.parsed_beta_message import ResponseFormatT
from ._async_stream import AsyncStream, _AsyncMessageStream, _AsyncStreamManager
from ._shared import beta_accumulator

if TYPE_CHECKING:
    from ..types.beta.parsed_beta_message import ParsedBetaMessage  # noqa: F401  (in quoted base classes)
    from ..types.beta.stream_events import BetaRawMessageStreamEvent
    from .events import ParsedBetaMessageStreamEvent  # noqa: F401  (named in the quoted base classes)

__all__ = ["BetaAsyncMessageStream", "BetaAsyncMessageStreamManager"]


class BetaAsyncMessageStream(
    _AsyncMessageStream[
        "ParsedBetaMessage[ResponseFormatT]", "ParsedBetaMessageStreamEvent[ResponseFormatT]"
    ],
    Generic[ResponseFormatT],
):
    """Beta events with helper events interleaved, plus the accumulated `ParsedBetaMessage[T]`."""

    def __init__(
        self,
        raw_stream: AsyncStream[BetaRawMessageStreamEvent],
        output_format: type[ResponseFormatT] | NotGiven | None,
    ) -> None:
        super().__init__(raw_stream, beta_accumulator(output_format, lambda: self.response))


class BetaAsyncMessageStreamManager(
    _AsyncStreamManager["BetaAsyncMessageStream[ResponseFormatT]"], Generic[ResponseFormatT]
):
    """`async with client.beta.messages.stream(...) as stream:` — the request is sent on enter, closed on
    exit."""

    def __init__(
        self,
        api_request: AsyncDeferred[AsyncStream[BetaRawMessageStreamEvent]],
        *,
        output_format: type[ResponseFormatT] | NotGiven | None = not_given,  # async-only
        # sync-only: output_format: type[ResponseFormatT] | NotGiven | None,
    ) -> None:
        super().__init__(api_request, lambda raw_stream: BetaAsyncMessageStream(raw_stream, output_format))
