"""Error payloads the API sends (`{"type": "error", "error": {...}}`), as models.

These are data, not exceptions: `unbroken.RateLimitError` is the exception raised for a 429, while
`unbroken.types.RateLimitError` is the shape of the error object inside the body (as in the reference SDK).
The Beta* twins are what beta endpoints and beta batch results carry.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, TypeAlias, Union

from .._models import BaseModel, OpenUnion

__all__ = [
    "APIErrorObject",
    "AuthenticationError",
    "BetaAPIError",
    "BetaAuthenticationError",
    "BetaBillingError",
    "BetaError",
    "BetaErrorResponse",
    "BetaGatewayTimeoutError",
    "BetaInvalidRequestError",
    "BetaNotFoundError",
    "BetaOverloadedError",
    "BetaPermissionError",
    "BetaRateLimitError",
    "BillingError",
    "ErrorObject",
    "ErrorResponse",
    "ErrorType",
    "GatewayTimeoutError",
    "InvalidRequestError",
    "NotFoundError",
    "OverloadedError",
    "PermissionError",
    "RateLimitError",
]

ErrorType: TypeAlias = Literal[
    "invalid_request_error",
    "authentication_error",
    "billing_error",
    "permission_error",
    "not_found_error",
    "rate_limit_error",
    "timeout_error",
    "api_error",
    "overloaded_error",
]


class InvalidRequestError(BaseModel):
    message: str
    type: Literal["invalid_request_error"]


class AuthenticationError(BaseModel):
    message: str
    type: Literal["authentication_error"]


class BillingError(BaseModel):
    message: str
    type: Literal["billing_error"]


class PermissionError(BaseModel):  # shadows the builtin on purpose: the reference name
    message: str
    type: Literal["permission_error"]


class NotFoundError(BaseModel):
    message: str
    type: Literal["not_found_error"]


class RateLimitError(BaseModel):
    message: str
    type: Literal["rate_limit_error"]


class GatewayTimeoutError(BaseModel):
    message: str
    type: Literal["timeout_error"]


class APIErrorObject(BaseModel):
    message: str
    type: Literal["api_error"]


class OverloadedError(BaseModel):
    message: str
    type: Literal["overloaded_error"]


ErrorObject: TypeAlias = Annotated[
    Union[
        InvalidRequestError,
        AuthenticationError,
        BillingError,
        PermissionError,
        NotFoundError,
        RateLimitError,
        GatewayTimeoutError,
        APIErrorObject,
        OverloadedError,
    ],
    OpenUnion(),
]


class ErrorResponse(BaseModel):
    error: ErrorObject
    request_id: Optional[str] = None
    type: Literal["error"]


class BetaInvalidRequestError(BaseModel):
    message: str
    type: Literal["invalid_request_error"]


class BetaAuthenticationError(BaseModel):
    message: str
    type: Literal["authentication_error"]


class BetaBillingError(BaseModel):
    message: str
    type: Literal["billing_error"]


class BetaPermissionError(BaseModel):
    message: str
    type: Literal["permission_error"]


class BetaNotFoundError(BaseModel):
    message: str
    type: Literal["not_found_error"]


class BetaRateLimitError(BaseModel):
    message: str
    type: Literal["rate_limit_error"]


class BetaGatewayTimeoutError(BaseModel):
    message: str
    type: Literal["timeout_error"]


class BetaAPIError(BaseModel):
    message: str
    type: Literal["api_error"]


class BetaOverloadedError(BaseModel):
    message: str
    type: Literal["overloaded_error"]


BetaError: TypeAlias = Annotated[
    Union[
        BetaInvalidRequestError,
        BetaAuthenticationError,
        BetaBillingError,
        BetaPermissionError,
        BetaNotFoundError,
        BetaRateLimitError,
        BetaGatewayTimeoutError,
        BetaAPIError,
        BetaOverloadedError,
    ],
    OpenUnion(),
]


class BetaErrorResponse(BaseModel):
    error: BetaError
    request_id: Optional[str] = None
    type: Literal["error"]
