"""Start-up: how long a CLI call takes before and while it reads its first file.

    python bench/startup.py [--runs 5]

Measured, each in fresh processes (the median of --runs; the first run is a warm-up that fills
the OS file cache and is not counted):
- ``python -c pass``: the interpreter alone (the floor no change here can go under);
- ``screening --help``: the CLI's own imports (every command's module, to list them);
- ``screening policy list``: a command that screens nothing (no Presidio, spaCy or name model);
- ``screening scan one.txt``: a whole call on a one-line file (what an office worker or a
  publishing hook waits for);
and, in one fresh process, the phases of that call as the CLI runs them (the engine's imports
with the garbage collector paused, screening.cli.collector): importing ``screening.api``,
building the engine (the recognizers, the analyzer, the name model) and the first scan.
Issue 14 sets the goal: ``scan one.txt`` in 1.5 s or less on this machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHASES = """
import time
from screening.cli.collector import loading_for_good
started = time.perf_counter()
with loading_for_good():
    import screening.api as api
imported = time.perf_counter()
from screening.engine.analyzer import shared_analyzer
from screening.engine.people import model_names
shared_analyzer(); model_names(["王小明同学"])
built = time.perf_counter()
api.scan_text("联系人：王小明，电话：13800138000")
scanned = time.perf_counter()
print(imported - started, built - imported, scanned - built)
"""


def wall_seconds(command: list[str], runs: int) -> float:
    """The median wall time of `command` over `runs` runs after one warm-up run (exit codes 0
    and 1 are answers: `scan` says 1 when it finds something)."""
    times = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, cwd=ROOT)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{command[2:]} failed with exit code {done.returncode}")
        if attempt:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        one = Path(folder) / "one.txt"
        one.write_text("联系人：王小明，联系电话：13800138000\n", encoding="utf-8")
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "screening --help": [python, "-m", "screening", "--help"],
            "screening policy list": [python, "-m", "screening", "policy", "list"],
            "screening scan one.txt": [python, "-m", "screening", "scan", str(one)],
        }
        print(f"cpu count {os.cpu_count()}; median of {args.runs} runs after a warm-up")
        for name, command in commands.items():
            print(f"{name:<26} {wall_seconds(command, args.runs):6.2f} s")
    phases = subprocess.run([python, "-c", PHASES], check=True, capture_output=True, text=True, cwd=ROOT)
    imported, built, scanned = (float(x) for x in phases.stdout.split())
    print(f"phases of one call: import screening.api {imported:.2f} s, build the engine {built:.2f} s, first scan {scanned:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
