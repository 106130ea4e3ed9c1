"""`Hooks`: callbacks for what middleware cannot see (each HTTP attempt as sent, each retry decision, a stream
that fails after it started), and `CallObserver`, the one object the retry loop and the streams tell what
happens to a call; it passes it on to the hooks, the OpenTelemetry span (`_telemetry`) and a `UsageMeter`.

A hook takes one argument, an event object whose fields say what happened (new fields can be added without
breaking a hook). On the async client a hook may be a coroutine function; it is awaited. A hook that raises is
logged (logger ``unbroken._hooks``) and never breaks the call. Event reprs never show headers or bodies.

The observer's methods are sync and return what the user's hook returned; the async loop awaits that with
`anotify`, the generated sync loop passes it to `notify` (which never has anything to await, since the sync
client refuses coroutine hooks when it is built).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    import httpx

    from ._exceptions import AnthropicError, HTTPRequest, HTTPResponse
    from ._telemetry import CallSpan
    from .usage import UsageMeter

__all__ = [
    "NOOP",
    "CallObserver",
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


@dataclasses.dataclass(frozen=True)
class RequestEvent:
    """An HTTP attempt about to be sent (after middleware and signing)."""

    request: HTTPRequest
    """The request of the client's HTTP stack (httpx2's by default, httpx's for an httpx client)."""
    attempt: int
    """1 for the first attempt of the call, 2 for the first retry, …"""


@dataclasses.dataclass(frozen=True)
class ResponseEvent:
    """The response headers of one HTTP attempt, whatever the status (the body is not read yet)."""

    response: HTTPResponse
    attempt: int


@dataclasses.dataclass(frozen=True)
class RetryEvent:
    """The retry policy chose to try again: `attempt` failed with `error`; the next one starts after `delay`
    seconds."""

    attempt: int
    delay: float
    error: BaseException


@dataclasses.dataclass(frozen=True)
class StreamErrorEvent:
    """A stream failed for good (after its first event, or with no retries left); `partial_message` is what
    had arrived (also on `error.partial_message`), None when the stream carried no message."""

    error: BaseException
    partial_message: Any


@dataclasses.dataclass(frozen=True)
class Hooks:
    """Callbacks a client calls during every call: ``Hooks(on_request=…, on_response=…, on_retry=…,
    on_stream_error=…)``, given as ``hooks=`` to a client constructor or ``with_options()``. Each is
    optional and takes one event; it may return an awaitable on the async client, which is awaited."""

    on_request: Optional[Callable[[RequestEvent], Any]] = None
    on_response: Optional[Callable[[ResponseEvent], Any]] = None
    on_retry: Optional[Callable[[RetryEvent], Any]] = None
    on_stream_error: Optional[Callable[[StreamErrorEvent], Any]] = None

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None and not callable(value):
                raise TypeError(f"Hooks.{field.name} must be callable, got {type(value).__name__}")

    def callables(self) -> dict[str, Callable[[Any], Any]]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name)}


def check_hooks(hooks: Hooks | None, *, is_async: bool) -> None:
    """The sync client cannot await: a coroutine function as a hook is a TypeError when it is built."""
    if hooks is None or is_async:
        return
    import inspect

    for name, hook in hooks.callables().items():
        call = getattr(hook, "__call__", None)  # noqa: B004
        if inspect.iscoroutinefunction(hook) or (call is not None and inspect.iscoroutinefunction(call)):
            raise TypeError(f"Hooks.{name} is an async function; the synchronous client needs a sync one")


def _run(name: str, hook: Callable[[Any], Any] | None, event: object) -> Any:
    """Call one hook; log and swallow what it raises (a hook never breaks the call)."""
    if hook is None:
        return None
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
        self.started = time.monotonic()

    # -- attempts ------------------------------------------------------------------------------------

    def sending(self, request: httpx.Request, attempt: int) -> Any:
        if self._span is not None:
            self._span.attempt(request, attempt)
        return _run("on_request", self._hooks.on_request, RequestEvent(request, attempt))

    def received(self, response: httpx.Response, attempt: int) -> Any:
        if self._span is not None:
            self._span.response(response, attempt)
        return _run("on_response", self._hooks.on_response, ResponseEvent(response, attempt))

    def retrying(self, attempt: int, delay: float, error: BaseException) -> Any:
        if self._span is not None:
            self._span.retry(attempt, delay, error)
        return _run("on_retry", self._hooks.on_retry, RetryEvent(attempt, delay, error))

    def note(self, name: str, attributes: Mapping[str, Any]) -> None:
        """Something else worth a span event (a continuation, a fallback)."""
        if self._span is not None:
            self._span.note(name, attributes)

    def body_item(self, item: object) -> None:
        """One item of a JSON Lines body: a Message Batches result's usage is metered (as batch usage)."""
        if self._meter is not None:
            try:
                self._meter.record(item)
            except Exception:
                logger.exception("The usage meter could not record a result")

    # -- the end of the call -------------------------------------------------------------------------

    def returned(self, result: object) -> None:
        """The call returned `result` (a stream's call ends when the stream does: `stream_ended`)."""
        if self._ended or _streams_later(result):
            return
        self._finish(_message_of(result), None)

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
        return _run("on_stream_error", self._hooks.on_stream_error, StreamErrorEvent(error, partial))

    def _finish(self, message: object, error: BaseException | None) -> None:
        self._ended = True
        if self._meter is not None and message is not None:
            try:
                self._meter.record(message, failed=error is not None)
            except Exception:
                logger.exception("The usage meter could not record a result")
        if self._span is not None:
            self._span.end(message, error)


class _NoHooks:
    on_request = on_response = on_retry = on_stream_error = None


_NO_HOOKS: Any = _NoHooks()


class _Noop(CallObserver):
    """The observer of a client with no hooks, no telemetry and no meter: every method does nothing."""

    def __init__(self) -> None:
        super().__init__(None, None, None)

    def sending(self, request: httpx.Request, attempt: int) -> None:
        return None

    def received(self, response: httpx.Response, attempt: int) -> None:
        return None

    def retrying(self, attempt: int, delay: float, error: BaseException) -> None:
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
    """The message (or anything with `usage`) a call returned; a raw response's body is parsed (once, cached
    for the caller) when it has been read already."""
    from ._legacy_response import LegacyAPIResponse

    if isinstance(result, LegacyAPIResponse):
        try:
            return result.parse()
        except Exception:
            return None
    return result if hasattr(result, "usage") else None
