"""The controls unbroken adds to the reference's client constructor, declared once.

Every client (`Anthropic`, `AsyncAnthropic`, the Bedrock, Vertex and Foundry clients) takes them, and
`copy()` / `with_options()` changes them. Declaring each control once, as a key of `ClientOptions`, keeps
each constructor the reference's signature plus `**options`, which type checkers check key by key (PEP 692),
instead of one more parameter threaded through eight constructors and their `copy()`s per control.

`Controls` is the resolved, immutable value a client holds (`client.controls`). Its fields are checked when
it is built, so a bad value is a TypeError/ValueError from the constructor, before anything is sent. A
control that is an object with state (a rate limiter, a usage meter) is shared, not copied, by `copy()`: the
copies of a client act as one.

To add a control: a key in `ClientOptions` (with its docstring), a field in `Controls` (a slot and an
`__init__` argument whose default keeps today's behaviour) and its check there; the module that implements
it reads `client.controls.<name>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from typing_extensions import TypedDict

from ._breaker import CircuitBreaker
from ._constants import DEFAULT_MAX_CONTINUATIONS, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RETRY_AFTER
from ._exceptions import (
    APIConnectionError,
    DeadlineExceededError,
    InternalServerError,
    OverloadedError,
    ServiceUnavailableError,
)
from ._timeouts import StreamTimeouts, check_seconds
from ._types import NotGiven, not_given
from ._values import Value, replace

if TYPE_CHECKING:
    from ._fallback import Fallback
    from ._hooks import Hooks
    from ._middleware import MiddlewareInput
    from ._ratelimit import RateLimiter
    from .usage import UsageMeter

__all__ = ["ClientOptions", "Controls", "TelemetryOption", "TelemetryOptions"]

DEFAULT_FALLBACK_ON: tuple[type[BaseException], ...] = (
    OverloadedError,
    InternalServerError,
    ServiceUnavailableError,
    DeadlineExceededError,
    APIConnectionError,
)
"""What moves a call to its next fallback by default: an overload (529, or an in-stream `overloaded_error`),
the other 5xx errors, and a failure to get an answer at all, a connection error or a timeout (never the
call's own deadline, which no other target can beat)."""


class TelemetryOptions(TypedDict, total=False):
    """The ``open_telemetry`` client option as a mapping (which turns OpenTelemetry on); every key optional.
    ``tracer_provider``, ``traces`` (a bool or ``{"enabled": …, "content_mode": "content"}``),
    ``propagation`` and ``conversation_id`` mean what they mean in the official SDK 2.x's option."""

    tracer_provider: Any
    """Spans go to this provider instead of the global one."""
    meter_provider: Any
    """Metrics go to this provider instead of the global one."""
    traces: Union[bool, Mapping[str, Any]]
    """False: no spans (metrics only). A mapping may say ``content_mode="content"`` to record content."""
    metrics: bool
    """False: no metrics (spans only)."""
    capture_content: bool
    """Record message content on spans; unset: ``OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT``."""
    propagation: bool
    """Requests carry the span's trace context (``traceparent``) in their headers (default True)."""
    conversation_id: str
    """Recorded on each span as ``gen_ai.conversation.id`` (never sent to the API)."""


TelemetryOption: TypeAlias = Union[TelemetryOptions, bool, None]
_TELEMETRY_KEYS = frozenset(TelemetryOptions.__annotations__)


class ClientOptions(TypedDict, total=False):
    """Keyword arguments every client constructor and `copy()` / `with_options()` accept beyond the
    reference's. Given to `copy()`, a key replaces the client's value; a key left out keeps it."""

    max_event_bytes: int
    """The largest single stream event (an SSE event, a Bedrock frame) or JSON Lines line accepted, in bytes
    (default 64 MiB); a bigger one fails the stream with `APIResponseValidationError`, connection closed,
    `partial_message` kept, instead of being buffered without end."""

    accumulate_raw_streams: bool
    """Whether raw `create(stream=True)` streams keep the message as it arrives (default True: about 1x the
    streamed text, so that a failure carries `partial_message`). False passes events through and keeps
    nothing: errors are still typed, `partial_message` is None. `messages.stream()` always accumulates."""

    middleware: Sequence[MiddlewareInput] | None
    """Middleware run once per attempt inside the retry loop, the first given outermost (the official SDK
    2.x's contract, see `unbroken.Middleware`). `client.with_middleware(*more)` appends; None clears."""

    hooks: Hooks | None
    """`unbroken.Hooks`: callbacks for each attempt sent, each response, each retry, each failed stream."""

    open_telemetry: TelemetryOption
    """OpenTelemetry spans and metrics: unset, automatic (on when the application has configured an
    OpenTelemetry provider; nothing imported otherwise); False, never; True or a `TelemetryOptions`
    mapping, always (needs the ``otel`` extra)."""

    usage_meter: UsageMeter | None
    """A `unbroken.usage.UsageMeter` that records every call's usage (shared by the client's copies)."""

    stream_timeouts: StreamTimeouts | None
    """Limits on each message stream: `StreamTimeouts(first_event=…, idle=…, total=…)` in seconds. A breach is
    an `APITimeoutError` whose `timeout_kind` names it (a `ping` never counts as progress); one before the
    first event is retried like any timeout. Default: None (httpx's read timeout alone)."""

    deadline: float | None
    """Seconds one call may take in all, across every attempt and every wait between them; then
    `APITimeoutError(timeout_kind="deadline")`, the last error chained. Each attempt's timeouts are cut to
    the time left; a stream is bounded until its first event. No continuation (`resume_streams`) or fallback
    starts after it, and each is bounded by it until its first event. Default: None (no deadline)."""

    max_retry_after: float
    """The longest `retry-after` the client waits for before retrying (default 60 s); a longer one raises the
    error at once, its `retry_after` set, so the caller can reschedule."""

    rate_limiter: RateLimiter | None
    """Client-side rate limiting (`RateLimiter(requests_per_minute=…, input_tokens_per_minute=…,
    output_tokens_per_minute=…)`), shared by the client's copies, threads and tasks. Default: None."""

    stream_long_requests: bool
    """Where the reference refuses a non-streaming `create()` that could outlive the 10-minute timeout
    (ValueError), stream it under the hood and return the same `Message` (default False)."""

    resume_streams: bool
    """Continue a message stream that broke after content arrived (a dropped connection, an idle or total
    stream timeout, an in-stream `overloaded_error` / `api_error`): the same request is sent again with what
    arrived as an assistant prefill, and the caller reads one stream and gets one message (its
    `_continuations` says how many it took). Only when the block being written is text and the request does
    not use extended thinking; otherwise the error is raised as before, with `partial_message`. Default
    False."""

    max_continuations: int
    """At most this many continuations per call with `resume_streams` (default 2); each is retried by the
    retry policy until its first event, and none starts after the call's `deadline`."""

    fallbacks: Sequence[Fallback] | None
    """Targets tried in order when a message call fails before any content reached the caller, after its own
    retries, with one of `fallback_on`: `Fallback(model=…)` (this client, another model) or
    `Fallback(client=other, model=…)` (another client, e.g. `AnthropicBedrock`). Default: none."""

    fallback_on: Sequence[type[BaseException]]
    """The errors that move a call to its next fallback. Default: `OverloadedError` (529 or in-stream), the
    other 5xx errors, `APIConnectionError` (timeouts included, never the call's own deadline)."""

    circuit_breaker: CircuitBreaker | None
    """Skips a target that keeps answering "overloaded" (see `unbroken.CircuitBreaker`); shared by the
    client's copies. Default: a `CircuitBreaker()` of the client's own; None: never skip a target."""


class Controls(Value):
    """The resolved `ClientOptions` of one client (defaults filled in, values checked)."""

    __slots__ = (  # noqa: RUF023  (in field order, as `repr()` shows them)
        "max_event_bytes",
        "accumulate_raw_streams",
        "middleware",
        "hooks",
        "open_telemetry",
        "usage_meter",
        "stream_timeouts",
        "deadline",
        "max_retry_after",
        "rate_limiter",
        "stream_long_requests",
        "resume_streams",
        "max_continuations",
        "fallbacks",
        "fallback_on",
        "circuit_breaker",
    )
    # Each client gets a breaker of its own (its copies share it); state, not configuration, so it takes no
    # part in comparing two `Controls`.
    _uncompared = frozenset({"circuit_breaker"})

    max_event_bytes: int
    accumulate_raw_streams: bool
    middleware: tuple[MiddlewareInput, ...]
    hooks: Hooks | None
    open_telemetry: TelemetryOption
    usage_meter: UsageMeter | None
    stream_timeouts: StreamTimeouts | None
    deadline: float | None
    max_retry_after: float
    rate_limiter: RateLimiter | None
    stream_long_requests: bool
    resume_streams: bool
    max_continuations: int
    fallbacks: tuple[Fallback, ...]
    fallback_on: tuple[type[BaseException], ...]
    circuit_breaker: CircuitBreaker | None

    def __init__(
        self,
        *,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        accumulate_raw_streams: bool = True,
        middleware: Sequence[MiddlewareInput] | None = (),
        hooks: Hooks | None = None,
        open_telemetry: TelemetryOption = None,
        usage_meter: UsageMeter | None = None,
        stream_timeouts: StreamTimeouts | None = None,
        deadline: float | None = None,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        rate_limiter: RateLimiter | None = None,
        stream_long_requests: bool = False,
        resume_streams: bool = False,
        max_continuations: int = DEFAULT_MAX_CONTINUATIONS,
        fallbacks: Sequence[Fallback] | None = (),
        fallback_on: Sequence[type[BaseException]] = DEFAULT_FALLBACK_ON,
        circuit_breaker: CircuitBreaker | NotGiven | None = not_given,
    ) -> None:
        """Each value checked (a TypeError/ValueError before anything is sent); a list (or None) is kept as a
        tuple, so the value stays immutable. `circuit_breaker` not given: a new `CircuitBreaker()`."""
        _check_event_limit(max_event_bytes)
        _check_flag("accumulate_raw_streams", accumulate_raw_streams)
        middleware = _check_middleware(middleware)
        _check_hooks(hooks)
        _check_telemetry(open_telemetry)
        _check_meter(usage_meter)
        _check_instance("stream_timeouts", stream_timeouts, StreamTimeouts)
        check_seconds("deadline", deadline)
        _check_max_retry_after(max_retry_after)
        _check_rate_limiter(rate_limiter)
        _check_bool("stream_long_requests", stream_long_requests)
        _check_bool("resume_streams", resume_streams)
        _check_count("max_continuations", max_continuations)
        fallbacks = _check_fallbacks(fallbacks)
        fallback_on = _check_fallback_on(fallback_on)
        if isinstance(circuit_breaker, NotGiven):
            circuit_breaker = CircuitBreaker()
        _check_instance("circuit_breaker", circuit_breaker, CircuitBreaker)
        self._set(
            max_event_bytes=max_event_bytes,
            accumulate_raw_streams=accumulate_raw_streams,
            middleware=middleware,
            hooks=hooks,
            open_telemetry=open_telemetry,
            usage_meter=usage_meter,
            stream_timeouts=stream_timeouts,
            deadline=deadline,
            max_retry_after=max_retry_after,
            rate_limiter=rate_limiter,
            stream_long_requests=stream_long_requests,
            resume_streams=resume_streams,
            max_continuations=max_continuations,
            fallbacks=fallbacks,
            fallback_on=fallback_on,
            circuit_breaker=circuit_breaker,
        )

    @classmethod
    def build(cls, owner: str, options: Mapping[str, Any], base: Controls | None = None) -> Controls:
        """`base` (or the defaults) with `options` applied; an unknown key is the TypeError Python gives."""
        unknown = sorted(set(options) - _FIELDS)
        if unknown:
            raise TypeError(f"{owner}() got an unexpected keyword argument {unknown[0]!r}")
        return cls(**options) if base is None else replace(base, **options)

    @staticmethod
    def pick(args: Mapping[str, Any]) -> dict[str, Any]:
        """The control keywords among `args` (e.g. among what `BaseClient._copy_args` returned)."""
        return {name: args[name] for name in _FIELDS if name in args}

    def as_options(self) -> dict[str, Any]:
        """The values as constructor keywords (shallow: objects with state stay shared)."""
        return self._fields()


_FIELDS = frozenset(Controls.__slots__)


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")


def _check_event_limit(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_event_bytes must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"max_event_bytes must be at least 1, got {value}")


def _check_middleware(value: object) -> tuple[Any, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise TypeError(f"middleware must be a list of middleware, got {type(value).__name__}")
    from ._middleware import Middleware

    for entry in value:
        if not isinstance(entry, Middleware) and not callable(entry):
            raise TypeError(f"middleware {type(entry).__name__} is not callable")
    return tuple(value)


def _check_rate_limiter(value: object) -> None:
    if value is None:
        return
    from ._ratelimit import RateLimiter  # loaded only for a client that limits its rate

    _check_instance("rate_limiter", value, RateLimiter)


def _check_hooks(value: object) -> None:
    if value is None:
        return
    from ._hooks import Hooks

    if not isinstance(value, Hooks):
        raise TypeError(f"hooks must be an unbroken.Hooks, got {type(value).__name__}")


def _check_telemetry(value: object) -> None:
    if value is None or value is False:
        return
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - _TELEMETRY_KEYS)
        if unknown:
            raise TypeError(f"open_telemetry got an unknown key {unknown[0]!r}")
    elif value is not True:
        raise TypeError(f"open_telemetry must be a bool, a mapping or None, got {type(value).__name__}")
    from ._telemetry import require_opentelemetry

    require_opentelemetry()


def _check_meter(value: object) -> None:
    if value is None:
        return
    from .usage import UsageMeter

    if not isinstance(value, UsageMeter):
        raise TypeError(f"usage_meter must be an unbroken.usage.UsageMeter, got {type(value).__name__}")


def _check_instance(name: str, value: object, cls: type) -> None:
    if value is not None and not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__} or None, got {value!r}")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {value!r}")


def _check_count(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, got {value}")


def _check_fallbacks(value: object) -> tuple[Fallback, ...]:
    """A list (or None) of `Fallback`, kept as a tuple (`_fallback` is loaded only when there are some)."""
    if value is None or (isinstance(value, (tuple, list)) and not value):
        return ()
    from ._fallback import Fallback

    if isinstance(value, (str, bytes, Fallback)) or not isinstance(value, Sequence):
        raise TypeError(f"fallbacks must be a list of unbroken.Fallback, got {type(value).__name__}")
    for entry in value:
        if not isinstance(entry, Fallback):
            raise TypeError(f"fallbacks must hold unbroken.Fallback values, got {type(entry).__name__}")
    return tuple(value)


def _check_fallback_on(value: object) -> tuple[type[BaseException], ...]:
    """Exception classes (one, or a list), kept as a tuple for `isinstance`."""
    classes = (value,) if isinstance(value, type) else value
    if isinstance(classes, (str, bytes)) or not isinstance(classes, Sequence):
        raise TypeError(f"fallback_on must be a list of exception classes, got {value!r}")
    for entry in classes:
        if not isinstance(entry, type) or not issubclass(entry, BaseException):
            raise TypeError(f"fallback_on must hold exception classes, got {entry!r}")
    return tuple(classes)


def _check_max_retry_after(value: object) -> None:
    """Seconds, 0 (never wait for `retry-after`) to `math.inf` (always wait)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"max_retry_after must be a number of seconds, got {value!r}")
    if not value >= 0:
        raise ValueError(f"max_retry_after must be 0 or more seconds, got {value!r}")
