"""A minimal streaming API server for `concurrency.py`, run in its own process so that the client's CPU is
measured alone.

Why not the emulator: it is a full ASGI app under uvicorn (routing, request validation, scripted replies),
several times the CPU per request of this server, and on a 2-core machine the server's CPU is taken from the
client being measured. This one answers every POST with a precomputed body from an asyncio protocol:

- a short SSE stream (message_start, 20 text deltas, message_stop), or, deterministically by request number,
- every 20th request (from the 8th) a 529 `overloaded_error`, and
- every 20th request (from the 14th) a drop: the headers and half the stream, then the connection closes.

With `--close` every response says `connection: close` and the connection is closed after it (a new
connection per stream); otherwise connections are kept alive. Prints its port, then serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json

DELTAS = 20


def _event(kind: str, data: dict[str, object]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps({'type': kind, **data}, separators=(',', ':'))}\n\n".encode()


def stream_body() -> bytes:
    message = {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 1},
    }
    parts = [
        _event("message_start", {"message": message}),
        _event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}}),
        *(
            _event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": f"word{i} "}})
            for i in range(DELTAS)
        ),
        _event("content_block_stop", {"index": 0}),
        _event(
            "message_delta",
            {"delta": {"stop_reason": "end_turn", "stop_sequence": None}, "usage": {"output_tokens": DELTAS}},
        ),
        _event("message_stop", {}),
    ]
    return b"".join(parts)


def _response(status: str, kind: str, body: bytes, close: bool) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {len(body)}\r\n"
        f"request-id: req_bench\r\nconnection: {'close' if close else 'keep-alive'}\r\n\r\n"
    )
    return head.encode() + body


class Server(asyncio.Protocol):
    count = 0

    def __init__(self, close: bool) -> None:
        self.close = close
        self.buffer = b""
        body = stream_body()
        error = json.dumps({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
        self.ok = _response("200 OK", "text/event-stream", body, close)
        self.overloaded = _response("529 Overloaded", "application/json", error.encode(), close)
        self.dropped = self.ok[: len(self.ok) - len(body) // 2]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].lower()
            marker = head.find(b"content-length:")
            length = int(head[marker + 15 :].split(b"\r\n", 1)[0]) if marker >= 0 else 0
            if len(self.buffer) < end + 4 + length:
                return
            self.buffer = self.buffer[end + 4 + length :]
            if not self.answer():
                return

    def answer(self) -> bool:
        """Write one response; False once the connection is closed."""
        Server.count += 1
        number = Server.count % 20
        if number == 13:
            self.transport.write(self.dropped)
            self.transport.close()
            return False
        self.transport.write(self.overloaded if number == 7 else self.ok)
        if self.close:
            self.transport.close()
            return False
        return True


async def serve(close: bool) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Server(close), "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--close", action="store_true", help="close the connection after every response")
    asyncio.run(serve(parser.parse_args().close))
