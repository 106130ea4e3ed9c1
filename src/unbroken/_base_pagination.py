"""What every page shares, whichever client fetched it: items, cursor, the way to the next page, and the
`AsyncPaginator` an async `list()` returns. The pages themselves are in `pagination.py`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar

from pydantic import PrivateAttr

from ._models import BaseModel
from ._request import RequestSpec
from ._values import replace

if TYPE_CHECKING:
    from ._async_pagination import BaseAsyncPage

__all__ = [
    "AsyncPaginator",
    "BasePage",
    "PageInfo",
    "id_cursor",
    "next_spec",
    "token_cursor",
    "wire",
    "without_raw_mode",
]

_T = TypeVar("_T")
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


def id_cursor(params: Mapping[str, object], first_id: str | None, last_id: str | None) -> PageInfo | None:
    """`after_id=last_id`, or `before_id=first_id` when the first request went backwards with `before_id`."""
    if params.get("before_id"):
        return PageInfo({"before_id": first_id}) if first_id else None
    return PageInfo({"after_id": last_id}) if last_id else None


def token_cursor(value: str | None, param: str) -> PageInfo | None:
    return PageInfo({param: value}) if value else None


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


# -- wiring pages to the client (used by `get_sync_page` / `get_async_page`) ----------------------------


def next_spec(spec: RequestSpec, params: Mapping[str, object]) -> RequestSpec:
    return replace(spec, params={**spec.params, **params})


def wire(result: Any, spec: RequestSpec, fetch: Callable[[Mapping[str, object]], Any]) -> Any:
    """Give a fetched page (or the page a raw response will parse to) its way to the next page."""
    from ._legacy_response import BaseAPIResponse

    if isinstance(result, BasePage):
        result._fetch = fetch
        result._params = dict(spec.params)
    elif isinstance(result, BaseAPIResponse):
        # `with_raw_response.list()`: the page only exists once the caller parses the response.
        parse_content = result._parse_content

        def parse_and_wire(content: bytes, to: Any) -> Any:
            return wire(parse_content(content, to), spec, fetch)

        result._parse_content = parse_and_wire  # type: ignore[method-assign]
    return result


def without_raw_mode(spec: RequestSpec) -> RequestSpec:
    from ._base_client import pop_raw_mode

    return pop_raw_mode(spec)[0]
