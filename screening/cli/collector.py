"""The garbage collector around what a command loads once and keeps: the engine, and the exit.

Presidio, spaCy, the recognizers and the name model leave ~140,000 tracked objects that live
as long as the process. Collected while they load, the collector walked them again and again
(~400 collections, three of them full: 0.3-0.4 s of a one-file `scan`); frozen once loaded,
later collections during a long folder scan skip them too. At exit, the interpreter's last
collections would walk them again only to free memory the OS takes back. Only the command line
does this: a program that imports `screening` keeps its own collector settings.
"""

from __future__ import annotations

import atexit
import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading_for_good() -> Iterator[None]:
    """Run the block (imports kept for the whole process) with the collector paused, then freeze
    what it left. Once per process: when objects are frozen already (a program that runs the
    command again, as tests do), the block runs as it is.

    Import in the block itself (`from screening.api import …`): the same import through
    importlib.import_module in a helper measured ~0.2 s slower, 33,000 more page faults while
    the interpreter shut down (why is not pinned down)."""
    if gc.get_freeze_count():
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@functools.cache
def no_collection_at_exit() -> None:
    """Skip the collections of interpreter shutdown (files and the ledger are closed by then)."""
    atexit.register(gc.freeze)
