"""The cells of a block with their column headers, and the scope a detail belongs to.

Three shapes carry a header: a table row screened as one block (one cell per line, each
with its own header), a single spreadsheet/docx cell (the block's header), and a plain
text table (the block's header is the header row; each line's cells line up with it).
Prose has no cells. Names in a 姓名 column, scores in a 总分 column and the rule that a
score counts only next to a person in the same row all read this one view.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from screening.model import Block
from screening.sources.table_shape import row_cells

_SENTENCE_ENDS = "。！？!?；;\n"
_SENTENCE_END = regex.compile(f"[{_SENTENCE_ENDS}]")


@dataclass(frozen=True)
class Cell:
    start: int  # offsets within block.text, stripped of surrounding blanks
    end: int
    header: str
    row: int  # the line the cell is on (a row block is one row: 0)


_CELL_EDGE = " \t\r\n\u3000,，\"|"  # blanks, and a CSV row's delimiters and quotes


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _CELL_EDGE:
        start += 1
    while end > start and text[end - 1] in _CELL_EDGE:
        end -= 1
    return start, end


def _lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(index, start, end) of each line of `text`."""
    start = 0
    for index, line in enumerate(text.split("\n")):
        yield index, start, start + len(line)
        start += len(line) + 1


def block_cells(block: Block) -> list[Cell]:
    """Every cell of `block` that has a column header (empty for prose)."""
    text = block.text
    if block.line_locations:
        ends = (*block.line_starts[1:], len(text))
        return [
            Cell(*_stripped(text, start, end), header=header, row=0)
            for start, end, header in zip(block.line_starts, ends, block.line_headers)
            if header
        ]
    if not block.header:
        return []
    headers = [block.header[s:e] for s, e in row_cells(block.header)]
    if len(headers) < 2:  # a spreadsheet or docx cell: the whole block is under one header
        start, end = _stripped(text, 0, len(text))
        return [Cell(start, end, block.header, 0)] if end > start else []
    cells = []
    for index, start, end in _lines(text):
        spans = row_cells(text[start:end])
        if len(spans) == len(headers) and text[start:end].strip() != block.header.strip():
            cells.extend(Cell(start + s, start + e, header, index) for (s, e), header in zip(spans, headers))
    return cells


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """The sentence (between 。！？；and line ends) that `position` is in."""
    left = max(text.rfind(mark, 0, position) for mark in _SENTENCE_ENDS) + 1
    right = _SENTENCE_END.search(text, position)
    return left, right.start() if right else len(text)


def scope_of(block: Block, start: int) -> tuple[int, int]:
    """The span a detail at `start` is tied within: the whole row for a row block, else
    its sentence (a line of a text table is a sentence too)."""
    return (0, len(block.text)) if block.line_locations else sentence_bounds(block.text, start)
