"""Spreadsheet sheets as sections, shared by the xlsx and xls readers.

A reader turns its format into `Sheet`s — rows of non-empty cells already rendered as
text, which rows and columns are hidden, the cell comments — and `sheet_sections`
turns a sheet into one `Section` per cell:

- location: the sheet name, the row number, the column's header (or its letter when
  the sheet has no header row), and a `part` saying where the value hides:
  ``hidden-sheet`` (hidden or "very hidden" sheet), ``hidden-row``, ``hidden-column``,
  else ``table``; a cell comment is ``comment``;
- header: the header row is the first row with two or more cells, when
  `is_header_row` says it is made of labels; one-cell rows above it are titles
  (``2024年国家助学金拟资助名单`` over the real header) and are screened as plain cells.
  A header cell is screened too, with no header of its own. The label given to the
  context enhancer has no spaces or commas: a label with a separator would be taken
  for a whole text-table header row (screening.engine.context).

Numbers are rendered the way a reader of the sheet sees them, as digits: an ID typed
into Excel as a number is stored as a float (``1.10101199003077E+17``), and its
digits — region and birth date — must reach the recognizers, never scientific
notation. The digits come from the decimal form stored in the file (xlsx) or the
shortest form of the float (xls), not from ``int(value)``: the binary value of
3.40104199003077e17 is 340104199003076992, whose 15th digit is not the one Excel shows.

Past 15 significant digits (Excel keeps 15, a float at most 17) the tail of the number
is lost: the rendered ID ends in made-up digits, usually zeros, and its check digit no
longer matches. The resident-ID recognizer then calls it a bad checksum (score 0.15:
0.5 and "review" under a 身份证号 header, nothing at all without a label; "valid" by
chance one time in eleven). So such cells (16-19 digits stored as a float) are also
reported in the document's `problems`: the file cannot pass on them, a person looks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, islice

import regex
from openpyxl.utils import get_column_letter

from screening.model import Location
from screening.sources.delimited import is_header_row
from screening.sources.document import Section

HEADER_LOOKAHEAD = 5  # title rows (one cell each) tolerated above the header row
ROUNDED_DIGITS = range(16, 20)  # resident IDs (18) and bank cards (16-19) typed as numbers
_LABEL_SEPARATORS = regex.compile(r"[\s,，\u3000]+")
_PLAIN_INTEGER = regex.compile(r"[+-]?\d+")


@dataclass(slots=True)  # one per cell: plain slots are cheaper to build than frozen
class Cell:
    column: int  # 1-based
    text: str  # not blank: readers leave out empty and whitespace-only cells
    rounded: bool = False  # a long number held as a float: its last digits are lost


@dataclass(slots=True)
class Row:
    number: int  # 1-based, as the sheet numbers it
    cells: list[Cell]
    hidden: bool = False


@dataclass(slots=True)
class Comment:
    row: int
    column: int
    text: str


@dataclass
class Sheet:
    """One sheet as a reader streams it.

    `hidden_columns` may be filled while `rows` is iterated, but before the first row
    is yielded (an xlsx sheet lists its columns before its rows); `comments` and
    `extra` (print header and footer: (part, text)) are read after the rows.
    """

    name: str
    hidden: bool
    rows: Iterable[Row]
    hidden_columns: set[int] = field(default_factory=set)
    comments: Iterable[Comment] = ()
    extra: Iterable[tuple[str, str]] = ()


def number_text(literal: str) -> tuple[str, bool]:
    """A number as the digits a person reads, and whether a long integer lost digits.

    `literal` is the number as stored: the text of an xlsx ``<v>``, or `repr` of an xls
    float. An integral value is written in full (no exponent, no ``.0``); it has "lost
    digits" when it has 16-19 digits but was stored as a float rather than as exact
    integer digits.

    >>> number_text("1.10101199003077E+17")
    ('110101199003077000', True)
    >>> number_text("110101199003077715")
    ('110101199003077715', False)
    >>> number_text("1500.0"), number_text("0.25"), number_text("-3")
    (('1500', False), ('0.25', False), ('-3', False))
    >>> number_text(repr(6222021234567890.0))
    ('6222021234567890', True)
    """
    literal = literal.strip()
    if literal.isdigit():  # the common case (序号, amounts, exact integers): as written
        return literal.lstrip("0") or "0", False
    try:
        value = Decimal(literal)
    except InvalidOperation:
        return literal, False
    if not value.is_finite() or not -30 < value.adjusted() < 30:
        return literal, False
    if value != value.to_integral_value():
        return format(value.normalize(), "f"), False
    digits = str(int(value))
    rounded = not _PLAIN_INTEGER.fullmatch(literal) and len(digits.lstrip("-")) in ROUNDED_DIGITS
    return digits, rounded


def date_text(value: datetime.datetime | datetime.date | datetime.time) -> str:
    """ISO form: a date alone when there is no time of day.

    >>> date_text(datetime.datetime(2024, 3, 7)), date_text(datetime.datetime(2024, 3, 7, 8, 30))
    ('2024-03-07', '2024-03-07 08:30:00')
    """
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def header_label(text: str) -> str:
    """A header cell as a column label: separators removed (身份证\\n号码 → 身份证号码)."""
    return _LABEL_SEPARATORS.sub("", text)


def _header_position(lead: list[Row]) -> int | None:
    """Index in `lead` (the first non-empty rows) of the row to try as the header."""
    for index, row in enumerate(lead):
        if len(row.cells) >= 2:
            return index
    return 0 if lead else None  # a one-column sheet: its first row


def find_header(lead: list[Row]) -> tuple[int | None, dict[int, str]]:
    """The header row's number and its labels by column, or (None, {}) for a sheet
    that starts with data."""
    position = _header_position(lead)
    if position is None:
        return None, {}
    candidate = lead[position]
    texts = [header_label(cell.text) for cell in candidate.cells]
    if not is_header_row(texts):
        return None, {}
    return candidate.number, {cell.column: text for cell, text in zip(candidate.cells, texts) if text}


def _cell_sections(sheet: Sheet, rows: Iterable[Row], header_row: int | None, labels: dict[int, str], rounded: list[str]) -> Iterator[Section]:
    # The hot loop (a section per cell): the part and the column names are worked out
    # once per sheet, row or column rather than once per cell.
    letters: dict[int, str] = {}
    sheet_part = "hidden-sheet" if sheet.hidden else None
    hidden_columns = sheet.hidden_columns
    for row in rows:
        row_part = sheet_part or ("hidden-row" if row.hidden else None)
        data_row = header_row is not None and row.number > header_row
        for cell in row.cells:
            column = cell.column
            if column not in letters:
                letters[column] = get_column_letter(column)
            if cell.rounded:
                rounded.append(f"{letters[column]}{row.number}")
            label = labels.get(column) if data_row else None
            part = row_part or ("hidden-column" if column in hidden_columns else "table")
            location = Location(part=part, sheet=sheet.name, row=row.number, column=label or letters[column])
            yield Section(cell.text, location, header=label, cell=True)


def sheet_sections(sheet: Sheet, problems: list[str]) -> Iterator[Section]:
    """A section per non-empty cell, then per comment and header/footer text.

    Long numbers that lost digits are reported once per sheet in `problems`."""
    rows = (row for row in sheet.rows if row.cells)
    lead = list(islice(rows, HEADER_LOOKAHEAD))
    header_row, labels = find_header(lead)
    rounded: list[str] = []
    yield from _cell_sections(sheet, chain(lead, rows), header_row, labels, rounded)
    for comment in sheet.comments:
        if comment.text.strip():
            label = labels.get(comment.column) if header_row is not None and comment.row > header_row else None
            location = Location(part="comment", sheet=sheet.name, row=comment.row, column=label or get_column_letter(comment.column))
            yield Section(comment.text, location, header=label, cell=True)
    for part, text in sheet.extra:
        if text.strip():
            yield Section(text, Location(part=part, sheet=sheet.name))
    if rounded:
        problems.append(rounded_problem(sheet.name, rounded))


def rounded_problem(sheet: str, cells: list[str]) -> str:
    """The problem recorded for long numbers stored as floats (no values, only cell references)."""
    more = f" and {len(cells) - 1} more" if len(cells) > 1 else ""
    return (
        f"sheet {sheet}: long numbers stored as numbers lost their last digits (cell {cells[0]}{more}); "
        "an ID or card number typed as a number cannot be checked — store it as text and review by hand"
    )
