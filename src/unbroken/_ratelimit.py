"""Rate limits: the API's rate-limit headers typed (`RateLimitInfo`) and the client-side `RateLimiter` that
makes many concurrent callers slow down before they hit a 429. (The latest headers a client saw are kept by
`_ratelimit_state.py`, which loads this module only when they are read.)

The API limits requests, input tokens and output tokens per minute with token buckets that refill
continuously, and reports each on every response: `anthropic-ratelimit-{requests,tokens,input-tokens,
output-tokens}-{limit,remaining,reset}` (`reset`: RFC 3339, when the bucket is full again) and, on a 429,
`retry-after`. `RateLimiter` keeps one such bucket per dimension for everything one client sends (its copies,
threads and tasks included): before each attempt it reserves one request, the input tokens estimated from
the body and `max_tokens` output tokens (as the API counts them when a request starts), and says how long to
wait for them; each response's headers correct its buckets downward, so other processes sharing the limits
are accounted for. When the call ends, its `Reservations` are settled as the API settles its own count
(output counted from `max_tokens` when a request starts is adjusted to the tokens generated when it ends):
the output tokens not generated go back; and an attempt the API did not admit (answered with an error
status, or never sent) gives back its tokens. What is given back also shortens the waits already decided: a
reservation is a `Turn` in the queue, which the retry loop asks again while it waits. Without that, a
client asking for a large `max_tokens` and getting short answers throttled itself far below what the API
allows.

Pure arithmetic under a lock, with an injectable clock; the waiting itself is the retry loop's.
Written by hand: the rate-limiting libraries (aiolimiter, pyrate-limiter) each serve one of sync or async,
and none is corrected from a server's headers.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._ratelimit_state import PREFIX

if TYPE_CHECKING:
    import httpx

    from ._request import RequestSpec
    from ._timeouts import Clock

__all__ = ["RateCost", "RateLimitInfo", "RateLimitWindow", "RateLimiter", "Reservations", "Turn", "rate_cost"]

_DIMENSIONS = ("requests", "tokens", "input_tokens", "output_tokens")
# A base64 image or document, whatever its size, costs the model about this many tokens (an image of ~1.15
# megapixels); counted so, its bytes do not swamp the estimate.
_MEDIA_TOKENS = 1_600
_CHARS_PER_TOKEN = 4


@dataclasses.dataclass(frozen=True)
class RateLimitWindow:
    """One limit as the API reported it; None where the response did not say."""

    limit: int | None = None
    remaining: int | None = None
    reset: datetime.datetime | None = None
    """When the limit is fully replenished (timezone-aware)."""


@dataclasses.dataclass(frozen=True)
class RateLimitInfo:
    """The rate-limit headers of one response, typed. Missing or unreadable headers are None fields, never an
    error: `info.requests.remaining`, `info.output_tokens.reset`, `info.retry_after`."""

    requests: RateLimitWindow = RateLimitWindow()
    tokens: RateLimitWindow = RateLimitWindow()
    input_tokens: RateLimitWindow = RateLimitWindow()
    output_tokens: RateLimitWindow = RateLimitWindow()
    retry_after: float | None = None
    """Seconds the server asked to wait (`retry-after-ms` / `retry-after`), if it said."""

    @classmethod
    def from_headers(cls, headers: httpx.Headers | Mapping[str, str]) -> RateLimitInfo:
        from ._exceptions import retry_after_seconds

        windows = {name: _window(headers, name.replace("_", "-")) for name in _DIMENSIONS}
        return cls(**windows, retry_after=retry_after_seconds(headers))


def _window(headers: httpx.Headers | Mapping[str, str], name: str) -> RateLimitWindow:
    return RateLimitWindow(
        limit=_integer(headers.get(f"{PREFIX}{name}-limit")),
        remaining=_integer(headers.get(f"{PREFIX}{name}-remaining")),
        reset=_timestamp(headers.get(f"{PREFIX}{name}-reset")),
    )


def _integer(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


_FRACTION = re.compile(r"\.(\d+)")


def _timestamp(raw: str | None) -> datetime.datetime | None:
    """An RFC 3339 timestamp as an aware datetime (Python 3.10's `fromisoformat` wants neither `Z` nor more
    or fewer than 6 fractional digits, so both are normalised first)."""
    if raw is None:
        return None
    text = raw.strip().replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    text = _FRACTION.sub(lambda m: "." + (m[1] + "000000")[:6], text, count=1)
    try:
        parsed = datetime.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.timezone.utc)


# -- what a request costs ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RateCost:
    """What one attempt takes from each bucket."""

    requests: int = 1
    input_tokens: int = 0
    output_tokens: int = 0


def rate_cost(spec: RequestSpec) -> RateCost | None:
    """The cost of a request that creates a message (`POST /v1/messages`, beta too); None for the others,
    which the Messages limits do not count."""
    if spec.method.lower() != "post" or spec.path.split("?", 1)[0].rstrip("/") != "/v1/messages":
        return None
    body = spec.json_data if isinstance(spec.json_data, Mapping) else {}
    if spec.extra_json:
        body = {**body, **spec.extra_json}
    max_tokens = body.get("max_tokens")
    output = max_tokens if isinstance(max_tokens, int) and not isinstance(max_tokens, bool) else 0
    return RateCost(input_tokens=estimate_input_tokens(body), output_tokens=max(output, 0))


def estimate_input_tokens(body: Mapping[str, Any]) -> int:
    """A conservative estimate of a request's input tokens, before the API counts them: one token per four
    characters of the system prompt, the messages and the tool definitions, and a flat 1,600 per base64 image
    or document. The rate-limit headers of the answer correct the buckets anyway."""
    chars = sum(_chars(body.get(key)) for key in ("system", "messages", "tools"))
    return max(1, math.ceil(chars / _CHARS_PER_TOKEN))


def _chars(value: object) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Mapping):
        if value.get("type") == "base64" and "data" in value:
            return _MEDIA_TOKENS * _CHARS_PER_TOKEN
        return sum(_chars(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return sum(_chars(item) for item in value)
    return 0


# -- the client-side limiter -------------------------------------------------------------------------------


class _Bucket:
    """A token bucket: `capacity` tokens, refilled at `capacity` per minute, starting full. A reservation may
    take it below zero: the deficit is the queue of those already waiting, so each caller's wait is exact.
    The server's `limit`, when lower, becomes the capacity and the pace."""

    __slots__ = ("capacity", "given", "level", "rate", "updated")

    def __init__(self, per_minute: float, now: float) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self.updated = now
        self.given = 0.0  # all that reservations gave back, ever: what shortens the waits already decided

    def refill(self, now: float) -> None:
        if now > self.updated:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = max(self.updated, now)

    def wait_for(self, amount: float) -> float:
        """Seconds until `amount` (at most a full bucket) is available, after those already waiting."""
        charge = min(amount, self.capacity)
        return max(0.0, (charge - self.level) / self.rate)

    def take(self, amount: float) -> float:
        """Charge `amount` (at most a full bucket); what was charged."""
        charged = min(amount, self.capacity)
        self.level -= charged
        return charged

    def give(self, amount: float) -> None:
        """Back what a reservation did not use, never above capacity; only what the level really rose by
        shortens the waits of those in line."""
        level = min(self.capacity, self.level + amount)
        self.given += level - self.level
        self.level = level

    def correct(self, window: RateLimitWindow) -> None:
        """The server knows of every caller sharing the limit: never believe in more than it says is left."""
        if window.limit is not None and 0 < window.limit < self.capacity:
            self.capacity = float(window.limit)
            self.rate = self.capacity / 60.0
            self.level = min(self.level, self.capacity)
        if window.remaining is not None:
            self.level = min(self.level, float(window.remaining))


class RateLimiter:
    """Client-side rate limiting, opt-in: `Anthropic(rate_limiter=RateLimiter(requests_per_minute=50, ...))`.

    One token bucket per given dimension, shared by every call of the client and of its copies, across
    threads and tasks (one limiter may serve a sync and an async client alike). Before each attempt of a
    request that creates a message, the client reserves one request, its estimated input tokens and its
    `max_tokens` output tokens, and waits until the buckets hold them; a wait that would pass the call's
    `deadline` is not started. Each response's rate-limit headers correct the buckets. `clock` is for tests.
    """

    def __init__(
        self,
        requests_per_minute: float | None = None,
        input_tokens_per_minute: float | None = None,
        output_tokens_per_minute: float | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        limits = {
            "requests": requests_per_minute,
            "input_tokens": input_tokens_per_minute,
            "output_tokens": output_tokens_per_minute,
        }
        for name, value in limits.items():
            _check_rate(f"{name}_per_minute", value)
        if all(value is None for value in limits.values()):
            raise ValueError(
                "RateLimiter needs at least one limit: requests_per_minute, input_tokens_per_minute or "
                "output_tokens_per_minute"
            )
        self._clock = clock
        self._lock = threading.Lock()
        now = clock()
        self._buckets = {name: _Bucket(value, now) for name, value in limits.items() if value is not None}
        self._limits = {name: value for name, value in limits.items() if value is not None}

    def __repr__(self) -> str:
        given = ", ".join(f"{name}_per_minute={value:g}" for name, value in self._limits.items())
        return f"RateLimiter({given})"

    def reserve(self, cost: RateCost, *, max_wait: float | None = None) -> float | None:
        """Take `cost` from the buckets; the seconds to wait before sending. When the wait would be longer
        than `max_wait`, nothing is taken and the answer is None."""
        turn = self.turn(cost, max_wait=max_wait)
        return None if turn is None else turn.wait

    def turn(self, cost: RateCost, *, max_wait: float | None = None) -> Turn | None:
        """`reserve`, as a place in the queue: its `left()` shortens as reservations ahead give back what
        they did not use (`Reservations`), so a caller need not sleep the whole wait decided now."""
        with self._lock:
            now = self._clock()
            wait = 0.0
            for name, bucket in self._buckets.items():
                bucket.refill(now)
                wait = max(wait, bucket.wait_for(getattr(cost, name)))
            if max_wait is not None and wait >= max_wait:
                return None
            debts: list[tuple[_Bucket, float, float]] = []
            taken: dict[str, float] = {}
            for name, bucket in self._buckets.items():
                taken[name] = bucket.take(getattr(cost, name))
                if bucket.level < 0:
                    debts.append((bucket, -bucket.level, bucket.given))
            return Turn(self, wait, now, debts, taken)

    def _left(self, turn: Turn) -> float:
        with self._lock:
            elapsed = self._clock() - turn.at
            return max(
                [0.0]
                + [
                    (debt - (bucket.given - given)) / bucket.rate - elapsed
                    for bucket, debt, given in turn.debts
                ]
            )

    def give_back(self, input_tokens: int, output_tokens: int) -> None:
        """Return tokens reserved and not used (see the module docstring)."""
        with self._lock:
            now = self._clock()
            for name, amount in (("input_tokens", input_tokens), ("output_tokens", output_tokens)):
                bucket = self._buckets.get(name)
                if bucket is not None and amount > 0:
                    bucket.refill(now)
                    bucket.give(amount)

    def observe(self, info: RateLimitInfo) -> None:
        """Correct the buckets from a response's rate-limit headers."""
        with self._lock:
            now = self._clock()
            for name, bucket in self._buckets.items():
                bucket.refill(now)
                bucket.correct(getattr(info, name))

    def available(self) -> dict[str, float]:
        """What each bucket holds now (below zero: owed to callers already waiting); for tests, dashboards."""
        with self._lock:
            now = self._clock()
            for bucket in self._buckets.values():
                bucket.refill(now)
            return {name: bucket.level for name, bucket in self._buckets.items()}


class Turn:
    """A reservation's place in the limiter's queue: `wait` seconds when it was taken; `left()` now."""

    __slots__ = ("at", "debts", "limiter", "taken", "wait")

    recheck = 0.5
    """How often a waiting caller asks again (seconds): a turn that a give-back made due starts at most this
    late."""

    def __init__(
        self,
        limiter: RateLimiter,
        wait: float,
        at: float,
        debts: list[tuple[_Bucket, float, float]],
        taken: dict[str, float],
    ) -> None:
        self.limiter = limiter
        self.wait = wait
        self.at = at
        self.debts = debts  # per bucket it waits on: its debt then, and what had been given back then
        self.taken = taken  # per bucket, what was charged (at most a full bucket): all it can give back

    def left(self) -> float:
        """The seconds still to wait: the wait decided, less the time passed and what was given back since."""
        return min(self.wait, self.limiter._left(self)) if self.debts else 0.0


class Reservations:
    """What one call (its attempts, its continuations) reserved from a limiter, until the call ends."""

    __slots__ = ("_turns",)

    def __init__(self) -> None:
        self._turns: list[Turn] = []

    def add(self, turn: Turn) -> None:
        self._turns.append(turn)

    def refused(self) -> None:
        """The latest attempt was not admitted (an error status, or never sent): its tokens go back."""
        if self._turns:
            turn = self._turns.pop()
            taken = turn.taken
            turn.limiter.give_back(int(taken.get("input_tokens", 0)), int(taken.get("output_tokens", 0)))

    def settle(self, output_tokens: int) -> None:
        """The call ended having generated `output_tokens`: the output reserved and not generated goes
        back, as the API adjusts its count. (Its input is not settled: the API counts it exactly when the
        request starts, and the response's headers have already corrected the buckets to that.)"""
        if not self._turns:
            return
        limiter = self._turns[0].limiter  # a call's attempts are all its client's
        reserved = sum(turn.taken.get("output_tokens", 0) for turn in self._turns)
        self._turns.clear()
        limiter.give_back(0, int(reserved) - output_tokens)


def _check_rate(name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number or None, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
