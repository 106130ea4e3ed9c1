"""Base classes of the resource namespaces (`client.messages`, `client.beta.files`, …) and the
`with_raw_response` / `with_streaming_response` views over them."""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Any, Literal

from ._constants import RAW_RESPONSE_HEADER
from ._response import AsyncResponseContextManager, ResponseContextManager

if TYPE_CHECKING:
    from ._client import Anthropic, AsyncAnthropic

__all__ = ["AsyncAPIResource", "ResponseView", "SyncAPIResource"]


class SyncAPIResource:
    _client: Anthropic

    def __init__(self, client: Anthropic) -> None:
        self._client = client

    @functools.cached_property
    def with_raw_response(self) -> Any:
        """Each method returns the HTTP response wrapper; `.parse()` gives what the method would."""
        return ResponseView(self, "raw")

    @functools.cached_property
    def with_streaming_response(self) -> Any:
        """Each method returns a context manager over an unread response."""
        return ResponseView(self, "stream")


class AsyncAPIResource:
    _client: AsyncAnthropic

    def __init__(self, client: AsyncAnthropic) -> None:
        self._client = client

    @functools.cached_property
    def with_raw_response(self) -> Any:
        return ResponseView(self, "raw")

    @functools.cached_property
    def with_streaming_response(self) -> Any:
        return ResponseView(self, "stream")


def _async_namespaces() -> tuple[type, ...]:
    """Computed late: importing the client at module level would be an import cycle."""
    from ._client import AsyncAnthropic

    return (AsyncAPIResource, AsyncAnthropic)


def _is_namespace(value: object) -> bool:
    from ._client import Anthropic, AsyncAnthropic

    return isinstance(value, (SyncAPIResource, AsyncAPIResource, Anthropic, AsyncAnthropic))


class ResponseView:
    """Mirrors a resource (or client); its methods ask the client for the response instead of the result.

    The mode travels as a private header that the client strips before sending, so every method of every
    resource gets both views without a wrapper class per resource.
    """

    def __init__(self, target: object, mode: Literal["raw", "stream"]) -> None:
        self._target = target
        self._mode = mode

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if _is_namespace(attr):
            return ResponseView(attr, self._mode)
        if not callable(attr):
            return attr
        return self._wrap(attr)

    def _wrap(self, method: Any) -> Any:
        mode = self._mode

        def with_marker(kwargs: dict[str, Any]) -> dict[str, Any]:
            headers = dict(kwargs.get("extra_headers") or {})
            headers[RAW_RESPONSE_HEADER] = mode
            return {**kwargs, "extra_headers": headers}

        # On an async namespace every method is async in spirit: coroutines, and plain `def`s that return
        # an awaitable (`list()` returns an AsyncPaginator) alike.
        if inspect.iscoroutinefunction(method) or isinstance(self._target, _async_namespaces()):
            if mode == "stream":

                @functools.wraps(method)
                def async_streamed(*args: Any, **kwargs: Any) -> AsyncResponseContextManager[Any]:
                    return AsyncResponseContextManager(lambda: method(*args, **with_marker(kwargs)))

                return async_streamed

            @functools.wraps(method)
            async def async_raw(*args: Any, **kwargs: Any) -> Any:
                return await method(*args, **with_marker(kwargs))

            return async_raw

        if mode == "stream":

            @functools.wraps(method)
            def streamed(*args: Any, **kwargs: Any) -> ResponseContextManager[Any]:
                return ResponseContextManager(lambda: method(*args, **with_marker(kwargs)))

            return streamed

        @functools.wraps(method)
        def raw(*args: Any, **kwargs: Any) -> Any:
            return method(*args, **with_marker(kwargs))

        return raw
