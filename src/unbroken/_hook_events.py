"""The hook configuration (`Hooks`) and the events a hook receives; see `_hooks.py`, which serves these names
and loads this module only when they are first used."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._exceptions import HTTPRequest, HTTPResponse
    from ._fallback import Fallback

__all__ = [
    "ContinuationEvent",
    "FallbackEvent",
    "Hooks",
    "RequestEvent",
    "ResponseEvent",
    "RetryEvent",
    "StreamErrorEvent",
]


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
class ContinuationEvent:
    """A message stream broke after content arrived and is being continued (`resume_streams`): `error` broke
    it; `continuation` counts from 1; `prefill` is the assistant text sent (None: none); `partial_message`
    is what had arrived (a copy: the stream's own message goes on growing)."""

    continuation: int
    error: BaseException
    prefill: Optional[str]
    partial_message: Any


@dataclasses.dataclass(frozen=True)
class FallbackEvent:
    """A message call moves to its next target (`fallbacks`): `error` made the previous target give up
    (None: the circuit breaker skipped it); `from_model` was asked, `to_model` is asked now, of `target`."""

    error: Optional[BaseException]
    from_model: str
    to_model: str
    target: Fallback


@dataclasses.dataclass(frozen=True)
class Hooks:
    """Callbacks a client calls during every call: ``Hooks(on_request=…, on_response=…, on_retry=…,
    on_stream_error=…, on_continuation=…, on_fallback=…)``, given as ``hooks=`` to a client constructor or
    ``with_options()``. Each is optional and takes one event; it may return an awaitable on the async
    client, which is awaited."""

    on_request: Optional[Callable[[RequestEvent], Any]] = None
    on_response: Optional[Callable[[ResponseEvent], Any]] = None
    on_retry: Optional[Callable[[RetryEvent], Any]] = None
    on_stream_error: Optional[Callable[[StreamErrorEvent], Any]] = None
    on_continuation: Optional[Callable[[ContinuationEvent], Any]] = None
    """A stream is being continued (told by the client whose call it is)."""
    on_fallback: Optional[Callable[[FallbackEvent], Any]] = None
    """A call moves to a fallback (told by the client whose target gave up, or was skipped)."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is not None and not callable(value):
                raise TypeError(f"Hooks.{field.name} must be callable, got {type(value).__name__}")

    def callables(self) -> dict[str, Callable[[Any], Any]]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name)}
