"""`make demo`: the main job against an embedded emulator — no key, no network.

It shows the two promises at work (failures arrive typed with request ids, retries are visible, a stream cut
in the middle still hands back everything that arrived), then the controls that keep production running: a
stream that only pings is caught by its idle limit, a deadline bounds a call across its retries, a
`retry-after` past the cap is handed back instead of slept, a spend limit is not retried, a dropped stream is
continued, an overloaded model falls back to another, and every attempt is seen by hooks and a usage meter.
"""

from __future__ import annotations

import logging
import sys

import unbroken as anthropic
from unbroken.testing import Emulator, Fault, RateLimits, Reply
from unbroken.types import Message, MessageParam
from unbroken.types.beta import BetaMessage
from unbroken.usage import UsageMeter

MODEL = "claude-sonnet-4-5"


def _step(title: str) -> None:
    print(f"\n== {title}")


def _text(message: Message | BetaMessage | None) -> str:
    if message is None:
        return ""
    return "".join(block.text for block in message.content if block.type == "text")


def run_demo() -> int:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("   [log] %(message)s"))
    log = logging.getLogger("unbroken")
    log.addHandler(handler)
    log.setLevel(logging.INFO)

    with Emulator(api_key="demo-key") as emulator:
        client = anthropic.Anthropic(api_key="demo-key", base_url=emulator.base_url)
        print(f"emulator listening on {emulator.base_url}")

        _step("create a message")
        message = client.messages.create(
            model=MODEL, max_tokens=256, messages=[{"role": "user", "content": "Hello, Claude!"}]
        )
        print(f"   text: {_text(message)!r}")
        print(f"   stop_reason={message.stop_reason} usage={message.usage.to_dict()}")

        _step("count tokens")
        count = client.messages.count_tokens(
            model=MODEL, messages=[{"role": "user", "content": "How many tokens is this?"}]
        )
        print(f"   input_tokens={count.input_tokens}")

        _step("survive a fault: the API answers 529 Overloaded once, then recovers")
        emulator.faults.push(Fault.status(529))
        before = len(emulator.requests)
        message = client.messages.create(
            model=MODEL, max_tokens=256, messages=[{"role": "user", "content": "Are you there?"}]
        )
        attempts = len(emulator.requests) - before
        print(f"   succeeded after {attempts} requests: {_text(message)!r}")

        _step("stream, and lose the connection mid-stream")
        emulator.faults.push(Fault.drop_after(6))
        try:
            with client.messages.stream(
                model=MODEL,
                max_tokens=256,
                messages=[{"role": "user", "content": "Tell me a story about a lighthouse keeper"}],
            ) as stream:
                for text in stream.text_stream:
                    print(f"   delta: {text!r}")
        except anthropic.APIConnectionError as err:
            kept = _text(err.partial_message)
            print(f"   {type(err).__name__}: {err.message} (cause: {type(err.__cause__).__name__})")
            print(f"   kept what arrived: {kept!r}")

        _step("a typed error with its request id")
        emulator.faults.push(Fault.status(400, headers={"x-should-retry": "false"}))
        try:
            client.messages.create(model=MODEL, max_tokens=256, messages=[{"role": "user", "content": "hi"}])
        except anthropic.BadRequestError as err:
            name = type(err).__name__
            print(f"   {name} status={err.status_code} type={err.type} request_id={err.request_id}")
            print(f"   message: {err.message}")

        _step("wrong credentials")
        try:
            anthropic.Anthropic(api_key="wrong", base_url=emulator.base_url).messages.create(
                model=MODEL, max_tokens=16, messages=[{"role": "user", "content": "hi"}]
            )
        except anthropic.AuthenticationError as err:
            print(f"   {type(err).__name__} status={err.status_code} request_id={err.request_id}")

        _step("a tool runner: the model calls a Python function, reads its result, answers")

        @anthropic.beta_tool
        def get_weather(city: str) -> str:
            """The current weather in a city.

            Args:
                city: The city's name.
            """
            return f"18 degrees and sunny in {city}"

        runner = client.beta.messages.tool_runner(
            model=MODEL,
            max_tokens=256,
            tools=[get_weather],
            messages=[{"role": "user", "content": 'call get_weather {"city": "Lisbon"}'}],
        )
        for turn in runner:
            blocks = [b.type for b in turn.content]
            print(f"   turn: {turn.content[0].text!r} {blocks} stop_reason={turn.stop_reason}")  # type: ignore[union-attr]
        print(f"   tool result sent back: {runner.messages[-1]['content']}")
        client.close()
        _production_controls(emulator)
    print("\ndone.")
    return 0


def _production_controls(emulator: Emulator) -> None:
    """The controls of a production client, each against a fault the emulator really produces."""
    story: list[MessageParam] = [{"role": "user", "content": "Tell me a story"}]
    meter = UsageMeter()
    hooks = anthropic.Hooks(
        on_retry=lambda e: print(
            f"   [hook] retry {e.attempt} in {e.delay:.2f} s after {type(e.error).__name__}"
        ),
        on_continuation=lambda e: print(f"   [hook] continuing after {type(e.error).__name__}"),
        on_fallback=lambda e: print(f"   [hook] falling back {e.from_model} -> {e.to_model}"),
    )
    client = anthropic.Anthropic(
        api_key="demo-key", base_url=emulator.base_url, hooks=hooks, usage_meter=meter, max_retries=2
    )

    _step("a stream that only pings: the idle limit fires (pings do not count as progress)")
    emulator.faults.push(Fault.pings(50, interval=0.05, after=4))
    timed = client.with_options(stream_timeouts=anthropic.StreamTimeouts(idle=0.5))
    try:
        with timed.messages.stream(model=MODEL, max_tokens=256, messages=story) as stream:
            stream.until_done()
    except anthropic.APITimeoutError as err:
        print(
            f"   {type(err).__name__}: timeout_kind={err.timeout_kind!r}; kept {_text(err.partial_message)!r}"
        )

    _step("a deadline for the whole call, across retries and their waits")
    emulator.faults.push(Fault.status(529, times=2, headers={"retry-after": "0.4"}))
    try:
        client.with_options(deadline=0.6).messages.create(model=MODEL, max_tokens=256, messages=story)
    except anthropic.APITimeoutError as err:
        cause = type(err.__cause__).__name__
        print(f"   {type(err).__name__}: timeout_kind={err.timeout_kind!r}, last error {cause}")

    _step("retry-after past max_retry_after (60 s): handed back at once, to reschedule")
    emulator.faults.push(Fault.status(429, headers={"retry-after": "300"}))
    try:
        client.messages.create(model=MODEL, max_tokens=256, messages=story)
    except anthropic.RateLimitError as err:
        print(f"   {type(err).__name__}: come back in {err.retry_after:.0f} s (no sleep, no retry)")

    _step("a reached spend limit is not retried")
    emulator.faults.push(Fault.status(429, details={"error_code": "enforced_spend_limit_reached"}))
    try:
        client.messages.create(model=MODEL, max_tokens=256, messages=story)
    except anthropic.RateLimitError as err:
        print(f"   {type(err).__name__} (a RateLimitError): error_code={err.error_code!r}")

    _step("rate-limit headers, typed")
    emulator.rate_limits = RateLimits(requests=50)
    client.messages.create(model=MODEL, max_tokens=256, messages=story)
    window = client.rate_limit.requests if client.rate_limit is not None else None
    if window is not None:
        print(f"   requests: {window.remaining} of {window.limit} left, reset at {window.reset:%H:%M:%S}")
    emulator.rate_limits = None

    _step("a stream dropped mid-answer, continued (resume_streams=True)")
    emulator.replies.push(Reply.text("Once upon a time a keeper kept the light burning", times=2))
    emulator.faults.push(Fault.drop_after(7))
    with client.with_options(resume_streams=True).messages.stream(
        model=MODEL, max_tokens=256, messages=story
    ) as stream:
        text = "".join(stream.text_stream)
        message = stream.get_final_message()
    print(f"   one stream: {text!r}; continuations={message._continuations}")

    _step("an overloaded model falls back to another before the first token")
    emulator.faults.push(Fault.status(529, model="claude-opus-*", times=3))
    fallback = client.with_options(fallbacks=[anthropic.Fallback(model=MODEL)])
    message = fallback.messages.create(model="claude-opus-4-1", max_tokens=256, messages=story)
    print(f"   answered by {message.model}: {_text(message)!r}")

    _step("usage and cost of everything this client did (failed streams' partial usage included)")
    usage = meter.usage
    tokens = f"input={usage.total_input_tokens} output={usage.output_tokens}"
    print(f"   calls={meter.calls} {tokens} cost=${meter.cost():.6f}")
    client.close()
