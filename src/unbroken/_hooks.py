"""`Hooks`: callbacks for what middleware cannot see (each HTTP attempt as sent, each retry decision, a stream
that fails after it started, a stream continued after a drop, a call moved to a fallback), and
`CallObserver`, the one object the retry loop and the streams tell what happens to a call; it passes it on
to the hooks, the OpenTelemetry span (`_telemetry`) and a `UsageMeter`.

A hook takes one argument, an event object whose fields say what happened (new fields can be added without
breaking a hook). On the async client a hook may be a coroutine function; it is awaited. A hook that raises is
logged (logger ``unbroken._hooks``) and never breaks the call. Event reprs never show headers or bodies.

The observer's methods are sync and return what the user's hook returned; the async loop awaits that with
`anotify`, the generated sync loop passes it to `notify` (which never has anything to await, since the sync
client refuses coroutine hooks when it is built).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

    from ._exceptions import AnthropicError
    from ._hook_events import (
        ContinuationEvent,
        FallbackEvent,
        Hooks,
        RequestEvent,
        ResponseEvent,
        RetryEvent,
        StreamErrorEvent,
    )
    from ._ratelimit import Reservations, Turn
    from ._telemetry import CallSpan
    from .usage import UsageMeter

__all__ = [
    "NOOP",
    "CallObserver",
    "ContinuationEvent",
    "FallbackEvent",
    "Hooks",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
    "StreamErrorEvent",
    "anotify",
    "check_hooks",
    "notify",
]

logger = logging.getLogger(__name__)


_LAZY = frozenset(
    {
        "ContinuationEvent",
        "FallbackEvent",
        "Hooks",
        "RequestEvent",
        "ResponseEvent",
        "RetryEvent",
        "StreamErrorEvent",
    }
)


def __getattr__(name: str) -> Any:
    """The hook and event classes (`_hook_events.py`) load on first use: a call with no hooks never needs
    them, and creating the frozen dataclasses is a measurable part of a cold start."""
    if name in _LAZY:
        from . import _hook_events

        return getattr(_hook_events, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check_hooks(hooks: Hooks | None, *, is_async: bool) -> None:
    """The sync client cannot await: a coroutine function as a hook is a TypeError when it is built."""
    if hooks is None or is_async:
        return
    import inspect

    for name, hook in hooks.callables().items():
        call = getattr(hook, "__call__", None)  # noqa: B004
        if inspect.iscoroutinefunction(hook) or (call is not None and inspect.iscoroutinefunction(call)):
            raise TypeError(f"Hooks.{name} is an async function; the synchronous client needs a sync one")


def _run(name: str, hook: Callable[[Any], Any], event: object) -> Any:
    """Call one hook; log and swallow what it raises (a hook never breaks the call)."""
    try:
        return hook(event)
    except Exception:
        logger.exception("The %s hook raised; the call goes on", name)
        return None


async def anotify(result: Any) -> None:
    """Await what an async hook returned; what it raises is logged, never raised."""
    if result is not None and hasattr(result, "__await__"):
        try:
            await result
        except Exception:
            logger.exception("An async hook raised; the call goes on")


def notify(result: Any) -> None:
    """The sync form: sync hooks have already run (`check_hooks` refused async ones)."""
    if result is not None and hasattr(result, "__await__"):  # a coroutine from a hook not declared async
        close = getattr(result, "close", None)
        if close is not None:
            close()
        logger.error("A hook returned a coroutine on the synchronous client; it was not run")


class CallObserver:
    """What happens to one call, passed on to the hooks, the span and the usage meter. The loop calls it at
    each step; each method is cheap when nothing listens. Issue 13's continuations and fallbacks report
    through `note` (a span event) and can add their own hook the way `retrying` does."""

    def __init__(
        self,
        hooks: Hooks | None,
        span: CallSpan | None,
        meter: UsageMeter | None,
    ) -> None:
        self._hooks = hooks or _NO_HOOKS
        self._span = span
        self._meter = meter
        self._ended = False
        self._sent = False  # no request sent: the answer is a middleware's (its cache), not billed again
        self.started = time.monotonic()
        self._reservations: Reservations | None = None

    # -- the rate limiter's reservations ---------------------------------------------------------------

    def reserved(self, turn: Turn) -> None:
        """An attempt took its `turn` from the rate limiter: settled when the call ends (`Reservations`)."""
        if self._reservations is None:
            from ._ratelimit import Reservations

            self._reservations = Reservations()
        self._reservations.add(turn)

    def refused(self) -> None:
        """The latest attempt was answered with an error status: its reservation goes back."""
        if self._reservations is not None:
            self._reservations.refused()

    # -- attempts ------------------------------------------------------------------------------------

    def sending(self, request: httpx.Request, attempt: int) -> Any:
        self._sent = True
        if self._span is not None:
            self._span.attempt(request, attempt)
        hook = self._hooks.on_request
        if hook is None:
            return None
        from ._hook_events import RequestEvent

        return _run("on_request", hook, RequestEvent(request, attempt))

    def received(self, response: httpx.Response, attempt: int) -> Any:
        if self._span is not None:
            self._span.response(response, attempt)
        hook = self._hooks.on_response
        if hook is None:
            return None
        from ._hook_events import ResponseEvent

        return _run("on_response", hook, ResponseEvent(response, attempt))

    def retrying(self, attempt: int, delay: float, error: BaseException) -> Any:
        partial = getattr(error, "partial_message", None)
        if partial is not None:  # a stream retried after its message_start: the API bills that attempt's
            self._meter_record(partial, failed=True)  # input, which the answer's usage does not include
        if self._span is not None:
            self._span.retry(attempt, delay, error)
        hook = self._hooks.on_retry
        if hook is None:
            return None
        from ._hook_events import RetryEvent

        return _run("on_retry", hook, RetryEvent(attempt, delay, error))

    def continuing(self, event: ContinuationEvent) -> Any:
        """A stream is continued: a span event, the `on_continuation` hook."""
        self.note(
            "continuation",
            {
                "unbroken.continuation": event.continuation,
                "unbroken.continuation.prefill_chars": len(event.prefill or ""),
                "error.type": type(event.error).__name__,
            },
        )
        hook = self._hooks.on_continuation
        return None if hook is None else _run("on_continuation", hook, event)

    def falling_back(self, event: FallbackEvent) -> Any:
        """The call moves to a fallback: a span event, the `on_fallback` hook."""
        attributes: dict[str, Any] = {
            "unbroken.fallback.from_model": event.from_model,
            "unbroken.fallback.to_model": event.to_model,
        }
        if event.error is not None:
            attributes["error.type"] = type(event.error).__name__
        self.note("fallback", attributes)
        hook = self._hooks.on_fallback
        return None if hook is None else _run("on_fallback", hook, event)

    def note(self, name: str, attributes: Mapping[str, Any]) -> None:
        """Something else worth a span event (a continuation, a fallback)."""
        if self._span is not None:
            self._span.note(name, attributes)

    def body_item(self, item: object) -> None:
        """One item of a JSON Lines body: a Message Batches result's usage is metered (as batch usage)."""
        self._meter_record(item)

    # -- the end of the call -------------------------------------------------------------------------

    def returned(self, result: object) -> None:
        """The call returned `result` (a stream's call ends when the stream does: `stream_ended`)."""
        if self._ended or _streams_later(result):
            return
        message = _message_of(result)
        if message is None and (self._meter is not None or self._reservations is not None):
            from ._legacy_response import BaseAPIResponse

            if isinstance(result, BaseAPIResponse):  # its body is read later: metered and settled when parsed
                result._on_parsed = self._parsed
        self._finish(message, None)

    def _parsed(self, parsed: object) -> None:
        if hasattr(parsed, "usage"):
            self._meter_record(parsed)
            self._settle(parsed)

    def failed(self, error: BaseException) -> None:
        if not self._ended:
            self._finish(getattr(error, "partial_message", None), error)

    def stream_ended(self, message: object) -> None:
        if not self._ended:
            self._finish(message, None)

    def stream_failed(self, error: AnthropicError | BaseException, partial: object) -> Any:
        if self._ended:
            return None
        self._finish(partial, error)
        hook = self._hooks.on_stream_error
        if hook is None:
            return None
        from ._hook_events import StreamErrorEvent

        return _run("on_stream_error", hook, StreamErrorEvent(error, partial))

    def _finish(self, message: object, error: BaseException | None) -> None:
        self._ended = True
        if message is not None and self._sent and hasattr(message, "usage"):
            self._meter_record(message, failed=error is not None)
        if error is None and message is not None:  # a failed call keeps its reservation: what it generated
            self._settle(message)  # is not known
        if self._span is not None:
            self._span.end(message, error, billed=self._sent)

    def _settle(self, message: object) -> None:
        """Give the rate limiter back what the call reserved and did not generate."""
        if self._reservations is not None:
            from .usage import TokenUsage

            self._reservations.settle(TokenUsage.of(message).output_tokens)

    def _meter_record(self, item: object, *, failed: bool = False) -> None:
        """Tell the usage meter, if any; a meter that fails is logged, never the call's failure."""
        if self._meter is None:
            return
        try:
            self._meter.record(item, failed=failed)
        except Exception:
            logger.exception("The usage meter could not record a result")


class _NoHooks:
    on_request = on_response = on_retry = on_stream_error = on_continuation = on_fallback = None


_NO_HOOKS: Any = _NoHooks()


class _Noop(CallObserver):
    """The observer of a client with no hooks, no telemetry and no meter: every method does nothing."""

    def __init__(self) -> None:
        super().__init__(None, None, None)

    def sending(self, request: httpx.Request, attempt: int) -> None:
        return None

    def received(self, response: httpx.Response, attempt: int) -> None:
        return None

    def reserved(self, turn: Turn) -> None:
        return None

    def refused(self) -> None:
        return None

    def retrying(self, attempt: int, delay: float, error: BaseException) -> None:
        return None

    def continuing(self, event: ContinuationEvent) -> None:
        return None

    def falling_back(self, event: FallbackEvent) -> None:
        return None

    def returned(self, result: object) -> None:
        return None

    def body_item(self, item: object) -> None:
        return None

    def failed(self, error: BaseException) -> None:
        return None

    def stream_ended(self, message: object) -> None:
        return None

    def stream_failed(self, error: BaseException, partial: object) -> None:
        return None


NOOP: CallObserver = _Noop()


def _streams_later(result: object) -> bool:
    """A stream, or a raw response that makes one when parsed: the call ends when that stream does."""
    from ._legacy_response import BaseAPIResponse
    from .streaming._async_stream import AsyncBodyReader
    from .streaming._sync_stream import BodyReader

    if isinstance(result, BaseAPIResponse):
        return result._stream_factory is not None
    return isinstance(result, (AsyncBodyReader, BodyReader))


def _message_of(result: object) -> object:
    """The message (or anything with `usage`, or a completion) a call returned; a raw response's body is
    parsed (once, cached for the caller) when it has been read already."""
    from ._legacy_response import LegacyAPIResponse

    if isinstance(result, LegacyAPIResponse):
        try:
            return result.parse()
        except Exception:
            return None
    # A message has `usage`; a legacy completion has none, but its id, model and stop reason for the span.
    return result if hasattr(result, "usage") or hasattr(result, "completion") else None
