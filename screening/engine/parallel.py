"""Worker processes for folder scans and sweeps, that fail clearly instead of hanging.

Workers are started with "spawn" (fork is unsafe once the engine's threads exist), which
runs the calling script again in each worker. A script without `if __name__ == "__main__":`
would start workers from its workers: multiprocessing.Pool then replaces each dying worker
forever (a hang, or thousands of tracebacks from `python - < script.py`). A
ProcessPoolExecutor stops at the first worker that dies, and the error says what to do.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

GUARD_HINT = (
    'worker processes could not start. A script that asks for workers > 1 must start them under '
    '`if __name__ == "__main__":` and be run from a file (not from standard input); '
    "or use workers=1. 工作进程无法启动：脚本须把调用放在 if __name__ == \"__main__\": 之下。"
)


class WorkerStartError(RuntimeError):
    """The worker processes died while starting (see GUARD_HINT)."""


def refuse_inside_a_starting_worker() -> None:
    """Raise in a worker that is re-running the caller's script: it must not start workers of its own."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise WorkerStartError(GUARD_HINT)


def map_in_workers(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int,
    initializer: Callable[..., None], initargs: tuple, chunksize: int = 1,
) -> Iterator[Result]:
    """function(item) for each item, in order, in `workers` spawned processes."""
    refuse_inside_a_starting_worker()
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs) as pool:
            yield from pool.map(function, items, chunksize=chunksize)
    except BrokenProcessPool:
        raise WorkerStartError(GUARD_HINT) from None


# Each worker loads the engine itself (~2 s of wall time here, in parallel), so workers pay
# only for more work than that: 19 small notices took 1.7x longer with two workers than with
# one. A bit over 2 MiB is several seconds of screening in one process.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024


def pays_for_workers(total_bytes: int, files: int, workers: int) -> bool:
    """Whether `files` holding `total_bytes` are worth starting `workers` processes for."""
    return workers > 1 and files >= 2 * workers and total_bytes >= PARALLEL_MIN_BYTES


def buffered_until_worth(items: Iterator[Item], size_of: Callable[[Item], int], workers: int) -> tuple[list[Item], bool]:
    """The first items of `items`, read until they pay for workers (True) or run out (False):
    a small folder is screened in this process and a large one never waits for its whole walk."""
    head: list[Item] = []
    total = 0
    for item in items:
        head.append(item)
        total += size_of(item)
        if pays_for_workers(total, len(head), workers):
            return head, True
    return head, False
