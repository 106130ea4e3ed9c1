"""The rate limits a client has seen: the headers of the latest response that carried any, typed
(`RateLimitInfo`) only when read.

Every response is looked at, so this is kept apart from `_ratelimit.py` (the typed values and the
`RateLimiter`), which loads only for a client that reads `rate_limit` or limits its rate: a process that does
neither never parses a rate-limit header nor defines those classes.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from ._ratelimit import RateLimitInfo

__all__ = ["PREFIX", "RateLimitState", "carries_rate_limits"]

PREFIX = "anthropic-ratelimit-"
"""What the API's rate-limit headers start with (`anthropic-ratelimit-requests-remaining`, …)."""


_PREFIX_BYTES = PREFIX.encode()


def carries_rate_limits(headers: httpx.Headers) -> bool:
    """Whether a response says anything about rate limits (most non-message endpoints do not). Every response
    is asked, so the raw header names are looked at: iterating `headers` decodes each of them into a dict."""
    for raw_name, _ in headers.raw:
        name = raw_name.lower()
        if name.startswith(_PREFIX_BYTES) or name == b"retry-after":
            return True
    return False


class RateLimitState:
    """The latest rate limits a client (and its copies) saw; safe across threads and tasks."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._headers: httpx.Headers | None = None
        self._info: RateLimitInfo | None = None

    @property
    def latest(self) -> RateLimitInfo | None:
        """The `RateLimitInfo` of the latest response that carried rate limits (None before the first)."""
        with self._lock:
            headers, info = self._headers, self._info
        if headers is None or info is not None:
            return info
        from ._ratelimit import RateLimitInfo

        info = RateLimitInfo.from_headers(headers)
        with self._lock:
            if self._headers is headers:  # no newer response was recorded meanwhile
                self._info = info
        return info

    def record(self, headers: httpx.Headers) -> bool:
        """Keep `headers` if they carry rate limits (parsed when `latest` is read); whether they did."""
        if not carries_rate_limits(headers):
            return False
        with self._lock:
            self._headers, self._info = headers, None
        return True
