"""Fallback before the first token: where a message call goes when its own target fails before any content
reached the caller.

A client's `fallbacks` (`ClientOptions`) is a list of `Fallback` targets: another model on the same client
(`Fallback(model=…)`), or another client with its own model id (`Fallback(client=bedrock, model=…)`). A call
that fails with one of `fallback_on` after its own retries, while nothing of the answer has reached the
caller, moves to the next target; that target's call runs that client's own loop (its retries, middleware,
hooks and stream limits) under the same deadline. Each call keeps a `Route`: its targets in order and the
one it is on. Everything here is pure: the retry loop asks `Route` which target is next and tells it what
each attempt of the current target amounted to.

The circuit breaker itself is `_breaker.py`. This module is loaded only by a client that has fallbacks.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._breaker import CircuitBreaker, target_key
from ._exceptions import OverloadedError
from ._options import DEFAULT_FALLBACK_ON
from ._timeouts import Deadline, is_deadline_breach
from ._values import replace

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
    "give_up_reason",
    "is_message_call",
    "with_model",
]

logger = logging.getLogger(__name__)


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
        if self.model is not None and not isinstance(self.model, str):
            raise TypeError(f"Fallback.model must be a str, got {self.model!r}")
        if self.model is not None and not self.model.strip():
            raise ValueError(f"Fallback.model must name a model, got {self.model!r}")
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


class Target:
    """One place a call may go: a model, and the `Fallback` that named it (None: the call's own)."""

    __slots__ = ("fallback", "model")

    def __init__(self, model: str, fallback: Fallback | None = None) -> None:
        self.model = model
        self.fallback = fallback

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
        """The next target after the current one gave up with `error`, or None: the reason it gave up
        (`give_up_reason`) is not one of `fallback_on`, the deadline has passed, or every later target is
        cooling down."""
        reason = give_up_reason(error, deadline)
        if reason is None or not isinstance(reason, self.fallback_on):
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


def give_up_reason(error: BaseException, deadline: Deadline | None) -> BaseException | None:
    """Why a target that ended with `error` gave up, as the next target sees it; None when the call is out
    of time, and no target may follow.

    A deadline breach raised because the target's next retry would have waited past the deadline, while
    time is left, only ends that target's retries: its reason is the error of its last attempt (the
    breach's cause), and the next target gets the time left. A deadline that has passed ends the call."""
    if deadline is not None and deadline.remaining() <= 0:
        return None
    if not is_deadline_breach(error):
        return error
    if deadline is None:
        return None
    cause = error.__cause__
    return cause if cause is not None and not is_deadline_breach(cause) else None


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
