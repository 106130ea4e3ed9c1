"""The statuses and error codes the API added since 0.74.0: the official SDK 2.x's class names, hung beneath
the 0.74.0 tree (unchanged), so an `except` clause written for either version catches them."""

from __future__ import annotations

import anthropic as reference
import httpx
import pytest

import unbroken
from unbroken._exceptions import status_error_from_response, status_error_from_stream_event
from unbroken._retry import RetryPolicy

REQUEST = httpx.Request("POST", "https://api.anthropic.com/v1/messages")

# (status, error_code) → (class name, the 2.x parent class name), as anthropic==2.14.0 maps them.
SDK2: dict[tuple[int, str | None], tuple[str, str]] = {
    (402, None): ("PaymentRequiredError", "APIStatusError"),
    (408, None): ("RequestTimeoutError", "APIStatusError"),
    (412, None): ("PreconditionFailedError", "APIStatusError"),
    (431, None): ("RequestHeaderFieldsTooLargeError", "APIStatusError"),
    (499, None): ("ClientClosedRequestError", "APIStatusError"),
    (501, None): ("HTTPNotImplementedError", "InternalServerError"),
    (400, "cmek_key_disabled"): ("CMEKKeyDisabledError", "BadRequestError"),
    (400, "cmek_key_network_blocked"): ("CMEKKeyNetworkBlockedError", "BadRequestError"),
    (400, "claude_code_key_creator_not_member"): ("ClaudeCodeKeyCreatorNotMemberError", "BadRequestError"),
    (400, "claude_code_version_too_old"): ("ClaudeCodeVersionTooOldError", "BadRequestError"),
    (400, "organization_on_hold"): ("OrganizationOnHoldError", "BadRequestError"),
    (400, "organization_type_not_supported"): ("OrganizationTypeNotSupportedError", "BadRequestError"),
    (400, "parent_organization_required"): ("ParentOrganizationRequiredError", "BadRequestError"),
    (400, "request_body_encoding_invalid"): ("RequestBodyEncodingInvalidError", "BadRequestError"),
    (400, "request_body_encoding_unsupported"): ("RequestBodyEncodingUnsupportedError", "BadRequestError"),
    (400, "workspace_human_review_disabled"): ("WorkspaceHumanReviewDisabledError", "BadRequestError"),
    (402, "linked_organization_billing_unavailable"): (
        "LinkedOrganizationBillingUnavailableError",
        "PaymentRequiredError",
    ),
    (402, "linked_organization_spend_limit_reached"): (
        "LinkedOrganizationSpendLimitReachedError",
        "PaymentRequiredError",
    ),
    (403, "sandbox_egress_restricted"): ("SandboxEgressRestrictedError", "PermissionDeniedError"),
    (413, "request_body_too_large_after_decoding"): (
        "RequestBodyTooLargeAfterDecodingError",
        "RequestTooLargeError",
    ),
    (429, "enforced_spend_limit_reached"): ("EnforcedSpendLimitReachedError", "RateLimitError"),
    (429, "contract_spend_limit_reached"): ("ContractSpendLimitReachedError", "RateLimitError"),
    (429, "ramp_limit_exceeded"): ("RampLimitExceededError", "RateLimitError"),
    (503, "cmek_context_unavailable"): ("CMEKContextUnavailableError", "ServiceUnavailableError"),
    (503, "cmek_key_unreachable"): ("CMEKKeyUnreachableError", "ServiceUnavailableError"),
}


def body(error_type: str, code: str | None) -> dict[str, object]:
    error: dict[str, object] = {"type": error_type, "message": "no"}
    if code is not None:
        error["details"] = {"error_code": code, "appeal_url": "https://example.test"}
    return {"type": "error", "error": error}


@pytest.mark.parametrize(("key", "names"), SDK2.items(), ids=[name for name, _ in SDK2.values()])
def test_each_status_and_code_is_the_2x_class_beneath_its_2x_parent(
    key: tuple[int, str | None], names: tuple[str, str]
) -> None:
    status, code = key
    name, parent = names
    import json

    response = httpx.Response(status, request=REQUEST)
    error = status_error_from_response(response, json.dumps(body("some_error", code)).encode())
    cls = getattr(unbroken, name)
    assert type(error) is cls
    assert issubclass(cls, getattr(unbroken, parent))
    assert error.error_code == code
    assert (error.details or {}).get("error_code") == code
    assert name in unbroken.__all__


def test_a_code_under_another_status_or_an_unknown_code_falls_back_to_the_status_class() -> None:
    import json

    unknown = status_error_from_response(
        httpx.Response(429, request=REQUEST), json.dumps(body("rate_limit_error", "brand_new_code")).encode()
    )
    assert type(unknown) is unbroken.RateLimitError
    assert unknown.error_code == "brand_new_code"
    elsewhere = status_error_from_response(
        httpx.Response(400, request=REQUEST),
        json.dumps(body("invalid_request_error", "enforced_spend_limit_reached")).encode(),
    )
    assert type(elsewhere) is unbroken.BadRequestError


def test_the_2x_names_for_413_and_504_are_the_074_classes() -> None:
    assert unbroken.ContentTooLargeError is unbroken.RequestTooLargeError
    assert unbroken.GatewayTimeoutError is unbroken.DeadlineExceededError


def test_the_074_tree_is_unchanged() -> None:
    for name in reference._exceptions.__all__:  # type: ignore[attr-defined]
        ours, theirs = getattr(unbroken, name), getattr(reference, name)
        assert [c.__name__ for c in ours.__mro__[1:] if c.__module__.startswith("unbroken")] == [
            c.__name__ for c in theirs.__mro__[1:] if c.__module__.startswith("anthropic")
        ], name


def test_an_in_stream_error_is_refined_by_its_code_too() -> None:
    data = body("rate_limit_error", "enforced_spend_limit_reached")
    error = status_error_from_stream_event(data, httpx.Response(200, request=REQUEST))
    assert type(error) is unbroken.EnforcedSpendLimitReachedError
    assert (error.status_code, error.in_stream) == (429, True)
    billing = status_error_from_stream_event(
        body("billing_error", None), httpx.Response(200, request=REQUEST)
    )
    assert type(billing) is unbroken.PaymentRequiredError


def test_bodies_without_details_leave_error_code_and_details_none() -> None:
    error = status_error_from_response(httpx.Response(500, request=REQUEST), b"<html>oops</html>")
    assert (error.error_code, error.details) == (None, None)


@pytest.mark.parametrize("code", ["enforced_spend_limit_reached", "contract_spend_limit_reached"])
def test_spend_limits_are_final_whatever_their_status(code: str) -> None:
    import json

    policy = RetryPolicy(max_retries=2)
    response = httpx.Response(429, request=REQUEST)
    error = status_error_from_response(response, json.dumps(body("rate_limit_error", code)).encode())
    assert not policy.should_retry(0, response=response, error=error)
    assert not policy.should_retry(0, error=error)
    forced = httpx.Response(429, headers={"x-should-retry": "true"}, request=REQUEST)
    assert not policy.should_retry(0, response=forced, error=error)  # not even when the server says so


def test_a_deadline_timeout_is_never_retried_other_timeouts_are() -> None:
    policy = RetryPolicy(max_retries=2)
    assert not policy.should_retry(0, error=unbroken.APITimeoutError(REQUEST, timeout_kind="deadline"))
    for kind in ("connect", "read", "first_event", "idle", "total"):
        assert policy.should_retry(0, error=unbroken.APITimeoutError(REQUEST, timeout_kind=kind))  # type: ignore[arg-type]


def test_a_retry_after_longer_than_the_policys_cap_is_too_long_to_wait() -> None:
    policy = RetryPolicy(max_server_delay=60)
    assert policy.too_long_to_wait(httpx.Headers({"retry-after": "61"}))
    assert not policy.too_long_to_wait(httpx.Headers({"retry-after": "60"}))
    assert not policy.too_long_to_wait(httpx.Headers())
    assert not policy.too_long_to_wait(None)
