"""The document model every reader produces: sections of text with their location.

A reader (one module per format) turns a file into `Section`s — a run of flowing text
(a docx paragraph run, a PDF page, an HTML body) or a table cell with its column header.
`SectionDocument` lays the sections end to end, separated by a newline: that string is
the document's *extracted text* (what `screening extract` prints) and every block's
`start` is an offset into it. Flowing text is cut into paragraph blocks like a text file;
the single-line cells of one table row make one block (RowBatch), each cell keeping its
own location and column header; a multi-line cell is a block of its own.

Parts a reader could not read (an encrypted archive member, an image without OCR) are
`problems`: the document is then not clean, whatever else was found.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Literal

from screening.model import Block, Location
from screening.sources.text import iter_pieces, paragraph_blocks

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class Limits:
    """Per-file limits, and how far readers go (OCR, archives)."""

    max_bytes: int = 512 * 1024 * 1024
    seconds_per_file: float = 600.0
    ocr: OcrMode = "auto"
    max_depth: int = 3  # archives inside archives
    max_members: int = 10_000
    max_unpacked_bytes: int = 2 * 1024 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed size of one member: beyond it, a zip bomb
    # One XML part a reader parses whole (a docx body): lxml holds ~8x its size in memory, so a
    # 200 MiB document.xml (a 165:1 package, under the bomb ratio) took 1.7 GB. 32 MiB of XML is
    # thousands of pages of text.
    max_xml_part_bytes: int = 32 * 1024 * 1024


@dataclass(frozen=True)
class ReadContext:
    """What a reader is told besides the bytes: the file's name, the limits, how deep in archives."""

    name: str
    limits: Limits = Limits()
    depth: int = 0

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name.replace("\\", "/")).suffix.lower()


@dataclass(frozen=True)
class Section:
    """A run of extracted text from one place in a file.

    `first_line` numbers the section's first line in its part (a docx paragraph number,
    a line on a PDF page); `line_key` names the Location field that number goes in.
    """

    text: str
    location: Location
    header: str | None = None
    cell: bool = False  # a table cell: one block, never merged with others
    first_line: int = 1
    line_key: Literal["line", "paragraph"] = "line"


class Document:
    """One file's extracted content, read once: blocks to screen and the text they index."""

    encoding: str | None = None

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.chars = 0  # extracted characters seen so far

    def blocks(self) -> Iterator[Block]:
        raise NotImplementedError

    def pieces(self) -> Iterator[tuple[Location | None, str]]:
        """The extracted text in order, each piece with the location it starts (None:
        same as before). Joined, the pieces are the text finding offsets refer to."""
        raise NotImplementedError


class SectionDocument(Document):
    def __init__(self, sections: Iterable[Section], encoding: str | None = None) -> None:
        super().__init__()
        self.sections = sections
        self.encoding = encoding

    def pieces(self) -> Iterator[tuple[Location | None, str]]:
        for section in self.sections:
            text = section_text(section)
            self.chars += len(text)
            # A docx part starts at a paragraph a person looks for (修订 in 第3段); say which.
            numbered = section.line_key == "paragraph" and not section.cell
            yield (replace(section.location, paragraph=section.first_line) if numbered else section.location), text

    def blocks(self) -> Iterator[Block]:
        row = RowBatch()
        for section in self.sections:
            if row.cells and not row.takes(section):
                yield row.block()
            if row.takes(section):
                row.add(section, self.chars)
            else:
                yield from section_blocks(section, self.chars)
            self.chars += len(section_text(section))
        if row.cells:
            yield row.block()


class RowBatch:
    """The single-line cells of one table row, screened as one block.

    A 20k-row roster is 160k cells; analysing each on its own costs a Presidio call per
    cell. The cells of a row already lie one per line in the extracted text, so the row's
    slice of it is one block whose every line keeps its cell's own location and column
    header (the engine maps a finding to its line; context stays within the line).
    """

    MAX_CELLS, MAX_CHARS = 64, 4000

    def __init__(self) -> None:
        self.cells: list[Section] = []
        self.start = 0
        self.chars = 0

    def takes(self, section: Section) -> bool:
        if not section.cell or "\n" in section.text or section.location.row is None:
            return False
        if not self.cells:
            return True
        first = self.cells[0].location
        return (
            (section.location.row, section.location.table, section.location.sheet, section.location.member)
            == (first.row, first.table, first.sheet, first.member)
            and len(self.cells) < self.MAX_CELLS and self.chars + len(section.text) < self.MAX_CHARS
        )

    def add(self, section: Section, offset: int) -> None:
        if not self.cells:
            self.start = offset
        self.cells.append(section)
        self.chars += len(section.text) + 1

    def block(self) -> Block:
        cells, self.cells, self.chars = self.cells, [], 0
        if len(cells) == 1:
            return Block(text=cells[0].text, start=self.start, location=cells[0].location, header=cells[0].header)
        line_starts, position = [], 0
        for cell in cells:
            line_starts.append(position)
            position += len(cell.text) + 1
        return Block(
            text="\n".join(cell.text for cell in cells), start=self.start, location=cells[0].location,
            line_starts=tuple(line_starts), line_locations=tuple(cell.location for cell in cells),
            line_headers=tuple(cell.header for cell in cells),
        )


def unread(problem: str) -> SectionDocument:
    """An empty document that says why its content was not screened (an attachment that
    could not be opened, an image with OCR off): its container becomes `error`."""
    document = SectionDocument([])
    document.problems.append(problem)
    return document


def section_text(section: Section) -> str:
    return section.text if section.text.endswith("\n") else section.text + "\n"


def section_blocks(section: Section, offset: int) -> Iterator[Block]:
    """The blocks of one section whose text starts at `offset` in the extracted text."""
    if not section.text.strip():
        return
    if section.cell:
        yield Block(
            text=section.text, start=offset, location=section.location, header=section.header,
            first_line=section.first_line, line_key=section.line_key,
        )
        return
    for block in paragraph_blocks(iter_pieces(io.StringIO(section.text, newline=""))):
        first_line = section.first_line + block.first_line - 1
        yield replace(
            block,
            start=offset + block.start,
            location=replace(section.location, **{section.line_key: first_line}),
            header=block.header or section.header,
            first_line=first_line,
            line_key=section.line_key,
        )


class CompositeDocument(Document):
    """Documents one after another (archive members), each location tagged with its member path.

    `members` yields (member path, Document) pairs; a member that cannot be read is
    recorded in `problems` by whoever yields the pairs.

    The member path "" is the container's own content (a docx body before its embedded
    files): its locations are not tagged.
    """

    def __init__(self, members: Iterable[tuple[str, Document]], problems: list[str]) -> None:
        super().__init__()
        self.members = members
        self.problems = problems

    def _each(self) -> Iterator[tuple[str, Document, int]]:
        for path, document in self.members:
            start = self.chars
            yield path, document, start
            self.problems.extend(f"{path}: {problem}" if path else problem for problem in document.problems)
            self.chars = start + document.chars + 1

    def blocks(self) -> Iterator[Block]:
        for path, document, start in self._each():
            for block in document.blocks():
                if not path:  # the container's own content: only the offset moves
                    yield replace(block, start=start + block.start) if start else block
                    continue
                yield replace(
                    block, start=start + block.start, location=with_member(block.location, path),
                    line_locations=tuple(with_member(location, path) for location in block.line_locations),
                )

    def pieces(self) -> Iterator[tuple[Location | None, str]]:
        for path, document, _ in self._each():
            if path:
                yield Location(part="attachment", member=path), ""
            for location, text in document.pieces():
                yield (with_member(location, path) if location else None), text
            yield None, "\n"


def with_member(location: Location, path: str) -> Location:
    """`location` inside archive member `path` (nested members keep the outer path first)."""
    if not path:
        return location
    return replace(location, member=f"{path}!/{location.member}" if location.member else path)
