# Source of _sync_stream.py: scripts/unasync.py generates it from this file (`make generate`).
"""`AsyncStream`, `AsyncMessageStream` and its manager: streams that never leak a transport error and never
lose what arrived.

`AsyncStream` turns a response body into typed raw events: every failure while reading is already an
`APIConnectionError` (from `_transport`), an `event: error` becomes the status error its `error.type` names,
a bad data line is an `APIResponseValidationError`, and a body that ends before `message_stop` is an
`IncompleteStreamError` (all decided by `EventReader`, in `_shared.py`). A limit of the client's
`StreamTimeouts` (or its deadline, until the first event) that passes is an `APITimeoutError` naming it:
`AsyncBodyReader` checks the stream's `StreamTimer` at every chunk and has the watchdog wake a read stuck on a
silent socket. Until the first event has been handed to the caller, any such failure goes back through the
client's retry policy, exactly like a failed request, and then to the call's fallbacks; after that it is
raised, never replayed — unless the client opted in (`resume_streams`, `fallbacks`): then a stream broken
after content is continued with a prefill, and one broken after `message_start` but before content is
retried or moved to a fallback, each new body stitched onto what the caller has read
(`continuation.py`; the decisions in `AsyncStream._recover`).

`AsyncMessageStream` adds the accumulated snapshot and the helper events, and attaches that snapshot as
`partial_message` to whatever it raises. It is a thin subclass of `_AsyncMessageStream`, which takes the
accumulator as an argument, so the beta streams (`beta.py`) share every guarantee instead of copying the
code that provides it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from typing_extensions import Self

from .. import _transport
from .._concurrency import AsyncDeferred, aresolve
from .._exceptions import AnthropicError, APITimeoutError
from .._hooks import NOOP, CallObserver, anotify
from .._models import type_adapter
from .._timeouts import StreamTimer
from .._watchdog import bounded_reads, watch
from ..types.message import Message
from ._legacy import LegacyStreamCheck
from ._shared import EventReader, MessageStreamBase, Progress, accumulator_for
from .accumulate import MessageAccumulator
from .continuation import Stitcher, plan_continuation
from .events import MessageStreamEvent

if TYPE_CHECKING:
    import httpx

    from .._call import Call
    from .._request import RequestSpec
    from ..types.stream_events import RawMessageStreamEvent

__all__ = ["AsyncBodyReader", "AsyncMessageStream", "AsyncMessageStreamManager", "AsyncStream"]

logger = logging.getLogger("unbroken.streaming")

T = TypeVar("T")
_MessageT = TypeVar("_MessageT")
_EventT = TypeVar("_EventT")
_AsyncStreamT = TypeVar("_AsyncStreamT", bound="_AsyncMessageStream[Any, Any]")


class AsyncBodyReader(Generic[T]):
    """The items of one response body, read once. Until the first item has reached the caller, a failure
    goes back through the client's retry loop (`_resend`) and the body is read again from the new response;
    after that it is raised, never replayed. The connection is released when reading ends, fails, or is
    closed. Subclasses say how bytes become items (`_read_body`) and what a final failure leaves behind; a
    `timed` subclass reads its chunks through `_chunks`, which applies the call's `StreamTimeouts`. The call's
    observer (hooks, telemetry, usage meter) is told when the body ends, fails or is closed."""

    response: httpx.Response
    timed: ClassVar[bool] = False
    """Whether the client's `StreamTimeouts` govern bodies of this class (message streams do)."""

    def __init__(self, *, response: httpx.Response, client: Any, call: Call | None) -> None:
        self.response = response
        self._client = client
        self._call = call
        self._delivered = False
        self._timer: StreamTimer | None = None
        self._reading = False
        self._iterator = self._items()

    async def close(self) -> None:
        """Release the connection; safe to call twice."""
        if not self._reading:  # closed before its first read: the body's own ending never runs
            self._observer().stream_ended(self._outcome())
        await self._iterator.aclose()
        await self.response.aclose()

    async def _items(self) -> AsyncGenerator[T, None]:
        self._reading = True
        try:
            while True:
                try:
                    async for item in self._read_body():
                        self._delivered = True
                        yield item
                    if self._call is not None and self._call.route is not None:
                        self._call.route.succeeded()  # the target answered in full
                    self._observer().stream_ended(self._outcome())
                    return
                except AnthropicError as err:
                    failure = self._timed_out(err)
                    await self.response.aclose()
                    try:
                        await self._recover(failure)
                    except Exception as final:  # ours, or a middleware's on a retry
                        await self._fail(final)
                        raise
        finally:
            self._observer().stream_ended(self._outcome())  # closed before its end: what arrived so far
            await self.response.aclose()

    def _observer(self) -> CallObserver:
        """The observer of the call being read (another one after a move to a fallback)."""
        return self._call.observer if self._call is not None else NOOP

    async def _recover(self, failure: AnthropicError) -> None:
        """After `failure`, a new response to read (`self.response`), or an error raised. Until the first
        item has reached the caller, the call is retried like a failed request, then moved to its
        fallbacks; after that, `failure` is raised."""
        if self._delivered or self._call is None:
            raise failure
        await self._retry(failure, fall_back=True)

    async def _retry(self, failure: AnthropicError, *, fall_back: bool, retry: bool = True) -> None:
        """A new response for the call by its retry policy (unless not `retry`: the target's body had
        started), then (`fall_back`) from its next fallback target, until one answers; or the last error
        raised."""
        call = self._call
        assert call is not None
        error: Exception = failure
        if retry:
            try:
                self.response = await self._client._resend(call, failure)
                return
            except Exception as exc:
                error = exc
        elif call.route is not None:
            call.route.failed(failure)  # not retried, but an overload counts against the target all the same
        if not fall_back or call.route is None:
            raise error
        while True:
            moved = await self._client._fall_back(self._call, error)
            if moved is None:
                raise error
            self._call, self._client = moved, moved.client
            try:
                self.response = await self._client._body_response(moved, failure)
                return
            except Exception as exc:  # this target gave up too: the next one
                error = exc

    async def _fail(self, error: Exception) -> None:
        """The stream failed for good: say so to the subclass (`partial_message`) and to the observer."""
        if isinstance(error, AnthropicError):
            self._failed(error)
        partial = getattr(error, "partial_message", None)
        await anotify(self._observer().stream_failed(error, partial))

    async def _read_body(self) -> AsyncIterator[T]:
        raise NotImplementedError
        yield  # a generator, for the type checker

    def _failed(self, error: AnthropicError) -> None:
        """Called with the failure that is about to reach the caller."""

    def _outcome(self) -> object:
        """What the body amounted to (the accumulated message), for the observer; None by default."""
        return None

    # -- the stream's limits ----------------------------------------------------------------------

    def _chunks(self, progress: Progress) -> AsyncIterator[bytes]:
        """The body's chunks as they arrive; for a timed stream with limits, each checked against them."""
        chunks = _transport.aiter_bytes(self.response)
        self._timer = None  # this body's limits, never an earlier body's (a fallback's client may set none)
        call = self._call
        if call is None or call.stream_timeouts is None:
            return chunks
        sent_at = call.sent_at
        assert sent_at is not None  # every body read here answered an attempt, stamped when sent (`_start`)
        timer = StreamTimer(
            call.stream_timeouts,
            sent_at=sent_at,
            deadline=call.deadline,
            clock=call.clock,
            answered_at=call.answered_at,
        )
        if not timer.active:
            return chunks
        self._timer = timer
        return self._timed_chunks(chunks, timer, progress)

    async def _timed_chunks(
        self, chunks: AsyncIterator[bytes], timer: StreamTimer, progress: Progress
    ) -> AsyncIterator[bytes]:
        request = self.response.request
        watched = watch(timer, _transport.socket_of(self.response))
        if watched is None:  # async-only
            chunks = bounded_reads(chunks, timer, request)  # async-only
        try:
            if timer.before_read(progress.events, progress.saw_message_stop):
                raise timer.error(request)
            async for chunk in chunks:
                if timer.arrived():
                    raise timer.error(request)
                yield chunk
                if timer.before_read(progress.events, progress.saw_message_stop):
                    raise timer.error(request)
                if progress.saw_message_stop and watched is not None:
                    watched.cancel()  # done: the connection is about to go back to the pool
                    watched = None
        finally:
            if watched is not None:
                watched.cancel()

    def _timed_out(self, error: AnthropicError) -> AnthropicError:
        """A failure caused by a limit that passed (the watchdog shut the socket) as that limit's timeout."""
        timer = self._timer
        if timer is None or timer.fired is None:
            return error
        if isinstance(error, APITimeoutError) and error.timeout_kind == timer.fired:
            return error
        timeout = timer.error(self.response.request)
        if isinstance(error, APITimeoutError):
            timeout.__cause__ = error  # the transport's own limit passed too
        else:
            timeout.__suppress_context__ = True  # the watchdog shut the socket: that error is no news
        return timeout


class AsyncStream(AsyncBodyReader[T], metaclass=LegacyStreamCheck):
    """Raw server-sent events of one response, typed; iterate once, or use as a context manager."""

    timed = True

    def __init__(
        self, *, cast_to: Any, response: httpx.Response, client: Any, call: Call | None = None
    ) -> None:
        self._cast_to = cast_to
        self._accumulator = accumulator_for(cast_to, client)
        self._failure: AnthropicError | None = None
        self._reader: EventReader | None = None
        self._discarding = False
        self.continuations = 0
        """How many times the stream broke after content arrived and was continued (`resume_streams`)."""
        self._stitcher: Stitcher | None = None
        self._suffix = ""  # whitespace the caller has and the last continuation's prefill lacks
        self._broken_by: AnthropicError | None = None  # what the continuation being read was to repair
        self._answering: RequestSpec | None = None  # the request the continuations carry on
        super().__init__(response=response, client=client, call=call)

    async def __anext__(self) -> T:
        try:
            return await self._iterator.__anext__()
        except StopAsyncIteration:
            self._raise_failure()
            raise

    async def __aiter__(self) -> AsyncIterator[T]:
        # A fresh generator per loop. The generated sync form delegates (`yield from`): when a `for` loop is
        # broken and it is dropped, closing it closes the inner one, whose `finally` releases the connection.
        async for item in self._iterator:
            yield item
        self._raise_failure()

    def _raise_failure(self) -> None:
        """A stream that failed stays failed: iterating it again raises the same error, never a quiet end."""
        if self._failure is not None:
            raise self._failure

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _failed(self, error: AnthropicError) -> None:
        if self._accumulator is not None:
            error.partial_message = self._accumulator.snapshot
        self._failure = error

    def _outcome(self) -> object:
        return self._accumulator.snapshot if self._accumulator is not None else None

    def _discard_deltas(self) -> None:
        """Nobody will see the events from here on (`until_done()`): let the reader skip building them."""
        self._discarding = True
        if self._reader is not None:
            self._reader.discard_deltas = True

    async def _read_body(self) -> AsyncIterator[T]:
        reader = EventReader(
            self._cast_to, self._client._event_decoder(), self.response, self._accumulator, self._stitcher
        )
        reader.discard_deltas = self._discarding
        self._reader = reader
        async for chunk in self._chunks(reader):
            for item in reader.feed(chunk):
                yield item
        for item in reader.finish():
            yield item

    # -- after a failure: continuation (`resume_streams`) and fallback (`fallbacks`) ----------------------

    async def _recover(self, failure: AnthropicError) -> None:
        """With `resume_streams` or `fallbacks`, a message stream also survives failures after its first
        event: one after content arrived is continued (`_continue`); one before (only `message_start` was
        read, or a continuation's body failed before its first event) is retried like a failed request,
        moved to a fallback while no content has arrived, and the new body stitched onto the stream."""
        call = self._call
        accumulator = self._accumulator
        if call is None or accumulator is None or (not call.continuation_limit and call.route is None):
            await super()._recover(failure)
            return
        snapshot = accumulator.snapshot
        content = snapshot is not None and bool(snapshot.content)
        started = self._reader is not None and self._reader.saw_any  # this body got to its first event
        if started and content:
            await self._continue(failure)
        else:
            if started and snapshot is not None:  # its usage (input tokens, billed) is not the answer's
                failure.partial_message = snapshot.model_copy(deep=True)
            try:
                # A body that started is retried only to be continued (`resume_streams`), as without
                # fallbacks; it may still move to a fallback target while no content has arrived.
                await self._retry(
                    failure, fall_back=not content, retry=not started or bool(call.continuation_limit)
                )
            except Exception as final:
                if self._broken_by is not None:  # a continuation that never started (content had arrived)
                    raise self._unrepaired(final) from final
                raise
        if snapshot is not None:  # the new body carries on what the caller has read
            make_event = type_adapter(self._cast_to).validate_python
            self._stitcher = Stitcher(
                snapshot,
                open_block=accumulator.open_block,
                suffix=self._suffix,
                make_event=make_event,
                restart=not content,
            )

    async def _continue(self, failure: AnthropicError) -> None:
        """Send the call again with what arrived as the assistant prefill (`plan_continuation`), or raise
        `failure` when the stream cannot be continued; a continuation that fails before its first event
        raises `failure`, what stopped it chained."""
        call = self._call
        assert call is not None and call.canonical is not None
        assert self._accumulator is not None
        snapshot: Any = self._accumulator.snapshot
        if call.route is not None:
            call.route.succeeded()  # the target answered, if not to the end
        if self._answering is None:  # the request as asked (later continuations add to it, not to theirs)
            self._answering = call.canonical
        plan = plan_continuation(
            self._answering, snapshot, failure, done=self.continuations, limit=call.continuation_limit
        )
        if isinstance(plan, str):
            logger.info("The stream is not continued after %s: %s", type(failure).__name__, plan)
            raise failure
        self.continuations += 1
        snapshot._continuations = self.continuations
        self._broken_by, self._suffix = failure, plan.suffix
        logger.info(
            "Continuing the stream after %s (continuation %d of at most %d)",
            type(failure).__name__,
            self.continuations,
            call.continuation_limit,
        )
        from .._hook_events import ContinuationEvent

        event = ContinuationEvent(self.continuations, failure, plan.prefill, snapshot.model_copy(deep=True))
        await anotify(call.observer.continuing(event))
        self._call = self._client._call_of(plan.spec, call, observer=call.observer)
        try:
            self.response = await self._client._body_response(self._call, failure)
        except Exception as final:
            if final is failure:  # a middleware answered with a value: `failure` as it was, its cause kept
                raise
            raise self._unrepaired(final) from final

    def _unrepaired(self, error: Exception) -> AnthropicError:
        """The failure the continuation was to repair, to be raised with `error` (why it could not be) as
        its cause; the failure's own cause stays reachable as `error`'s context."""
        broken = self._broken_by
        assert broken is not None
        if broken.__cause__ is not None:
            error.__context__ = broken.__cause__
        return broken


class _AsyncMessageStream(MessageStreamBase[_MessageT], Generic[_MessageT, _EventT]):
    """A message stream over any raw stream and accumulator (standard or beta)."""

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

    @property
    def continuations(self) -> int:
        """How many times the stream broke after content arrived and was continued (`resume_streams`)."""
        return self._raw_stream.continuations

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
        """Consume the stream to its end (accumulating only: nobody will see the events)."""
        self._raw_stream._discard_deltas()
        async for _ in self._raw_events():
            pass

    async def get_final_message(self) -> _MessageT:
        await self.until_done()
        return self.current_message_snapshot

    async def get_final_text(self) -> str:
        """All text blocks of the final message, concatenated; RuntimeError if there is none."""
        await self.until_done()
        return self._final_text()

    async def _events(self) -> AsyncGenerator[_EventT, None]:
        build_events = self._accumulator.build_events
        async for event in self._raw_events():
            for helper_event in build_events(event):
                yield helper_event

    async def _raw_events(self) -> AsyncIterator[Any]:
        """Raw events, each already accumulated by the raw stream; failures carry `partial_message`."""
        try:
            async for event in self._raw_stream._iterator:
                yield event
            self._raw_stream._raise_failure()  # consumed before, and it had failed: say so again
        except AnthropicError as err:
            self._attach_partial(err)
            raise

    async def _texts(self) -> AsyncIterator[str]:
        async for event in self._raw_events():
            if event.type == "content_block_delta" and event.delta.type == "text_delta":
                yield event.delta.text


class AsyncMessageStream(_AsyncMessageStream[Message, MessageStreamEvent]):
    """Events with helper events interleaved, plus the accumulated message; see reference §4."""

    def __init__(self, raw_stream: AsyncStream[RawMessageStreamEvent]) -> None:
        super().__init__(raw_stream, MessageAccumulator())


class _AsyncStreamManager(Generic[_AsyncStreamT]):
    """Sends the request on enter (not before), closes the stream on exit."""

    def __init__(
        self,
        api_request: AsyncDeferred[AsyncStream[Any]],
        make_stream: Callable[[AsyncStream[Any]], _AsyncStreamT],
    ) -> None:
        self._api_request = api_request
        self._make_stream = make_stream
        self._stream: _AsyncStreamT | None = None

    async def __aenter__(self) -> _AsyncStreamT:
        self._stream = self._make_stream(await aresolve(self._api_request))
        return self._stream

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._stream is not None:
            await self._stream.close()


class AsyncMessageStreamManager(_AsyncStreamManager[AsyncMessageStream]):
    """`async with client.messages.stream(...) as stream:` — the request is sent on enter, closed on exit."""

    def __init__(self, api_request: AsyncDeferred[AsyncStream[RawMessageStreamEvent]]) -> None:
        super().__init__(api_request, AsyncMessageStream)
