"""The legacy Text Completions endpoint (``POST /v1/complete``): the echo, scripted replies, validation and
faults, through the client over real sockets."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from emu_helpers import sse_events

import unbroken
from unbroken.testing import Emulator, Fault, Reply
from unbroken.types import Completion

MODEL = "claude-sonnet-4-5"
PROMPT = f"{unbroken.HUMAN_PROMPT} hello there{unbroken.AI_PROMPT}"


def complete(
    client: unbroken.Anthropic, prompt: str = PROMPT, max_tokens_to_sample: int = 64, **params: Any
) -> Completion:
    completion: Completion = client.completions.create(
        model=MODEL, prompt=prompt, max_tokens_to_sample=max_tokens_to_sample, **params
    )
    return completion


def test_a_completion_echoes_the_last_human_turn(emulator: Emulator) -> None:
    completion = complete(emulator.client())

    assert isinstance(completion, Completion)
    assert completion.completion == " Echo: hello there"
    assert (completion.id, completion.model, completion.stop_reason) == (
        "compl_emu_1",
        MODEL,
        "stop_sequence",
    )
    sent = emulator.requests.last
    assert (sent.method, sent.path, sent.user_text) == ("POST", "/v1/complete", "hello there")
    assert sent.outcome.answered_by == "echo"


def test_max_tokens_to_sample_and_stop_sequences_cut_the_echo(emulator: Emulator) -> None:
    client = emulator.client()

    cut = complete(client, max_tokens_to_sample=2)
    stopped = complete(client, stop_sequences=["there"])

    assert (cut.completion, cut.stop_reason) == (" Echo: hello", "max_tokens")
    assert (stopped.completion, stopped.stop_reason) == (" Echo: hello ", "stop_sequence")


def test_the_stream_is_the_apis_completion_events(emulator: Emulator) -> None:
    body = {"model": MODEL, "prompt": PROMPT, "max_tokens_to_sample": 64, "stream": True}
    response = httpx.post(
        f"{emulator.base_url}/v1/complete", json=body, headers={"anthropic-version": "2023-06-01"}
    )

    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    assert [name for name, _ in events] == ["ping", "completion", "completion", "completion", "completion"]
    data = [json.loads(raw) for name, raw in events if name == "completion"]
    assert [(d["completion"], d["stop_reason"]) for d in data] == [
        (" Echo:", None),
        (" hello", None),
        (" there", None),
        ("", "stop_sequence"),
    ]
    assert all((d["type"], d["id"], d["model"]) == ("completion", "compl_emu_1", MODEL) for d in data)


def test_the_sync_client_streams_a_completion(emulator: Emulator) -> None:
    stream = emulator.client().completions.create(
        model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
    )

    events = list(stream)

    assert [e.completion for e in events] == [" Echo:", " hello", " there", ""]
    assert [e.stop_reason for e in events] == [None, None, None, "stop_sequence"]


@pytest.mark.anyio
async def test_the_async_client_gets_and_streams_completions(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("Sure thing.", prompt="hello"))

    async with emulator.async_client() as client:
        scripted = await client.completions.create(model=MODEL, prompt=PROMPT, max_tokens_to_sample=64)
        stream = await client.completions.create(
            model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
        )
        texts = [event.completion async for event in stream]

    assert (scripted.completion, scripted.stop_reason) == ("Sure thing.", "stop_sequence")
    assert texts == [" Echo:", " hello", " there", ""]


def test_a_scripted_reply_completes_with_its_text_and_its_stop_reason(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text(" one two", stop_reason="max_tokens"))

    stream = emulator.client().completions.create(
        model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
    )

    assert [(e.completion, e.stop_reason) for e in stream] == [
        (" one", None),
        (" two", None),
        ("", "max_tokens"),
    ]
    assert emulator.requests.last.outcome.answered_by == "Reply.text(' one two')"


# -- validation -----------------------------------------------------------------------------------


def body(**overrides: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"model": MODEL, "prompt": PROMPT, "max_tokens_to_sample": 64}
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (body(prompt=None), "prompt: Field required"),
        (body(model=None), "model: Field required"),
        (body(max_tokens_to_sample=None), "max_tokens_to_sample: Field required"),
        (body(max_tokens_to_sample="64"), "max_tokens_to_sample: Input should be a valid integer"),
        (body(max_tokens_to_sample=0), "max_tokens_to_sample: Input should be greater than or equal to 1"),
        (body(prompt=["hi"]), "prompt: Input should be a valid string"),
        (body(prompt=""), "prompt: String should have at least 1 character"),
        (body(prompt="Hello, world"), 'prompt must start with "\n\nHuman:" turn'),
        (body(prompt="Hello\n\nAssistant:"), 'prompt must start with "\n\nHuman:" turn'),
        (body(prompt="\n\nHuman: Hello"), 'prompt must end with "\n\nAssistant:" turn'),
        (
            body(prompt="\n\nHuman: Hi\n\nAssistant: Yo\n\nHuman: Again"),
            'prompt must end with "\n\nAssistant:" turn',
        ),
        (body(prompt="\n\nHuman: Hello \nAssistant:"), 'prompt must end with "\n\nAssistant:" turn'),
        (body(messages=[]), "messages: Extra inputs are not permitted"),
        (body(stream="yes"), "stream: Input should be a valid boolean"),
        (body(stop_sequences="END"), "stop_sequences: Input should be a valid list"),
        (body(temperature=2), "temperature: Input should be less than or equal to 1"),
        (body(top_p=-1), "top_p: Input should be greater than or equal to 0"),
        (body(top_k=-1), "top_k: Input should be a valid integer, greater than or equal to 0"),
        (body(metadata="me"), "metadata: Input should be a valid dictionary"),
    ],
)
def test_a_bad_request_is_the_apis_invalid_request_error(
    client: httpx.Client, params: dict[str, Any], message: str
) -> None:
    response = client.post("/v1/complete", json=params)

    assert response.status_code == 400
    assert response.json()["error"] == {"type": "invalid_request_error", "message": message}


@pytest.mark.parametrize(
    "prompt", ["Human: Hi\n\nAssistant:", "\n\nHuman: Hi\n\nAssistant: ", "\n\nHuman: Hi\n\nAssistant: Sure,"]
)
def test_prompts_the_api_sanitizes_or_continues_are_accepted(client: httpx.Client, prompt: str) -> None:
    response = client.post("/v1/complete", json=body(prompt=prompt))

    assert response.status_code == 200
    assert response.json()["completion"].startswith(" Echo: Hi")


def test_an_unknown_model_and_another_method_are_refused(client: httpx.Client) -> None:
    assert client.post("/v1/complete", json=body(model="gpt-4")).status_code == 404
    assert client.get("/v1/complete").status_code == 405


def test_the_client_raises_bad_request_for_a_prompt_without_turns(emulator: Emulator) -> None:
    with pytest.raises(unbroken.BadRequestError) as caught:
        complete(emulator.client(), prompt="Hello, world")

    assert caught.value.status_code == 400
    assert "Human:" in caught.value.message


# -- faults ---------------------------------------------------------------------------------------


def test_a_status_fault_on_completions_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.status(529, path="/v1/complete", times=2))

    completion = complete(emulator.client())

    assert completion.completion == " Echo: hello there"
    assert [r.outcome.status for r in emulator.requests] == [529, 529, 200]


def test_a_drop_mid_stream_is_a_connection_error_after_what_arrived(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(2))  # the ping and " Echo:"
    stream = emulator.client().completions.create(
        model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
    )

    received = []
    with pytest.raises(unbroken.APIConnectionError):
        for event in stream:
            received.append(event.completion)

    assert received == [" Echo:"]
    assert len(emulator.requests) == 1


@pytest.mark.anyio
async def test_an_async_stream_gets_the_in_stream_error_as_its_typed_error(emulator: Emulator) -> None:
    emulator.faults.push(Fault.error_event(after=3))
    async with emulator.async_client() as client:
        stream = await client.completions.create(
            model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
        )
        received = []
        with pytest.raises(unbroken.OverloadedError):
            async for event in stream:
                received.append(event.completion)

    assert received == [" Echo:", " hello"]


def test_a_completion_stream_dropped_before_any_event_is_retried(emulator: Emulator) -> None:
    emulator.faults.push(Fault.drop_after(0))

    stream = emulator.client().completions.create(
        model=MODEL, prompt=PROMPT, max_tokens_to_sample=64, stream=True
    )

    assert "".join(e.completion for e in stream) == " Echo: hello there"
    assert [r.outcome.faults for r in emulator.requests] == [["Fault.drop_after(0)"], []]
