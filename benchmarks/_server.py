"""A canned local API server for benchmarks, run in its own process so it costs the client nothing.

POST /v1/messages answers a fixed message, or with `"stream": true` a precomputed SSE body chosen by the
`x-bench-scenario` header: `text` (20,000 text deltas) or `tool` (~1 MB of tool input JSON in 20-byte deltas).
"""

from __future__ import annotations

import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MESSAGE = {
    "id": "msg_bench",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-5",
    "content": [{"type": "text", "text": "ok"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 10, "output_tokens": 1},
}


def _sse(events: list[dict[str, object]]) -> bytes:
    return b"".join(
        f"event: {e['type']}\ndata: {json.dumps(e, separators=(',', ':'))}\n\n".encode() for e in events
    )


def _stream(blocks: list[tuple[dict[str, object], list[dict[str, object]]]]) -> bytes:
    start = {**MESSAGE, "content": [], "stop_reason": None}
    events: list[dict[str, object]] = [{"type": "message_start", "message": start}]
    for index, (block, deltas) in enumerate(blocks):
        events.append({"type": "content_block_start", "index": index, "content_block": block})
        events.extend({"type": "content_block_delta", "index": index, "delta": d} for d in deltas)
        events.append({"type": "content_block_stop", "index": index})
    events.append(
        {
            "type": "message_delta",
            "delta": {"stop_reason": "end_turn", "stop_sequence": None},
            "usage": {"output_tokens": 5},
        }
    )
    events.append({"type": "message_stop"})
    return _sse(events)


def text_scenario(n: int = 20_000) -> bytes:
    deltas = [{"type": "text_delta", "text": f"word{i} "} for i in range(n)]
    return _stream([({"type": "text", "text": ""}, deltas)])


def tool_scenario(size: int = 1_000_000, chunk: int = 20) -> bytes:
    payload = json.dumps({"items": [f"value-{i:07d}" for i in range(size // 18)]})
    deltas = [
        {"type": "input_json_delta", "partial_json": payload[i : i + chunk]}
        for i in range(0, len(payload), chunk)
    ]
    block = {"type": "tool_use", "id": "toolu_1", "name": "store", "input": {}}
    return _stream([(block, deltas)])


SCENARIOS = {"text": text_scenario(), "tool": tool_scenario()}
PLAIN = json.dumps(MESSAGE).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if body.get("stream"):
            payload, kind = SCENARIOS[self.headers.get("x-bench-scenario", "text")], "text/event-stream"
        else:
            payload, kind = PLAIN, "application/json"
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(payload)))
        self.send_header("request-id", "req_bench")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


def start() -> tuple[subprocess.Popen[bytes], str]:
    """Start the server in a child process; returns it and its base URL once it listens."""
    proc = subprocess.Popen([sys.executable, __file__], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
