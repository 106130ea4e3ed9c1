"""Beta message streams: `client.beta.messages.stream(...)`.

The same streams as `stream.py` (same guarantees: typed errors, `partial_message`, `IncompleteStreamError`,
retry before the first event), with a beta accumulator: beta helper events, `container` and
`context_management` copied from `message_delta`, and `ParsedBetaMessage[T]` snapshots. With an
`output_format` type, each text block's `parsed_output` is filled when the block stops; text that does not
match the type raises `APIResponseValidationError` (pydantic's error on `__cause__`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic

from .._types import NotGiven, not_given
from ..types.beta.parsed_beta_message import ParsedBetaMessage, ResponseFormatT
from .accumulate import MessageAccumulator
from .stream import (
    AsyncStream,
    Stream,
    _AsyncMessageStream,
    _AsyncStreamManager,
    _SyncMessageStream,
    _SyncStreamManager,
)

if TYPE_CHECKING:
    import httpx

    from ..types.beta.stream_events import BetaRawMessageStreamEvent
    from .events import ParsedBetaMessageStreamEvent  # noqa: F401  (named in the quoted base classes)

__all__ = [
    "BetaAsyncMessageStream",
    "BetaAsyncMessageStreamManager",
    "BetaMessageStream",
    "BetaMessageStreamManager",
]


def _accumulator(output_format: object, response: Callable[[], httpx.Response]) -> MessageAccumulator[Any]:
    """A beta accumulator; with a type, snapshots are `ParsedBetaMessage[T]` and text blocks get parsed."""
    if output_format is None or isinstance(output_format, (NotGiven, Mapping)):
        return MessageAccumulator(beta=True)  # no type to parse into (a raw JSON schema is only sent)
    from ..lib._parse._response import text_parser

    return MessageAccumulator(
        beta=True,
        message_type=ParsedBetaMessage[output_format],  # type: ignore[valid-type]
        parse_text=text_parser(output_format, response),
    )


class BetaMessageStream(
    _SyncMessageStream["ParsedBetaMessage[ResponseFormatT]", "ParsedBetaMessageStreamEvent[ResponseFormatT]"],
    Generic[ResponseFormatT],
):
    """Beta events with helper events interleaved, plus the accumulated `ParsedBetaMessage[T]`."""

    def __init__(
        self,
        raw_stream: Stream[BetaRawMessageStreamEvent],
        output_format: type[ResponseFormatT] | NotGiven | None = not_given,
    ) -> None:
        super().__init__(raw_stream, _accumulator(output_format, lambda: self.response))


class BetaAsyncMessageStream(
    _AsyncMessageStream[
        "ParsedBetaMessage[ResponseFormatT]", "ParsedBetaMessageStreamEvent[ResponseFormatT]"
    ],
    Generic[ResponseFormatT],
):
    """The async twin of `BetaMessageStream`."""

    def __init__(
        self,
        raw_stream: AsyncStream[BetaRawMessageStreamEvent],
        output_format: type[ResponseFormatT] | NotGiven | None = not_given,
    ) -> None:
        super().__init__(raw_stream, _accumulator(output_format, lambda: self.response))


class BetaMessageStreamManager(
    _SyncStreamManager["BetaMessageStream[ResponseFormatT]"], Generic[ResponseFormatT]
):
    """`with client.beta.messages.stream(...) as stream:` — the request is sent on enter, closed on exit."""

    def __init__(
        self,
        make_request: Callable[[], Stream[BetaRawMessageStreamEvent]],
        *,
        output_format: type[ResponseFormatT] | NotGiven | None = not_given,
    ) -> None:
        super().__init__(lambda: BetaMessageStream(make_request(), output_format))


class BetaAsyncMessageStreamManager(
    _AsyncStreamManager["BetaAsyncMessageStream[ResponseFormatT]"], Generic[ResponseFormatT]
):
    """`async with client.beta.messages.stream(...) as stream:` (not awaited)."""

    def __init__(
        self,
        make_request: Callable[[], Awaitable[AsyncStream[BetaRawMessageStreamEvent]]],
        *,
        output_format: type[ResponseFormatT] | NotGiven | None = not_given,
    ) -> None:
        async def make_stream() -> BetaAsyncMessageStream[ResponseFormatT]:
            return BetaAsyncMessageStream(await make_request(), output_format)

        super().__init__(make_stream)
