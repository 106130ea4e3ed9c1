"""`CircuitBreaker`: keeps a client's calls away from a target that keeps answering "overloaded".

Written here rather than taken from pybreaker or aiobreaker: those wrap the function they guard and count
every exception it raises, where this one must count only what the retry loop judged an overload, for many
targets at once (keyed by client and model), shared by threads and tasks alike and driven by an injectable
clock in tests. Its own module, of plain classes, because every client holds one: building a client does not
load the fallback machinery (`_fallback.py`), which only a client with `fallbacks` needs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from ._timeouts import check_wait

if TYPE_CHECKING:
    from ._base_client import BaseClient

__all__ = ["CircuitBreaker", "target_key"]


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
        if isinstance(threshold, bool) or not isinstance(threshold, int):
            raise TypeError(f"threshold must be an int, got {threshold!r}")
        if threshold < 1:
            raise ValueError(f"threshold must be at least 1, got {threshold!r}")
        check_wait("cooldown", cooldown)  # infinity: a breaker that stays open
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
