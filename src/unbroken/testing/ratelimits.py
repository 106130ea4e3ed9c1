"""Rate limits: a bucket in front of the emulated Messages API that empties, as the API's limits do.

``emulator.rate_limits = RateLimits(requests=3, input_tokens=..., output_tokens=..., window=60)`` makes
every request that creates a message take one request, its input tokens (the emulator's word rule) and its
``max_tokens`` output tokens (what the API counts when a request starts) from the buckets. Every answer
then carries the API's headers, ``anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-
{limit,remaining,reset}`` (``reset``: RFC 3339, when the window ends); ``tokens`` is input and output
together, when both are limited. When the answer is made, the output tokens it did not generate go back to
the bucket, as the API adjusts its count when a request ends; an answer that is an error (a 401, a 400)
gives back all it took. A request that does not fit is answered 429
``rate_limit_error`` with the
same headers and ``retry-after`` (``retry_after=``, else the seconds left in the window, rounded up) and takes
nothing. The buckets fill again all at once ``window`` seconds after the first request that took from them
(a fixed window: a test that stays inside it never sees them refill, whatever its pace).

A layer of its own, off by default; ``reset()`` turns it off, ``@pytest.mark.emulator(rate_limits=...)``
turns it on for one test.
"""

from __future__ import annotations

import datetime
import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._asgi import Response, json_response
from .replies import count_input_tokens
from .sse import Streamed

__all__ = ["RateLimits"]

_PREFIX = "anthropic-ratelimit-"


@dataclass(frozen=True)
class RateLimits:
    """How much the emulated organisation may send per window (None: unlimited)."""

    requests: int | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None
    window: float = 60.0
    retry_after: float | None = None
    """The 429's ``retry-after`` in seconds; None: the seconds left in the window, rounded up."""

    def __post_init__(self) -> None:
        for name in ("requests", "input_tokens", "output_tokens"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
                raise ValueError(f"RateLimits.{name} must be a whole number >= 0 or None, got {value!r}")
        if not self.window > 0:
            raise ValueError(f"RateLimits.window must be positive, got {self.window!r}")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"RateLimits.retry_after must be >= 0, got {self.retry_after!r}")


@dataclass
class RateLimitBuckets:
    """The buckets of one emulator: what has been taken in the current window (thread-safe)."""

    limits: RateLimits
    clock: Callable[[], float] = time.monotonic
    _used: dict[str, int] = field(default_factory=dict)
    _window_start: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, body: Any) -> tuple[Response | None, dict[str, str]]:
        """Charge one message request; the 429 to answer instead (or None), and the headers to send."""
        cost = _cost(body)
        with self._lock:
            now = self.clock()
            if self._window_start is None or now >= self._window_start + self.limits.window:
                self._window_start, self._used = now, {}
            left = self._window_start + self.limits.window - now
            fits = all(self._remaining(name) >= amount for name, amount in cost.items())
            if fits:
                for name, amount in cost.items():
                    self._used[name] = self._used.get(name, 0) + amount
            headers = self._headers(left)
        if fits:
            return None, headers
        retry_after = self.limits.retry_after if self.limits.retry_after is not None else math.ceil(left)
        headers["retry-after"] = f"{retry_after:g}"
        message = "Number of requests has exceeded your rate limit"
        body_429 = {"type": "error", "error": {"type": "rate_limit_error", "message": message}}
        return json_response(body_429, 429), headers

    def settle(self, body: Any, result: Response | Streamed) -> None:
        """The answer to a request that took from the buckets is made: its ``max_tokens`` output tokens
        become the tokens it generated (an answer whose usage cannot be read keeps them)."""
        generated = _generated_tokens(result)
        if generated is None:
            return
        self._give_back({"output_tokens": _max_tokens(body) - generated})

    def undo(self, body: Any) -> None:
        """A request that took from the buckets was answered with an error (a 401, a 400): the API does
        not count what it does not serve, so all it took goes back."""
        self._give_back(_cost(body))

    def _give_back(self, amounts: dict[str, int]) -> None:
        with self._lock:
            for name, amount in amounts.items():
                used = self._used.get(name, 0)
                if amount > 0 and used:
                    self._used[name] = max(0, used - amount)

    def _limit(self, name: str) -> int | None:
        value: int | None = getattr(self.limits, name)
        return value

    def _remaining(self, name: str) -> float:
        limit = self._limit(name)
        return math.inf if limit is None else limit - self._used.get(name, 0)

    def _headers(self, left: float) -> dict[str, str]:
        reset = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=left)
        stamp = reset.isoformat(timespec="seconds").replace("+00:00", "Z")
        windows: dict[str, tuple[int, int]] = {}
        for name in ("requests", "input_tokens", "output_tokens"):
            limit = self._limit(name)
            if limit is not None:
                windows[name] = (limit, max(0, limit - self._used.get(name, 0)))
        if "input_tokens" in windows and "output_tokens" in windows:
            (in_limit, in_left), (out_limit, out_left) = windows["input_tokens"], windows["output_tokens"]
            windows["tokens"] = (in_limit + out_limit, in_left + out_left)
        headers: dict[str, str] = {}
        for name, (limit, remaining) in windows.items():
            key = _PREFIX + name.replace("_", "-")
            headers[f"{key}-limit"] = str(limit)
            headers[f"{key}-remaining"] = str(remaining)
            headers[f"{key}-reset"] = stamp
        return headers


def _generated_tokens(result: Response | Streamed) -> int | None:
    """``usage.output_tokens`` of a message answer: its JSON body's or its last ``message_delta``'s."""
    if not isinstance(result, Streamed):
        try:
            usage = json.loads(result.body).get("usage")
        except (ValueError, AttributeError):
            return None
        tokens = usage.get("output_tokens") if isinstance(usage, dict) else None
        return tokens if isinstance(tokens, int) else None
    for unit in reversed(result.units):
        if unit.startswith(b"event: message_delta\n"):
            data = json.loads(unit.split(b"data: ", 1)[1])
            tokens = (data.get("usage") or {}).get("output_tokens")
            return tokens if isinstance(tokens, int) else None
    return None


def _cost(body: Any) -> dict[str, int]:
    """What a message request takes: one request, its input tokens (the word rule), ``max_tokens``."""
    return {
        "requests": 1,
        "input_tokens": count_input_tokens(body) if isinstance(body, dict) else 1,
        "output_tokens": _max_tokens(body),
    }


def _max_tokens(body: Any) -> int:
    value = body.get("max_tokens") if isinstance(body, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
