"""`fallbacks=[Fallback(...)]`, end to end against the emulator over real sockets: a message call that fails
before any content reached the caller moves, after its own retries, to the next target — another model, or
another client — and never after content arrived. Sync and async, `create()` and both kinds of stream; the
circuit breaker is driven by a fake clock."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from resilience_helpers import ARGS, MODES, make_client, read

import unbroken
from unbroken import CircuitBreaker, Fallback
from unbroken.testing import Emulator, Fault, Reply

PRIMARY = "claude-opus-4-1"
HAIKU = "claude-haiku-4-5"
OPUS = {**ARGS, "model": PRIMARY}
TO_HAIKU = [Fallback(model=HAIKU)]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def create(client: Any, args: dict[str, Any] = OPUS) -> Any:
    """`messages.create(**args)` with a sync or an async client: the message, or what was raised."""
    if isinstance(client, unbroken.Anthropic):
        try:
            return client.messages.create(**args)
        except unbroken.AnthropicError as exc:
            return exc

    async def run() -> Any:
        # a connection pool per event loop: a copy (sharing everything else) with its own, closed after
        async with client.copy(http_client=unbroken.DefaultAsyncHttpxClient()) as fresh:
            try:
                return await fresh.messages.create(**args)
            except unbroken.AnthropicError as exc:
                return exc

    return anyio.run(run)


def asked(emulator: Emulator) -> list[tuple[str | None, int | None]]:
    return [(r.model, r.outcome.status) for r in emulator.requests]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_an_overloaded_model_falls_back_after_its_own_retries(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=None))
    client = make_client(emulator, flavour, max_retries=1, fallbacks=TO_HAIKU)

    message = create(client)

    assert (message.model, message.content[0].text) == (HAIKU, "Echo: count")
    assert asked(emulator) == [(PRIMARY, 529), (PRIMARY, 529), (HAIKU, 200)]


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_that_cannot_start_falls_back(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=None))

    result = read(make_client(emulator, mode, max_retries=1, fallbacks=TO_HAIKU), mode, OPUS)

    assert (result.error, result.text, result.message.model) == (None, "Echo: count", HAIKU)
    assert asked(emulator) == [(PRIMARY, 529), (PRIMARY, 529), (HAIKU, 200)]


@pytest.mark.parametrize("mode", MODES)
def test_an_in_stream_overload_before_the_first_event_falls_back(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.error_event(0, model="claude-opus-*", times=None))

    result = read(make_client(emulator, mode, max_retries=1, fallbacks=TO_HAIKU), mode, OPUS)

    assert (result.error, result.text, result.message.model) == (None, "Echo: count", HAIKU)
    assert [r.model for r in emulator.requests] == [PRIMARY, PRIMARY, HAIKU]


@pytest.mark.parametrize("mode", MODES)
def test_an_overload_after_message_start_before_any_content_falls_back_as_one_stream(
    emulator: Emulator, mode: str
) -> None:
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*", times=None))  # message_start, ping

    result = read(make_client(emulator, mode, fallbacks=TO_HAIKU), mode, OPUS)

    assert (result.error, result.text) == (None, "Echo: count")
    assert result.types().count("message_start") == 1  # the caller saw opus start; haiku answered
    assert result.message.content[0].text == "Echo: count"
    if mode.endswith("helper"):
        assert result.message.model == HAIKU
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


@pytest.mark.parametrize("mode", MODES)
def test_there_is_no_fallback_once_content_arrived(emulator: Emulator, mode: str) -> None:
    emulator.replies.push(Reply.text("one two three", model="claude-opus-*"))
    emulator.faults.push(Fault.drop_after(4))

    result = read(make_client(emulator, mode, max_retries=2, fallbacks=TO_HAIKU), mode, OPUS)

    assert isinstance(result.error, unbroken.APIConnectionError)
    assert result.error.partial_message.content[0].text == "one"
    assert [r.model for r in emulator.requests] == [PRIMARY]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_fallback_on_chooses_the_errors_that_fall_back(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(500, model="claude-opus-*", times=None))
    client = make_client(emulator, flavour, fallbacks=TO_HAIKU, fallback_on=[unbroken.OverloadedError])

    error = create(client)

    assert isinstance(error, unbroken.InternalServerError)
    assert [r.model for r in emulator.requests] == [PRIMARY]


def test_a_client_error_never_falls_back(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(400, model="claude-opus-*"))

    error = create(emulator.client(fallbacks=TO_HAIKU))

    assert isinstance(error, unbroken.BadRequestError)
    assert len(emulator.requests) == 1


def test_targets_are_tried_in_order_until_one_answers_or_the_last_error_is_raised(emulator: Emulator) -> None:
    emulator.faults.push(
        Fault.status(529, model="claude-opus-*", times=None),
        Fault.close_before_response(model="claude-sonnet-*", times=None),
        Fault.status(503, model="claude-haiku-*", times=None),
    )
    fallbacks = [Fallback(model="claude-sonnet-4-5"), Fallback(model=HAIKU)]
    client = emulator.client(max_retries=0, fallbacks=fallbacks, circuit_breaker=None)

    error = create(client)

    assert isinstance(error, unbroken.ServiceUnavailableError)
    assert [r.model for r in emulator.requests] == [PRIMARY, "claude-sonnet-4-5", HAIKU]


def test_a_fallback_to_another_client_runs_that_clients_own_loop(emulator: Emulator) -> None:
    pytest.importorskip("botocore")
    bedrock_model = "anthropic.claude-haiku-4-5-20251001-v1:0"
    attempts: list[int] = []
    bedrock = unbroken.AnthropicBedrock(
        aws_access_key="AKIDEXAMPLE",
        aws_secret_key="example-secret",
        aws_region="us-east-1",
        base_url=emulator.base_url,
        max_retries=1,
        hooks=unbroken.Hooks(on_request=lambda event: attempts.append(event.attempt)),
    )
    emulator.faults.push(
        Fault.error_event(0, model="claude-opus-*", times=None),  # the stream moves itself to Bedrock
        Fault.status(500, path="/model/*"),  # which retries this itself
    )
    client = emulator.client(max_retries=0, fallbacks=[Fallback(client=bedrock, model=bedrock_model)])

    with client.messages.stream(**OPUS) as stream:
        message = stream.get_final_message()

    assert (message.model, message.content[0].text) == (bedrock_model, "Echo: count")
    assert [r.path for r in emulator.requests] == [
        "/v1/messages",
        f"/model/{bedrock_model}/invoke-with-response-stream",
        f"/model/{bedrock_model}/invoke-with-response-stream",
    ]
    assert attempts == [1, 2]


def test_the_hooks_say_which_target_answered(emulator: Emulator) -> None:
    events: list[unbroken.FallbackEvent] = []
    emulator.faults.push(Fault.status(529, model="claude-opus-*"))
    client = emulator.client(
        max_retries=0, fallbacks=TO_HAIKU, hooks=unbroken.Hooks(on_fallback=events.append)
    )

    message = create(client)

    (event,) = events
    assert (event.from_model, event.to_model, event.target) == (PRIMARY, HAIKU, TO_HAIKU[0])
    assert isinstance(event.error, unbroken.OverloadedError)
    assert message.model == HAIKU


def test_the_usage_meter_records_the_answer_under_its_model_and_the_abandoned_attempt_as_a_failed_call(
    emulator: Emulator,
) -> None:
    from unbroken.usage import UsageMeter

    meter = UsageMeter()
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*", times=None))  # after message_start
    client = emulator.client(fallbacks=TO_HAIKU, usage_meter=meter)

    with client.messages.stream(**OPUS) as stream:
        message = stream.get_final_message()

    by_model = meter.by_model()
    assert set(by_model) == {HAIKU, PRIMARY}
    assert by_model[HAIKU].output_tokens == message.usage.output_tokens  # the answer, once
    assert by_model[PRIMARY].input_tokens == message.usage.input_tokens  # opus read the prompt: billed
    assert (meter.calls, meter.failed_calls) == (2, 1)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_the_circuit_breaker_skips_an_overloaded_model_until_its_cooldown_is_over(
    emulator: Emulator, flavour: str
) -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=2, cooldown=30, clock=clock)
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=2))
    client = make_client(emulator, flavour, max_retries=1, fallbacks=TO_HAIKU, circuit_breaker=breaker)

    assert create(client).model == HAIKU  # two overloads: opus is skipped from now on
    assert create(client.copy()).model == HAIKU
    assert [r.model for r in emulator.requests] == [PRIMARY, PRIMARY, HAIKU, HAIKU]
    clock.now += 30
    assert create(client.copy()).model == PRIMARY  # tried again once the cooldown is over
    assert breaker.is_open(PRIMARY) is False


def test_a_skip_by_the_circuit_breaker_is_told_to_the_hooks(emulator: Emulator) -> None:
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cooldown=30, clock=clock)
    events: list[unbroken.FallbackEvent] = []
    emulator.faults.push(Fault.status(529, model="claude-opus-*"))
    client = emulator.client(
        max_retries=0,
        fallbacks=TO_HAIKU,
        circuit_breaker=breaker,
        hooks=unbroken.Hooks(on_fallback=events.append),
    )
    create(client)

    assert create(client).model == HAIKU

    assert [(e.error is None, e.to_model) for e in events] == [(False, HAIKU), (True, HAIKU)]
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU, HAIKU]


def test_no_fallback_is_tried_past_the_deadline(emulator: Emulator) -> None:
    emulator.faults.push(Fault.stall_before_headers(30, model="claude-opus-*"))  # the deadline passes
    client = emulator.client(max_retries=1, fallbacks=TO_HAIKU, deadline=0.3)

    error = create(client)

    assert isinstance(error, unbroken.APITimeoutError) and error.timeout_kind == "deadline"
    assert [r.model for r in emulator.requests] == [PRIMARY]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_retry_that_would_wait_past_the_deadline_moves_the_call_on_with_the_time_left(
    emulator: Emulator, flavour: str
) -> None:
    events: list[unbroken.FallbackEvent] = []
    emulator.faults.push(Fault.status(529, model="claude-opus-*", headers={"retry-after": "5"}, times=None))
    client = make_client(
        emulator,
        flavour,
        max_retries=2,
        fallbacks=TO_HAIKU,
        circuit_breaker=None,
        deadline=3,
        hooks=unbroken.Hooks(on_fallback=events.append),
    )

    message = create(client)

    assert message.model == HAIKU
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]
    assert [type(event.error) for event in events] == [unbroken.OverloadedError]  # opus's, not a timeout


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_whose_retry_would_wait_past_the_deadline_moves_on(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(Fault.status(529, model="claude-opus-*", headers={"retry-after": "5"}, times=None))
    client = make_client(emulator, mode, max_retries=2, fallbacks=TO_HAIKU, circuit_breaker=None, deadline=3)

    result = read(client, mode, OPUS)

    assert (result.error, result.text, result.message.model) == (None, "Echo: count", HAIKU)
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_wait_no_target_can_use_ends_the_call_at_the_deadline(emulator: Emulator, flavour: str) -> None:
    emulator.faults.push(Fault.status(529, headers={"retry-after": "5"}, times=None))  # every model
    client = make_client(
        emulator, flavour, max_retries=2, fallbacks=TO_HAIKU, circuit_breaker=None, deadline=3
    )

    error = create(client)

    assert isinstance(error, unbroken.APITimeoutError) and error.timeout_kind == "deadline"
    assert isinstance(error.__cause__, unbroken.OverloadedError)  # haiku's last answer
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


@pytest.mark.parametrize("mode", MODES)
def test_a_target_whose_stream_started_is_not_retried_with_fallbacks_as_without(
    emulator: Emulator, mode: str
) -> None:
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*", times=None))  # message_start, ping
    alone = read(make_client(emulator, mode, max_retries=2), mode, OPUS)
    assert isinstance(alone.error, unbroken.OverloadedError)
    assert [r.model for r in emulator.requests] == [PRIMARY]
    emulator.reset()
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*", times=None))

    result = read(make_client(emulator, mode, max_retries=2, fallbacks=TO_HAIKU), mode, OPUS)

    assert (result.error, result.text) == (None, "Echo: count")
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]  # opus once, as without fallbacks


@pytest.mark.parametrize("mode", MODES)
def test_a_stream_moved_after_message_start_ends_as_the_answering_attempts_message(
    emulator: Emulator, mode: str
) -> None:
    clean = emulator.client().messages.create(**{**OPUS, "model": HAIKU})
    emulator.reset()
    emulator.faults.push(Fault.error_event(2, model="claude-opus-*", times=None))

    result = read(make_client(emulator, mode, max_retries=2, fallbacks=TO_HAIKU), mode, OPUS)

    (start,) = [event for event in result.events if event.type == "message_start"]
    assert start.message.model == PRIMARY  # handed over before opus broke: it cannot be taken back
    usage = result.message.usage
    assert (usage.input_tokens, usage.output_tokens) == (clean.usage.input_tokens, clean.usage.output_tokens)
    if mode.endswith("helper"):  # the stitched message is haiku's
        assert result.message.model == HAIKU
        assert result.message.id != start.message.id


def test_other_calls_do_not_fall_back(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, path="/v1/messages/count_tokens"))
    client = emulator.client(max_retries=0, fallbacks=TO_HAIKU)

    with pytest.raises(unbroken.OverloadedError):
        client.messages.count_tokens(model=PRIMARY, messages=ARGS["messages"])

    assert len(emulator.requests) == 1


def test_the_beta_stream_falls_back_too(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, model="claude-opus-*"))
    client = emulator.client(max_retries=0, fallbacks=TO_HAIKU)

    with client.beta.messages.stream(**OPUS) as stream:
        message = stream.get_final_message()

    assert (message.model, message.content[0].text) == (HAIKU, "Echo: count")


def test_a_continuation_never_falls_back(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three"))
    emulator.faults.push(
        Fault.drop_after(4), Fault.status(529, when=lambda req: req.prefill is not None, times=None)
    )
    client = emulator.client(max_retries=1, resume_streams=True, fallbacks=TO_HAIKU)

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with client.messages.stream(**OPUS) as stream:
            stream.until_done()

    assert isinstance(caught.value.__cause__, unbroken.OverloadedError)
    assert [(r.model, r.prefill) for r in emulator.requests] == [
        (PRIMARY, None),
        (PRIMARY, "one"),
        (PRIMARY, "one"),
    ]


@pytest.mark.parametrize("mode", ["sync-raw", "async-helper"])
def test_a_stream_whose_every_target_fails_raises_the_last_error(emulator: Emulator, mode: str) -> None:
    emulator.faults.push(
        Fault.error_event(0, "overloaded_error", model="claude-opus-*"),
        Fault.status(500, message="Haiku broke", model="claude-haiku-*"),
    )

    result = read(make_client(emulator, mode, fallbacks=TO_HAIKU), mode, OPUS)

    assert isinstance(result.error, unbroken.InternalServerError)  # the last target's
    assert str(result.error) == "Haiku broke"
    assert [r.model for r in emulator.requests] == [PRIMARY, HAIKU]


@pytest.mark.parametrize("how", ["create", "stream", "stream broken after content"])
def test_an_answer_breaks_a_targets_row_of_overloads(emulator: Emulator, how: str) -> None:
    breaker = CircuitBreaker(threshold=3, clock=Clock())
    client = emulator.client(max_retries=1, fallbacks=TO_HAIKU, circuit_breaker=breaker)
    emulator.faults.push(Fault.status(529))  # one overload, then an answer
    if how == "create":
        client.messages.create(**OPUS)
    elif how == "stream":
        with client.messages.stream(**OPUS) as stream:
            stream.until_done()
    else:
        emulator.faults.push(Fault.drop_after(4))
        with pytest.raises(unbroken.APIConnectionError), client.messages.stream(**OPUS) as stream:
            stream.until_done()
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=2))

    assert client.messages.create(**OPUS).model == HAIKU  # two more overloads: not three in a row

    assert not breaker.is_open(PRIMARY)
    assert [r.model for r in emulator.requests if r.outcome.status == 529] == [PRIMARY] * 3
