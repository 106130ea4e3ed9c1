"""Faults: the misbehaviours the emulator applies to the requests they target, and the plan that holds them.

Two families, consumed at two different moments:

* request faults (``status``, ``close_before_response``, ``stall_before_headers``, ``drop_response``) are
  taken when a request arrives, before authentication, validation and scripted replies, because real
  failures happen in front of the API too;
* body faults (``drop_after``, ``stall_after``, ``delay_first_event``, ``pings``, ``error_event``,
  ``truncate``, ``malformed_line``, ``unknown_event``, ``inject``) are taken when the emulator is about to
  send a streamed body: an SSE stream (generated, scripted or replayed from a cassette), a Bedrock event
  stream or a JSONL batch-results body. ``n``/``after`` count the units of that body (events, frames, lines)
  sent before the fault strikes; at most one body fault applies to a body.

Every constructor takes ``times`` (``None``: every matching request) and the targeting keywords of
``unbroken.testing.matching`` (``path``, ``method``, ``model``, ``stream``, ``tool``, ``prompt``, ``when``,
``nth``, ``optional``). A fault never used fails the test at the ``emulator`` fixture's teardown unless it is
``optional``. Faults are plain frozen data, safe to share between the test thread and the server thread.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal, Union

from ._asgi import check_headers
from .matching import Match, Plan, Target, check_times, describe_call, short, split_target

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from .request_log import RecordedRequest

__all__ = ["Fault", "FaultPlan"]

FaultKind = Literal[
    "status",
    "close_before_response",
    "stall_before_headers",
    "drop_response",
    "drop_after",
    "stall_after",
    "delay_first_event",
    "pings",
    "error_event",
    "truncate",
    "malformed_line",
    "unknown_event",
    "inject",
]

REQUEST_KINDS: frozenset[str] = frozenset(
    {"status", "close_before_response", "stall_before_headers", "drop_response"}
)
# Faults that only make sense where the body is a stream of typed events (SSE, Bedrock event stream);
# the others also apply to JSONL bodies.
EVENT_ONLY_KINDS: frozenset[str] = frozenset({"error_event", "unknown_event", "pings"})
# The constructors, by name: what the control API and the command line accept as a fault's "kind".
CONSTRUCTORS: tuple[str, ...] = (
    "status",
    "close_before_response",
    "stall_before_headers",
    "drop_response",
    "drop_after",
    "stall_after",
    "delay_first_event",
    "pings",
    "error_event",
    "truncate",
    "malformed_line",
    "unknown_event",
    "inject",
)

Body = Union[None, str, bytes, Mapping[str, Any]]


@dataclass(frozen=True)
class Fault:
    """One misbehaviour; build it with the constructors below rather than directly."""

    kind: FaultKind
    times: int | None = 1
    match: Match = field(default_factory=Match)
    optional: bool = False
    status_code: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = None
    seconds: float = 0.0
    after: int | None = None
    error_type: str | None = None
    message: str | None = None
    details: Mapping[str, Any] | None = None
    count: int = 0
    end: bool = False

    def __post_init__(self) -> None:
        check_times(self.times)
        _check_number("status_code", self.status_code, integer=True)
        _check_number("seconds", self.seconds, integer=False)
        _check_number("count", self.count, integer=True)
        if self.after is not None:
            _check_number("the number of events (after)", self.after, integer=True)
        if self.after is not None and self.after < 0:
            raise ValueError(f"after must be >= 0, got {self.after}")
        if not self.seconds >= 0:  # NaN too: it would be served as no wait at all
            raise ValueError(f"seconds must be >= 0, got {self.seconds}")
        if self.count < 0:
            raise ValueError(f"count must be >= 0, got {self.count}")
        check_headers(self.headers)

    @classmethod
    def _make(cls, kind: FaultKind, times: int | None, target: Target, **values: Any) -> Fault:
        match, optional = split_target(target)
        return cls(kind, times, match, optional, **values)

    # -- request faults -------------------------------------------------------------------------

    @classmethod
    def status(
        cls,
        status_code: int,
        *,
        times: int | None = 1,
        headers: Mapping[str, str] | None = None,
        body: Body = None,
        error_type: str | None = None,
        message: str | None = None,
        details: Mapping[str, Any] | None = None,
        **target: Unpack[Target],
    ) -> Fault:
        """Answer with this HTTP status instead of the real response.

        ``body=None`` serves the Anthropic-shaped error JSON for the status (529 → ``overloaded_error``,
        402 → ``billing_error``, ...), with ``error_type``/``message`` if given and ``details`` as
        ``error.details`` (e.g. ``{"error_code": "enforced_spend_limit_reached"}``); a ``dict`` body is served
        as JSON, a ``str``/``bytes`` one as ``text/html`` when it looks like markup (a proxy's error page)
        else ``text/plain``. ``headers`` are added (e.g. ``{"retry-after": "7"}``); one HTTP cannot carry
        (whitespace at either end, a control character, not latin-1, a name that is not a token) is a
        ``ValueError`` here rather than a broken response later.
        """
        _check_number("status_code", status_code, integer=True)
        if not 100 <= status_code <= 599:
            raise ValueError(f"not an HTTP status: {status_code}")
        if 200 <= status_code < 300 and body is None:
            raise ValueError(
                f"Fault.status({status_code}) needs a body= (a success answered with the error body made for"
                " 4xx and 5xx statuses is neither)"
            )
        return cls._make(
            "status",
            times,
            target,
            status_code=status_code,
            headers=dict(headers or {}),
            body=body,
            error_type=error_type,
            message=message,
            details=details,
        )

    @classmethod
    def close_before_response(cls, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """Close the TCP connection without sending a single response byte."""
        return cls._make("close_before_response", times, target)

    @classmethod
    def stall_before_headers(
        cls, seconds: float, *, times: int | None = 1, **target: Unpack[Target]
    ) -> Fault:
        """Hold the request ``seconds`` (less if the client leaves or the emulator stops), then answer."""
        return cls._make("stall_before_headers", times, target, seconds=seconds)

    @classmethod
    def drop_response(cls, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """Let the request be processed (a batch created, a file stored...), then close the connection
        without a byte of the answer: the request happened, the client cannot know it."""
        return cls._make("drop_response", times, target)

    # -- body faults ----------------------------------------------------------------------------

    @classmethod
    def drop_after(cls, n_events: int, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """Send ``n_events`` units of a streamed body, then close the connection mid-body.

        The chunked body is left incomplete; on a Bedrock event stream half of the next frame is sent first.
        """
        return cls._make("drop_after", times, target, after=n_events)

    @classmethod
    def stall_after(
        cls, n_events: int, seconds: float, *, times: int | None = 1, **target: Unpack[Target]
    ) -> Fault:
        """Send ``n_events`` units, go silent for ``seconds`` (bounded as for stalls), then carry on."""
        return cls._make("stall_after", times, target, after=n_events, seconds=seconds)

    @classmethod
    def delay_first_event(cls, seconds: float, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """Send the response headers at once, then nothing for ``seconds`` before the first event: a
        ``stall_after(0, seconds)`` that keeps its own name in reports."""
        return cls._make("delay_first_event", times, target, after=0, seconds=seconds)

    @classmethod
    def pings(
        cls,
        count: int,
        *,
        interval: float = 0.0,
        after: int = 1,
        times: int | None = 1,
        **target: Unpack[Target],
    ) -> Fault:
        """After ``after`` events (1: after ``message_start``), send ``count`` ``ping`` events, each after
        ``interval`` seconds of silence, then carry on: a stretch where the stream lives but says nothing."""
        return cls._make("pings", times, target, after=after, count=count, seconds=interval)

    @classmethod
    def error_event(
        cls,
        after: int = 0,
        error_type: str = "overloaded_error",
        message: str = "Overloaded",
        *,
        details: Mapping[str, Any] | None = None,
        times: int | None = 1,
        **target: Unpack[Target],
    ) -> Fault:
        """After ``after`` events, send the API's in-stream ``event: error`` and end the body cleanly."""
        return cls._make(
            "error_event", times, target, after=after, error_type=error_type, message=message, details=details
        )

    @classmethod
    def truncate(cls, after: int | None = None, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """End the body cleanly but early: after ``after`` units, or just before ``message_stop``."""
        return cls._make("truncate", times, target, after=after)

    @classmethod
    def malformed_line(cls, after: int = 0, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """After ``after`` units, insert a unit whose ``data`` is not JSON, then carry on."""
        return cls._make("malformed_line", times, target, after=after)

    @classmethod
    def unknown_event(cls, after: int = 0, *, times: int | None = 1, **target: Unpack[Target]) -> Fault:
        """After ``after`` events, insert an event of a type the client has never heard of, then carry on."""
        return cls._make("unknown_event", times, target, after=after)

    @classmethod
    def inject(
        cls,
        data: bytes | str,
        after: int | None = 0,
        *,
        end: bool = False,
        times: int | None = 1,
        **target: Unpack[Target],
    ) -> Fault:
        """After ``after`` units (None: just before the last one), send ``data`` verbatim — any bytes: a
        hostile line, a huge one, a unit cut short — then carry on, or with ``end=True`` end the body cleanly
        right after it (``Fault.inject(last_unit_without_blank_line, None, end=True)``). A ``str`` is sent
        UTF-8 encoded (what the control API and the command line can pass)."""
        raw = data.encode() if isinstance(data, str) else bytes(data)
        return cls._make("inject", times, target, after=after, body=raw, end=end)

    # -- matching -------------------------------------------------------------------------------

    @property
    def is_request_fault(self) -> bool:
        return self.kind in REQUEST_KINDS

    @property
    def path(self) -> str | None:
        return self.match.path

    def matches_path(self, path: str) -> bool:
        return self.match.path is None or fnmatch.fnmatchcase(path, self.match.path)

    def describe(self) -> str:
        """How reports name this fault: ``Fault.status(529, model='claude-opus-4-1', times=2)``."""
        positional = _POSITIONAL.get(self.kind, ())
        args = [short(getattr(self, name)) for name in positional]
        for f in fields(self):
            if f.name in ("kind", "times", "match", "optional", *positional, *_IMPLIED.get(self.kind, ())):
                continue
            value = getattr(self, f.name)
            if value != (f.default_factory() if callable(f.default_factory) else f.default):
                args.append(f"{_KEYWORDS.get((self.kind, f.name), f.name)}={short(value)}")
        return describe_call(f"Fault.{self.kind}", args, self.match, self.times, self.optional)


# How ``describe`` spells each kind's constructor call: its positional fields, and renamed keywords.
_POSITIONAL: dict[str, tuple[str, ...]] = {
    "status": ("status_code",),
    "stall_before_headers": ("seconds",),
    "drop_after": ("after",),
    "stall_after": ("after", "seconds"),
    "delay_first_event": ("seconds",),
    "pings": ("count",),
    "error_event": ("after", "error_type", "message"),
    "malformed_line": ("after",),
    "unknown_event": ("after",),
    "inject": ("body", "after"),
}
_KEYWORDS: dict[tuple[str, str], str] = {("pings", "seconds"): "interval"}
# Fields a constructor sets itself, which its call does not spell.
_IMPLIED: dict[str, tuple[str, ...]] = {"delay_first_event": ("after",)}


class FaultPlan(Plan[Fault]):
    """The emulator's queue of faults (``emulator.faults``): push them, the server takes them."""

    item_type = Fault
    item_hint = (
        "emulator.faults.push() takes Fault objects (Fault.status(529), Fault.drop_after(5), ...;"
        " scripted replies go to emulator.replies.push())"
    )

    def take_request_fault(self, req: RecordedRequest) -> Fault | None:
        return self.take(req, lambda f: f.is_request_fault)

    def take_body_fault(self, req: RecordedRequest, *, events: bool) -> Fault | None:
        """Take the first body fault for this request; ``events=False`` (JSONL) skips event-only kinds."""
        return self.take(req, lambda f: not f.is_request_fault and (events or f.kind not in EVENT_ONLY_KINDS))


def _check_number(name: str, value: object, *, integer: bool) -> None:
    """A fault's numbers are numbers (a JSON string from the control API is a clear error, not a failed
    comparison later)."""
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        expected = "an int" if integer else "a number"
        raise TypeError(f"{name} must be {expected}, got {value!r}")
