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
import importlib
from types import ModuleType


@functools.cache
def import_for_good(name: str) -> ModuleType:
    """Import module `name` (and what it imports, kept for the whole process) with the collector
    paused, then freeze everything it left. Once per process: a program that runs the command
    again (tests do) does not freeze its own objects each time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(name)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


@functools.cache
def no_collection_at_exit() -> None:
    """Skip the collections of interpreter shutdown (files and the ledger are closed by then)."""
    atexit.register(gc.freeze)
