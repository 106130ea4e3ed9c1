"""What every command shares: one-line failures, exit codes, the closed-pipe exit, a client from the env."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["EXAMPLES_FORMATTER", "Failure", "add_command", "async_client", "fail_line", "run_guarded"]

EXAMPLES_FORMATTER = argparse.RawDescriptionHelpFormatter
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a writer whose reader went away


class Failure(Exception):
    """An expected failure with its own message (a missing extra, a bad file): printed as is."""


def add_command(commands: Any, name: str, help: str, examples: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help, description=help, epilog=f"examples:\n{examples}", formatter_class=EXAMPLES_FORMATTER
    )
    return parser


def fail_line(err: BaseException) -> str:
    """One line: the class, then status and request id when the API answered, then the message."""
    from .._exceptions import APIError, APIStatusError

    name = type(err).__name__
    if isinstance(err, APIStatusError):
        request_id = err.request_id or "none"
        return f"error: {name} (status {err.status_code}, request id {request_id}): {err.message}"
    if isinstance(err, APIError):
        return f"error: {name}: {err.message}"
    if isinstance(err, Failure):
        return f"error: {err}"
    return f"error: {name}: {err}"


def run_guarded(body: Callable[[], int]) -> int:
    """Run a command; expected failures become one line on stderr and a non-zero exit, never a traceback."""
    from .._exceptions import AnthropicError
    from ..batch import StateError

    try:
        return body()
    except BrokenPipeError:
        # The reader left (``| head -1``): stop writing, and keep Python from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (AnthropicError, Failure, StateError, OSError) as err:
        print(fail_line(err), file=sys.stderr)
        return EXIT_FAILURE
    except ValueError as err:  # an InputError (several lines, each naming a line) or a bad argument
        print(f"error: {err}", file=sys.stderr)
        return EXIT_FAILURE


def require_extra(module: str, extra: str, what: str) -> None:
    """Fail with the pip command when an optional dependency is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise Failure(f"{what} needs {module}: pip install 'unbroken[{extra}]'")


def _require_credentials() -> None:
    if not (os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_AUTH_TOKEN")):
        raise Failure("no API key: set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN)")


def sync_client() -> Any:
    """A client configured from the environment, as the API documentation describes."""
    _require_credentials()
    from .._client import Anthropic

    return Anthropic()


def async_client() -> Any:
    _require_credentials()
    from .._client import AsyncAnthropic

    return AsyncAnthropic()
