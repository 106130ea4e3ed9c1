"""`Anthropic` and `AsyncAnthropic`: thin shells over `BaseClient` that send, sleep and retry.

The loop is the same in both: send until a 2xx arrives with its body unread, consulting the `RetryPolicy`
after every typed failure. A body that breaks while being read before anything reached the caller (a whole
JSON body, or a stream before its first event) goes back through the same loop, so it is retried like any
failed request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

from typing_extensions import Self

from . import _stacks, _transport
from ._base_client import (
    BaseClient,
    Call,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
    TimeoutArg,
    options_spec,
    pop_raw_mode,
    resolve_timeout,
)
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import AnthropicError, APIConnectionError
from ._request import RequestSpec
from ._retry import sleep_seconds
from ._types import NotGiven, Omit, RequestOptions, not_given

if TYPE_CHECKING:
    import httpx
    import httpx2

    from .resources.beta import AsyncBeta, Beta
    from .resources.completions import AsyncCompletions, Completions
    from .resources.messages import AsyncMessages, Messages
    from .resources.models import AsyncModels, Models

__all__ = ["Anthropic", "AsyncAnthropic", "AsyncClient", "Client"]

T = TypeVar("T")


def _result(  # noqa: PLR0917 - one private call site, every argument needed
    client: Any,
    cast_to: Any,
    call: Call,
    response: httpx.Response,
    content: bytes | None,
    raw: str | None,
    stream_cls: Callable[..., Any] | None,
) -> Any:
    """What `request()` returns: the parsed body, a stream, or a response wrapper for the raw views."""
    # Imported here: response parsing pulls in pydantic's model machinery, which `from unbroken import
    # Anthropic` need not pay for before the first response.
    from ._response import APIResponse, AsyncAPIResponse, LegacyAPIResponse, parse_body

    stream_factory = None
    if stream_cls is not None:

        def stream_factory() -> Any:
            return stream_cls(cast_to=cast_to, response=response, client=client, call=call)

    if raw == "stream":
        wrapper = AsyncAPIResponse if isinstance(client, AsyncAnthropic) else APIResponse
        return wrapper(
            response, cast_to=cast_to, stream_factory=stream_factory, retries_taken=call.retries_taken
        )
    if raw == "raw":
        return LegacyAPIResponse(
            response, cast_to=cast_to, stream_factory=stream_factory, retries_taken=call.retries_taken
        )
    if stream_factory is not None:
        return stream_factory()
    assert content is not None
    return parse_body(cast_to, response, content)


class Anthropic(BaseClient):
    """The synchronous client."""

    _client: httpx.Client

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
        http_client: httpx.Client | httpx2.Client | None = None,
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None:
        if http_client is not None:
            _stacks.check_client(http_client, is_async=False)
        super().__init__(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=resolve_timeout(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=_strict_response_validation,
            accumulate_raw_streams=accumulate_raw_streams,
        )
        # Typed as httpx inside the library: httpx2's API is httpx's (see `_stacks`).
        self._client = cast("httpx.Client", http_client or DefaultHttpxClient(timeout=self.timeout))

    # -- resources --------------------------------------------------------------------------------

    @cached_property
    def messages(self) -> Messages:
        from .resources.messages import Messages

        return Messages(self)

    @cached_property
    def models(self) -> Models:
        from .resources.models import Models

        return Models(self)

    @cached_property
    def completions(self) -> Completions:
        from .resources.completions import Completions

        return Completions(self)

    @cached_property
    def beta(self) -> Beta:
        from .resources.beta import Beta

        return Beta(self)

    @cached_property
    def with_raw_response(self) -> Any:
        from ._resource import ResponseView

        return ResponseView(self, "raw")

    @cached_property
    def with_streaming_response(self) -> Any:
        from ._resource import ResponseView

        return ResponseView(self, "stream")

    # -- lifecycle --------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the connection pool (the reference closes a caller-supplied client too)."""
        self._client.close()

    def is_closed(self) -> bool:
        return self._client.is_closed

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def copy(
        self,
        *,
        api_key: str | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutArg | NotGiven = not_given,
        http_client: httpx.Client | httpx2.Client | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        accumulate_raw_streams: bool | None = None,
        _extra_kwargs: Mapping[str, Any] | None = None,
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
        )
        return self.__class__(
            **args,
            http_client=http_client or self._client,
            accumulate_raw_streams=(
                self.accumulate_raw_streams if accumulate_raw_streams is None else accumulate_raw_streams
            ),
            _strict_response_validation=self._strict_response_validation,
            **(_extra_kwargs or {}),
        )

    with_options = copy

    # -- sending ----------------------------------------------------------------------------------

    def request(
        self,
        cast_to: Any,
        spec: RequestSpec,
        *,
        stream: bool = False,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        """Send `spec` with retries and return the parsed result (or a stream / response wrapper)."""
        spec, raw = pop_raw_mode(spec)
        spec = self._prepare_spec(spec).finalize()
        call = Call(spec, self._policy(spec))
        while True:
            response = self._send(call)
            if stream or raw == "stream":
                return _result(self, cast_to, call, response, None, raw, stream_cls if stream else None)
            try:
                content = _transport.read(response)
            except APIConnectionError as err:
                self._sleep_or_raise(call, err, None)
                continue
            return _result(self, cast_to, call, response, content, raw, None)

    def _send(self, call: Call) -> httpx.Response:
        """Attempts until a 2xx response arrives (body unread), or the final typed error."""
        while True:
            request = self._build_request(self._client, call.spec)
            self._prepare_request(request)
            self._log_request(request, call)
            try:
                response = _transport.send(self._client, request, stream=True)
            except APIConnectionError as err:
                self._sleep_or_raise(call, err, None)
                continue
            if response.is_success:
                return response
            try:
                content = _transport.read(response)
            except APIConnectionError as err:
                self._sleep_or_raise(call, err, None)
                continue
            finally:
                response.close()
            self._sleep_or_raise(call, self._make_status_error(response, content), response)

    def _sleep_or_raise(self, call: Call, error: AnthropicError, response: httpx.Response | None) -> None:
        delay = self._retry_delay(call, error, response)
        if delay is None:
            raise error
        time.sleep(sleep_seconds(delay))

    def _resend(self, call: Call, error: AnthropicError) -> httpx.Response:
        """For streams that failed before their first event: retry like a failed request, or re-raise."""
        self._sleep_or_raise(call, error, None)
        return self._send(call)

    # -- the escape hatch for endpoints not modelled ---------------------------------------------

    def get(self, path: str, *, cast_to: type[T], options: RequestOptions | None = None, **kw: Any) -> T:
        return self._generic("get", path, cast_to, None, options, **kw)  # type: ignore[no-any-return]

    def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return self._generic("post", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return self._generic("patch", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return self._generic("put", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return self._generic("delete", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    def _generic(
        self,
        method: str,
        path: str,
        cast_to: Any,
        body: object | None,
        options: RequestOptions | None,
        *,
        files: Any = None,
        stream: bool = False,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        spec = options_spec(method, path, body, options or {}, files)
        return self.request(cast_to, spec, stream=stream, stream_cls=stream_cls)


class AsyncAnthropic(BaseClient):
    """The asynchronous client (asyncio or trio, through httpx)."""

    _client: httpx.AsyncClient

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
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None:
        if http_client is not None:
            _stacks.check_client(http_client, is_async=True)
        super().__init__(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=resolve_timeout(timeout, http_client),
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=_strict_response_validation,
            accumulate_raw_streams=accumulate_raw_streams,
        )
        # Typed as httpx inside the library: httpx2's API is httpx's (see `_stacks`).
        self._client = cast("httpx.AsyncClient", http_client or DefaultAsyncHttpxClient(timeout=self.timeout))

    @cached_property
    def messages(self) -> AsyncMessages:
        from .resources.messages import AsyncMessages

        return AsyncMessages(self)

    @cached_property
    def models(self) -> AsyncModels:
        from .resources.models import AsyncModels

        return AsyncModels(self)

    @cached_property
    def completions(self) -> AsyncCompletions:
        from .resources.completions import AsyncCompletions

        return AsyncCompletions(self)

    @cached_property
    def beta(self) -> AsyncBeta:
        from .resources.beta import AsyncBeta

        return AsyncBeta(self)

    @cached_property
    def with_raw_response(self) -> Any:
        from ._resource import ResponseView

        return ResponseView(self, "raw")

    @cached_property
    def with_streaming_response(self) -> Any:
        from ._resource import ResponseView

        return ResponseView(self, "stream")

    async def close(self) -> None:
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
        accumulate_raw_streams: bool | None = None,
        _extra_kwargs: Mapping[str, Any] | None = None,
    ) -> Self:
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
        )
        return self.__class__(
            **args,
            http_client=http_client or self._client,
            accumulate_raw_streams=(
                self.accumulate_raw_streams if accumulate_raw_streams is None else accumulate_raw_streams
            ),
            _strict_response_validation=self._strict_response_validation,
            **(_extra_kwargs or {}),
        )

    with_options = copy

    async def request(
        self,
        cast_to: Any,
        spec: RequestSpec,
        *,
        stream: bool = False,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        spec, raw = pop_raw_mode(spec)
        spec = self._prepare_spec(spec).finalize()
        call = Call(spec, self._policy(spec))
        while True:
            response = await self._send(call)
            if stream or raw == "stream":
                return _result(self, cast_to, call, response, None, raw, stream_cls if stream else None)
            try:
                content = await _transport.aread(response)
            except APIConnectionError as err:
                await self._sleep_or_raise(call, err, None)
                continue
            return _result(self, cast_to, call, response, content, raw, None)

    async def _send(self, call: Call) -> httpx.Response:
        while True:
            request = self._build_request(self._client, call.spec)
            await self._aprepare_request(request)
            self._log_request(request, call)
            try:
                response = await _transport.asend(self._client, request, stream=True)
            except APIConnectionError as err:
                await self._sleep_or_raise(call, err, None)
                continue
            if response.is_success:
                return response
            try:
                content = await _transport.aread(response)
            except APIConnectionError as err:
                await self._sleep_or_raise(call, err, None)
                continue
            finally:
                await response.aclose()
            await self._sleep_or_raise(call, self._make_status_error(response, content), response)

    async def _sleep_or_raise(
        self, call: Call, error: AnthropicError, response: httpx.Response | None
    ) -> None:
        delay = self._retry_delay(call, error, response)
        if delay is None:
            raise error
        import anyio

        await anyio.sleep(sleep_seconds(delay))

    async def _resend(self, call: Call, error: AnthropicError) -> httpx.Response:
        await self._sleep_or_raise(call, error, None)
        return await self._send(call)

    async def get(
        self, path: str, *, cast_to: type[T], options: RequestOptions | None = None, **kw: Any
    ) -> T:
        return await self._generic("get", path, cast_to, None, options, **kw)  # type: ignore[no-any-return]

    async def post(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return await self._generic("post", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    async def patch(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return await self._generic("patch", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    async def put(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return await self._generic("put", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    async def delete(
        self,
        path: str,
        *,
        cast_to: type[T],
        body: object | None = None,
        options: RequestOptions | None = None,
        **kw: Any,
    ) -> T:
        return await self._generic("delete", path, cast_to, body, options, **kw)  # type: ignore[no-any-return]

    async def _generic(
        self,
        method: str,
        path: str,
        cast_to: Any,
        body: object | None,
        options: RequestOptions | None,
        *,
        files: Any = None,
        stream: bool = False,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        spec = options_spec(method, path, body, options or {}, files)
        return await self.request(cast_to, spec, stream=stream, stream_cls=stream_cls)


Client = Anthropic
AsyncClient = AsyncAnthropic
