# Source of _sync_bedrock.py: scripts/unasync.py generates it from this file (`make generate`).
"""Amazon Bedrock: `AsyncAnthropicBedrock` (extra `bedrock`: botocore).

The resources, streams and retry loop are the first-party client's; what Bedrock changes is in
`BedrockBase` (`_bedrock_base.py`), except signing each attempt, which is I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from typing_extensions import Self, Unpack

from .._async_client import AsyncAnthropic
from .._concurrency import arun_blocking
from .._constants import DEFAULT_MAX_RETRIES
from .._options import ClientOptions
from .._types import NotGiven, TimeoutTypes, not_given
from ..resources.beta.beta import AsyncPlatformBeta
from ._bedrock_base import BedrockBase
from ._shared import Unsupported

if TYPE_CHECKING:
    import httpx
    import httpx2

__all__ = ["AsyncAnthropicBedrock"]


class AsyncAnthropicBedrock(BedrockBase, AsyncAnthropic):
    """The asynchronous Bedrock client. Arguments are positional-or-keyword in the reference's order
    (secret key first)."""

    models = Unsupported()

    def __init__(  # noqa: PLR0917 - positional in the reference's order
        self,
        aws_secret_key: str | None = None,
        aws_access_key: str | None = None,
        aws_region: str | None = None,
        aws_profile: str | None = None,
        aws_session_token: str | None = None,
        base_url: str | httpx.URL | httpx2.URL | None = None,
        timeout: TimeoutTypes | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | httpx2.AsyncClient | None = None,
        _strict_response_validation: bool = False,
        **options: Unpack[ClientOptions],
    ) -> None:
        url = self._configure(
            aws_secret_key=aws_secret_key,
            aws_access_key=aws_access_key,
            aws_region=aws_region,
            aws_profile=aws_profile,
            aws_session_token=aws_session_token,
            base_url=base_url,
        )
        super().__init__(
            base_url=url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            **options,
            _strict_response_validation=_strict_response_validation,
        )
        self.api_key = None
        self.auth_token = None

    @cached_property
    def beta(self) -> AsyncPlatformBeta:  # type: ignore[override]
        return AsyncPlatformBeta(self)

    async def _aprepare_request(self, request: httpx.Request) -> None:
        """SigV4 for exactly what is sent, every attempt (a retry carries a fresh date)."""
        body = await request.aread()
        if self._signer.static:
            credentials = self._signer.frozen_credentials()
        else:  # the credential chain may call a metadata endpoint or STS
            credentials = await arun_blocking(self._signer.frozen_credentials)
        self._signer.sign(request, body, credentials)

    def copy(  # type: ignore[override]
        self,
        *,
        aws_secret_key: str | None = None,
        aws_access_key: str | None = None,
        aws_region: str | None = None,
        aws_profile: str | None = None,
        aws_session_token: str | None = None,
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
        """A new client with these options changed and the rest (incl. the http client) shared."""
        kwargs = self._bedrock_copy_kwargs(
            aws_secret_key=aws_secret_key,
            aws_access_key=aws_access_key,
            aws_region=aws_region,
            aws_profile=aws_profile,
            aws_session_token=aws_session_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            options=options,
        )
        return self._shared_with(
            self.__class__(**kwargs, http_client=http_client or self._client, **_extra_kwargs)
        )

    with_options = copy  # type: ignore[assignment]
