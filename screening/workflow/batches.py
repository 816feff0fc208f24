"""Ledger writes in batches: one transaction per batch instead of one per item.

A ledger shared by many writers is limited by its commits (each one a lock and an fsync), not by
the rows it takes (docs/cluster.md): recording items in batches of `size` cuts the commits that
many times. The batch is written once its items are in hand — no write lock is held while they
are screened — and at the latest `seconds` after its first item, so a slow crawl or a long scan
still records as it goes; a killed process loses at most the batch in hand, never part of one
(each batch is one transaction).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")

BATCH_ITEMS = 32
BATCH_SECONDS = 2.0


class WriteBatch(Generic[Item]):
    """Collects items and hands them to `write` (which records them in one transaction) every
    `size` items or `seconds`, and on `flush()`."""

    def __init__(self, write: Callable[[list[Item]], object], size: int = BATCH_ITEMS, seconds: float = BATCH_SECONDS) -> None:
        self.write = write
        self.size = size
        self.seconds = seconds
        self._items: list[Item] = []
        self._since = 0.0

    def add(self, item: Item) -> None:
        if not self._items:
            self._since = time.monotonic()
        self._items.append(item)
        if len(self._items) >= self.size or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        items, self._items = self._items, []
        if items:
            self.write(items)

    def __len__(self) -> int:
        return len(self._items)
