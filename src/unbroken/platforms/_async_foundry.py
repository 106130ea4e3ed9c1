# Source of _sync_foundry.py: scripts/unasync.py generates it from this file (`make generate`).
"""Microsoft Foundry: `AsyncAnthropicFoundry` (no extra dependencies).

Foundry serves the first-party API under `https://{resource}.services.ai.azure.com/anthropic/`, so this is
the first-party client with two differences (in `_foundry_base.py`): authentication (an `api-key` header, or
an Azure AD token provider called for every attempt) and the endpoints Foundry lacks (`models`, the Batch
API), which read as None as in the reference.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, overload

from typing_extensions import Self, Unpack

from .._async_client import AsyncAnthropic
from .._constants import DEFAULT_MAX_RETRIES
from .._exceptions import AnthropicError
from .._options import ClientOptions
from .._types import NotGiven, TimeoutTypes, not_given
from ._foundry_base import (
    MISSING_CREDENTIALS,
    AsyncAzureADTokenProvider,
    BaseFoundryClient,
    checked_token,
    foundry_base_url,
    set_auth,
)

if TYPE_CHECKING:
    import httpx
    import httpx2

    from ._async_foundry_resources import AsyncBetaFoundry, AsyncMessagesFoundry

__all__ = ["AsyncAnthropicFoundry"]


class AsyncAnthropicFoundry(BaseFoundryClient, AsyncAnthropic):
    """The asynchronous Foundry client (keyword arguments only)."""

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
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
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
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
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
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
    ) -> None:
        """`api_key`, `resource` and `base_url` fall back to `ANTHROPIC_FOUNDRY_API_KEY`, `_RESOURCE` and
        `_BASE_URL`; `azure_ad_token_provider` is called for every request."""
        api_key = api_key if api_key is not None else os.environ.get("ANTHROPIC_FOUNDRY_API_KEY")
        if api_key is None and azure_ad_token_provider is None:
            raise AnthropicError(MISSING_CREDENTIALS)
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
            **options,
            _strict_response_validation=_strict_response_validation,
        )
        # Not ANTHROPIC_API_KEY / _AUTH_TOKEN, which the first-party constructor falls back to.
        self.api_key = api_key
        self.auth_token = auth_token
        self._azure_ad_token_provider = azure_ad_token_provider

    @cached_property
    def messages(self) -> AsyncMessagesFoundry:
        from ._async_foundry_resources import AsyncMessagesFoundry

        return AsyncMessagesFoundry(self)

    @cached_property
    def beta(self) -> AsyncBetaFoundry:
        from ._async_foundry_resources import AsyncBetaFoundry

        return AsyncBetaFoundry(self)

    async def _aprepare_request(self, request: httpx.Request) -> None:
        provider = self._azure_ad_token_provider
        token: str | None = None
        if provider is not None:
            result = provider()
            token = checked_token(await result if inspect.isawaitable(result) else result)  # async-only
            # sync-only: token = checked_token(result)
        set_auth(request, token, self.api_key)

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
        _extra_kwargs: Mapping[str, Any] = {},
        **options: Unpack[ClientOptions],
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
            **options,
            _extra_kwargs={
                "azure_ad_token_provider": azure_ad_token_provider or self._azure_ad_token_provider,
                **_extra_kwargs,
            },
        )

    with_options = copy
