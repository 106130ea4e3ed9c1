"""OpenTelemetry spans and metrics for model calls, after the GenAI semantic conventions (in development).

One span per ``messages.create`` / ``messages.stream`` / ``completions.create`` call, kind CLIENT, named
``"{gen_ai.operation.name} {gen_ai.request.model}"``, from the call's start to its end: for a stream, when the
stream ends, fails or is closed. Each HTTP attempt, its response and each retry (delay, ``error.type``) are
span events (``unbroken.attempt``, ``unbroken.response``, ``unbroken.retry``). The response, usage and error
attributes, and the ``gen_ai.client.token.usage`` / ``gen_ai.client.operation.duration`` histograms, follow
the conventions; ``gen_ai.usage.input_tokens`` includes the cache reads and writes, as they ask. Message
content (``gen_ai.input.messages``, ``gen_ai.system_instructions``, ``gen_ai.output.messages``) is recorded
only when asked: ``OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`` or the client option, and
within ``traces.max_content_bytes`` (`_telemetry_content`), set when the span ends.
Headers are never recorded, so neither are credentials.

When (the ``open_telemetry`` client option, `_options.py`):

* unset (None): automatic. A call is instrumented when the application has imported OpenTelemetry
  (``opentelemetry.trace`` in ``sys.modules``: nobody can configure a provider without importing it) AND a
  tracer or meter provider has been set globally. Otherwise nothing is imported and nothing is created, so
  ``import unbroken`` and its calls cost nothing extra for applications that do not use OpenTelemetry.
* ``False``: never. ``True`` or a `TelemetryOptions` mapping: always, with the providers given (else the
  global ones); the ``otel`` extra (``opentelemetry-api``) is then required when the client is built.

This module imports OpenTelemetry only inside its functions, which run only in those cases. It is written
here rather than taken from ``opentelemetry-instrumentation-anthropic`` because that package patches the
official SDK's internals, which this client does not share.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._telemetry_content import DEFAULT_MAX_CONTENT_BYTES, TRUNCATED, fit_content

if TYPE_CHECKING:
    import httpx
    import httpx2
    from opentelemetry.metrics import Histogram
    from opentelemetry.trace import Span, Tracer

    from ._request import RequestSpec

__all__ = ["CallSpan", "call_span", "require_opentelemetry"]

PROVIDER = "anthropic"
CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
_TOKEN_BUCKETS = [4.0**i for i in range(14)]  # 1, 4, 16, … 67108864: the conventions' advice
_DURATION_BUCKETS = [0.01 * 2.0**i for i in range(14)]  # 0.01 s … 81.92 s
_HINT = "OpenTelemetry needs the otel extra: pip install 'unbroken[otel]'"


def require_opentelemetry() -> None:
    """RuntimeError naming the extra when OpenTelemetry was asked for but is not installed."""
    try:
        import opentelemetry.metrics
        import opentelemetry.trace  # noqa: F401
    except ImportError as exc:
        raise RuntimeError(_HINT) from exc


def operation_of(spec: RequestSpec) -> str | None:
    """The GenAI operation a call is (``chat``, ``text_completion``), None for other endpoints."""
    if spec.method.lower() != "post":
        return None
    path = spec.path.partition("?")[0].rstrip("/")
    if path.endswith("/v1/messages"):
        return "chat"
    if path.endswith("/v1/complete"):
        return "text_completion"
    return None


def call_span(
    option: Any, spec: RequestSpec, base_url: httpx2.URL, provider: str = PROVIDER
) -> CallSpan | None:
    """The span of a new call, or None when the call is not instrumented (see the module docstring);
    `provider` is `gen_ai.provider.name` (a platform client's own: `aws.bedrock`, `gcp.vertex_ai`)."""
    if option is False:
        return None
    if option is None and ("opentelemetry.trace" not in sys.modules or not _globally_configured()):
        return None
    operation = operation_of(spec)
    if operation is None:
        return None
    options: Mapping[str, Any] = option if isinstance(option, Mapping) else {}
    instruments = _instruments(options.get("tracer_provider"), options.get("meter_provider"))
    traces = options.get("traces", True)
    max_content_bytes = DEFAULT_MAX_CONTENT_BYTES
    if isinstance(traces, Mapping):
        capture = traces.get("content_mode") == "content" if "content_mode" in traces else None
        max_content_bytes = traces.get("max_content_bytes", DEFAULT_MAX_CONTENT_BYTES)
        traces = traces.get("enabled", True)
    else:
        capture = None
    if options.get("capture_content") is not None:
        capture = bool(options["capture_content"])
    if capture is None:
        capture = os.environ.get(CAPTURE_ENV, "").strip().lower() == "true"
    return CallSpan(
        instruments,
        operation,
        spec,
        base_url,
        provider=provider,
        traces=bool(traces),
        metrics=bool(options.get("metrics", True)),
        capture_content=capture,
        max_content_bytes=max_content_bytes,
        propagation=bool(options.get("propagation", True)),
        conversation_id=options.get("conversation_id"),
    )


def _globally_configured() -> bool:
    """Whether the application has set a global tracer or meter provider (the API's defaults are proxies)."""
    from opentelemetry import metrics, trace

    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return True
    return not type(metrics.get_meter_provider()).__name__.startswith(("_Proxy", "NoOp"))


class _Instruments:
    """A tracer and the two histograms, made once per pair of providers."""

    def __init__(self, tracer_provider: Any, meter_provider: Any) -> None:
        from opentelemetry import metrics, trace

        from ._version import __version__

        self.providers = (tracer_provider, meter_provider)  # held, so their ids stay theirs while cached
        self.tracer: Tracer = trace.get_tracer("unbroken", __version__, tracer_provider=tracer_provider)
        meter = metrics.get_meter("unbroken", __version__, meter_provider=meter_provider)
        self.token_usage: Histogram = _histogram(
            meter,
            "gen_ai.client.token.usage",
            "{token}",
            "Number of input and output tokens used",
            _TOKEN_BUCKETS,
        )
        self.duration: Histogram = _histogram(
            meter, "gen_ai.client.operation.duration", "s", "GenAI operation duration", _DURATION_BUCKETS
        )


_CACHE: dict[tuple[int, int], _Instruments] = {}
_CACHE_SIZE = 32


def _instruments(tracer_provider: Any, meter_provider: Any) -> _Instruments:
    """The instruments of these providers (None: the global ones), made once and kept (a few at most)."""
    key = (id(tracer_provider), id(meter_provider))
    found = _CACHE.get(key)
    if found is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        found = _CACHE[key] = _Instruments(tracer_provider, meter_provider)
    return found


def _histogram(meter: Any, name: str, unit: str, description: str, buckets: list[float]) -> Histogram:
    try:
        return meter.create_histogram(  # type: ignore[no-any-return]
            name, unit=unit, description=description, explicit_bucket_boundaries_advisory=buckets
        )
    except TypeError:  # opentelemetry-api older than 1.23 takes no bucket advice
        return meter.create_histogram(name, unit=unit, description=description)  # type: ignore[no-any-return]


class CallSpan:
    """The span and the measurements of one call; `CallObserver` drives it."""

    def __init__(
        self,
        instruments: _Instruments,
        operation: str,
        spec: RequestSpec,
        base_url: httpx2.URL,
        *,
        provider: str = PROVIDER,
        traces: bool,
        metrics: bool,
        capture_content: bool,
        max_content_bytes: int = DEFAULT_MAX_CONTENT_BYTES,
        propagation: bool,
        conversation_id: str | None,
    ) -> None:
        from opentelemetry.trace import INVALID_SPAN, SpanKind

        self._instruments = instruments
        self._metrics = metrics
        self._max_content_bytes = max_content_bytes
        self._propagation = propagation
        self._started = time.monotonic()
        body = spec.json_data if isinstance(spec.json_data, Mapping) else {}
        model = body.get("model")
        self._common: dict[str, Any] = {
            "gen_ai.operation.name": operation,
            "gen_ai.provider.name": provider,
            "server.address": base_url.host,
            "server.port": base_url.port or (443 if base_url.scheme == "https" else 80),
        }
        if isinstance(model, str):
            self._common["gen_ai.request.model"] = model
        attributes = {**self._common, **_request_attributes(body)}
        if conversation_id:
            attributes["gen_ai.conversation.id"] = conversation_id
        name = f"{operation} {model}" if isinstance(model, str) else operation
        self._span: Span = (
            instruments.tracer.start_span(name, kind=SpanKind.CLIENT, attributes=attributes)
            if traces
            else INVALID_SPAN
        )
        # The input is recorded with the output when the span ends, the two within one size limit.
        self._content: dict[str, list[Any]] | None = None
        if capture_content and self._span.is_recording():
            self._content = {"gen_ai.input.messages": [_message_json(m) for m in body.get("messages") or ()]}
            if body.get("system"):
                self._content["gen_ai.system_instructions"] = _parts(body["system"])
            elif body.get("prompt"):
                self._content["gen_ai.input.messages"] = [{"role": "user", "parts": _parts(body["prompt"])}]

    def attempt(self, request: httpx.Request, attempt: int) -> None:
        self._span.add_event("unbroken.attempt", {"unbroken.attempt": attempt})
        if self._propagation and self._span.is_recording():
            from opentelemetry import propagate, trace

            propagate.inject(request.headers, context=trace.set_span_in_context(self._span))

    def response(self, response: httpx.Response, attempt: int) -> None:
        attributes: dict[str, Any] = {
            "unbroken.attempt": attempt,
            "http.response.status_code": response.status_code,
        }
        request_id = response.headers.get("request-id")
        if request_id:
            attributes["unbroken.request_id"] = request_id
        self._span.add_event("unbroken.response", attributes)

    def retry(self, attempt: int, delay: float, error: BaseException) -> None:
        attributes: dict[str, Any] = {
            "unbroken.attempt": attempt,
            "unbroken.retry.delay": delay,
            "error.type": type(error).__name__,
        }
        status = getattr(error, "status_code", None)
        if isinstance(status, int):
            attributes["http.response.status_code"] = status
        self._span.add_event("unbroken.retry", attributes)

    def note(self, name: str, attributes: Mapping[str, Any]) -> None:
        self._span.add_event(f"unbroken.{name}", dict(attributes))

    def end(self, message: object, error: BaseException | None, *, billed: bool = True) -> None:
        """Record what the call got (the message, or the partial one of a failed stream) and end. A call
        that sent no request (a middleware's cached answer: `billed` False) used no tokens: its span
        describes the answer, the token histogram does not count it again."""
        from opentelemetry.trace import Status, StatusCode

        from .usage import TokenUsage

        span = self._span
        response_model = _get(message, "model")
        usage = TokenUsage.of(message) if message is not None and _get(message, "usage") is not None else None
        if span.is_recording() and message is not None:
            span.set_attributes(_response_attributes(message, usage))
        if self._content is not None:
            if message is not None and error is None:
                self._content["gen_ai.output.messages"] = [_output_json(message)]
            values, truncated = fit_content(self._content, self._max_content_bytes)
            span.set_attributes(values)
            if truncated:
                span.set_attribute(TRUNCATED, True)
        measured = dict(self._common)
        if isinstance(response_model, str):
            measured["gen_ai.response.model"] = response_model
        if error is not None:
            measured["error.type"] = type(error).__name__
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        if self._metrics:
            self._instruments.duration.record(time.monotonic() - self._started, measured)
            if usage is not None and billed:
                self._instruments.token_usage.record(
                    usage.total_input_tokens, {**measured, "gen_ai.token.type": "input"}
                )
                self._instruments.token_usage.record(
                    usage.output_tokens, {**measured, "gen_ai.token.type": "output"}
                )
        span.end()


# -- attributes ---------------------------------------------------------------------------------------------

_REQUEST_FIELDS = {
    "max_tokens": "gen_ai.request.max_tokens",
    "max_tokens_to_sample": "gen_ai.request.max_tokens",
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "top_k": "gen_ai.request.top_k",
}


def _request_attributes(body: Mapping[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, attribute in _REQUEST_FIELDS.items():
        value = body.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            attributes[attribute] = value
    stops = body.get("stop_sequences")
    if isinstance(stops, (list, tuple)) and all(isinstance(s, str) for s in stops):
        attributes["gen_ai.request.stop_sequences"] = list(stops)
    return attributes


def _response_attributes(message: object, usage: Any) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, attribute in (("id", "gen_ai.response.id"), ("model", "gen_ai.response.model")):
        value = _get(message, name)
        if isinstance(value, str):
            attributes[attribute] = value
    stop = _get(message, "stop_reason")
    if isinstance(stop, str):
        attributes["gen_ai.response.finish_reasons"] = [stop]
    if usage is not None:
        attributes["gen_ai.usage.input_tokens"] = usage.total_input_tokens
        attributes["gen_ai.usage.output_tokens"] = usage.output_tokens
        attributes["gen_ai.usage.cache_read.input_tokens"] = usage.cache_read_input_tokens
        attributes["gen_ai.usage.cache_creation.input_tokens"] = usage.cache_write_input_tokens
    return attributes


def _get(obj: object, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _parts(content: Any) -> list[dict[str, Any]]:
    """Message content (a string or blocks, dicts or models) as the conventions' parts."""
    if isinstance(content, str):
        return [{"type": "text", "content": content}]
    parts: list[dict[str, Any]] = []
    for block in content or ():
        kind = _get(block, "type")
        if kind == "text":
            parts.append({"type": "text", "content": _get(block, "text")})
        elif kind in ("tool_use", "server_tool_use"):
            parts.append(
                {
                    "type": "tool_call",
                    "id": _get(block, "id"),
                    "name": _get(block, "name"),
                    "arguments": _get(block, "input"),
                }
            )
        elif kind == "tool_result":
            result = _get(block, "content")
            parts.append(
                {
                    "type": "tool_call_response",
                    "id": _get(block, "tool_use_id"),
                    "response": result if isinstance(result, str) else _parts(result),
                }
            )
        elif kind == "thinking":
            parts.append({"type": "reasoning", "content": _get(block, "thinking")})
        else:  # images, documents, …: their kind, not their bytes
            parts.append({"type": str(kind)})
    return parts


def _message_json(message: Any) -> dict[str, Any]:
    return {"role": _get(message, "role"), "parts": _parts(_get(message, "content"))}


def _output_json(message: Any) -> dict[str, Any]:
    content = _get(message, "content")
    if content is None and isinstance(_get(message, "completion"), str):  # a legacy completion
        content = _get(message, "completion")
    return {
        "role": "assistant",
        "parts": _parts(content),
        "finish_reason": _get(message, "stop_reason") or "",
    }
