"""Faults that target (a model, the n-th request, a predicate, a scripted stream) and the ready-made ones the
resilience work needs (pings-only stretches, a slow first event, spend limits, prefill refusals)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx
import pytest
from emu_helpers import VERSION, message_body, read_stream

import unbroken
from unbroken.testing import Emulator, Fault, RecordedRequest, Reply

MODEL = "claude-sonnet-4-5"


def ask(client: unbroken.Anthropic, model: str = MODEL, **params: object) -> unbroken.types.Message:
    messages = params.pop("messages", [{"role": "user", "content": "hello"}])
    return client.messages.create(model=model, max_tokens=100, messages=messages, **params)  # type: ignore[arg-type]


def stream_names(client: httpx.Client, **body: object) -> tuple[list[str], Exception | None]:
    """Event names of a streamed message that arrived whole, and the error that ended it (if any)."""
    return read_stream(client, message_body(stream=True, **body))


# -- targeting ------------------------------------------------------------------------------------


def test_an_overload_on_one_model_only(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=None))
    client = emulator.client(max_retries=1)

    with pytest.raises(unbroken.OverloadedError):
        ask(client, model="claude-opus-4-1")
    assert ask(client, model=MODEL).type == "message"
    assert [r.outcome.status for r in emulator.requests] == [529, 529, 200]


def test_nth_strikes_the_nth_matching_request(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(500, nth=2, path="/v1/messages"))

    statuses = [client.post("/v1/messages", json=message_body()).status_code for _ in range(3)]
    client.get("/v1/models")

    assert statuses == [200, 500, 200]


def test_each_fault_counts_the_requests_it_fits_even_those_another_took(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.faults.push(Fault.status(529), Fault.status(500, nth=2))

    statuses = [client.post("/v1/messages", json=message_body()).status_code for _ in range(3)]

    assert statuses == [529, 500, 200]


def test_a_predicate_targets_the_second_turn_of_a_tool_exchange(emulator: Emulator) -> None:
    def second_turn(req: RecordedRequest) -> bool:
        return len(req.messages) > 1

    emulator.faults.push(Fault.status(529, when=second_turn))
    client = emulator.client(max_retries=0)
    turns = [
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "w", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "sunny"}]},
    ]

    assert ask(client, messages=turns[:1]).type == "message"
    with pytest.raises(unbroken.OverloadedError):
        ask(client, messages=turns)


def test_a_predicate_that_raises_is_reported_not_raised_in_the_server(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.faults.push(Fault.status(529, when=lambda r: r.json["nope"], optional=True))

    assert client.post("/v1/messages", json=message_body()).status_code == 200
    with pytest.raises(AssertionError, match=r"its `when` raised KeyError\('nope'\)"):
        emulator.assert_all_used()
    emulator.reset()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Fault.status(529, path=3), "path must be a str or None, got 3"),
        (lambda: Reply.text("hi", model=["claude-*"]), r"model must be a str or None, got \['claude-\*'\]"),
        (lambda: Fault.drop_after(2, stream="yes"), "stream must be True, False or None, got 'yes'"),
    ],
)
def test_a_targeting_keyword_of_the_wrong_type_is_refused_when_the_item_is_built(
    build: Callable[[], object], message: str
) -> None:
    # Not when a request arrives, where it would be reported as a `when` predicate that raised.
    with pytest.raises(TypeError, match=message):
        build()


@pytest.mark.parametrize(
    ("plan", "item", "message"),
    [
        ("faults", "status:529", r"emulator.faults.push\(\) takes Fault objects .*, got str 'status:529'"),
        ("faults", Reply.text("hi"), r"takes Fault objects .*replies.push.*, got Reply.text\('hi'\)"),
        ("replies", Fault.status(529), r"replies.push\(\) takes Reply objects .*, got Fault.status\(529\)"),
    ],
)
def test_pushing_something_else_than_a_fault_or_a_reply_is_refused_at_once(
    emulator: Emulator, client: httpx.Client, plan: str, item: object, message: str
) -> None:
    queue = getattr(emulator, plan)
    valid = Reply.text("kept out too") if plan == "replies" else Fault.status(500)
    with pytest.raises(TypeError, match=message):
        queue.push(valid, item)

    assert len(queue) == 0  # nothing of a refused push is queued
    assert client.post("/v1/messages", json=message_body()).status_code == 200
    emulator.assert_all_used()


def test_a_body_fault_can_target_one_models_stream(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.drop_after(2, model="claude-haiku-*"))

    whole, no_error = stream_names(client)
    cut, error = stream_names(client, model="claude-haiku-4-5")

    assert whole[-1] == "message_stop" and no_error is None
    assert cut == ["message_start", "ping"]
    assert isinstance(error, httpx.RemoteProtocolError)


def test_drop_after_event_k_of_a_scripted_reply_closes_the_socket(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three four five"))
    emulator.faults.push(Fault.drop_after(5))  # message_start, ping, block start, "one", " two"

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with emulator.client(max_retries=0).messages.stream(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "count"}]
        ) as stream:
            for _ in stream:
                pass

    assert caught.value.partial_message is not None
    assert caught.value.partial_message.content[0].text == "one two"  # type: ignore[union-attr]


def test_a_continuation_is_answered_only_when_it_carries_the_expected_prefill(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text(" three", when=lambda r: r.prefill == "one two"))
    client = emulator.client()

    wrong = ask(
        client, messages=[{"role": "user", "content": "count"}, {"role": "assistant", "content": "one"}]
    )
    right = ask(
        client,
        messages=[
            {"role": "user", "content": "count"},
            {"role": "assistant", "content": [{"type": "text", "text": "one two"}]},
        ],
    )

    assert wrong.content[0].text.startswith("Echo")  # type: ignore[union-attr]
    assert right.content[0].text == " three"  # type: ignore[union-attr]
    assert emulator.requests.last.prefill == "one two"


def test_a_continuation_carries_on_the_scripted_reply_its_conversation_got(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three four five"))
    emulator.faults.push(Fault.drop_after(5))  # after "one two"
    client = emulator.client(resume_streams=True)

    with client.messages.stream(
        model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "count"}]
    ) as stream:
        assert stream.get_final_text() == "one two three four five"
    assert emulator.requests[1].prefill == "one two"
    assert emulator.requests[1].outcome.answered_by == emulator.requests[0].outcome.answered_by


TWO_BLOCKS = ["First block here.", "Second block has several words in it."]
# message_start, ping, block 0 start, 3 words, block 0 stop, block 1 start, "Second", " block", " has"
IN_THE_SECOND_BLOCK = 11


@pytest.mark.parametrize("events", range(4, 16))  # a drop after each event with text before it
def test_a_continuation_that_broke_in_a_later_block_says_each_text_once(
    emulator: Emulator, events: int
) -> None:
    emulator.replies.push(Reply.message(TWO_BLOCKS))
    emulator.faults.push(Fault.drop_after(events))
    client = emulator.client(max_retries=0, resume_streams=True)

    with client.messages.stream(
        model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "count"}]
    ) as stream:
        text = "".join(stream.text_stream)
        message = stream.get_final_message()

    assert text == "".join(TWO_BLOCKS)
    texts = [b.text for b in message.content]  # type: ignore[union-attr]
    # a drop right after the first block's last word continues that block (a prefill cannot say it ended)
    assert texts == (["".join(TWO_BLOCKS)] if events == 6 else TWO_BLOCKS)
    if events == IN_THE_SECOND_BLOCK:
        assert [r.prefill for r in emulator.requests] == [None, "First block here.Second block has"]


@pytest.mark.anyio
async def test_an_async_continuation_that_broke_in_a_later_block_says_each_text_once(
    emulator: Emulator,
) -> None:
    emulator.replies.push(Reply.message(TWO_BLOCKS))
    emulator.faults.push(Fault.drop_after(IN_THE_SECOND_BLOCK))

    async with emulator.async_client(max_retries=0, resume_streams=True) as client:
        async with client.messages.stream(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "count"}]
        ) as stream:
            text = "".join([piece async for piece in stream.text_stream])
            message = await stream.get_final_message()

    assert text == "".join(TWO_BLOCKS)
    assert [b.text for b in message.content] == TWO_BLOCKS  # type: ignore[union-attr]
    assert emulator.requests[1].prefill == "First block here.Second block has"


def test_only_a_continuation_of_the_same_conversation_carries_it_on(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three"))
    client = emulator.client()
    ask(client, messages=[{"role": "user", "content": "count"}])

    again = ask(client, messages=[{"role": "user", "content": "count"}])
    other = ask(
        client, messages=[{"role": "user", "content": "list"}, {"role": "assistant", "content": "one"}]
    )
    other_model = ask(
        client,
        model="claude-opus-4-1",
        messages=[{"role": "user", "content": "count"}, {"role": "assistant", "content": "one"}],
    )
    carried = ask(
        client, messages=[{"role": "user", "content": "count"}, {"role": "assistant", "content": "one"}]
    )

    assert again.content[0].text == "Echo: count"  # type: ignore[union-attr]
    assert other.content[0].text == "Echo: list"  # type: ignore[union-attr]
    assert other_model.content[0].text == "Echo: count"  # type: ignore[union-attr]
    assert carried.content[0].text == " two three"  # type: ignore[union-attr]


def test_a_queued_reply_answers_a_continuation_before_the_remembered_one(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three"), Reply.text("one, then something else"))
    client = emulator.client()
    ask(client, messages=[{"role": "user", "content": "count"}])

    carried = ask(
        client, messages=[{"role": "user", "content": "count"}, {"role": "assistant", "content": "one"}]
    )

    assert carried.content[0].text == ", then something else"  # type: ignore[union-attr]


def test_reset_forgets_what_conversations_were_told(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three"))
    client = emulator.client()
    ask(client, messages=[{"role": "user", "content": "count"}])
    emulator.reset()

    carried = ask(
        emulator.client(),
        messages=[{"role": "user", "content": "count"}, {"role": "assistant", "content": "one"}],
    )

    assert carried.content[0].text == "Echo: count"  # type: ignore[union-attr]


# -- ready-made faults ----------------------------------------------------------------------------


def test_pings_fault_sends_a_stretch_of_pings_then_carries_on(
    emulator: Emulator, client: httpx.Client
) -> None:
    emulator.faults.push(Fault.pings(3))

    names, error = stream_names(client)

    assert error is None
    assert names[:6] == ["message_start", "ping", "ping", "ping", "ping", "content_block_start"]
    assert names[-1] == "message_stop"


def test_a_stretch_of_pings_outlasts_a_read_timeout_that_each_ping_resets(emulator: Emulator) -> None:
    # 4 pings 0.15 s apart: 0.6 s of nothing but pings, longer than the 0.5 s read timeout, which every
    # ping resets. A client's idle timer that ignores pings is what must notice such a stretch.
    emulator.faults.push(Fault.pings(4, interval=0.15, after=1))
    timeout = httpx.Timeout(5.0, read=0.5)
    with httpx.Client(base_url=emulator.base_url, headers=VERSION, timeout=timeout) as http:
        names, error = stream_names(http)

    assert error is None
    assert names.count("ping") == 5 and names[-1] == "message_stop"


def test_delay_first_event_sends_headers_then_silence(emulator: Emulator) -> None:
    emulator.faults.push(Fault.delay_first_event(30))

    timeout = httpx.Timeout(5.0, read=0.2)
    with httpx.Client(base_url=emulator.base_url, headers=VERSION, timeout=timeout) as http:
        with http.stream("POST", "/v1/messages", json=message_body(stream=True)) as response:
            assert response.status_code == 200
            with pytest.raises(httpx.ReadTimeout):
                response.read()
    emulator.reset()  # releases the stalled stream


def test_a_spend_limit_429_carries_its_error_code(emulator: Emulator) -> None:
    emulator.faults.push(
        Fault.status(
            429,
            message="You have reached your specified API usage limits.",
            details={"error_code": "enforced_spend_limit_reached"},
        )
    )

    with pytest.raises(unbroken.RateLimitError) as caught:
        ask(emulator.client(max_retries=0))

    assert caught.value.body["error"]["details"] == {"error_code": "enforced_spend_limit_reached"}  # type: ignore[index]
    assert caught.value.message == "You have reached your specified API usage limits."


def test_any_retry_after_and_a_billing_error(emulator: Emulator, client: httpx.Client) -> None:
    emulator.faults.push(Fault.status(429, headers={"retry-after": "17"}), Fault.status(402))

    limited = client.post("/v1/messages", json=message_body())
    billing = client.post("/v1/messages", json=message_body())

    assert limited.headers["retry-after"] == "17"
    assert (billing.status_code, billing.json()["error"]["type"]) == (402, "billing_error")


def test_a_model_that_rejects_prefill(emulator: Emulator) -> None:
    emulator.faults.push(
        Fault.status(
            400,
            message="This model does not support assistant message prefill.",
            model="claude-opus-*",
            when=lambda r: r.prefill is not None,
            times=None,
        )
    )
    client = emulator.client()
    prefilled = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hel"}]

    with pytest.raises(unbroken.BadRequestError, match="prefill"):
        ask(client, model="claude-opus-4-1", messages=prefilled)
    assert ask(client, model="claude-opus-4-1").type == "message"
    assert ask(client, model=MODEL, messages=prefilled).type == "message"


def test_an_in_stream_error_with_details(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(3, "rate_limit_error", "slow down", details={"error_code": "x"}))

    with pytest.raises(unbroken.RateLimitError) as caught:
        with emulator.client(max_retries=0).messages.stream(
            model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "hi"}]
        ) as stream:
            stream.get_final_message()

    assert caught.value.body["error"]["details"] == {"error_code": "x"}  # type: ignore[index]


def test_faults_describe_themselves_like_their_constructor_call() -> None:
    assert Fault.status(529, times=2, model="m").describe() == "Fault.status(529, model='m', times=2)"
    assert Fault.drop_after(3).describe() == "Fault.drop_after(3)"
    assert Fault.pings(2, interval=0.5).describe() == "Fault.pings(2, interval=0.5, after=1)"
    assert Fault.error_event(1).describe() == "Fault.error_event(1, 'overloaded_error', 'Overloaded')"
    assert Fault.truncate().describe() == "Fault.truncate()"


SAMPLE_CALLS = {
    "status": "Fault.status(429, headers={'retry-after': '3'}, message='slow down')",
    "close_before_response": "Fault.close_before_response(times=2)",
    "stall_before_headers": "Fault.stall_before_headers(1.5)",
    "drop_response": "Fault.drop_response()",
    "drop_after": "Fault.drop_after(4, model='claude-*')",
    "stall_after": "Fault.stall_after(3, 2)",
    "delay_first_event": "Fault.delay_first_event(0.2)",
    "pings": "Fault.pings(3, interval=0.1, after=2)",
    "error_event": "Fault.error_event(2, 'api_error', 'boom')",
    "truncate": "Fault.truncate(after=5)",
    "malformed_line": "Fault.malformed_line(1)",
    "unknown_event": "Fault.unknown_event(2)",
    "inject": "Fault.inject(b'data: x', 3, end=True)",
}


@pytest.mark.parametrize("constructor", sorted(SAMPLE_CALLS))
def test_every_fault_describes_itself_as_the_call_that_built_it(constructor: str) -> None:
    fault = eval(SAMPLE_CALLS[constructor])  # the call, as a user writes it

    assert fault.describe() == SAMPLE_CALLS[constructor]
    assert eval(fault.describe()) == fault


def test_the_samples_cover_every_fault_constructor() -> None:
    from unbroken.testing.faults import CONSTRUCTORS

    assert sorted(SAMPLE_CALLS) == sorted(CONSTRUCTORS)


def test_a_delayed_first_event_is_logged_by_its_own_name(emulator: Emulator) -> None:
    emulator.faults.push(Fault.delay_first_event(0))
    with httpx.Client(base_url=emulator.base_url, headers=VERSION, timeout=5) as http:
        names, error = stream_names(http)
        queued = http.post("/_emulator/faults", json={"kind": "delay_first_event", "seconds": 1}).json()
        pending = http.get("/_emulator/pending").json()["unused"]
        logged = http.get("/_emulator/requests").json()["requests"][-1]["faults"]
    emulator.reset()

    assert error is None and names[-1] == "message_stop"
    assert logged == ["Fault.delay_first_event(0)"]
    assert queued == {"queued": ["Fault.delay_first_event(1)"]}
    assert pending == ["Fault.delay_first_event(1): used 0 of 1"]


def test_a_client_that_leaves_during_a_stretch_of_pings_ends_it(emulator: Emulator) -> None:
    answered = threading.Event()
    emulator.app.listeners.append(lambda req: answered.set())
    emulator.faults.push(Fault.pings(100_000, interval=0.01))
    try:
        with httpx.Client(base_url=emulator.base_url, headers=VERSION, timeout=5) as http:
            with http.stream("POST", "/v1/messages", json=message_body(stream=True)) as response:
                seen = ""
                for text in response.iter_text():
                    seen += text
                    if seen.count("event: ping") >= 3:
                        break
        assert answered.wait(5)  # the emulator noticed and finished the exchange
    finally:
        emulator.app.listeners.clear()


@pytest.mark.anyio
async def test_an_async_client_keeps_what_arrived_before_a_targeted_drop(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("alpha beta gamma delta"))
    emulator.faults.push(Fault.drop_after(4, stream=True, model="claude-sonnet-*"))

    async with emulator.async_client(max_retries=0) as client:
        with pytest.raises(unbroken.APIConnectionError) as caught:
            async with client.messages.stream(
                model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "letters"}]
            ) as stream:
                await stream.get_final_message()

    assert caught.value.partial_message.content[0].text == "alpha"  # type: ignore[union-attr]
    assert emulator.requests.last.outcome.faults == [
        "Fault.drop_after(4, model='claude-sonnet-*', stream=True)"
    ]


def test_drop_response_processes_the_request_then_loses_the_answer(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_response(path="/v1/messages/batches", method="POST"))
    params = {"model": MODEL, "max_tokens": 5, "messages": [{"role": "user", "content": "x"}]}

    with pytest.raises(unbroken.APIConnectionError):
        emulator.client(max_retries=0).messages.batches.create(
            requests=[{"custom_id": "a", "params": params}]
        )

    assert [b.id for b in emulator.client().messages.batches.list()] == ["msgbatch_emu_1"]
    assert emulator.requests[0].outcome.status is None
    assert emulator.requests[0].outcome.faults == [
        "Fault.drop_response(path='/v1/messages/batches', method='POST')"
    ]


def test_a_request_abandoned_during_a_stall_takes_nothing_meant_for_the_next(emulator: Emulator) -> None:
    emulator.faults.push(Fault.stall_before_headers(30))
    impatient = emulator.client(max_retries=0, timeout=httpx.Timeout(5.0, read=0.2))
    with pytest.raises(unbroken.APITimeoutError):
        ask(impatient)

    emulator.replies.push(Reply.text("for the next request"))
    emulator.faults.push(Fault.unknown_event(1, stream=True))  # a body fault the stalled one must not take

    with emulator.client().messages.stream(
        model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "next"}]
    ) as stream:
        assert stream.get_final_text() == "for the next request"
    assert emulator.requests.last.outcome.faults == ["Fault.unknown_event(1, stream=True)"]
