"""`make demo`: the main job against an embedded emulator — no key, no network.

It shows the two promises at work: failures arrive typed (with request ids), retries are visible, and a
stream cut in the middle still hands back everything that arrived.
"""

from __future__ import annotations

import logging
import sys

import unbroken as anthropic
from unbroken.testing import Emulator, Fault
from unbroken.types import Message
from unbroken.types.beta import BetaMessage

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
    print("\ndone.")
    return 0
