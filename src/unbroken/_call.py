"""`Call`: the state of one call across its attempts, which the client's retry loop owns and every control
reads or updates (kept apart from `_base_client`, which builds calls, so that each stays readable)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._hooks import NOOP, CallObserver
from ._values import replace

if TYPE_CHECKING:
    import httpx

    from ._fallback import Route
    from ._legacy_response import BaseAPIResponse
    from ._middleware import APIRequest
    from ._ratelimit import RateCost
    from ._request import RequestSpec
    from ._retry import RetryPolicy
    from ._timeouts import Clock, Deadline, StreamTimeouts

__all__ = ["Call"]


class Call:
    """The state of one call across its attempts, owned by the client's retry loop (streams keep it to
    retry before their first event). What a new control needs to remember per call goes here."""

    def __init__(
        self,
        spec: RequestSpec,
        policy: RetryPolicy,
        *,
        raw_mode: str | None = None,
        cast_to: Any = None,
        stream: bool = False,
        stream_cls: Any = None,
        canonical: RequestSpec | None = None,
        observer: CallObserver = NOOP,
        deadline: Deadline | None = None,
        rate_cost: RateCost | None = None,
        clock: Clock = time.monotonic,
        message_stream: bool = False,
        client: Any = None,
        route: Route | None = None,
        continuation_limit: int = 0,
    ) -> None:
        self.spec = spec
        self.policy = policy
        self.retries_taken = 0
        self.raw_mode = raw_mode
        """"raw" (`with_raw_response`), "stream" (`with_streaming_response`) or None (the parsed result)."""
        self.cast_to = cast_to
        self.stream = stream
        self.stream_cls = stream_cls
        self.canonical = canonical
        """The call before the platform's rewrite and any encoding (what middleware sees, what a fallback or
        a continuation is made from)."""
        self.observer = observer
        """Told of each attempt, retry and the end of the call: hooks, telemetry, usage meter
        (`_hooks.py`)."""
        self.answer: BaseAPIResponse[Any] | None = None
        """The response wrapper the middleware chain returned for the 2xx response (its parse cache is the
        caller's)."""
        self.deadline = deadline
        """When the whole call must be over (the client's `deadline`), if ever: each attempt's timeouts are
        cut to it, no wait that ends past it is started, and a stream is bounded by it until its first
        event."""
        self.stream_timeouts: StreamTimeouts | None = None
        """A message stream's limits (empty when none are set); None for any other call."""
        self.sent_at: float | None = None
        """When the current attempt was sent, by `clock` (what `first_event` and `total` count from)."""
        self.answered_at: float | None = None
        """When the current attempt's response headers arrived, by `clock` (from then on, a stream's limits
        on waiting count only the time its reader waits)."""
        self.last_error: BaseException | None = None
        """The failure of the last attempt that was retried (chained to a deadline breach)."""
        self.request: httpx.Request | None = None
        """The current attempt's request, as built (what a deadline breach names when the failure has
        none)."""
        self.rate_cost = rate_cost
        """What each attempt takes from the client's `RateLimiter` (None: not rate-limited)."""
        self.clock = clock
        self.message_stream = message_stream
        """Whether the call reads a message stream (which `StreamTimeouts` govern and continuations
        repair)."""
        self.client = client
        """The client whose loop runs the attempts: the one called, or a `Fallback`'s after a move."""
        self.route = route
        """Where the call may go if it fails before its first content event (the called client's
        `fallbacks`), shared by the calls it moves to; None without fallbacks."""
        self.continuation_limit = continuation_limit
        """How many continuations the call's stream may take (`max_continuations` with
        `resume_streams`)."""

    def attempt_spec(self, request: APIRequest, prepare: Callable[[RequestSpec], RequestSpec]) -> RequestSpec:
        """What to send for a middleware's `request`: the prepared call when it is unchanged, else its
        changed spec through the platform's rewrite, keeping the call's idempotency key."""
        if request._spec is self.canonical:
            return self.spec
        spec = replace(request._spec, idempotency_key=self.spec.idempotency_key)
        return prepare(spec).finalize()
