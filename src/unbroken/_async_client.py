# Source of _sync_client.py: scripts/unasync.py generates it from this file (`make generate`).
"""`AsyncAnthropic`: a thin shell over `BaseClient` with the one retry loop (send, sleep, retry).

The loop, outermost first:

* `request()`: one call. `_start_call` (pure, in `BaseClient`) makes its `Call`; the 2xx response's body is
  read here, and a body that breaks while being read goes back through the loop like a failed attempt.
* `_send()`: attempts until one gets a 2xx response (body unread), or the last failure is raised. With
  middleware (`_middleware.py`), each attempt runs through the chain, whose innermost link is `_attempt`;
  what the chain returned is judged here: a non-2xx response becomes its typed error (`_raise_for_status`,
  which reads its body and releases its connection), a value that is not a response goes to the caller.
* `_attempt()`: one HTTP attempt: built; the rate limiter's turn and the deadline's check (`BaseClient._turn`,
  pure); signed (a failure to sign is typed by `_credentials_error`), logged, sent with its timeouts cut to
  the deadline and the stream's limits (`_timeouts.aresponse_within`); every response's rate-limit headers
  observed (`BaseClient._observe`); the response whatever its status.
* `_sleep_or_raise()`: the one place a failed attempt is judged (`BaseClient._retry_delay`, pure: the retry
  policy, `max_retry_after`, the deadline) and the wait happens. A stream that failed before its first
  event comes back through `_resend()`.
* `_fall_back()`: when a message call gives up before any content arrived, the call of its next target
  (`_fallback.Route`: the client's `fallbacks`, `fallback_on`, circuit breaker), made by that target's
  client, whose own loop then runs it; `request()` moves a call that raised, a stream moves itself.

The call's `CallObserver` (`_hooks.py`: hooks, OpenTelemetry, the usage meter) is told of each attempt, each
response, each retry, and of the call's end (a stream's end is told by the stream).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

from typing_extensions import Self, Unpack

from . import _stacks, _transport
from ._base_client import (
    BaseClient,
    DefaultAsyncHttpxClient,
    TimeoutArg,
    is_timed_stream,
    options_spec,
    resolve_timeout,
)
from ._call import Call
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import AnthropicError, APIConnectionError
from ._hooks import anotify
from ._middleware import APIRequest, MiddlewareInput, Shortcut, build_chain, status_response
from ._request import RequestSpec
from ._retry import sleep_seconds
from ._timeouts import aresponse_within
from ._types import Body, NotGiven, Omit, not_given

if TYPE_CHECKING:
    import httpx
    import httpx2

    from ._annotation_types import RequestOptions
    from ._async_pagination import AsyncPageT
    from ._async_response import AsyncAPIResponse
    from ._base_pagination import AsyncPaginator
    from ._client_options import ClientOptions
    from ._exceptions import HTTPResponse
    from ._ratelimit import Turn
    from ._request_options import FinalRequestOptions
    from .resources._async_completions import (
        AsyncCompletions,
        AsyncCompletionsWithRawResponse,
        AsyncCompletionsWithStreamingResponse,
    )
    from .resources._async_models import (
        AsyncModels,
        AsyncModelsWithRawResponse,
        AsyncModelsWithStreamingResponse,
    )
    from .resources.beta._async_beta import (
        AsyncBeta,
        AsyncBetaWithRawResponse,
        AsyncBetaWithStreamingResponse,
    )
    from .resources.messages._async_messages import (
        AsyncMessages,
        AsyncMessagesWithRawResponse,
        AsyncMessagesWithStreamingResponse,
    )

__all__ = ["AsyncAnthropic", "AsyncAnthropicWithRawResponse", "AsyncAnthropicWithStreamedResponse"]

ResponseT = TypeVar("ResponseT")
_StreamT = TypeVar("_StreamT")


class AsyncAnthropic(BaseClient):
    """The asynchronous client."""

    _client: httpx.AsyncClient
    # sync-only: _is_async = False
    _is_async = True  # async-only

    def __init__(
        self,
        *,
        api_key: str | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutArg | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
    ) -> None:
        if http_client is not None:
            _stacks.check_client(http_client, "AsyncClient")
        super().__init__(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=resolve_timeout(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=_strict_response_validation,
            options=options,
        )
        self._check_callbacks(is_async=self._is_async)
        # Typed as httpx inside the library: httpx2's API is httpx's (see `_stacks`).
        self._client = cast("httpx.AsyncClient", http_client or DefaultAsyncHttpxClient(timeout=self.timeout))

    # -- resources --------------------------------------------------------------------------------

    @cached_property
    def messages(self) -> AsyncMessages:
        from .resources.messages._async_messages import AsyncMessages

        return AsyncMessages(self)

    @cached_property
    def models(self) -> AsyncModels:
        from .resources._async_models import AsyncModels

        return AsyncModels(self)

    @cached_property
    def completions(self) -> AsyncCompletions:
        from .resources._async_completions import AsyncCompletions

        return AsyncCompletions(self)

    @cached_property
    def beta(self) -> AsyncBeta:
        from .resources.beta._async_beta import AsyncBeta

        return AsyncBeta(self)

    @cached_property
    def with_raw_response(self) -> AsyncAnthropicWithRawResponse:
        """Every resource's `with_raw_response`: methods return the HTTP response; `.parse()` the result."""
        return AsyncAnthropicWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncAnthropicWithStreamedResponse:
        """Every resource's `with_streaming_response`: methods return a context manager over the response."""
        return AsyncAnthropicWithStreamedResponse(self)

    # -- lifecycle --------------------------------------------------------------------------------

    async def close(self) -> None:
        """Release the connection pool (the reference closes a caller-supplied client too)."""
        await self._client.aclose()

    def is_closed(self) -> bool:
        return self._client.is_closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def copy(
        self,
        *,
        api_key: str | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutArg | NotGiven = not_given,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        _extra_kwargs: Mapping[str, Any] = {},
        **options: Unpack[ClientOptions],
    ) -> Self:
        """A new client with these options changed and everything else (incl. the http client) shared."""
        args = self._copy_args(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            options=options,
        )
        copy = self.__class__(
            **args,
            http_client=http_client or self._client,
            _strict_response_validation=self._strict_response_validation,
            **_extra_kwargs,
        )
        return self._shared_with(copy)

    with_options = copy

    def with_middleware(self, *middleware: MiddlewareInput) -> Self:
        """A copy of this client whose middleware is its own followed by `middleware` (which thus runs inside
        it, nearer the wire); this client is unchanged."""
        return self.copy(middleware=[*self.controls.middleware, *middleware])

    # -- the retry loop ---------------------------------------------------------------------------

    async def request(
        self,
        cast_to: Any,
        options: RequestSpec | FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        """Send one call with retries; the parsed result (or a stream, or a response wrapper)."""
        call = self._start_call(
            options, cast_to, stream, stream_cls, message_stream=stream and is_timed_stream(stream_cls)
        )
        # the circuit breaker skipped the call's own model: the hooks hear of it as of a move
        if call.route is not None and call.route.index > 0:
            await anotify(call.observer.falling_back(call.route.event(None)))
        while True:
            client: AsyncAnthropic = call.client
            try:
                result = await client._complete(call, cast_to, stream, stream_cls)
            except BaseException as exc:
                moved = await client._fall_back(call, exc) if isinstance(exc, Exception) else None
                if moved is None:
                    call.observer.failed(exc)
                    raise
                call = moved
                continue
            if call.route is not None and not stream:
                call.route.succeeded()
            call.observer.returned(result)
            return result

    async def _complete(
        self,
        call: Call,
        cast_to: Any,
        stream: bool,
        stream_cls: Callable[..., Any] | None,
    ) -> Any:
        """The attempts of one call until its result: `request()` less the telling of its end."""
        while True:
            response = await self._send(call)
            if isinstance(response, Shortcut):
                return response.value
            if stream or call.raw_mode == "stream":
                # `with_streaming_response`'s wrapper: loaded by the calls that may need it, not by the others
                from ._async_response import AsyncAPIResponse

                stream_factory = stream_cls if stream else None
                return self._result(call, cast_to, response, AsyncAPIResponse, stream_cls=stream_factory)
            try:
                content = await _transport.aread(response)
            except APIConnectionError as err:
                await self._sleep_or_raise(call, err, None)
                continue
            return self._result(call, cast_to, response, None, content=content)

    async def _send(self, call: Call) -> httpx.Response | Shortcut:
        """Attempts until one gets a 2xx response (its body unread) or a middleware answers with a value; or
        the last failure is raised."""
        while True:
            try:
                if not self.controls.middleware:
                    response = await self._attempt(call, call.spec)
                else:
                    answer = await self._through_middleware(call)
                    if isinstance(answer, Shortcut):
                        return answer
                    response = answer
                await self._raise_for_status(response)
                return response
            except Exception as exc:  # ours, or a middleware's (judged by what it was raised from)
                await self._sleep_or_raise(call, exc, status_response(exc))

    async def _through_middleware(self, call: Call) -> httpx.Response | Shortcut:
        """One attempt through the middleware chain: the response it returned (its wrapper kept on the call),
        or the value it returned instead. Every response the chain made but did not return is closed."""
        from ._async_response import AsyncAPIResponse
        from ._legacy_response import BaseAPIResponse

        made: list[httpx.Response] = []

        async def attempt(request: APIRequest) -> AsyncAPIResponse[Any]:
            response = await self._attempt(call, call.attempt_spec(request, self._prepare_spec))
            made.append(response)
            if not response.is_success or not (call.stream or call.raw_mode == "stream"):
                # Read now (not a stream's body): its connection goes back to the pool before the middleware
                # goes on, so one that calls `call_next` again (a fallback) never holds two.
                await _transport.aread(response)
            factory = self._stream_factory(
                call.cast_to, response, call, call.stream_cls if call.stream else None
            )
            return AsyncAPIResponse(
                response, cast_to=call.cast_to, stream_factory=factory, retries_taken=call.retries_taken
            )

        chain = build_chain(self.controls.middleware, attempt, is_async=self._is_async)
        request = APIRequest(
            call.canonical or call.spec,
            cast_to=call.cast_to,
            stream=call.stream,
            stream_cls=call.stream_cls,
            retries_taken=call.retries_taken,
        )
        answer = None
        try:
            answer = await chain(request)
            if not isinstance(answer, BaseAPIResponse):
                return Shortcut(answer)
            call.answer = answer
            return answer.http_response
        finally:
            kept = answer.http_response if isinstance(answer, BaseAPIResponse) else None
            for response in made:
                if response is not kept:
                    await response.aclose()

    async def _attempt(self, call: Call, spec: RequestSpec) -> httpx.Response:
        """One HTTP attempt of `spec`: built, signed, sent; the response whatever its status (body unread),
        or the typed failure to connect."""
        request = self._build_request(self._client, spec)
        call.request = request
        turn = self._turn(call, request)
        try:
            if turn is not None:
                await self._wait_turn(turn)
            try:
                await self._aprepare_request(request)
            except Exception as exc:  # signing, fetching a token: typed, and retried when transient
                raise self._credentials_error(exc, request) from exc
        except BaseException:  # cancelled while waiting, or not signed: never sent, so nothing was counted
            call.observer.refused()
            raise
        self._log_request(request, call)
        attempt = call.retries_taken + 1
        await anotify(call.observer.sending(request, attempt))
        with aresponse_within(call, request):
            response = await _transport.asend(
                self._client,
                request,
                stream=True,
                follow_redirects=spec.follow_redirects,
                auth=self.custom_auth,
            )
        self._observe(call, response)
        await anotify(call.observer.received(response, attempt))
        return response

    async def _raise_for_status(self, response: httpx.Response) -> None:
        """The typed error of a non-2xx response, its body read and its connection released."""
        if response.is_success:
            return
        try:
            content = await _transport.aread(response)
        finally:
            await response.aclose()
        raise self._make_status_error(response, content)

    async def _sleep_or_raise(self, call: Call, error: BaseException, response: HTTPResponse | None) -> None:
        """Raise what the policy says ends the call; otherwise tell the observer and wait before the next
        attempt."""
        delay = self._retry_delay(call, error, response)
        await anotify(call.observer.retrying(call.retries_taken, delay, error))
        await self._pause(delay)

    async def _wait_turn(self, turn: Turn) -> None:
        """The rate limiter's turn, slept in slices: what reservations ahead give back when their calls end
        makes it come sooner than decided (`_ratelimit.Turn`)."""
        slept = 0.0
        left = turn.wait
        while left > 0:
            step = min(left, turn.recheck)
            await self._pause(step)
            slept += step
            left = min(turn.left(), turn.wait - slept)

    async def _pause(self, seconds: float) -> None:
        """Wait before an attempt (a backoff, the rate limiter's turn); no time under `instant_retries`."""
        if seconds > 0:
            import anyio

            await anyio.sleep(sleep_seconds(seconds))

    async def _resend(self, call: Call, error: AnthropicError) -> httpx.Response:
        """For streams that failed before their first event: retry like a failed request, or re-raise."""
        await self._sleep_or_raise(call, error, None)
        return await self._body_response(call, error)

    async def _body_response(self, call: Call, error: AnthropicError) -> httpx.Response:
        """A new response for a stream that failed with `error` (attempts until a 2xx, or raised)."""
        response = await self._send(call)
        if isinstance(response, Shortcut):  # a value cannot continue a stream's body
            raise error
        return response

    async def _fall_back(self, call: Call, error: BaseException) -> Call | None:
        """The call of the next target now that `call` gave up with `error` before its first content event
        (the called client's `fallbacks`, `fallback_on`, circuit breaker, deadline: `Route.next_after`), made
        by that target's client; None when there is none. The observer of `call` is told, and ends. A
        target whose next retry would have waited past the deadline gave up with its last error, which
        the hooks are told (`_fallback.give_up_reason`)."""
        route = call.route
        target = route.next_after(error, call.deadline) if route is not None else None
        if route is None or target is None:
            return None
        from ._fallback import give_up_reason, with_model

        reason = give_up_reason(error, call.deadline) or error
        assert call.canonical is not None  # every call made by `_call_of` has one
        moved = (target.client or route.home)._call_of(with_model(call.canonical, target.model), call)
        moved.last_error = reason  # what a later deadline breach chains
        await anotify(call.observer.falling_back(route.event(reason)))
        call.observer.failed(reason)
        return moved

    # -- the escape hatch for endpoints not modelled ---------------------------------------------

    @overload
    async def get(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        options: RequestOptions = {},  # noqa: B006  (the reference's defaults; never mutated)
        stream: Literal[False] = False,
    ) -> ResponseT: ...
    @overload
    async def get(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        options: RequestOptions = {},  # noqa: B006
        stream: Literal[True],
        stream_cls: type[_StreamT],
    ) -> _StreamT: ...
    async def get(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        options: RequestOptions = {},  # noqa: B006
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
    ) -> ResponseT | _StreamT:
        result: ResponseT | _StreamT = await self._generic(
            "get", path, cast_to, None, options, None, stream, stream_cls
        )
        return result

    @overload
    async def post(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        files: Any = None,  # async-only
        options: RequestOptions = {},  # noqa: B006
        # sync-only: files: Any = None,
        stream: Literal[False] = False,
    ) -> ResponseT: ...
    @overload
    async def post(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        files: Any = None,  # async-only
        options: RequestOptions = {},  # noqa: B006
        # sync-only: files: Any = None,
        stream: Literal[True],
        stream_cls: type[_StreamT],
    ) -> _StreamT: ...
    async def post(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        files: Any = None,  # async-only
        options: RequestOptions = {},  # noqa: B006
        # sync-only: files: Any = None,
        stream: bool = False,
        stream_cls: type[_StreamT] | None = None,
    ) -> ResponseT | _StreamT:
        result: ResponseT | _StreamT = await self._generic(
            "post", path, cast_to, body, options, files, stream, stream_cls
        )
        return result

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        options: RequestOptions = {},  # noqa: B006
    ) -> ResponseT:
        result: ResponseT = await self._generic("patch", path, cast_to, body, options)
        return result

    async def put(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        files: Any = None,
        options: RequestOptions = {},  # noqa: B006
    ) -> ResponseT:
        result: ResponseT = await self._generic("put", path, cast_to, body, options, files)
        return result

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[ResponseT],
        body: Body | None = None,
        options: RequestOptions = {},  # noqa: B006
    ) -> ResponseT:
        result: ResponseT = await self._generic("delete", path, cast_to, body, options)
        return result

    def get_api_list(
        self,
        path: str,
        *,
        model: type[object],
        page: type[AsyncPageT],
        body: Body | None = None,
        options: RequestOptions = {},  # noqa: B006
        method: str = "get",
    ) -> AsyncPaginator[Any, AsyncPageT]:
        """A page of a list endpoint not modelled here (`page`: e.g. `AsyncPage[MyModel]`), walked like the
        resources' `list()`."""
        from ._async_pagination import get_async_page

        return get_async_page(self, page, options_spec(method, path, body, options, None))

    async def _generic(  # noqa: PLR0917 - the raw helpers' one private call path
        self,
        method: str,
        path: str,
        cast_to: Any,
        body: object | None,
        options: RequestOptions,
        files: Any = None,
        stream: bool = False,
        stream_cls: Any = None,
    ) -> Any:
        spec = options_spec(method, path, body, options, files)
        return await self.request(cast_to, spec, stream=stream, stream_cls=stream_cls)


class AsyncAnthropicWithRawResponse:
    """`client.with_raw_response`: each resource's `with_raw_response`."""

    def __init__(self, client: AsyncAnthropic) -> None:
        self._client = client

    @cached_property
    def messages(self) -> AsyncMessagesWithRawResponse:
        return self._client.messages.with_raw_response

    @cached_property
    def models(self) -> AsyncModelsWithRawResponse:
        return self._client.models.with_raw_response

    @cached_property
    def completions(self) -> AsyncCompletionsWithRawResponse:
        return self._client.completions.with_raw_response

    @cached_property
    def beta(self) -> AsyncBetaWithRawResponse:
        return self._client.beta.with_raw_response


class AsyncAnthropicWithStreamedResponse:
    """`client.with_streaming_response`: each resource's `with_streaming_response`."""

    def __init__(self, client: AsyncAnthropic) -> None:
        self._client = client

    @cached_property
    def messages(self) -> AsyncMessagesWithStreamingResponse:
        return self._client.messages.with_streaming_response

    @cached_property
    def models(self) -> AsyncModelsWithStreamingResponse:
        return self._client.models.with_streaming_response

    @cached_property
    def completions(self) -> AsyncCompletionsWithStreamingResponse:
        return self._client.completions.with_streaming_response

    @cached_property
    def beta(self) -> AsyncBetaWithStreamingResponse:
        return self._client.beta.with_streaming_response
