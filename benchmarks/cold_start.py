"""Cold start to the first answer: a whole new process that imports the client, builds it and makes one
`messages.create` against a local server, vs the floor (import httpx and pydantic, one `httpx.post`,
`json.loads` of the answer) measured in the same run.

Each side is a fresh interpreter of a venv holding this tree as a user installs it, with only its runtime
dependencies (`_user_venv`: in the development venv `import httpx` also loads its CLI, which flattered the
ratio); bytecode is compiled beforehand for both. The figures are the median wall
time of the process and the median of its peak RSS over `--runs` runs, the sides interleaved so that load on
the machine hits both alike. Target: ratio <= 1.15 in time and in memory. A floor on httpx2 (the default
stack) is printed beside it, and one that validates the answer with a small pydantic model: the part of
the gap that any pydantic-validated client pays.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time

from _server import start
from _user_venv import user_python

ARGS = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", "content": "hi"}]}

# Each program prints its own peak RSS (KiB, VmHWM: the high-water mark of this process image; getrusage's
# ru_maxrss would carry the parent's over fork) last, so the parent measures the child alone.
_RSS = "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"

PROGRAMS = {
    "floor (httpx)": f"""
import json, httpx, pydantic
r = httpx.post(URL + "/v1/messages", json={ARGS!r},
               headers={{"x-api-key": "k", "anthropic-version": "2023-06-01"}})
json.loads(r.content)["content"][0]["text"]
{_RSS}
""",
    "floor (httpx2)": f"""
import json, httpx2, pydantic
r = httpx2.post(URL + "/v1/messages", json={ARGS!r},
                headers={{"x-api-key": "k", "anthropic-version": "2023-06-01"}})
json.loads(r.content)["content"][0]["text"]
{_RSS}
""",
    # What validating the answer with pydantic costs on its own: the floor's `import pydantic` loads nothing
    # until a model is defined, so the first model pays for pydantic's machinery (~25 ms on a quiet machine).
    "floor+pydantic": f"""
import json, httpx2, pydantic
class Message(pydantic.BaseModel):
    id: str
    type: str
    role: str
    model: str
    content: list[dict[str, object]]
    stop_reason: str | None
    usage: dict[str, int]
r = httpx2.post(URL + "/v1/messages", json={ARGS!r},
                headers={{"x-api-key": "k", "anthropic-version": "2023-06-01"}})
Message.model_validate_json(r.content).content[0]["text"]
{_RSS}
""",
    "unbroken": f"""
import unbroken
client = unbroken.Anthropic(api_key="k", base_url=URL)
client.messages.create(**{ARGS!r}).content[0].text
{_RSS}
""",
}


def _run(python: str, code: str, url: str, env: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    out = subprocess.run(
        [python, "-c", f"URL = {url!r}\n{code}"], check=True, env=env, capture_output=True, text=True
    ).stdout
    return time.perf_counter() - started, int(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="process runs per side (median reported)")
    runs = parser.parse_args().runs
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    python = user_python()  # a user's install (see _user_venv); pip compiles its bytecode
    proc, url = start()
    try:
        for code in PROGRAMS.values():  # warm: bytecode of site-packages, OS file cache
            _run(python, code, url, env)
        samples: dict[str, list[tuple[float, int]]] = {name: [] for name in PROGRAMS}
        for _ in range(runs):
            for name, code in PROGRAMS.items():
                samples[name].append(_run(python, code, url, env))
    finally:
        proc.terminate()
    medians = {
        name: (statistics.median(t for t, _ in s), statistics.median(m for _, m in s))
        for name, s in samples.items()
    }
    floor_time, floor_rss = medians["floor (httpx)"]
    print(f"cold start to the first answer, median of {runs} processes each")
    for name, (seconds, rss) in medians.items():
        print(
            f"  {name:16s} {seconds * 1000:6.0f} ms {rss / 1024:6.1f} MB   "
            f"time x{seconds / floor_time:4.2f}  memory x{rss / floor_rss:4.2f}"
        )
    print("  target: unbroken <= 1.15 x floor (httpx) in time and in memory")
    ours_time, ours_rss = medians["unbroken"]
    valid_time, valid_rss = medians["floor+pydantic"]
    time_ratio, rss_ratio = ours_time / valid_time, ours_rss / valid_rss
    print(f"  unbroken vs floor+pydantic: time x{time_ratio:4.2f}  memory x{rss_ratio:4.2f}")
    print(
        json.dumps(
            {name: {"ms": round(t * 1000), "mb": round(m / 1024, 1)} for name, (t, m) in medians.items()}
        )
    )


if __name__ == "__main__":
    main()
