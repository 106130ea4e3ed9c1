"""Streaming cost against the floor (plain httpx2, the client's default stack, + `json.loads` per data
line), one run, same local server:

(a) 20,000 text deltas through `messages.stream(...).get_final_message()` — target <= 2x the floor;
(b) a tool_use block with ~1 MB of input JSON in 20-byte deltas — target <= 1.5x the floor.
Each is measured with the client's defaults, and with `stream_timeouts` set (every chunk checked against
the limits, the socket watched), which must stay within the same targets. `get_final_message()` hands no event
to anyone, so the deltas go straight into the accumulator (`streaming/_delta_line.py`); a third line, for
information, iterates a raw `create(stream=True)`, where every event is validated into its model and handed
over (and accumulated, for `partial_message`).
Times are process CPU seconds of this (client) process; the server runs in another process.
"""

from __future__ import annotations

import json
import time

import httpx2
from _server import start

import unbroken

ARGS = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "go"}]}


def floor(base_url: str, scenario: str) -> float:
    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01", "x-bench-scenario": scenario}
    with httpx2.Client(base_url=base_url, headers=headers) as http:
        start = time.process_time()
        with http.stream("POST", "/v1/messages", json={**ARGS, "stream": True}) as response:
            for line in response.iter_lines():
                if line.startswith("data: "):
                    json.loads(line[6:])
        return time.process_time() - start


TIMED = unbroken.StreamTimeouts(first_event=60, idle=60, total=600)


def ours(base_url: str, scenario: str, **options: object) -> float:
    with unbroken.Anthropic(api_key="k", base_url=base_url, **options) as client:  # type: ignore[arg-type]
        start = time.process_time()
        with client.messages.stream(**ARGS, extra_headers={"x-bench-scenario": scenario}) as stream:
            stream.get_final_message()
        return time.process_time() - start


def ours_iterated(base_url: str, scenario: str, **options: object) -> float:
    """The raw events of `create(stream=True)`, every one validated into its model and handed over."""
    with unbroken.Anthropic(api_key="k", base_url=base_url, **options) as client:  # type: ignore[arg-type]
        start = time.process_time()
        for _ in client.messages.create(**ARGS, stream=True, extra_headers={"x-bench-scenario": scenario}):
            pass
        return time.process_time() - start


def main() -> None:
    proc, base_url = start()
    try:
        for scenario, label, target in (("text", "20,000 text deltas", 2.0), ("tool", "1 MB tool JSON", 1.5)):
            variants = (
                ("", ours, {}),
                (" +timeouts", ours, {"stream_timeouts": TIMED}),
                (" raw, iterated", ours_iterated, {}),
            )
            for variant, measure, options in variants:
                floor(base_url, scenario), measure(base_url, scenario, **options)  # warm up
                best_floor = min(floor(base_url, scenario) for _ in range(3))
                best_ours = min(measure(base_url, scenario, **options) for _ in range(3))
                print(
                    f"{label + variant:32s} floor {best_floor * 1000:7.1f} ms  unbroken "
                    f"{best_ours * 1000:7.1f} ms  ratio {best_ours / best_floor:5.2f}  (target <= {target})"
                )
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
