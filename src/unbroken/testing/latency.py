"""The latency model: how long the emulated model takes to start answering and to say each token.

A streamed answer sends its headers at once, waits ``first_token`` seconds before its first event, then
``tokens / tokens_per_second`` before each event that carries tokens (a content delta carries one). A
non-streamed answer waits ``first_token + output_tokens / tokens_per_second`` before responding. With
``jitter=j`` every wait is multiplied by a factor drawn uniformly from ``[1 - j, 1 + j]`` by a generator
seeded with ``seed``, so a run is reproducible. Errors are answered without delay.

The schedule is computed here, purely; the emulator does the waiting (interrupted when the client leaves or
the emulator stops), so tests of the model need no clock.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Latency", "output_tokens_of"]


@dataclass(frozen=True)
class Latency:
    """Time to first token, tokens per second (``None``: no per-token time) and jitter."""

    first_token: float = 0.0
    tokens_per_second: float | None = None
    jitter: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.first_token >= 0:  # NaN too: it would be served as no wait at all
            raise ValueError(f"first_token must be >= 0 seconds, got {self.first_token}")
        if self.tokens_per_second is not None and not self.tokens_per_second > 0:
            raise ValueError(f"tokens_per_second must be > 0, got {self.tokens_per_second}")
        if not 0 <= self.jitter <= 1:
            raise ValueError(f"jitter must be between 0 and 1, got {self.jitter}")

    def rng(self) -> random.Random:
        """A fresh generator for this model's jitter (the emulator keeps one per run, reset with it)."""
        return random.Random(self.seed)

    def _jittered(self, seconds: float, rng: random.Random) -> float:
        if seconds <= 0 or self.jitter == 0:
            return seconds
        return seconds * rng.uniform(1 - self.jitter, 1 + self.jitter)

    def _token_time(self, tokens: int) -> float:
        return 0.0 if self.tokens_per_second is None else tokens / self.tokens_per_second

    def stream_delays(self, weights: Sequence[int], rng: random.Random) -> list[float]:
        """Seconds to wait before each unit of a stream whose units carry ``weights`` tokens each."""
        delays = [self._jittered(self._token_time(tokens), rng) for tokens in weights]
        if delays:
            delays[0] += self._jittered(self.first_token, rng)
        return delays

    def response_delay(self, output_tokens: int, rng: random.Random) -> float:
        """Seconds to wait before a complete (non-streamed) answer of ``output_tokens`` tokens."""
        return self._jittered(self.first_token + self._token_time(output_tokens), rng)


def output_tokens_of(body: bytes) -> int:
    """``usage.output_tokens`` of a JSON message body (0 when the body is something else)."""
    try:
        usage = json.loads(body).get("usage") or {}
        tokens = usage.get("output_tokens", 0)
    except (ValueError, AttributeError):
        return 0
    return tokens if isinstance(tokens, int) and tokens > 0 else 0
