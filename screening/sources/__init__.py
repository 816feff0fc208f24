"""Readers: turn a file's bytes into blocks (text + location) the engine screens.

This issue reads plain text (txt/md) and delimited tables (csv/tsv); other formats are
reported as `error` (never passed) until their readers land.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from screening.model import Block
from screening.sources.delimited import table_blocks
from screening.sources.encoding import (
    SAMPLE_BYTES,
    UnreadableInput,
    control_ratio,
    detect_encoding,
)
from screening.sources.text import iter_pieces, paragraph_blocks

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".log", ""})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | TABLE_SUFFIXES
MAX_CONTROL_RATIO = 0.05


@dataclass
class DecodedStream:
    """A text stream and how it was decoded; `replaced` counts undecodable characters seen so far."""

    stream: TextIO
    encoding: str
    replaced: int = 0
    chars: int = 0

    def pieces(self) -> Iterator[str]:
        for piece in iter_pieces(self.stream):
            self.chars += len(piece)
            self.replaced += piece.count("\ufffd")
            yield piece


def check_supported(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableInput(f"unsupported format ({suffix}): this version reads txt, md, csv and tsv")
    return suffix


def decode_binary(raw: BinaryIO) -> DecodedStream:
    """Detect the encoding from the first bytes of `raw` and wrap it as a text stream."""
    sample = raw.read(SAMPLE_BYTES)
    complete = len(sample) < SAMPLE_BYTES
    encoding = detect_encoding(sample, complete)
    if control_ratio(sample.decode(encoding, errors="replace")) > MAX_CONTROL_RATIO:
        raise UnreadableInput("binary content: mostly control characters, not a text file")
    raw.seek(0)
    return DecodedStream(io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), encoding)


def blocks_of(decoded: DecodedStream, suffix: str) -> Iterator[Block]:
    if suffix in TABLE_SUFFIXES:
        return table_blocks(decoded.pieces(), suffix)
    return paragraph_blocks(decoded.pieces())
