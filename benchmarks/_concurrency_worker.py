"""One client of `concurrency.py`, in its own process: N streams started at once, twice (the first wave warms
imports, validators and the pool; the second is measured). Prints one JSON line.

Standard library only at import time: the `official` client runs under another virtualenv's interpreter
(the official SDK's), where this project is not installed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

ARGS: dict[str, Any] = {
    "model": "claude-sonnet-4-5",
    "max_tokens": 1024,
    "messages": [{"role": "user", "content": "go"}],
}
HEADERS = {"x-api-key": "k", "anthropic-version": "2023-06-01"}
MAX_CONNECTIONS, MAX_KEEPALIVE = 1000, 100  # the SDKs' default pool limits, given to the plain clients too

Stream = Callable[[], Awaitable[str]]


def _status(exc: BaseException) -> str:
    return "overloaded" if getattr(exc, "status_code", None) == 529 else "dropped"


def sdk(module: Any, url: str, **options: Any) -> tuple[Stream, Any]:
    """unbroken or the official SDK: `messages.create(stream=True)`, every event iterated."""
    client = module.AsyncAnthropic(api_key="k", base_url=url, max_retries=0, **options)

    async def one() -> str:
        try:
            stream = await client.messages.create(**ARGS, stream=True)
            async for _ in stream:
                pass
        except module.AnthropicError as exc:
            return _status(exc)
        except Exception:  # an error that escaped the SDK's own hierarchy (the official lets drops through)
            return "escaped"
        return "ok"

    return one, client.close


def plain_httpx(module: Any, url: str, *, over_aiohttp: bool = False) -> tuple[Stream, Any]:
    """httpx or httpx2 alone: stream the SSE, `json.loads` each data line. `over_aiohttp`: httpx2 over
    httpx-aiohttp's transport, the stack `DefaultAioHttpClient` is, without this client on top."""
    limits = module.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE)
    if over_aiohttp:
        from httpx_aiohttp.httpx2 import AiohttpTransport

        transport = AiohttpTransport(limits=limits)
        client = module.AsyncClient(base_url=url, headers=HEADERS, transport=transport, timeout=600)
    else:
        client = module.AsyncClient(base_url=url, headers=HEADERS, limits=limits, timeout=600)

    async def one() -> str:
        try:
            async with client.stream("POST", "/v1/messages", json={**ARGS, "stream": True}) as response:
                if response.status_code != 200:
                    json.loads(await response.aread())
                    return "overloaded" if response.status_code == 529 else "other"
                async for line in response.aiter_lines():
                    if line.startswith("data: "):
                        json.loads(line[6:])
        except module.HTTPError:
            return "dropped"
        return "ok"

    return one, client.aclose


def plain_aiohttp(url: str) -> tuple[Stream, Any]:
    import aiohttp

    session = aiohttp.ClientSession(
        base_url=url,
        headers=HEADERS,
        connector=aiohttp.TCPConnector(limit=MAX_CONNECTIONS),
        timeout=aiohttp.ClientTimeout(total=600),
    )

    async def one() -> str:
        try:
            async with session.post("/v1/messages", json={**ARGS, "stream": True}) as response:
                if response.status != 200:
                    json.loads(await response.read())
                    return "overloaded" if response.status == 529 else "other"
                async for line in response.content:
                    if line.startswith(b"data: "):
                        json.loads(line[6:])
        except aiohttp.ClientError:
            return "dropped"
        return "ok"

    return one, session.close


def build(name: str, url: str) -> tuple[Stream, Any]:
    if name == "official":
        import anthropic

        return sdk(anthropic, url)
    if name.startswith("unbroken"):
        import unbroken

        stack, _, variant = name.partition("/")[2].partition(" ")
        if variant == "pass-through":  # accumulate_raw_streams=False: what the opt-out saves at scale
            return sdk(unbroken, url, accumulate_raw_streams=False)
        if stack == "httpx":
            import httpx

            limits = httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE)
            return sdk(unbroken, url, http_client=httpx.AsyncClient(limits=limits, timeout=600))
        if stack == "aiohttp":
            return sdk(unbroken, url, http_client=unbroken.DefaultAioHttpClient())
        return sdk(unbroken, url)  # the default stack
    stack = name.partition("/")[2]
    if stack == "aiohttp":
        return plain_aiohttp(url)
    if stack == "httpx2+aiohttp":
        return plain_httpx(__import__("httpx2"), url, over_aiohttp=True)
    return plain_httpx(__import__(stack), url)


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split(f"{field}:")[1].split()[0])


async def main(name: str, url: str, n: int) -> dict[str, Any]:
    one, close = build(name, url)
    baseline = _status_kib("VmRSS")
    await asyncio.gather(*(one() for _ in range(n)))  # warm-up wave
    cpu, wall = time.process_time(), time.perf_counter()
    outcomes = Counter(await asyncio.gather(*(one() for _ in range(n))))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    await close()
    return {
        "client": name,
        "streams_per_s": n / wall,
        "cpu_ms_per_stream": cpu * 1000 / n,
        "rss_mb_per_1000": (_status_kib("VmHWM") - baseline) / 1024 * 1000 / n,
        "outcomes": dict(outcomes),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("client")
    parser.add_argument("url")
    parser.add_argument("-n", type=int, default=1000)
    options = parser.parse_args()
    print(json.dumps(asyncio.run(main(options.client, options.url, options.n))))
