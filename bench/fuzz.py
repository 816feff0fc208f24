"""The long fuzzing run: the properties of tests/test_fuzz.py with many examples and fresh randomness.

    python bench/fuzz.py [--examples 1000]

The test run checks the same properties on a short, fixed budget (40 texts per property, 6
damaged copies per sample file). This runs them long: each text property on --examples
generated texts, each sample file damaged --examples / 10 ways (bytes flipped, cut short, a zip
part removed). Hypothesis prints the smallest failing example; turn it into a test in
tests/test_fuzz.py (or the module it concerns) before fixing it. Exit code: pytest's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="generated examples per text property")
    args = parser.parse_args()
    env = dict(os.environ, SCREENING_FUZZ="long", SCREENING_FUZZ_EXAMPLES=str(args.examples))
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q", "tests/test_fuzz.py"]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
