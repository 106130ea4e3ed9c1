"""What both Bedrock clients share: configuration, the request rewrite, SigV4 signing and the error shape.

The resources, streams and retry loop are the first-party client's; Bedrock differs only in the hooks:

* `_prepare_spec` (once per call): `POST /v1/messages`, `/v1/messages?beta=true` and `/v1/complete` become
  `/model/{model}/invoke` (or `/invoke-with-response-stream`), with `model` and `stream` moved out of the
  body, `anthropic_version` defaulted and the `anthropic-beta` header copied into the body; the Batch API
  and token counting, which Bedrock lacks, fail here, before anything is sent;
* `_prepare_request` (every attempt, so a retry carries a fresh date, defined by each client): SigV4 by
  botocore's own signer (`SigV4Signer`);
* `_event_decoder`: the AWS event-stream framing of streamed bodies (`_eventstream.py`);
* `_make_status_error`: Bedrock's `{"message": ...}` error bodies, classed by the one status table.

botocore is imported only when something needs it (region inference, signing, a stream), never by
`import unbroken`.
"""

from __future__ import annotations

import logging
import os
import threading
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._base_client import BaseClient
from .._exceptions import AnthropicError, APIStatusError, CredentialsError, status_error_from_response
from .._options import Controls
from .._request import RequestSpec
from .._types import Headers, NotGiven, TimeoutTypes
from .._values import replace
from ._shared import beta_names, json_body, split_path

if TYPE_CHECKING:
    import httpx
    import httpx2

    from .._base_client import EventDecoder

__all__ = ["BedrockBase", "SigV4Signer", "bedrock_spec", "infer_region", "transient_botocore_error"]

logger = logging.getLogger(__name__)

DEFAULT_VERSION = "bedrock-2023-05-31"
_INVOKE_PATHS = frozenset({"/v1/messages", "/v1/complete"})
_MISSING_BOTOCORE = "The Bedrock client needs botocore: pip install 'unbroken[bedrock]'"
_NO_CREDENTIALS = "could not resolve credentials from session"


def infer_region(profile: str | None) -> str:
    """`AWS_REGION`, else the region botocore's configuration gives (profile, `AWS_DEFAULT_REGION`),
    else us-east-1 with a warning (the reference's legacy default)."""
    region = os.environ.get("AWS_REGION")
    if region:
        return region
    try:
        import botocore.session  # type: ignore[import-untyped]
        from botocore.exceptions import BotoCoreError  # type: ignore[import-untyped]
    except ImportError:
        pass
    else:
        try:
            found = botocore.session.Session(profile=profile).get_config_variable("region")
        except BotoCoreError:
            found = None
        if isinstance(found, str) and found:
            return found
    logger.warning("No AWS region specified, defaulting to us-east-1")
    return "us-east-1"


def transient_botocore_error(exc: Exception) -> bool:
    """A botocore failure to reach a credential endpoint (IMDS, STS, SSO), which a retry may fix."""
    try:
        from botocore.exceptions import (
            ConnectionError as BotoConnectionError,
        )
        from botocore.exceptions import HTTPClientError, MetadataRetrievalError
    except ImportError:  # pragma: no cover - botocore is what raised
        return False
    return isinstance(exc, (BotoConnectionError, HTTPClientError, MetadataRetrievalError))


def bedrock_spec(spec: RequestSpec, custom_headers: Headers) -> RequestSpec:
    """The Bedrock form of one call (pure; raises `AnthropicError` for endpoints Bedrock does not have)."""
    path, params = split_path(spec)
    if path.startswith("/v1/messages/batches"):
        raise AnthropicError("The Batch API is not supported in Bedrock yet")
    if path == "/v1/messages/count_tokens":
        raise AnthropicError("Token counting is not supported in Bedrock yet")
    body = json_body(spec)
    if body is None:
        return spec
    body.setdefault("anthropic_version", DEFAULT_VERSION)
    betas = beta_names(custom_headers, spec.headers)
    if betas:
        body.setdefault("anthropic_beta", betas)
    if spec.method.lower() != "post" or path not in _INVOKE_PATHS:
        return replace(spec, json_data=body, extra_json=None)
    model = urllib.parse.quote(str(body.pop("model", None)), safe=":")
    action = "invoke-with-response-stream" if body.pop("stream", False) else "invoke"
    params.pop("beta", None)
    return replace(spec, path=f"/model/{model}/{action}", params=params, json_data=body, extra_json=None)


class SigV4Signer:
    """Resolves credentials once per client (the keys given, else botocore's chain for the profile) and
    signs each attempt with botocore's `SigV4Auth` for service "bedrock"."""

    def __init__(
        self,
        *,
        access_key: str | None,
        secret_key: str | None,
        session_token: str | None,
        profile: str | None,
        region: str,
    ) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._session_token = session_token
        self._profile = profile
        self._region = region
        self._credentials: Any = None
        self._lock = threading.Lock()

    @property
    def static(self) -> bool:
        """Keys were given: resolving them never does I/O."""
        return any(v is not None for v in (self._access_key, self._secret_key, self._session_token))

    def frozen_credentials(self) -> Any:
        """A consistent snapshot (botocore refreshes temporary credentials here, which may block)."""
        with self._lock:
            if self._credentials is None:
                self._credentials = self._resolve()
            credentials = self._credentials
        from botocore.exceptions import BotoCoreError

        try:
            return credentials.get_frozen_credentials()
        except BotoCoreError as exc:
            if transient_botocore_error(exc):
                raise  # the client makes it an APIConnectionError, which is retried
            raise CredentialsError(f"{_NO_CREDENTIALS}: {exc}") from exc

    def _resolve(self) -> Any:
        try:
            import botocore.session
            from botocore.credentials import Credentials  # type: ignore[import-untyped]
            from botocore.exceptions import BotoCoreError
        except ImportError as exc:
            raise CredentialsError(_MISSING_BOTOCORE) from exc
        if self.static:
            if not (self._access_key and self._secret_key):
                raise CredentialsError(
                    f"{_NO_CREDENTIALS}: `aws_access_key` and `aws_secret_key` go together"
                )
            return Credentials(self._access_key, self._secret_key, self._session_token)
        try:
            credentials = botocore.session.Session(profile=self._profile).get_credentials()
        except BotoCoreError as exc:
            if transient_botocore_error(exc):
                raise
            raise CredentialsError(f"{_NO_CREDENTIALS}: {exc}") from exc
        if credentials is None:
            raise CredentialsError(_NO_CREDENTIALS)
        return credentials

    def sign(self, request: httpx.Request, body: bytes, credentials: Any) -> None:
        """Add `Authorization`, `X-Amz-Date` (and `X-Amz-Security-Token`) for exactly what is sent."""
        from botocore.auth import SigV4Auth  # type: ignore[import-untyped]
        from botocore.awsrequest import AWSRequest  # type: ignore[import-untyped]

        # A proxy may drop `connection`, so it must not be part of what the receiver checks.
        headers = {k: v for k, v in request.headers.items() if k.lower() != "connection"}
        signed = AWSRequest(method=request.method.upper(), url=str(request.url), headers=headers, data=body)
        SigV4Auth(credentials, "bedrock", self._region).add_auth(signed)
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            value = signed.headers.get(name)
            if value is not None:
                request.headers[name] = value


class BedrockBase(BaseClient):
    """The pure part both Bedrock clients share: configuration and the hooks."""

    _api_version_header = False  # the version travels in the body (`anthropic_version`), and is signed there
    _gen_ai_provider = "aws.bedrock"  # the GenAI conventions' AWS Bedrock page: MUST be "aws.bedrock"

    aws_secret_key: str | None
    aws_access_key: str | None
    aws_region: str
    aws_profile: str | None
    aws_session_token: str | None
    _base_url_given: bool
    _signer: SigV4Signer

    def _configure(
        self,
        *,
        aws_secret_key: str | None,
        aws_access_key: str | None,
        aws_region: str | None,
        aws_profile: str | None,
        aws_session_token: str | None,
        base_url: str | httpx.URL | httpx2.URL | None,
    ) -> str | httpx.URL | httpx2.URL:
        """Store the AWS settings and return the base URL (argument, env, or the region's endpoint)."""
        self.aws_secret_key = aws_secret_key
        self.aws_access_key = aws_access_key
        self.aws_profile = aws_profile
        self.aws_session_token = aws_session_token
        self.aws_region = aws_region if aws_region is not None else infer_region(aws_profile)
        self._base_url_given = base_url is not None
        self._signer = SigV4Signer(
            access_key=aws_access_key,
            secret_key=aws_secret_key,
            session_token=aws_session_token,
            profile=aws_profile,
            region=self.aws_region,
        )
        if base_url is None:
            base_url = os.environ.get("ANTHROPIC_BEDROCK_BASE_URL")
        return base_url or f"https://bedrock-runtime.{self.aws_region}.amazonaws.com"

    @property
    def auth_headers(self) -> dict[str, str]:
        return {}  # SigV4, never an Anthropic key (not even one in ANTHROPIC_API_KEY)

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        return None  # signed in `_prepare_request`, after this check

    def _prepare_spec(self, spec: RequestSpec) -> RequestSpec:
        return bedrock_spec(spec, self._custom_headers)

    def _transient_credentials_error(self, exc: Exception) -> bool:
        return transient_botocore_error(exc)

    def _event_decoder(self) -> EventDecoder:
        from ._eventstream import AWSEventStreamDecoder

        return AWSEventStreamDecoder()

    def _make_status_error(self, response: httpx.Response, content: bytes) -> APIStatusError:
        """The one table's class, with Bedrock's `{"message": ...}` as the message when that is the shape."""
        error = status_error_from_response(response, content)
        body = error.body
        if isinstance(body, dict) and not isinstance(body.get("error"), dict):
            message = body.get("message") or body.get("Message")
            if isinstance(message, str) and message:
                return type(error)(message, response=response, body=body)
        return error

    def _bedrock_copy_kwargs(
        self,
        *,
        aws_secret_key: str | None,
        aws_access_key: str | None,
        aws_region: str | None,
        aws_profile: str | None,
        aws_session_token: str | None,
        base_url: str | httpx.URL | httpx2.URL | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        default_headers: Mapping[str, str] | None,
        set_default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        set_default_query: Mapping[str, object] | None,
        options: Mapping[str, Any],
    ) -> dict[str, Any]:
        # A base URL derived from the region follows a new region; one the caller chose is kept.
        if base_url is None and self._base_url_given:
            base_url = self.base_url
        args = self._copy_args(
            api_key=None,
            auth_token=None,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            options=options,
        )
        return {
            "aws_secret_key": aws_secret_key or self.aws_secret_key,
            "aws_access_key": aws_access_key or self.aws_access_key,
            "aws_region": aws_region or self.aws_region,
            "aws_profile": aws_profile or self.aws_profile,
            "aws_session_token": aws_session_token or self.aws_session_token,
            "base_url": base_url,
            "timeout": args["timeout"],
            "max_retries": args["max_retries"],
            "default_headers": args["default_headers"],
            "default_query": args["default_query"],
            **Controls.pick(args),
            "_strict_response_validation": self._strict_response_validation,
        }
