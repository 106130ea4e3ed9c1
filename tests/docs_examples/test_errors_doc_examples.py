"""Every example of /work/shared/spec/errors.md, run on the emulator with ``import unbroken as anthropic``.

Each ``errors_md_*`` function holds one example of the document, re-indented (the document lost its
indentation) and otherwise verbatim: same statements, names, control flow and ``print`` calls. The only edits
are the import lines (``import anthropic`` -> ``import unbroken as anthropic``, ``from anthropic import`` ->
``from unbroken import``) and the few marked ``(test harness)`` below, each explained where it is made. The
tests make the emulator fail the way each example's ``except`` branch expects (``Fault``), run the example,
and assert what it printed or logged, what it slept, and how many requests reached the emulator.

The client's own retries (``max_retries=2``, so 3 attempts per call) happen before an example's ``except``
sees an error, which is why retryable faults are pushed ``times=3`` per failed example attempt. Nothing
sleeps: the ``emulator`` fixture makes the client's backoff instant and ``example_sleeps`` records the
examples' own ``time.sleep``/``asyncio.sleep`` calls.
"""

# The examples are kept verbatim, including their unused `message =` / `as e` bindings (F841), their
# placeholder-free f-strings (F541) and the graceful-degradation example's bare `raise e` (B904).
# ruff: noqa: F841, F541, B904

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import unbroken
from unbroken.testing import Emulator, Fault

ECHO = "Echo: Hello!"  # the emulator's deterministic reply to "Hello!"
MODEL = "claude-3-5-sonnet-20241022"
RATE_LIMITED = "Number of requests has exceeded your rate limit"  # the emulator's default 429 message
# How an APIConnectionError's message starts: the reference raises it with the default "Connection error.";
# this library appends the cause ("Connection error: Server disconnected without sending a response."), so
# only the common prefix is asserted.
CONNECTION_ERROR = "Connection error"


def error_body(error_type: str, message: str, request_id: str) -> dict[str, Any]:
    """The Anthropic-shaped error body the emulator serves for a status fault without ``body``."""
    return {"type": "error", "error": {"type": error_type, "message": message}, "request_id": request_id}


def lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


# ---------------------------------------------------------------------------------------------------------
# Base exceptions
# ---------------------------------------------------------------------------------------------------------


def errors_md_anthropic_error_usage() -> None:
    import unbroken as anthropic
    from unbroken import AnthropicError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except AnthropicError as e:
        # Catches all SDK exceptions
        print(f"An error occurred: {e}")


@pytest.mark.parametrize(
    ("faults", "printed", "requests"),
    [
        pytest.param([], "", 1, id="success-prints-nothing"),
        pytest.param([Fault.status(529, times=3)], "An error occurred: Overloaded\n", 3, id="status-error"),
        pytest.param(
            [Fault.close_before_response(times=3)],
            f"An error occurred: {CONNECTION_ERROR}",
            3,
            id="connection-error",
        ),
        pytest.param(
            [Fault.status(200, body={"type": "message"})],
            "An error occurred: Response does not match the expected schema:",
            1,
            id="response-validation-error",
        ),
    ],
)
def test_anthropic_error_catches_every_sdk_exception(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], faults: list[Fault], printed: str, requests: int
) -> None:
    emulator.faults.push(*faults)
    errors_md_anthropic_error_usage()
    out = capsys.readouterr().out
    assert out.startswith(printed) if printed else out == ""
    assert len(emulator.requests) == requests


def errors_md_api_error_usage() -> None:
    import unbroken as anthropic
    from unbroken import APIError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except APIError as e:
        print(f"API Error: {e.message}")
        print(f"Request URL: {e.request.url}")
        if e.body:
            print(f"Response body: {e.body}")


def test_api_error_prints_message_url_and_body(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.faults.push(Fault.status(400))
    errors_md_api_error_usage()
    assert lines(capsys) == [
        "API Error: Invalid request",
        f"Request URL: {emulator.base_url}/v1/messages",
        f"Response body: {error_body('invalid_request_error', 'Invalid request', 'req_emu_1')}",
    ]
    assert len(emulator.requests) == 1  # a 400 is not retried


def test_api_error_without_response_has_no_body(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.faults.push(Fault.close_before_response(times=3))
    errors_md_api_error_usage()
    # `body` is None when there was no response, so the example's `if e.body:` line is not printed.
    out = lines(capsys)
    assert out[0].startswith(f"API Error: {CONNECTION_ERROR}")
    assert out[1:] == [f"Request URL: {emulator.base_url}/v1/messages"]
    assert len(emulator.requests) == 3


# ---------------------------------------------------------------------------------------------------------
# HTTP status errors
# ---------------------------------------------------------------------------------------------------------


def errors_md_api_status_error_usage() -> None:
    import unbroken as anthropic
    from unbroken import APIStatusError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except APIStatusError as e:
        print(f"HTTP {e.status_code}: {e.message}")
        print(f"Request ID: {e.request_id}")
        print(f"Response headers: {dict(e.response.headers)}")


@pytest.mark.parametrize(
    ("status", "times", "message"),
    [
        pytest.param(429, 3, RATE_LIMITED, id="429-after-client-retries"),
        pytest.param(
            403, 1, "Your API key does not have permission to use the specified resource.", id="403"
        ),
    ],
)
def test_api_status_error_prints_status_request_id_and_headers(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], status: int, times: int, message: str
) -> None:
    emulator.faults.push(Fault.status(status, times=times, headers={"x-emulated": "yes"}))
    errors_md_api_status_error_usage()
    out = lines(capsys)
    assert out[:2] == [f"HTTP {status}: {message}", f"Request ID: req_emu_{times}"]
    assert len(out) == 3
    assert out[2].startswith("Response headers: {")
    assert f"'request-id': 'req_emu_{times}'" in out[2]
    assert "'x-emulated': 'yes'" in out[2]
    assert len(emulator.requests) == times


def errors_md_bad_request_error() -> None:
    import unbroken as anthropic
    from unbroken import BadRequestError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Missing required 'messages' parameter
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
        )
    except BadRequestError as e:
        print(f"Bad Request: {e.message}")
        print(f"Request ID: {e.request_id}")
        # Fix the request based on error message
        if e.body:
            print(f"Details: {e.body}")


def test_bad_request_example_fails_before_sending(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # The document's example omits the required `messages` argument. The reference SDK rejects that call with
    # a TypeError from its required-argument check before any request is built, so the example's
    # `except BadRequestError` branch can never run there either; we assert that same behaviour honestly:
    # a TypeError naming the missing argument, nothing printed, nothing sent. (The comprehensive-handling
    # example below exercises a BadRequestError branch with a real 400.)
    with pytest.raises(TypeError, match="messages"):
        errors_md_bad_request_error()
    assert capsys.readouterr().out == ""
    assert emulator.requests == []


def errors_md_authentication_error() -> None:
    import unbroken as anthropic
    from unbroken import AuthenticationError

    try:
        client = anthropic.Anthropic(api_key="invalid-key")
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except AuthenticationError as e:
        print(f"Authentication failed: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("Please check your API key")
        # Prompt user to enter valid API key


def test_authentication_error_with_an_invalid_key(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.api_key = "sk-ant-the-real-key"  # the emulator now answers 401 to any other key
    errors_md_authentication_error()
    assert lines(capsys) == [
        "Authentication failed: invalid x-api-key",
        "Request ID: req_emu_1",
        "Please check your API key",
    ]
    (request,) = emulator.requests  # a 401 is not retried
    assert request.header("x-api-key") == "invalid-key"


def errors_md_permission_denied_error() -> None:
    import unbroken as anthropic
    from unbroken import PermissionDeniedError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Attempting to use a beta feature without access
        message = client.beta.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
            betas=["restricted-beta-feature"],
        )
    except PermissionDeniedError as e:
        print(f"Permission denied: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("This feature may not be available for your account")


def test_permission_denied_error_for_a_restricted_beta(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # The emulator grants every beta; the fault plays the account without access to this one.
    emulator.faults.push(Fault.status(403))
    errors_md_permission_denied_error()
    assert lines(capsys) == [
        "Permission denied: Your API key does not have permission to use the specified resource.",
        "Request ID: req_emu_1",
        "This feature may not be available for your account",
    ]
    (request,) = emulator.requests  # a 403 is not retried
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.header("anthropic-beta") == "restricted-beta-feature"


def errors_md_not_found_error() -> Any:
    import unbroken as anthropic
    from unbroken import NotFoundError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Using invalid model ID
        message = client.messages.create(
            model="non-existent-model",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except NotFoundError as e:
        print(f"Resource not found: {e.message}")
        print(f"Request ID: {e.request_id}")
        # Try with a valid model
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    return message  # (test harness) hand the result to the test


def test_not_found_error_then_a_valid_model(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    # No fault: the emulator itself answers 404 not_found_error for a model id it does not know.
    message = errors_md_not_found_error()
    assert lines(capsys) == ["Resource not found: model: non-existent-model", "Request ID: req_emu_1"]
    assert message.content[0].text == ECHO
    assert [r.json["model"] for r in emulator.requests] == ["non-existent-model", MODEL]


def errors_md_conflict_error() -> None:
    import unbroken as anthropic
    from unbroken import ConflictError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Attempting operation that conflicts with resource state
        result = client.beta.messages.batches.delete("batch-id")
    except ConflictError as e:
        print(f"Conflict: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("The resource may be in a state that prevents this operation")


def test_conflict_error_deleting_a_batch(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    # 409 is retryable (as in the reference), so the client tries three times before the example sees it.
    emulator.faults.push(Fault.status(409, times=3))
    errors_md_conflict_error()
    assert lines(capsys) == [
        "Conflict: Conflict",
        "Request ID: req_emu_3",
        "The resource may be in a state that prevents this operation",
    ]
    assert [(r.method, r.path) for r in emulator.requests] == [
        ("DELETE", "/v1/messages/batches/batch-id")
    ] * 3


def errors_md_request_too_large_error() -> None:
    import unbroken as anthropic
    from unbroken import RequestTooLargeError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Sending extremely large prompt
        huge_content = "A" * 1000000  # Very large content
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": huge_content}],
        )
    except RequestTooLargeError as e:
        print(f"Request too large: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("Please reduce the size of your request")


def test_request_too_large_error(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    # The emulator has no size limit of its own; the fault plays the API's 413.
    emulator.faults.push(Fault.status(413))
    errors_md_request_too_large_error()
    assert lines(capsys) == [
        "Request too large: Request exceeds the maximum allowed number of bytes.",
        "Request ID: req_emu_1",
        "Please reduce the size of your request",
    ]
    (request,) = emulator.requests  # a 413 is not retried
    assert request.json["messages"][0]["content"] == "A" * 1000000


def errors_md_unprocessable_entity_error() -> None:
    import unbroken as anthropic
    from unbroken import UnprocessableEntityError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        # Invalid parameter combination
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=0,  # Invalid value
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except UnprocessableEntityError as e:
        print(f"Unprocessable entity: {e.message}")
        print(f"Request ID: {e.request_id}")
        if e.body:
            print(f"Validation errors: {e.body}")


def test_unprocessable_entity_error(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.faults.push(Fault.status(422))
    errors_md_unprocessable_entity_error()
    assert lines(capsys) == [
        "Unprocessable entity: Error",
        "Request ID: req_emu_1",
        f"Validation errors: {error_body('invalid_request_error', 'Error', 'req_emu_1')}",
    ]
    (request,) = emulator.requests  # a 422 is not retried
    assert request.json["max_tokens"] == 0  # sent as written: no client-side range check


def test_unprocessable_entity_example_without_fault_gets_a_400(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without a fault the emulator answers `max_tokens=0` as the API does, with a 400, so the example's
    # `except UnprocessableEntityError` does not match and the BadRequestError propagates. (This is why the
    # test above needs Fault.status(422) to reach the example's branch.)
    with pytest.raises(unbroken.BadRequestError, match="max_tokens"):
        errors_md_unprocessable_entity_error()
    assert capsys.readouterr().out == ""
    assert len(emulator.requests) == 1


def errors_md_rate_limit_error() -> None:
    import time

    import unbroken as anthropic
    from unbroken import RateLimitError

    client = anthropic.Anthropic(api_key="your-api-key")

    def create_message_with_retry(max_retries=3):
        """Create message with exponential backoff on rate limits"""
        for attempt in range(max_retries):
            try:
                message = client.messages.create(
                    model="claude-3-5-sonnet-20241022",
                    max_tokens=1024,
                    messages=[{"role": "user", "content": "Hello!"}],
                )
                return message
            except RateLimitError as e:
                if attempt < max_retries - 1:
                    # Exponential backoff: 1s, 2s, 4s
                    wait_time = 2**attempt
                    print(f"Rate limited. Retrying in {wait_time}s...")
                    print(f"Request ID: {e.request_id}")
                    # Check for Retry-After header
                    retry_after = e.response.headers.get("retry-after")
                    if retry_after:
                        wait_time = int(retry_after)
                    time.sleep(wait_time)
                else:
                    print("Max retries reached")
                    raise

    # Usage
    try:
        message = create_message_with_retry()
        print(message.content[0].text)
    except RateLimitError as e:
        print(f"Still rate limited after retries: {e.message}")


def test_rate_limit_retry_succeeds_on_second_attempt(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(429, times=3))
    errors_md_rate_limit_error()
    assert lines(capsys) == ["Rate limited. Retrying in 1s...", "Request ID: req_emu_3", ECHO]
    assert example_sleeps == [1]
    assert len(emulator.requests) == 4


def test_rate_limit_retry_honours_retry_after(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(429, times=3, headers={"retry-after": "7"}))
    errors_md_rate_limit_error()
    # It prints the computed backoff, then sleeps what the server asked for.
    assert lines(capsys) == ["Rate limited. Retrying in 1s...", "Request ID: req_emu_3", ECHO]
    assert example_sleeps == [7]
    assert len(emulator.requests) == 4


def test_rate_limit_retry_gives_up_after_three_attempts(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(429, times=9))
    errors_md_rate_limit_error()
    assert lines(capsys) == [
        "Rate limited. Retrying in 1s...",
        "Request ID: req_emu_3",
        "Rate limited. Retrying in 2s...",
        "Request ID: req_emu_6",
        "Max retries reached",
        f"Still rate limited after retries: {RATE_LIMITED}",
    ]
    assert example_sleeps == [1, 2]
    assert len(emulator.requests) == 9


def errors_md_service_unavailable_error() -> Any:
    import time

    import unbroken as anthropic
    from unbroken import ServiceUnavailableError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except ServiceUnavailableError as e:
        print(f"Service unavailable: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("Please try again later")
        # Retry after a delay
        time.sleep(10)
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    return message  # (test harness) hand the result to the test


def test_service_unavailable_error_then_retry_after_a_delay(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(503, times=3))
    message = errors_md_service_unavailable_error()
    assert lines(capsys) == [
        "Service unavailable: Internal server error",
        "Request ID: req_emu_3",
        "Please try again later",
    ]
    assert example_sleeps == [10]
    assert message.content[0].text == ECHO
    assert len(emulator.requests) == 4


def errors_md_deadline_exceeded_error() -> None:
    import unbroken as anthropic
    from unbroken import DeadlineExceededError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=4096,  # Large response
            messages=[{"role": "user", "content": "Write a very long story..."}],
        )
    except DeadlineExceededError as e:
        print(f"Request timed out: {e.message}")
        print(f"Request ID: {e.request_id}")
        print("Try reducing max_tokens or simplifying the request")


def test_deadline_exceeded_error(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.faults.push(Fault.status(504, times=3))
    errors_md_deadline_exceeded_error()
    assert lines(capsys) == [
        "Request timed out: Request timed out",
        "Request ID: req_emu_3",
        "Try reducing max_tokens or simplifying the request",
    ]
    assert [r.json["max_tokens"] for r in emulator.requests] == [4096] * 3


def errors_md_overloaded_error() -> None:
    import time

    import unbroken as anthropic
    from unbroken import OverloadedError

    client = anthropic.Anthropic(api_key="your-api-key")

    def create_with_overload_retry(max_retries=5):
        """Retry with exponential backoff on overload errors"""
        for attempt in range(max_retries):
            try:
                message = client.messages.create(
                    model="claude-3-5-sonnet-20241022",
                    max_tokens=1024,
                    messages=[{"role": "user", "content": "Hello!"}],
                )
                return message
            except OverloadedError as e:
                if attempt < max_retries - 1:
                    wait_time = min(2**attempt, 60)  # Cap at 60 seconds
                    print(f"API overloaded. Retrying in {wait_time}s...")
                    print(f"Request ID: {e.request_id}")
                    time.sleep(wait_time)
                else:
                    raise

    try:
        message = create_with_overload_retry()
        print(message.content[0].text)
    except OverloadedError as e:
        print(f"API still overloaded: {e.message}")


def test_overloaded_retry_succeeds_on_third_attempt(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(529, times=6))
    errors_md_overloaded_error()
    assert lines(capsys) == [
        "API overloaded. Retrying in 1s...",
        "Request ID: req_emu_3",
        "API overloaded. Retrying in 2s...",
        "Request ID: req_emu_6",
        ECHO,
    ]
    assert example_sleeps == [1, 2]
    assert len(emulator.requests) == 7


def test_overloaded_retry_gives_up_after_five_attempts(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], example_sleeps: list[float]
) -> None:
    emulator.faults.push(Fault.status(529, times=15))
    errors_md_overloaded_error()
    expected: list[str] = []
    for attempt, wait in enumerate([1, 2, 4, 8]):
        expected += [f"API overloaded. Retrying in {wait}s...", f"Request ID: req_emu_{3 * (attempt + 1)}"]
    assert lines(capsys) == [*expected, "API still overloaded: Overloaded"]
    assert example_sleeps == [1, 2, 4, 8]
    assert len(emulator.requests) == 15


def errors_md_internal_server_error() -> None:
    import unbroken as anthropic
    from unbroken import InternalServerError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except InternalServerError as e:
        print(f"Server error: {e.message}")
        print(f"Status code: {e.status_code}")
        print(f"Request ID: {e.request_id}")
        print("Please contact support if this persists")


@pytest.mark.parametrize("status", [500, 502])
def test_internal_server_error(emulator: Emulator, capsys: pytest.CaptureFixture[str], status: int) -> None:
    # 500, and any 5xx without a class of its own (here 502), is an InternalServerError.
    emulator.faults.push(Fault.status(status, times=3))
    errors_md_internal_server_error()
    assert lines(capsys) == [
        "Server error: Internal server error",
        f"Status code: {status}",
        "Request ID: req_emu_3",
        "Please contact support if this persists",
    ]
    assert len(emulator.requests) == 3


# ---------------------------------------------------------------------------------------------------------
# Connection errors
# ---------------------------------------------------------------------------------------------------------


def errors_md_api_connection_error(base_url: str = "https://invalid-url.example.com") -> None:
    # (test harness) the document's literal `base_url="https://invalid-url.example.com"` became this
    # parameter's default, so the example can also be pointed at the emulator.
    import unbroken as anthropic
    from unbroken import APIConnectionError

    try:
        # Using invalid base URL
        client = anthropic.Anthropic(
            api_key="your-api-key",
            base_url=base_url,
        )
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except APIConnectionError as e:
        print(f"Connection failed: {e.message}")
        print(f"Request URL: {e.request.url}")
        print("Check your network connection and API endpoint")


def test_api_connection_error_when_the_server_drops_the_connection(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # Instead of an unresolvable host, the emulator closes the socket before answering, on every attempt.
    emulator.faults.push(Fault.close_before_response(times=3))
    errors_md_api_connection_error(base_url=emulator.base_url)
    out = lines(capsys)
    assert out[0].startswith(f"Connection failed: {CONNECTION_ERROR}")
    assert out[1:] == [
        f"Request URL: {emulator.base_url}/v1/messages",
        "Check your network connection and API endpoint",
    ]
    assert len(emulator.requests) == 3  # connection errors are retried twice


def test_api_connection_error_for_the_documented_invalid_url(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The document's own URL, with name resolution for that one host failing offline (no network is used).
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "invalid-url.example.com":
            lookups.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    errors_md_api_connection_error()
    out = lines(capsys)
    assert out[0].startswith(f"Connection failed: {CONNECTION_ERROR}")
    assert out[1:] == [
        "Request URL: https://invalid-url.example.com/v1/messages",
        "Check your network connection and API endpoint",
    ]
    assert lookups == ["invalid-url.example.com"] * 3  # the client's two retries, then the error
    assert emulator.requests == []


# The APITimeoutError example's timeouts, scaled down 50x (10 s read -> 0.2 s, 5 s connect -> 0.1 s) so a
# server that takes "too long" is detected in a fifth of a second; the ratio between them and the example's
# structure are unchanged. The second client keeps the document's 60 s / 10 s: it only has to succeed.
TIMEOUT_SCALE = 0.02


def errors_md_api_timeout_error() -> Any:
    import httpx

    import unbroken as anthropic
    from unbroken import APITimeoutError

    try:
        # Set shorter timeout
        client = anthropic.Anthropic(
            api_key="your-api-key",
            # (test harness) scaled: the document says httpx.Timeout(10.0, connect=5.0)
            timeout=httpx.Timeout(10.0 * TIMEOUT_SCALE, connect=5.0 * TIMEOUT_SCALE),  # 10s total, 5s connect
        )
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=4096,
            messages=[{"role": "user", "content": "Write a very long essay..."}],
        )
    except APITimeoutError as e:
        print(f"Request timed out: {e.message}")
        print(f"Request URL: {e.request.url}")
        print("Try increasing the timeout or reducing the request complexity")
        # Retry with longer timeout
        client = anthropic.Anthropic(api_key="your-api-key", timeout=httpx.Timeout(60.0, connect=10.0))
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=4096,
            messages=[{"role": "user", "content": "Write a very long essay..."}],
        )
    return message  # (test harness) hand the result to the test


def test_api_timeout_error_then_a_longer_timeout(
    emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each of the three attempts (the client retries timeouts twice) meets a server that would sit on the
    # request for 10 s; the emulator lets the stall go as soon as the client gives up on it.
    emulator.faults.push(Fault.stall_before_headers(10.0, times=3))
    message = errors_md_api_timeout_error()
    assert lines(capsys) == [
        "Request timed out: Request timed out (read timeout).",
        f"Request URL: {emulator.base_url}/v1/messages",
        "Try increasing the timeout or reducing the request complexity",
    ]
    assert message.content[0].text == "Echo: Write a very long essay..."
    assert len(emulator.requests) == 4


# ---------------------------------------------------------------------------------------------------------
# Validation errors
# ---------------------------------------------------------------------------------------------------------


def errors_md_api_response_validation_error() -> None:
    import unbroken as anthropic
    from unbroken import APIResponseValidationError

    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )
    except APIResponseValidationError as e:
        print(f"Invalid response: {e.message}")
        print(f"Status code: {e.status_code}")
        print(f"Response body: {e.body}")
        print("The API may have returned unexpected data")
        print("Please ensure you're using the latest SDK version")


@pytest.mark.parametrize(
    ("fault", "message_start", "body"),
    [
        pytest.param(
            Fault.status(200, body='{"id": "msg_', headers={"content-type": "application/json"}),
            "Invalid response: Response body is not valid JSON",
            '{"id": "msg_',
            id="corrupted-json",
        ),
        pytest.param(
            Fault.status(200, body={"type": "message", "content": "nope"}),
            "Invalid response: Response does not match the expected schema",
            {"type": "message", "content": "nope"},
            id="schema-mismatch",
        ),
    ],
)
def test_api_response_validation_error(
    emulator: Emulator, capsys: pytest.CaptureFixture[str], fault: Fault, message_start: str, body: object
) -> None:
    emulator.faults.push(fault)
    errors_md_api_response_validation_error()
    out = capsys.readouterr().out
    assert out.startswith(message_start)
    assert out.endswith(
        f"Status code: 200\nResponse body: {body}\n"
        "The API may have returned unexpected data\n"
        "Please ensure you're using the latest SDK version\n"
    )
    assert len(emulator.requests) == 1


# ---------------------------------------------------------------------------------------------------------
# Best practices
# ---------------------------------------------------------------------------------------------------------


def errors_md_comprehensive_error_handling() -> None:
    import time

    import unbroken as anthropic
    from unbroken import (
        AnthropicError,
        APIConnectionError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        InternalServerError,
        RateLimitError,
    )

    def create_message_robust(client, model, messages, max_tokens=1024):
        """Create message with comprehensive error handling"""
        max_retries = 3
        retry_count = 0
        while retry_count < max_retries:
            try:
                return client.messages.create(model=model, max_tokens=max_tokens, messages=messages)
            except AuthenticationError as e:
                # Don't retry auth errors
                print(f"Authentication failed: {e.message}")
                print("Please check your API key")
                raise
            except BadRequestError as e:
                # Don't retry bad requests
                print(f"Bad request: {e.message}")
                print(f"Request ID: {e.request_id}")
                if e.body:
                    print(f"Details: {e.body}")
                raise
            except RateLimitError as e:
                # Retry with exponential backoff
                retry_count += 1
                if retry_count >= max_retries:
                    raise
                wait_time = 2**retry_count
                retry_after = e.response.headers.get("retry-after")
                if retry_after:
                    wait_time = int(retry_after)
                print(f"Rate limited. Waiting {wait_time}s... (attempt {retry_count})")
                time.sleep(wait_time)
            except (APIConnectionError, APITimeoutError) as e:
                # Retry connection/timeout errors
                retry_count += 1
                if retry_count >= max_retries:
                    raise
                print(f"Connection issue. Retrying... (attempt {retry_count})")
                time.sleep(2)
            except InternalServerError as e:
                # Retry server errors
                retry_count += 1
                if retry_count >= max_retries:
                    raise
                print(f"Server error. Retrying... (attempt {retry_count})")
                print(f"Request ID: {e.request_id}")
                time.sleep(5)
            except AnthropicError as e:
                # Catch any other SDK errors
                print(f"Unexpected error: {e}")
                raise

    # Usage
    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = create_message_robust(
            client, model="claude-3-5-sonnet-20241022", messages=[{"role": "user", "content": "Hello!"}]
        )
        print(message.content[0].text)
    except AnthropicError as e:
        print(f"Failed after retries: {e}")


def _bad_request_details() -> str:
    return f"Details: {error_body('invalid_request_error', 'Invalid request', 'req_emu_1')}"


COMPREHENSIVE_SCENARIOS = [
    pytest.param([], None, [ECHO], [], 1, id="success"),
    pytest.param(
        [Fault.status(429, times=3)],
        None,
        ["Rate limited. Waiting 2s... (attempt 1)", ECHO],
        [2],
        4,
        id="rate-limited-once",
    ),
    pytest.param(
        [Fault.status(429, times=3, headers={"retry-after": "3"})],
        None,
        ["Rate limited. Waiting 3s... (attempt 1)", ECHO],
        [3],
        4,
        id="rate-limited-with-retry-after",
    ),
    pytest.param(
        [Fault.status(429, times=9)],
        None,
        [
            "Rate limited. Waiting 2s... (attempt 1)",
            "Rate limited. Waiting 4s... (attempt 2)",
            f"Failed after retries: {RATE_LIMITED}",
        ],
        [2, 4],
        9,
        id="rate-limited-until-giving-up",
    ),
    pytest.param(
        [Fault.close_before_response(times=3)],
        None,
        ["Connection issue. Retrying... (attempt 1)", ECHO],
        [2],
        4,
        id="connection-error-once",
    ),
    pytest.param(
        [Fault.status(500, times=3)],
        None,
        ["Server error. Retrying... (attempt 1)", "Request ID: req_emu_3", ECHO],
        [5],
        4,
        id="server-error-once",
    ),
    pytest.param(
        [Fault.status(500, times=9)],
        None,
        [
            "Server error. Retrying... (attempt 1)",
            "Request ID: req_emu_3",
            "Server error. Retrying... (attempt 2)",
            "Request ID: req_emu_6",
            "Failed after retries: Internal server error",
        ],
        [5, 5],
        9,
        id="server-error-until-giving-up",
    ),
    pytest.param(
        [],
        "sk-ant-the-real-key",
        [
            "Authentication failed: invalid x-api-key",
            "Please check your API key",
            "Failed after retries: invalid x-api-key",
        ],
        [],
        1,
        id="authentication-error-not-retried",
    ),
    pytest.param(
        [Fault.status(400)],
        None,
        [
            "Bad request: Invalid request",
            "Request ID: req_emu_1",
            _bad_request_details(),
            "Failed after retries: Invalid request",
        ],
        [],
        1,
        id="bad-request-not-retried",
    ),
    pytest.param(
        # 529 is an OverloadedError, not an InternalServerError, so it lands in the catch-all branch.
        [Fault.status(529, times=3)],
        None,
        ["Unexpected error: Overloaded", "Failed after retries: Overloaded"],
        [],
        3,
        id="overloaded-is-unexpected",
    ),
]


@pytest.mark.parametrize(("faults", "api_key", "printed", "sleeps", "requests"), COMPREHENSIVE_SCENARIOS)
def test_comprehensive_error_handling(
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    example_sleeps: list[float],
    faults: list[Fault],
    api_key: str | None,
    printed: list[str],
    sleeps: list[float],
    requests: int,
) -> None:
    emulator.faults.push(*faults)
    if api_key is not None:
        emulator.api_key = api_key
    errors_md_comprehensive_error_handling()
    assert lines(capsys) == printed
    assert example_sleeps == sleeps
    assert len(emulator.requests) == requests


async def errors_md_async_error_handling() -> None:
    import asyncio

    import unbroken as anthropic
    from unbroken import AnthropicError, RateLimitError

    async def create_message_async_robust(client, model, messages):
        """Async message creation with error handling"""
        max_retries = 3
        for attempt in range(max_retries):
            try:
                return await client.messages.create(model=model, max_tokens=1024, messages=messages)
            except RateLimitError as e:
                if attempt < max_retries - 1:
                    wait_time = 2**attempt
                    print(f"Rate limited. Waiting {wait_time}s...")
                    await asyncio.sleep(wait_time)
                else:
                    raise
            except AnthropicError as e:
                print(f"Error: {e}")
                raise

    # Usage
    async def main():
        client = anthropic.AsyncAnthropic(api_key="your-api-key")
        try:
            message = await create_message_async_robust(
                client, model="claude-3-5-sonnet-20241022", messages=[{"role": "user", "content": "Hello!"}]
            )
            print(message.content[0].text)
        except AnthropicError as e:
            print(f"Failed: {e}")
        finally:
            await client.close()

    # (test harness) the document ends with `asyncio.run(main())`; the test's event loop (anyio plugin,
    # asyncio backend) is already running, so the coroutine is awaited on it instead.
    await main()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("faults", "printed", "sleeps", "requests"),
    [
        pytest.param([], [ECHO], [], 1, id="success"),
        pytest.param(
            [Fault.status(429, times=6)],
            ["Rate limited. Waiting 1s...", "Rate limited. Waiting 2s...", ECHO],
            [1, 2],
            7,
            id="rate-limited-twice",
        ),
        pytest.param(
            [Fault.status(429, times=9)],
            ["Rate limited. Waiting 1s...", "Rate limited. Waiting 2s...", f"Failed: {RATE_LIMITED}"],
            [1, 2],
            9,
            id="rate-limited-until-giving-up",
        ),
        pytest.param(
            [Fault.status(500, times=3)],
            ["Error: Internal server error", "Failed: Internal server error"],
            [],
            3,
            id="other-error",
        ),
    ],
)
async def test_async_error_handling(
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    example_sleeps: list[float],
    faults: list[Fault],
    printed: list[str],
    sleeps: list[float],
    requests: int,
) -> None:
    emulator.faults.push(*faults)
    await errors_md_async_error_handling()
    assert lines(capsys) == printed
    assert example_sleeps == sleeps
    assert len(emulator.requests) == requests


def errors_md_logging_and_monitoring() -> None:
    import logging

    import unbroken as anthropic
    from unbroken import AnthropicError, APIStatusError

    # Configure logging
    logging.basicConfig(level=logging.INFO, format="%(asctime)s - %(name)s - %(levelname)s - %(message)s")
    logger = logging.getLogger(__name__)

    def create_message_with_logging(client, model, messages):
        """Create message with detailed error logging"""
        try:
            logger.info(f"Creating message with model: {model}")
            message = client.messages.create(model=model, max_tokens=1024, messages=messages)
            logger.info(f"Message created successfully. ID: {message.id}")
            return message
        except APIStatusError as e:
            # Log status errors with full context
            logger.error(
                f"API Status Error: {e.status_code}",
                extra={
                    "status_code": e.status_code,
                    "request_id": e.request_id,
                    "message": e.message,
                    "url": str(e.request.url),
                    "body": e.body,
                },
            )
            raise
        except AnthropicError as e:
            # Log other SDK errors
            logger.error(f"Anthropic Error: {e}")
            raise
        except Exception as e:
            # Log unexpected errors
            logger.exception(f"Unexpected error: {e}")
            raise

    # Usage
    client = anthropic.Anthropic(api_key="your-api-key")
    try:
        message = create_message_with_logging(
            client, model="claude-3-5-sonnet-20241022", messages=[{"role": "user", "content": "Hello!"}]
        )
    except AnthropicError:
        logger.error("Message creation failed")


@pytest.fixture
def example_logs(caplog: pytest.LogCaptureFixture) -> Iterator[Callable[[], list[tuple[str, str]]]]:
    """(level, message) of what the logging example logged; the root logger is restored afterwards.

    Under pytest the root logger already has handlers, so the example's ``logging.basicConfig`` is a no-op;
    its INFO level is granted here with ``caplog`` instead.
    """
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    caplog.set_level(logging.INFO, logger=__name__)
    yield lambda: [(r.levelname, r.getMessage()) for r in caplog.records if r.name == __name__]
    root.handlers[:] = handlers
    root.setLevel(level)


def test_logging_example_logs_success(
    emulator: Emulator, example_logs: Callable[[], list[tuple[str, str]]]
) -> None:
    errors_md_logging_and_monitoring()
    assert example_logs() == [
        ("INFO", f"Creating message with model: {MODEL}"),
        ("INFO", "Message created successfully. ID: msg_emu_1"),
    ]
    assert len(emulator.requests) == 1


def test_logging_example_logs_other_sdk_errors(
    emulator: Emulator, example_logs: Callable[[], list[tuple[str, str]]]
) -> None:
    emulator.faults.push(Fault.close_before_response(times=3))
    errors_md_logging_and_monitoring()
    logged = example_logs()
    assert logged[0] == ("INFO", f"Creating message with model: {MODEL}")
    assert logged[1][0] == "ERROR"
    assert logged[1][1].startswith(f"Anthropic Error: {CONNECTION_ERROR}")
    assert logged[2:] == [("ERROR", "Message creation failed")]
    assert len(emulator.requests) == 3


def test_logging_example_status_error_branch_is_broken_by_its_extra_dict(
    emulator: Emulator, example_logs: Callable[[], list[tuple[str, str]]]
) -> None:
    # A bug in the document's example itself, not in the library (the reference SDK behaves identically):
    # `extra={"message": ...}` collides with LogRecord's reserved `message` attribute, so the standard
    # library's Logger.makeRecord raises KeyError inside the `except APIStatusError` branch. The KeyError is
    # not an AnthropicError, so it escapes the example's usage block, chained to the APIStatusError it was
    # handling, and neither the status error nor "Message creation failed" gets logged.
    emulator.faults.push(Fault.status(500, times=3))
    with pytest.raises(KeyError, match="Attempt to overwrite 'message' in LogRecord") as caught:
        errors_md_logging_and_monitoring()
    assert isinstance(caught.value.__context__, unbroken.InternalServerError)
    assert caught.value.__context__.request_id == "req_emu_3"
    assert example_logs() == [("INFO", f"Creating message with model: {MODEL}")]
    assert len(emulator.requests) == 3


def errors_md_circuit_breaker() -> tuple[Any, Callable[[], Any], Any]:
    import time
    from enum import Enum

    import unbroken as anthropic
    from unbroken import AnthropicError, APIStatusError

    class CircuitState(Enum):
        CLOSED = "closed"  # Normal operation
        OPEN = "open"  # Blocking requests
        HALF_OPEN = "half_open"  # Testing if service recovered

    class CircuitBreaker:
        def __init__(self, failure_threshold=5, timeout=60):
            self.failure_threshold = failure_threshold
            self.timeout = timeout
            self.failures = 0
            self.last_failure_time = None
            self.state = CircuitState.CLOSED

        def call(self, func, *args, **kwargs):
            """Execute function with circuit breaker protection"""
            if self.state == CircuitState.OPEN:
                if time.time() - self.last_failure_time > self.timeout:
                    self.state = CircuitState.HALF_OPEN
                else:
                    raise Exception("Circuit breaker is OPEN")
            try:
                result = func(*args, **kwargs)
                # Success - reset failures
                if self.state == CircuitState.HALF_OPEN:
                    self.state = CircuitState.CLOSED
                self.failures = 0
                return result
            except (APIStatusError, AnthropicError) as e:
                self.failures += 1
                self.last_failure_time = time.time()
                if self.failures >= self.failure_threshold:
                    self.state = CircuitState.OPEN
                raise

    # Usage
    client = anthropic.Anthropic(api_key="your-api-key")
    circuit_breaker = CircuitBreaker(failure_threshold=3, timeout=30)

    def create_message():
        return client.messages.create(
            model="claude-3-5-sonnet-20241022",
            max_tokens=1024,
            messages=[{"role": "user", "content": "Hello!"}],
        )

    try:
        message = circuit_breaker.call(create_message)
        print(message.content[0].text)
    except Exception as e:
        print(f"Error: {e}")
    return circuit_breaker, create_message, CircuitState  # (test harness) to drive the breaker further


def test_circuit_breaker_success(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    breaker, _, state = errors_md_circuit_breaker()
    assert lines(capsys) == [ECHO]
    assert (breaker.state, breaker.failures) == (state.CLOSED, 0)
    assert len(emulator.requests) == 1


def test_circuit_breaker_opens_then_recovers(emulator: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    emulator.faults.push(Fault.status(529, times=3))
    breaker, create_message, state = errors_md_circuit_breaker()
    assert lines(capsys) == ["Error: Overloaded"]
    assert (breaker.state, breaker.failures) == (state.CLOSED, 1)
    assert len(emulator.requests) == 3

    # Two more failing calls reach the threshold of 3: the circuit opens.
    emulator.faults.push(Fault.status(529, times=6))
    for _ in range(2):
        with pytest.raises(unbroken.OverloadedError):
            breaker.call(create_message)
    assert (breaker.state, breaker.failures) == (state.OPEN, 3)
    assert len(emulator.requests) == 9

    # While open, calls are refused without reaching the API.
    with pytest.raises(Exception, match="Circuit breaker is OPEN"):
        breaker.call(create_message)
    assert len(emulator.requests) == 9

    # Once `timeout` (30 s) has passed since the last failure, one trial call goes through (half-open) and
    # its success closes the circuit. The clock is not touched: the last failure is moved 31 s back.
    breaker.last_failure_time -= 31
    assert breaker.call(create_message).content[0].text == ECHO
    assert (breaker.state, breaker.failures) == (state.CLOSED, 0)
    assert len(emulator.requests) == 10


def errors_md_graceful_degradation() -> None:
    import unbroken as anthropic
    from unbroken import AnthropicError, InternalServerError, RateLimitError

    class MessageService:
        def __init__(self, api_key, fallback_model=None):
            self.client = anthropic.Anthropic(api_key=api_key)
            self.primary_model = "claude-3-5-sonnet-20241022"
            self.fallback_model = fallback_model or "claude-3-haiku-20240307"

        def create_message(self, messages, max_tokens=1024, allow_fallback=True):
            """Create message with automatic fallback to different model"""
            # Try primary model
            try:
                return self.client.messages.create(
                    model=self.primary_model, max_tokens=max_tokens, messages=messages
                )
            except RateLimitError as e:
                if not allow_fallback:
                    raise
                print(f"Primary model rate limited. Trying fallback model...")
                # Try fallback model
                try:
                    return self.client.messages.create(
                        model=self.fallback_model, max_tokens=max_tokens, messages=messages
                    )
                except AnthropicError:
                    # If fallback also fails, raise original error
                    raise e
            except InternalServerError as e:
                if not allow_fallback:
                    raise
                print(f"Primary model error. Trying fallback model...")
                try:
                    return self.client.messages.create(
                        model=self.fallback_model, max_tokens=max_tokens, messages=messages
                    )
                except AnthropicError:
                    raise e

    # Usage
    service = MessageService(api_key="your-api-key")
    try:
        message = service.create_message(messages=[{"role": "user", "content": "Hello!"}])
        print(message.content[0].text)
    except AnthropicError as e:
        print(f"All attempts failed: {e}")


PRIMARY, FALLBACK = MODEL, "claude-3-haiku-20240307"


@pytest.mark.parametrize(
    ("faults", "printed", "models"),
    [
        pytest.param([], [ECHO], [PRIMARY], id="primary-succeeds"),
        pytest.param(
            [Fault.status(429, times=3)],
            ["Primary model rate limited. Trying fallback model...", ECHO],
            [PRIMARY] * 3 + [FALLBACK],
            id="rate-limited-falls-back",
        ),
        pytest.param(
            [Fault.status(500, times=3)],
            ["Primary model error. Trying fallback model...", ECHO],
            [PRIMARY] * 3 + [FALLBACK],
            id="server-error-falls-back",
        ),
        pytest.param(
            # The fallback fails differently (500); the example re-raises the primary's RateLimitError.
            [Fault.status(429, times=3), Fault.status(500, times=3)],
            ["Primary model rate limited. Trying fallback model...", f"All attempts failed: {RATE_LIMITED}"],
            [PRIMARY] * 3 + [FALLBACK] * 3,
            id="fallback-fails-original-error-raised",
        ),
        pytest.param(
            # 529 is neither a RateLimitError nor an InternalServerError: no fallback is tried.
            [Fault.status(529, times=3)],
            ["All attempts failed: Overloaded"],
            [PRIMARY] * 3,
            id="overloaded-no-fallback",
        ),
    ],
)
def test_graceful_degradation(
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    faults: list[Fault],
    printed: list[str],
    models: list[str],
) -> None:
    emulator.faults.push(*faults)
    errors_md_graceful_degradation()
    assert lines(capsys) == printed
    assert [r.json["model"] for r in emulator.requests] == models


# ---------------------------------------------------------------------------------------------------------
# Retry strategies
# ---------------------------------------------------------------------------------------------------------


def errors_md_exponential_backoff_with_jitter() -> None:
    import random
    import time

    import unbroken as anthropic
    from unbroken import InternalServerError, RateLimitError

    def create_message_with_backoff(client, model, messages, max_retries=5, base_delay=1, max_delay=60):
        """Create message with exponential backoff and jitter"""
        for attempt in range(max_retries):
            try:
                return client.messages.create(model=model, max_tokens=1024, messages=messages)
            except (RateLimitError, InternalServerError) as e:
                if attempt == max_retries - 1:
                    raise
                # Calculate exponential backoff with jitter
                exponential_delay = min(base_delay * (2**attempt), max_delay)
                jitter = random.uniform(0, exponential_delay * 0.1)
                delay = exponential_delay + jitter
                print(f"Attempt {attempt + 1} failed. Retrying in {delay:.2f}s...")
                print(f"Error: {e.message}")
                if hasattr(e, "request_id"):
                    print(f"Request ID: {e.request_id}")
                time.sleep(delay)

    # Usage
    client = anthropic.Anthropic(api_key="your-api-key")
    message = create_message_with_backoff(
        client, model="claude-3-5-sonnet-20241022", messages=[{"role": "user", "content": "Hello!"}]
    )
    print(message.content[0].text)


@pytest.fixture
def jitter_bounds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[float, float]]:
    """``random.uniform`` returns its upper bound (the largest jitter); the bounds asked for are recorded."""
    import random

    calls: list[tuple[float, float]] = []

    def uniform(a: float, b: float) -> float:
        calls.append((a, b))
        return b

    monkeypatch.setattr(random, "uniform", uniform)
    return calls


def test_backoff_with_jitter_recovers(
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    example_sleeps: list[float],
    jitter_bounds: list[tuple[float, float]],
) -> None:
    emulator.faults.push(Fault.status(429, times=3), Fault.status(500, times=3))
    errors_md_exponential_backoff_with_jitter()
    assert lines(capsys) == [
        "Attempt 1 failed. Retrying in 1.10s...",
        f"Error: {RATE_LIMITED}",
        "Request ID: req_emu_3",
        "Attempt 2 failed. Retrying in 2.20s...",
        "Error: Internal server error",
        "Request ID: req_emu_6",
        ECHO,
    ]
    assert jitter_bounds == [(0, pytest.approx(0.1)), (0, pytest.approx(0.2))]
    assert example_sleeps == [pytest.approx(1.1), pytest.approx(2.2)]
    assert len(emulator.requests) == 7


def test_backoff_with_jitter_gives_up_after_five_attempts(
    emulator: Emulator,
    capsys: pytest.CaptureFixture[str],
    example_sleeps: list[float],
    jitter_bounds: list[tuple[float, float]],
) -> None:
    emulator.faults.push(Fault.status(429, times=15))
    # The usage block has no try/except: the last RateLimitError propagates.
    with pytest.raises(unbroken.RateLimitError) as caught:
        errors_md_exponential_backoff_with_jitter()
    assert caught.value.request_id == "req_emu_15"
    out = lines(capsys)
    assert [line for line in out if line.startswith("Attempt")] == [
        "Attempt 1 failed. Retrying in 1.10s...",
        "Attempt 2 failed. Retrying in 2.20s...",
        "Attempt 3 failed. Retrying in 4.40s...",
        "Attempt 4 failed. Retrying in 8.80s...",
    ]
    assert [line for line in out if line.startswith("Request ID")] == [
        f"Request ID: req_emu_{n}" for n in (3, 6, 9, 12)
    ]
    assert example_sleeps == [pytest.approx(d * 1.1) for d in (1, 2, 4, 8)]
    assert len(emulator.requests) == 15


# ---------------------------------------------------------------------------------------------------------
# Exception hierarchy and common imports
# ---------------------------------------------------------------------------------------------------------


def test_common_imports_and_the_documented_hierarchy() -> None:
    # isort: off
    from unbroken import (
        # Base exceptions
        AnthropicError,
        APIError,
        APIStatusError,
        # HTTP status errors
        BadRequestError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        RequestTooLargeError,
        UnprocessableEntityError,
        RateLimitError,
        ServiceUnavailableError,
        DeadlineExceededError,
        OverloadedError,
        InternalServerError,
        # Connection errors
        APIConnectionError,
        APITimeoutError,
        # Validation errors
        APIResponseValidationError,
    )
    # isort: on

    # The tree at the top of errors.md, edge by edge (child, parent).
    assert APIError.__bases__ == (AnthropicError,)
    assert APIConnectionError.__bases__ == (APIError,)
    assert APITimeoutError.__bases__ == (APIConnectionError,)
    assert APIResponseValidationError.__bases__ == (APIError,)
    assert APIStatusError.__bases__ == (APIError,)
    status_classes = {
        BadRequestError: 400,
        AuthenticationError: 401,
        PermissionDeniedError: 403,
        NotFoundError: 404,
        ConflictError: 409,
        RequestTooLargeError: 413,
        UnprocessableEntityError: 422,
        RateLimitError: 429,
        OverloadedError: 529,
    }
    for cls, status in status_classes.items():
        assert cls.__bases__ == (APIStatusError,), cls
        assert cls.status_code == status, cls
    assert InternalServerError.__bases__ == (APIStatusError,)
    # 503 and 504 hang beneath InternalServerError, which the reference raises for them (errors.md says why)
    for cls, status in {ServiceUnavailableError: 503, DeadlineExceededError: 504}.items():
        assert cls.__bases__ == (InternalServerError,), cls
        assert cls.status_code == status, cls
