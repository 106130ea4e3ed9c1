"""N concurrent streams (default 1,000) on one async client, per HTTP stack, against the plain clients and the
official SDK measured in the same run.

Two loads, each from a minimal local server in another process (`_stream_server.py`; some streams are cut
mid-body, some answered 529): a new connection per stream (the server closes after every response), and
keep-alive. Every client runs in its own process (`_concurrency_worker.py`): a warm-up wave of N streams,
then a measured wave of N started at once; best of `--rounds` by streams/s.

Clients: unbroken on httpx2 (the default; also with `accumulate_raw_streams=False`, "pass-through"), on
httpx and on aiohttp (`DefaultAioHttpClient`); the plain clients (httpx, httpx2, aiohttp streaming the same
SSE and `json.loads` of each data line, and httpx2 over httpx-aiohttp's transport: `DefaultAioHttpClient`'s
stack without this client, so that what the HTTP layers cost and what this client costs are told apart in
the same run); the official SDK `anthropic==2.14.0` when its virtualenv exists
(`make bench-official` makes one; `--official-python` points elsewhere), else skipped with a message.

Printed per client: streams/s, client CPU per stream, peak RSS growth per 1,000 streams (VmHWM over the RSS
before the first wave), and the streams' outcomes. Targets, on the new-connection load: unbroken (default
stack) >= the official SDK's streams/s, and >= 0.95 x the fastest plain client.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OFFICIAL = HERE.parent / ".bench" / "official" / "bin" / "python"
CLIENTS = [
    "unbroken/httpx2",
    "unbroken/httpx2 pass-through",
    "unbroken/httpx",
    "unbroken/aiohttp",
    "plain/httpx2",
    "plain/httpx",
    "plain/aiohttp",
    "plain/httpx2+aiohttp",
    "official",
]
LOADS = {"new connection": ["--close"], "keep-alive": []}


def _server(flags: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen([sys.executable, str(HERE / "_stream_server.py"), *flags], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    return proc, f"http://127.0.0.1:{int(proc.stdout.readline())}"


def _worker(python: str, client: str, url: str, n: int) -> dict[str, Any]:
    out = subprocess.run(
        [python, str(HERE / "_concurrency_worker.py"), client, url, "-n", str(n)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def run_load(
    flags: list[str], clients: list[str], official: str | None, n: int, rounds: int
) -> dict[str, Any]:
    proc, url = _server(flags)
    best: dict[str, dict[str, Any]] = {}
    try:
        for _ in range(rounds):  # rounds interleave the clients, so that load on the machine hits all alike
            for client in clients:
                python = official if client == "official" else sys.executable
                if python is None:
                    continue
                result = _worker(python, client, url, n)
                if client not in best or result["streams_per_s"] > best[client]["streams_per_s"]:
                    best[client] = result
    finally:
        proc.terminate()
        proc.wait()
    return best


def report(load: str, results: dict[str, dict[str, Any]]) -> None:
    plain = {
        name.partition("/")[2]: r["streams_per_s"] for name, r in results.items() if name.startswith("plain")
    }
    fastest = max(plain.values(), default=0.0)
    print(f"\n{load}:")
    print(
        f"  {'client':29s} {'streams/s':>9s} {'x own plain':>11s} {'x fastest':>9s} {'CPU ms/stream':>13s}"
        f" {'RSS MB/1000':>11s}  outcomes"
    )
    for name in CLIENTS:
        if name not in results:
            continue
        r = results[name]
        stack = name.partition("/")[2].partition(" ")[0] or "httpx2"
        own = r["streams_per_s"] / plain[stack] if stack in plain else float("nan")
        print(
            f"  {name:29s} {r['streams_per_s']:9.0f} {own:11.2f} {r['streams_per_s'] / fastest:9.2f}"
            f" {r['cpu_ms_per_stream']:13.2f} {r['rss_mb_per_1000']:11.1f}  {r['outcomes']}"
        )
    breakdown(results)
    ours = results.get("unbroken/httpx2")
    if ours and load == "new connection":
        if "official" in results:
            ratio = ours["streams_per_s"] / results["official"]["streams_per_s"]
            print(f"  target: unbroken/httpx2 >= official SDK: x{ratio:.2f}")
        print(
            "  target: unbroken/httpx2 >= 0.95 x the fastest plain client: "
            f"x{ours['streams_per_s'] / fastest:.2f}"
        )


def breakdown(results: dict[str, dict[str, Any]]) -> None:
    """Client CPU per stream, layer by layer: the HTTP library alone, then what each layer above adds."""
    cpu = {name: r["cpu_ms_per_stream"] for name, r in results.items()}
    if {"plain/aiohttp", "plain/httpx2+aiohttp", "unbroken/aiohttp"} <= cpu.keys():
        base, layer, ours = cpu["plain/aiohttp"], cpu["plain/httpx2+aiohttp"], cpu["unbroken/aiohttp"]
        print(
            f"  CPU ms/stream on aiohttp: aiohttp {base:.2f} + httpx2 over httpx-aiohttp {layer - base:.2f}"
            f" + unbroken {ours - layer:.2f} = {ours:.2f}"
        )
    if {"plain/httpx2", "unbroken/httpx2"} <= cpu.keys():
        base, ours = cpu["plain/httpx2"], cpu["unbroken/httpx2"]
        print(f"  CPU ms/stream on httpx2: httpx2 {base:.2f} + unbroken {ours - base:.2f} = {ours:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="concurrent streams per wave (default 1000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per client, best kept (default 2)")
    parser.add_argument("--clients", nargs="*", default=CLIENTS, choices=CLIENTS)
    parser.add_argument(
        "--official-python",
        default=os.environ.get("UNBROKEN_OFFICIAL_PYTHON", str(DEFAULT_OFFICIAL)),
        help="the interpreter of a virtualenv with anthropic==2.14.0 (default: .bench/official)",
    )
    parser.add_argument("--loads", nargs="*", default=list(LOADS), choices=list(LOADS))
    options = parser.parse_args()
    official: str | None = options.official_python
    if "official" in options.clients and not Path(official or "").exists():
        print(f"official SDK skipped: no interpreter at {official} (run `make bench-official` to make one)")
        official = None
    print(f"{options.n} concurrent streams per wave, best of {options.rounds}")
    for load in options.loads:
        report(load, run_load(LOADS[load], options.clients, official, options.n, options.rounds))


if __name__ == "__main__":
    main()
