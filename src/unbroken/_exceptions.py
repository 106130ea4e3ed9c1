"""Every failure a caller can see, as one tree (spec/errors.md), plus the builders that pick the class.

    AnthropicError
    ├── CredentialsError                  a platform's credentials could not be obtained (also a RuntimeError)
    ├── RetryableError                    a middleware asks for the attempt to be retried (budget permitting)
    └── APIError
        ├── APIConnectionError            no (complete) response: refused, reset, cut mid-body
        │   ├── APITimeoutError           a limit passed; `timeout_kind` says which (connect … deadline)
        │   └── IncompleteStreamError     a stream body ended without `message_stop`
        ├── APIResponseValidationError    a 2xx body that is not JSON or not the documented shape
        │   └── UnexpectedEventOrderError a stream's events out of order (also a RuntimeError)
        └── APIStatusError                an error status, or an in-stream `event: error`
            ├── BadRequestError 400          ├── RateLimitError 429
            ├── AuthenticationError 401      ├── OverloadedError 529
            ├── PermissionDeniedError 403    └── InternalServerError other 5xx
            ├── NotFoundError 404                ├── ServiceUnavailableError 503
            ├── ConflictError 409                └── DeadlineExceededError 504
            ├── RequestTooLargeError 413
            └── UnprocessableEntityError 422

That is the reference's (0.74.0) tree, with one change: 503 and 504 are also `InternalServerError`s (as
in the official SDK 2.x). The reference documents `ServiceUnavailableError` and `DeadlineExceededError` for
them but raises `InternalServerError`, so `except` clauses written for either its documentation or its
behaviour catch them here. 529 stays apart from `InternalServerError`, as 0.74.0 raises it.

Beneath the tree hang the classes the official SDK 2.x added for the statuses and error codes the API has
documented since, under the same names, so that `except` clauses written for either version work
(`ContentTooLargeError` and `GatewayTimeoutError` are 2.x's names for 413 and 504: aliases). The classes
beneath `APIStatusError` are defined in `_status_errors` on first use (read from here or from `unbroken`, or
met as an error), so a program's first answer does not pay for 33 classes it never sees; they are this
module's classes all the same (`__module__`, pickling, `from … import`). Only the 5xx and 529 classes are
defined here, because every client names them (its default `fallback_on`):

    APIStatusError            PaymentRequiredError 402, RequestTimeoutError 408, PreconditionFailedError 412,
                              RequestHeaderFieldsTooLargeError 431, ClientClosedRequestError 499
    BadRequestError           CMEKKeyDisabledError, CMEKKeyNetworkBlockedError,
                              ClaudeCodeKeyCreatorNotMemberError, ClaudeCodeVersionTooOldError,
                              OrganizationOnHoldError,
                              OrganizationTypeNotSupportedError, ParentOrganizationRequiredError,
                              RequestBodyEncodingInvalidError, RequestBodyEncodingUnsupportedError,
                              WorkspaceHumanReviewDisabledError
    PaymentRequiredError      LinkedOrganizationBillingUnavailableError,
                              LinkedOrganizationSpendLimitReachedError
    PermissionDeniedError     SandboxEgressRestrictedError
    RequestTooLargeError      RequestBodyTooLargeAfterDecodingError
    RateLimitError            EnforcedSpendLimitReachedError, ContractSpendLimitReachedError,
                              RampLimitExceededError
    ServiceUnavailableError   CMEKContextUnavailableError, CMEKKeyUnreachableError
    InternalServerError       HTTPNotImplementedError 501

The status→class mapping is looked up in one place, `status_error_class`: `_status_errors.STATUS_ERRORS`,
refined by `error.details.error_code` in `_status_errors.CODE_ERRORS`; in-stream errors are mapped by their
`error.type` to a status and then through the same tables. Lower layers (httpx2, httpx) are translated in
`_transport.py` only, always with the original exception on `__cause__`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ._json import loads

if TYPE_CHECKING:
    from typing import TypeAlias

    import httpx
    import httpx2

    from ._ratelimit import RateLimitInfo
    from ._status_errors import (
        AuthenticationError,
        BadRequestError,
        ClaudeCodeKeyCreatorNotMemberError,
        ClaudeCodeVersionTooOldError,
        ClientClosedRequestError,
        CMEKContextUnavailableError,
        CMEKKeyDisabledError,
        CMEKKeyNetworkBlockedError,
        CMEKKeyUnreachableError,
        ConflictError,
        ContentTooLargeError,
        ContractSpendLimitReachedError,
        EnforcedSpendLimitReachedError,
        HTTPNotImplementedError,
        LinkedOrganizationBillingUnavailableError,
        LinkedOrganizationSpendLimitReachedError,
        NotFoundError,
        OrganizationOnHoldError,
        OrganizationTypeNotSupportedError,
        ParentOrganizationRequiredError,
        PaymentRequiredError,
        PermissionDeniedError,
        PreconditionFailedError,
        RampLimitExceededError,
        RateLimitError,
        RequestBodyEncodingInvalidError,
        RequestBodyEncodingUnsupportedError,
        RequestBodyTooLargeAfterDecodingError,
        RequestHeaderFieldsTooLargeError,
        RequestTimeoutError,
        RequestTooLargeError,
        SandboxEgressRestrictedError,
        UnprocessableEntityError,
        WorkspaceHumanReviewDisabledError,
    )
    from ._timeouts import TimeoutKind
    from .types.beta.message import BetaMessage
    from .types.message import Message

    # The request and response of whichever HTTP stack sent the call (see `_stacks`): both have one API.
    HTTPRequest: TypeAlias = "httpx.Request | httpx2.Request"
    HTTPResponse: TypeAlias = "httpx.Response | httpx2.Response"

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AnthropicError",
    "AuthenticationError",
    "BadRequestError",
    "CMEKContextUnavailableError",
    "CMEKKeyDisabledError",
    "CMEKKeyNetworkBlockedError",
    "CMEKKeyUnreachableError",
    "ClaudeCodeKeyCreatorNotMemberError",
    "ClaudeCodeVersionTooOldError",
    "ClientClosedRequestError",
    "ConflictError",
    "ContentTooLargeError",
    "ContractSpendLimitReachedError",
    "CredentialsError",
    "DeadlineExceededError",
    "EnforcedSpendLimitReachedError",
    "GatewayTimeoutError",
    "HTTPNotImplementedError",
    "IncompleteStreamError",
    "InternalServerError",
    "LinkedOrganizationBillingUnavailableError",
    "LinkedOrganizationSpendLimitReachedError",
    "NotFoundError",
    "OrganizationOnHoldError",
    "OrganizationTypeNotSupportedError",
    "OverloadedError",
    "ParentOrganizationRequiredError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RampLimitExceededError",
    "RateLimitError",
    "RequestBodyEncodingInvalidError",
    "RequestBodyEncodingUnsupportedError",
    "RequestBodyTooLargeAfterDecodingError",
    "RequestHeaderFieldsTooLargeError",
    "RequestTimeoutError",
    "RequestTooLargeError",
    "RetryableError",
    "SandboxEgressRestrictedError",
    "ServiceUnavailableError",
    "UnexpectedEventOrderError",
    "UnprocessableEntityError",
    "WorkspaceHumanReviewDisabledError",
]


class AnthropicError(Exception):
    """Base of every exception this library raises."""

    partial_message: Message | BetaMessage | None = None
    """When raised while a message stream was consumed: the message as accumulated so far (None if
    `message_start` never arrived; a `BetaMessage`, or a `ParsedBetaMessage`, from a beta stream or
    `parse()`). Nothing received is lost."""


class CredentialsError(AnthropicError, RuntimeError):
    """A platform client could not obtain or apply its credentials (AWS signing, a Google or Azure token) for
    a reason retrying will not fix; a RuntimeError too, which is what the reference raises there. A transient
    failure of the same step is an `APIConnectionError`, and retried."""


class RetryableError(AnthropicError):
    """Raised by a middleware (or anything under it) to have the attempt retried by the client's retry policy,
    while retries remain; after that it reaches the caller as it is (the official SDK 2.x's name)."""


class APIError(AnthropicError):
    """A failure tied to a request: carries the request and, when there was one, the response body."""

    message: str
    request: HTTPRequest
    body: object | None
    """The decoded JSON body if the response had one, else its text, else None."""
    type: str | None
    """The API's `error.type` (e.g. "overloaded_error") when the body said so."""

    def __init__(self, message: str, request: HTTPRequest, *, body: object | None) -> None:
        super().__init__(message)
        self.request = request
        self.message = message
        self.body = body
        self.type = _error_field(body, "type")


class APIResponseValidationError(APIError):
    """The server answered with success, but the body is not valid JSON or not the documented shape."""

    response: HTTPResponse
    status_code: int

    def __init__(self, response: HTTPResponse, body: object | None, *, message: str | None = None) -> None:
        super().__init__(
            message or "Data returned by API invalid for expected schema.", response.request, body=body
        )
        self.response = response
        self.status_code = response.status_code


class UnexpectedEventOrderError(APIResponseValidationError, RuntimeError):
    """A stream's events arrived in an impossible order (a delta before `message_start`); a RuntimeError too,
    which is what the reference raises there."""


class APIStatusError(APIError):
    """The API answered with an error: an HTTP error status, or an `event: error` inside a stream."""

    response: HTTPResponse
    status_code: int
    request_id: str | None
    error_code: str | None
    """The API's `error.details.error_code` (e.g. "enforced_spend_limit_reached"), the stable name of the
    cause, when the body has one: branch on it rather than on the message."""
    details: dict[str, Any] | None
    """The API's `error.details` object, when the body has one."""
    in_stream: bool = False
    """True when the error arrived as an `event: error` inside a 200 stream (`response.status_code` is 200
    and `status_code` is the class's own code)."""

    def __init__(self, message: str, *, response: HTTPResponse, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("request-id") or _str_or_none(_dict_get(body, "request_id"))
        details = _dict_get(_dict_get(body, "error"), "details")
        self.details = details if isinstance(details, dict) else None
        self.error_code = _str_or_none(_dict_get(details, "error_code"))

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked us to wait (`retry-after-ms` / `retry-after`), if it said."""
        return retry_after_seconds(self.response.headers)

    @property
    def rate_limit(self) -> RateLimitInfo:
        """The rate-limit headers of the response (`anthropic-ratelimit-*`, `retry-after`), typed; fields the
        response did not carry are None."""
        from ._ratelimit import RateLimitInfo

        return RateLimitInfo.from_headers(self.response.headers)


class InternalServerError(APIStatusError):
    """Any other 5xx (and, as a base, 503 and 504: see the module docstring)."""


class ServiceUnavailableError(InternalServerError):
    """503: the service (or a platform in front of it) is temporarily unavailable."""

    status_code: Literal[503] = 503


class DeadlineExceededError(InternalServerError):
    """504: the request timed out on the server side."""

    status_code: Literal[504] = 504


class OverloadedError(APIStatusError):
    """529: the API is temporarily overloaded."""

    status_code: Literal[529] = 529


# The official SDK 2.x's name for 504 (its name for 413, `ContentTooLargeError`, is in `_status_errors`).
GatewayTimeoutError = DeadlineExceededError
"""The official SDK 2.x's name for 504."""


class APIConnectionError(APIError):
    """No complete response: the connection failed, was refused, or broke while the body was read."""

    def __init__(self, *, message: str = "Connection error.", request: HTTPRequest) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """A limit passed: httpx's connect/read/write/pool timeouts, a stream's `StreamTimeouts`, or the call's
    `deadline`. `timeout_kind` says which, and so does the message."""

    timeout_kind: TimeoutKind
    """`"connect"`, `"read"`, `"write"`, `"pool"` (httpx's timeouts), `"first_event"`, `"idle"`, `"total"`
    (`StreamTimeouts`) or `"deadline"` (the call's deadline)."""

    def __init__(
        self, request: HTTPRequest, *, timeout_kind: TimeoutKind | None = None, detail: str | None = None
    ) -> None:
        # The reference's constructor (`APITimeoutError(request)`) keeps the reference's message.
        if timeout_kind is None:
            message = "Request timed out."
        else:
            message = f"Request timed out ({detail or timeout_kind + ' timeout'})."
        super().__init__(message=message, request=request)
        self.timeout_kind = timeout_kind or "read"


class IncompleteStreamError(APIConnectionError):
    """A stream's body ended cleanly but before `message_stop`: the response is truncated, not done."""

    def __init__(self, *, message: str = "Stream ended before message_stop.", request: HTTPRequest) -> None:
        super().__init__(message=message, request=request)


# The API's `error.type` values and the status each stands for (used for in-stream errors).
ERROR_TYPE_STATUS: dict[str, int] = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "billing_error": 402,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
    # Not an API type: a platform's "service unavailable" (Bedrock's serviceUnavailableException).
    "service_unavailable_error": 503,
}


def status_error_class(status_code: int, error_code: str | None = None) -> type[APIStatusError]:
    """The most specific class for an HTTP status and, when the body named one, its `error_code`: the one
    lookup of the status tables."""
    from ._status_errors import CODE_ERRORS, STATUS_ERRORS  # defined on first use

    if error_code is not None:
        refined = CODE_ERRORS.get((status_code, error_code))
        if refined is not None:
            return refined
    cls = STATUS_ERRORS.get(status_code)
    if cls is not None:
        return cls
    return InternalServerError if status_code >= 500 else APIStatusError


def __getattr__(name: str) -> Any:
    # A name of `__all__` not defined here is a status class (`_status_errors`), defined on first use.
    if name in __all__:
        from . import _status_errors

        value = getattr(_status_errors, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    # The status classes are names of this module before they are defined (completion, `dir()`).
    return sorted({*globals(), *__all__})


def status_error_from_response(response: httpx.Response, content: bytes) -> APIStatusError:
    """Build the error for a non-2xx response whose body has been read (JSON, HTML or plain text)."""
    body = _decode_body(content, response)
    message = _error_field(body, "message") or _fallback_message(response.status_code, body)
    cls = status_error_class(response.status_code, _error_code(body))
    return cls(message, response=response, body=body)


def status_error_from_stream_event(data: object, response: httpx.Response) -> APIStatusError:
    """Build the error for an in-stream `event: error`; the class follows `error.type`, not the 200."""
    error_type = _error_field(data, "type")
    status = ERROR_TYPE_STATUS.get(error_type or "")
    cls = status_error_class(status, _error_code(data)) if status is not None else APIStatusError
    message = _error_field(data, "message") or f"Stream error: {data!r}"
    err = cls(message, response=response, body=data)
    if status is not None:
        err.status_code = status
    err.in_stream = True
    return err


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """`retry-after-ms`, else `retry-after` as seconds or an HTTP date; None when absent or unreadable."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            return float(raw_ms) / 1000
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    import email.utils  # only for the rare HTTP-date form; the email package is slow to import

    parsed = email.utils.parsedate_tz(raw)
    if parsed is None:
        return None
    return float(email.utils.mktime_tz(parsed) - time.time())


def _decode_body(content: bytes, response: httpx.Response) -> object:
    text = content.decode(response.encoding or "utf-8", errors="replace").strip()
    if not text:
        return None
    try:
        return loads(text)
    except ValueError:
        return text


def _fallback_message(status_code: int, body: object) -> str:
    """The reference's wording: `Error code: 404 - {'detail': 'Not Found'}` (a decoded body as Python shows
    it), shortened past 500 characters."""
    if body is None:
        return f"Error code: {status_code}"
    text = body if isinstance(body, str) else repr(body)
    if len(text) > 500:
        text = text[:500] + "…"
    return f"Error code: {status_code} - {text}"


def _dict_get(value: object, key: str) -> object:
    return value.get(key) if isinstance(value, dict) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _error_code(body: object) -> str | None:
    return _str_or_none(_dict_get(_dict_get(_dict_get(body, "error"), "details"), "error_code"))


def _error_field(body: object, key: str) -> str | None:
    """`body["error"][key]` for Anthropic-shaped bodies (`{"type": "error", "error": {...}}`)."""
    return _str_or_none(_dict_get(_dict_get(body, "error"), key))
