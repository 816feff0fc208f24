"""Identifiers split over two adjacent cells of a table row (issue 19).

A roster can carry an ID typed into two cells (区划+出生日期 | 顺序码+校验码): each cell
alone holds no identifier, the row as a reader sees it does. A row block
(screening.sources.document.RowBatch) holds its cells one per line, and the resident-ID
recognizer already reads a number across a line break (a wrapped cell), so the row block
gives a match from one cell into the next. Such a match is kept — other matches across
cells are no value of either — and reported at the first cell with the cell it continues
in (`details["continues_in"]`: its part and column, never a value), so the redactor masks
each piece in its own cell.

Only resident IDs are joined: their checksum, region and birth date make a chance match
of two unrelated cells negligible, while a 序号 cell before a phone or card number would
make new numbers, and a card's Luhn check passes one time in ten.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from recognizers import DETAILS_KEY
from screening.model import Block

SPLIT_ENTITIES = frozenset({"CN_RESIDENT_ID"})


def mark_split_identifiers(block: Block, results: list[RecognizerResult]) -> None:
    """Tag the resident IDs of the row `block` that run from one cell into the next."""
    for result in results:
        if result.entity_type not in SPLIT_ENTITIES:
            continue
        first, last = block.cell_index(result.start), block.cell_index(result.end - 1)
        if last != first + 1:
            continue
        continues = block.line_locations[last]
        details = dict(result.recognition_metadata.get(DETAILS_KEY) or {})
        details["continues_in"] = {"part": continues.part, "column": continues.column}
        result.recognition_metadata = {**result.recognition_metadata, DETAILS_KEY: details}


def split_over_cells(result: RecognizerResult) -> bool:
    return "continues_in" in (result.recognition_metadata.get(DETAILS_KEY) or {})
