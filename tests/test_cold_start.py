"""What a process loads on the way to its first answer (issue 17's cold start, measured by
`benchmarks/cold_start.py`): only its own kind of client, and nothing it does not use."""

from __future__ import annotations

import subprocess
import sys

from unbroken.testing import Emulator, RateLimits

ARGS = {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}
# what such a program does not use: unconfigured controls, the raw helpers' options, the request params
UNUSED = (
    "unbroken._ratelimit",
    "unbroken._telemetry",
    "unbroken._fallback",
    "unbroken.usage",
    "unbroken._request_options",
    "unbroken.types.content_params",
    "unbroken.types.message_params",
    "unbroken._status_errors",  # the official SDK 2.x's finer error classes, defined when first met
    "unbroken._client_options",  # the constructor options' declarations (TypedDicts), for type checkers
    "unbroken._annotation_types",  # the aliases that only annotate (files, proxies, RequestOptions)
    "unbroken._sync_response",  # the wrappers of `with_streaming_response` / `with_raw_response` methods
    "unbroken._async_response",
)


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_sync_first_answer_loads_no_async_module_and_types_rate_limits_only_when_read(
    emulator: Emulator,
) -> None:
    emulator.rate_limits = RateLimits(requests=5)  # every answer carries the rate-limit headers
    run(
        "import sys, unbroken\n"
        f"client = unbroken.Anthropic(api_key='k', base_url={emulator.base_url!r})\n"
        f"assert client.messages.create(**{ARGS!r}).content\n"
        "loaded = [m for m in sys.modules if m.startswith('unbroken.') and '_async' in m]\n"
        f"loaded += [m for m in {UNUSED!r} if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "assert client.rate_limit.requests.remaining == 4\n"
        "assert 'unbroken._ratelimit' in sys.modules\n"
    )


def test_an_async_first_answer_loads_no_sync_module(emulator: Emulator) -> None:
    run(
        "import asyncio, sys, unbroken\n"
        "async def main():\n"
        f"    client = unbroken.AsyncAnthropic(api_key='k', base_url={emulator.base_url!r})\n"
        f"    assert (await client.messages.create(**{ARGS!r})).content\n"
        "asyncio.run(main())\n"
        "loaded = [m for m in sys.modules if m.startswith('unbroken.') and '_sync' in m]\n"
        f"loaded += [m for m in {UNUSED!r} if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )


def test_the_2x_error_classes_load_when_first_met_as_the_same_classes_everywhere() -> None:
    # A fresh process: the first 402 builds its class from the status table, and that is the class
    # `unbroken` and `unbroken._exceptions` name, `except` catches and pickle restores.
    run(
        "import pickle, sys, httpx, unbroken\n"
        "from unbroken._exceptions import status_error_from_response\n"
        "assert 'unbroken._status_errors' not in sys.modules\n"
        "request = httpx.Request('POST', 'https://api.test/v1/messages')\n"
        'body = b\'{"type": "error", "error": {"type": "billing_error", "message": "no"}}\'\n'
        "error = status_error_from_response(httpx.Response(402, request=request), body)\n"
        "assert 'unbroken._status_errors' in sys.modules\n"
        "try:\n"
        "    raise error\n"
        "except unbroken.PaymentRequiredError as caught:\n"
        "    assert type(caught) is unbroken._exceptions.PaymentRequiredError\n"
        "assert isinstance(error, unbroken.APIStatusError) and error.status_code == 402\n"
        "assert type(error).__module__ == 'unbroken._exceptions'\n"
        "assert pickle.loads(pickle.dumps(type(error))) is unbroken.PaymentRequiredError\n"
        "from unbroken._exceptions import *  # noqa\n"
        "assert CMEKKeyDisabledError.__mro__[1] is unbroken.BadRequestError\n"
    )


def test_the_4xx_classes_load_when_first_met_and_a_client_defines_none_of_them() -> None:
    # 0.74.0's 4xx classes live in `_status_errors` too; the 5xx and 529 ones (every client's default
    # `fallback_on`) stay in `_exceptions`. A 429 met first is `unbroken.RateLimitError`, whatever the path.
    run(
        "import pickle, sys, httpx, unbroken\n"
        "from unbroken._exceptions import status_error_from_response\n"
        "client = unbroken.Anthropic(api_key='k')\n"
        "assert 'unbroken._status_errors' not in sys.modules\n"
        "request = httpx.Request('POST', 'https://api.test/v1/messages')\n"
        'body = b\'{"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}\'\n'
        "error = status_error_from_response(httpx.Response(429, request=request), body)\n"
        "assert type(error) is unbroken.RateLimitError is unbroken._exceptions.RateLimitError\n"
        "assert type(error).__module__ == 'unbroken._exceptions' and error.status_code == 429\n"
        "assert pickle.loads(pickle.dumps(error.__class__)) is unbroken.RateLimitError\n"
        "assert unbroken.ContentTooLargeError is unbroken.RequestTooLargeError\n"
        "assert unbroken.GatewayTimeoutError is unbroken.DeadlineExceededError\n"
        "assert issubclass(unbroken.ServiceUnavailableError, unbroken.InternalServerError)\n"
        "assert {'BadRequestError', 'PaymentRequiredError'} <= set(dir(unbroken._exceptions))\n"
    )
