"""Expectations: unused faults and replies fail the test; the request log's helpers; ready clients."""

from __future__ import annotations

import httpx
import pytest
from emu_helpers import VERSION, message_body, run_pytest

import unbroken
from unbroken.testing import Emulator, Fault, FaultPlan, RecordedRequest, Reply, RequestLog

MODEL = "claude-sonnet-4-5"


def request(path: str = "/v1/messages", **body: object) -> RecordedRequest:
    payload = message_body(**body)
    return RecordedRequest("POST", path, {}, {}, b"", payload)


# -- the plan's bookkeeping (no sockets) ----------------------------------------------------------


def test_unused_lists_items_not_used_as_often_as_meant() -> None:
    plan = FaultPlan()
    plan.push(Fault.status(529, times=2), Fault.status(500, optional=True), Fault.drop_after(1, times=None))

    assert plan.take_request_fault(request()) == Fault.status(529, times=2)

    assert plan.unused() == [
        "Fault.status(529, times=2): used 1 of 2",
        "Fault.drop_after(1, times=None): used 0 of at least 1",
    ]


def test_an_unlimited_item_is_satisfied_by_one_use_and_stays_queued() -> None:
    plan = FaultPlan()
    plan.push(Fault.drop_after(1, times=None))

    plan.take_body_fault(request(), events=True)
    plan.take_body_fault(request(), events=True)

    assert plan.unused() == []
    assert plan.pending == [(Fault.drop_after(1, times=None), None)]


def test_assert_all_used_names_each_unused_item(emulator: Emulator) -> None:
    emulator.replies.push(Reply.text("It is sunny", model="claude-opus-*"))
    emulator.faults.push(Fault.status(529))

    with pytest.raises(AssertionError) as caught:
        emulator.assert_all_used()

    assert str(caught.value) == (
        "the emulator was left with 2 unused item(s):\n"
        "  Fault.status(529): used 0 of 1\n"
        "  Reply.text('It is sunny', model='claude-opus-*'): used 0 of 1\n"
        "(pass optional=True to an item that may go unused)"
    )
    emulator.reset()


def test_leaving_the_with_block_fails_on_unused_items() -> None:
    with pytest.raises(AssertionError, match=r"Reply.text\('never asked for'\): used 0 of 1"):
        with Emulator() as emu:
            emu.replies.push(Reply.text("never asked for"))


def test_leaving_the_with_block_on_an_error_keeps_that_error() -> None:
    with pytest.raises(KeyError):
        with Emulator() as emu:
            emu.replies.push(Reply.text("never asked for"))
            raise KeyError("the test's own failure")


def test_the_with_block_check_can_be_switched_off() -> None:
    with Emulator(assert_all_used=False) as emu:
        emu.faults.push(Fault.status(529))


FIXTURE_TESTS = """
import pytest
import unbroken
from unbroken.testing import Fault, Reply


def test_leaves_a_reply_unused(emulator):
    emulator.replies.push(Reply.text("It is sunny in Paris."))
    emulator.faults.push(Fault.status(529, optional=True))


def test_fails_on_its_own(emulator):
    emulator.replies.push(Reply.text("unused too"))
    assert 1 == 2


@pytest.mark.emulator(assert_all_used=False)
def test_opts_out(emulator):
    emulator.faults.push(Fault.status(529))


def test_uses_everything(emulator):
    emulator.replies.push(Reply.text("hi"))
    client = emulator.client()
    message = client.messages.create(
        model="claude-sonnet-4-5", max_tokens=5, messages=[{"role": "user", "content": "x"}]
    )
    assert message.content[0].text == "hi"


@pytest.mark.emulator(casette=True)
def test_typo(emulator):
    pass
"""


def test_the_fixture_errors_at_teardown_of_a_passing_test_only(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_inner=FIXTURE_TESTS)

    result = run_pytest(pytester)

    result.assert_outcomes(passed=3, failed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_leaves_a_reply_unused*",
            "the emulator was left with 1 unused item(s):",
            "  Reply.text('It is sunny in Paris.'): used 0 of 1",
            "(pass optional=True to an item that may go unused)",
            "(or mark the test @pytest.mark.emulator(assert_all_used=False))",
        ]
    )
    result.stdout.fnmatch_lines(["*ERROR at setup of test_typo*", "*unknown option(s) casette*"])
    assert "teardown of test_fails_on_its_own" not in result.stdout.str()


# -- the request log ------------------------------------------------------------------------------


def test_request_log_last_filter_bodies_and_headers(emulator: Emulator) -> None:
    client = emulator.client()
    client.messages.create(model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "first"}])
    client.models.list()
    client.messages.create(
        model="claude-opus-4-1", max_tokens=5, messages=[{"role": "user", "content": "second"}], stream=True
    ).close()

    log = emulator.requests

    assert isinstance(log, RequestLog) and len(log) == 3
    assert log.last.model == "claude-opus-4-1" and log.last.stream
    assert [r.user_text for r in log.filter(path="/v1/messages")] == ["first", "second"]
    assert len(log.filter(method="GET")) == 1
    assert log.filter(model="claude-opus-*").bodies[0]["max_tokens"] == 5
    assert log.filter(stream=False, path="/v1/messages")[0].header("X-API-Key") == "test"
    assert log.filter(when=lambda r: "first" in r.user_text)[0].json["messages"][0]["content"] == "first"


def test_last_of_an_empty_log_says_so(emulator: Emulator) -> None:
    with pytest.raises(AssertionError, match="no request"):
        _ = emulator.requests.last


def test_recorded_requests_read_platform_paths(emulator: Emulator) -> None:
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 5,
        "messages": [{"role": "user", "content": "x"}],
    }
    httpx.post(f"{emulator.base_url}/model/anthropic.claude-v2/invoke-with-response-stream", json=body).read()

    assert (emulator.requests.last.model, emulator.requests.last.stream) == ("anthropic.claude-v2", True)
    assert emulator.requests.last.to_json()["json"] == body


def test_tool_names_and_prefill_helpers() -> None:
    req = request(
        tools=[{"name": "a", "input_schema": {}}, {"name": "b", "input_schema": {}}],
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "q"}]},
            {"role": "assistant", "content": "A"},
        ],
    )

    assert req.tool_names == ["a", "b"]
    assert (req.user_text, req.prefill) == ("q", "A")
    assert request().prefill is None


# -- ready clients --------------------------------------------------------------------------------


def test_client_is_ready_and_closed_by_reset(emulator: Emulator) -> None:
    client = emulator.client(max_retries=0)

    assert str(client.base_url).rstrip("/") == emulator.base_url
    assert client.max_retries == 0
    emulator.reset()
    assert client._client.is_closed  # type: ignore[attr-defined]


def test_client_uses_the_emulators_key_when_it_requires_one() -> None:
    with Emulator(api_key="sekret") as emu:
        message = emu.client().messages.create(
            model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "hi"}]
        )
        assert emu.requests.last.header("x-api-key") == "sekret"
    assert message.type == "message"


@pytest.mark.anyio
async def test_async_client_is_ready(emulator: Emulator) -> None:
    async with emulator.async_client() as client:
        message = await client.messages.create(
            model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "async hi"}]
        )

    assert isinstance(client, unbroken.AsyncAnthropic)
    assert message.content[0].text == "Echo: async hi"  # type: ignore[union-attr]


def test_the_plain_http_client_fixture_still_sees_a_clean_emulator(emulator: Emulator) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=VERSION) as http:
        http.post("/v1/messages", json=message_body())

    assert emulator.requests.last.outcome.answered_by == "echo"
