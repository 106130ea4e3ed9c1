"""A tool runner with a function tool and the local memory tool, offline against the emulator.

    python examples/tool_runner_memory.py

With a real key, drop the emulator and ask in plain words: the loop is the same.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping

import unbroken as anthropic
from unbroken.lib.tools import BetaLocalFilesystemMemoryTool
from unbroken.testing import Emulator

MODEL = "claude-sonnet-4-5"


@anthropic.beta_tool
def get_weather(city: str, unit: str = "celsius") -> str:
    """The current weather in a city.

    Args:
        city: The city's name.
        unit: "celsius" or "fahrenheit".
    """
    return f"18 degrees {unit} in {city}"


def ask(text: str, tool: str, arguments: Mapping[str, object]) -> str:
    # The emulator's tool rule: `call <tool> <json>` in the user's text makes the model call that tool.
    return f"{text} call {tool} {json.dumps(arguments)}"


def main() -> None:
    with Emulator() as emulator, tempfile.TemporaryDirectory() as directory:
        client = anthropic.Anthropic(api_key="example", base_url=emulator.base_url)
        memory = BetaLocalFilesystemMemoryTool(directory)  # /memories is <directory>/memories
        note = {"command": "create", "path": "/memories/trip.md", "file_text": "Lisbon, May\n"}

        runner = client.beta.messages.tool_runner(
            model=MODEL,
            max_tokens=512,
            tools=[get_weather, memory],
            messages=[{"role": "user", "content": ask("Remember my trip.", "memory", note)}],
        )
        for message in runner:
            print(f"{message.stop_reason:>9}: {message.content[0].text}")  # type: ignore[union-attr]

        print("on disk:", (memory.memory_root / "trip.md").read_text().strip())
        print("turns kept:", [m["role"] for m in runner.messages])


if __name__ == "__main__":
    main()
