"""Mutation testing of the core modules with mutmut: `make mutation` (all, one module after another) or
`make mutation MODULES="_transport _sse"`. Not part of `make test`: it runs the suite once per mutant.

mutmut's settings (which files, which pytest arguments) are in `[tool.mutmut]` in pyproject.toml; its
work directory is `mutants/` (ignored by git). For each module this prints how many mutants the tests killed
and which survived (`mutmut show NAME` shows one), so a surviving mutant can be read and either killed with
a real test or recognised as equivalent (a change no caller can observe, e.g. a header name's case).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

CORE = (
    "_transport",
    "_retry",
    "_exceptions",
    "_sse",
    "_jsonl",
    "streaming.accumulate",
    "streaming.stream",
)
MUTMUT = str(Path(sys.executable).with_name("mutmut"))


def results() -> dict[str, str]:
    """Mutant name -> status, for every mutant mutmut knows about."""
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    statuses: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            statuses[name] = status
    return statuses


def report(module: str, statuses: dict[str, str]) -> float:
    prefix = f"unbroken.{module}."
    mine = {name: status for name, status in statuses.items() if name.startswith(prefix)}
    counts = Counter(mine.values())
    decided = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts["killed"] + counts["timeout"]
    rate = 100.0 * killed / decided if decided else 0.0
    detail = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    print(f"{module:24} {killed:4d}/{decided:<4d} killed ({rate:5.1f} %)   [{detail}]")
    for name, status in sorted(mine.items()):
        if status == "survived":
            print(f"    survived: {name}")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(CORE), help="e.g. _sse streaming.stream")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1)")
    args = parser.parse_args()
    for module in args.modules:
        if module not in CORE:
            parser.error(f"{module!r} is not a core module ({', '.join(CORE)})")
        # One module per run: the machine's cores are shared, and a failure names its module.
        subprocess.run(
            [MUTMUT, "run", "--max-children", str(args.max_children), f"unbroken.{module}.*"], check=True
        )
    statuses = results()
    print("\nmodule                   killed/checked")
    for module in args.modules:
        report(module, statuses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
