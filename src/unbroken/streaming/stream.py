"""Streams that never leak a transport error and never lose what arrived.

`Stream` / `AsyncStream` turn a response body into typed raw events: every failure while reading is already an
`APIConnectionError` (from `_transport`), an `event: error` becomes the status error its `error.type` names, a
bad data line is an `APIResponseValidationError`, and a body that ends before `message_stop` is an
`IncompleteStreamError`. Until the first event has been handed to the caller, any such failure goes back
through the client's retry policy, exactly like a failed request; after that it is raised, never replayed.

`MessageStream` / `AsyncMessageStream` add the accumulated snapshot and the helper events, and attach that
snapshot as `partial_message` to whatever they raise. They are thin subclasses of `_SyncMessageStream` /
`_AsyncMessageStream`, which take the accumulator as an argument, so the beta streams (`beta.py`) share every
guarantee instead of copying the code that provides it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import pydantic
from typing_extensions import Self

from .. import _transport
from .._exceptions import (
    AnthropicError,
    APIResponseValidationError,
    IncompleteStreamError,
    UnexpectedEventOrderError,
    status_error_from_stream_event,
)
from .._models import type_adapter
from .._sse import ServerSentEvent
from ..types.message import Message
from .accumulate import MessageAccumulator, ToolInputJSONError
from .events import MessageStreamEvent

if TYPE_CHECKING:
    import httpx

    from .._base_client import Call, EventDecoder
    from ..types.stream_events import RawMessageStreamEvent

__all__ = [
    "AsyncMessageStream",
    "AsyncMessageStreamManager",
    "AsyncStream",
    "MessageStream",
    "MessageStreamManager",
    "Stream",
]

T = TypeVar("T")
_MessageT = TypeVar("_MessageT")
_EventT = TypeVar("_EventT")
_StreamT = TypeVar("_StreamT", bound="_SyncMessageStream[Any, Any]")
_AsyncStreamT = TypeVar("_AsyncStreamT", bound="_AsyncMessageStream[Any, Any]")

_MESSAGE_EVENTS = frozenset(
    {
        "message_start",
        "message_delta",
        "message_stop",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
    }
)


class _EventReader:
    """Turns one SSE event into a typed item (or None to skip), raising our errors; shared by both streams."""

    def __init__(self, cast_to: Any) -> None:
        # Parsing and validating the data line in one pass inside pydantic-core is most of what makes a
        # 20,000-delta stream cheap; `_decode` is only the slow path that explains a failure.
        adapter = type_adapter(cast_to)
        self._validate_json = adapter.validator.validate_json
        self._validate_python = adapter.validate_python
        self.saw_message_start = False
        self.saw_message_stop = False
        self.saw_any = False

    def read(self, sse: ServerSentEvent, response: httpx.Response) -> Any:
        name = sse.event
        if name == "content_block_delta":  # nearly every event: the shortest path
            try:
                return self._validate_json(sse.data)
            except pydantic.ValidationError:
                return self._slow_validate(sse, response)
        if name == "ping":
            return None
        if name == "error":
            raise status_error_from_stream_event(_decode(sse, response), response)
        if name is not None and name not in _MESSAGE_EVENTS and name != "completion":
            return None  # an event type this client does not know yet: skipped, as the API asks
        self.saw_any = True
        if name == "message_start":
            self.saw_message_start = True
        elif name == "message_stop":
            self.saw_message_stop = True
        try:
            return self._validate_json(sse.data)
        except pydantic.ValidationError:
            return self._slow_validate(sse, response)

    def _slow_validate(self, sse: ServerSentEvent, response: httpx.Response) -> Any:
        """Not JSON, or JSON without its `type`: decode it to tell which, and say so."""
        name = sse.event
        data = _decode(sse, response)
        try:
            return self._validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(
                response, sse.data, message=f"Stream event {name!r} does not match the expected schema: {exc}"
            ) from exc

    def finish(self, decoder: EventDecoder, response: httpx.Response) -> None:
        """A message stream must end with `message_stop`; anything else is a truncation, not success."""
        decoder.close()
        if self.saw_message_stop or (self.saw_any and not self.saw_message_start):
            return  # done, or a legacy completion stream (which has no terminal event)
        detail = "mid-event" if decoder.has_pending else "before message_stop"
        raise IncompleteStreamError(message=f"Stream ended {detail}.", request=response.request)


def _decode(sse: ServerSentEvent, response: httpx.Response) -> Any:
    try:
        data = sse.json()
    except ValueError as exc:
        raise APIResponseValidationError(
            response, sse.data, message=f"Stream data is not valid JSON: {sse.data[:200]!r}"
        ) from exc
    if isinstance(data, dict) and sse.event is not None and "type" not in data:
        data["type"] = sse.event
    return data


def _accumulator_for(cast_to: Any, client: Any) -> MessageAccumulator[Any] | None:
    """Raw message streams accumulate too, so what they raise carries `partial_message` — unless the client
    says `accumulate_raw_streams=False` (pass-through consumers: nothing kept, `partial_message` None)."""
    from ..types.beta.stream_events import BetaRawMessageStreamEvent
    from ..types.stream_events import RawMessageStreamEvent

    if not getattr(client, "accumulate_raw_streams", True):
        return None
    if cast_to is RawMessageStreamEvent:
        return MessageAccumulator()
    if cast_to is BetaRawMessageStreamEvent:
        return MessageAccumulator(beta=True)
    return None  # e.g. a legacy completion stream


def _checked_accumulate(
    accumulator: MessageAccumulator[Any] | None, response: httpx.Response
) -> Callable[[Any], None]:
    """`accumulator.accumulate`, with an out-of-order stream reported as a bad response (and, as in the
    reference, a RuntimeError)."""
    if accumulator is None:
        return _ignore
    apply = accumulator.accumulate

    def accumulate(event: Any) -> None:
        try:
            apply(event)
        except RuntimeError as exc:
            raise UnexpectedEventOrderError(response, None, message=str(exc)) from exc
        except ToolInputJSONError as exc:  # a tool_use block whose streamed input is not JSON
            raise APIResponseValidationError(response, exc.raw_json, message=str(exc)) from exc

    return accumulate


def _ignore(event: Any) -> None:
    pass


class Stream(Generic[T]):
    """Raw server-sent events of one response, typed; iterate once, or use as a context manager."""

    response: httpx.Response

    def __init__(
        self, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None = None
    ) -> None:
        self.response = response
        self._cast_to = cast_to
        self._client = client
        self._call = call
        self._delivered = False
        self._accumulator = _accumulator_for(cast_to, client)
        self._failure: AnthropicError | None = None
        self._iterator = self._events()

    def __next__(self) -> T:
        try:
            return next(self._iterator)
        except StopIteration:
            self._raise_failure()
            raise

    def __iter__(self) -> Iterator[T]:
        # A fresh delegating generator: when a `for` loop is broken and it is dropped, closing it closes
        # the inner one, whose `finally` gives the connection back to the pool.
        yield from self._iterator
        self._raise_failure()

    def _raise_failure(self) -> None:
        """A stream that failed stays failed: iterating it again raises the same error, never a quiet end."""
        if self._failure is not None:
            raise self._failure

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection; safe to call twice."""
        self._iterator.close()
        self.response.close()

    def _events(self) -> Generator[T, None, None]:
        try:
            while True:
                try:
                    yield from self._read_body()
                    return
                except AnthropicError as err:
                    if self._delivered or self._call is None:
                        if self._accumulator is not None:
                            err.partial_message = self._accumulator.snapshot
                        self._failure = err
                        raise
                    self.response.close()
                    self.response = self._client._resend(self._call, err)
        finally:
            self.response.close()

    def _read_body(self) -> Iterator[T]:
        reader = _EventReader(self._cast_to)
        decoder = self._client._event_decoder()
        response = self.response
        accumulate = _checked_accumulate(self._accumulator, response)
        for chunk in _transport.iter_bytes(response):
            for sse in decoder.feed(chunk):
                item = reader.read(sse, response)
                if item is not None:
                    accumulate(item)
                    self._delivered = True
                    yield item
        reader.finish(decoder, response)


class AsyncStream(Generic[T]):
    """The async twin of `Stream`."""

    response: httpx.Response

    def __init__(
        self, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None = None
    ) -> None:
        self.response = response
        self._cast_to = cast_to
        self._client = client
        self._call = call
        self._delivered = False
        self._accumulator = _accumulator_for(cast_to, client)
        self._failure: AnthropicError | None = None
        self._iterator = self._events()

    async def __anext__(self) -> T:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            if self._failure is not None:
                raise self._failure from None
            raise

    async def __aiter__(self) -> AsyncIterator[T]:
        async for item in self._iterator:
            yield item
        if self._failure is not None:
            raise self._failure

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self.response.aclose()

    async def _events(self) -> AsyncGenerator[T, None]:
        try:
            while True:
                try:
                    async for item in self._read_body():
                        yield item
                    return
                except AnthropicError as err:
                    if self._delivered or self._call is None:
                        if self._accumulator is not None:
                            err.partial_message = self._accumulator.snapshot
                        self._failure = err
                        raise
                    await self.response.aclose()
                    self.response = await self._client._resend(self._call, err)
        finally:
            await self.response.aclose()

    async def _read_body(self) -> AsyncIterator[T]:
        reader = _EventReader(self._cast_to)
        decoder = self._client._event_decoder()
        response = self.response
        accumulate = _checked_accumulate(self._accumulator, response)
        async for chunk in _transport.aiter_bytes(response):
            for sse in decoder.feed(chunk):
                item = reader.read(sse, response)
                if item is not None:
                    accumulate(item)
                    self._delivered = True
                    yield item
        reader.finish(decoder, response)


class _MessageStreamBase(Generic[_MessageT]):
    """What every message stream shares: the accumulator and the read-only views over it."""

    def __init__(self, accumulator: MessageAccumulator[Any]) -> None:
        self._accumulator = accumulator

    @property
    def current_message_snapshot(self) -> _MessageT:
        snapshot = self._accumulator.snapshot
        if snapshot is None:
            raise RuntimeError("No message_start event has been received yet")
        return cast(_MessageT, snapshot)

    def _attach_partial(self, err: AnthropicError) -> None:
        err.partial_message = self._accumulator.snapshot

    def _final_text(self) -> str:
        content: list[Any] = cast(Any, self.current_message_snapshot).content
        texts = [block.text for block in content if block.type == "text"]
        if not texts:
            raise RuntimeError(
                f".get_final_text() can only be called when the API returns a `text` content block.\n"
                f"The API returned {','.join(b.type for b in content)} "
                "content block type(s) that you can access by calling get_final_message().content"
            )
        return "".join(texts)


class _SyncMessageStream(_MessageStreamBase[_MessageT], Generic[_MessageT, _EventT]):
    """A sync message stream over any raw stream and accumulator (standard or beta)."""

    def __init__(self, raw_stream: Stream[Any], accumulator: MessageAccumulator[Any]) -> None:
        super().__init__(accumulator)
        raw_stream._accumulator = accumulator  # one accumulator: the raw stream applies each event once
        self._raw_stream = raw_stream
        self._iterator = self._events()
        self.text_stream: Iterator[str] = self._texts()

    @property
    def response(self) -> httpx.Response:
        return self._raw_stream.response

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.response.headers.get("request-id")
        return request_id

    def __next__(self) -> _EventT:
        return next(self._iterator)

    def __iter__(self) -> Iterator[_EventT]:
        yield from self._iterator

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._iterator.close()
        self._raw_stream.close()

    def until_done(self) -> None:
        """Consume the stream to its end (accumulating only: nobody will see helper events)."""
        for _ in self._raw_events():
            pass

    def get_final_message(self) -> _MessageT:
        self.until_done()
        return self.current_message_snapshot

    def get_final_text(self) -> str:
        """All text blocks of the final message, concatenated; RuntimeError if there is none."""
        self.until_done()
        return self._final_text()

    def _events(self) -> Generator[_EventT, None, None]:
        build_events = self._accumulator.build_events
        for event in self._raw_events():
            yield from build_events(event)

    def _raw_events(self) -> Iterator[Any]:
        """Raw events, each already accumulated by the raw stream; failures carry `partial_message`."""
        try:
            yield from self._raw_stream._iterator
            self._raw_stream._raise_failure()  # consumed before, and it had failed: say so again
        except AnthropicError as err:
            self._attach_partial(err)
            raise

    def _texts(self) -> Iterator[str]:
        for event in self._raw_events():
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                yield event.delta.text


class _AsyncMessageStream(_MessageStreamBase[_MessageT], Generic[_MessageT, _EventT]):
    """The async twin of `_SyncMessageStream`."""

    def __init__(self, raw_stream: AsyncStream[Any], accumulator: MessageAccumulator[Any]) -> None:
        super().__init__(accumulator)
        raw_stream._accumulator = accumulator  # one accumulator: the raw stream applies each event once
        self._raw_stream = raw_stream
        self._iterator = self._events()
        self.text_stream: AsyncIterator[str] = self._texts()

    @property
    def response(self) -> httpx.Response:
        return self._raw_stream.response

    @property
    def request_id(self) -> str | None:
        request_id: str | None = self.response.headers.get("request-id")
        return request_id

    async def __anext__(self) -> _EventT:
        return await self._iterator.__anext__()

    async def __aiter__(self) -> AsyncIterator[_EventT]:
        async for event in self._iterator:
            yield event

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._iterator.aclose()
        await self._raw_stream.close()

    async def until_done(self) -> None:
        async for _ in self._raw_events():
            pass

    async def get_final_message(self) -> _MessageT:
        await self.until_done()
        return self.current_message_snapshot

    async def get_final_text(self) -> str:
        await self.until_done()
        return self._final_text()

    async def _events(self) -> AsyncGenerator[_EventT, None]:
        build_events = self._accumulator.build_events
        async for event in self._raw_events():
            for helper_event in build_events(event):
                yield helper_event

    async def _raw_events(self) -> AsyncIterator[Any]:
        try:
            async for event in self._raw_stream._iterator:
                yield event
            if self._raw_stream._failure is not None:  # consumed before, and it had failed: say so again
                raise self._raw_stream._failure
        except AnthropicError as err:
            self._attach_partial(err)
            raise

    async def _texts(self) -> AsyncIterator[str]:
        async for event in self._raw_events():
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                yield event.delta.text


class MessageStream(_SyncMessageStream[Message, MessageStreamEvent]):
    """Events with helper events interleaved, plus the accumulated message; see reference §4."""

    def __init__(self, raw_stream: Stream[RawMessageStreamEvent]) -> None:
        super().__init__(raw_stream, MessageAccumulator())


class AsyncMessageStream(_AsyncMessageStream[Message, MessageStreamEvent]):
    """The async twin of `MessageStream`."""

    def __init__(self, raw_stream: AsyncStream[RawMessageStreamEvent]) -> None:
        super().__init__(raw_stream, MessageAccumulator())


class _SyncStreamManager(Generic[_StreamT]):
    """Sends the request on enter (not before), closes the stream on exit."""

    def __init__(self, make_stream: Callable[[], _StreamT]) -> None:
        self._make_stream = make_stream
        self._stream: _StreamT | None = None

    def __enter__(self) -> _StreamT:
        self._stream = self._make_stream()
        return self._stream

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class _AsyncStreamManager(Generic[_AsyncStreamT]):
    """The async twin of `_SyncStreamManager`; the request is awaited on enter."""

    def __init__(self, make_stream: Callable[[], Awaitable[_AsyncStreamT]]) -> None:
        self._make_stream = make_stream
        self._stream: _AsyncStreamT | None = None

    async def __aenter__(self) -> _AsyncStreamT:
        self._stream = await self._make_stream()
        return self._stream

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._stream is not None:
            await self._stream.close()


class MessageStreamManager(_SyncStreamManager[MessageStream]):
    """`with client.messages.stream(...) as stream:` — the request is sent on enter, closed on exit."""

    def __init__(self, make_request: Callable[[], Stream[RawMessageStreamEvent]]) -> None:
        super().__init__(lambda: MessageStream(make_request()))


class AsyncMessageStreamManager(_AsyncStreamManager[AsyncMessageStream]):
    """`async with client.messages.stream(...) as stream:` (not awaited)."""

    def __init__(self, make_request: Callable[[], Awaitable[AsyncStream[RawMessageStreamEvent]]]) -> None:
        async def make_stream() -> AsyncMessageStream:
            return AsyncMessageStream(await make_request())

        super().__init__(make_stream)
