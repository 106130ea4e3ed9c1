from __future__ import annotations

import re

import httpx
import pytest

import unbroken as anthropic
from unbroken._exceptions import status_error_from_response, status_error_from_stream_event

REQUEST = httpx.Request("POST", "https://api.anthropic.com/v1/messages")


def _response(status: int, content: bytes = b"", headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, content=content, headers=headers or {}, request=REQUEST)


def _anthropic_body(kind: str, message: str) -> bytes:
    return f'{{"type":"error","error":{{"type":"{kind}","message":"{message}"}}}}'.encode()


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, anthropic.BadRequestError),
        (401, anthropic.AuthenticationError),
        (403, anthropic.PermissionDeniedError),
        (404, anthropic.NotFoundError),
        (409, anthropic.ConflictError),
        (413, anthropic.RequestTooLargeError),
        (422, anthropic.UnprocessableEntityError),
        (429, anthropic.RateLimitError),
        (500, anthropic.InternalServerError),
        (502, anthropic.InternalServerError),
        (503, anthropic.ServiceUnavailableError),
        (504, anthropic.DeadlineExceededError),
        (529, anthropic.OverloadedError),
        (418, anthropic.APIStatusError),
    ],
)
def test_status_maps_to_most_specific_class(status: int, cls: type[anthropic.APIStatusError]) -> None:
    err = status_error_from_response(_response(status, b"{}"), b"{}")
    assert type(err) is cls
    assert err.status_code == status


@pytest.mark.parametrize("status", [503, 504])
def test_503_and_504_are_caught_as_the_reference_raises_them(status: int) -> None:
    # anthropic 0.74.0 documents ServiceUnavailableError/DeadlineExceededError but raises InternalServerError
    err = status_error_from_response(_response(status, b"{}"), b"{}")
    assert isinstance(err, anthropic.InternalServerError)


def test_529_is_not_an_internal_server_error_as_in_the_reference() -> None:
    err = status_error_from_response(_response(529, b"{}"), b"{}")
    assert not isinstance(err, anthropic.InternalServerError)


def test_anthropic_shaped_body_gives_message_type_and_request_id() -> None:
    content = _anthropic_body("overloaded_error", "Overloaded")
    err = status_error_from_response(_response(529, content, {"request-id": "req_123"}), content)
    assert err.message == "Overloaded"
    assert str(err) == "Overloaded"
    assert err.type == "overloaded_error"
    assert err.request_id == "req_123"
    assert err.body == {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


def test_html_body_still_gives_the_right_class_with_text_as_body() -> None:
    content = b"<html><body>502 Bad Gateway</body></html>"
    err = status_error_from_response(_response(502, content, {"content-type": "text/html"}), content)
    assert isinstance(err, anthropic.InternalServerError)
    assert err.body == "<html><body>502 Bad Gateway</body></html>"
    assert "502 Bad Gateway" in err.message
    assert err.type is None


def test_empty_body_has_none_body() -> None:
    err = status_error_from_response(_response(413), b"")
    assert isinstance(err, anthropic.RequestTooLargeError)
    assert err.body is None


def test_hierarchy_matches_the_error_document() -> None:
    assert issubclass(anthropic.APIError, anthropic.AnthropicError)
    assert issubclass(anthropic.APIConnectionError, anthropic.APIError)
    assert issubclass(anthropic.APITimeoutError, anthropic.APIConnectionError)
    assert issubclass(anthropic.IncompleteStreamError, anthropic.APIConnectionError)
    assert issubclass(anthropic.APIResponseValidationError, anthropic.APIError)
    assert issubclass(anthropic.APIStatusError, anthropic.APIError)
    for name in [
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "ConflictError",
        "RequestTooLargeError",
        "UnprocessableEntityError",
        "RateLimitError",
        "ServiceUnavailableError",
        "DeadlineExceededError",
        "OverloadedError",
        "InternalServerError",
    ]:
        assert issubclass(getattr(anthropic, name), anthropic.APIStatusError)


def test_constructor_signatures_follow_the_error_document() -> None:
    response = _response(500)
    assert anthropic.APIError("m", REQUEST, body=None).request is REQUEST
    assert anthropic.APIStatusError("m", response=response, body={"a": 1}).body == {"a": 1}
    assert anthropic.APIConnectionError(request=REQUEST).message == "Connection error."
    assert anthropic.APITimeoutError(REQUEST).message == "Request timed out."
    err = anthropic.APIResponseValidationError(response, {"x": 1})
    assert err.status_code == 500
    assert err.message == "Data returned by API invalid for expected schema."


@pytest.mark.parametrize(
    ("error_type", "cls", "code"),
    [
        ("overloaded_error", anthropic.OverloadedError, 529),
        ("rate_limit_error", anthropic.RateLimitError, 429),
        ("api_error", anthropic.InternalServerError, 500),
        ("invalid_request_error", anthropic.BadRequestError, 400),
        ("authentication_error", anthropic.AuthenticationError, 401),
        ("permission_error", anthropic.PermissionDeniedError, 403),
        ("not_found_error", anthropic.NotFoundError, 404),
        ("request_too_large", anthropic.RequestTooLargeError, 413),
        ("timeout_error", anthropic.DeadlineExceededError, 504),
    ],
)
def test_in_stream_error_maps_by_error_type(error_type: str, cls: type, code: int) -> None:
    response = _response(200, headers={"request-id": "req_s"})
    data = {"type": "error", "error": {"type": error_type, "message": "boom"}}
    err = status_error_from_stream_event(data, response)
    assert type(err) is cls
    assert err.status_code == code
    assert err.response.status_code == 200
    assert err.in_stream is True
    assert err.type == error_type
    assert err.request_id == "req_s"


def test_unknown_in_stream_error_type_is_a_generic_status_error() -> None:
    data = {"type": "error", "error": {"type": "brand_new_error", "message": "?"}}
    err = status_error_from_stream_event(data, _response(200))
    assert type(err) is anthropic.APIStatusError
    assert err.type == "brand_new_error"


def test_retry_after_is_exposed_on_status_errors() -> None:
    err = status_error_from_response(_response(429, b"", {"retry-after-ms": "1500"}), b"")
    assert err.retry_after == 1.5


# -- what each error carries (mutation testing, issue 10) --------------------------------------------------


def test_a_status_error_carries_its_response_and_that_responses_request() -> None:
    response = _response(529, b"{}")
    err = status_error_from_response(response, b"{}")
    assert err.response is response
    assert err.request is REQUEST


def test_a_validation_error_carries_its_response_request_and_status() -> None:
    response = _response(200, b"[]")
    err = anthropic.APIResponseValidationError(response, [])
    assert (err.response, err.request, err.status_code, err.body) == (response, REQUEST, 200, [])
    assert str(err) == "Data returned by API invalid for expected schema."


def test_error_details_that_are_not_an_object_are_ignored() -> None:
    content = b'{"type":"error","error":{"type":"api_error","message":"m","details":"see the logs"}}'
    err = status_error_from_response(_response(500, content), content)
    assert (err.details, err.error_code) == (None, None)
    content = b'{"type":"error","error":{"type":"api_error","message":"m","details":{"error_code":7}}}'
    err = status_error_from_response(_response(500, content), content)
    assert (err.details, err.error_code) == ({"error_code": 7}, None)


def test_a_timeout_built_as_the_reference_builds_it_is_a_read_timeout() -> None:
    err = anthropic.APITimeoutError(REQUEST)
    assert (err.timeout_kind, str(err), err.request) == ("read", "Request timed out.", REQUEST)


def test_an_incomplete_stream_error_names_its_request() -> None:
    err = anthropic.IncompleteStreamError(request=REQUEST)
    assert (err.request, str(err)) == (REQUEST, "Stream ended before message_stop.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"x" * 500, "Error code: 502 - " + "x" * 500),
        (b"x" * 501, "Error code: 502 - " + "x" * 500 + "…"),
        (b"123", "Error code: 502 - 123"),
        (b"[" + b'"ab",' * 120 + b'"ab"]', "Error code: 502 - " + repr(["ab"] * 121)[:500] + "…"),
    ],
)
def test_a_body_without_a_message_is_quoted_up_to_500_characters(content: bytes, message: str) -> None:
    """The reference's wording for bodies that are not the API's error shape: text as is, decoded JSON as
    Python shows it, either cut after exactly 500 characters."""
    err = status_error_from_response(_response(502, content), content)
    assert str(err) == message


def test_an_error_body_is_read_as_utf_8_when_the_response_knows_no_encoding() -> None:
    """A response whose encoding was cleared (`response.encoding = None`, e.g. by a middleware) still gives a
    typed error with the body decoded as UTF-8, never a `LookupError` or a `TypeError`."""
    content = "héllo \u2603".encode() + b"\xff"
    response = httpx.Response(500, content=content, request=REQUEST)
    response.encoding = None
    err = status_error_from_response(response, content)
    assert isinstance(err, anthropic.InternalServerError)
    assert str(err) == "Error code: 500 - héllo \u2603\ufffd"


def test_the_status_classes_defined_on_first_use_are_the_modules_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_exceptions` defines most status classes on first use (`_status_errors`): read again after the
    module forgot them, each is found and cached; `dir()` lists them before; other names are errors."""
    from unbroken import _exceptions, _status_errors

    lazy = [name for name in _exceptions.__all__ if hasattr(_status_errors, name)]
    assert "NotFoundError" in lazy and "PaymentRequiredError" in lazy
    for name in lazy:
        monkeypatch.delitem(vars(_exceptions), name, raising=False)
    assert set(lazy) <= set(dir(_exceptions))

    for name in lazy:
        value = getattr(_exceptions, name)
        assert value is getattr(_status_errors, name)
        assert vars(_exceptions)[name] is value
    unknown = "module 'unbroken._exceptions' has no attribute 'NoSuchError'"
    with pytest.raises(AttributeError, match=re.escape(unknown)):
        _exceptions.NoSuchError  # noqa: B018
