"""Scripted replies (``Reply``): what the model says next, for the requests they target, over real sockets."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from emu_helpers import VERSION, message_body, sse_events

import unbroken
from unbroken import beta_tool
from unbroken.testing import Emulator, Fault, RecordedRequest, Reply
from unbroken.testing.script import ReplyPlan

MODEL = "claude-sonnet-4-5"
WEATHER_TOOL = {"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}


def ask(client: unbroken.Anthropic, text: str = "hello", **params: object) -> unbroken.types.Message:
    return client.messages.create(
        model=str(params.pop("model", MODEL)),
        max_tokens=100,
        messages=[{"role": "user", "content": text}],
        **params,  # type: ignore[arg-type]
    )


def text_of(message: unbroken.types.Message) -> str:
    return "".join(block.text for block in message.content if block.type == "text")


# -- what a reply says ----------------------------------------------------------------------------


def test_text_reply_replaces_the_echo_with_counted_usage(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("It is sunny in Paris."))

    message = ask(emulator.client(), "What is the weather like?")

    assert text_of(message) == "It is sunny in Paris."
    assert message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (5, 5)
    assert message.model == MODEL


@pytest.mark.anyio
async def test_text_reply_streams_one_delta_per_word_to_the_async_client(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("one two three"))

    async with emulator.async_client() as client:
        async with client.messages.stream(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "count"}]
        ) as stream:
            deltas = [e.delta.text async for e in stream if e.type == "content_block_delta"]  # type: ignore[union-attr]
            final = await stream.get_final_message()

    assert deltas == ["one", " two", " three"]
    assert text_of(final) == "one two three"


def test_a_users_own_prompt_gets_a_tool_use_for_their_tool(emulator: Emulator) -> None:
    emulator.replies.push(
        Reply.tool_use(
            "get_weather", {"city": "Paris"}, text="Let me look.", prompt="weather", tool="get_weather"
        )
    )

    message = ask(emulator.client(), "What's the weather in Paris?", tools=[WEATHER_TOOL])

    assert message.stop_reason == "tool_use"
    assert [b.type for b in message.content] == ["text", "tool_use"]
    call = message.content[1]
    assert (call.id, call.name, call.input) == ("toolu_emu_1", "get_weather", {"city": "Paris"})  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_streamed_tool_use_arrives_as_input_json_deltas(emulator: Emulator) -> None:
    emulator.replies.push(
        Reply.tool_use("get_weather", {"city": "Paris", "unit": "celsius"}, id="toolu_mine")
    )

    async with emulator.async_client() as client:
        async with client.messages.stream(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "hi"}], tools=[WEATHER_TOOL]
        ) as stream:
            kinds = [e.delta.type async for e in stream if e.type == "content_block_delta"]  # type: ignore[union-attr]
            final = await stream.get_final_message()

    assert set(kinds) == {"input_json_delta"} and len(kinds) > 2
    assert final.content[0].input == {"city": "Paris", "unit": "celsius"}  # type: ignore[union-attr]
    assert final.content[0].id == "toolu_mine"  # type: ignore[union-attr]


def test_thinking_reply_comes_signed_before_its_text(emulator: Emulator) -> None:
    emulator.replies.push(Reply.thinking("Paris is in France.", "Paris."))

    with emulator.client().messages.stream(
        model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "capital?"}]
    ) as stream:
        final = stream.get_final_message()

    assert [b.type for b in final.content] == ["thinking", "text"]
    assert final.content[0].thinking == "Paris is in France."  # type: ignore[union-attr]
    assert final.content[0].signature  # type: ignore[union-attr]


def test_message_reply_sets_stop_reason_usage_and_passes_unknown_blocks_whole(emulator: Emulator) -> None:
    redacted = {"type": "redacted_thinking", "data": "opaque"}
    emulator.replies.push(
        Reply.message(
            [redacted, "cut short"],
            stop_reason="max_tokens",
            usage={"output_tokens": 99, "cache_read_input_tokens": 7},
        ),
        Reply.message([redacted, "cut short"], stop_reason="max_tokens", usage={"output_tokens": 99}),
    )
    client = emulator.client()

    plain = ask(client)
    with client.messages.stream(model=MODEL, max_tokens=9, messages=[{"role": "user", "content": "x"}]) as s:
        streamed = s.get_final_message()

    for message in (plain, streamed):
        assert [b.type for b in message.content] == ["redacted_thinking", "text"]
        assert message.content[0].data == "opaque"  # type: ignore[union-attr]
        assert (message.stop_reason, message.usage.output_tokens) == ("max_tokens", 99)
    assert plain.usage.cache_read_input_tokens == 7


def test_message_reply_headers_reach_the_response(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("ok", headers={"anthropic-ratelimit-requests-remaining": "0"}))

    raw = emulator.client().messages.with_raw_response.create(
        model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )

    assert raw.headers["anthropic-ratelimit-requests-remaining"] == "0"


def test_raw_reply_sends_status_headers_and_body_as_given(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.raw(418, "<html>teapot</html>", headers={"x-proxy": "edge"}))

    response = client.post("/v1/messages", json=message_body())

    assert (response.status_code, response.text) == (418, "<html>teapot</html>")
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-proxy"] == "edge"


def test_raw_reply_targets_any_path_and_method(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.raw(200, {"data": [], "has_more": False}, path="/v1/models", method="get"))

    assert client.post("/v1/messages", json=message_body()).json()["content"][0]["text"].startswith("Echo")
    assert client.get("/v1/models").json() == {"data": [], "has_more": False}


def test_events_reply_streams_the_listed_events_verbatim(emulator: Emulator, client: httpx.Client) -> None:
    events = [{"type": "ping"}, ": a comment\n\n", b"event: future\ndata: {}\n\n"]
    emulator.replies.push(Reply.events(events, headers={"x-extra": "1"}))

    with client.stream("POST", "/v1/messages", json=message_body(stream=True)) as response:
        body = response.read().decode()

    assert body == 'event: ping\ndata: {"type":"ping"}\n\n: a comment\n\nevent: future\ndata: {}\n\n'
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["x-extra"] == "1"


def test_a_bad_event_list_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(TypeError, match="'type'"):
        Reply.events([{"no": "type"}])
    with pytest.raises(TypeError, match="list of events"):
        Reply.events("event: x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="times"):
        Reply.text("x", times=0)
    with pytest.raises(ValueError, match="nth"):
        Reply.text("x", nth=0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'modle'"):
        Reply.text("x", modle="claude-opus-4-1")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Reply.text(123), "text must be a str, got 123"),
        (lambda: Reply.text(None), "text must be a str, got None"),
        (lambda: Reply.tool_use(7, {}), "name must be a str"),
        (lambda: Reply.tool_use("f", {}, text=b"hi"), "text must be a str or None"),
        (lambda: Reply.tool_use("f", {}, id=5), "'id' must be a str or None"),
        (lambda: Reply.thinking(1.5, "ok"), "thinking must be a str"),
        (lambda: Reply.thinking("hm", ["ok"]), "text must be a str"),
        (lambda: Reply.thinking("hm", "ok", signature=b"sig"), "'signature' must be a str or None"),
        (lambda: Reply.message([{"type": "text", "text": 1}]), "a text block's 'text' must be a str"),
        (lambda: Reply.message([{"type": "tool_use", "name": "f", "input": []}]), "input is a dict"),
        (lambda: Reply.text("x", stop_reason=1), "stop_reason must be a str or None"),
        (lambda: Reply.text("x", stop_sequence=b"END"), "stop_sequence must be a str or None"),
        (lambda: Reply.raw("200"), "status must be an int"),
    ],
)
def test_a_reply_of_the_wrong_types_is_a_type_error_when_built(build: Any, message: str) -> None:
    with pytest.raises(TypeError, match=re.escape(message)):
        build()


# -- which requests a reply answers ---------------------------------------------------------------


def test_nothing_matching_means_the_echo(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("for opus only", model="claude-opus-*"))
    client = emulator.client()

    assert text_of(ask(client, "hi")) == "Echo: hi"
    assert text_of(ask(client, "hi", model="claude-opus-4-1")) == "for opus only"


def test_stream_targeting_answers_only_the_matching_kind_of_request(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("streamed", stream=True))
    client = emulator.client()

    assert text_of(ask(client)) == "Echo: hello"
    with client.messages.stream(model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "x"}]) as s:
        assert s.get_final_text() == "streamed"


def test_nth_skips_the_first_matching_requests(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("second", nth=2))
    client = emulator.client()

    assert [text_of(ask(client, "a")), text_of(ask(client, "b"))] == ["Echo: a", "second"]


def test_times_answers_n_requests_then_the_echo_returns(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("again", times=2))
    client = emulator.client()

    assert [text_of(ask(client)) for _ in range(3)] == ["again", "again", "Echo: hello"]


def test_times_none_answers_every_matching_request(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("always", times=None))
    client = emulator.client()

    assert {text_of(ask(client)) for _ in range(4)} == {"always"}
    assert emulator.replies.pending[0][1] is None


def test_replies_answer_in_push_order_across_kinds(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.text("first"), Reply.raw(503, {"later": True}))

    statuses = [client.post("/v1/messages", json=message_body()).status_code for _ in range(2)]

    assert statuses == [200, 503]


def test_a_message_reply_waits_for_a_request_that_creates_a_message(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("for the message"))
    client = emulator.client()

    assert (
        client.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "a b"}]).input_tokens
        == 2
    )
    assert text_of(ask(client)) == "for the message"


def test_a_predicate_picks_the_second_turn_of_a_tool_runner(emulator: Emulator) -> None:
    @beta_tool
    def get_weather(city: str) -> str:
        """The weather in a city.

        Args:
            city: The city's name.
        """
        return f"18 degrees in {city}"

    def has_tool_result(req: object) -> bool:
        last = req.messages[-1]["content"]  # type: ignore[attr-defined]
        return isinstance(last, list) and any(b.get("type") == "tool_result" for b in last)

    emulator.replies.push(
        Reply.tool_use("get_weather", {"city": "Oslo"}),
        Reply.text("It is 18 degrees in Oslo.", when=has_tool_result),
    )

    runner = emulator.client().beta.messages.tool_runner(
        model=MODEL,
        max_tokens=100,
        tools=[get_weather],
        messages=[{"role": "user", "content": "Oslo weather?"}],
    )
    turns = list(runner)

    assert [t.stop_reason for t in turns] == ["tool_use", "end_turn"]
    assert turns[-1].content[0].text == "It is 18 degrees in Oslo."  # type: ignore[union-attr]
    assert emulator.requests.last.messages[-1]["content"][0]["content"] == "18 degrees in Oslo"


def test_a_scripted_request_is_still_validated(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.text("never said"))

    response = client.post("/v1/messages", json={"model": MODEL, "messages": []})

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def test_a_message_reply_answers_bedrock_in_its_own_framing(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("from bedrock", model="anthropic.claude*"))
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 10,
        "messages": [{"role": "user", "content": "x"}],
    }

    response = httpx.post(
        f"{emulator.base_url}/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke", json=body
    )

    assert response.json()["content"] == [{"type": "text", "text": "from bedrock", "citations": None}]
    assert response.json()["model"] == "anthropic.claude-3-5-sonnet-20241022-v2:0"


def test_outcome_records_what_answered_each_request(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.text("scripted"))

    client.post("/v1/messages", json=message_body())
    client.post("/v1/messages", json=message_body())
    client.get("/v1/models")

    assert [r.outcome.answered_by for r in emulator.requests] == [
        "Reply.text('scripted')",
        "echo",
        "emulator",
    ]
    assert [r.outcome.status for r in emulator.requests] == [200, 200, 200]


def test_scripted_stream_events_follow_the_api_order(emulator: Emulator, client: httpx.Client) -> None:
    emulator.replies.push(Reply.text("a b"))

    with client.stream("POST", "/v1/messages", json=message_body(stream=True), headers=VERSION) as response:
        names = [name for name, _ in sse_events(response.read().decode())]
    last = json.loads(sse_events(response.read().decode())[-2][1])

    assert names == [
        "message_start",
        "ping",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert last["delta"]["stop_reason"] == "end_turn"


# -- a reply the client got none of is given back -------------------------------------------------

ASK: Any = {"model": MODEL, "max_tokens": 100, "messages": [{"role": "user", "content": "hi"}]}


def test_a_reply_whose_stream_dropped_before_any_event_answers_the_retry(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted answer"))
    emulator.faults.push(Fault.drop_after(0))  # the client retries a stream that broke before its first event

    with emulator.client().messages.stream(**ASK) as stream:
        text = stream.get_final_text()

    assert text == "scripted answer"
    assert [r.outcome.answered_by for r in emulator.requests] == ["Reply.text('scripted answer')"] * 2


@pytest.mark.anyio
async def test_a_reply_cut_before_its_content_answers_the_async_clients_restart(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted answer"), Reply.text("the next answer"))
    emulator.faults.push(Fault.drop_after(1))  # message_start only: restarted, under resume_streams

    async with emulator.async_client(resume_streams=True) as client:
        async with client.messages.stream(**ASK) as stream:
            first = await stream.get_final_text()
        second = await client.messages.create(**ASK)

    assert (first, text_of(second)) == ("scripted answer", "the next answer")
    assert [r.prefill for r in emulator.requests] == [None, None, None]  # a restart, not a continuation


def test_a_completion_dropped_before_its_content_is_retried_with_the_reply(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text(" Hi!"))
    emulator.faults.push(Fault.drop_after(1))  # the ping only

    stream = emulator.client().completions.create(
        model=MODEL, prompt="\n\nHuman: hi\n\nAssistant:", max_tokens_to_sample=16, stream=True
    )

    assert [event.completion for event in stream] == [" Hi!", ""]


def test_a_dropped_response_gives_its_reply_back(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted answer"))
    emulator.faults.push(Fault.drop_response())

    assert text_of(emulator.client().messages.create(**ASK)) == "scripted answer"
    assert len(emulator.requests) == 2


def test_a_reply_given_back_and_never_asked_again_counts_as_used(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted answer"))
    emulator.faults.push(Fault.drop_after(0))

    with pytest.raises(unbroken.APIConnectionError):
        with emulator.client(max_retries=0).messages.stream(**ASK) as stream:
            stream.get_final_text()

    assert [(reply.describe(), left) for reply, left in emulator.replies.pending] == [
        ("Reply.text('scripted answer')", 1)
    ]
    emulator.assert_all_used()  # what the teardown checks: the test did ask for the reply


def test_a_reply_the_client_got_content_of_is_used_up(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("scripted answer"))
    emulator.faults.push(Fault.drop_after(4))  # message_start, ping, block start, "scripted"

    with pytest.raises(unbroken.APIConnectionError) as caught:
        with emulator.client().messages.stream(**ASK) as stream:
            stream.get_final_text()

    assert caught.value.partial_message.content[0].text == "scripted"  # type: ignore[union-attr]
    assert emulator.replies.pending == []
    assert text_of(ask(emulator.client(), "hi")) == "Echo: hi"


def test_a_reply_given_back_after_a_reset_stays_forgotten() -> None:
    """A request still being answered when the test ended must not put its reply in the next test's plan."""
    plan = ReplyPlan()
    reply = Reply.text("scripted answer")
    plan.push(reply)
    request = RecordedRequest("POST", "/v1/messages", {}, {}, b"", ASK)
    assert plan.take_for(request, creates_message=True) is reply

    plan.clear()
    plan.give_back(reply)

    assert plan.pending == []
