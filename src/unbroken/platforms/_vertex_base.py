"""What both Vertex clients share: configuration, the request rewrite and the Google token logic.

The resources, streams (plain SSE on Vertex) and retry loop are the first-party client's; Vertex differs in:

* `_prepare_spec` (once per call): `POST /v1/messages[?beta=true]` becomes
  `/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict` (or
  `:streamRawPredict` when streaming), token counting becomes `.../models/count-tokens:rawPredict`, and
  `anthropic_version` is defaulted in the body; the Batch API, which Vertex lacks, fails here;
* `_prepare_request` (every attempt, in each client's module): `Authorization: Bearer <token>` from
  `access_token`, or from Google credentials refreshed when expired (the async client does that in a worker
  thread, off the event loop).

The project id comes from the argument, `ANTHROPIC_VERTEX_PROJECT_ID`, or Google's default credentials,
which are then loaded before the first call is built (in a worker thread for the async client).
google-auth is imported only when credentials are needed, never by `import unbroken`.
"""

from __future__ import annotations

import os
import threading
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._base_client import BaseClient
from .._exceptions import AnthropicError, APIConnectionError, CredentialsError
from .._options import Controls
from .._request import RequestSpec
from .._types import Headers, NotGiven, TimeoutTypes, not_given
from .._values import replace
from ._shared import json_body, split_path

if TYPE_CHECKING:
    import httpx
    import httpx2
    from google.auth.credentials import Credentials as GoogleCredentials

__all__ = ["VertexBase", "vertex_spec"]

DEFAULT_VERSION = "vertex-2023-10-16"
SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]
_MISSING_GOOGLE_AUTH = (
    "The Vertex client needs google-auth to find and refresh credentials: pip install 'unbroken[vertex]'"
)
_NO_REGION = (
    "No region was given. The client should be instantiated with the `region` argument or the "
    "`CLOUD_ML_REGION` environment variable should be set."
)
_NO_PROJECT = (
    "No project_id was given and it could not be resolved from credentials. The client should be "
    "instantiated with the `project_id` argument or the `ANTHROPIC_VERTEX_PROJECT_ID` environment variable "
    "should be set."
)
_MODEL_PATHS = frozenset({"/v1/messages"})


def vertex_spec(spec: RequestSpec, *, project_id: str | None, region: str) -> RequestSpec:
    """The Vertex form of one call (pure; raises for endpoints Vertex does not have)."""
    path, params = split_path(spec)
    if path.startswith("/v1/messages/batches"):
        raise AnthropicError("The Batch API is not supported in the Vertex client yet")
    body = json_body(spec)
    if body is None:
        return spec
    body.setdefault("anthropic_version", DEFAULT_VERSION)
    is_post = spec.method.lower() == "post"
    if is_post and path in _MODEL_PATHS:
        model = urllib.parse.quote(str(body.pop("model", None)), safe="@:")
        target = f"{model}:{'streamRawPredict' if body.get('stream') else 'rawPredict'}"
    elif is_post and path == "/v1/messages/count_tokens":
        target = "count-tokens:rawPredict"
    else:
        return replace(spec, json_data=body, extra_json=None)
    if project_id is None:
        raise RuntimeError(_NO_PROJECT)
    params.pop("beta", None)
    project = urllib.parse.quote(project_id, safe="")
    location = urllib.parse.quote(region, safe="")
    new_path = f"/projects/{project}/locations/{location}/publishers/anthropic/models/{target}"
    return replace(spec, path=new_path, params=params, json_data=body, extra_json=None)


def _google_auth() -> tuple[Any, Any]:
    """`google.auth` and its `requests` transport's `Request`, or the install hint."""
    try:
        import google.auth
        import google.auth.exceptions
        import google.auth.transport.requests
    except ImportError as exc:
        raise CredentialsError(_MISSING_GOOGLE_AUTH) from exc
    return google.auth, google.auth.transport.requests.Request


def _transient_google_error(exc: Exception) -> bool:
    """The token endpoint could not be reached, or google-auth itself says a retry may succeed."""
    google_auth, _ = _google_auth()
    return isinstance(exc, google_auth.exceptions.TransportError) or getattr(exc, "retryable", False) is True


def _is_fresh(credentials: GoogleCredentials | None) -> bool:
    return credentials is not None and bool(credentials.token) and not credentials.expired


class VertexBase(BaseClient):
    """The pure part both Vertex clients share: configuration, the rewrite and the token logic."""

    _api_version_header = False  # the version travels in the body (`anthropic_version`)
    _gen_ai_provider = "gcp.vertex_ai"  # the GenAI conventions' value for Vertex AI

    region: str
    project_id: str | None
    access_token: str | None
    credentials: GoogleCredentials | None
    _base_url_given: bool
    _auth_lock: threading.Lock

    def _configure(
        self,
        *,
        region: str | NotGiven,
        project_id: str | NotGiven,
        access_token: str | None,
        credentials: GoogleCredentials | None,
        base_url: str | httpx.URL | httpx2.URL | None,
    ) -> str | httpx.URL | httpx2.URL:
        """Store the Google settings and return the base URL (argument, env, or the region's endpoint)."""
        if isinstance(region, NotGiven):
            region = os.environ.get("CLOUD_ML_REGION") or not_given
        if isinstance(region, NotGiven):
            raise ValueError(_NO_REGION)
        self.region = region
        if isinstance(project_id, NotGiven):
            project_id = os.environ.get("ANTHROPIC_VERTEX_PROJECT_ID") or not_given
        self.project_id = None if isinstance(project_id, NotGiven) else project_id
        self.access_token = access_token
        self.credentials = credentials
        self._auth_lock = threading.Lock()
        self._base_url_given = base_url is not None
        if base_url is None:
            base_url = os.environ.get("ANTHROPIC_VERTEX_BASE_URL")
        if base_url:
            return base_url
        if region == "global":
            return "https://aiplatform.googleapis.com/v1"
        return f"https://{region}-aiplatform.googleapis.com/v1"

    @property
    def auth_headers(self) -> dict[str, str]:
        return {}  # a Google token, never an Anthropic key (not even one in ANTHROPIC_API_KEY)

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        return None  # the token is added in `_prepare_request`, after this check

    def _prepare_spec(self, spec: RequestSpec) -> RequestSpec:
        return vertex_spec(spec, project_id=self.project_id, region=self.region)

    # -- credentials (blocking: the async client calls these in a worker thread) ------------------

    def _project_unresolved(self) -> bool:
        """True when the project can still come from Google credentials (the given or the default ones)."""
        return self.project_id is None and self.access_token is None

    def _load_credentials(self) -> GoogleCredentials:
        """The credentials given, else Google's default ones (which may also name the project)."""
        with self._auth_lock:
            if self.credentials is None:
                google_auth, _ = _google_auth()
                try:
                    credentials, project = google_auth.default(scopes=SCOPES)
                except google_auth.exceptions.GoogleAuthError as exc:
                    raise CredentialsError(f"Could not load Google default credentials: {exc}") from exc
                self.credentials = credentials
                if self.project_id is None and isinstance(project, str) and project:
                    self.project_id = project
            if self.project_id is None:
                project = getattr(self.credentials, "project_id", None)
                if isinstance(project, str) and project:
                    self.project_id = project
            return self.credentials

    def _resolve_project(self) -> None:
        if self._project_unresolved():
            self._load_credentials()

    def _fresh_token(self, request: httpx.Request) -> str:
        """A valid token: the credentials' own while fresh, else after a refresh."""
        credentials = self._load_credentials()
        if not _is_fresh(credentials):
            google_auth, transport_request = _google_auth()
            with self._auth_lock:
                if not _is_fresh(credentials):
                    try:
                        credentials.refresh(transport_request())  # type: ignore[no-untyped-call]
                    except google_auth.exceptions.GoogleAuthError as exc:
                        if _transient_google_error(exc):
                            raise APIConnectionError(
                                message=f"Could not refresh Google credentials: {exc}", request=request
                            ) from exc
                        raise CredentialsError(f"Could not refresh Google credentials: {exc}") from exc
        token = credentials.token
        if not isinstance(token, str) or not token:
            raise CredentialsError("Could not resolve API token from the environment")
        return token

    def _token_now(self) -> str | None:
        """The token if it is at hand without I/O, else None."""
        if self.access_token is not None:
            return self.access_token
        credentials = self.credentials
        if credentials is not None and _is_fresh(credentials) and isinstance(credentials.token, str):
            return credentials.token
        return None

    def _vertex_copy_kwargs(
        self,
        *,
        region: str | NotGiven,
        project_id: str | NotGiven,
        access_token: str | None,
        credentials: GoogleCredentials | None,
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
        if isinstance(project_id, NotGiven) and self.project_id is not None:
            project_id = self.project_id
        return {
            "region": self.region if isinstance(region, NotGiven) else region,
            "project_id": project_id,
            "access_token": access_token or self.access_token,
            "credentials": credentials or self.credentials,
            "base_url": base_url,
            "timeout": args["timeout"],
            "max_retries": args["max_retries"],
            "default_headers": args["default_headers"],
            "default_query": args["default_query"],
            **Controls.pick(args),
            "_strict_response_validation": self._strict_response_validation,
        }
