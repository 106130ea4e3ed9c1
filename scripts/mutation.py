"""Mutation testing of the core modules with mutmut: `make mutation` (all, one module after another) or
`make mutation MODULES="_transport _sse"`. Not part of `make test`: it runs the tests once per mutant.
Run it niced on a shared machine (`nice -n 19 make mutation MODULES=_retry`). mutmut works in `mutants/`
(ignored by git) and keeps there which tests reach which function, so only the first run (and a run after
tests were added) pays for one pass of the whole suite before testing the mutants.

mutmut's settings (which files, which pytest arguments) are in `[tool.mutmut]` in pyproject.toml. The
modules mutated are the hand-written ones: `streaming/_async_stream.py`, not its generated sync twin
`_sync_stream.py` (a copy made by text rules, with the same branches), so its mutants must be killed by the
async tests; that the sync tests kill the same branches is checked by those tests passing on the twin.

For each module this prints how many mutants the tests killed and which survived (`mutmut show NAME` shows
one), so a surviving mutant can be read and either killed with a real test or recognised as equivalent (a
change no caller can observe, e.g. a header name's case). Equivalent mutants, with a one-line reason each,
are listed in `scripts/mutation_equivalent.md`; the second figure printed leaves them out ("of the mutants
that change behaviour"). A listed mutant that is no longer a survivor is reported, since mutmut numbers a
function's mutants by position and an edit to the function renumbers them.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

CORE = (
    "_transport",
    "_retry",
    "_exceptions",
    "_timeouts",
    "_ratelimit",
    "_sse",
    "_jsonl",
    "streaming.accumulate",
    "streaming._shared",
    "streaming._async_stream",
)
MUTMUT = str(Path(sys.executable).with_name("mutmut"))
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.md")


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


def equivalent() -> set[str]:
    """The mutants listed in `mutation_equivalent.md` (a line starting "- `NAME`")."""
    if not EQUIVALENT.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", EQUIVALENT.read_text(encoding="utf-8"), flags=re.MULTILINE))


def report(module: str, statuses: dict[str, str], known: set[str]) -> None:
    prefix = f"unbroken.{module}."
    mine = {name: status for name, status in statuses.items() if name.startswith(prefix)}
    counts = Counter(mine.values())
    decided = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts["killed"] + counts["timeout"]
    listed = {name for name, status in mine.items() if name in known and status == "survived"}
    rate = 100.0 * killed / decided if decided else 0.0
    changing = decided - len(listed)
    behaviour = 100.0 * killed / changing if changing else 0.0
    detail = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    print(
        f"{module:24} {killed:4d}/{decided:<4d} killed ({rate:5.1f} %); {len(listed)} equivalent: "
        f"{killed}/{changing} of those that change behaviour ({behaviour:5.1f} %)   [{detail}]"
    )
    for name, status in sorted(mine.items()):
        if status not in {"killed", "timeout"} and name not in listed:
            print(f"    {status}: {name}")
    for name in sorted(n for n in known if n.startswith(prefix) and n not in listed):
        print(f"    listed as equivalent but {mine.get(name, 'unknown')}: {name} (renumbered? re-read it)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(CORE), help="e.g. _sse streaming.accumulate")
    parser.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1)")
    parser.add_argument("--report", action="store_true", help="only print the results of earlier runs")
    args = parser.parse_args()
    for module in args.modules:
        if module not in CORE:
            parser.error(f"{module!r} is not a core module ({', '.join(CORE)})")
        if args.report:
            continue
        # One module per run: the machine's cores are shared, and a failure names its module.
        subprocess.run(
            [MUTMUT, "run", "--max-children", str(args.max_children), f"unbroken.{module}.*"], check=True
        )
    statuses, known = results(), equivalent()
    print("\nmodule                   killed/checked")
    for module in args.modules:
        report(module, statuses, known)
    return 0


if __name__ == "__main__":
    sys.exit(main())
