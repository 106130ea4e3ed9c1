"""``unbroken messages create``: one message, its text printed as it streams."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import Failure, add_command, sync_client

__all__ = ["register"]

_EXAMPLES = """\
  unbroken messages create -m claude-sonnet-4-5 "Write a haiku about persistence"
  echo "Summarise this" | unbroken messages create -m claude-haiku-4-5 --max-tokens 200
  unbroken messages create -m claude-sonnet-4-5 --system "Answer in French" --json "Hello"
"""


def register(commands: Any) -> None:
    messages = add_command(commands, "messages", "send messages to a model", _EXAMPLES)
    actions = messages.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = add_command(
        actions, "create", "send one user message and print the reply as it streams", _EXAMPLES
    )
    create.add_argument("prompt", nargs="?", help="the user message (read from stdin when omitted)")
    create.add_argument("-m", "--model", required=True)
    create.add_argument("--max-tokens", type=int, default=1024)
    create.add_argument("--system", default=None, help="a system prompt")
    create.add_argument("--json", action="store_true", help="print the final message as JSON instead")
    create.set_defaults(handler=create_message)


def create_message(args: argparse.Namespace) -> int:
    prompt = args.prompt if args.prompt is not None else sys.stdin.read()
    if not prompt.strip():
        raise Failure("the prompt is empty (give it as an argument or on stdin)")
    params: dict[str, Any] = {
        "model": args.model,
        "max_tokens": args.max_tokens,
        "messages": [{"role": "user", "content": prompt}],
    }
    if args.system is not None:
        params["system"] = args.system
    with sync_client() as client, client.messages.stream(**params) as stream:
        if args.json:
            print(stream.get_final_message().to_json())
            return 0
        try:
            for text in stream.text_stream:
                sys.stdout.write(text)
                sys.stdout.flush()
        finally:  # what arrived stays on its own line, above the error line if the stream failed
            sys.stdout.write("\n")
    return 0
