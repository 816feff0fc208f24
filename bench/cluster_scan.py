"""A folder scan in one process, with `--workers 2`, and on a Dask LocalCluster: documents/s.

    python bench/cluster_scan.py [--documents 3000] [--cluster-workers 1,2] [--seed 11]

What is measured, and why this way:
- The folder holds `--documents` text files made from the throughput corpus's documents
  (bench.corpus.generate_throughput_corpus: ~90 % ordinary notices, ~10 % personal-data lists),
  one per file, written once to a temporary folder.
- Each configuration is `python -m screening scan DIR --format json --output /dev/null` in its
  own process, timed from start to exit (interpreter, engine loads and the cluster's start-up
  included: what a job on the machine pays), one after the other.
- Configurations: one process; `--workers 2`; `--cluster local:N` for each N of
  `--cluster-workers`. On a 2-core machine a cluster cannot beat the workers; the figures say
  what the cluster costs here, not what many machines give (issue 16's 64-worker estimate is
  a separate question).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate_throughput_corpus  # noqa: E402


def write_folder(folder: Path, documents: int, seed: int) -> int:
    """`documents` files in `folder` (the corpus repeated as needed); returns the characters written."""
    corpus = generate_throughput_corpus(2_000_000, seed)
    chars = 0
    for index in range(documents):
        text = corpus[index % len(corpus)]
        (folder / f"{index:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def timed_command(arguments: list[str], extra: list[str]) -> float:
    """Seconds `python -m screening ARGUMENTS EXTRA` takes, start to exit; exit 0 or 1 expected."""
    start = time.perf_counter()
    finished = subprocess.run([sys.executable, "-m", "screening", *arguments, *extra], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if finished.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(extra) or 'one process'} failed ({finished.returncode}): {finished.stderr[-400:]}")
    return elapsed


def timed_scan(folder: Path, extra: list[str]) -> float:
    return timed_command(["scan", str(folder), "--format", "json", "--output", os.devnull], extra)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--cluster-workers", default="1,2")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    configurations = [("one process", []), ("--workers 2", ["--workers", "2"])] + [
        (f"--cluster local:{n}", ["--cluster", f"local:{n}"]) for n in args.cluster_workers.split(",")
    ]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        chars = write_folder(folder, args.documents, args.seed)
        print(f"{args.documents:,} documents, {chars:,} characters; cpu count {os.cpu_count()}")
        print(f"{'configuration':<22}{'seconds':>9}{'documents/s':>13}{'vs one':>8}")
        baseline = None
        for name, extra in configurations:
            seconds = timed_scan(folder, extra)
            baseline = baseline or seconds
            print(f"{name:<22}{seconds:>9.1f}{args.documents / seconds:>13,.0f}{baseline / seconds:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
