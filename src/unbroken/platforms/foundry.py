"""Microsoft Foundry: `AnthropicFoundry` / `AsyncAnthropicFoundry` (no extra dependencies).

Foundry serves the first-party API under `https://{resource}.services.ai.azure.com/anthropic/`, so these are
the first-party clients with two differences: authentication (an `api-key` header, or an Azure AD token
provider called for every attempt) and the endpoints Foundry lacks (`models`, the Batch API), which read as
None as in the reference.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Awaitable, Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, Union, overload

import httpx
from typing_extensions import Self

from .._base_client import BaseClient
from .._client import Anthropic, AsyncAnthropic
from .._constants import DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RETRIES
from .._exceptions import AnthropicError
from .._types import Headers, NotGiven, Timeout, not_given

if TYPE_CHECKING:
    from ._foundry_resources import AsyncBetaFoundry, AsyncMessagesFoundry, BetaFoundry, MessagesFoundry

__all__ = [
    "AnthropicFoundry",
    "AsyncAnthropicFoundry",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "BaseFoundryClient",
    "MutuallyExclusiveAuthError",
]

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], Union[str, Awaitable[str]]]

_MISSING_CREDENTIALS = (
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


def _checked_token(token: object) -> str:
    if not isinstance(token, str) or not token:
        raise ValueError(
            f"Expected `azure_ad_token_provider` argument to return a string but it returned {token}"
        )
    return token


def _set_auth(request: httpx.Request, token: str | None, api_key: str | None) -> None:
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


class AnthropicFoundry(BaseFoundryClient, Anthropic):
    """The synchronous Foundry client (keyword arguments only)."""

    models = None  # type: ignore[assignment]

    @overload
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None: ...
    @overload
    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None: ...
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None:
        """`api_key`, `resource` and `base_url` fall back to `ANTHROPIC_FOUNDRY_API_KEY`, `_RESOURCE` and
        `_BASE_URL`; `azure_ad_token_provider` is called for every request."""
        api_key = api_key if api_key is not None else os.environ.get("ANTHROPIC_FOUNDRY_API_KEY")
        if api_key is None and azure_ad_token_provider is None:
            raise AnthropicError(_MISSING_CREDENTIALS)
        url = foundry_base_url(resource, base_url)
        super().__init__(
            api_key=api_key,
            auth_token=auth_token,
            base_url=url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            max_event_bytes=max_event_bytes,
            _strict_response_validation=_strict_response_validation,
        )
        # Not ANTHROPIC_API_KEY / _AUTH_TOKEN, which the first-party constructor falls back to.
        self.api_key = api_key
        self.auth_token = auth_token
        self._azure_ad_token_provider = azure_ad_token_provider

    @cached_property
    def messages(self) -> MessagesFoundry:
        from ._foundry_resources import MessagesFoundry

        return MessagesFoundry(self)

    @cached_property
    def beta(self) -> BetaFoundry:
        from ._foundry_resources import BetaFoundry

        return BetaFoundry(self)

    def _prepare_request(self, request: httpx.Request) -> None:
        provider = self._azure_ad_token_provider
        token = _checked_token(provider()) if provider is not None else None
        _set_auth(request, token, self.api_key)

    def copy(
        self,
        *,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        http_client: httpx.Client | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        max_event_bytes: int | NotGiven = not_given,
        _extra_kwargs: Mapping[str, Any] | None = None,
    ) -> Self:
        """A new client with these options changed and the rest (incl. the token provider) shared."""
        return super().copy(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=timeout,
            http_client=http_client,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            max_event_bytes=max_event_bytes,
            _extra_kwargs={
                "azure_ad_token_provider": azure_ad_token_provider or self._azure_ad_token_provider,
                **(_extra_kwargs or {}),
            },
        )

    with_options = copy


class AsyncAnthropicFoundry(BaseFoundryClient, AsyncAnthropic):
    """The asynchronous Foundry client; its token provider may return an awaitable."""

    models = None  # type: ignore[assignment]

    @overload
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None: ...
    @overload
    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None: ...
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES,
        _strict_response_validation: bool = False,
    ) -> None:
        api_key = api_key if api_key is not None else os.environ.get("ANTHROPIC_FOUNDRY_API_KEY")
        if api_key is None and azure_ad_token_provider is None:
            raise AnthropicError(_MISSING_CREDENTIALS)
        url = foundry_base_url(resource, base_url)
        super().__init__(
            api_key=api_key,
            auth_token=auth_token,
            base_url=url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            max_event_bytes=max_event_bytes,
            _strict_response_validation=_strict_response_validation,
        )
        self.api_key = api_key
        self.auth_token = auth_token
        self._azure_ad_token_provider = azure_ad_token_provider

    @cached_property
    def messages(self) -> AsyncMessagesFoundry:
        from ._foundry_resources import AsyncMessagesFoundry

        return AsyncMessagesFoundry(self)

    @cached_property
    def beta(self) -> AsyncBetaFoundry:
        from ._foundry_resources import AsyncBetaFoundry

        return AsyncBetaFoundry(self)

    async def _aprepare_request(self, request: httpx.Request) -> None:
        provider = self._azure_ad_token_provider
        token: str | None = None
        if provider is not None:
            result = provider()
            token = _checked_token(await result if inspect.isawaitable(result) else result)
        _set_auth(request, token, self.api_key)

    def copy(
        self,
        *,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | Timeout | NotGiven | None = not_given,
        http_client: httpx.AsyncClient | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        max_event_bytes: int | NotGiven = not_given,
        _extra_kwargs: Mapping[str, Any] | None = None,
    ) -> Self:
        return super().copy(
            api_key=api_key,
            auth_token=auth_token,
            base_url=base_url,
            timeout=timeout,
            http_client=http_client,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            max_event_bytes=max_event_bytes,
            _extra_kwargs={
                "azure_ad_token_provider": azure_ad_token_provider or self._azure_ad_token_provider,
                **(_extra_kwargs or {}),
            },
        )

    with_options = copy
