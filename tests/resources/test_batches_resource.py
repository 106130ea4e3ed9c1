"""`client.messages.batches` and `client.beta.messages.batches`: request shapes, lifecycle, JSONL results."""

from __future__ import annotations

import json

import httpx
import httpx2
import pytest
from resource_helpers import batch_json, batch_request

import unbroken
from helpers import Recorder
from helpers import async_client as mock_async_client
from helpers import client as mock_client
from unbroken._decoders import AsyncJSONLDecoder, JSONLDecoder
from unbroken.testing import Emulator, Fault
from unbroken.types.beta.messages import BetaMessageBatch, BetaMessageBatchIndividualResponse
from unbroken.types.messages import MessageBatch, MessageBatchIndividualResponse

RESULTS_URL = "http://api.test/v1/messages/batches/msgbatch_1/results"


def result_line(custom_id: str) -> bytes:
    return json.dumps({"custom_id": custom_id, "result": {"type": "canceled"}}).encode() + b"\n"


def answer_by_method(request: httpx.Request) -> httpx.Response:
    if request.method == "DELETE":
        return httpx.Response(200, json={"id": "msgbatch_1", "type": "message_batch_deleted"})
    return httpx.Response(200, json=batch_json())


def ended_batch(client: unbroken.Anthropic, count: int = 3) -> MessageBatch:
    batch = client.messages.batches.create(requests=[batch_request(f"r{i}") for i in range(count)])
    return client.messages.batches.retrieve(batch.id)  # the emulator ends a batch on its first retrieve


def test_create_posts_the_requests_exactly_as_given() -> None:
    recorder = Recorder(httpx.Response(200, json=batch_json()))
    params = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 10,
        "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
        "system": "be brief",
        "tools": [{"name": "t", "input_schema": {"type": "object"}}],
    }
    batch = mock_client(recorder).messages.batches.create(
        requests=iter([{"custom_id": "a", "params": params}])  # type: ignore[typeddict-item]
    )
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/messages/batches")
    assert recorder.body() == {"requests": [{"custom_id": "a", "params": params}]}
    assert isinstance(batch, MessageBatch)


def test_each_method_hits_its_path() -> None:
    recorder = Recorder(answer_by_method)
    batches = mock_client(recorder).messages.batches
    batches.retrieve("msgbatch_1")
    batches.cancel("msgbatch_1")
    deleted = batches.delete("msgbatch_1")
    seen = [(r.method, r.url.path) for r in recorder.requests]
    assert seen == [
        ("GET", "/v1/messages/batches/msgbatch_1"),
        ("POST", "/v1/messages/batches/msgbatch_1/cancel"),
        ("DELETE", "/v1/messages/batches/msgbatch_1"),
    ]
    assert deleted.type == "message_batch_deleted"


@pytest.mark.parametrize("method", ["retrieve", "cancel", "delete", "results"])
def test_empty_batch_id_is_a_value_error(method: str) -> None:
    recorder = Recorder()
    with pytest.raises(ValueError, match="Expected a non-empty value for `message_batch_id` but received ''"):
        getattr(mock_client(recorder).messages.batches, method)("")
    assert recorder.requests == []


def test_results_without_results_url_is_an_anthropic_error() -> None:
    recorder = Recorder(httpx.Response(200, json=batch_json()))
    with pytest.raises(unbroken.AnthropicError, match=r"No `results_url`.*in_progress"):
        mock_client(recorder).messages.batches.results("msgbatch_1")
    assert len(recorder.requests) == 1


def test_results_get_the_results_url_as_binary() -> None:
    recorder = Recorder(
        httpx.Response(200, json=batch_json(results_url=RESULTS_URL)),
        httpx.Response(200, content=result_line("a") + result_line("b")),
    )
    decoder = mock_client(recorder).messages.batches.results("msgbatch_1")
    assert isinstance(decoder, JSONLDecoder)
    assert [r.custom_id for r in decoder] == ["a", "b"]
    request = recorder.requests[1]
    assert str(request.url) == RESULTS_URL
    assert request.headers["accept"] == "application/binary"


def test_results_are_typed(client: unbroken.Anthropic) -> None:
    batch = ended_batch(client, 2)
    results = list(client.messages.batches.results(batch.id))
    assert all(isinstance(r, MessageBatchIndividualResponse) for r in results)
    assert [r.result.type for r in results] == ["succeeded", "succeeded"]
    assert results[0]._request_id is not None


def test_results_yielded_before_a_drop_are_kept_and_the_drop_is_a_connection_error(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    batch = ended_batch(client, 4)
    emulator.faults.push(Fault.drop_after(2, path="*/results"))
    received = []
    with pytest.raises(unbroken.APIConnectionError) as info:
        for result in client.messages.batches.results(batch.id):
            received.append(result.custom_id)
    assert received == ["r0", "r1"]
    assert isinstance(info.value.__cause__, httpx2.HTTPError)  # the default stack


def test_a_drop_before_the_first_result_is_retried(client: unbroken.Anthropic, emulator: Emulator) -> None:
    batch = ended_batch(client, 2)
    emulator.faults.push(Fault.drop_after(0, path="*/results"))
    assert [r.custom_id for r in client.messages.batches.results(batch.id)] == ["r0", "r1"]
    assert [r.path for r in emulator.requests].count(f"/v1/messages/batches/{batch.id}/results") == 2


def test_a_broken_line_is_a_validation_error_after_the_good_ones(
    client: unbroken.Anthropic, emulator: Emulator
) -> None:
    batch = ended_batch(client, 3)
    emulator.faults.push(Fault.malformed_line(1, path="*/results"))
    received = []
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        for result in client.messages.batches.results(batch.id):
            received.append(result.custom_id)
    assert received == ["r0"]
    assert info.value.body == "this is not JSON {"
    assert "line 2" in str(info.value)


def test_a_broken_line_arriving_with_good_ones_in_one_chunk_comes_after_them() -> None:
    recorder = Recorder(
        httpx.Response(200, json=batch_json(results_url=RESULTS_URL)),
        httpx.Response(200, content=result_line("a") + result_line("b") + b"{broken\n" + result_line("c")),
    )
    received = []
    with pytest.raises(unbroken.APIResponseValidationError) as info:
        for result in mock_client(recorder).messages.batches.results("msgbatch_1"):
            received.append(result.custom_id)
    assert received == ["a", "b"]
    assert info.value.body == "{broken"


def test_a_line_of_the_wrong_shape_is_a_validation_error() -> None:
    recorder = Recorder(
        httpx.Response(200, json=batch_json(results_url=RESULTS_URL)),
        httpx.Response(200, content=result_line("a") + b'{"custom_id": 5}\n'),
    )
    decoder = mock_client(recorder).messages.batches.results("msgbatch_1")
    assert next(decoder).custom_id == "a"
    with pytest.raises(unbroken.APIResponseValidationError):
        next(decoder)


def test_batch_lifecycle_cancel_list_delete(client: unbroken.Anthropic) -> None:
    first = client.messages.batches.create(requests=[batch_request("a")])
    second = client.messages.batches.create(requests=[batch_request("b")])
    assert client.messages.batches.cancel(second.id).processing_status == "canceling"
    assert [b.id for b in client.messages.batches.list(limit=1)] == [second.id, first.id]
    assert client.messages.batches.retrieve(second.id).request_counts.canceled == 1
    assert client.messages.batches.delete(second.id).id == second.id
    with pytest.raises(unbroken.NotFoundError):
        client.messages.batches.retrieve(second.id)


def test_streaming_view_of_results_parses_to_the_decoder() -> None:
    recorder = Recorder(
        httpx.Response(200, json=batch_json(results_url=RESULTS_URL)),
        httpx.Response(200, content=result_line("a")),
    )
    with mock_client(recorder).messages.batches.with_streaming_response.results("msgbatch_1") as response:
        assert [r.custom_id for r in response.parse()] == ["a"]


@pytest.mark.anyio
async def test_async_results_keep_what_arrived_before_a_drop(
    aclient: unbroken.AsyncAnthropic, emulator: Emulator
) -> None:
    batch = await aclient.messages.batches.create(requests=[batch_request(f"r{i}") for i in range(3)])
    await aclient.messages.batches.retrieve(batch.id)
    emulator.faults.push(Fault.drop_after(1, path="*/results"))
    decoder = await aclient.messages.batches.results(batch.id)
    assert isinstance(decoder, AsyncJSONLDecoder)
    received = []
    with pytest.raises(unbroken.APIConnectionError) as info:
        async for result in decoder:
            received.append(result.custom_id)
    assert received == ["r0"]
    assert isinstance(info.value.__cause__, httpx2.HTTPError)  # the default stack


@pytest.mark.anyio
async def test_async_list_iterates_every_batch(aclient: unbroken.AsyncAnthropic) -> None:
    created = [await aclient.messages.batches.create(requests=[batch_request(f"x{i}")]) for i in range(3)]
    listed = [b.id async for b in aclient.messages.batches.list(limit=2)]
    assert listed == [b.id for b in reversed(created)]


def test_beta_batches_send_the_beta_and_the_beta_query() -> None:
    recorder = Recorder(answer_by_method)
    batches = mock_client(recorder).beta.messages.batches
    assert isinstance(batches.create(requests=[batch_request("a")], betas=["x"]), BetaMessageBatch)  # type: ignore[list-item]
    batches.retrieve("msgbatch_1")
    batches.cancel("msgbatch_1", betas=["x"])
    batches.delete("msgbatch_1")
    for request in recorder.requests:
        assert request.url.params["beta"] == "true"
    betas = [r.headers["anthropic-beta"] for r in recorder.requests]
    assert betas == [
        "x,message-batches-2024-09-24",
        "message-batches-2024-09-24",
        "x,message-batches-2024-09-24",
        "message-batches-2024-09-24",
    ]


def test_beta_results_are_beta_typed_and_carry_the_beta() -> None:
    recorder = Recorder(
        httpx.Response(200, json=batch_json(results_url=RESULTS_URL)),
        httpx.Response(200, content=result_line("a")),
    )
    results = list(mock_client(recorder).beta.messages.batches.results("msgbatch_1", betas=["x"]))
    assert isinstance(results[0], BetaMessageBatchIndividualResponse)
    assert recorder.requests[0].url.params["beta"] == "true"
    assert [r.headers["anthropic-beta"] for r in recorder.requests] == ["x,message-batches-2024-09-24"] * 2


def test_beta_list_keeps_beta_true_on_the_next_page() -> None:
    recorder = Recorder(
        httpx.Response(200, json={"data": [batch_json("b1")], "has_more": True, "last_id": "b1"}),
        httpx.Response(200, json={"data": [batch_json("b2")], "has_more": False, "last_id": "b2"}),
    )
    ids = [b.id for b in mock_client(recorder).beta.messages.batches.list(limit=1)]
    assert ids == ["b1", "b2"]
    assert dict(recorder.requests[1].url.params) == {"beta": "true", "limit": "1", "after_id": "b1"}


@pytest.mark.anyio
async def test_async_beta_empty_id_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="`message_batch_id`"):
        await mock_async_client(Recorder()).beta.messages.batches.results("")
