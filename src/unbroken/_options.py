"""The controls unbroken adds to the reference's client constructor, declared once.

Every client (`Anthropic`, `AsyncAnthropic`, the Bedrock, Vertex and Foundry clients) takes them, and
`copy()` / `with_options()` changes them. Declaring each control once, as a key of `ClientOptions`, keeps
each constructor the reference's signature plus `**options`, which type checkers check key by key (PEP 692),
instead of one more parameter threaded through eight constructors and their `copy()`s per control.

`Controls` is the resolved, immutable value a client holds (`client.controls`). Its fields are checked when
it is built, so a bad value is a TypeError/ValueError from the constructor, before anything is sent. A
control that is an object with state (a rate limiter, a usage meter) is shared, not copied, by `copy()`: the
copies of a client act as one.

To add a control: a key in `ClientOptions` (`_client_options.py`, with its docstring), a field in `Controls`
(a slot and an `__init__` argument whose default keeps today's behaviour) and its check there; the module
that implements it reads `client.controls.<name>`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._breaker import CircuitBreaker
from ._constants import DEFAULT_MAX_CONTINUATIONS, DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RETRY_AFTER
from ._exceptions import (
    APIConnectionError,
    DeadlineExceededError,
    InternalServerError,
    OverloadedError,
    ServiceUnavailableError,
)
from ._timeouts import StreamTimeouts, check_seconds, check_wait
from ._types import NotGiven, not_given
from ._values import Value, replace

if TYPE_CHECKING:
    from ._client_options import ClientOptions, TelemetryOption, TelemetryOptions
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


def __getattr__(name: str) -> Any:
    # The option declarations (`_client_options`) load when named: a client never reads them at run time.
    if name in ("ClientOptions", "TelemetryOption", "TelemetryOptions"):
        from . import _client_options

        return getattr(_client_options, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        check_wait("max_retry_after", max_retry_after)  # 0: never wait for `retry-after`; inf: always
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
        from ._client_options import TelemetryOptions

        unknown = sorted(set(value) - set(TelemetryOptions.__annotations__))
        if unknown:
            raise TypeError(f"open_telemetry got an unknown key {unknown[0]!r}")
        _check_telemetry_values(value)
    elif value is not True:
        raise TypeError(f"open_telemetry must be a bool, a mapping or None, got {type(value).__name__}")
    from ._telemetry import require_opentelemetry

    require_opentelemetry()


def _check_telemetry_values(option: Mapping[str, Any]) -> None:
    """The providers and the content mode, checked now: a tracer given as the provider would otherwise fail
    every model call with an AttributeError, and a misspelt mode would silently record no content."""
    for key, method, kind in (
        ("tracer_provider", "get_tracer", "TracerProvider"),
        ("meter_provider", "get_meter", "MeterProvider"),
    ):
        provider = option.get(key)
        if provider is not None and not callable(getattr(provider, method, None)):
            raise TypeError(
                f"open_telemetry {key} must be a {kind} (with {method}()), got {type(provider).__name__}"
            )
    traces = option.get("traces", True)
    if not isinstance(traces, (bool, Mapping)):
        raise TypeError(f"open_telemetry traces must be a bool or a mapping, got {type(traces).__name__}")
    if isinstance(traces, Mapping):
        _check_traces(traces)


_TRACES_KEYS = ("enabled", "content_mode", "max_content_bytes")  # the official SDK 2.x's


def _check_traces(traces: Mapping[str, Any]) -> None:
    """The `traces` mapping's keys: a misspelt one would silently change nothing."""
    unknown = sorted(set(traces) - set(_TRACES_KEYS))
    if unknown:
        raise TypeError(f"open_telemetry traces got an unknown key {unknown[0]!r} (it takes {_TRACES_KEYS})")
    _check_bool("open_telemetry traces enabled", traces.get("enabled", True))
    mode = traces.get("content_mode", "metadata_only")
    if mode not in ("content", "metadata_only"):
        raise ValueError(
            f"open_telemetry traces content_mode must be 'content' or 'metadata_only', got {mode!r}"
        )
    _check_count("open_telemetry traces max_content_bytes", traces.get("max_content_bytes", 0))


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
