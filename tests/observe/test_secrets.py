"""The API key and auth tokens never reach spans, metrics, hook events' reprs or logs, even with content
capture on and debug logging."""

from __future__ import annotations

import logging
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import unbroken
from unbroken import APIRequest, CallNext, Hooks
from unbroken.testing import Emulator, Fault

KEY = "sk-ant-secret-key-0123456789"
TOKEN = "bearer-secret-token-9876543210"


def test_no_secret_in_spans_metrics_hook_events_or_logs(
    emulator: Emulator, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    events: list[Any] = []
    hooks = Hooks(
        on_request=events.append,
        on_response=events.append,
        on_retry=events.append,
        on_stream_error=events.append,
    )
    requests: list[Any] = []

    def keep(request: APIRequest, call_next: CallNext) -> Any:
        requests.append(request)
        return call_next(request)

    emulator.api_key = None  # accept any key: the point is where the key goes, not whether it is right
    emulator.faults.push(Fault.status(529), Fault.drop_after(4))
    client = unbroken.Anthropic(
        api_key=KEY,
        auth_token=TOKEN,
        base_url=emulator.base_url,
        middleware=[keep],
        hooks=hooks,
        open_telemetry={"tracer_provider": tracer_provider, "meter_provider": meter_provider},
    )
    ask: Any = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 16,
        "messages": [{"role": "user", "content": "hi"}],
    }
    with caplog.at_level(logging.DEBUG):
        client.messages.create(**ask)
        with pytest.raises(unbroken.APIConnectionError):
            with client.messages.stream(**ask) as stream:
                stream.until_done()

    assert emulator.requests[0].header("x-api-key") == KEY  # it was sent
    assert {type(e).__name__ for e in events} == {
        "RequestEvent",
        "ResponseEvent",
        "RetryEvent",
        "StreamErrorEvent",
    }
    texts = [
        *(span.to_json() for span in spans.get_finished_spans()),
        reader.get_metrics_data().to_json(),  # type: ignore[union-attr]
        *(repr(event) for event in events),
        # what the events carry, one level down: the request's and the response's request's headers
        *(repr(event.request.headers) for event in events if hasattr(event, "request")),
        *(repr(event.response.request.headers) for event in events if hasattr(event, "response")),
        *(repr(request) for request in requests),
        repr(client),
        caplog.text,
    ]
    assert caplog.text  # debug logging did log the requests
    for text in texts:
        assert KEY not in text and TOKEN not in text


@pytest.mark.parametrize("stack", ["httpx2", "httpx"])
def test_an_errors_request_headers_hide_the_key_but_send_it(emulator: Emulator, stack: str) -> None:
    import httpx
    import httpx2

    http: Any = httpx.Client() if stack == "httpx" else httpx2.Client()
    emulator.faults.push(Fault.status(400))
    client = unbroken.Anthropic(api_key=KEY, base_url=emulator.base_url, http_client=http)
    emulator.api_key = KEY
    with pytest.raises(unbroken.BadRequestError) as caught:
        client.models.list()
    headers = caught.value.request.headers
    assert KEY not in repr(headers) and "[secure]" in repr(headers)
    assert headers["x-api-key"] == KEY  # only the repr hides it
    assert isinstance(headers, (httpx.Headers, httpx2.Headers))
    assert emulator.requests[0].header("x-api-key") == KEY
