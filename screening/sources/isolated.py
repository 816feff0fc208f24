"""Reading a file in a process that can be killed at its deadline.

The per-file time limit (screening.sources.timeout) interrupts Python code, and only in the
main thread; OCR (ONNX Runtime), PDF rendering (pdfium) and XML parsing (lxml) spend most of
their time inside single native calls, and a web server scans in worker threads. There a
stuck or slow reader held its slot for as long as it liked (two multi-page TIFF uploads held
`screening serve` for over 500 s). `ReaderPool` runs such reads in worker processes (pebble's
ProcessPool, one task at a time each) with the file's time limit as the task's timeout: past
it the process is killed, the file is `error` "time limit exceeded", and pebble starts a
fresh worker. The worker returns the document's blocks whole, so the caller screens them as
it would any Document.

Plain text and CSV stay in the caller (Python all the way: the between-blocks deadline holds),
and legacy Office files too (LibreOffice already runs as a process killed at the deadline).
"""

from __future__ import annotations

import io
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from typing import BinaryIO

from screening.model import Block
from screening.sources.document import Document, Limits, ReadContext
from screening.sources.encoding import UnreadableInput
from screening.sources.formats import detect_format, open_document
from screening.sources.timeout import TimeLimitExceeded

IN_CALLER = frozenset({"text", "table", "legacy"})
# Readers each worker imports when it starts, so a request does not wait for them.
WARM_MODULES = ("screening.sources.docx", "screening.sources.xlsx", "screening.sources.pdf", "screening.sources.html",
                "screening.sources.images", "screening.sources.archives")


class ReadDocument(Document):
    """A document read elsewhere: its blocks, problems and counts, whole."""

    def __init__(self, blocks: list[Block], problems: list[str], chars: int, encoding: str | None) -> None:
        super().__init__()
        self._blocks, self.problems, self.chars, self.encoding = blocks, problems, chars, encoding

    def blocks(self) -> Iterator[Block]:
        yield from self._blocks


def read_whole(data: bytes, name: str, limits: Limits) -> ReadDocument:
    """Read every block of the file (in a worker process: what it sends back)."""
    document = open_document(io.BytesIO(data), name, limits)
    blocks = list(document.blocks())
    return ReadDocument(blocks, document.problems, document.chars, document.encoding)


def read_text(data: bytes, name: str, limits: Limits) -> str:
    """The file's extracted text, the pieces joined: what findings' offsets index (the desk's view of
    a draft and its raw-value answer read it). A ReadDocument holds blocks only, so it is read again."""
    document = open_document(io.BytesIO(data), name, limits)
    return "".join(piece for _, piece in document.pieces())


def _warm_up() -> None:
    import importlib

    for module in WARM_MODULES:
        importlib.import_module(module)


class ReaderPool:
    """Worker processes that read files under a per-file timeout; `open_document` is a drop-in
    for screening.sources.open_document. Thread-safe: one pool serves all request threads."""

    def __init__(self, workers: int) -> None:
        from pebble import ProcessPool

        # spawn: forking a process that already runs threads (the server's, ONNX Runtime's) is unsafe.
        self.workers = workers
        self._pool = ProcessPool(max_workers=workers, initializer=_warm_up, context=multiprocessing.get_context("spawn"))

    def warm(self) -> None:
        """Start the workers now (without waiting for them), not in the first request."""
        for _ in range(self.workers):
            self._pool.schedule(_warm_up)

    def open_document(self, raw: BinaryIO, name: str, limits: Limits = Limits()) -> Document:
        if detect_format(raw, ReadContext(name, limits)) in IN_CALLER:
            return open_document(raw, name, limits)
        return self.read(raw.read(), name, limits)

    def read(self, data: bytes, name: str, limits: Limits) -> ReadDocument:
        return self._in_worker(read_whole, data, name, limits)

    def text_of(self, data: bytes, name: str, limits: Limits = Limits()) -> str:
        """`read_text` under the same time limit, in a worker where the format is read in one."""
        if detect_format(io.BytesIO(data), ReadContext(name, limits)) in IN_CALLER:
            return read_text(data, name, limits)
        return self._in_worker(read_text, data, name, limits)

    def _in_worker(self, function, data: bytes, name: str, limits: Limits):
        from pebble import ProcessExpired

        future = self._pool.schedule(function, (data, name, limits), timeout=limits.seconds_per_file)
        try:
            return future.result()
        except FutureTimeout:
            raise TimeLimitExceeded(
                f"time limit exceeded: reading the file took over {limits.seconds_per_file:g} s and was stopped (raise --timeout)"
            ) from None
        except ProcessExpired as error:  # killed from outside, or out of memory
            raise UnreadableInput(f"the reader process ended (exit code {error.exitcode}): the file was not screened") from None

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()
