"""Token usage you can bill: correct totals, a meter that sums a client's calls, and cost from a price table.

Anthropic's ``usage.input_tokens`` counts only the input tokens that were neither read from nor written to the
prompt cache. Cache reads and cache writes come on top (``cache_read_input_tokens``,
``cache_creation_input_tokens``), and cache writes are priced by their lifetime: the 5-minute ones at 1.25
times the input price, the 1-hour ones at 2 times (``usage.cache_creation.ephemeral_5m_input_tokens`` /
``ephemeral_1h_input_tokens``; a total without that split is counted as 5-minute writes, the API's default).
Server tools are billed per use on top of tokens (web search: $10 per 1,000 searches; web fetch: tokens only).

* `TokenUsage.of(message_or_usage)` reads any usage object (`Usage`, `BetaUsage`, the streams' cumulative
  `MessageDeltaUsage`, a message, a batch result) into one value that adds up (``+``).
* `cost(usage, model)` prices it with a `PriceTable` (`DEFAULT_PRICES`, or yours); ``batch=True`` applies
  the Message Batches discount (50 % off every token price, not off server-tool fees).
* `UsageMeter` sums everything recorded into it, per model; give it to a client (``usage_meter=meter``) and
  the client records every message it returns, every stream when it ends, and the partial usage of a
  stream that failed; batch results are recorded as batch usage when read through the client.

Money is `decimal.Decimal` (USD), so sums are exact. The default table is a dated copy of Anthropic's
public price list (see `DEFAULT_PRICES`); prices change: pass your own table (negotiated rates) where it
matters.
The long-context premium some models charge above 200K input tokens is not modelled.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = [
    "DEFAULT_PRICES",
    "ModelPrice",
    "PriceTable",
    "TokenUsage",
    "UsageMeter",
    "cost",
]

_MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class TokenUsage:
    """Token counts of one or more calls, each category apart; ``a + b`` sums them."""

    input_tokens: int = 0
    """Input tokens neither read from nor written to the cache (the API's ``usage.input_tokens``)."""
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_write_5m_input_tokens: int = 0
    cache_write_1h_input_tokens: int = 0
    web_search_requests: int = 0
    web_fetch_requests: int = 0

    @property
    def cache_write_input_tokens(self) -> int:
        """Cache writes of both lifetimes (the API's ``cache_creation_input_tokens``)."""
        return self.cache_write_5m_input_tokens + self.cache_write_1h_input_tokens

    @property
    def total_input_tokens(self) -> int:
        """Every input token the model read: uncached + cache reads + cache writes (what OpenTelemetry's
        ``gen_ai.usage.input_tokens`` reports)."""
        return self.input_tokens + self.cache_read_input_tokens + self.cache_write_input_tokens

    @property
    def total_tokens(self) -> int:
        return self.total_input_tokens + self.output_tokens

    def __add__(self, other: TokenUsage) -> TokenUsage:
        if not isinstance(other, TokenUsage):
            return NotImplemented
        # Spelled out, not a loop over fields(): a meter adds once per call (100,000 times for a batch).
        return TokenUsage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cache_read_input_tokens + other.cache_read_input_tokens,
            self.cache_write_5m_input_tokens + other.cache_write_5m_input_tokens,
            self.cache_write_1h_input_tokens + other.cache_write_1h_input_tokens,
            self.web_search_requests + other.web_search_requests,
            self.web_fetch_requests + other.web_fetch_requests,
        )

    @classmethod
    def of(cls, value: Any) -> TokenUsage:
        """The counts of a usage object, or of anything that has one (a message, a succeeded batch result);
        fields the server left out count as 0."""
        usage = _usage_object(value)
        if usage is None:
            return cls()
        cache_write = _int(_get(usage, "cache_creation_input_tokens"))
        split = _get(usage, "cache_creation")
        write_1h = _int(_get(split, "ephemeral_1h_input_tokens"))
        write_5m = _int(_get(split, "ephemeral_5m_input_tokens"))
        # The split, when given, says which lifetime each write had; any rest is the default, 5 minutes.
        write_5m += max(cache_write - write_5m - write_1h, 0)
        tools = _get(usage, "server_tool_use")
        return cls(
            input_tokens=_int(_get(usage, "input_tokens")),
            output_tokens=_int(_get(usage, "output_tokens")),
            cache_read_input_tokens=_int(_get(usage, "cache_read_input_tokens")),
            cache_write_5m_input_tokens=write_5m,
            cache_write_1h_input_tokens=write_1h,
            web_search_requests=_int(_get(tools, "web_search_requests")),
            web_fetch_requests=_int(_get(tools, "web_fetch_requests")),
        )


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if type(obj) is dict:  # the common case (decoded JSON), without the slower check against Mapping
        return obj.get(name)
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _usage_object(value: Any) -> Any:
    """`value` itself when it is a usage, else the usage of the message it is or holds."""
    message = _message_object(value)
    if message is not None:
        return _get(message, "usage")
    return (
        value if _get(value, "output_tokens") is not None or _get(value, "input_tokens") is not None else None
    )


def _message_object(value: Any) -> Any:
    """A message (anything with ``usage``), or the message of a succeeded batch result."""
    result = _get(value, "result")
    if result is not None and _get(value, "custom_id") is not None:  # a batch's individual response
        return _get(result, "message") if _get(result, "type") == "succeeded" else None
    return value if _get(value, "usage") is not None else None


def _is_batch_result(value: Any) -> bool:
    return _get(value, "custom_id") is not None and _get(value, "result") is not None


# -- prices ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelPrice:
    """One model's prices in USD per million tokens."""

    input: Decimal
    output: Decimal
    cache_write_5m: Decimal
    cache_write_1h: Decimal
    cache_read: Decimal

    @classmethod
    def per_mtok(
        cls, input: str, cache_write_5m: str, cache_write_1h: str, cache_read: str, output: str
    ) -> ModelPrice:
        """In the order of Anthropic's price list's columns."""
        return cls(
            Decimal(input),
            Decimal(output),
            Decimal(cache_write_5m),
            Decimal(cache_write_1h),
            Decimal(cache_read),
        )


_DATE_SUFFIX = re.compile(r"(-\d{8}|@\d{8})$")
# Bedrock's inference profiles: `us.`, `eu.`, `apac.`, `us-gov.`, `global.`, …
_PLATFORM_PREFIX = re.compile(r"^(?:[a-z]+(?:-[a-z]+)*\.)?anthropic\.")
_PLATFORM_VERSION = re.compile(r"-v\d+(?::\d+)?$")


def model_family(model: str) -> str:
    """A model id without its snapshot date or platform decoration: ``claude-sonnet-4-5-20250929``,
    ``claude-sonnet-4-5@20250929`` (Vertex) and ``us.anthropic.claude-sonnet-4-5-20250929-v1:0`` (Bedrock)
    all give ``claude-sonnet-4-5``; a version goes after the date on Bedrock, before it on Vertex
    (``claude-3-5-sonnet-v2@20241022``)."""
    name = _PLATFORM_PREFIX.sub("", model.strip().lower())
    name = _PLATFORM_VERSION.sub("", _DATE_SUFFIX.sub("", _PLATFORM_VERSION.sub("", name)))
    return name.removesuffix("-latest")


@dataclass(frozen=True)
class PriceTable:
    """Prices per model (looked up by `model_family`), the server-tool fees, and the batch discount."""

    models: Mapping[str, ModelPrice]
    web_search_per_thousand: Decimal = Decimal(10)
    batch_discount: Decimal = Decimal("0.5")
    """The fraction taken off every token price for Message Batches results."""
    as_of: str = ""
    source: str = ""

    def price(self, model: str) -> ModelPrice:
        """The model's prices; KeyError (naming the model) when the table has none."""
        for key in (model, model_family(model)):
            if key in self.models:
                return self.models[key]
        raise KeyError(f"no price for model {model!r} in this table; pass a PriceTable that has it")

    def cost(self, usage: TokenUsage, model: str, *, batch: bool = False) -> Decimal:
        """USD for `usage` on `model` (`batch`: the Message Batches discount on every token price)."""
        price = self.price(model)
        tokens = (
            usage.input_tokens * price.input
            + usage.output_tokens * price.output
            + usage.cache_read_input_tokens * price.cache_read
            + usage.cache_write_5m_input_tokens * price.cache_write_5m
            + usage.cache_write_1h_input_tokens * price.cache_write_1h
        ) / _MILLION
        if batch:
            tokens *= 1 - self.batch_discount
        return tokens + usage.web_search_requests * self.web_search_per_thousand / 1000


def _table() -> dict[str, ModelPrice]:
    opus_new = ModelPrice.per_mtok("5", "6.25", "10", "0.50", "25")
    opus_old = ModelPrice.per_mtok("15", "18.75", "30", "1.50", "75")
    sonnet = ModelPrice.per_mtok("3", "3.75", "6", "0.30", "15")
    rows = {
        (
            "claude-opus-5",
            "claude-opus-4-8",
            "claude-opus-4-7",
            "claude-opus-4-6",
            "claude-opus-4-5",
        ): opus_new,
        ("claude-opus-4-1", "claude-opus-4-0", "claude-opus-4", "claude-3-opus"): opus_old,
        ("claude-sonnet-5",): ModelPrice.per_mtok("2", "2.50", "4", "0.20", "10"),
        (
            "claude-sonnet-4-6",
            "claude-sonnet-4-5",
            "claude-sonnet-4-0",
            "claude-sonnet-4",
            "claude-3-7-sonnet",
            "claude-3-5-sonnet",
        ): sonnet,
        ("claude-haiku-4-5",): ModelPrice.per_mtok("1", "1.25", "2", "0.10", "5"),
        ("claude-3-5-haiku",): ModelPrice.per_mtok("0.80", "1", "1.6", "0.08", "4"),
        ("claude-3-haiku",): ModelPrice.per_mtok("0.25", "0.30", "0.50", "0.03", "1.25"),
    }
    return {name: price for names, price in rows.items() for name in names}


DEFAULT_PRICES = PriceTable(
    models=_table(),
    as_of="2026-11-30",
    source=(
        "Anthropic's public price list, https://platform.claude.com/docs/en/about-claude/pricing (model "
        "table, prompt-caching columns, batch processing, web search tool: $10 per 1,000 searches) and the "
        "model overview pages, as read on 2026-11-30"
    ),
)
"""Anthropic's list prices as read on 2026-11-30 (see `source`). Models priced in tiers by prompt length are
left out: give your own `PriceTable` for them."""


def cost(usage: Any, model: str, *, prices: PriceTable = DEFAULT_PRICES, batch: bool = False) -> Decimal:
    """USD for one call's usage (any usage object, message or `TokenUsage`) on `model`."""
    counts = usage if isinstance(usage, TokenUsage) else TokenUsage.of(usage)
    return prices.cost(counts, model, batch=batch)


# -- the meter ------------------------------------------------------------------------------------------


@dataclass
class _Line:
    usage: TokenUsage = field(default_factory=TokenUsage)
    calls: int = 0


class UsageMeter:
    """Sums usage across calls and streams, per model, apart for batch results (which are discounted).

    ``UsageMeter()`` given to a client (``Anthropic(usage_meter=meter)``, shared by its copies) records every
    message the API returns to the client (not a middleware's cached answer), every stream when it ends, the
    usage of a stream that failed (what had been reported when it broke) and every batch result read.
    `record` adds anything else by hand. Thread-safe.
    """

    def __init__(self, prices: PriceTable = DEFAULT_PRICES) -> None:
        if not isinstance(prices, PriceTable):  # else the first `cost()` fails, far from the mistake
            raise TypeError(f"UsageMeter prices must be a PriceTable, got {type(prices).__name__}")
        self.prices = prices
        self._lock = threading.Lock()
        self._lines: dict[tuple[str, bool], _Line] = {}
        self._failed = 0

    def record(
        self, result: Any, *, model: str | None = None, batch: bool | None = None, failed: bool = False
    ) -> None:
        """Add one call's usage: a message, a batch result (``batch`` then defaults to True) or a usage
        object with its `model`. `failed`: the usage of a call that broke (a stream's partial usage)."""
        message = _message_object(result)
        usage = _get(message, "usage") if message is not None else _usage_object(result)
        if usage is None:
            return  # nothing billed: an errored, canceled or expired batch request, or no usage at all
        counts = TokenUsage.of(usage)  # the usage found once, not looked for again
        name = model or _get(message, "model") or "unknown"
        in_batch = _is_batch_result(result) if batch is None else batch
        key = (str(name), in_batch)
        with self._lock:
            line = self._lines.get(key)
            if line is None:  # not setdefault: that would build a _Line on every call
                line = self._lines[key] = _Line()
            line.usage = line.usage + counts
            line.calls += 1
            if failed:
                self._failed += 1

    @property
    def usage(self) -> TokenUsage:
        """Everything recorded, all models together."""
        with self._lock:
            return sum((line.usage for line in self._lines.values()), TokenUsage())

    @property
    def calls(self) -> int:
        with self._lock:
            return sum(line.calls for line in self._lines.values())

    @property
    def failed_calls(self) -> int:
        """How many of the recorded calls broke (streams that failed after their usage started)."""
        return self._failed

    def by_model(self) -> dict[str, TokenUsage]:
        with self._lock:
            totals: dict[str, TokenUsage] = {}
            for (model, _), line in self._lines.items():
                totals[model] = totals.get(model, TokenUsage()) + line.usage
            return totals

    def cost(self, prices: PriceTable | None = None) -> Decimal:
        """USD for everything recorded (batch results discounted); KeyError for a model with no price."""
        table = prices or self.prices
        with self._lock:
            lines = list(self._lines.items())
        return sum((table.cost(line.usage, model, batch=batch) for (model, batch), line in lines), Decimal(0))

    def merge(self, other: UsageMeter) -> None:
        """Add everything `other` recorded (the batch runner meters a batch's results apart, then adds them
        here once they are stored, so a download that fails and is read again is not counted twice)."""
        with other._lock:
            lines = [(key, line.usage, line.calls) for key, line in other._lines.items()]
            failed = other._failed
        with self._lock:
            for key, usage, calls in lines:
                line = self._lines.setdefault(key, _Line())
                line.usage = line.usage + usage
                line.calls += calls
            self._failed += failed

    def reset(self) -> None:
        with self._lock:
            self._lines.clear()
            self._failed = 0

    def __repr__(self) -> str:
        usage = self.usage
        return (
            f"<UsageMeter calls={self.calls} input={usage.total_input_tokens} output={usage.output_tokens}>"
        )
