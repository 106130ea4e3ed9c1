"""What both Foundry clients share: the endpoint, the authentication rules, and the resources Foundry lacks.

Foundry serves the first-party API under `https://{resource}.services.ai.azure.com/anthropic/`, so these are
the first-party clients with two differences: authentication (an `api-key` header, or an Azure AD token
provider called for every attempt) and the endpoints Foundry lacks (`models`, the Batch API), which read as
None as in the reference.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any, TypeVar, Union, cast

import httpx

from .._exceptions import AnthropicError
from .._types import Headers
from ._shared import without_batches

__all__ = [
    "MISSING_CREDENTIALS",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "FoundryAuth",
    "MutuallyExclusiveAuthError",
    "checked_token",
    "foundry_base_url",
    "foundry_beta",
    "set_auth",
]

T = TypeVar("T")

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], Union[str, Awaitable[str]]]

MISSING_CREDENTIALS = (
    "Missing credentials. Please pass one of `api_key`, `azure_ad_token_provider`, or the "
    "`ANTHROPIC_FOUNDRY_API_KEY` environment variable."
)
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


def foundry_base_url(resource: str | None, base_url: str | httpx.URL | None) -> str | httpx.URL:
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


class FoundryAuth:
    """Shared by both Foundry clients: no first-party auth headers and no first-party header check."""

    @property
    def auth_headers(self) -> dict[str, str]:
        return {}  # `api-key` / the Azure AD token are added per attempt in `_prepare_request`

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        return None  # credentials were checked at construction


def foundry_beta(beta_cls: type[T]) -> type[T]:
    """`beta_cls` with a `messages` whose `batches` is None (built on first use, like the beta namespace)."""
    known = _FOUNDRY_BETAS.get(beta_cls)
    if known is not None:
        return cast("type[T]", known)

    def messages(self: Any) -> Any:
        inner = super(subclass, self).messages
        return without_batches(type(inner))(self._client)

    messages.__doc__ = "Beta messages without the Batch API, which Foundry does not serve."
    subclass: type[T] = type(beta_cls.__name__, (beta_cls,), {"messages": cached_property(messages)})
    return cast("type[T]", _FOUNDRY_BETAS.setdefault(beta_cls, subclass))


_FOUNDRY_BETAS: dict[type, type] = {}
