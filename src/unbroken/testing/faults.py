"""The fault plan: a FIFO queue of misbehaviours the emulator applies to matching requests.

Two families, consumed at two different moments:

* request faults (``status``, ``close_before_response``, ``stall_before_headers``) are taken when a request
  arrives, before authentication and validation, because real failures happen in front of the API too;
* body faults (``drop_after``, ``stall_after``, ``error_event``, ``truncate``, ``malformed_line``,
  ``unknown_event``, ``inject``) are taken when the emulator is about to send a streamed body: an SSE
  stream, a Bedrock event stream or a JSONL batch-results body. ``n``/``after`` count the units of that
  body (events, frames, lines) sent before the fault strikes.

A fault matches a request when its kind fits the moment above and its ``path`` (an ``fnmatch`` pattern, or
``None`` for any path) matches the request path. The first matching fault in push order wins and loses one of
its ``times``; non-matching faults stay queued. Everything here is plain data, safe to share between the test
thread and the server thread.
"""

from __future__ import annotations

import fnmatch
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Union

__all__ = ["Fault", "FaultPlan"]

FaultKind = Literal[
    "status",
    "close_before_response",
    "stall_before_headers",
    "drop_after",
    "stall_after",
    "error_event",
    "truncate",
    "malformed_line",
    "unknown_event",
    "inject",
]

REQUEST_KINDS: frozenset[str] = frozenset({"status", "close_before_response", "stall_before_headers"})
# Faults that only make sense where the body is a stream of typed events (SSE, Bedrock event stream);
# the others also apply to JSONL bodies.
EVENT_ONLY_KINDS: frozenset[str] = frozenset({"error_event", "unknown_event"})

Body = Union[None, str, bytes, Mapping[str, Any]]


@dataclass(frozen=True)
class Fault:
    """One misbehaviour; build it with the constructors below rather than directly."""

    kind: FaultKind
    times: int = 1
    path: str | None = None
    status_code: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = None
    seconds: float = 0.0
    after: int | None = None
    error_type: str = "overloaded_error"
    message: str = "Overloaded"
    end: bool = False

    def __post_init__(self) -> None:
        if self.times < 1:
            raise ValueError(f"times must be >= 1, got {self.times}")
        if self.after is not None and self.after < 0:
            raise ValueError(f"after must be >= 0, got {self.after}")
        if self.seconds < 0:
            raise ValueError(f"seconds must be >= 0, got {self.seconds}")

    # -- request faults -------------------------------------------------------------------------

    @classmethod
    def status(
        cls,
        status_code: int,
        *,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        body: Body = None,
        path: str | None = None,
    ) -> Fault:
        """Answer with this HTTP status instead of the real response.

        ``body=None`` serves the Anthropic-shaped error JSON for the status (529 → ``overloaded_error``,
        ...); a ``dict`` is served as JSON, a ``str``/``bytes`` as ``text/html`` when it looks like markup (a
        proxy's error page) else ``text/plain``. ``headers`` are added (e.g. ``{"retry-after": "0"}``).
        """
        if not 100 <= status_code <= 599:
            raise ValueError(f"not an HTTP status: {status_code}")
        return cls("status", times, path, status_code=status_code, headers=dict(headers or {}), body=body)

    @classmethod
    def close_before_response(cls, *, times: int = 1, path: str | None = None) -> Fault:
        """Close the TCP connection without sending a single response byte."""
        return cls("close_before_response", times, path)

    @classmethod
    def stall_before_headers(cls, seconds: float, *, times: int = 1, path: str | None = None) -> Fault:
        """Hold the request ``seconds`` (less if the client leaves or the emulator stops), then answer."""
        return cls("stall_before_headers", times, path, seconds=seconds)

    # -- body faults ----------------------------------------------------------------------------

    @classmethod
    def drop_after(cls, n_events: int, *, times: int = 1, path: str | None = None) -> Fault:
        """Send ``n_events`` units of a streamed body, then close the connection mid-body.

        The chunked body is left incomplete; on a Bedrock event stream half of the next frame is sent first.
        """
        return cls("drop_after", times, path, after=n_events)

    @classmethod
    def stall_after(cls, n_events: int, seconds: float, *, times: int = 1, path: str | None = None) -> Fault:
        """Send ``n_events`` units, go silent for ``seconds`` (bounded as for stalls), then carry on."""
        return cls("stall_after", times, path, after=n_events, seconds=seconds)

    @classmethod
    def error_event(
        cls,
        after: int = 0,
        error_type: str = "overloaded_error",
        message: str = "Overloaded",
        *,
        times: int = 1,
        path: str | None = None,
    ) -> Fault:
        """After ``after`` events, send the API's in-stream ``event: error`` and end the body cleanly."""
        return cls("error_event", times, path, after=after, error_type=error_type, message=message)

    @classmethod
    def truncate(cls, after: int | None = None, *, times: int = 1, path: str | None = None) -> Fault:
        """End the body cleanly but early: after ``after`` units, or just before ``message_stop``."""
        return cls("truncate", times, path, after=after)

    @classmethod
    def malformed_line(cls, after: int = 0, *, times: int = 1, path: str | None = None) -> Fault:
        """After ``after`` units, insert a unit whose ``data`` is not JSON, then carry on."""
        return cls("malformed_line", times, path, after=after)

    @classmethod
    def unknown_event(cls, after: int = 0, *, times: int = 1, path: str | None = None) -> Fault:
        """After ``after`` events, insert an event of a type the client has never heard of, then carry on."""
        return cls("unknown_event", times, path, after=after)

    @classmethod
    def inject(
        cls,
        data: bytes,
        after: int | None = 0,
        *,
        end: bool = False,
        times: int = 1,
        path: str | None = None,
    ) -> Fault:
        """After ``after`` units (None: just before the last one), send ``data`` verbatim — any bytes: a
        hostile line, a huge one, a unit cut short — then carry on, or with ``end=True`` end the body cleanly
        right after it (``Fault.inject(last_unit_without_blank_line, None, end=True)``)."""
        return cls("inject", times, path, after=after, body=bytes(data), end=end)

    # -- matching -------------------------------------------------------------------------------

    @property
    def is_request_fault(self) -> bool:
        return self.kind in REQUEST_KINDS

    def matches_path(self, path: str) -> bool:
        return self.path is None or fnmatch.fnmatchcase(path, self.path)


@dataclass
class _Entry:
    fault: Fault
    remaining: int


class FaultPlan:
    """A thread-safe FIFO of faults with remaining counts (the test thread pushes, the server takes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[_Entry] = []

    def push(self, *faults: Fault) -> None:
        """Queue faults; each applies to its next ``times`` matching requests, in push order."""
        with self._lock:
            self._queue.extend(_Entry(f, f.times) for f in faults)

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    @property
    def pending(self) -> list[tuple[Fault, int]]:
        """The queued faults with how many uses each has left."""
        with self._lock:
            return [(entry.fault, entry.remaining) for entry in self._queue]

    def __len__(self) -> int:
        with self._lock:
            return len(self._queue)

    def take_request_fault(self, path: str) -> Fault | None:
        return self._take(path, lambda f: f.is_request_fault)

    def take_body_fault(self, path: str, *, events: bool) -> Fault | None:
        """Take the first body fault for this path; ``events=False`` (JSONL) skips event-only kinds."""
        return self._take(
            path, lambda f: not f.is_request_fault and (events or f.kind not in EVENT_ONLY_KINDS)
        )

    def _take(self, path: str, accept: Callable[[Fault], bool]) -> Fault | None:
        with self._lock:
            for i, entry in enumerate(self._queue):
                if accept(entry.fault) and entry.fault.matches_path(path):
                    entry.remaining -= 1
                    if entry.remaining == 0:
                        del self._queue[i]
                    return entry.fault
        return None
