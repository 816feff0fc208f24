"""Excel 97-2003 workbooks (.xls, and WPS .et saved in that format), read with xlrd.

xlrd decodes the BIFF records: cell values (formulas by their cached result), which
cells are dates, and — with ``formatting_info=True`` — the row and column records that
say what is hidden. Sheets are loaded one at a time (``on_demand``) and unloaded after
use. Cells become sections as for xlsx (screening.sources.sheets): every sheet, hidden
and "very hidden" ones included, with hidden rows and columns marked, cell comments
(``comment``), and document properties, the last user's name and defined names as
``metadata`` (the OLE property streams, read with olefile).

Every number in an .xls is a float, so an ID typed as a number is rendered from its
shortest exact form (``repr``) — the digits Excel shows — and flagged as having lost
digits when it is 16-19 digits long (see screening.sources.sheets).

Not read: text boxes, charts, embedded objects and images — xlrd does not decode the
drawing records.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import BinaryIO

from screening.model import Location
from screening.sources.document import Document, ReadContext, Section, SectionDocument
from screening.sources.encoding import UnreadableInput
from screening.sources.sheets import (
    Cell,
    Comment,
    Row,
    Sheet,
    date_text,
    number_text,
    sheet_sections,
)

PROPERTY_FIELDS = (
    ("author", "author"), ("last_saved_by", "last_modified_by"), ("title", "title"), ("subject", "subject"),
    ("keywords", "keywords"), ("comments", "comments"), ("category", "category"), ("company", "company"),
    ("manager", "manager"),
)
CODEPAGES = {936: "gb18030", 65001: "utf-8", 1200: "utf-16-le", 950: "big5"}


def open_book(data: bytes):
    """The xlrd Book of `data`; UnreadableInput for an encrypted or damaged file."""
    import xlrd

    try:
        # logfile: xlrd prints warnings about odd records to stdout otherwise
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise UnreadableInput("encrypted: password-protected xls, cannot be screened") from None
        raise UnreadableInput(f"corrupt or truncated xls: {_reason(error)}") from None
    except UnreadableInput:
        raise  # the time limit, raised inside xlrd
    except Exception as error:  # noqa: BLE001 - xlrd raises assertion, struct and index errors on damaged records
        raise UnreadableInput(f"corrupt or truncated xls ({type(error).__name__})") from None


def _reason(error: Exception) -> str:
    """xlrd's message without the raw bytes it sometimes quotes (they could be content)."""
    message = str(error).split(";")[0]
    return message if "b'" not in message and len(message) < 120 else type(error).__name__


def cell_text(book, kind: int, value) -> tuple[str, bool]:
    """A cell rendered as text, and whether it is a long number that lost digits."""
    import xlrd

    if kind == xlrd.XL_CELL_TEXT:
        return value, False
    if kind == xlrd.XL_CELL_NUMBER:
        return number_text(repr(value))
    if kind == xlrd.XL_CELL_DATE:
        try:
            return date_text(xlrd.xldate_as_datetime(value, book.datemode)), False
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return number_text(repr(value))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return ("TRUE" if value else "FALSE"), False
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR"), False
    return "", False  # empty, blank (formatted but empty)


def _rows(book, sheet) -> Iterator[Row]:
    for index in range(sheet.nrows):
        cells = []
        for column, (kind, value) in enumerate(zip(sheet.row_types(index), sheet.row_values(index)), start=1):
            text, rounded = cell_text(book, kind, value)
            if text and not text.isspace():
                cells.append(Cell(column, text, rounded))
        info = sheet.rowinfo_map.get(index)
        yield Row(index + 1, cells, bool(info and info.hidden))


def sheet_of(book, sheet) -> Sheet:
    comments = [Comment(row + 1, column + 1, note.text or "") for (row, column), note in sorted(sheet.cell_note_map.items())]
    return Sheet(
        sheet.name, sheet.visibility != 0, _rows(book, sheet),
        hidden_columns={column + 1 for column, info in sheet.colinfo_map.items() if info.hidden},
        comments=comments,
    )


def _decode(value, codepage: int | None) -> str:
    """A property string in the stream's code page (stored as a signed 16-bit number:
    UTF-8, 65001, reads as -535); GB18030 when none is given."""
    if not isinstance(value, bytes):
        return str(value)
    codepage = codepage & 0xFFFF if codepage else None
    encoding = CODEPAGES.get(codepage, f"cp{codepage}") if codepage else "gb18030"
    try:
        return value.decode(encoding, errors="replace")
    except LookupError:
        return value.decode("gb18030", errors="replace")


def properties(data: bytes) -> list[str]:
    """The OLE summary properties (author, last saved by, …) as ``name: value`` lines."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            metadata = ole.get_metadata()
    except UnreadableInput:
        raise
    except Exception:  # noqa: BLE001 - damaged property streams: the cells were still read
        return []
    lines = []
    for attribute, label in PROPERTY_FIELDS:
        value = getattr(metadata, attribute, None)
        if value:
            text = _decode(value, metadata.codepage).strip("\x00 ")
            if text:
                lines.append(f"{label}: {text}")
    return lines


def book_metadata(book, data: bytes) -> list[str]:
    lines = properties(data)
    if book.user_name and book.user_name.strip():
        lines.append(f"user_name: {book.user_name.strip()}")
    lines.extend(f"defined_name {name.name}" for name in book.name_obj_list if name.name)
    return lines


def xls_sections(book, data: bytes, problems: list[str]) -> Iterator[Section]:
    import xlrd

    metadata = book_metadata(book, data)
    authors: list[str] = []
    for index in range(book.nsheets):
        name = book.sheet_names()[index]
        try:
            sheet = book.sheet_by_index(index)
        except UnreadableInput:
            raise
        except Exception as error:  # noqa: BLE001 - one damaged sheet: the others are still read
            problems.append(f"sheet {name}: corrupt or truncated ({type(error).__name__}), not screened")
            continue
        if isinstance(sheet, xlrd.sheet.Sheet):
            authors.extend(note.author.strip() for note in sheet.cell_note_map.values() if (note.author or "").strip() and note.author.strip() not in authors)
            yield from sheet_sections(sheet_of(book, sheet), problems)
        book.unload_sheet(index)
    metadata.extend(f"comment_author: {author}" for author in authors)
    if metadata:
        yield Section("\n".join(metadata), Location(part="metadata"))


def read_xls(raw: BinaryIO, context: ReadContext) -> Document:
    data = raw.read()
    book = open_book(data)
    document = SectionDocument([])
    document.sections = xls_sections(book, data, document.problems)
    return document
