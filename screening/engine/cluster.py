"""Folder scans on a Dask cluster (issue 16): many machines' workers, one walk, results in walk order.

A province's archive does not fit one machine's two workers. With `--cluster` the walk stays
here and batches of files go to Dask workers (`dask scheduler` and `dask worker` on each machine,
or a `LocalCluster` with `local:N`); each worker process loads the engine once and keeps it
for every batch it gets, and only results travel back. The files must be readable at the same
paths on every worker (a shared mount). A worker that dies mid-batch loses nothing: the
scheduler gives its batch to another worker, and a batch's results come back once.

Dask is an optional extra (`pip install -e ".[cluster]"`); nothing here imports it until a
cluster is asked for.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections import deque
from concurrent.futures import CancelledError
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from policies import Policy
from screening.engine.scanner import Limits, TreeEntry, screen_entry
from screening.model import ScanResult

if TYPE_CHECKING:
    from screening.engine.screener import Screener

SCHEDULER_VARIABLE = "SCREENING_DASK_SCHEDULER"
BATCH_FILES = 32  # files per task: its round trip, pickled options and transaction are paid once per batch (docs/cluster.md)
BATCHES_PER_WORKER = 4  # in flight at once: workers never wait, and a huge walk is not all queued
CONNECT_SECONDS = 10
# A cluster with no worker this long fails the run (exit 2) instead of keeping it waiting for ever.
WORKERLESS_SECONDS = 120.0
_CHECK_SECONDS = 2.0  # how often the scheduler is asked for its workers while a task runs
_POLL_SECONDS = 0.5


class ClusterError(RuntimeError):
    """The cluster cannot be used: Dask missing, a bad --cluster value, the scheduler unreachable or gone."""


def cluster_spec(value: str | None) -> str | None:
    """The cluster asked for: `value` (--cluster), else $SCREENING_DASK_SCHEDULER, else None."""
    return value or os.environ.get(SCHEDULER_VARIABLE) or None


def local_workers(spec: str) -> int | None:
    """N of a `local:N` spec (a LocalCluster of N worker processes); None for a scheduler address.

    >>> local_workers("local:4"), local_workers("tcp://10.0.0.5:8786")
    (4, None)
    """
    if not spec.startswith("local:"):
        return None
    count = spec.split(":", 1)[1]
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--cluster {spec}: local:N needs a number of workers ≥ 1 (local:2)")
    return int(count)


@contextmanager
def dask_client(spec: str) -> Iterator[Any]:
    """A Dask client for `spec` (`local:N` or a scheduler address such as tcp://host:8786)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError('--cluster needs Dask: pip install -e ".[cluster]"') from None
    workers = local_workers(spec)
    if workers is not None:
        # Loopback only, no dashboard: a scan starts no server anyone else can reach. No statistical
        # profiler in the workers: it samples every thread's stack each 10 ms under the GIL the
        # screening thread needs (local:1 on 6,000 documents: 89.0 -> 83.9 s; see docs/cluster.md).
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    try:
        client = Client(spec, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec}: {type(error).__name__}") from None
    try:
        yield client
    finally:
        client.close()


# One engine per worker process and policy: loading it (~1 s) is paid once, not once per batch.
_screeners: dict[tuple[str, bool], Screener] = {}


def policy_key(policy: Policy) -> str:
    """Policies that screen alike share a key (a worker keeps one engine per key)."""
    return hashlib.sha256(policy.model_dump_json().encode()).hexdigest()


def worker_screener(policy: Policy, show_values: bool) -> Screener:
    """This worker process's engine for `policy`, loaded on its first task and kept."""
    from screening.engine.screener import Screener

    key = (policy_key(policy), show_values)
    screener = _screeners.get(key)
    if screener is None:
        screener = _screeners[key] = Screener(policy, show_values=show_values)
    return screener


def screen_batch(entries: list[TreeEntry], policy: Policy, show_values: bool, category: str | None, limits: Limits) -> list[ScanResult]:
    """Screen one batch in a worker (the task Dask runs)."""
    screener = worker_screener(policy, show_values)
    return [screen_entry(screener, entry, category, limits) for entry in entries]


def worker_count(client: Any) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


class WorkerWatch:
    """Fails a run whose cluster has had no worker for `WORKERLESS_SECONDS`: a scheduler whose
    workers all died and were not started again (or that never had any) would otherwise keep the
    run waiting for ever, its tasks queued for a worker that never comes."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.workerless_since: float | None = None
        self.checked = 0.0

    def check(self) -> None:
        now = time.monotonic()
        if now - self.checked < _CHECK_SECONDS:
            return
        self.checked = now
        try:
            workers = self.client.scheduler_info().get("workers")
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"the Dask scheduler went away mid-run ({type(error).__name__}); run again to finish") from None
        if workers:
            self.workerless_since = None
            return
        if self.workerless_since is None:
            self.workerless_since = now
        elif now - self.workerless_since >= WORKERLESS_SECONDS:
            raise ClusterError(f"the Dask cluster has had no workers for {WORKERLESS_SECONDS:g} s "
                               "(start them: dask worker tcp://scheduler:8786); run again to finish")


def task_result(future: Any, watch: WorkerWatch | None = None) -> Any:
    """A task's answer, once it has one; a ClusterError (a usage error, exit 2) when the scheduler
    went away, the cluster has no workers left (`watch`), or the task could not be finished (it
    killed its worker three times, its worker failed): the message names the kind of failure
    only, since a remote exception's text may quote data."""
    watch = watch or WorkerWatch(future.client)
    while not future.done():
        watch.check()
        try:
            future.result(timeout=_POLL_SECONDS)  # returns as soon as the task is done
        except TimeoutError:
            continue  # not done yet (a scheduler that went away cancels the future instead)
        except (Exception, CancelledError):  # noqa: BLE001 - done with an error, or cancelled: told below
            break
    try:
        return future.result()
    # Dask cancels every future of a client whose scheduler stayed unreachable for its timeout.
    except (OSError, TimeoutError, CancelledError) as error:
        raise ClusterError(f"the Dask scheduler went away mid-run ({type(error).__name__}); run again to finish") from None
    except Exception as error:  # noqa: BLE001 - raised on a worker: its log has the traceback
        raise ClusterError(f"a task failed on a Dask worker ({type(error).__name__}; see the worker's log); "
                           "run again to finish") from None


def in_completion_order(futures: list[Any], client: Any) -> Iterator[Any]:
    """`futures` as they finish (long tasks: a site's whole crawl), watched like task_result's."""
    watch = WorkerWatch(client)
    remaining = list(futures)
    while remaining:
        finished = [future for future in remaining if future.done()]
        if not finished:
            watch.check()
            time.sleep(_POLL_SECONDS)
            continue
        for future in finished:
            remaining.remove(future)
            yield future


def scan_on_cluster(
    client: Any, entries: Iterable[TreeEntry], policy: Policy, show_values: bool, category: str | None, limits: Limits,
) -> Iterator[ScanResult]:
    """The results of screening `entries` on the client's workers, in walk order."""
    walk = iter(entries)
    batches = iter(lambda: list(itertools.islice(walk, BATCH_FILES)), [])
    pending: deque = deque()
    window = worker_count(client) * BATCHES_PER_WORKER
    watch = WorkerWatch(client)
    try:
        for batch in batches:
            pending.append(client.submit(screen_batch, batch, policy, show_values, category, limits, pure=False))
            while len(pending) >= window:
                yield from task_result(pending.popleft(), watch)
        while pending:
            yield from task_result(pending.popleft(), watch)
    finally:
        for future in pending:
            future.cancel()
