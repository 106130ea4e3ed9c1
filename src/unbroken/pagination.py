"""Pages of list endpoints, and iteration across all of them.

A page is a response model (so it has `_request_id`, `to_dict()` …) that also remembers how to fetch its
successor: the list method attaches a private `fetch(params) -> page` closure holding the client and the
original request, and `next_page_info()` says which query parameters move the cursor. Three cursor styles:

* `SyncPage` / `AsyncPage`: `after_id=last_id`, or `before_id=first_id` when the first request went backwards
  with `before_id`;
* `SyncPageCursor` / `AsyncPageCursor`: `page=next_page` (an opaque token);
* `SyncTokenPage` / `AsyncTokenPage`: `page_token=next_page`.

`has_more is False` always ends the walk; so does an empty page. Async `list()` methods are plain functions
returning an `AsyncPaginator`: `await` it for the first page, or `async for` over it for every item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, cast

from pydantic import PrivateAttr
from typing_extensions import Self

from ._models import BaseModel
from ._request import RequestSpec

if TYPE_CHECKING:
    from ._client import Anthropic, AsyncAnthropic

__all__ = [
    "AsyncPage",
    "AsyncPageCursor",
    "AsyncPaginator",
    "AsyncTokenPage",
    "BasePage",
    "PageInfo",
    "SyncPage",
    "SyncPageCursor",
    "SyncTokenPage",
]

_T = TypeVar("_T")
SyncPageT = TypeVar("SyncPageT", bound="BaseSyncPage[Any]")
AsyncPageT = TypeVar("AsyncPageT", bound="BaseAsyncPage[Any]")


@dataclass(frozen=True)
class PageInfo:
    """The query parameters that fetch the next page (merged over the original request's)."""

    params: Mapping[str, object]


class BasePage(BaseModel, Generic[_T]):
    """What every page has: its items, whether the server has more, and a way to fetch the next one."""

    data: list[_T]
    has_more: Optional[bool] = None

    _fetch: Optional[Callable[[Mapping[str, object]], Any]] = PrivateAttr(default=None)
    _params: dict[str, object] = PrivateAttr(default_factory=dict)

    def next_page_info(self) -> PageInfo | None:
        """The cursor parameters of the next page, or None when this page does not name one."""
        raise NotImplementedError

    def has_next_page(self) -> bool:
        if self.has_more is False or not self.data:
            return False
        return self.next_page_info() is not None

    def _next_fetch(self) -> tuple[Callable[[Mapping[str, object]], Any], Mapping[str, object]]:
        info = self.next_page_info()
        if info is None or not self.has_next_page():
            raise RuntimeError(
                "No next page expected; please check `.has_next_page()` before calling `.get_next_page()`."
            )
        if self._fetch is None:
            raise RuntimeError("This page was not fetched by a client, so it cannot fetch the next one.")
        return self._fetch, info.params


def _id_cursor(page: SyncPage[Any] | AsyncPage[Any]) -> PageInfo | None:
    if page._params.get("before_id"):
        return PageInfo({"before_id": page.first_id}) if page.first_id else None
    return PageInfo({"after_id": page.last_id}) if page.last_id else None


def _token(value: str | None, param: str) -> PageInfo | None:
    return PageInfo({param: value}) if value else None


class BaseSyncPage(BasePage[_T], Generic[_T]):
    """`for item in page` walks every item of this page and the ones after it."""

    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]  # items, not pydantic's (field, value)
        for page in self.iter_pages():
            yield from page.data

    def iter_pages(self) -> Iterator[Self]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def get_next_page(self) -> Self:
        fetch, params = self._next_fetch()
        return cast(Self, fetch(params))


class BaseAsyncPage(BasePage[_T], Generic[_T]):
    """`async for item in page` walks every item of this page and the ones after it."""

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        """A plain `for` would silently yield pydantic's (field, value) pairs: say what was meant instead."""
        raise TypeError(f"{type(self).__name__} is iterated with `async for` (or use `.data`)")

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item

    async def iter_pages(self) -> AsyncIterator[Self]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    async def get_next_page(self) -> Self:
        fetch, params = self._next_fetch()
        return cast(Self, await fetch(params))


class SyncPage(BaseSyncPage[_T], Generic[_T]):
    """Id-cursor pages (models, batches, files)."""

    first_id: Optional[str] = None
    last_id: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _id_cursor(self)


class AsyncPage(BaseAsyncPage[_T], Generic[_T]):
    first_id: Optional[str] = None
    last_id: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _id_cursor(self)


class SyncPageCursor(BaseSyncPage[_T], Generic[_T]):
    """Opaque-token pages (skills, skill versions): the next request sends `page=next_page`."""

    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _token(self.next_page, "page")


class AsyncPageCursor(BaseAsyncPage[_T], Generic[_T]):
    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _token(self.next_page, "page")


class SyncTokenPage(BaseSyncPage[_T], Generic[_T]):
    """Token pages whose next request sends `page_token=next_page`."""

    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _token(self.next_page, "page_token")


class AsyncTokenPage(BaseAsyncPage[_T], Generic[_T]):
    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return _token(self.next_page, "page_token")


class AsyncPaginator(Generic[_T, AsyncPageT]):
    """What an async `list()` returns: `await` it for the first page, `async for` it for every item."""

    def __init__(self, fetch_first: Callable[[], Awaitable[AsyncPageT]]) -> None:
        self._fetch_first = fetch_first

    def __await__(self) -> Generator[Any, None, AsyncPageT]:
        return self._fetch_first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self
        async for item in page:
            yield item


# -- wiring pages to the client (used by the resources' list methods) -----------------------------------


def _next_spec(spec: RequestSpec, params: Mapping[str, object]) -> RequestSpec:
    return replace(spec, params={**spec.params, **params})


def _wire(result: Any, spec: RequestSpec, fetch: Callable[[Mapping[str, object]], Any]) -> Any:
    """Give a fetched page (or the page a raw response will parse to) its way to the next page."""
    from ._response import BaseAPIResponse

    if isinstance(result, BasePage):
        result._fetch = fetch
        result._params = dict(spec.params)
    elif isinstance(result, BaseAPIResponse):
        # `with_raw_response.list()`: the page only exists once the caller parses the response.
        parse_content = result._parse_content

        def parse_and_wire(content: bytes, to: Any) -> Any:
            return _wire(parse_content(content, to), spec, fetch)

        result._parse_content = parse_and_wire  # type: ignore[method-assign]
    return result


def _without_raw_mode(spec: RequestSpec) -> RequestSpec:
    from ._base_client import pop_raw_mode

    return pop_raw_mode(spec)[0]


def get_sync_page(client: Anthropic, page_type: type[SyncPageT], spec: RequestSpec) -> SyncPageT:
    """Fetch one page of `spec` and wire it so that iterating it fetches the pages after it."""
    follow = _without_raw_mode(spec)

    def fetch(params: Mapping[str, object]) -> SyncPageT:
        return get_sync_page(client, page_type, _next_spec(follow, params))

    return cast(SyncPageT, _wire(client.request(page_type, spec), follow, fetch))


def get_async_page(
    client: AsyncAnthropic, page_type: type[AsyncPageT], spec: RequestSpec
) -> AsyncPaginator[Any, AsyncPageT]:
    """The async twin of `get_sync_page`, deferred: nothing is sent until the paginator is awaited."""
    follow = _without_raw_mode(spec)

    async def fetch(params: Mapping[str, object]) -> AsyncPageT:
        return await get_async_page(client, page_type, _next_spec(follow, params))

    async def first() -> AsyncPageT:
        return cast(AsyncPageT, _wire(await client.request(page_type, spec), follow, fetch))

    return AsyncPaginator(first)
