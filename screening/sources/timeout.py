"""A per-file time limit that also ends a reader stuck inside a parser.

Checking a deadline between blocks cannot stop a PDF or XML parser that never returns,
so in the main thread (the CLI, and each worker process of a folder scan) a real-time
interval timer raises in the middle of the stuck Python code. Elsewhere (a web server's
worker thread) only the between-blocks check applies.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from screening.sources.encoding import UnreadableInput


class TimeLimitExceeded(UnreadableInput):
    pass


def _raise_timeout(signum, frame) -> None:
    raise TimeLimitExceeded("time limit exceeded: the file was not fully screened (raise --timeout)")


@contextmanager
def time_limit(seconds: float) -> Iterator[float]:
    """Yield the deadline (a time.monotonic() value); raise TimeLimitExceeded when it passes."""
    deadline = time.monotonic() + seconds
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield deadline
        return
    running = signal.getitimer(signal.ITIMER_REAL)[0]
    if running > 0 and signal.getsignal(signal.SIGALRM) is _raise_timeout:
        # Nested (opening and hashing a file, then reading it): the outer limit stands.
        yield min(deadline, time.monotonic() + running)
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
