"""unbroken — a client for the Anthropic API whose failures are always typed and whose streams never lose
what arrived. `import unbroken as anthropic` runs the reference SDK's documented examples unchanged.

Only the names below are public. They load on first use (module `__getattr__`), so `import unbroken` costs
little more than `import httpx, pydantic`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __title__, __version__

# name -> submodule that defines it. One table: `__all__`, `__getattr__` and `__dir__` all derive from it.
_EXPORTS: dict[str, str] = {
    # clients (each from its own module: a sync program never loads the async one, nor the other way round)
    "Anthropic": "._sync_client",
    "AsyncAnthropic": "._async_client",
    "Client": "._client",
    "ClientOptions": "._client_options",
    "AsyncClient": "._client",
    "DefaultHttpxClient": "._base_client",
    "DefaultAsyncHttpxClient": "._base_client",
    "DefaultAioHttpClient": "._aiohttp",
    # platform clients (their SDKs, botocore / google-auth, load only when a client needs them)
    "AnthropicBedrock": ".platforms.bedrock",
    "AsyncAnthropicBedrock": ".platforms.bedrock",
    "AnthropicVertex": ".platforms.vertex",
    "AsyncAnthropicVertex": ".platforms.vertex",
    "AnthropicFoundry": ".platforms.foundry",
    "AsyncAnthropicFoundry": ".platforms.foundry",
    # observing and shaping every attempt (middleware as in the official SDK 2.x, hooks, telemetry options)
    "Middleware": "._middleware",
    "APIRequest": "._middleware",
    "CallNext": "._middleware",
    "AsyncCallNext": "._middleware",
    "MiddlewareInput": "._middleware",
    "MiddlewareCallable": "._middleware",
    "AsyncMiddlewareCallable": "._middleware",
    "Hooks": "._hooks",
    "RequestEvent": "._hooks",
    "ResponseEvent": "._hooks",
    "RetryEvent": "._hooks",
    "StreamErrorEvent": "._hooks",
    "ContinuationEvent": "._hooks",
    "FallbackEvent": "._hooks",
    "TelemetryOptions": "._client_options",
    # sentinels, options, constants
    "NotGiven": "._types",
    "NOT_GIVEN": "._types",
    "not_given": "._types",
    "Omit": "._types",
    "omit": "._types",
    "NoneType": "._types",
    "Transport": "._types",
    "ProxiesTypes": "._types",
    "Timeout": "._types",
    "RequestOptions": "._types",
    "file_from_path": "._files",
    "DEFAULT_TIMEOUT": "._constants",
    "DEFAULT_MAX_RETRIES": "._constants",
    "DEFAULT_CONNECTION_LIMITS": "._constants",
    # errors
    "AnthropicError": "._exceptions",
    "APIError": "._exceptions",
    "APIStatusError": "._exceptions",
    "APIConnectionError": "._exceptions",
    "APITimeoutError": "._exceptions",
    "APIResponseValidationError": "._exceptions",
    "IncompleteStreamError": "._exceptions",
    "CredentialsError": "._exceptions",
    "RetryableError": "._exceptions",
    "UnexpectedEventOrderError": "._exceptions",
    "BadRequestError": "._exceptions",
    "AuthenticationError": "._exceptions",
    "PermissionDeniedError": "._exceptions",
    "NotFoundError": "._exceptions",
    "ConflictError": "._exceptions",
    "RequestTooLargeError": "._exceptions",
    "UnprocessableEntityError": "._exceptions",
    "RateLimitError": "._exceptions",
    "ServiceUnavailableError": "._exceptions",
    "DeadlineExceededError": "._exceptions",
    "OverloadedError": "._exceptions",
    "InternalServerError": "._exceptions",
    # errors the API added since 0.74.0, under the official SDK 2.x's names (beneath the tree above)
    "PaymentRequiredError": "._exceptions",
    "RequestTimeoutError": "._exceptions",
    "PreconditionFailedError": "._exceptions",
    "RequestHeaderFieldsTooLargeError": "._exceptions",
    "ClientClosedRequestError": "._exceptions",
    "HTTPNotImplementedError": "._exceptions",
    "ContentTooLargeError": "._exceptions",
    "GatewayTimeoutError": "._exceptions",
    "CMEKKeyDisabledError": "._exceptions",
    "CMEKKeyNetworkBlockedError": "._exceptions",
    "ClaudeCodeKeyCreatorNotMemberError": "._exceptions",
    "ClaudeCodeVersionTooOldError": "._exceptions",
    "OrganizationOnHoldError": "._exceptions",
    "OrganizationTypeNotSupportedError": "._exceptions",
    "ParentOrganizationRequiredError": "._exceptions",
    "RequestBodyEncodingInvalidError": "._exceptions",
    "RequestBodyEncodingUnsupportedError": "._exceptions",
    "WorkspaceHumanReviewDisabledError": "._exceptions",
    "LinkedOrganizationBillingUnavailableError": "._exceptions",
    "LinkedOrganizationSpendLimitReachedError": "._exceptions",
    "SandboxEgressRestrictedError": "._exceptions",
    "RequestBodyTooLargeAfterDecodingError": "._exceptions",
    "EnforcedSpendLimitReachedError": "._exceptions",
    "ContractSpendLimitReachedError": "._exceptions",
    "RampLimitExceededError": "._exceptions",
    "CMEKContextUnavailableError": "._exceptions",
    "CMEKKeyUnreachableError": "._exceptions",
    # time, retries and rate limits under the caller's control
    "StreamTimeouts": "._timeouts",
    "TimeoutKind": "._timeouts",
    "RateLimiter": "._ratelimit",
    "RateLimitInfo": "._ratelimit",
    "RateLimitWindow": "._ratelimit",
    # streams that finish anyway: continuation after a drop, fallback before the first token
    "Fallback": "._fallback",
    "CircuitBreaker": "._breaker",
    # models and responses
    "BaseModel": "._models",
    "APIResponse": "._sync_response",
    "AsyncAPIResponse": "._async_response",
    # streaming
    "Stream": ".streaming.stream",
    "AsyncStream": ".streaming.stream",
    "MessageStream": ".streaming.stream",
    "AsyncMessageStream": ".streaming.stream",
    "MessageStreamManager": ".streaming.stream",
    "AsyncMessageStreamManager": ".streaming.stream",
    "MessageStreamEvent": ".streaming.events",
    "TextEvent": ".streaming.events",
    "InputJsonEvent": ".streaming.events",
    "MessageStopEvent": ".streaming.events",
    "ContentBlockStopEvent": ".streaming.events",
    "CitationEvent": ".streaming.events",
    "ThinkingEvent": ".streaming.events",
    "SignatureEvent": ".streaming.events",
    "BetaMessageStream": ".streaming.beta",
    "BetaAsyncMessageStream": ".streaming.beta",
    "BetaMessageStreamManager": ".streaming.beta",
    "BetaAsyncMessageStreamManager": ".streaming.beta",
    "BetaMessageStreamEvent": ".streaming.events",
    "BetaTextEvent": ".streaming.events",
    "BetaInputJsonEvent": ".streaming.events",
    "BetaMessageStopEvent": ".streaming.events",
    "BetaContentBlockStopEvent": ".streaming.events",
    "BetaCitationEvent": ".streaming.events",
    "BetaThinkingEvent": ".streaming.events",
    "BetaSignatureEvent": ".streaming.events",
    "ParsedBetaTextEvent": ".streaming.events",
    "ParsedBetaMessageStopEvent": ".streaming.events",
    "ParsedBetaContentBlockStopEvent": ".streaming.events",
    "ParsedBetaMessageStreamEvent": ".streaming.events",
    # structured outputs
    "transform_schema": ".lib._parse._transform",
    # tools
    "beta_tool": ".tools._functions",
    "beta_async_tool": ".tools._functions",
    # submodules
    "types": ".types",
}

__all__ = sorted([*_EXPORTS, "__title__", "__version__"])

# Legacy Text Completions prompt markers (module-level in the reference).
HUMAN_PROMPT = "\n\nHuman:"
AI_PROMPT = "\n\nAssistant:"
__all__ += ["AI_PROMPT", "HUMAN_PROMPT"]
__all__.sort()


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        from .types._lazy import import_submodule  # `unbroken.lib`, `unbroken.pagination`, … on first use

        # Private modules too (`unbroken._response.BinaryAPIResponse`): the reference's `__init__` loads them.
        submodule = import_submodule(__name__, name, private=not name.startswith("__"))
        if submodule is None:
            raise AttributeError(f"module 'unbroken' has no attribute {name!r}")
        return submodule
    module = importlib.import_module(module_name, __name__)
    value = module if name == "types" else getattr(module, name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from . import types as types
    from . import usage as usage
    from ._aiohttp import (
        DefaultAioHttpClient as DefaultAioHttpClient,
    )
    from ._async_client import (
        AsyncAnthropic as AsyncAnthropic,
    )
    from ._async_response import AsyncAPIResponse as AsyncAPIResponse
    from ._base_client import (
        DefaultAsyncHttpxClient as DefaultAsyncHttpxClient,
    )
    from ._base_client import (
        DefaultHttpxClient as DefaultHttpxClient,
    )
    from ._breaker import CircuitBreaker as CircuitBreaker
    from ._client import (
        AsyncClient as AsyncClient,
    )
    from ._client import (
        Client as Client,
    )
    from ._client_options import ClientOptions as ClientOptions
    from ._client_options import TelemetryOptions as TelemetryOptions
    from ._constants import (
        DEFAULT_CONNECTION_LIMITS as DEFAULT_CONNECTION_LIMITS,
    )
    from ._constants import (
        DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES,
    )
    from ._constants import (
        DEFAULT_TIMEOUT as DEFAULT_TIMEOUT,
    )
    from ._exceptions import (
        AnthropicError as AnthropicError,
    )
    from ._exceptions import (
        APIConnectionError as APIConnectionError,
    )
    from ._exceptions import (
        APIError as APIError,
    )
    from ._exceptions import (
        APIResponseValidationError as APIResponseValidationError,
    )
    from ._exceptions import (
        APIStatusError as APIStatusError,
    )
    from ._exceptions import (
        APITimeoutError as APITimeoutError,
    )
    from ._exceptions import (
        AuthenticationError as AuthenticationError,
    )
    from ._exceptions import (
        BadRequestError as BadRequestError,
    )
    from ._exceptions import ClaudeCodeKeyCreatorNotMemberError as ClaudeCodeKeyCreatorNotMemberError
    from ._exceptions import ClaudeCodeVersionTooOldError as ClaudeCodeVersionTooOldError
    from ._exceptions import ClientClosedRequestError as ClientClosedRequestError
    from ._exceptions import CMEKContextUnavailableError as CMEKContextUnavailableError
    from ._exceptions import CMEKKeyDisabledError as CMEKKeyDisabledError
    from ._exceptions import CMEKKeyNetworkBlockedError as CMEKKeyNetworkBlockedError
    from ._exceptions import CMEKKeyUnreachableError as CMEKKeyUnreachableError
    from ._exceptions import (
        ConflictError as ConflictError,
    )
    from ._exceptions import ContentTooLargeError as ContentTooLargeError
    from ._exceptions import ContractSpendLimitReachedError as ContractSpendLimitReachedError
    from ._exceptions import (
        CredentialsError as CredentialsError,
    )
    from ._exceptions import (
        DeadlineExceededError as DeadlineExceededError,
    )
    from ._exceptions import EnforcedSpendLimitReachedError as EnforcedSpendLimitReachedError
    from ._exceptions import GatewayTimeoutError as GatewayTimeoutError
    from ._exceptions import HTTPNotImplementedError as HTTPNotImplementedError
    from ._exceptions import (
        IncompleteStreamError as IncompleteStreamError,
    )
    from ._exceptions import (
        InternalServerError as InternalServerError,
    )
    from ._exceptions import (
        LinkedOrganizationBillingUnavailableError as LinkedOrganizationBillingUnavailableError,
    )
    from ._exceptions import (
        LinkedOrganizationSpendLimitReachedError as LinkedOrganizationSpendLimitReachedError,
    )
    from ._exceptions import (
        NotFoundError as NotFoundError,
    )
    from ._exceptions import OrganizationOnHoldError as OrganizationOnHoldError
    from ._exceptions import OrganizationTypeNotSupportedError as OrganizationTypeNotSupportedError
    from ._exceptions import (
        OverloadedError as OverloadedError,
    )
    from ._exceptions import ParentOrganizationRequiredError as ParentOrganizationRequiredError
    from ._exceptions import PaymentRequiredError as PaymentRequiredError
    from ._exceptions import (
        PermissionDeniedError as PermissionDeniedError,
    )
    from ._exceptions import PreconditionFailedError as PreconditionFailedError
    from ._exceptions import RampLimitExceededError as RampLimitExceededError
    from ._exceptions import (
        RateLimitError as RateLimitError,
    )
    from ._exceptions import RequestBodyEncodingInvalidError as RequestBodyEncodingInvalidError
    from ._exceptions import RequestBodyEncodingUnsupportedError as RequestBodyEncodingUnsupportedError
    from ._exceptions import RequestBodyTooLargeAfterDecodingError as RequestBodyTooLargeAfterDecodingError
    from ._exceptions import RequestHeaderFieldsTooLargeError as RequestHeaderFieldsTooLargeError
    from ._exceptions import RequestTimeoutError as RequestTimeoutError
    from ._exceptions import (
        RequestTooLargeError as RequestTooLargeError,
    )
    from ._exceptions import RetryableError as RetryableError
    from ._exceptions import SandboxEgressRestrictedError as SandboxEgressRestrictedError
    from ._exceptions import (
        ServiceUnavailableError as ServiceUnavailableError,
    )
    from ._exceptions import (
        UnexpectedEventOrderError as UnexpectedEventOrderError,
    )
    from ._exceptions import (
        UnprocessableEntityError as UnprocessableEntityError,
    )
    from ._exceptions import WorkspaceHumanReviewDisabledError as WorkspaceHumanReviewDisabledError
    from ._fallback import Fallback as Fallback
    from ._files import file_from_path as file_from_path
    from ._hooks import ContinuationEvent as ContinuationEvent
    from ._hooks import FallbackEvent as FallbackEvent
    from ._hooks import Hooks as Hooks
    from ._hooks import RequestEvent as RequestEvent
    from ._hooks import ResponseEvent as ResponseEvent
    from ._hooks import RetryEvent as RetryEvent
    from ._hooks import StreamErrorEvent as StreamErrorEvent
    from ._middleware import APIRequest as APIRequest
    from ._middleware import AsyncCallNext as AsyncCallNext
    from ._middleware import AsyncMiddlewareCallable as AsyncMiddlewareCallable
    from ._middleware import CallNext as CallNext
    from ._middleware import Middleware as Middleware
    from ._middleware import MiddlewareCallable as MiddlewareCallable
    from ._middleware import MiddlewareInput as MiddlewareInput
    from ._models import BaseModel as BaseModel
    from ._ratelimit import RateLimiter as RateLimiter
    from ._ratelimit import RateLimitInfo as RateLimitInfo
    from ._ratelimit import RateLimitWindow as RateLimitWindow
    from ._sync_client import (
        Anthropic as Anthropic,
    )
    from ._sync_response import APIResponse as APIResponse
    from ._timeouts import StreamTimeouts as StreamTimeouts
    from ._timeouts import TimeoutKind as TimeoutKind
    from ._types import (
        NOT_GIVEN as NOT_GIVEN,
    )
    from ._types import (
        NoneType as NoneType,
    )
    from ._types import (
        NotGiven as NotGiven,
    )
    from ._types import (
        Omit as Omit,
    )
    from ._types import (
        ProxiesTypes as ProxiesTypes,
    )
    from ._types import (
        RequestOptions as RequestOptions,
    )
    from ._types import (
        Timeout as Timeout,
    )
    from ._types import (
        Transport as Transport,
    )
    from ._types import (
        not_given as not_given,
    )
    from ._types import (
        omit as omit,
    )
    from .lib._parse._transform import transform_schema as transform_schema
    from .platforms.bedrock import (
        AnthropicBedrock as AnthropicBedrock,
    )
    from .platforms.bedrock import (
        AsyncAnthropicBedrock as AsyncAnthropicBedrock,
    )
    from .platforms.foundry import (
        AnthropicFoundry as AnthropicFoundry,
    )
    from .platforms.foundry import (
        AsyncAnthropicFoundry as AsyncAnthropicFoundry,
    )
    from .platforms.vertex import (
        AnthropicVertex as AnthropicVertex,
    )
    from .platforms.vertex import (
        AsyncAnthropicVertex as AsyncAnthropicVertex,
    )
    from .streaming.beta import (
        BetaAsyncMessageStream as BetaAsyncMessageStream,
    )
    from .streaming.beta import (
        BetaAsyncMessageStreamManager as BetaAsyncMessageStreamManager,
    )
    from .streaming.beta import (
        BetaMessageStream as BetaMessageStream,
    )
    from .streaming.beta import (
        BetaMessageStreamManager as BetaMessageStreamManager,
    )
    from .streaming.events import (
        BetaCitationEvent as BetaCitationEvent,
    )
    from .streaming.events import (
        BetaContentBlockStopEvent as BetaContentBlockStopEvent,
    )
    from .streaming.events import (
        BetaInputJsonEvent as BetaInputJsonEvent,
    )
    from .streaming.events import (
        BetaMessageStopEvent as BetaMessageStopEvent,
    )
    from .streaming.events import (
        BetaMessageStreamEvent as BetaMessageStreamEvent,
    )
    from .streaming.events import (
        BetaSignatureEvent as BetaSignatureEvent,
    )
    from .streaming.events import (
        BetaTextEvent as BetaTextEvent,
    )
    from .streaming.events import (
        BetaThinkingEvent as BetaThinkingEvent,
    )
    from .streaming.events import (
        CitationEvent as CitationEvent,
    )
    from .streaming.events import (
        ContentBlockStopEvent as ContentBlockStopEvent,
    )
    from .streaming.events import (
        InputJsonEvent as InputJsonEvent,
    )
    from .streaming.events import (
        MessageStopEvent as MessageStopEvent,
    )
    from .streaming.events import (
        MessageStreamEvent as MessageStreamEvent,
    )
    from .streaming.events import (
        ParsedBetaContentBlockStopEvent as ParsedBetaContentBlockStopEvent,
    )
    from .streaming.events import (
        ParsedBetaMessageStopEvent as ParsedBetaMessageStopEvent,
    )
    from .streaming.events import (
        ParsedBetaMessageStreamEvent as ParsedBetaMessageStreamEvent,
    )
    from .streaming.events import (
        ParsedBetaTextEvent as ParsedBetaTextEvent,
    )
    from .streaming.events import (
        SignatureEvent as SignatureEvent,
    )
    from .streaming.events import (
        TextEvent as TextEvent,
    )
    from .streaming.events import (
        ThinkingEvent as ThinkingEvent,
    )
    from .streaming.stream import (
        AsyncMessageStream as AsyncMessageStream,
    )
    from .streaming.stream import (
        AsyncMessageStreamManager as AsyncMessageStreamManager,
    )
    from .streaming.stream import (
        AsyncStream as AsyncStream,
    )
    from .streaming.stream import (
        MessageStream as MessageStream,
    )
    from .streaming.stream import (
        MessageStreamManager as MessageStreamManager,
    )
    from .streaming.stream import (
        Stream as Stream,
    )
    from .tools._functions import beta_async_tool as beta_async_tool
    from .tools._functions import beta_tool as beta_tool
