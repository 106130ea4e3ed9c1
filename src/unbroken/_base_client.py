"""`BaseClient`: configuration and pure request building, shared by `Anthropic` and `AsyncAnthropic`
(and the platform clients), which are thin shells in `_client.py`."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import urllib.parse
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast, get_args

import httpx2
from typing_extensions import Self

from . import _stacks
from ._call import Call
from ._constants import (
    ANTHROPIC_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_TIMEOUT,
    RAW_RESPONSE_HEADER,
)
from ._exceptions import (
    AnthropicError,
    APIConnectionError,
    APIError,
    APIStatusError,
    CredentialsError,
    status_error_from_response,
)
from ._hooks import NOOP, CallObserver, check_hooks
from ._logs import mask_secret_headers, redact_headers, setup_from_env
from ._middleware import MiddlewareInput, check_middleware, retry_cause
from ._options import Controls
from ._ratelimit_state import RateLimitState
from ._request import RequestSpec, StreamedBody, merge_headers
from ._retry import RetryPolicy, check_max_retries
from ._timeouts import (
    Deadline,
    StreamTimeouts,
    check_timeout,
    classify,
    deadline_error,
    is_deadline_breach,
)
from ._types import Headers, NotGiven, Omit, TimeoutTypes
from ._values import replace
from ._version import __version__

if TYPE_CHECKING:
    import httpx

    from ._annotation_types import RequestOptions
    from ._exceptions import HTTPResponse
    from ._legacy_response import BaseAPIResponse
    from ._qs import Querystring
    from ._ratelimit import RateLimitInfo, Turn
    from ._request_options import FinalRequestOptions
    from ._sse import ServerSentEvent

    # A structural type for type checkers only (a Protocol class costs a cold start to define).
    class EventDecoder(Protocol):
        """Bytes in, server-sent events out; `has_pending` tells whether the body ended mid-event."""

        def feed(self, chunk: bytes) -> list[ServerSentEvent]: ...
        def close(self) -> list[ServerSentEvent]: ...
        @property
        def has_pending(self) -> bool: ...


__all__ = ["BaseClient", "DefaultAsyncHttpxClient", "DefaultHttpxClient"]

logger = logging.getLogger(__name__)

# A message stream's limits when the client sets none (shared: StreamTimeouts is immutable).
_NO_STREAM_LIMITS = StreamTimeouts()

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="BaseClient")
TimeoutArg = TimeoutTypes

_HTTPX_DEFAULT_TIMEOUT = httpx2.Timeout(5.0)


def _with_defaults(stack: ModuleType, kwargs: dict[str, Any]) -> dict[str, Any]:
    """This library's defaults (timeout, pool limits, redirects) under `kwargs`, as values of `stack`."""
    kwargs = {
        "timeout": DEFAULT_TIMEOUT,
        "limits": DEFAULT_CONNECTION_LIMITS,
        "follow_redirects": True,
        **kwargs,
    }
    for key in ("timeout", "limits", "base_url"):
        if key in kwargs:
            kwargs[key] = _stacks.convert(stack, kwargs[key])
    return kwargs


def _on_httpx(kwargs: dict[str, Any], name: str) -> Any | None:
    """An httpx `Client` / `AsyncClient` with our defaults when `kwargs` hold httpx objects that cannot be
    converted to httpx2 (a transport, a proxy, an auth flow); None when httpx2 serves."""
    stack = _stacks.stack_of_kwargs(kwargs)
    return None if stack is httpx2 else getattr(stack, name)(**_with_defaults(stack, kwargs))


class DefaultHttpxClient(httpx2.Client):
    """An HTTP client with this library's defaults (timeout, pool limits, redirects), on httpx2.

    Handed an httpx transport, proxy, auth or mounts (code written for the reference 0.74), it builds an
    `httpx.Client` with the same defaults instead: those objects cannot cross stacks.
    """

    def __new__(cls, **kwargs: Any) -> Self:
        other = _on_httpx(kwargs, "Client") if cls is DefaultHttpxClient else None
        return cast(Self, other) if other is not None else super().__new__(cls)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(httpx2, kwargs))

    def __del__(self) -> None:
        """A client dropped without `close()` (one made per call, as the reference allows) closes its pooled
        connections here, as the reference's does; otherwise each socket left open is a `ResourceWarning`,
        which fails a test suite run with warnings as errors."""
        with contextlib.suppress(Exception):  # half-built (a bad argument), or at interpreter exit
            if not self.is_closed:
                self.close()


class DefaultAsyncHttpxClient(httpx2.AsyncClient):
    """An async HTTP client with this library's defaults, on httpx2 (or httpx, as `DefaultHttpxClient`)."""

    def __new__(cls, **kwargs: Any) -> Self:
        other = _on_httpx(kwargs, "AsyncClient") if cls is DefaultAsyncHttpxClient else None
        return cast(Self, other) if other is not None else super().__new__(cls)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_with_defaults(httpx2, kwargs))


@functools.cache
def _user_agent(client_name: str) -> str:
    """Computed once per client class; `os.uname` spares importing `platform` where it exists (POSIX)."""
    if hasattr(os, "uname"):
        system, machine = os.uname().sysname, os.uname().machine
    else:
        import platform

        system, machine = platform.system(), platform.machine()
    python = ".".join(str(part) for part in sys.version_info[:3])
    return (
        f"unbroken/{__version__} ({client_name}; Python {python}; "
        f"{system or 'unknown'} {machine or 'unknown'}) httpx2/{httpx2.__version__}"
    )


def _platform_headers() -> dict[str, str]:
    import platform  # not at import time: only this informational method needs it

    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(machine, machine or "unknown")
    return {
        "X-Stainless-Lang": "python",
        "X-Stainless-Package-Version": __version__,
        "X-Stainless-OS": platform.system() or "Unknown",
        "X-Stainless-Arch": arch,
        "X-Stainless-Runtime": platform.python_implementation(),
        "X-Stainless-Runtime-Version": platform.python_version(),
    }


class BaseClient:
    """Configuration and pure request building shared by the sync and async clients."""

    api_key: str | None
    auth_token: str | None
    timeout: TimeoutArg
    max_retries: int
    controls: Controls
    """unbroken's own controls (`ClientOptions`), resolved; set on the constructor and `copy()`."""

    _urls: dict[str, httpx2.URL]
    """The URLs of the paths this client called (`_resolve_url`), emptied when `base_url` changes."""

    _api_version_header: bool = True
    """Whether requests carry `anthropic-version` (platforms that take the version in the body do not)."""
    _gen_ai_provider: str = "anthropic"
    """`gen_ai.provider.name` on this client's spans and metrics (a platform's own, per the conventions)."""

    # Class attributes of the reference (legacy Text Completions prompts).
    HUMAN_PROMPT = "\n\nHuman:"
    AI_PROMPT = "\n\nAssistant:"

    def __init__(
        self,
        *,
        api_key: str | None,
        auth_token: str | None,
        base_url: str | httpx.URL | httpx2.URL | None,
        timeout: TimeoutArg,
        max_retries: int,
        default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        strict_response_validation: bool,
        options: Mapping[str, Any],
    ) -> None:
        check_max_retries(max_retries)
        timeout = check_timeout(timeout)
        setup_from_env()
        self.api_key = api_key if api_key is not None else os.environ.get("ANTHROPIC_API_KEY")
        self.auth_token = auth_token if auth_token is not None else os.environ.get("ANTHROPIC_AUTH_TOKEN")
        if base_url is None:
            base_url = os.environ.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL
        self.base_url = base_url  # normalised by the setter
        self.timeout = timeout
        self.max_retries = max_retries
        self.controls = Controls.build(type(self).__name__, options)
        self._rate_limits = RateLimitState()
        self._custom_headers: dict[str, str | Omit] = dict(default_headers or {})
        self._custom_query: dict[str, object] = dict(default_query or {})
        self._strict_response_validation = strict_response_validation
        self._last_policy: RetryPolicy | None = None

    @property
    def middleware(self) -> tuple[MiddlewareInput, ...]:
        """The client's middleware, outermost first (`ClientOptions`)."""
        return self.controls.middleware

    def _check_callbacks(self, *, is_async: bool) -> None:
        """A middleware, hook or fallback client of the other kind (async on the sync client, …) is a
        TypeError now."""
        check_middleware(self.controls.middleware, is_async=is_async)
        check_hooks(self.controls.hooks, is_async=is_async)
        if self.controls.fallbacks:
            from ._fallback import check_fallbacks

            check_fallbacks(self.controls.fallbacks, is_async=is_async)

    def _observer(self, spec: RequestSpec) -> CallObserver:
        """The observer of a new call: NOOP unless hooks, a usage meter or OpenTelemetry listen, or a rate
        limiter awaits the call's usage."""
        controls = self.controls
        span = None
        option = controls.open_telemetry
        # Automatic (None) instruments nothing until the application imports OpenTelemetry (`_telemetry`):
        # until then not even that module is loaded.
        if option is not False and (option is not None or "opentelemetry.trace" in sys.modules):
            from ._telemetry import call_span  # imports OpenTelemetry only when it is in use

            span = call_span(controls.open_telemetry, spec, self.base_url, self._gen_ai_provider)
        if (
            span is None
            and controls.hooks is None
            and controls.usage_meter is None
            and controls.rate_limiter is None
        ):
            return NOOP
        return CallObserver(controls.hooks, span, controls.usage_meter)

    @property
    def max_event_bytes(self) -> int:
        """The largest single stream event or JSON Lines line accepted, in bytes (`ClientOptions`)."""
        return self.controls.max_event_bytes

    @property
    def rate_limit(self) -> RateLimitInfo | None:
        """The rate limits the API reported on the most recent response that carried any, seen by this client
        or its copies (None before the first); safe to read from any thread or task."""
        return self._rate_limits.latest

    def _shared_with(self, copy: ClientT) -> ClientT:
        """What `copy()` shares beyond the http client and the controls: the rate limits seen, when the copy
        speaks for the same account (another key or server reports limits of its own)."""
        if _account(copy) == _account(self):
            copy._rate_limits = self._rate_limits
        return copy

    @property
    def base_url(self) -> httpx2.URL:
        return self._base_url

    @base_url.setter
    def base_url(self, url: str | httpx.URL | httpx2.URL) -> None:
        """Assigning a str works as passing one to the constructor: an `httpx2.URL` ending in a slash."""
        self._base_url = _with_trailing_slash(httpx2.URL(str(url)))
        self._urls = {}  # the URLs joined under the old base

    def __repr__(self) -> str:  # never shows credentials
        return f"<{type(self).__name__} base_url={str(self.base_url)!r} max_retries={self.max_retries}>"

    # -- headers and auth -------------------------------------------------------------------------

    @property
    def auth_headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.api_key is not None:
            headers["X-Api-Key"] = self.api_key
        if self.auth_token is not None:
            headers["Authorization"] = f"Bearer {self.auth_token}"
        return headers

    @property
    def default_headers(self) -> dict[str, str | Omit]:
        base: dict[str, str] = {"Accept": "application/json", "User-Agent": self.user_agent}
        if self._api_version_header:
            base["anthropic-version"] = ANTHROPIC_VERSION
        return merge_headers(
            base,
            self.auth_headers,
            self._custom_headers,
        )

    @property
    def user_agent(self) -> str:
        """The `User-Agent` every request carries: this library, the client class, Python, OS, httpx2."""
        return _user_agent(type(self).__name__)

    def platform_headers(self) -> dict[str, str]:
        """The reference's `X-Stainless-*` description of this platform. Informational: unbroken does not
        send these headers (its `User-Agent` says the same)."""
        return _platform_headers()

    @property
    def custom_auth(self) -> httpx.Auth | None:
        """An `httpx.Auth` applied to every attempt, for subclasses that authenticate that way (None: the
        headers above are the authentication)."""
        return None

    @property
    def qs(self) -> Querystring:
        """How request params become the query string (lists comma-joined, booleans `true` / `false`);
        loaded by the first call that has params (a message has none)."""
        from ._qs import Querystring

        return Querystring(array_format="comma")

    @property
    def default_query(self) -> dict[str, object]:
        return dict(self._custom_query)

    def _validate_headers(self, headers: httpx.Headers, custom_headers: Headers) -> None:
        """Missing credentials are a TypeError at request time (the reference's behaviour and text)."""
        if headers.get("X-Api-Key") or headers.get("Authorization"):
            return
        lowered = {k.lower(): v for k, v in custom_headers.items()}
        if isinstance(lowered.get("x-api-key"), Omit) or isinstance(lowered.get("authorization"), Omit):
            return
        raise TypeError(
            '"Could not resolve authentication method. Expected either api_key or auth_token to be set. '
            'Or for one of the `X-Api-Key` or `Authorization` headers to be explicitly omitted"'
        )

    # -- request building (pure) ------------------------------------------------------------------

    def _prepare_spec(self, spec: RequestSpec) -> RequestSpec:
        """Hook for platform clients to rewrite a call (URL, body) before it is built."""
        return spec

    def _prepare_request(self, request: httpx.Request) -> None:
        """Hook for platform clients to sign a built request (sync)."""

    async def _aprepare_request(self, request: httpx.Request) -> None:
        """Hook for platform clients to sign a built request (async)."""
        self._prepare_request(request)

    def _credentials_error(self, exc: Exception, request: httpx.Request) -> AnthropicError:
        """The typed error for a failure of `_prepare_request` (signing, fetching a token).

        A transient one (the token endpoint unreachable) is an `APIConnectionError`, which the retry loop
        retries; anything else a `CredentialsError`. The reference's input checks (a token provider that
        returns no string: ValueError/TypeError) and our own errors are raised as they are.
        """
        if isinstance(exc, (AnthropicError, ValueError, TypeError)):
            raise exc
        if isinstance(exc, (OSError, *_stacks.transport_errors())) or self._transient_credentials_error(exc):
            error: AnthropicError = APIConnectionError(
                message=f"Connection error while obtaining credentials: {exc}", request=request
            )
        else:
            error = CredentialsError(f"Could not sign the request: {type(exc).__name__}: {exc}")
        error.__cause__ = exc
        return error

    def _transient_credentials_error(self, exc: Exception) -> bool:
        """Hook for platform clients: whether their credential library's `exc` is worth retrying."""
        return False

    def _resolve_url(self, path: str) -> httpx2.URL:
        """`path` under `base_url`, kept per client: a client calls few paths, and both building a URL and
        hashing one (as a shared cache keyed by the base URL would) cost more than a request's headers. URLs
        are immutable, so one object serves every request; ids in paths make the set grow, hence the bound."""
        urls = self._urls
        url = urls.get(path)
        if url is None:
            if len(urls) >= _MAX_URLS:
                urls.clear()
            url = urls[path] = _join_url(self._base_url, path)
        return url

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, spec: RequestSpec) -> httpx.Request:
        """The request for one attempt of `spec` (no I/O), of the client's stack (httpx2 or httpx)."""
        stack = _stacks.of(http) or httpx2
        layers: list[Headers] = [self.default_headers, spec.headers]
        if spec.idempotency_key is not None:
            layers.insert(1, {"Idempotency-Key": spec.idempotency_key})
        merged = merge_headers(*layers)
        headers = stack.Headers({k: v for k, v in merged.items() if not isinstance(v, Omit)})
        self._validate_headers(headers, merged)

        # A query written into the path (`/v1/messages?beta=true`, a results_url) would be dropped by httpx
        # once other params are given, so it is merged here; explicit params win.
        path, _, path_query = spec.path.partition("?")
        params = {**self._custom_query, **spec.params}
        if path_query:
            params = {**dict(urllib.parse.parse_qsl(path_query)), **params}
        query = self.qs.stringify_items({k: v for k, v in params.items() if v is not None}) if params else []

        files = None
        data: Mapping[str, Any] | None = None
        content: Any = spec.content
        if spec.files is not None:
            files = spec.files
            data = spec.json_data if isinstance(spec.json_data, Mapping) else None
            headers.pop("Content-Type", None)
            if not files and not data:
                # httpx would send no body at all; a multipart endpoint gets an empty form, as from the
                # reference (`skills.create()` with no arguments).
                boundary = os.urandom(16).hex()
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
                content, files = f"--{boundary}--\r\n".encode(), None
        elif content is not None:
            headers.setdefault("Content-Type", "application/json")
        if isinstance(content, StreamedBody):
            headers["Content-Length"] = str(content.length)
            if isinstance(http, stack.AsyncClient):
                content = content.as_async()

        timeout = self.timeout if isinstance(spec.timeout, NotGiven) else check_timeout(spec.timeout)
        request = http.build_request(
            spec.method,
            _stacks.convert(stack, self._resolve_url(path)),
            headers=headers,
            params=tuple(query) or None,
            content=content,
            files=files,
            data=data,
            timeout=_stacks.convert(stack, timeout),
        )
        mask_secret_headers(request.headers)
        return request

    def _event_decoder(self) -> EventDecoder:
        """Hook for platform clients whose streams are not SSE (Bedrock's AWS event-stream framing)."""
        from ._sse import SSEDecoder

        return SSEDecoder(max_event_bytes=self.max_event_bytes)

    def _make_status_error(self, response: httpx.Response, content: bytes) -> APIStatusError:
        """Hook for platform clients; everyone else uses the one status table."""
        return status_error_from_response(response, content)

    def _policy(self, spec: RequestSpec) -> RetryPolicy:
        """The call's retry policy; the last one made is reused while its inputs are the same (a policy is
        an immutable value, and every call makes two: its seed's and its own)."""
        retries = self.max_retries if isinstance(spec.max_retries, NotGiven) else spec.max_retries
        policy = self._last_policy
        if (
            policy is None
            or policy.max_retries != retries
            or policy.max_server_delay != self.controls.max_retry_after
        ):
            policy = self._last_policy = RetryPolicy(
                max_retries=retries, max_server_delay=self.controls.max_retry_after
            )
        return policy

    def _start_call(
        self,
        options: RequestSpec | FinalRequestOptions,
        cast_to: Any = None,
        stream: bool = False,
        stream_cls: Any = None,
        *,
        message_stream: bool = False,
    ) -> Call:
        """A new call's state: its deadline started, its route (the client's `fallbacks`) and continuation
        budget set, then made by the client of its first target (`_call_of`)."""
        spec = options if isinstance(options, RequestSpec) else options.to_spec()  # FinalRequestOptions
        spec, raw_mode = pop_raw_mode(spec)
        controls = self.controls
        seed = Call(
            spec,
            self._policy(spec),
            raw_mode=raw_mode,
            cast_to=cast_to,
            stream=stream,
            stream_cls=stream_cls,
            message_stream=message_stream,
        )
        if controls.deadline is not None:
            seed.deadline = Deadline(controls.deadline, clock=seed.clock)
        if controls.resume_streams and message_stream:
            seed.continuation_limit = controls.max_continuations
        if controls.fallbacks:
            return self._routed_call(spec, seed)
        return self._call_of(spec, seed)

    def _routed_call(self, spec: RequestSpec, seed: Call) -> Call:
        """`_start_call` for a client with fallbacks: a message call gets its route and starts on the first
        target the circuit breaker lets through."""
        from ._fallback import Route, is_message_call, model_of, with_model

        controls = self.controls
        if is_message_call(spec):
            route = Route(
                self, model_of(spec), controls.fallbacks, controls.fallback_on, controls.circuit_breaker
            )
            seed.route = route
            target = route.start()
            if target.fallback is not None:  # the circuit breaker skips the call's own model
                return (target.client or self)._call_of(with_model(spec, target.model), seed)
        return self._call_of(spec, seed)

    def _call_of(self, spec: RequestSpec, like: Call, *, observer: CallObserver | None = None) -> Call:
        """A call of `spec` by this client that carries on `like`: the same result (type, stream class, raw
        mode) and what the whole call shares (deadline, route, continuation budget, clock); its own attempts,
        retry policy, stream limits, rate-limit cost and, unless given, observer. `spec` gets the platform's
        rewrite and its body is encoded once for all attempts."""
        controls = self.controls
        cost = None
        if controls.rate_limiter is not None:
            from ._ratelimit import rate_cost  # loaded only for a client that limits its rate

            # The cost is read from the API's path and body, before a platform client rewrites them.
            cost = rate_cost(spec)
        prepared = self._prepare_spec(spec).finalize()
        call = Call(
            prepared,
            self._policy(prepared),
            raw_mode=like.raw_mode,
            cast_to=like.cast_to,
            stream=like.stream,
            stream_cls=like.stream_cls,
            canonical=spec,
            observer=observer if observer is not None else self._observer(spec),
            rate_cost=cost,
            deadline=like.deadline,
            clock=like.clock,
            message_stream=like.message_stream,
            client=self,
            route=like.route,
            continuation_limit=like.continuation_limit,
        )
        if like.message_stream:
            call.stream_timeouts = controls.stream_timeouts or _NO_STREAM_LIMITS
        return call

    def _turn(self, call: Call, request: httpx.Request) -> Turn | None:
        """The rate limiter's turn of this attempt when it must wait for it (None: send now), or the
        deadline's breach when the call is out of time or the wait would outlast it."""
        deadline = call.deadline
        if deadline is not None and deadline.remaining() <= 0:
            raise deadline_error(call, request, call.last_error)
        limiter = self.controls.rate_limiter
        if limiter is None or call.rate_cost is None:
            return None
        turn = limiter.turn(call.rate_cost, max_wait=None if deadline is None else deadline.remaining())
        if turn is None:
            raise deadline_error(call, request, call.last_error, waiting_for="the wait for the rate limiter")
        call.observer.reserved(turn)
        if turn.wait <= 0:
            return None
        logger.info("Waiting %.3f seconds for the rate limiter", turn.wait)
        return turn

    def _observe(self, call: Call, response: httpx.Response) -> None:
        """Every response's rate-limit headers: kept as `rate_limit` (typed when read), and correcting the
        rate limiter; an error status gives the attempt's reservation back."""
        carried = self._rate_limits.record(response.headers)
        limiter = self.controls.rate_limiter
        if limiter is None or call.rate_cost is None:
            return
        if not response.is_success:  # before the headers' correction, which does not count this attempt
            call.observer.refused()
        if carried:
            from ._ratelimit import RateLimitInfo

            limiter.observe(RateLimitInfo.from_headers(response.headers))

    def _result(
        self,
        call: Call,
        cast_to: Any,
        response: httpx.Response,
        streamed_response_cls: type[BaseAPIResponse[Any]] | None,
        *,
        content: bytes | None = None,
        stream_cls: Callable[..., Any] | None = None,
    ) -> Any:
        """What `request()` returns: the parsed body, a stream, or a response wrapper for the raw views
        (`streamed_response_cls` for `with_streaming_response`: the sync or async `APIResponse`, given only to
        the calls that may be in that mode)."""
        from ._legacy_response import LegacyAPIResponse, parse_body

        stream_factory = self._stream_factory(cast_to, response, call, stream_cls)
        if call.raw_mode in ("raw", "stream"):
            wrapper = LegacyAPIResponse if call.raw_mode == "raw" else streamed_response_cls
            assert wrapper is not None  # `_complete` passes it to every call in "stream" mode
            return wrapper(
                response, cast_to=cast_to, stream_factory=stream_factory, retries_taken=call.retries_taken
            )
        # A middleware that parsed the response already made the caller's result (one parse, one object).
        answer = call.answer if call.answer is not None and call.answer.http_response is response else None
        if stream_factory is not None:
            return answer._parsed_stream(None) if answer is not None else stream_factory()
        assert content is not None
        if answer is not None:
            result = answer._parse_content(content, None)
        else:
            result = parse_body(cast_to, response, content)
        return result if call.spec.post_parser is None else call.spec.post_parser(result)

    def _stream_factory(
        self, cast_to: Any, response: httpx.Response, call: Call, stream_cls: Callable[..., Any] | None
    ) -> Callable[[], Any] | None:
        """What makes the stream of a streaming call's `response` (None for other calls)."""
        if stream_cls is None:
            return None
        # `stream_cls=Stream[RawMessageStreamEvent]` (the reference's raw helpers) names the event type.
        item_type = get_args(stream_cls)[0] if get_args(stream_cls) else cast_to

        def stream_factory() -> Any:
            return stream_cls(cast_to=item_type, response=response, client=self, call=call)

        return stream_factory

    def _log_request(self, request: httpx.Request, call: Call) -> None:
        if logger.isEnabledFor(10):
            logger.debug(
                "Request: %s %s (attempt %d) headers=%s",
                request.method,
                request.url,
                call.retries_taken + 1,
                redact_headers(request.headers),
            )

    def _retry_delay(self, call: Call, error: BaseException, response: HTTPResponse | None) -> float:
        """Seconds to wait before retrying `error`; raises what the caller gets when the call ends here: the
        error itself (not retryable, out of retries, or a `retry-after` longer than `max_retry_after`), or
        the deadline's breach with the error chained (the wait would outlast it). An error that is not ours
        is judged by the retryable error it was raised from, if any (`_middleware.retry_cause`)."""
        cause = retry_cause(error)
        if call.route is not None:  # an overload counts against the target (its circuit breaker)
            call.route.failed(error if cause is None else cause)
        if cause is None or is_deadline_breach(cause):
            raise error
        if cause is error and isinstance(error, AnthropicError):
            # a transport timeout that the deadline or a stream limit made fire
            error = cause = classify(call, error)
        if not call.policy.should_retry(call.retries_taken, response=response, error=cause):
            raise error
        headers = response.headers if response is not None else None
        if call.policy.too_long_to_wait(headers):
            logger.info(
                "Not retrying %s %s after %s: the server asked to wait %s seconds, more than max_retry_after "
                "(%g); the error's retry_after says when to try again",
                call.spec.method.upper(),
                call.spec.path,
                type(error).__name__,
                getattr(cause, "retry_after", None),
                call.policy.max_server_delay,
            )
            raise error  # the caller reschedules: `error.retry_after` says when
        delay = call.policy.delay(call.retries_taken, headers)
        if call.deadline is not None and not call.deadline.allows_wait(delay):
            request = cause.request if isinstance(cause, APIError) else call.request
            assert request is not None  # an attempt was built before anything failed
            raise deadline_error(
                call,
                request,
                error,
                waiting_for=f"the {round(delay, 3):g} s wait before a retry",
            )
        logger.info(
            "Retrying %s %s in %.3f seconds after %s",
            call.spec.method.upper(),
            call.spec.path,
            delay,
            type(error).__name__,
        )
        call.retries_taken += 1
        call.last_error = error
        return delay

    def _copy_args(
        self,
        *,
        api_key: str | None,
        auth_token: str | None,
        base_url: str | httpx.URL | httpx2.URL | None,
        timeout: TimeoutArg | NotGiven,
        max_retries: int | NotGiven,
        default_headers: Mapping[str, str] | None,
        set_default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        set_default_query: Mapping[str, object] | None,
        options: Mapping[str, Any],
    ) -> dict[str, Any]:
        if default_headers is not None and set_default_headers is not None:
            raise ValueError(
                "The `default_headers` and `set_default_headers` arguments are mutually exclusive"
            )
        if default_query is not None and set_default_query is not None:
            raise ValueError("The `default_query` and `set_default_query` arguments are mutually exclusive")
        headers: Mapping[str, str | Omit] = self._custom_headers
        if default_headers is not None:
            headers = {**headers, **default_headers}
        elif set_default_headers is not None:
            headers = set_default_headers
        query: Mapping[str, object] = self._custom_query
        if default_query is not None:
            query = {**query, **default_query}
        elif set_default_query is not None:
            query = set_default_query
        return {
            "api_key": api_key or self.api_key,
            "auth_token": auth_token or self.auth_token,
            "base_url": base_url or self.base_url,
            "timeout": self.timeout if isinstance(timeout, NotGiven) else timeout,
            "max_retries": self.max_retries if isinstance(max_retries, NotGiven) else max_retries,
            "default_headers": headers,
            "default_query": query,
            # Checked here, not only by the new client: `copy(bogus=1)` names `copy`.
            **Controls.build("copy", options, self.controls).as_options(),
        }


_MAX_URLS = 256


def _join_url(base_url: httpx2.URL, path: str) -> httpx2.URL:
    """`path` under `base_url` (an absolute URL as it is)."""
    if path.startswith(("http://", "https://")):
        return httpx2.URL(path)
    return base_url.copy_with(raw_path=base_url.raw_path + path.lstrip("/").encode())


def _with_trailing_slash(url: httpx2.URL) -> httpx2.URL:
    text = str(url)
    return url if text.endswith("/") else httpx2.URL(text + "/")


def resolve_timeout(timeout: TimeoutArg | NotGiven, http_client: object | None) -> TimeoutArg:
    if not isinstance(timeout, NotGiven):
        return timeout
    stack = _stacks.of(http_client)
    if stack is not None:
        client_timeout: TimeoutArg = getattr(http_client, "timeout", None)
        if client_timeout != _stacks.convert(stack, _HTTPX_DEFAULT_TIMEOUT):
            return client_timeout
    return DEFAULT_TIMEOUT


def is_timed_stream(stream_cls: Callable[..., Any] | None) -> bool:
    """Whether a stream class reads a message stream, which `StreamTimeouts` govern (a stream of server-sent
    events; a JSON Lines body is not one). `stream_cls` may be a generic alias (`AsyncStream[T]`)."""
    return bool(getattr(stream_cls, "timed", False))


def pop_raw_mode(spec: RequestSpec) -> tuple[RequestSpec, str | None]:
    """Pop the marker `with_raw_response` / `with_streaming_response` put in the headers."""
    for key, value in spec.headers.items():
        if key.lower() == RAW_RESPONSE_HEADER.lower():
            headers = {k: v for k, v in spec.headers.items() if k != key}
            return replace(spec, headers=headers), value if isinstance(value, str) else None
    return spec, None


def options_spec(
    method: str, path: str, body: object | None, options: RequestOptions, files: Any
) -> RequestSpec:
    """The spec of a raw helper call (`client.post(path, cast_to=..., body=..., options=...)`)."""
    from ._request_options import FinalRequestOptions

    return FinalRequestOptions(method=method, url=path, json_data=body, files=files, **options).to_spec()


def _account(client: BaseClient) -> tuple[object, ...]:
    """Whose rate limits a client's responses report: its credentials and its server."""
    return (client.api_key, client.auth_token, str(client.base_url))
