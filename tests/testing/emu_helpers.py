"""Helpers shared by the emulator tests (a uniquely named module: test dirs have no __init__)."""

from __future__ import annotations

from typing import Any

VERSION = {"anthropic-version": "2023-06-01"}


def message_body(text: str = "hello there world", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "claude-sonnet-4-5",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": text}],
    }
    body.update(overrides)
    return body


def sse_events(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a complete SSE body, the simple way (the emulator never splits fields)."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], fields["data"]))
    return events


def read_stream(client: Any, body: dict[str, Any], **kwargs: Any) -> tuple[list[str], Exception | None]:
    """Stream ``body`` from /v1/messages with an httpx client: the names of the events that arrived whole,
    and the httpx error that ended the stream early (``None`` if it ended cleanly)."""
    received, error = "", None
    with client.stream("POST", "/v1/messages", json=body, **kwargs) as response:
        try:
            for text in response.iter_text():
                received += text
        except Exception as exc:  # httpx.HTTPError, kept for the test to inspect
            error = exc
    complete = received[: received.rfind("\n\n") + 2] if "\n\n" in received else ""
    return [name for name, _ in sse_events(complete)], error


def run_pytest(pytester: Any, *args: str) -> Any:
    """Run an inner pytest session in a subprocess (an in-process run unloads the modules it imported, leaving
    this process with two copies of unbroken's sentinels), without the slow-to-import hypothesis plugin."""
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)
