"""Ledger write throughput: swept items recorded per second, one transaction each or in batches,
by one writer and by several at once, in SQLite and PostgreSQL.

    python bench/ledger_writes.py [--items 2000] [--writers 1,4] [--batches 1,8,32] [--postgres auto|URL]

Each item is what a sweep's worker records for a screened document (SweepState.record_many): its
scan with 3 findings, the item's state and 2 fragments. `--batches 1` is one transaction per item
(as every item was recorded before batching); 8 is a cluster worker's folder task; 32 the sweep's
batch (screening.workflow.batches). `--writers N`: N processes each record `items / N` items into
the same ledger at once (timed from the first writer's start to the last one's end, process
start excluded);
the row count is checked afterwards, so a lost write would show. SQLite: a fresh file per row of
the table. PostgreSQL: `--postgres auto` starts a throwaway server (tests/ledger_servers.py; fsync
on, this machine's disk), or give the URL of an empty database.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _records(source: str, first: int, count: int) -> list:
    from screening.model import Finding, Location, ScanResult
    from screening.sweeps.aggregation import Fragment
    from screening.sweeps.sweep_state import ItemRecord, Observed

    findings = [Finding(entity_type="CN_RESIDENT_ID", start=10 * n, end=10 * n + 18, score=0.9, action="block", rule="PII-ID",
                        message="完整的居民身份证号码", basis="《个人信息保护法》第二十八条", remedy="删除身份证号",
                        preview="340*************11", fingerprint=f"{n:016x}", location=Location(line=n + 1)) for n in range(3)]
    fragments = tuple(Fragment(document="", person_key=f"k{n}", kind="resident_id", length=18, exposed=((0, "a1b2"), (1, "c3d4")),
                               pattern="999999********9999", name_hint="王*") for n in range(2))
    return [ItemRecord(source, f"{index:07d}.txt",
                       ScanResult(path=f"{index}.txt", verdict="block", findings=findings, sha256=f"{index:064x}",
                                  policy_name="default", policy_version="bench"),
                       Observed(size=index, mtime_ns=index), None, fragments)
            for index in range(first, first + count)]


def _write_share(job: tuple[str, int, int, int]) -> tuple[float, float]:
    """When one writer started and finished recording `count` items, `batch` to a transaction (wall clock)."""
    location, count, offset, batch = job
    from screening.sweeps.sweep_state import SweepState
    from screening.workflow.ledger import Ledger

    source = f"/bench/{offset}-{time.time_ns()}"  # its own source: keys never collide
    records = _records(source, offset * count, count)
    with Ledger.open(location) as ledger:
        state = SweepState(ledger)
        started = time.time()
        for start in range(0, count, batch):
            state.record_many(records[start:start + batch])
        return started, time.time()


def ledger_writes(location: str, count: int, writers: int = 1, batch: int = 1) -> float:
    """Items recorded per second into `location` by `writers` processes at once, `batch` items a transaction."""
    from screening.workflow.ledger import Ledger, sweep_items

    with Ledger.open(location) as ledger:  # created and migrated before the writers race for it
        before = ledger.count(sweep_items)
    each = count // writers
    with ProcessPoolExecutor(writers) as pool:
        spans = list(pool.map(_write_share, [(location, each, offset, batch) for offset in range(writers)]))
    with Ledger.open(location) as ledger:
        recorded = ledger.count(sweep_items) - before
    if recorded != each * writers:
        raise SystemExit(f"LOST WRITES: {recorded} of {each * writers} items recorded")
    return recorded / (max(end for _, end in spans) - min(start for start, _ in spans))  # first start to last end


@contextmanager
def throwaway_postgres(url: str | None) -> Iterator[str | None]:
    """`url` itself, None for None, or for `auto` a throwaway server's URL while it runs."""
    if url != "auto":
        yield url
        return
    from ledger_servers import temporary_postgres

    with temporary_postgres() as started:
        if started is None:
            raise SystemExit("--postgres auto: no PostgreSQL server could be started here")
        yield started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--writers", default="1,4")
    parser.add_argument("--batches", default="1,8,32", help="items per transaction (1: one transaction per item)")
    parser.add_argument("--postgres", help="also time PostgreSQL: `auto` (a throwaway server) or the URL of an empty database")
    args = parser.parse_args(argv)
    writers = [int(n) for n in args.writers.split(",") if n]
    batches = [int(n) for n in args.batches.split(",") if n]
    print(f"{args.items:,} items (a scan with 3 findings, the item's state, 2 fragments each); items/s")
    print(f"{'ledger':<12}{'writers':>8}" + "".join(f"{f'batch {b}':>11}" for b in batches) + f"{'best/1':>8}")
    with tempfile.TemporaryDirectory() as folder:
        ledgers = [("SQLite", lambda w, b: str(Path(folder) / f"w{w}-b{b}.sqlite3"))]
        with throwaway_postgres(args.postgres) as url:
            if url:
                ledgers.append(("PostgreSQL", lambda w, b: url))
            for name, location in ledgers:
                for count in writers:
                    rates = [ledger_writes(location(count, batch), args.items, count, batch) for batch in batches]
                    print(f"{name:<12}{count:>8}" + "".join(f"{rate:>11,.0f}" for rate in rates) + f"{max(rates) / rates[0]:>7.1f}x",
                          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
