"""Ledger write throughput: scans recorded per second, one writer and several at once.

    python bench/ledger_writes.py [--scans 2000] [--writers 2] [--ledger PATH|postgresql://…]

Each recorded scan is one transaction holding the scan row and its findings (the result of a
generated 资助公示 with 12 findings, screened once: screening is not what is timed here).
Single writer: `--scans` scans in a row. Concurrent: `--writers` processes each recording
`--scans / writers` scans into the same ledger at once (what two gates at the same moment do);
the row count is checked afterwards, so a lost write would show. Default ledger: a fresh SQLite
file in a temporary folder.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import screening
from screening.workflow.ledger import Ledger, scans

ROWS = "\n".join(f"{i}\t学生{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i}\t340104201003076{i % 10}5X\t1390000{i:04d}" for i in range(1, 7))
SAMPLE = f"2024年国家助学金拟资助学生名单公示\n序号\t姓名\t身份证号\t联系电话\n{ROWS}\n"


def _sample_result():
    return screening.scan_text(SAMPLE)


def _record(location: str, count: int) -> float:
    result = _sample_result()
    with Ledger.open(location) as ledger:
        started = time.perf_counter()
        for _ in range(count):
            ledger.record_scan(result)
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--ledger", default=None, help="ledger to write into (default: a new SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        single = args.ledger or str(Path(folder) / "single.sqlite3")
        shared = args.ledger or str(Path(folder) / "shared.sqlite3")
        findings = len(_sample_result().findings)
        seconds = _record(single, args.scans)
        print(f"findings per scan: {findings}")
        print(f"single writer   {args.scans} scans in {seconds:.2f} s: {args.scans / seconds:,.0f} scans/s, {args.scans * findings / seconds:,.0f} findings/s")
        Ledger.open(shared).close()  # create and migrate once, before the writers race
        with Ledger.open(shared) as ledger:
            before = ledger.count(scans)
        each = args.scans // args.writers
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.writers) as pool:
            pool.starmap(_record, [(shared, each)] * args.writers)
        elapsed = time.perf_counter() - started
        with Ledger.open(shared) as ledger:
            recorded = ledger.count(scans) - before
        total = each * args.writers
        print(f"{args.writers} writers       {total} scans in {elapsed:.2f} s (process start included): {total / elapsed:,.0f} scans/s; "
              f"recorded {recorded} of {total}{' — LOST WRITES' if recorded != total else ''}")
    return 0 if recorded == total else 1


if __name__ == "__main__":
    sys.exit(main())
