"""OpenTelemetry: one GenAI-convention span per model call (attempts and retries as events, a stream's span
ending with the stream), the two histograms, content only on request; asserted from the OpenTelemetry SDK's
in-memory exporters. Without OpenTelemetry in use, nothing of it is imported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

pytest.importorskip("opentelemetry.sdk")

from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

import unbroken
from helpers import caching_middleware
from unbroken.testing import Emulator, Fault, Reply

MODEL = "claude-sonnet-4-5"
WORDS: Any = [{"role": "user", "content": "one two three"}]


@dataclass
class Otel:
    spans: InMemorySpanExporter
    reader: InMemoryMetricReader
    options: dict[str, Any]

    def finished(self) -> list[ReadableSpan]:
        return list(self.spans.get_finished_spans())

    def points(self, name: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        if data is None:
            return []
        return [
            point
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for metric in scope.metrics
            if metric.name == name
            for point in metric.data.data_points
        ]


@pytest.fixture
def otel() -> Iterator[Otel]:
    spans = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    yield Otel(spans, reader, {"tracer_provider": tracer_provider, "meter_provider": meter_provider})
    tracer_provider.shutdown()
    meter_provider.shutdown()


def events(span: ReadableSpan) -> list[tuple[str, dict[str, Any]]]:
    return [(event.name, dict(event.attributes or {})) for event in span.events]


def test_a_call_is_one_client_span_with_the_conventions_attributes(emulator: Emulator, otel: Otel) -> None:
    emulator.replies.push(
        Reply.text(
            "Hi",
            usage={
                "input_tokens": 10,
                "output_tokens": 5,
                "cache_read_input_tokens": 100,
                "cache_creation_input_tokens": 20,
            },
        )
    )
    client = emulator.client(open_telemetry=otel.options)

    message = client.messages.create(
        model=MODEL, max_tokens=64, temperature=0.5, top_p=0.9, stop_sequences=["END"], messages=WORDS
    )

    (span,) = otel.finished()
    assert span.name == f"chat {MODEL}"
    assert span.kind is SpanKind.CLIENT
    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.operation.name"] == "chat"
    assert attributes["gen_ai.provider.name"] == "anthropic"
    assert attributes["gen_ai.request.model"] == MODEL
    assert attributes["gen_ai.request.max_tokens"] == 64
    assert attributes["gen_ai.request.temperature"] == 0.5
    assert attributes["gen_ai.request.top_p"] == 0.9
    assert attributes["gen_ai.request.stop_sequences"] == ("END",)
    assert attributes["gen_ai.response.id"] == message.id
    assert attributes["gen_ai.response.model"] == message.model
    assert attributes["gen_ai.response.finish_reasons"] == ("end_turn",)
    assert attributes["gen_ai.usage.input_tokens"] == 130  # the cache's tokens included, as asked
    assert attributes["gen_ai.usage.output_tokens"] == 5
    assert attributes["gen_ai.usage.cache_read.input_tokens"] == 100
    assert attributes["gen_ai.usage.cache_creation.input_tokens"] == 20
    assert attributes["server.address"] == "127.0.0.1"
    assert "gen_ai.input.messages" not in attributes  # content only when asked for
    assert span.status.status_code is StatusCode.UNSET


def test_each_attempt_and_each_retry_is_a_span_event(emulator: Emulator, otel: Otel) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after": "1"}))
    client = emulator.client(open_telemetry=otel.options)

    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    (span,) = otel.finished()
    assert [name for name, _ in events(span)] == [
        "unbroken.attempt",
        "unbroken.response",
        "unbroken.retry",
        "unbroken.attempt",
        "unbroken.response",
    ]
    retry = events(span)[2][1]
    assert retry == {
        "unbroken.attempt": 1,
        "unbroken.retry.delay": 1.0,
        "error.type": "OverloadedError",
        "http.response.status_code": 529,
    }
    assert events(span)[4][1]["http.response.status_code"] == 200


def test_a_continued_stream_is_one_span_with_a_continuation_event_and_the_summed_usage(
    emulator: Emulator, otel: Otel
) -> None:
    emulator.replies.push(Reply.text("one two three", times=2))
    emulator.faults.push(Fault.drop_after(4))  # message_start, ping, block start, "one"
    client = emulator.client(open_telemetry=otel.options, resume_streams=True)

    with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
        message = stream.get_final_message()

    (span,) = otel.finished()
    names = [name for name, _ in events(span)]
    assert names == [
        "unbroken.attempt",
        "unbroken.response",
        "unbroken.continuation",
        "unbroken.attempt",
        "unbroken.response",
    ]
    assert events(span)[2][1] == {
        "unbroken.continuation": 1,
        "unbroken.continuation.prefill_chars": len("one"),
        "error.type": "APIConnectionError",
    }
    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.usage.output_tokens"] == message.usage.output_tokens == 1 + 2
    assert span.status.status_code is StatusCode.UNSET


def test_a_fallback_ends_the_given_up_targets_span_with_a_fallback_event(
    emulator: Emulator, otel: Otel
) -> None:
    emulator.faults.push(Fault.status(529, model=MODEL))
    fallbacks = [unbroken.Fallback(model="claude-haiku-4-5")]
    client = emulator.client(open_telemetry=otel.options, max_retries=0, fallbacks=fallbacks)

    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    given_up, answered = otel.finished()
    assert events(given_up)[-1] == (
        "unbroken.fallback",
        {
            "unbroken.fallback.from_model": MODEL,
            "unbroken.fallback.to_model": "claude-haiku-4-5",
            "error.type": "OverloadedError",
        },
    )
    assert given_up.status.status_code is StatusCode.ERROR
    assert dict(answered.attributes or {})["gen_ai.response.model"] == "claude-haiku-4-5"
    assert answered.status.status_code is StatusCode.UNSET


def test_a_failed_call_sets_the_error_type_and_status(emulator: Emulator, otel: Otel) -> None:
    emulator.faults.push(Fault.status(400))
    client = emulator.client(open_telemetry=otel.options)

    with pytest.raises(unbroken.BadRequestError):
        client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    (span,) = otel.finished()
    assert span.status.status_code is StatusCode.ERROR
    assert dict(span.attributes or {})["error.type"] == "BadRequestError"
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.attributes["error.type"] == "BadRequestError"


def test_a_streams_span_ends_when_the_stream_ends_with_its_usage(emulator: Emulator, otel: Otel) -> None:
    client = emulator.client(open_telemetry=otel.options)

    with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
        assert otel.finished() == []  # open while the stream is read
        message = stream.get_final_message()
        (span,) = otel.finished()

    attributes = dict(span.attributes or {})
    assert attributes["gen_ai.response.id"] == message.id
    assert attributes["gen_ai.usage.output_tokens"] == message.usage.output_tokens
    assert attributes["gen_ai.response.finish_reasons"] == ("end_turn",)


def test_a_failed_stream_ends_its_span_with_partial_usage_and_the_error_type(
    emulator: Emulator, otel: Otel
) -> None:
    emulator.faults.push(Fault.drop_after(4))
    client = emulator.client(open_telemetry=otel.options)

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with client.messages.create(model=MODEL, max_tokens=64, messages=WORDS, stream=True) as stream:
            for _ in stream:
                pass

    (span,) = otel.finished()
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == "APIConnectionError"
    assert span.status.status_code is StatusCode.ERROR
    partial = caught.value.partial_message
    assert partial is not None
    assert attributes["gen_ai.usage.input_tokens"] == partial.usage.input_tokens
    tokens = {p.attributes["gen_ai.token.type"]: p.sum for p in otel.points("gen_ai.client.token.usage")}
    assert tokens == {"input": partial.usage.input_tokens, "output": partial.usage.output_tokens}


@pytest.mark.parametrize("kind", ["helper", "raw"])
def test_a_stream_closed_before_it_is_read_ends_its_span(emulator: Emulator, otel: Otel, kind: str) -> None:
    client = emulator.client(open_telemetry=otel.options)
    if kind == "helper":
        with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS):
            pass  # e.g. the caller's code raised before reading
    else:
        client.messages.create(model=MODEL, max_tokens=64, messages=WORDS, stream=True).close()

    (span,) = otel.finished()
    assert dict(span.attributes or {})["gen_ai.request.model"] == MODEL
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.count == 1


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["helper", "raw"])
async def test_an_async_stream_closed_before_it_is_read_ends_its_span(
    emulator: Emulator, otel: Otel, kind: str
) -> None:
    async with emulator.async_client(open_telemetry=otel.options) as client:
        if kind == "helper":
            async with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS):
                pass
        else:
            await (
                await client.messages.create(model=MODEL, max_tokens=64, messages=WORDS, stream=True)
            ).close()

    assert len(otel.finished()) == 1


@pytest.mark.anyio
async def test_the_async_client_has_the_same_spans_and_metrics(emulator: Emulator, otel: Otel) -> None:
    emulator.faults.push(Fault.status(500))
    async with emulator.async_client(open_telemetry=otel.options) as client:
        async with client.messages.stream(model=MODEL, max_tokens=64, messages=WORDS) as stream:
            message = await stream.get_final_message()

    (span,) = otel.finished()
    assert [name for name, _ in events(span)].count("unbroken.retry") == 1
    assert dict(span.attributes or {})["gen_ai.usage.output_tokens"] == message.usage.output_tokens
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.count == 1
    assert duration.attributes["gen_ai.request.model"] == MODEL


def test_the_histograms_follow_the_conventions(emulator: Emulator, otel: Otel) -> None:
    client = emulator.client(open_telemetry=otel.options)

    message = client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)
    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)

    tokens = {p.attributes["gen_ai.token.type"]: p for p in otel.points("gen_ai.client.token.usage")}
    assert tokens["input"].count == 2
    assert tokens["input"].sum == 2 * message.usage.input_tokens
    assert tokens["output"].sum == 2 * message.usage.output_tokens
    assert list(tokens["input"].explicit_bounds[:3]) == [1, 4, 16]
    assert tokens["input"].attributes["gen_ai.provider.name"] == "anthropic"
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.count == 2 and duration.sum >= 0
    assert list(duration.explicit_bounds[:2]) == [0.01, 0.02]


def test_content_is_recorded_only_when_the_user_opts_in(
    emulator: Emulator, otel: Otel, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = emulator.client(open_telemetry=otel.options)
    client.messages.create(model=MODEL, max_tokens=64, system="Be brief.", messages=WORDS)
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true")
    client.messages.create(model=MODEL, max_tokens=64, system="Be brief.", messages=WORDS)

    without, with_content = (dict(span.attributes or {}) for span in otel.finished())
    assert not any(key.startswith(("gen_ai.input", "gen_ai.output", "gen_ai.system")) for key in without)
    assert json.loads(with_content["gen_ai.input.messages"]) == [
        {"role": "user", "parts": [{"type": "text", "content": "one two three"}]}
    ]
    assert json.loads(with_content["gen_ai.system_instructions"]) == [
        {"type": "text", "content": "Be brief."}
    ]
    assert json.loads(with_content["gen_ai.output.messages"]) == [
        {
            "role": "assistant",
            "parts": [{"type": "text", "content": "Echo: one two three"}],
            "finish_reason": "end_turn",
        }
    ]


def test_requests_carry_the_spans_trace_context(emulator: Emulator, otel: Otel) -> None:
    client = emulator.client(open_telemetry=otel.options)
    client.messages.create(model=MODEL, max_tokens=64, messages=WORDS)
    client.with_options(open_telemetry={**otel.options, "propagation": False}).messages.create(
        model=MODEL, max_tokens=64, messages=WORDS
    )

    first = otel.finished()[0]
    traceparent = emulator.requests[0].header("traceparent")
    assert traceparent is not None
    assert traceparent.split("-")[1] == format(first.context.trace_id, "032x")
    assert emulator.requests[1].header("traceparent") is None


def test_a_text_completion_is_a_text_completion_span(emulator: Emulator, otel: Otel) -> None:
    client = emulator.client(open_telemetry=otel.options)
    prompt = f"{unbroken.HUMAN_PROMPT} hi{unbroken.AI_PROMPT}"

    completion = client.completions.create(model=MODEL, prompt=prompt, max_tokens_to_sample=32)
    stream = client.completions.create(model=MODEL, prompt=prompt, max_tokens_to_sample=32, stream=True)
    assert len(otel.finished()) == 1  # the stream's span is open while it is read
    list(stream)

    spans = otel.finished()
    assert [span.name for span in spans] == [f"text_completion {MODEL}"] * 2
    for span in spans:
        attributes = dict(span.attributes or {})
        assert span.kind is SpanKind.CLIENT
        assert attributes["gen_ai.operation.name"] == "text_completion"
        assert (attributes["gen_ai.request.model"], attributes["gen_ai.request.max_tokens"]) == (MODEL, 32)
        assert span.status.status_code is StatusCode.UNSET
    # The answer of the unstreamed one: a completion has no usage, but its id, model and stop reason.
    answered = dict(spans[0].attributes or {})
    assert answered["gen_ai.response.id"] == completion.id
    assert answered["gen_ai.response.model"] == completion.model
    assert answered["gen_ai.response.finish_reasons"] == (completion.stop_reason,)
    assert "gen_ai.usage.output_tokens" not in answered


def test_calls_that_are_not_generation_have_no_span(emulator: Emulator, otel: Otel) -> None:
    client = emulator.client(open_telemetry=otel.options)

    client.messages.count_tokens(model=MODEL, messages=WORDS)
    client.models.list()

    assert otel.finished() == []


def test_the_platform_clients_spans_name_the_model_of_the_call(emulator: Emulator, otel: Otel) -> None:
    from unbroken.lib.bedrock import AnthropicBedrock

    client = AnthropicBedrock(
        aws_region="us-east-1",
        aws_access_key="a",
        aws_secret_key="s",
        base_url=emulator.base_url,
        open_telemetry=otel.options,
    )
    client.messages.create(model="anthropic.claude-sonnet-4-5-20250929-v1:0", max_tokens=16, messages=WORDS)

    (span,) = otel.finished()
    assert span.name == "chat anthropic.claude-sonnet-4-5-20250929-v1:0"


def platform_client(platform: str, emulator: Emulator, otel: Otel, *, is_async: bool = False) -> Any:
    options: Any = {"base_url": emulator.base_url, "open_telemetry": otel.options}
    if platform == "bedrock":
        cls: Any = unbroken.AsyncAnthropicBedrock if is_async else unbroken.AnthropicBedrock
        return cls(aws_region="us-east-1", aws_access_key="a", aws_secret_key="s", **options)
    if platform == "vertex":
        cls = unbroken.AsyncAnthropicVertex if is_async else unbroken.AnthropicVertex
        options["base_url"] += "/v1"
        return cls(region="us-east5", project_id="p", access_token="t", **options)
    cls = unbroken.AsyncAnthropicFoundry if is_async else unbroken.AnthropicFoundry
    return cls(api_key="k", **options)


# The conventions' AWS Bedrock page: `gen_ai.provider.name` MUST be "aws.bedrock"; Vertex AI's value is
# "gcp.vertex_ai" (the official SDK 2.x sets both). Foundry serves Anthropic's own API: "anthropic".
PROVIDERS = [("bedrock", "aws.bedrock"), ("vertex", "gcp.vertex_ai"), ("foundry", "anthropic")]


@pytest.mark.parametrize(("platform", "provider"), PROVIDERS)
def test_a_platform_clients_spans_and_metrics_name_its_provider(
    emulator: Emulator, otel: Otel, platform: str, provider: str
) -> None:
    client = platform_client(platform, emulator, otel)
    with client.messages.stream(model=MODEL, max_tokens=16, messages=WORDS) as stream:
        stream.until_done()

    (span,) = otel.finished()
    assert span.attributes is not None and span.attributes["gen_ai.provider.name"] == provider
    points = otel.points("gen_ai.client.token.usage")
    assert {point.attributes["gen_ai.provider.name"] for point in points} == {provider}


@pytest.mark.anyio
@pytest.mark.parametrize(("platform", "provider"), PROVIDERS)
async def test_an_async_platform_clients_spans_name_its_provider(
    emulator: Emulator, otel: Otel, platform: str, provider: str
) -> None:
    client = platform_client(platform, emulator, otel, is_async=True)
    await client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)

    (span,) = otel.finished()
    assert span.attributes is not None and span.attributes["gen_ai.provider.name"] == provider


# -- when it is on: automatic, never, always -------------------------------------------------------------


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_and_calls_never_import_opentelemetry_when_the_application_does_not_use_it() -> None:
    result = run_python(
        """
        import sys
        import unbroken
        from unbroken.testing import Emulator

        with Emulator() as emu:
            client = unbroken.Anthropic(api_key="k", base_url=emu.base_url)
            ask = dict(model="claude-sonnet-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}])
            client.messages.create(**ask)
            with client.messages.stream(**ask) as s:
                s.until_done()
        print(sorted(name for name in sys.modules if name.startswith("opentelemetry")))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_asking_for_telemetry_without_the_extra_names_it_when_the_client_is_built() -> None:
    result = run_python(
        """
        import sys
        sys.modules["opentelemetry"] = None  # as if the otel extra were not installed
        import unbroken

        unbroken.Anthropic(api_key="k")  # automatic: fine without it
        unbroken.Anthropic(api_key="k", open_telemetry=False)
        try:
            unbroken.Anthropic(api_key="k", open_telemetry=True)
        except RuntimeError as exc:
            print(exc)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "pip install 'unbroken[otel]'" in result.stdout


def test_automatic_mode_follows_the_globally_configured_provider() -> None:
    result = run_python(
        """
        import unbroken
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
        from unbroken.testing import Emulator

        exporter = InMemorySpanExporter()
        with Emulator() as emu:
            client = unbroken.Anthropic(api_key="k", base_url=emu.base_url)
            ask = dict(model="claude-sonnet-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}])
            client.messages.create(**ask)  # imported, but no provider yet: no span
            provider = TracerProvider()
            provider.add_span_processor(SimpleSpanProcessor(exporter))
            trace.set_tracer_provider(provider)
            client.messages.create(**ask)
            client.with_options(open_telemetry=False).messages.create(**ask)
        print(len(exporter.get_finished_spans()))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_a_bad_telemetry_option_is_refused() -> None:
    with pytest.raises(TypeError, match="unknown key 'tracer'"):
        unbroken.Anthropic(api_key="k", open_telemetry={"tracer": None})  # type: ignore[typeddict-unknown-key]
    with pytest.raises(TypeError, match="open_telemetry must be"):
        unbroken.Anthropic(api_key="k", open_telemetry="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("option", "error", "message"),
    [
        # A tracer handed as the provider: it used to fail each model call with a bare AttributeError.
        (
            {"tracer_provider": TracerProvider().get_tracer("app")},
            TypeError,
            "tracer_provider must be a TracerProvider",
        ),
        ({"meter_provider": 3}, TypeError, "meter_provider must be a MeterProvider"),
        ({"traces": "on"}, TypeError, "traces must be a bool or a mapping"),
        # A misspelt mode silently recorded no content.
        (
            {"traces": {"content_mode": "contents"}},
            ValueError,
            "content_mode must be 'content' or 'metadata_only'",
        ),
    ],
)
def test_a_provider_or_mode_of_the_wrong_kind_is_refused_when_the_client_is_built(
    option: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        unbroken.Anthropic(api_key="k", open_telemetry=option)
    with pytest.raises(error, match=message):
        unbroken.AsyncAnthropic(api_key="k").with_options(open_telemetry=option)


def test_the_options_turn_spans_or_metrics_off_and_name_the_conversation(
    emulator: Emulator, otel: Otel
) -> None:
    client = emulator.client()
    ask: Any = {"model": MODEL, "max_tokens": 16, "messages": WORDS}

    client.with_options(open_telemetry={**otel.options, "traces": False}).messages.create(**ask)
    assert otel.finished() == []
    assert len(otel.points("gen_ai.client.operation.duration")) == 1

    client.with_options(
        open_telemetry={
            **otel.options,
            "metrics": False,
            "conversation_id": "conv-7",
            "traces": {"content_mode": "content"},
        }
    ).messages.create(**ask)
    (span,) = otel.finished()
    assert dict(span.attributes or {})["gen_ai.conversation.id"] == "conv-7"
    assert "gen_ai.output.messages" in dict(span.attributes or {})
    assert otel.points("gen_ai.client.operation.duration")[0].count == 1  # the second call measured nothing


def test_a_cached_answer_from_a_middleware_is_a_span_but_uses_no_tokens(
    emulator: Emulator, otel: Otel
) -> None:
    # Tokens are used once, when the API answers: the answer a middleware serves again from its cache has a
    # span (it is a call, with the answer's usage) but the token histogram counts it once, as UsageMeter does.
    caching = caching_middleware()
    client = emulator.client(open_telemetry=otel.options, middleware=[caching])
    first = client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)
    client.messages.create(model=MODEL, max_tokens=16, messages=WORDS)

    fetched, cached = otel.finished()
    assert dict(cached.attributes or {})["gen_ai.usage.output_tokens"] == first.usage.output_tokens
    assert [name for name, _ in events(fetched)] == ["unbroken.attempt", "unbroken.response"]
    assert [name for name, _ in events(cached)] == []  # no attempt: nothing was sent
    tokens = {
        point.attributes["gen_ai.token.type"]: point for point in otel.points("gen_ai.client.token.usage")
    }
    assert tokens["output"].count == 1 and tokens["output"].sum == first.usage.output_tokens
    assert otel.points("gen_ai.client.operation.duration")[0].count == 2
