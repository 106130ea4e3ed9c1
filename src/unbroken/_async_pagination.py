# Source of _sync_pagination.py: scripts/unasync.py generates it from this file (`make generate`).
"""Pages of list endpoints, and iteration across all of them (see `pagination.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, cast

from typing_extensions import Self

from ._base_pagination import (
    AsyncPaginator,
    BasePage,
    PageInfo,
    id_cursor,
    next_spec,
    token_cursor,
    wire,
    without_raw_mode,
)
from ._request import RequestSpec

if TYPE_CHECKING:
    from ._async_client import AsyncAnthropic

__all__ = ["AsyncPage", "AsyncPageCursor", "AsyncTokenPage", "BaseAsyncPage", "get_async_page"]

_T = TypeVar("_T")
AsyncPageT = TypeVar("AsyncPageT", bound="BaseAsyncPage[Any]")


class BaseAsyncPage(BasePage[_T], Generic[_T]):
    """`async for item in page` walks every item of this page and the ones after it."""

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]  # async-only
        """A plain `for` would yield pydantic's (field, value) pairs: say what was meant."""  # async-only
        raise TypeError(f"{type(self).__name__} is iterated with `async for` (or use `.data`)")  # async-only

    # sync-only: def __iter__(self) -> Iterator[_T]:  # type: ignore[override]  # items, not (field, value) pairs
    async def __aiter__(self) -> AsyncIterator[_T]:  # async-only
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


class AsyncPage(BaseAsyncPage[_T], Generic[_T]):
    """Id-cursor pages (models, batches, files)."""

    first_id: Optional[str] = None
    last_id: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return id_cursor(self._params, self.first_id, self.last_id)


class AsyncPageCursor(BaseAsyncPage[_T], Generic[_T]):
    """Opaque-token pages (skills, skill versions): the next request sends `page=next_page`."""

    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return token_cursor(self.next_page, "page")


class AsyncTokenPage(BaseAsyncPage[_T], Generic[_T]):
    """Token pages whose next request sends `page_token=next_page`."""

    next_page: Optional[str] = None

    def next_page_info(self) -> PageInfo | None:
        return token_cursor(self.next_page, "page_token")


def get_async_page(
    client: AsyncAnthropic, page_type: type[AsyncPageT], spec: RequestSpec
) -> AsyncPaginator[Any, AsyncPageT]:
    """Fetch one page of `spec` and wire it so that iterating it fetches the pages after it."""
    # Deferred: nothing is sent until the paginator is awaited or iterated.  # async-only
    follow = without_raw_mode(spec)

    async def fetch(params: Mapping[str, object]) -> AsyncPageT:
        return await get_async_page(client, page_type, next_spec(follow, params))

    async def first() -> AsyncPageT:
        return cast(AsyncPageT, wire(await client.request(page_type, spec), follow, fetch))

    return AsyncPaginator(first)  # async-only
    # sync-only: return first()
