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
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast, overload

from typing_extensions import Self

from .._client import Anthropic, AsyncAnthropic
from .._constants import DEFAULT_MAX_RETRIES
from .._exceptions import AnthropicError
from .._types import Headers, NotGiven, TimeoutTypes, not_given
from ._shared import without_batches

if TYPE_CHECKING:
    import httpx
    import httpx2

    from ..resources.beta import AsyncBeta, Beta
    from ..resources.messages import AsyncMessages, Messages

__all__ = [
    "AnthropicFoundry",
    "AsyncAnthropicFoundry",
    "AsyncAzureADTokenProvider",
    "AzureADTokenProvider",
    "MutuallyExclusiveAuthError",
]

T = TypeVar("T")

AzureADTokenProvider = Callable[[], str]
AsyncAzureADTokenProvider = Callable[[], Union[str, Awaitable[str]]]

_MISSING_CREDENTIALS = (
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


class _FoundryAuth:
    """Shared by both Foundry clients: no first-party auth headers and no first-party header check."""

    @property
    def auth_headers(self) -> dict[str, str]:
        return {}  # `api-key` / the Azure AD token are added per attempt in `_prepare_request`

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        return None  # credentials were checked at construction


class AnthropicFoundry(_FoundryAuth, Anthropic):
    """The synchronous Foundry client (keyword arguments only)."""

    models = None  # type: ignore[assignment]

    @overload
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | httpx2.Client | None = None,
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None: ...
    @overload
    def __init__(
        self,
        *,
        base_url: str | httpx.URL | httpx2.URL,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | httpx2.Client | None = None,
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None: ...
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | httpx2.Client | None = None,
        accumulate_raw_streams: bool = True,
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
            accumulate_raw_streams=accumulate_raw_streams,
            _strict_response_validation=_strict_response_validation,
        )
        # Not ANTHROPIC_API_KEY / _AUTH_TOKEN, which the first-party constructor falls back to.
        self.api_key = api_key
        self.auth_token = auth_token
        self._azure_ad_token_provider = azure_ad_token_provider

    @cached_property
    def messages(self) -> Messages:
        from ..resources.messages import Messages

        return without_batches(Messages)(self)

    @cached_property
    def beta(self) -> Beta:
        from ..resources.beta import Beta

        return _foundry_beta(Beta)(self)

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
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        http_client: httpx.Client | httpx2.Client | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        accumulate_raw_streams: bool | None = None,
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
            accumulate_raw_streams=accumulate_raw_streams,
            _extra_kwargs={
                "azure_ad_token_provider": azure_ad_token_provider or self._azure_ad_token_provider,
                **(_extra_kwargs or {}),
            },
        )

    with_options = copy


class AsyncAnthropicFoundry(_FoundryAuth, AsyncAnthropic):
    """The asynchronous Foundry client; its token provider may return an awaitable."""

    models = None  # type: ignore[assignment]

    @overload
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None: ...
    @overload
    def __init__(
        self,
        *,
        base_url: str | httpx.URL | httpx2.URL,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        accumulate_raw_streams: bool = True,
        _strict_response_validation: bool = False,
    ) -> None: ...
    def __init__(
        self,
        *,
        resource: str | None = None,
        api_key: str | None = None,
        azure_ad_token_provider: AsyncAzureADTokenProvider | None = None,
        auth_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        accumulate_raw_streams: bool = True,
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
            accumulate_raw_streams=accumulate_raw_streams,
            _strict_response_validation=_strict_response_validation,
        )
        self.api_key = api_key
        self.auth_token = auth_token
        self._azure_ad_token_provider = azure_ad_token_provider

    @cached_property
    def messages(self) -> AsyncMessages:
        from ..resources.messages import AsyncMessages

        return without_batches(AsyncMessages)(self)

    @cached_property
    def beta(self) -> AsyncBeta:
        from ..resources.beta import AsyncBeta

        return _foundry_beta(AsyncBeta)(self)

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
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        max_retries: int | NotGiven = not_given,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        accumulate_raw_streams: bool | None = None,
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
            accumulate_raw_streams=accumulate_raw_streams,
            _extra_kwargs={
                "azure_ad_token_provider": azure_ad_token_provider or self._azure_ad_token_provider,
                **(_extra_kwargs or {}),
            },
        )

    with_options = copy


def _foundry_beta(beta_cls: type[T]) -> type[T]:
    """`beta_cls` with a `messages` whose `batches` is None (built on first use, like the beta namespace)."""
    known = _FOUNDRY_BETAS.get(beta_cls)
    if known is not None:
        return cast("type[T]", known)

    def messages(self: Any) -> Any:
        inner = super(foundry_beta, self).messages
        return without_batches(type(inner))(self._client)

    messages.__doc__ = "Beta messages without the Batch API, which Foundry does not serve."
    foundry_beta: type[T] = type(beta_cls.__name__, (beta_cls,), {"messages": cached_property(messages)})
    return cast("type[T]", _FOUNDRY_BETAS.setdefault(beta_cls, foundry_beta))


_FOUNDRY_BETAS: dict[type, type] = {}
