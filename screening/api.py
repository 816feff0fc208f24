"""The Python API (DESIGN.md §6): scan_text, scan_bytes, scan_path, scan_tree."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Union

from policies import Policy, load_policy
from screening.engine.parallel import buffered_until_worth, map_in_workers, refuse_inside_a_starting_worker
from screening.engine.screener import Screener
from screening.model import ScanResult
from screening.engine.scanner import (
    Limits,
    TreeEntry,
    iter_tree,
    screen_bytes,
    screen_entry,
    screen_file,
    screen_text,
)
from screening.sources.ocr import THREADS_VARIABLE

PolicyRef = Union[str, Path, Policy]


@lru_cache(maxsize=8)
def _screener_by_name(policy: str, show_values: bool) -> Screener:
    return Screener(policy, show_values=show_values)


def _screener_for(policy: PolicyRef, show_values: bool) -> Screener:
    """A Screener for the policy; named profiles are cached, Policy objects (cheap) are not."""
    if isinstance(policy, Policy):
        return Screener(policy, show_values=show_values)
    return _screener_by_name(str(policy), show_values)


def presidio_recognizers(policy: PolicyRef = "default") -> list:
    """The policy's pattern detectors as Presidio `EntityRecognizer`s, for a stock `AnalyzerEngine`:
    one per detector whose entity types the policy screens, then the policy's own (its deny list,
    its `recognizers`).

    They read half-width text (fold it with `recognizers.textnorm.to_halfwidth`: same length, so
    offsets stay true) and need no model: `screening.engine.nlp.ChineseNlpEngine` is a blank spaCy
    `zh` pipeline Presidio can run on. Names (the name model and rules), a page read as a whole
    (repeated spam brands), table columns and the policy's decisions are the engine's, not here.

    >>> kinds = {e for r in presidio_recognizers("identifiers") for e in r.supported_entities}
    >>> "CN_RESIDENT_ID" in kinds, "HOME_ADDRESS" in kinds
    (True, False)
    """
    from recognizers import default_recognizers
    from screening.engine.analyzer import policy_recognizers

    loaded = policy if isinstance(policy, Policy) else load_policy(str(policy))
    chosen = [r for r in default_recognizers() if any(loaded.screens(e) for e in r.supported_entities)]
    return chosen + policy_recognizers(loaded)


def scan_text(text: str, *, policy: PolicyRef = "default", category: str | None = None, show_values: bool = False) -> ScanResult:
    """Screen a string. Finding offsets are offsets into `text`."""
    return screen_text(_screener_for(policy, show_values), text, category)


def scan_bytes(
    data: bytes, filename: str, *, policy: PolicyRef = "default", category: str | None = None,
    show_values: bool = False, limits: Limits = Limits(),
) -> ScanResult:
    """Screen file content; the reader is chosen by the content, then by `filename`, which also names the result."""
    return screen_bytes(_screener_for(policy, show_values), data, filename, category, limits)


def scan_path(
    path: str | Path, *, policy: PolicyRef = "default", category: str | None = None,
    show_values: bool = False, limits: Limits = Limits(),
) -> ScanResult:
    """Screen one file. For folders use `scan_tree`."""
    if Path(path).is_dir():
        raise IsADirectoryError(f"{path} is a directory: use screening.scan_tree")
    return screen_file(_screener_for(policy, show_values), path, category, limits)


# Worker processes build their own Screener once (engine load ~1 s) and reuse it.
_worker_screener: Screener | None = None
_worker_options: tuple = ()


def _init_worker(policy: Policy, show_values: bool, category: str | None, limits: Limits, workers: int) -> None:
    global _worker_screener, _worker_options
    os.environ.setdefault(THREADS_VARIABLE, str(max(1, (os.cpu_count() or 1) // workers)))
    _worker_screener = Screener(policy, show_values=show_values)
    _worker_options = (category, limits)


def _screen_entry_in_worker(entry: TreeEntry) -> ScanResult:
    return screen_entry(_worker_screener, entry, *_worker_options)


def scan_tree(
    paths: Iterable[str | Path], *, policy: PolicyRef = "default", category: str | None = None,
    show_values: bool = False, limits: Limits = Limits(), workers: int = 1, cluster: str | None = None,
) -> Iterator[ScanResult]:
    """Screen files and folders, yielding one result per file (and per path that could not be
    walked), in walk order. With workers > 1, files are screened in parallel processes once the
    walk finds enough work to pay for them (engine.parallel.PARALLEL_MIN_BYTES), else here.
    With `cluster` (`local:N` or a Dask scheduler address), on Dask workers (engine.cluster)."""
    refuse_inside_a_starting_worker()  # before the engine loads: a script without the guard fails fast
    loaded = load_policy(policy)  # an invalid policy fails before the walk
    entries = iter_tree(paths)
    if cluster:
        from screening.engine.cluster import dask_client, scan_on_cluster

        with dask_client(cluster) as client:
            yield from scan_on_cluster(client, entries, loaded, show_values, category, limits)
        return
    head, parallel = buffered_until_worth(entries, _size_of, workers)
    if not parallel:
        screener = _screener_for(policy, show_values)
        for entry in head:
            yield screen_entry(screener, entry, category, limits)
        return
    # Each worker builds its own engine; the parent, which only hands out files, builds none (~0.5 s).
    yield from map_in_workers(_screen_entry_in_worker, itertools.chain(head, entries), workers,
                              _init_worker, (loaded, show_values, category, limits, workers), chunksize=4)


def _size_of(entry: TreeEntry) -> int:
    try:
        return 0 if entry.error else os.stat(entry.path).st_size
    except OSError:
        return 0
