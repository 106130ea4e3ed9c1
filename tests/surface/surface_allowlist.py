"""What our public surface may differ on from the reference's, each entry with its reason.

Keys are the mismatch keys of `surface_compare` (shell-style patterns): `anthropic.X.member` for a public
name, `Client().path` for a resource reachable from a client. An entry that no longer matches any mismatch
fails the test too, so both lists only ever shrink.
"""

from __future__ import annotations

# Differences on purpose. Each is also in the README's "Differences from the reference".
ON_PURPOSE: dict[str, str] = {
    "anthropic.Stream": (
        "takes an optional `call` (the call's retry state), so a stream that fails before its first event is "
        "retried like any request"
    ),
    "anthropic.AsyncStream": "as `Stream`: an optional `call`",
    "anthropic.APIResponse": (
        "built by the client, never by users: wraps the httpx response and how to read it as a stream"
    ),
    "anthropic.AsyncAPIResponse": "as `APIResponse`",
    "anthropic.Default*Client": (
        "the classes carry their public names (the reference's runtime classes are `_DefaultHttpxClient`, …, "
        "its aiohttp one taking `**_kwargs` when the extra is missing), and are httpx2 clients (the default "
        "stack: docs/http-clients.md); handed httpx objects, `DefaultHttpxClient(…)` builds an httpx client"
    ),
    "anthropic.Timeout": (
        "httpx2's (the default HTTP stack: its pool scales to thousands of concurrent streams, where httpx "
        "0.28's becomes CPU-bound; docs/http-clients.md); an `httpx.Timeout` is accepted as well"
    ),
    "anthropic.Transport": (
        "httpx2's `BaseTransport`, as `Timeout`; httpx clients with their transports still work"
    ),
    "anthropic.ProxiesTypes": "httpx2's `Proxy` and `URL`, as `Timeout`",
    "anthropic.DEFAULT_TIMEOUT": (
        "an `httpx2.Timeout` (same values), as `Timeout`; converted for an httpx client"
    ),
    "anthropic.DEFAULT_CONNECTION_LIMITS": "an `httpx2.Limits` (same values), as `DEFAULT_TIMEOUT`",
    "anthropic.RequestOptions.timeout": "a timeout of either stack (httpx2's at run time, as `Timeout`)",
    "anthropic.BetaMessageStopEvent": (
        "the unparametrised `ParsedBetaMessageStopEvent`, so `isinstance(event, BetaMessageStopEvent)` holds "
        "for every event a beta stream yields (the reference's `ParsedBetaMessageStopEvent[object]` matches "
        "none of them)"
    ),
    "anthropic.BetaMessageStopEvent.message": "as above: `ParsedBetaMessage`, unparametrised",
    "anthropic.BetaContentBlockStopEvent": "as `BetaMessageStopEvent`",
    "anthropic.*ContentBlockStopEvent.content_block": (
        "`ParsedBetaContentBlock` also lists `BetaWebFetchToolResultBlock`: a web fetch result in a parsed "
        "message is that block, not an unknown one"
    ),
    "anthropic.types.beta.parsed_beta_message.ParsedBetaContentBlock": "as the entry above",
    "anthropic.types.beta.parsed_beta_message.ParsedBetaMessage.content": "as the entry above",
    "anthropic.Anthropic": (
        "the constructor also takes `**options: Unpack[ClientOptions]`, unbroken's own controls "
        "(`max_event_bytes`, …; `unbroken._options`): new controls are configured on the client constructor"
    ),
    "anthropic.AsyncAnthropic": "as `Anthropic`: `**options`",
    "anthropic.*AnthropicBedrock": "as `Anthropic`: `**options`",
    "anthropic.*AnthropicVertex": "as `Anthropic`: `**options`",
    "anthropic.*AnthropicFoundry": (
        "as `Anthropic`: `**options`; and `auth_token`, which `copy()` passes (the reference's Foundry "
        "`copy()` raises TypeError for it)"
    ),
    "anthropic.lib.foundry.BaseFoundryClient": (
        "a base class users never build: its constructor is our client base's, not the reference's "
        "`BaseClient(version=, custom_headers=, …)`"
    ),
    "*AnthropicBedrock().beta": (
        "Bedrock's `client.beta` is our reduced namespace (`PlatformBeta`: only `messages`, the one beta "
        "endpoint the platform serves), the reference's is a class named `Beta`"
    ),
    "*AnthropicVertex().beta": "as Bedrock's",
    "*AnthropicBedrock().beta.with_*_response": "its views: `PlatformBetaWithRawResponse`, …",
    "*AnthropicVertex().beta.with_*_response": "as Bedrock's",
    "anthropic.*Anthropic*.copy": (
        "also takes `**options: Unpack[ClientOptions]` (new controls are set on the constructor and "
        "`copy()`); Bedrock's also takes `aws_profile`, which its constructor takes"
    ),
    "anthropic.*Anthropic*.with_options": "as `copy`",
    "anthropic.APITimeoutError": (
        "also takes `timeout_kind=` and `detail=` (which limit passed: connect, read, write, pool, "
        "first_event, idle, total or deadline), set by the client; built as the reference builds it, it says "
        "what the reference's says"
    ),
}

# Mismatches fixed concurrently in another branch; empty since that branch (the resource and client surface)
# was merged. Kept so that the next such branch has its place.
PENDING_RESOURCE_CLIENT_SURFACE_OTHER_BRANCH: dict[str, str] = {}
