"""The hook configuration (`Hooks`) and the events a hook receives; see `_hooks.py`, which serves these names
and loads this module only when they are first used."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._exceptions import HTTPRequest, HTTPResponse

__all__ = ["Hooks", "RequestEvent", "ResponseEvent", "RetryEvent", "StreamErrorEvent"]


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
