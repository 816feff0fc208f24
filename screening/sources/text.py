"""Plain text (txt, md, and strings passed to scan_text): streamed into paragraph blocks.

A block is one or more paragraphs (lines up to a blank line), at most MAX_BLOCK_LINES
lines or MAX_BLOCK_CHARS characters, so Presidio always sees small texts (whole-document
analysis is O(findings × tokens)). Paragraphs keep their line breaks: an ID wrapped
across two lines stays in one block. A block is only cut where no number runs across
the cut. Very long lines (a 10 MB line without a newline) are read in segments, and a
letter/digit run at a segment's end is carried to the next so no number is split.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from screening.model import Block, Location
from screening.sources.table_shape import looks_like_header

MAX_BLOCK_LINES = 40
MAX_BLOCK_CHARS = 4000
MERGE_CHARS = 1500
SEGMENT_CHARS = 16384
MAX_CARRY = 64


def _number_char(ch: str) -> bool:
    return (ch.isascii() and ch.isalnum()) or "０" <= ch <= "９" or ch in "*＊"


def _alnum_tail(text: str) -> int:
    """Length of the run of number characters at the end of `text` (at most MAX_CARRY)."""
    count, limit = 0, min(len(text), MAX_CARRY)
    while count < limit and _number_char(text[-1 - count]):
        count += 1
    return count


def iter_pieces(stream: TextIO, segment: int = SEGMENT_CHARS) -> Iterator[str]:
    """Lines of `stream` (with their newline), long lines cut into segments of at most `segment` characters."""
    carry = ""
    while True:
        piece = stream.readline(segment)
        if not piece:
            if carry:
                yield carry
            return
        piece = carry + piece
        carry = ""
        if not piece.endswith("\n"):
            tail = _alnum_tail(piece)
            if 0 < tail < len(piece):
                piece, carry = piece[:-tail], piece[-tail:]
        yield piece


def _joins_a_number(before: str, after: str) -> bool:
    stripped_before, stripped_after = before.rstrip(), after.lstrip()
    return bool(stripped_before) and bool(stripped_after) and stripped_before[-1].isdigit() and stripped_after[0].isdigit()


class _Paragraph:
    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.chars = 0
        self.start = 0
        self.first_line = 1
        self.header: str | None = None

    def add(self, piece: str) -> None:
        # The header row of a text table (often under an intro line): checked once per line pair.
        if self.header is None and self.pieces and looks_like_header(self.pieces[-1].strip(), piece.strip()):
            self.header = self.pieces[-1].strip()
        self.pieces.append(piece)
        self.chars += len(piece)

    def table_header(self) -> str | None:
        return self.header

    def block(self, part: str, header: str | None) -> Block:
        text = "".join(self.pieces)
        line_starts, position = [0], 0
        for piece in self.pieces[:-1]:
            position += len(piece)
            if piece.endswith("\n"):
                line_starts.append(position)
        return Block(
            text=text, start=self.start, location=Location(part=part, line=self.first_line),
            header=header, line_starts=tuple(line_starts), first_line=self.first_line,
        )


def paragraph_blocks(pieces: Iterable[str], part: str = "body") -> Iterator[Block]:
    """Group pieces (lines or line segments) into blocks with true offsets and line numbers.

    Short paragraphs are merged (up to MERGE_CHARS) so Presidio is called per ~page
    section rather than per sentence — measured 1.6x faster on the throughput corpus, with
    the same findings. A paragraph holding a text table ends its block, so a table's
    header row labels its own rows only; the header travels with every block a long
    table is cut into.
    """
    paragraph = _Paragraph()
    offset, line = 0, 1
    header: str | None = None
    last_text = ""  # the paragraph's last piece that is not blank
    cut_pending = False  # a blank line after a digit: cut there unless the next line goes on with digits
    for piece in pieces:
        blank = not piece.strip()
        if paragraph.pieces:
            full = len(paragraph.pieces) >= MAX_BLOCK_LINES or paragraph.chars + len(piece) > MAX_BLOCK_CHARS
            may_cut = not _joins_a_number(paragraph.pieces[-1], piece) or paragraph.chars > 2 * MAX_BLOCK_CHARS
            table = header or (blank and paragraph.table_header())
            at_blank = blank and (paragraph.chars >= MERGE_CHARS or table)
            deferred = False
            if at_blank and last_text.rstrip()[-1:].isdigit() and paragraph.chars <= 2 * MAX_BLOCK_CHARS:
                # a number typed across a blank line (3401042010\n\n0307651X) stays in one block
                cut_pending, at_blank = True, False
            elif cut_pending and not blank:
                cut_pending = False
                at_blank = deferred = not _joins_a_number(last_text, piece)
            if at_blank or (full and may_cut):
                header = header or paragraph.table_header()
                yield paragraph.block(part, header)
                header = None if blank or deferred else header
                paragraph = _Paragraph()
        if paragraph.pieces or not blank:
            if not paragraph.pieces:
                paragraph.start, paragraph.first_line = offset, line
            paragraph.add(piece)
            last_text = piece if not blank else last_text
        offset += len(piece)
        line += piece.count("\n")
    if paragraph.pieces:
        yield paragraph.block(part, header or paragraph.table_header())


def text_blocks(text: str, part: str = "body") -> Iterator[Block]:
    return paragraph_blocks(iter_pieces(io.StringIO(text, newline="")), part)
