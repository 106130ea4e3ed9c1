"""500 sequential `messages.create` calls with a 200-message history against a local server, vs the floor:
plain httpx2 (the client's default stack) posting the same JSON and `json.loads` of the answer.
Target: ratio <= 1.5."""

from __future__ import annotations

import json
import time

import httpx2
from _server import start

import unbroken

CALLS = 500
HISTORY = [
    {"role": "user" if i % 2 == 0 else "assistant", "content": f"message number {i} with a little text in it"}
    for i in range(199)
] + [{"role": "user", "content": "and the last question"}]
BODY = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": HISTORY}


def floor(base_url: str) -> float:
    with httpx2.Client(
        base_url=base_url, headers={"x-api-key": "k", "anthropic-version": "2023-06-01"}
    ) as http:
        start = time.perf_counter()
        for _ in range(CALLS):
            json.loads(http.post("/v1/messages", json=BODY).content)
        return time.perf_counter() - start


def ours(base_url: str) -> float:
    with unbroken.Anthropic(api_key="k", base_url=base_url) as client:
        start = time.perf_counter()
        for _ in range(CALLS):
            client.messages.create(**BODY)
        return time.perf_counter() - start


def main() -> None:
    proc, base_url = start()
    try:
        floor(base_url), ours(base_url)  # warm up connections, caches and validators
        best_floor = min(floor(base_url) for _ in range(3))
        best_ours = min(ours(base_url) for _ in range(3))
    finally:
        proc.terminate()
    print(f"floor (httpx2 + json.loads): {best_floor * 1000 / CALLS:6.3f} ms/call")
    print(f"unbroken messages.create  : {best_ours * 1000 / CALLS:6.3f} ms/call")
    print(f"ratio                     : {best_ours / best_floor:6.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
