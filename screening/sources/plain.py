"""Plain text (txt, md) and delimited tables (csv, tsv), decoded as streams.

The extracted text of a plain file is its decoded content itself, so finding offsets
are offsets into the file's text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from screening.model import Block, Location
from screening.sources.delimited import table_blocks
from screening.sources.document import Document, ReadContext
from screening.sources.encoding import (
    SAMPLE_BYTES,
    UnreadableInput,
    control_ratio,
    detect_encoding,
)
from screening.sources.formats import TABLE_SUFFIXES
from screening.sources.text import iter_pieces, paragraph_blocks

MAX_CONTROL_RATIO = 0.05
MAX_REPLACED_RATIO = 0.01


class TextDocument(Document):
    """A decoded text stream; `replaced` counts undecodable characters seen so far."""

    def __init__(self, stream: io.TextIOBase, encoding: str, table_suffix: str | None) -> None:
        super().__init__()
        self.stream = stream
        self.encoding = encoding
        self.table_suffix = table_suffix  # .csv/.tsv: a block per cell
        self.replaced = 0

    def _pieces(self) -> Iterator[str]:
        for piece in iter_pieces(self.stream):
            self.chars += len(piece)
            self.replaced += piece.count("\ufffd")
            yield piece
        if self.chars and self.replaced / self.chars > MAX_REPLACED_RATIO:
            raise UnreadableInput(f"undecodable bytes: {self.replaced} characters could not be decoded as {self.encoding}")

    def blocks(self) -> Iterator[Block]:
        return table_blocks(self._pieces(), self.table_suffix) if self.table_suffix else paragraph_blocks(self._pieces())

    def pieces(self) -> Iterator[tuple[Location | None, str]]:
        for piece in self._pieces():
            yield None, piece


def read_text(raw: BinaryIO, table_suffix: str | None = None) -> TextDocument:
    """Detect the encoding from the first bytes of `raw` and wrap it as a text document."""
    sample = raw.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    encoding = detect_encoding(sample, complete)
    if control_ratio(sample.decode(encoding, errors="replace")) > MAX_CONTROL_RATIO:
        raise UnreadableInput("binary content: mostly control characters, not a text file")
    raw.seek(0)
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    return TextDocument(stream, encoding, table_suffix)


def read_plain(raw: BinaryIO, context: ReadContext) -> TextDocument:
    return read_text(raw, context.suffix if context.suffix in TABLE_SUFFIXES else None)
