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

The async pages are written in `_async_pagination.py`; the sync ones are generated from it into
`_sync_pagination.py` (`scripts/unasync.py`). What both share is in `_base_pagination.py`.
"""

from ._async_pagination import AsyncPage, AsyncPageCursor, AsyncTokenPage, BaseAsyncPage, get_async_page
from ._base_pagination import AsyncPaginator, BasePage, PageInfo
from ._sync_pagination import BaseSyncPage, SyncPage, SyncPageCursor, SyncTokenPage, get_sync_page

__all__ = [
    "AsyncPage",
    "AsyncPageCursor",
    "AsyncPaginator",
    "AsyncTokenPage",
    "BaseAsyncPage",
    "BasePage",
    "BaseSyncPage",
    "PageInfo",
    "SyncPage",
    "SyncPageCursor",
    "SyncTokenPage",
    "get_async_page",
    "get_sync_page",
]
