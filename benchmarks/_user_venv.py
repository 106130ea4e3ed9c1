"""The interpreter the start-up benchmarks run: a venv holding this tree, installed as a user installs it
(built and installed by pip, not editable), and only its runtime dependencies.

Why not the development venv: there `import httpx` also loads its command-line tool (click, rich, pygments),
because those happen to be installed for our own tooling, which made the floor (`import httpx, pydantic`)
~50 ms slower than on a user's machine and every start-up ratio look better than it is. The venv lives in
`.bench/user-venv` (ignored by git); the package is reinstalled from the tree on every run, the dependencies
only when the venv is first made.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def user_python() -> str:
    venv = ROOT / ".bench" / "user-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    else:
        reinstall = ["install", "-q", "--force-reinstall", "--no-deps", str(ROOT)]
        subprocess.run([str(python), "-m", "pip", *reinstall], check=True)
    return str(python)
