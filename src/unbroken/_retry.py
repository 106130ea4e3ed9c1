"""When to retry, and after how long: a value that computes, never sleeps.

A request is retried when it failed to connect or timed out, or when the response status is 408, 409, 429 or
>= 500 — unless the server said otherwise with `x-should-retry: true|false` — and never when the error is
one that retrying cannot fix, whatever its status or that header (`FINAL_ERROR_CODES`: a reached spend
limit); or when a middleware raised `RetryableError`.

The delay before retry number ``n`` (0-based count of retries already taken) is:

* the server's `retry-after-ms`, else `retry-after` (seconds, or an HTTP date), when
  ``0 < value <= max_server_delay`` (the client's `max_retry_after`, 60 s by default); a longer one is not
  waited for at all: the error is raised at once (`too_long_to_wait`), so the caller can reschedule;
* otherwise ``min(initial_delay * 2**n, max_delay) * (1 - jitter * random())`` — 0.5 s, 1 s, 2 s, 4 s, 8 s …
  each shortened by up to 25 % so that clients that failed together do not retry together.

`instant_retries()` (a testing switch) makes every *sleep* zero while the computed delays stay observable.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from ._exceptions import APIConnectionError, APIStatusError, RetryableError, retry_after_seconds
from ._values import Value

if TYPE_CHECKING:
    from ._exceptions import HTTPResponse

__all__ = ["FINAL_ERROR_CODES", "RetryPolicy", "check_max_retries", "instant_retries", "sleep_seconds"]

_RETRYABLE_STATUSES = frozenset({408, 409, 429})
FINAL_ERROR_CODES: frozenset[str] = frozenset(
    {
        "enforced_spend_limit_reached",  # a 429 until the usage tier's month ends
        "contract_spend_limit_reached",  # a 429 until the contract changes
    }
)
"""`error.details.error_code`s that the API documents as not worth retrying, whatever the status."""
_instant = False


class RetryPolicy(Value):
    """Immutable retry rules; `max_retries` is the number of retries after the first attempt."""

    __slots__ = (  # noqa: RUF023  (in field order, as `repr()` shows them)
        "max_retries",
        "initial_delay",
        "max_delay",
        "max_server_delay",
        "jitter",
    )
    max_retries: int
    initial_delay: float
    max_delay: float
    max_server_delay: float
    jitter: float

    def __init__(
        self,
        max_retries: int = 2,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_server_delay: float = 60.0,
        jitter: float = 0.25,
    ) -> None:
        self._set(
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_server_delay=max_server_delay,
            jitter=jitter,
        )

    def should_retry(
        self,
        retries_taken: int,
        *,
        response: HTTPResponse | None = None,
        error: BaseException | None = None,
    ) -> bool:
        """Whether attempt ``retries_taken + 1`` failed in a way worth another try, budget permitting."""
        if retries_taken >= self.max_retries or getattr(error, "timeout_kind", None) == "deadline":
            return False  # out of retries, or out of time
        if getattr(error, "error_code", None) in FINAL_ERROR_CODES:
            return False  # retrying cannot fix it, whatever the status or `x-should-retry` says
        if response is not None:
            override = response.headers.get("x-should-retry")
            if override == "true":
                return True
            if override == "false":
                return False
            return _retryable_status(response.status_code)
        if isinstance(error, APIStatusError):  # an in-stream `event: error`: judged by the status it means
            return _retryable_status(error.status_code)
        return isinstance(error, (APIConnectionError, RetryableError))  # RetryableError: a middleware asked

    def too_long_to_wait(self, headers: Mapping[str, str] | None) -> bool:
        """Whether the server asked for a wait longer than this policy will sleep (then: raise at once)."""
        server = retry_after_seconds(headers) if headers is not None else None
        return server is not None and server > self.max_server_delay

    def delay(
        self,
        retries_taken: int,
        headers: Mapping[str, str] | None = None,
        *,
        random_fraction: Callable[[], float] = random.random,
    ) -> float:
        """Seconds to wait before the next attempt (see the module docstring for the formula)."""
        if headers is not None:
            server = retry_after_seconds(headers)
            if server is not None and 0 < server <= self.max_server_delay:
                return server
        base = min(self.initial_delay * (2.0**retries_taken), self.max_delay)
        return base * (1 - self.jitter * random_fraction())


def check_max_retries(value: object) -> None:
    """`max_retries` is a count: 0 or more, `math.inf` for no limit. Checked when a client is made, not when a
    first failure compares it (a string failed then, after a request was sent; a negative count meant no
    retries, silently)."""
    if value is None:
        raise TypeError(
            "max_retries cannot be None. If you want to disable retries, pass `0`; if you want unlimited "
            "retries, pass `math.inf` or a very high number; if you want the default behavior, pass "
            "`unbroken.DEFAULT_MAX_RETRIES`"
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"max_retries must be an int (or `math.inf`), got {value!r}")
    if not value >= 0:
        raise ValueError(f"max_retries must be 0 or more (0: no retries), got {value!r}")


def _retryable_status(status: int) -> bool:
    return status in _RETRYABLE_STATUSES or status >= 500


def sleep_seconds(delay: float) -> float:
    """What the shells actually sleep: the policy's delay, or zero under `instant_retries()`."""
    return 0.0 if _instant else delay


@contextlib.contextmanager
def instant_retries(enabled: bool = True) -> Iterator[None]:
    """Testing switch: retries, and waits for the rate limiter, happen without sleeping (the decisions are
    unchanged)."""
    global _instant
    previous, _instant = _instant, enabled
    try:
        yield
    finally:
        _instant = previous
