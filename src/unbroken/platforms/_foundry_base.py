"""What both Foundry clients share: the endpoint, the authentication rules, and the base class.

Foundry serves the first-party API under `https://{resource}.services.ai.azure.com/anthropic/`, so these are
the first-party clients with two differences: authentication (an `api-key` header, or an Azure AD token
provider called for every attempt) and the endpoints Foundry lacks (`models`, the Batch API), which read as
None as in the reference.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Union

from .._base_client import BaseClient
from .._exceptions import AnthropicError
from .._types import Headers

if TYPE_CHECKING:
    import httpx
    import httpx2

__all__ = [
    "MISSING_CREDENTIALS",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "BaseFoundryClient",
    "MutuallyExclusiveAuthError",
    "checked_token",
    "foundry_base_url",
    "set_auth",
]

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], Union[str, Awaitable[str]]]

MISSING_CREDENTIALS = (
    "Missing credentials. Please pass one of `api_key`, `azure_ad_token_provider`, or the "
    "`ANTHROPIC_FOUNDRY_API_KEY` environment variable."
)
_AZURE_TRANSIENT = frozenset({"ServiceRequestError", "ServiceResponseError"})
_MISSING_ENDPOINT = (
    "Must provide one of the `base_url` or `resource` arguments, or the `ANTHROPIC_FOUNDRY_RESOURCE` "
    "environment variable"
)


class MutuallyExclusiveAuthError(AnthropicError):
    """`api_key` and `azure_ad_token_provider` were both given (defined for the reference's surface; the
    provider simply wins, as in the reference)."""

    def __init__(self) -> None:
        super().__init__(
            "The `api_key` and `azure_ad_token_provider` arguments are mutually exclusive; "
            "Only one can be passed at a time"
        )


def foundry_base_url(
    resource: str | None, base_url: str | httpx.URL | httpx2.URL | None
) -> str | httpx.URL | httpx2.URL:
    """The endpoint: from the arguments if either is given, else from the environment; never both.

    An explicit argument is never overruled by (or in conflict with) the other one's environment variable.
    """
    if resource is None and base_url is None:
        base_url = os.environ.get("ANTHROPIC_FOUNDRY_BASE_URL")
        resource = os.environ.get("ANTHROPIC_FOUNDRY_RESOURCE")
    if base_url is not None and resource is not None:
        raise ValueError("base_url and resource are mutually exclusive")
    if base_url is not None:
        return base_url
    if resource is None:
        raise ValueError(_MISSING_ENDPOINT)
    return f"https://{resource}.services.ai.azure.com/anthropic/"


def checked_token(token: object) -> str:
    if not isinstance(token, str) or not token:
        raise ValueError(
            f"Expected `azure_ad_token_provider` argument to return a string but it returned {token}"
        )
    return token


def set_auth(request: httpx.Request, token: str | None, api_key: str | None) -> None:
    """Bearer token if there is one, else `api-key`; headers the caller set themselves are kept."""
    if token is not None:
        request.headers.setdefault("Authorization", f"Bearer {token}")
    elif api_key is not None:
        request.headers.setdefault("api-key", api_key)


class BaseFoundryClient(BaseClient):
    """What both Foundry clients share: their auth headers, and no first-party header check."""

    api_key: str | None

    @property
    def auth_headers(self) -> dict[str, str]:
        # `api-key` / the Azure AD token are added per attempt in `_prepare_request`; the key also goes as
        # `x-api-key`, as the reference sends it.
        return {"X-Api-Key": self.api_key} if self.api_key is not None else {}

    def _transient_credentials_error(self, exc: Exception) -> bool:
        """An Azure token provider that could not reach its endpoint (azure-core's request/response errors,
        matched by name so that azure-core need not be installed)."""
        return any(cls.__name__ in _AZURE_TRANSIENT for cls in type(exc).__mro__)

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        return None  # credentials were checked at construction
