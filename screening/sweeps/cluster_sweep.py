"""Sweeps on a Dask cluster (issue 16): a province's folders and sites screened by many workers.

The walk, the lock and the report stay where the command runs; the reading, screening and
recording go to the workers:

- a folder's new and changed files in batches (the walk and the unchanged ones cost a stat
  each and stay here);
- each site whole, in one task: one crawler per host keeps that site's politeness (one
  request at a time at its rate, its robots.txt, a Retry-After slowing the rest of its crawl)
  on whichever worker runs it, while other sites crawl on other workers.

Each worker process loads the engine once (engine.cluster.worker_screener) and opens the
ledger once, and records its items in batches, one transaction each (a folder task's files
together; a site's items every few (workflow.batches)), as a single-process sweep does;
only what the report needs travels back (runner.Settled: counts, the masked documents someone
must look at). A worker killed mid-task loses nothing: Dask gives the task to another worker,
which finds the items already recorded (a newer scan than the state read here before the task
was sent) and reports them from the ledger instead of recording them again (a batch is recorded
whole or not at all: a worker killed mid-transaction leaves none of it); a site is crawled
again from its start. A scheduler that goes away fails the run
(ClusterError, exit 2); the run stays `running` in the ledger, and the next one marks it
interrupted and reads only what was not recorded.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from screening.engine.cluster import (
    BATCH_FILES,
    BATCHES_PER_WORKER,
    ClusterError,
    WorkerWatch,
    in_completion_order,
    task_result,
    worker_count,
    worker_screener,
)
from screening.sweeps.runner import Change, Settled, Sweep, SweepOptions
from screening.sweeps.sweep_state import ItemState, Observed, sqlite_file
from screening.workflow.ledger import Ledger

# Per worker process: the ledger opened once per location (its connection pool is reused by every task).
_ledgers: dict[str, Ledger] = {}


class _WorkerSweep(Sweep):
    """A sweep inside a worker: the process's one engine, loaded only when something must be read."""

    @property
    def screener(self):
        # the process's engine, looked up once per task: the look-up digests the whole policy (0.22 ms
        # for the default one), and the sweep asks for the screener once per file
        if self._screener is None:
            self._screener = worker_screener(self.options.policy, True)
        return self._screener


def _worker_sweep(location: str, options: SweepOptions, fragment_key: bytes) -> Sweep:
    ledger = _ledgers.get(location)
    if ledger is None:
        ledger = _ledgers[location] = Ledger.open(location)
    sweep = _WorkerSweep(ledger, replace(options, cluster=None, workers=1))
    sweep.fragment_key = fragment_key
    return sweep


def sweep_files_task(location: str, options: SweepOptions, fragment_key: bytes, source: str, changes: list[Change]) -> Settled:
    """Screen a batch of a folder's changed files and record them in one transaction (the task a
    worker runs): a worker killed mid-task leaves none of the batch recorded, or all of it."""
    sweep = _worker_sweep(location, options, fragment_key)
    for change in changes:
        sweep.record_change(source, change)
    return sweep.settled()  # records the batch


def sweep_sites_task(location: str, options: SweepOptions, fragment_key: bytes,
                     sites: list[tuple[str, dict[str, ItemState]]]) -> Settled:
    """Crawl, screen and record the sites of one host, one after the other (the task a worker runs);
    each comes with its items as they were before the run."""
    sweep = _worker_sweep(location, options, fragment_key)
    for source, before in sites:
        sweep._sweep_site(source, before)
    return sweep.settled()


def worker_ledger_location(ledger: Ledger) -> str:
    """Where a worker opens the ledger: the SQLite file's real path (workers need it at that path,
    a shared mount), or the PostgreSQL URL."""
    if ledger.engine.dialect.name == "postgresql":
        return ledger.location
    database = sqlite_file(ledger)
    if database is None:
        raise ClusterError("--cluster needs a ledger the workers can open: an SQLite file on a shared path, or PostgreSQL")
    return str(database)


def _by_host(sources: list[str]) -> list[list[str]]:
    """Site sources grouped by host: one crawler per host, so two start URLs of one site never
    double its request rate."""
    hosts: dict[tuple[str, int | None], list[str]] = {}
    for source in sources:
        parts = urlsplit(source)
        hosts.setdefault((parts.hostname or "", parts.port), []).append(source)
    return list(hosts.values())


class _Dispatch:
    """Sends a sweep's work to the client's workers and takes their answers back into the sweep."""

    def __init__(self, client: Any, sweep: Sweep) -> None:
        self.client = client
        self.sweep = sweep
        self.location = worker_ledger_location(sweep.ledger)
        self.window = worker_count(client) * BATCHES_PER_WORKER
        self.arguments = (self.location, sweep.options, sweep.fragment_key)

    def submit(self, task, *arguments) -> Any:
        return self.client.submit(task, *self.arguments, *arguments, pure=False)

    def screen_changes(self, source: str, changed: list[tuple[str, str, Observed, int | None]]) -> None:
        """Screen a folder's changed files on the workers, at most `window` batches in flight."""
        state = self.sweep.state
        walk = iter(changed)
        pending: deque = deque()
        watch = WorkerWatch(self.client)
        try:
            for batch in iter(lambda: list(itertools.islice(walk, BATCH_FILES)), []):
                # The state before this run is read here, before any worker records over it: a retried
                # batch still reports new findings as new.
                changes = [Change(path, key, observed, state.item(known_id) if known_id else None)
                           for path, key, observed, known_id in batch]
                pending.append(self.submit(sweep_files_task, source, changes))
                while len(pending) >= self.window:
                    self.sweep.absorb(task_result(pending.popleft(), watch))
            while pending:
                self.sweep.absorb(task_result(pending.popleft(), watch))
        finally:
            for future in pending:
                future.cancel()


def sweep_on_cluster(sweep: Sweep, client: Any, sources: list[str], walked: list[str]) -> None:
    """Run `sweep` over `sources` (walked: their folders) on the client's workers."""
    dispatch = _Dispatch(client, sweep)
    # Each site's items are read here, before any worker records over them (as for a folder's batches).
    sites = [dispatch.submit(sweep_sites_task, [(source, sweep.state.items(source)) for source in group])
             for group in _by_host([s for s in sources if "://" in s])]
    try:
        sweep.screen_changes = dispatch.screen_changes
        for source, folder in zip(sources, walked):
            if "://" not in source:
                sweep._sweep_folder(source, folder)
        for future in in_completion_order(sites, client):
            sweep.absorb(task_result(future))
    finally:
        sweep.screen_changes = None
        for future in sites:
            future.cancel()

