"""Per-attempt middleware in the shape of the official SDK 2.x, so code written for it ports unchanged.

A middleware is a callable ``(request, call_next)`` or a `Middleware` subclass (``handle`` for the sync
client, ``handle_async`` for the async one). The client runs the chain once per attempt, inside its retry
loop::

    retry loop ─► middleware[0] ─► middleware[1] ─► … ─► one HTTP attempt (build, sign, send)

* ``request`` is an `APIRequest`: a read-only view of the call (method, url, headers, query, JSON body,
  timeout, ``retries_taken``); ``request.copy(...)`` derives a changed one. Each attempt starts from the
  call as the caller made it: changes never leak into the next attempt.
* ``call_next(request)`` returns the attempt's `APIResponse` (``AsyncAPIResponse`` on the async client) for
  EVERY status, 4xx/5xx included; the client judges and raises the typed error after the chain. A
  connection failure has no response: `APIConnectionError` is raised through the chain.
* A middleware may call ``call_next`` twice (a fallback model), or not at all and return any value, which
  the caller then gets as it is (a cached answer).
* What a middleware raises reaches the caller as it is, unless it is (or was raised ``from``) a
  `RetryableError`, an `APIConnectionError` or an `APIStatusError`: those go through the retry policy.

Written here rather than borrowed because the contract is the official SDK's, over this client's own
request and response objects; the pieces are pure (no I/O) and the client wires the chain in one place.
"""

from __future__ import annotations

import copy as _copy
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from ._exceptions import APIConnectionError, APIStatusError, RetryableError
from ._request import RequestSpec
from ._types import Headers, NotGiven, TimeoutTypes, not_given
from ._values import Value, replace

if TYPE_CHECKING:
    from ._async_response import AsyncAPIResponse
    from ._exceptions import HTTPResponse
    from ._request_options import FinalRequestOptions
    from ._sync_response import APIResponse

__all__ = [
    "APIRequest",
    "AsyncCallNext",
    "AsyncMiddlewareCallable",
    "CallNext",
    "Middleware",
    "MiddlewareCallable",
    "MiddlewareInput",
    "Shortcut",
    "build_chain",
    "check_middleware",
    "retry_cause",
    "status_response",
]

CallNext: TypeAlias = Callable[["APIRequest"], "APIResponse[Any]"]
"""The rest of the chain, ending in one HTTP attempt; returns the response whatever its status."""

AsyncCallNext: TypeAlias = Callable[["APIRequest"], Awaitable["AsyncAPIResponse[Any]"]]
"""The async client's `CallNext`."""


class APIRequest:
    """A read-only view of one attempt's request, before the client adds its defaults (auth, base URL,
    User-Agent): ``method``, ``url`` (the path), ``headers`` (the call's own), ``query_params``, ``json``,
    ``timeout``, ``max_retries``, ``retries_taken``. ``copy(...)`` makes a changed one."""

    def __init__(
        self,
        spec: RequestSpec,
        *,
        cast_to: Any = None,
        stream: bool = False,
        stream_cls: type[Any] | None = None,
        retries_taken: int = 0,
    ) -> None:
        self._spec = spec
        self.cast_to = cast_to
        self.stream = stream
        self.stream_cls = stream_cls
        self.retries_taken = retries_taken
        """How many retries the client has taken for this call (0 on the first attempt)."""

    @property
    def options(self) -> FinalRequestOptions:
        """The request as the reference's `FinalRequestOptions` (a new object: changing it changes
        nothing)."""
        from ._request_options import FinalRequestOptions

        return FinalRequestOptions(
            method=self._spec.method,
            url=self._spec.path,
            params=dict(self._spec.params),
            headers=dict(self._spec.headers),
            max_retries=self._spec.max_retries,
            timeout=self._spec.timeout,
            files=self._spec.files,
            idempotency_key=self._spec.idempotency_key,
            follow_redirects=self._spec.follow_redirects,
            json_data=self._spec.json_data,
            extra_json=self._spec.extra_json,
        )

    @property
    def method(self) -> str:
        return self._spec.method

    @property
    def url(self) -> str:
        return self._spec.path

    @property
    def headers(self) -> Headers:
        return self._spec.headers

    @property
    def query_params(self) -> Any:
        return self._spec.params

    @property
    def json(self) -> object | None:
        return self._spec.json_data

    @property
    def timeout(self) -> TimeoutTypes | NotGiven:
        return self._spec.timeout

    @property
    def max_retries(self) -> int | NotGiven:
        return self._spec.max_retries

    def copy(
        self,
        *,
        method: str | NotGiven = not_given,
        url: str | NotGiven = not_given,
        headers: Headers | NotGiven = not_given,
        params: Any = not_given,
        body: object = not_given,
        timeout: TimeoutTypes | NotGiven = not_given,
    ) -> APIRequest:
        """A new request with these parts replaced; this one is left as it was (the body is copied deeply,
        file objects are not)."""
        spec = self._spec
        changes: dict[str, Any] = {
            "json_data": _copy.deepcopy(spec.json_data),
            "params": _copy.deepcopy(dict(spec.params)),
            "headers": dict(spec.headers),
        }
        for name, value in (("method", method), ("path", url), ("headers", headers), ("params", params)):
            if not isinstance(value, NotGiven):
                changes[name] = value
        if not isinstance(body, NotGiven):
            changes["json_data"] = body
            changes["content"] = None  # encoded from the new body when the attempt is built
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        return APIRequest(
            replace(spec, **changes),
            cast_to=self.cast_to,
            stream=self.stream,
            stream_cls=self.stream_cls,
            retries_taken=self.retries_taken,
        )

    def __repr__(self) -> str:  # never the headers: they may carry credentials a caller added
        return f"<APIRequest method={self.method!r} url={self.url!r} stream={self.stream!r}>"


class Middleware:
    """Base class for a middleware object: override ``handle`` (sync client) and/or ``handle_async`` (async
    client). The defaults pass the request on unchanged."""

    def handle(self, request: APIRequest, call_next: CallNext) -> APIResponse[Any]:
        return call_next(request)

    async def handle_async(self, request: APIRequest, call_next: AsyncCallNext) -> AsyncAPIResponse[Any]:
        return await call_next(request)


MiddlewareCallable: TypeAlias = Callable[[APIRequest, CallNext], Any]
AsyncMiddlewareCallable: TypeAlias = Callable[[APIRequest, AsyncCallNext], Awaitable[Any]]
MiddlewareInput: TypeAlias = Union[Middleware, MiddlewareCallable, AsyncMiddlewareCallable]


class Shortcut(Value):
    """What the chain returned instead of a response: handed to the caller as it is."""

    __slots__ = ("value",)
    value: object

    def __init__(self, value: object) -> None:
        self._set(value=value)


# -- checks (at construction, so a middleware that can never run fails before anything is sent) -----------


def _name(middleware: object) -> str:
    if isinstance(middleware, Middleware):
        return type(middleware).__name__
    name = getattr(middleware, "__name__", None)
    return name if isinstance(name, str) else type(middleware).__name__


def _is_coroutine_callable(obj: object) -> bool:
    import inspect

    if inspect.iscoroutinefunction(obj):
        return True
    call = getattr(obj, "__call__", None)  # noqa: B004  (an instance with an async __call__)
    return call is not None and inspect.iscoroutinefunction(call)


def check_middleware(middleware: Iterable[object], *, is_async: bool) -> None:
    """TypeError for a middleware the client cannot run: not callable, or of the other client's kind."""
    import inspect

    kind = "asynchronous" if is_async else "synchronous"
    for entry in middleware:
        if isinstance(entry, Middleware):
            method = "handle_async" if is_async else "handle"
            implementation = getattr(type(entry), method)
            if implementation is getattr(Middleware, method):
                raise TypeError(
                    f"middleware {_name(entry)} does not implement `{method}()`, which the {kind} "
                    "client calls"
                )
            if inspect.iscoroutinefunction(implementation) != is_async:
                form = "a sync" if is_async else "an async"
                wanted = "`async def handle_async()`" if is_async else "a plain `def handle()`"
                raise TypeError(
                    f"middleware {_name(entry)} defines `{method}()` as {form} function; the {kind} "
                    f"client needs {wanted}"
                )
        elif not callable(entry):
            raise TypeError(f"middleware {_name(entry)} is not callable")
        elif _is_coroutine_callable(entry) != is_async:
            form = "a sync" if is_async else "an async"
            wanted = (
                "an `async def` function (or a Middleware with `async def handle_async()`)"
                if is_async
                else "a plain `def` function (or a Middleware with `def handle()`)"
            )
            raise TypeError(f"middleware {_name(entry)} is {form} function; the {kind} client needs {wanted}")


# -- the chain ---------------------------------------------------------------------------------------------


def build_chain(
    middleware: tuple[MiddlewareInput, ...], terminal: Callable[[APIRequest], Any], *, is_async: bool
) -> Callable[[APIRequest], Any]:
    """``middleware[0](request, middleware[1](…, terminal))``: the first given is the outermost."""
    chain = terminal
    for entry in reversed(middleware):
        chain = _link(entry, chain, is_async)
    return chain


def _link(entry: MiddlewareInput, call_next: Callable[[APIRequest], Any], is_async: bool) -> Any:
    if isinstance(entry, Middleware):
        handler: Callable[..., Any] = entry.handle_async if is_async else entry.handle
    else:
        handler = entry

    def handle(request: APIRequest) -> Any:
        return handler(request, call_next)

    return handle


# -- what the retry loop judges ----------------------------------------------------------------------------


def retry_cause(error: BaseException) -> Exception | None:
    """The error the retry policy judges `error` by: itself or the first of its ``__cause__`` chain that is a
    `RetryableError`, `APIStatusError` or `APIConnectionError` (so ``raise Mine(...) from err`` keeps a
    retryable failure retryable); None when nothing in it opts into retrying."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (RetryableError, APIStatusError, APIConnectionError)):
            return current
        current = current.__cause__
    return None


def status_response(error: BaseException) -> HTTPResponse | None:
    """The HTTP response behind `error` when the policy judges it as a status error (its headers carry
    `retry-after` and `x-should-retry`)."""
    cause = retry_cause(error)
    return cause.response if isinstance(cause, APIStatusError) else None
