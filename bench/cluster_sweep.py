"""`screening sweep` of a folder and loopback sites in one process and on Dask LocalClusters: items/s.

    python bench/cluster_sweep.py [--documents 2000] [--sites 20] [--pages 5] [--rate 10]
                                  [--cluster-workers 1,2,4] [--ledger-writes 2000] [--postgres URL]

What is measured, and why this way:
- The folder holds `--documents` generated documents in the formats an archive has (txt, html,
  docx, xlsx; bench/sweep_archive.generate_archive: ~10 % personal-data lists, dated paths).
- `--sites` fixture sites are served from 127.0.0.1 by this process (tests/site_server.py), each
  with `--pages` notice pages and a csv roster attached to each page; each site is crawled at
  `--rate` requests per second, as politeness demands, so a site costs time even when nothing
  in it changed (pages are always fetched; attachments answer 304).
- Each configuration is two `python -m screening sweep FOLDER SITE… --ledger NEW.sqlite3` processes,
  the first sweep and the re-sweep, timed from start to exit (interpreter, engine loads and the
  cluster's start-up included): one process, then `--cluster local:N` for each N.
- `--ledger-writes N` times the ledger alone (bench/ledger_writes.py, which also compares batch
  sizes): N screened items (3 findings and 2 fragments each) recorded `--batch` to a transaction,
  as the workers record them, in SQLite (and PostgreSQL with `--postgres`), by 1 and by 4
  processes at once (`--writers`): the ceiling that many workers writing to one ledger meet.
This machine has 2 cores shared with other work: the folder part cannot scale past 2 workers
here, the sites part (waiting on politeness, not on the CPU) can.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.cluster_scan import timed_command  # noqa: E402
from bench.ledger_writes import ledger_writes, throwaway_postgres  # noqa: E402
from bench.corpus import generate_throughput_corpus  # noqa: E402
from bench.sweep_archive import generate_archive  # noqa: E402
from site_server import serve_pages  # noqa: E402


def make_site(number: int, pages: int, corpus: list[str], rng: random.Random) -> dict:
    """One school's site: a home page linking `pages` notices, each with a roster attached."""
    site: dict = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain", None)}
    links = []
    for page in range(pages):
        text = corpus[(number * pages + page) % len(corpus)]
        body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
        site[f"/xxgk/{page}.html"] = (f"<html><body>{body}<a href='/files/{page}.csv'>附件</a></body></html>".encode(),
                                      "text/html; charset=utf-8", None)
        roster = "".join(f"{rng.choice('王李张刘陈杨')}{rng.choice('明华芳静伟丽')},{rng.randint(1, 6)}年级\n" for _ in range(20))
        site[f"/files/{page}.csv"] = (("姓名,年级\n" + roster).encode(), "text/csv", f'"{number}-{page}"')
        links.append(f"<a href='/xxgk/{page}.html'>通知{page}</a>")
    site["/"] = (f"<html><body>{''.join(links)}</body></html>".encode(), "text/html; charset=utf-8", None)
    return site


def timed_sweep(sources: list[str], ledger: Path, rate: float, extra: list[str]) -> float:
    return timed_command(["sweep", *sources, "--ledger", str(ledger), "--as-of", "2026-12-01", "--rate", str(rate),
                          "--format", "json", "--output", os.devnull], extra)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=5)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--cluster-workers", default="1,2,4")
    parser.add_argument("--without-one-process", action="store_true",
                        help="only the cluster configurations (ratios then against the first of them)")
    parser.add_argument("--ledger-writes", type=int, default=2000)
    parser.add_argument("--writers", default="1,4", help="processes writing the ledger at once, for --ledger-writes")
    parser.add_argument("--batch", type=int, default=32, help="items per transaction for --ledger-writes (1: one each)")
    parser.add_argument("--postgres", help="also time ledger writes in this (empty, throwaway) PostgreSQL database; "
                                           "`auto` starts a throwaway server (tests/ledger_servers.py)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    corpus = generate_throughput_corpus(300_000, args.seed)
    servers, urls = [], []
    for number in range(args.sites):
        server, url = serve_pages(make_site(number, args.pages, corpus, rng))
        servers.append(server)
        urls.append(url)
    items = args.documents + args.sites * (1 + 2 * args.pages)
    configurations = [("one process", [])] * (not args.without_one_process) + [(f"--cluster local:{n}", ["--cluster", f"local:{n}"])
                                              for n in args.cluster_workers.split(",") if n]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch) / "archive"
            tally = generate_archive(folder, args.documents, args.seed)
            print(f"{args.documents:,} documents {tally}; {args.sites} sites × {1 + 2 * args.pages} items at {args.rate:g} "
                  f"requests/s each; {items:,} items in all; cpu count {os.cpu_count()}", flush=True)
            versus = "vs 1st" if args.without_one_process else "vs one"
            print(f"{'configuration':<22}{'first s':>9}{'items/s':>9}{versus:>8}{'re-sweep s':>12}{'items/s':>9}{versus:>8}")
            baseline = None
            for name, extra in configurations:
                ledger = Path(scratch) / f"ledger-{len(extra)}-{name[-1]}.sqlite3"
                first = timed_sweep([str(folder), *urls], ledger, args.rate, extra)
                again = timed_sweep([str(folder), *urls], ledger, args.rate, extra)
                baseline = baseline or (first, again)
                print(f"{name:<22}{first:>9.1f}{items / first:>9.0f}{baseline[0] / first:>7.2f}x"
                      f"{again:>12.1f}{items / again:>9.0f}{baseline[1] / again:>7.2f}x", flush=True)
            for writers in (int(n) for n in args.writers.split(",") if n and args.ledger_writes):
                rate = ledger_writes(str(Path(scratch) / f"writes-{writers}.sqlite3"), args.ledger_writes, writers, args.batch)
                print(f"ledger writes, SQLite, {writers} writer(s): {rate:,.0f} items/s ({args.batch} a transaction)", flush=True)
            if args.postgres and args.ledger_writes:
                with throwaway_postgres(args.postgres) as url:
                    for writers in (int(n) for n in args.writers.split(",") if n):
                        rate = ledger_writes(url, args.ledger_writes, writers, args.batch)
                        print(f"ledger writes, PostgreSQL, {writers} writer(s): {rate:,.0f} items/s ({args.batch} a transaction)", flush=True)
    finally:
        for server in servers:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
