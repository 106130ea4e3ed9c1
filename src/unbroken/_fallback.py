"""Fallback before the first token: where a message call goes when its own target fails before any content
reached the caller, and the circuit breaker that keeps calls away from a target that keeps answering
"overloaded".

A client's `fallbacks` (`ClientOptions`) is a list of `Fallback` targets: another model on the same client
(`Fallback(model=…)`), or another client with its own model id (`Fallback(client=bedrock, model=…)`). A call
that fails with one of `fallback_on` after its own retries, while nothing of the answer has reached the
caller, moves to the next target; that target's call runs that client's own loop (its retries, middleware,
hooks and stream limits) under the same deadline. Each call keeps a `Route`: its targets in order and the
one it is on. Everything here is pure: the retry loop asks `Route` which target is next and tells it what
each attempt of the current target amounted to.

`CircuitBreaker` is written here rather than taken from pybreaker or aiobreaker: those wrap the function
they guard and count every exception it raises, where this one must count only what the retry loop judged
an overload, for many targets at once (keyed by client and model), shared by threads and tasks alike and
driven by an injectable clock in tests. It is thirty lines.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    APIConnectionError,
    DeadlineExceededError,
    InternalServerError,
    OverloadedError,
    ServiceUnavailableError,
)
from ._timeouts import Deadline, is_deadline_breach

if TYPE_CHECKING:
    from ._base_client import BaseClient
    from ._hook_events import FallbackEvent
    from ._request import RequestSpec

__all__ = [
    "DEFAULT_FALLBACK_ON",
    "CircuitBreaker",
    "Fallback",
    "Route",
    "Target",
    "check_fallbacks",
    "is_message_call",
    "with_model",
]

logger = logging.getLogger(__name__)

DEFAULT_FALLBACK_ON: tuple[type[BaseException], ...] = (
    OverloadedError,
    InternalServerError,
    ServiceUnavailableError,
    DeadlineExceededError,
    APIConnectionError,
)
"""An overload (529, or an in-stream `overloaded_error`), the other 5xx errors, and a failure to get an answer
at all: a connection error or a timeout (never the call's own deadline, which no other target can beat)."""


@dataclass(frozen=True)
class Fallback:
    """One more target for a message call whose own target failed before answering.

    ``Fallback(model="claude-haiku-4-5")`` asks the same client for another model;
    ``Fallback(client=other, model=…)`` asks another client (an `AnthropicBedrock` or `AnthropicVertex`
    with its own model id, a client with another key or base URL), which runs its own retries, middleware
    and hooks. ``model=None`` keeps the call's model. The client must be of the same kind (sync or async) as
    the client whose ``fallbacks`` it is in.
    """

    model: str | None = None
    client: BaseClient | None = None

    def __post_init__(self) -> None:
        if self.model is None and self.client is None:
            raise ValueError("Fallback needs a model, a client, or both")
        if self.model is not None and (not isinstance(self.model, str) or not self.model):
            raise TypeError(f"Fallback.model must be a non-empty str, got {self.model!r}")
        if self.client is not None:
            from ._base_client import BaseClient

            if not isinstance(self.client, BaseClient):
                raise TypeError(
                    f"Fallback.client must be an unbroken client, got {type(self.client).__name__}"
                )

    def __repr__(self) -> str:
        parts = [f"model={self.model!r}"] if self.model is not None else []
        if self.client is not None:
            parts.append(f"client={type(self.client).__name__}")
        return f"Fallback({', '.join(parts)})"


def check_fallbacks(fallbacks: Sequence[Fallback], *, is_async: bool) -> None:
    """A fallback client of the other kind (async in a sync client's list, …) is a TypeError when the client
    is built: its calls could not run in the caller's loop."""
    for fallback in fallbacks:
        client = fallback.client
        if client is not None and getattr(client, "_is_async", is_async) != is_async:
            kind = "an asynchronous" if is_async else "a synchronous"
            raise TypeError(
                f"{fallback!r}: the client must be {kind} client, like the one it falls back from"
            )


class CircuitBreaker:
    """Skips a target for ``cooldown`` seconds once it has answered ``threshold`` overloads in a row (529,
    or an in-stream ``overloaded_error``); an answer from it closes the breaker again.

    A client's breaker (``circuit_breaker=`` on its constructor; by default each client makes its own) is
    shared by its copies, threads and tasks, so one call's overloads steer the next calls. After the cooldown
    the target is tried again: one more overload opens it for another cooldown, an answer closes it. A call
    whose every target is cooling down is still sent, to its first target: the breaker orders targets, it
    never fails a call by itself. ``clock`` (seconds, monotonic) is there for tests.
    """

    def __init__(
        self, *, threshold: int = 3, cooldown: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
            raise ValueError(f"threshold must be an int of at least 1, got {threshold!r}")
        if isinstance(cooldown, bool) or not isinstance(cooldown, (int, float)) or not cooldown >= 0:
            raise ValueError(f"cooldown must be 0 or more seconds, got {cooldown!r}")
        self.threshold = threshold
        self.cooldown = float(cooldown)
        self._clock = clock
        self._lock = threading.Lock()
        self._overloads: dict[Hashable, int] = {}
        self._open_until: dict[Hashable, float] = {}

    def allows(self, key: Hashable) -> bool:
        """Whether the target may be tried now (closed, or its cooldown is over)."""
        with self._lock:
            until = self._open_until.get(key)
            return until is None or self._clock() >= until

    def overloaded(self, key: Hashable) -> None:
        """The target answered an overload: one more in a row; at ``threshold``, open for ``cooldown``."""
        with self._lock:
            count = self._overloads.get(key, 0) + 1
            self._overloads[key] = count
            if count >= self.threshold:
                self._open_until[key] = self._clock() + self.cooldown

    def succeeded(self, key: Hashable) -> None:
        """The target answered: closed, its count back to zero."""
        with self._lock:
            self._overloads.pop(key, None)
            self._open_until.pop(key, None)

    def is_open(self, model: str, client: BaseClient | None = None) -> bool:
        """Whether calls skip ``model`` (on ``client``; None: on the client whose breaker this is) now."""
        return not self.allows(target_key(client, model))

    def __repr__(self) -> str:
        return f"CircuitBreaker(threshold={self.threshold}, cooldown={self.cooldown:g})"


def target_key(client: object | None, model: str) -> Hashable:
    """How a breaker names a target: the model, and the fallback client if it is not the caller's own."""
    return (None if client is None else id(client), model)


@dataclass(frozen=True)
class Target:
    """One place a call may go: a model, and the `Fallback` that named it (None: the call's own)."""

    model: str
    fallback: Fallback | None = None

    @property
    def client(self) -> BaseClient | None:
        """The client that answers for it; None: the client the call was made on."""
        return self.fallback.client if self.fallback is not None else None

    @property
    def key(self) -> Hashable:
        return target_key(self.client, self.model)


class Route:
    """The targets of one message call in order (its own, then the client's fallbacks) and which it is on;
    shared by the calls it moves to. `home` is the client the call was made on."""

    def __init__(
        self,
        home: BaseClient,
        model: str,
        fallbacks: Sequence[Fallback],
        fallback_on: tuple[type[BaseException], ...],
        breaker: CircuitBreaker | None,
    ) -> None:
        self.home = home
        self.targets: tuple[Target, ...] = (
            Target(model),
            *(Target(fallback.model or model, fallback) for fallback in fallbacks),
        )
        self.fallback_on = fallback_on
        self.breaker = breaker
        self.index = 0
        self.left = 0
        """The target the call last moved away from (the one `event` names as `from_model`)."""

    @property
    def current(self) -> Target:
        return self.targets[self.index]

    def start(self) -> Target:
        """The first target the circuit breaker lets through (the first of all when none is)."""
        for index, target in enumerate(self.targets):
            if self._allows(target):
                self.index = index
                return target
            logger.info("Skipping %s: its circuit breaker is open", _name(target))
        return self.targets[0]

    def next_after(self, error: BaseException, deadline: Deadline | None) -> Target | None:
        """The next target after the current one gave up with `error`, or None: `error` is not one of
        `fallback_on`, the deadline has passed, or every later target is cooling down."""
        if not isinstance(error, self.fallback_on) or is_deadline_breach(error):
            return None
        if deadline is not None and deadline.remaining() <= 0:
            return None
        for index in range(self.index + 1, len(self.targets)):
            target = self.targets[index]
            if self._allows(target):
                logger.info(
                    "Falling back from %s to %s after %s",
                    _name(self.current),
                    _name(target),
                    type(error).__name__,
                )
                self.left, self.index = self.index, index
                return target
            logger.info("Skipping %s: its circuit breaker is open", _name(target))
        return None

    def event(self, error: BaseException | None) -> FallbackEvent:
        """What the hooks are told of the move to the current target (`error`: None when the circuit
        breaker skipped the targets before it)."""
        from ._hook_events import FallbackEvent

        current = self.current
        assert current.fallback is not None  # a move always lands on a fallback
        return FallbackEvent(error, self.targets[self.left].model, current.model, current.fallback)

    def failed(self, error: BaseException) -> None:
        """An attempt of the current target failed with `error` (an overload counts against it)."""
        if self.breaker is not None and isinstance(error, OverloadedError):
            self.breaker.overloaded(self.current.key)

    def succeeded(self) -> None:
        """The current target answered."""
        if self.breaker is not None:
            self.breaker.succeeded(self.current.key)

    def _allows(self, target: Target) -> bool:
        return self.breaker is None or self.breaker.allows(target.key)


def _name(target: Target) -> str:
    client = target.client
    return target.model if client is None else f"{target.model} on {type(client).__name__}"


def is_message_call(spec: RequestSpec) -> bool:
    """Whether `spec` creates a message (`POST /v1/messages`, beta or not): the calls that fall back."""
    path = spec.path.partition("?")[0].rstrip("/")
    return spec.method.lower() == "post" and path == "/v1/messages" and isinstance(spec.json_data, Mapping)


def model_of(spec: RequestSpec) -> str:
    """The model a message call asks for (`extra_body` wins, as it does on the wire)."""
    for layer in (spec.extra_json, spec.json_data):
        if isinstance(layer, Mapping) and "model" in layer:
            return str(layer["model"])
    return ""


def with_model(spec: RequestSpec, model: str) -> RequestSpec:
    """`spec` asking for `model` instead (a fresh idempotency key: it is another request)."""
    body: dict[str, Any] = dict(spec.json_data) if isinstance(spec.json_data, Mapping) else {}
    body["model"] = model
    extra = spec.extra_json
    if isinstance(extra, Mapping) and "model" in extra:
        extra = {**extra, "model": model}
    return replace(spec, json_data=body, extra_json=extra, idempotency_key=None, content=None)
