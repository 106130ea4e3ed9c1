"""`ClientOptions`, the keyword arguments every client constructor and `copy()` / `with_options()` take beyond
the reference's, one key per control with its documentation (`_options` explains the design and resolves
them into `Controls`).

Type checkers, the docs and code that names them read these declarations; a client never does at run time,
so they load on first use (through `_options` or `unbroken`): a `TypedDict` costs at definition, as typing
compiles each of its string annotations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from typing_extensions import TypedDict

from ._breaker import CircuitBreaker
from ._timeouts import StreamTimeouts

if TYPE_CHECKING:
    from ._fallback import Fallback
    from ._hooks import Hooks
    from ._middleware import MiddlewareInput
    from ._ratelimit import RateLimiter
    from .usage import UsageMeter

__all__ = ["ClientOptions", "TelemetryOption", "TelemetryOptions"]


class TelemetryOptions(TypedDict, total=False):
    """The ``open_telemetry`` client option as a mapping (which turns OpenTelemetry on); every key optional.
    ``tracer_provider``, ``traces`` (a bool or ``{"enabled": …, "content_mode": "content",
    "max_content_bytes": …}``),
    ``propagation`` and ``conversation_id`` mean what they mean in the official SDK 2.x's option."""

    tracer_provider: Any
    """Spans go to this provider instead of the global one."""
    meter_provider: Any
    """Metrics go to this provider instead of the global one."""
    traces: Union[bool, Mapping[str, Any]]
    """False: no spans (metrics only). A mapping may say ``content_mode="content"`` to record content, and
    ``max_content_bytes``: the most content a span records, in bytes of UTF-8 (default 750,000)."""
    metrics: bool
    """False: no metrics (spans only)."""
    capture_content: bool
    """Record message content on spans; unset: ``OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT``."""
    propagation: bool
    """Requests carry the span's trace context (``traceparent``) in their headers (default True)."""
    conversation_id: str
    """Recorded on each span as ``gen_ai.conversation.id`` (never sent to the API)."""


TelemetryOption: TypeAlias = Union[TelemetryOptions, bool, None]


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
    """Stream a non-streaming `create()` that could outlive the reference's 10-minute timeout under the hood,
    whatever `timeout` is set, and return the same `Message` (default False: the reference refuses such a
    call with a ValueError, or sends it as it is when a timeout was set)."""

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
