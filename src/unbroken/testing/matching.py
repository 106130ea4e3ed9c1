"""Which requests a scripted reply or a fault is for, and the queue (``Plan``) that hands them out.

Both ``Reply`` and ``Fault`` constructors take the same targeting keywords (``Target``):

* ``path`` (an ``fnmatch`` glob), ``method``, ``model`` (a glob), ``stream`` (``True``/``False``), ``tool``
  (a tool the request offers), ``prompt`` (a substring of the last user turn's text), ``when`` (any predicate
  on the ``RecordedRequest``): all given must hold;
* ``nth``: skip the first ``nth - 1`` requests that fit, then apply; each item counts the requests that fit it
  since it was queued, whether or not another item answered them;
* ``optional``: the item may go unused without failing the test (see ``Plan.unused``).

A plan is a thread-safe FIFO: the first item that fits and has reached its ``nth`` wins and uses one of its
``times`` (``None``: every fitting request, forever). An exception raised by a ``when`` predicate is kept and
reported as a problem rather than raised in the server.
"""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypedDict, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from .request_log import RecordedRequest

__all__ = ["Match", "Plan", "RequestMatch", "Target"]

Predicate = Callable[["RecordedRequest"], bool]


class RequestMatch(TypedDict, total=False):
    """What a request must look like (the keywords of ``RequestLog.filter``)."""

    path: str | None
    method: str | None
    model: str | None
    stream: bool | None
    tool: str | None
    prompt: str | None
    when: Predicate | None


class Target(RequestMatch, total=False):
    """The targeting keywords every ``Reply`` and ``Fault`` constructor accepts."""

    nth: int
    optional: bool


@dataclass(frozen=True)
class Match:
    """A request selector: every criterion given must hold (``None`` means any)."""

    path: str | None = None
    method: str | None = None
    model: str | None = None
    stream: bool | None = None
    tool: str | None = None
    prompt: str | None = None
    when: Predicate | None = None
    nth: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.nth, bool) or not isinstance(self.nth, int) or self.nth < 1:
            raise ValueError(f"nth must be an int >= 1, got {self.nth!r}")
        # Checked here, not when a request arrives, where a wrong type would look like a `when` that raised.
        for name in ("path", "method", "model", "tool", "prompt"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None, got {short(value)}")
        if self.stream is not None and not isinstance(self.stream, bool):
            raise TypeError(f"stream must be True, False or None, got {short(self.stream)}")
        if self.when is not None and not callable(self.when):
            raise TypeError(f"when must be a callable taking the RecordedRequest, got {self.when!r}")
        if self.method is not None:
            object.__setattr__(self, "method", self.method.upper())

    @classmethod
    def of(cls, target: RequestMatch | Target) -> Match:
        return cls(
            path=target.get("path"),
            method=target.get("method"),
            model=target.get("model"),
            stream=target.get("stream"),
            tool=target.get("tool"),
            prompt=target.get("prompt"),
            when=target.get("when"),
            nth=target.get("nth", 1),  # type: ignore[arg-type]
        )

    def matches(self, req: RecordedRequest) -> bool:
        if self.path is not None and not fnmatch.fnmatchcase(req.path, self.path):
            return False
        if self.method is not None and req.method.upper() != self.method:
            return False
        if self.model is not None and not fnmatch.fnmatchcase(req.model or "", self.model):
            return False
        if self.stream is not None and req.stream != self.stream:
            return False
        if self.tool is not None and self.tool not in req.tool_names:
            return False
        if self.prompt is not None and self.prompt not in req.user_text:
            return False
        return self.when is None or bool(self.when(req))

    def describe(self) -> list[str]:
        """The criteria as constructor keywords (``["model='x'", "nth=2"]``)."""
        parts = []
        for name in ("path", "method", "model", "stream", "tool", "prompt"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        if self.when is not None:
            parts.append(f"when={getattr(self.when, '__qualname__', repr(self.when))}")
        if self.nth != 1:
            parts.append(f"nth={self.nth}")
        return parts


_TARGET_KEYS = Target.__required_keys__ | Target.__optional_keys__


def split_target(target: Target) -> tuple[Match, bool]:
    """The ``Match`` and the ``optional`` flag of a constructor's targeting keywords."""
    unknown = sorted(set(target) - _TARGET_KEYS)
    if unknown:
        known = ", ".join(sorted(_TARGET_KEYS))
        raise TypeError(
            f"unexpected keyword argument {unknown[0]!r} (besides its own arguments and `times`, the"
            f" targeting keywords are {known})"
        )
    return Match.of(target), bool(target.get("optional", False))


def check_times(times: int | None) -> None:
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError(f"times must be an int >= 1 or None (every matching request), got {times!r}")


@runtime_checkable
class Planned(Protocol):
    """What a plan needs of its items (``Reply`` and ``Fault`` are such)."""

    @property
    def times(self) -> int | None: ...
    @property
    def match(self) -> Match: ...
    @property
    def optional(self) -> bool: ...
    def describe(self) -> str: ...


T = TypeVar("T", bound=Planned)


@dataclass(eq=False)
class _Slot(Generic[T]):
    item: T
    used: int = 0
    seen: int = 0
    given_back: int = 0  # uses given back (``Plan.give_back``) and not taken again

    @property
    def exhausted(self) -> bool:
        return self.item.times is not None and self.used >= self.item.times

    @property
    def remaining(self) -> int | None:
        return None if self.item.times is None else self.item.times - self.used

    @property
    def unmet(self) -> bool:
        """Queued, not optional, and not used as often as it was meant to be (once, for ``times=None``); a use
        given back counts as made until it is taken again."""
        if self.item.optional:
            return False
        return self.used == 0 if self.item.times is None else self.used + self.given_back < self.item.times


_SPENT_KEPT = 64  # used-up items a plan remembers for ``give_back``


class Plan(Generic[T]):
    """A thread-safe FIFO of items with use counts: the test thread pushes, the server thread takes."""

    item_type: ClassVar[type | None] = None  # what ``push`` accepts (``Fault`` for the faults, ...)
    item_hint: ClassVar[str] = ""  # the plan's name and constructors that build an item, for the error

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: list[_Slot[T]] = []
        self._spent: list[_Slot[T]] = []  # the last items used up, which ``give_back`` can restore
        self._problems: list[str] = []

    def push(self, *items: T) -> None:
        """Queue items; each applies to its next ``times`` fitting requests, in push order.

        Anything else is a ``TypeError`` here: queued, it would break only when a request arrives (a 500 from
        the server thread) and again when the test ends."""
        kind = self.item_type
        for item in items:
            if kind is not None and not isinstance(item, kind):
                got = item.describe() if isinstance(item, Planned) else f"{type(item).__name__} {short(item)}"
                raise TypeError(f"{self.item_hint}, got {got}")
        with self._lock:
            self._slots.extend(_Slot(item) for item in items)

    def clear(self) -> None:
        with self._lock:
            self._slots.clear()
            self._spent.clear()
            self._problems.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._slots)

    @property
    def pending(self) -> list[tuple[T, int | None]]:
        """The queued items with how many uses each has left (``None``: unlimited)."""
        with self._lock:
            return [(slot.item, slot.remaining) for slot in self._slots]

    def take(self, req: RecordedRequest, accept: Callable[[T], bool] | None = None) -> T | None:
        """The first accepted item that fits ``req`` and has reached its ``nth``, using one of its uses."""
        chosen: T | None = None
        chosen_slot: _Slot[T] | None = None
        with self._lock:
            for slot in self._slots:
                if accept is not None and not accept(slot.item):
                    continue
                try:
                    fits = slot.item.match.matches(req)
                except Exception as exc:  # a user's predicate: keep the problem for the test to see
                    self._problems.append(f"{slot.item.describe()}: its `when` raised {exc!r}")
                    continue
                if not fits:
                    continue
                slot.seen += 1
                if chosen is None and slot.seen >= slot.item.match.nth:
                    slot.used += 1
                    slot.given_back = max(0, slot.given_back - 1)
                    chosen, chosen_slot = slot.item, slot
            if chosen_slot is not None and chosen_slot.exhausted:
                self._spent = [*self._spent[1 - _SPENT_KEPT :], chosen_slot]
            self._slots = [slot for slot in self._slots if not slot.exhausted]
        return chosen

    def give_back(self, item: T) -> None:
        """Undo one use of ``item`` (taken by ``take`` since the last ``clear``): the next request it fits
        gets it again, first among the queued items if it had been used up. Until then the use counts as
        made, so an item given back and never asked for again does not fail the test."""
        with self._lock:
            slot = next((s for s in self._slots if s.item is item), None)
            if slot is None:
                slot = next((s for s in reversed(self._spent) if s.item is item), None)
                if slot is None:
                    return  # cleared since (a request of a test that has ended), or never used up
                self._spent.remove(slot)
                self._slots.insert(0, slot)
            if slot.item.times is not None and slot.used > 0:
                slot.used -= 1
                slot.given_back += 1

    def unused(self) -> list[str]:
        """One line per item still expected to be used, then each predicate that raised."""
        with self._lock:
            lines = []
            for slot in self._slots:
                if slot.unmet:
                    wanted = "at least 1" if slot.item.times is None else str(slot.item.times)
                    lines.append(f"{slot.item.describe()}: used {slot.used} of {wanted}")
            return lines + list(self._problems)


def describe_call(name: str, args: list[str], match: Match, times: int | None, optional: bool) -> str:
    """``Fault.status(529, times=2, model='x')``: how problem reports name an item."""
    parts = [*args, *match.describe()]
    if times != 1:
        parts.append(f"times={times!r}")
    if optional:
        parts.append("optional=True")
    return f"{name}({', '.join(parts)})"


def short(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
