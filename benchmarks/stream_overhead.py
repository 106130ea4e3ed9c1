"""This client's own CPU per stream, without sockets: `concurrency.py`'s stream (23 events) answered by an
in-memory httpx2 transport, streams one after another, vs the floor: plain httpx2 over the same transport
streaming the lines and `json.loads` of each data line.

What `concurrency.py` cannot tell apart from the noise of a shared machine (the pool, the sockets and the
server all count there) is measured here alone: CPU per stream, best of `--rounds`, for the floor, unbroken's
`messages.create(stream=True)` with every event iterated, the same with `accumulate_raw_streams=False`
("pass-through": what `partial_message` costs), and `messages.stream()` + `get_final_message()`.

`--instructions` counts CPU instructions per stream instead, exactly and whatever else the machine runs
(needs valgrind: each client runs twice under callgrind, and the difference between 1,100 and 100 streams is
divided by 1,000, so start-up and imports cancel out).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable

import httpx2
from _concurrency_worker import ARGS, HEADERS
from _stream_server import stream_body

import unbroken

BODY = stream_body()
CLIENTS = ["plain httpx2", "unbroken", "unbroken pass-through", "unbroken get_final_message"]
Stream = Callable[[], Awaitable[None]]


class _Answer(httpx2.AsyncBaseTransport):
    """Every request answered with the benchmark's stream, from memory."""

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        await request.aread()
        headers = {"content-type": "text/event-stream", "request-id": "req_bench"}
        return httpx2.Response(200, headers=headers, stream=httpx2.ByteStream(BODY))


def build(name: str) -> Stream:
    if name == "plain httpx2":
        http = httpx2.AsyncClient(base_url="http://bench.test", headers=HEADERS, transport=_Answer())

        async def plain() -> None:
            async with http.stream("POST", "/v1/messages", json={**ARGS, "stream": True}) as response:
                async for line in response.aiter_lines():
                    if line.startswith("data: "):
                        json.loads(line[6:])

        return plain
    client = unbroken.AsyncAnthropic(
        api_key="k",
        base_url="http://bench.test",
        http_client=httpx2.AsyncClient(transport=_Answer()),
        accumulate_raw_streams=not name.endswith("pass-through"),
    )
    if name.endswith("get_final_message"):

        async def final() -> None:
            async with client.messages.stream(**ARGS) as stream:
                await stream.get_final_message()

        return final

    async def raw() -> None:
        stream = await client.messages.create(**ARGS, stream=True)
        async for _ in stream:
            pass

    return raw


async def cpu_per_stream(one: Stream, n: int) -> float:
    for _ in range(200):  # warm-up: imports, validators
        await one()
    start = time.process_time()
    for _ in range(n):
        await one()
    return (time.process_time() - start) / n


def instructions(name: str) -> int:
    def count(n: int) -> int:
        valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        out = subprocess.run(
            [*valgrind, sys.executable, __file__, "--run", name, "-n", str(n)],
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        return int(re.findall(r"Collected : (\d+)", out)[-1])

    return (count(1100) - count(100)) // 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3000, help="streams per round (default 3000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--instructions", action="store_true", help="count instructions (needs valgrind)")
    parser.add_argument("--run", choices=CLIENTS, help=argparse.SUPPRESS)  # one client, for callgrind
    options = parser.parse_args()
    if options.run:
        asyncio.run(cpu_per_stream(build(options.run), options.n))
        return
    if options.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind on the PATH")
        counts = {name: instructions(name) for name in CLIENTS}
        floor = counts["plain httpx2"]
        for name, count in counts.items():
            print(f"{name:28s} {count / 1e6:6.3f} M instructions per stream  x{count / floor:.2f}")
        return
    floor = 0.0
    for name in CLIENTS:
        best = min(asyncio.run(cpu_per_stream(build(name), options.n)) for _ in range(options.rounds))
        floor = floor or best
        print(f"{name:28s} {best * 1e6:6.0f} us CPU per stream  x{best / floor:.2f}")


if __name__ == "__main__":
    main()
