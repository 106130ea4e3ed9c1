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


def run_pytest(pytester: Any, *args: str) -> Any:
    """Run an inner pytest session in a subprocess (an in-process run unloads the modules it imported, leaving
    this process with two copies of unbroken's sentinels), without the slow-to-import hypothesis plugin."""
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)
