"""Peak memory of `screening scan` as the folder grows, and on one 200 MB text file.

    python bench/folder_memory.py [--sizes 100,400,1600] [--big-mb 200] [--big-only] [--policy identifiers]

Each run is a fresh `python -m screening scan DIR --format json --output /dev/null` in its
own process; its peak RSS (ru_maxrss of the child) is printed. Flat peak memory across
folder sizes is the goal (results stream from the scan into the report); the big file
checks that one large input is streamed too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate_throughput_corpus


def measure(target: Path, options: tuple[str, ...] = ()) -> tuple[float, float, int]:
    """(peak RSS MB, seconds, exit code) of one scan in a child process; `options` go to `scan`."""
    command = [sys.executable, "-m", "screening", "scan", str(target), "--format", "json", "--output", "/dev/null", *options]
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        f"code = subprocess.run({command!r}).returncode;"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, code)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    return int(out[0]) / 1024, float(out[1]), int(out[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,400,1600")
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--big-only", action="store_true", help="skip the folders")
    parser.add_argument("--policy", default="default", help="profile for the big file (identifiers: the fast first pass)")
    args = parser.parse_args()
    docs = generate_throughput_corpus(1_500_000, seed=11)
    print(f"{'input':<28}{'files':>7}{'MB':>8}{'seconds':>9}{'peak RSS MB':>13}{'exit':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        written = 0
        for size in () if args.big_only else (int(s) for s in args.sizes.split(",")):
            while written < size:
                sub = folder / f"{written // 100:03d}"
                sub.mkdir(exist_ok=True)
                (sub / f"{written:05d}.txt").write_text(docs[written % len(docs)], encoding="utf-8")
                written += 1
            megabytes = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 2**20
            peak, seconds, code = measure(folder)
            print(f"{'folder':<28}{size:>7}{megabytes:>8.1f}{seconds:>9.1f}{peak:>13.0f}{code:>6}")
        if args.big_mb:
            big = Path(tmp) / "big.txt"
            with open(big, "w", encoding="utf-8") as handle:
                size, index = 0, 0
                while size < args.big_mb * 2**20:
                    chunk = docs[index % len(docs)] + "\n\n"
                    handle.write(chunk)
                    size += len(chunk.encode("utf-8"))
                    index += 1
            # over the default per-file limits (512 MiB, 10 min) when asked for a bigger file
            options = ("--policy", args.policy, "--max-bytes", str(max(big.stat().st_size + 1, 512 * 2**20)), "--timeout", "86400")
            peak, seconds, code = measure(big, options)
            print(f"{'one text file (' + args.policy + ')':<28}{1:>7}{big.stat().st_size / 2**20:>8.0f}{seconds:>9.1f}{peak:>13.0f}{code:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
