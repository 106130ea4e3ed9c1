"""Defaults of the public surface and the model tables that request-time checks consult."""

from __future__ import annotations

import httpx2

# Values of the default stack (`_stacks`); a client on httpx gets them converted.
DEFAULT_TIMEOUT = httpx2.Timeout(timeout=600, connect=5.0)
DEFAULT_MAX_RETRIES = 2
# The largest single stream event (SSE event, JSON Lines line) a client buffers. Real events are at most a few
# megabytes (a server tool's result in `content_block_start`, one batch result line); this leaves ample room
# while a body that never ends its line cannot grow a buffer without bound.
DEFAULT_MAX_EVENT_BYTES = 64 * 1024 * 1024
DEFAULT_CONNECTION_LIMITS = httpx2.Limits(max_connections=1000, max_keepalive_connections=100)
DEFAULT_BASE_URL = "https://api.anthropic.com"
ANTHROPIC_VERSION = "2023-06-01"

# Set by `with_raw_response` / `with_streaming_response`; stripped before the request is sent.
RAW_RESPONSE_HEADER = "X-Unbroken-Raw-Response"

# A non-streaming request whose max_tokens could take longer than this must be streamed.
MAX_NONSTREAMING_SECONDS = 600.0
EXPECTED_SECONDS_PER_128K_TOKENS = 3600.0

# Models whose non-streaming output is capped lower than the time rule implies.
MODEL_NONSTREAMING_TOKENS: dict[str, int] = {
    "claude-opus-4-20250514": 8_192,
    "claude-opus-4-0": 8_192,
    "claude-4-opus-20250514": 8_192,
    "anthropic.claude-opus-4-20250514-v1:0": 8_192,
    "claude-opus-4@20250514": 8_192,
    "claude-opus-4-1-20250805": 8_192,
    "anthropic.claude-opus-4-1-20250805-v1:0": 8_192,
    "claude-opus-4-1@20250805": 8_192,
}

DEPRECATED_MODELS: dict[str, str] = {
    "claude-1.3": "November 6th, 2024",
    "claude-1.3-100k": "November 6th, 2024",
    "claude-instant-1.1": "November 6th, 2024",
    "claude-instant-1.1-100k": "November 6th, 2024",
    "claude-instant-1.2": "November 6th, 2024",
    "claude-3-sonnet-20240229": "July 21st, 2025",
    "claude-3-opus-20240229": "January 5th, 2026",
    "claude-2.1": "July 21st, 2025",
    "claude-2.0": "July 21st, 2025",
    "claude-3-7-sonnet-latest": "February 19th, 2026",
    "claude-3-7-sonnet-20250219": "February 19th, 2026",
}

# The longest `retry-after` a client waits for before retrying (the reference's cap); `max_retry_after=`.
DEFAULT_MAX_RETRY_AFTER = 60.0
# The most continuations one call's message stream takes with `resume_streams` (`max_continuations`).
DEFAULT_MAX_CONTINUATIONS = 2
