"""100,000 requests through `unbroken batch run` against the emulator: memory bounded, time dominated by the
emulator.

The runner (the CLI, as a user runs it) and the emulator (a fresh one per run) are separate processes
started from this small one, so each one's peak RSS and CPU time are its own. Printed for each run: wall
time, the runner's CPU time against the emulator's, and the runner's peak RSS against a floor (the same
interpreter with the runner imported, no job). Then the ratios it is judged on:

* runner CPU / emulator CPU for 100,000 requests, in one batch and in batches of 10,000: below 1 (the
  emulator, which does the work the API would, takes most of the time);
* peak RSS over the floor of 100,000 requests (in one batch, and in batches of 10,000) against 10,000:
  at most 1.5 (bounded: neither input, output nor a batch's create body is held, so the peak is flat in
  the size of the job and of its batches).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EMULATOR = """
import sys
from unbroken.testing import Emulator
with Emulator() as emulator:
    # A real network delivers a large results file in large reads, not one line per chunk.
    emulator.app.store.message_batches.configure(results_lines_per_chunk=500)
    print(emulator.base_url, flush=True)
    sys.stdin.read()
"""

SMALL, ONE_BATCH, BATCHES = (10_000, 100_000), (100_000, 100_000), (100_000, 10_000)
RUNS = (SMALL, ONE_BATCH, BATCHES)  # (requests, requests per batch)
CPU_TARGET, RSS_TARGET = 1.0, 1.5
PARAMS = {"model": "claude-sonnet-4-5", "max_tokens": 16}


def write_input(path: Path, count: int) -> None:
    with path.open("w") as file:
        for i in range(count):
            params = {**PARAMS, "messages": [{"role": "user", "content": f"request number {i}"}]}
            file.write(json.dumps({"custom_id": f"req-{i}", "params": params}) + "\n")


def wait(proc: subprocess.Popen[bytes], start: float) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB) of a child process, once it exits."""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{proc.args} failed with {proc.returncode}")
    rss_kb = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return wall, usage.ru_utime + usage.ru_stime, rss_kb // 1024


def child(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    return wait(subprocess.Popen(argv, env=env), start)


def main() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "UNBROKEN_"))}
    floor_argv = [
        sys.executable,
        "-c",
        "import unbroken.batch._batches, unbroken._client, unbroken._cli._batch",
    ]
    _, _, floor_rss = child(floor_argv, env)
    print(f"floor: peak RSS of the interpreter with the runner imported: {floor_rss} MB")
    cpu_ratio: dict[tuple[int, int], float] = {}
    over_floor: dict[tuple[int, int], int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size, per_batch in RUNS:
            source, output = (
                Path(tmp) / f"in-{size}-{per_batch}.jsonl",
                Path(tmp) / f"out-{size}-{per_batch}.jsonl",
            )
            write_input(source, size)
            server = subprocess.Popen(
                [sys.executable, "-c", EMULATOR], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )
            assert server.stdout is not None and server.stdin is not None
            base_url = server.stdout.readline().decode().strip()
            run_env = {**env, "ANTHROPIC_BASE_URL": base_url, "ANTHROPIC_API_KEY": "bench"}
            argv = [sys.executable, "-m", "unbroken", "batch", "run", str(source), "--out", str(output)]
            argv += ["--batch-size", str(per_batch), "--poll-interval", "0", "--quiet"]
            wall, cpu, rss = child(argv, run_env)
            server.stdin.close()
            _, emulator_cpu, _ = wait(server, 0.0)
            lines = sum(1 for _ in output.open("rb"))
            assert lines == size, (lines, size)
            mb_in, mb_out = source.stat().st_size / 1e6, output.stat().st_size / 1e6
            cpu_ratio[size, per_batch] = cpu / emulator_cpu
            over_floor[size, per_batch] = rss - floor_rss
            print(
                f"{size:>7} requests, {per_batch:>7} per batch ({mb_in:.0f} MB in, {mb_out:.0f} MB out):"
                f" wall {wall:5.1f} s, runner CPU {cpu:5.1f} s, emulator CPU {emulator_cpu:5.1f} s"
                f" (runner/emulator {cpu / emulator_cpu:4.2f}),"
                f" runner peak RSS {rss} MB ({rss - floor_rss:+d} MB over the floor)"
            )
    print("judged on:")
    for run, label in ((ONE_BATCH, "in one batch"), (BATCHES, "in batches of 10,000")):
        name = f"runner CPU / emulator CPU, 100,000 requests {label}"
        print(f"  {name:<72} {cpu_ratio[run]:5.2f}  (target < {CPU_TARGET})")
    for run, label in ((ONE_BATCH, "in one batch"), (BATCHES, "in batches of 10,000")):
        name = f"peak RSS over the floor, 100,000 requests {label} / 10,000"
        growth = max(over_floor[run], 1) / max(over_floor[SMALL], 1)
        print(
            f"  {name:<72} {growth:5.2f}  (target <= {RSS_TARGET};"
            f" {over_floor[run]:+d} / {over_floor[SMALL]:+d} MB)"
        )


if __name__ == "__main__":
    main()
