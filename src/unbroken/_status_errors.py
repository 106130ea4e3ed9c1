"""The classes beneath `APIStatusError`, one per status and `error.details.error_code` the client tells
apart: 0.74.0's 4xx (`BadRequestError` … `RateLimitError`) and those the official SDK 2.x added for the
statuses and codes the API has documented since (same names, same statuses). `_exceptions` draws the tree;
the 5xx and 529 classes stay there, named by every client's default `fallback_on`.

They load on first use (`_exceptions.status_error_class`, or the name read from `unbroken` or `_exceptions`),
so a program that never meets an error status does not define 33 classes on its way to its first answer.
Their `__module__` is `unbroken._exceptions`, where they are documented, named in tracebacks and pickled from.
"""

from __future__ import annotations

from typing import Literal

from ._exceptions import (
    APIStatusError,
    DeadlineExceededError,
    InternalServerError,
    OverloadedError,
    ServiceUnavailableError,
)

__all__ = [
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
    "EnforcedSpendLimitReachedError",
    "HTTPNotImplementedError",
    "LinkedOrganizationBillingUnavailableError",
    "LinkedOrganizationSpendLimitReachedError",
    "NotFoundError",
    "OrganizationOnHoldError",
    "OrganizationTypeNotSupportedError",
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
    "SandboxEgressRestrictedError",
    "UnprocessableEntityError",
    "WorkspaceHumanReviewDisabledError",
]


# -- 0.74.0's statuses


class BadRequestError(APIStatusError):
    """400: the request is malformed or has invalid parameters."""

    status_code: Literal[400] = 400


class AuthenticationError(APIStatusError):
    """401: the API key or token is missing, invalid or expired."""

    status_code: Literal[401] = 401


class PermissionDeniedError(APIStatusError):
    """403: the credentials are valid but not allowed to do this."""

    status_code: Literal[403] = 403


class NotFoundError(APIStatusError):
    """404: no such model, batch, file or endpoint."""

    status_code: Literal[404] = 404


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's current state."""

    status_code: Literal[409] = 409


class RequestTooLargeError(APIStatusError):
    """413: the request body exceeds the size limit."""

    status_code: Literal[413] = 413


class UnprocessableEntityError(APIStatusError):
    """422: well-formed but semantically invalid."""

    status_code: Literal[422] = 422


class RateLimitError(APIStatusError):
    """429: too many requests or tokens; see `retry_after`."""

    status_code: Literal[429] = 429


# The official SDK 2.x's name for 413 (its name for 504, `GatewayTimeoutError`, is in `_exceptions`).
ContentTooLargeError = RequestTooLargeError
"""The official SDK 2.x's name for 413."""


# -- the official SDK 2.x's statuses and error codes


class PaymentRequiredError(APIStatusError):
    """402: the account cannot be billed for this request (`billing_error`); retrying will not help."""

    status_code: Literal[402] = 402


class RequestTimeoutError(APIStatusError):
    """408: the server gave up waiting for the request; retried."""

    status_code: Literal[408] = 408


class PreconditionFailedError(APIStatusError):
    """412: a precondition of the request does not hold."""

    status_code: Literal[412] = 412


class RequestHeaderFieldsTooLargeError(APIStatusError):
    """431: the request's headers are too large."""

    status_code: Literal[431] = 431


class ClientClosedRequestError(APIStatusError):
    """499: the connection was closed before the server answered."""

    status_code: Literal[499] = 499


class HTTPNotImplementedError(InternalServerError):
    """501: the server does not support this request."""

    status_code: Literal[501] = 501


class CMEKKeyDisabledError(BadRequestError):
    """The workspace's customer-managed encryption key is disabled or revoked (`cmek_key_disabled`)."""


class CMEKKeyNetworkBlockedError(BadRequestError):
    """The key service's network rules blocked access to the workspace's key (`cmek_key_network_blocked`)."""


class ClaudeCodeKeyCreatorNotMemberError(BadRequestError):
    """The Claude Code key's creator has left the organization (`claude_code_key_creator_not_member`)."""


class ClaudeCodeVersionTooOldError(BadRequestError):
    """The Claude Code version is older than required (`claude_code_version_too_old`)."""


class OrganizationOnHoldError(BadRequestError):
    """The organization has been disabled for trust and safety reasons (`organization_on_hold`)."""


class OrganizationTypeNotSupportedError(BadRequestError):
    """The endpoint does not serve this type of organization (`organization_type_not_supported`)."""


class ParentOrganizationRequiredError(BadRequestError):
    """The endpoint serves only organizations with a parent (`parent_organization_required`)."""


class RequestBodyEncodingInvalidError(BadRequestError):
    """The body is not valid for its `Content-Encoding` (`request_body_encoding_invalid`)."""


class RequestBodyEncodingUnsupportedError(BadRequestError):
    """The request's `Content-Encoding` is not supported (`request_body_encoding_unsupported`)."""


class WorkspaceHumanReviewDisabledError(BadRequestError):
    """The workspace has Human Review turned off (`workspace_human_review_disabled`)."""


class LinkedOrganizationBillingUnavailableError(PaymentRequiredError):
    """The organization linked to the user profile cannot be billed
    (`linked_organization_billing_unavailable`)."""


class LinkedOrganizationSpendLimitReachedError(PaymentRequiredError):
    """The linked organization reached its spend limit (`linked_organization_spend_limit_reached`)."""


class SandboxEgressRestrictedError(PermissionDeniedError):
    """Sent from a Claude sandbox that may not make this request (`sandbox_egress_restricted`)."""


class RequestBodyTooLargeAfterDecodingError(RequestTooLargeError):
    """The compressed body exceeds the size limit once decoded (`request_body_too_large_after_decoding`)."""


class EnforcedSpendLimitReachedError(RateLimitError):
    """The organization crossed its usage tier's monthly spend limit (`enforced_spend_limit_reached`): a 429
    that retrying cannot fix, so it is not retried."""


class ContractSpendLimitReachedError(RateLimitError):
    """The organization reached the spend limit of its contract (`contract_spend_limit_reached`): not
    retried."""


class RampLimitExceededError(RateLimitError):
    """The request would exceed a ramp limit on how fast usage may grow (`ramp_limit_exceeded`); retried
    after the server's `retry-after`."""


class CMEKContextUnavailableError(ServiceUnavailableError):
    """The workspace's encryption settings could not be read (`cmek_context_unavailable`); retried."""


class CMEKKeyUnreachableError(ServiceUnavailableError):
    """The workspace's customer-managed key could not be reached (`cmek_key_unreachable`); retried."""


# Status → class, 0.74.0's statuses then 2.x's (any other 5xx is an `InternalServerError`).
STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: RequestTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
    504: DeadlineExceededError,
    529: OverloadedError,
    402: PaymentRequiredError,
    408: RequestTimeoutError,
    412: PreconditionFailedError,
    431: RequestHeaderFieldsTooLargeError,
    499: ClientClosedRequestError,
    501: HTTPNotImplementedError,
}

# The refinements by `error.details.error_code`: (status, code) → class, as the official SDK 2.x maps them.
CODE_ERRORS: dict[tuple[int, str], type[APIStatusError]] = {
    (400, "cmek_key_disabled"): CMEKKeyDisabledError,
    (400, "cmek_key_network_blocked"): CMEKKeyNetworkBlockedError,
    (400, "claude_code_key_creator_not_member"): ClaudeCodeKeyCreatorNotMemberError,
    (400, "claude_code_version_too_old"): ClaudeCodeVersionTooOldError,
    (400, "organization_on_hold"): OrganizationOnHoldError,
    (400, "organization_type_not_supported"): OrganizationTypeNotSupportedError,
    (400, "parent_organization_required"): ParentOrganizationRequiredError,
    (400, "request_body_encoding_invalid"): RequestBodyEncodingInvalidError,
    (400, "request_body_encoding_unsupported"): RequestBodyEncodingUnsupportedError,
    (400, "workspace_human_review_disabled"): WorkspaceHumanReviewDisabledError,
    (402, "linked_organization_billing_unavailable"): LinkedOrganizationBillingUnavailableError,
    (402, "linked_organization_spend_limit_reached"): LinkedOrganizationSpendLimitReachedError,
    (403, "sandbox_egress_restricted"): SandboxEgressRestrictedError,
    (413, "request_body_too_large_after_decoding"): RequestBodyTooLargeAfterDecodingError,
    (429, "contract_spend_limit_reached"): ContractSpendLimitReachedError,
    (429, "enforced_spend_limit_reached"): EnforcedSpendLimitReachedError,
    (429, "ramp_limit_exceeded"): RampLimitExceededError,
    (503, "cmek_context_unavailable"): CMEKContextUnavailableError,
    (503, "cmek_key_unreachable"): CMEKKeyUnreachableError,
}

for _cls in (*STATUS_ERRORS.values(), *CODE_ERRORS.values()):
    if _cls.__module__ == __name__:
        _cls.__module__ = "unbroken._exceptions"
