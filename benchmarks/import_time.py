"""Median wall time of `import unbroken` vs `import httpx, pydantic` (the floor), bytecode compiled for both.

Target: ratio <= 1.25.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time

from _user_venv import user_python

RUNS = 25


def _time(python: str, code: str, env: dict[str, str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([python, "-c", code], check=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    python = user_python()  # pip compiles the bytecode of what it installs
    # warm both sides once (OS file cache)
    subprocess.run([python, "-c", "import unbroken, httpx, pydantic"], check=True, env=env)
    floor = _time(python, "import httpx, pydantic", env)
    ours = _time(python, "import unbroken", env)
    client = _time(python, "from unbroken import Anthropic", env)
    print(f"import httpx, pydantic         : {floor * 1000:7.1f} ms (median of {RUNS})")
    print(
        f"import unbroken                : {ours * 1000:7.1f} ms  ratio {ours / floor:5.2f}  (target <= 1.25)"
    )
    print(f"from unbroken import Anthropic : {client * 1000:7.1f} ms  ratio {client / floor:5.2f}")


if __name__ == "__main__":
    main()
