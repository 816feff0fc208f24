"""Excel workbooks (.xlsx, .xlsm): every cell of every sheet, comments, properties and
the other parts of the package a value can hide in.

Why not openpyxl's reader: on a 20k-row × 8-column roster saved by LibreOffice (shared
strings, as Excel and WPS write them), ``load_workbook(read_only=True)`` took 8.2 s
before the first cell — its shared-string reader builds an object per string — and
4.4 s more to iterate the cells; the lxml pass here takes 1.9 s for the strings and
2.6 s for the cells (same loaded machine). Read-only mode also hides hidden rows,
hidden columns and comments; normal mode has them but holds every cell as an object,
unbounded memory on a 100k-row sheet. So the parts are streamed here with lxml
``iterparse``: one pass per sheet gives the values and the hidden rows and columns,
and elements are freed as they are read, so memory stays flat in the number of rows.
openpyxl supplies the date-format rules and the serial-date conversion. (Checked: when
openpyxl itself reads, with lxml installed it parses parts with lxml
``resolve_entities=False`` and streams sheets through defusedxml's ``iterparse``.)

XML safety: lxml with ``resolve_entities=False`` and ``no_network=True`` never expands
an entity or fetches a DTD (no XXE), and libxml2 refuses a part whose entities would
amplify ("billion laughs": reported as a corrupt part); ``huge_tree`` stays off. The
package is checked before any part is inflated (screening.sources.zipguard: total
size, per-part compression ratio, encryption) and a part is never read past its
declared size.

What is read, with its `part` in the location:

- cells (`table`, `hidden-sheet`, `hidden-row`, `hidden-column`; see
  screening.sources.sheets): shared and inline strings (phonetic guides left out),
  numbers as full digits, dates in ISO form, formulas by their cached value (a formula
  never calculated — written by a program — by its value when it only joins constants,
  screening.sources.formulas, else by its text), booleans, errors;
- cell comments (`comment`), each sheet's print `header` and `footer`, and the lists and
  formulas of its data validations (`data-validation`: a drop-down's choices);
- text boxes and shapes (`text-box`), chart titles and data caches (`chart`), pivot
  caches — a copy of the source data, kept even when that sheet is deleted
  (`pivot-cache`) — and the cached values of linked workbooks (`external-link`);
- `metadata`: document properties (author, last modified by, title, …, company,
  custom properties), defined names and comment authors;
- embedded files (xl/embeddings: a Word document pasted as an object) as attachments,
  and images (xl/media) OCRed per the OCR mode, as the docx reader does.

A part that cannot be parsed (corrupt XML, a CRC error) is a `problem`: the rest of the
workbook is still screened, but the file is not clean. A package that is not a zip at
all, or lacks its workbook, is unreadable.
"""

from __future__ import annotations

import datetime
import io
import itertools
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

import regex
from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from screening.model import Location
from screening.sources.document import (
    CompositeDocument,
    Document,
    ReadContext,
    Section,
    SectionDocument,
    unread,
)
from screening.sources.encoding import UnreadableInput
from screening.sources.formulas import joined_constants
from screening.sources.ooxml import custom_properties
from screening.sources.sheets import (
    Cell,
    Comment,
    Row,
    Sheet,
    date_text,
    number_text,
    sheet_sections,
)
from screening.sources.zipguard import check_package, open_zip, read_member
from screening.sources.timeout import TimeLimitExceeded

MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # ISO 29500 "strict" files
)
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_PROPERTIES = "docProps/core.xml"
APP_PROPERTIES = "docProps/app.xml"
CUSTOM_PROPERTIES = "docProps/custom.xml"
# Built-in number formats 27-36 and 50-58 are dates and times in Chinese, Japanese and
# Korean Excel (yyyy"年"m"月"d"日" …); openpyxl's table lists only the en-US built-ins.
CJK_DATE_FORMATS = frozenset(range(27, 37)) | frozenset(range(50, 59))
# Parts outside the sheets that hold text, by folder, and the `part` their text gets.
LOOSE_PARTS = (
    ("xl/drawings/", "text-box"),  # shapes and text boxes drawn over the sheet
    ("xl/charts/", "chart"),
    ("xl/pivotCache/", "pivot-cache"),
    ("xl/externalLinks/", "external-link"),
)
_FLOAT_LITERAL = regex.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_HEADER_FOOTER_CODES = regex.compile(r'&(?:"[^"]*"|\d+|[A-Za-z])')
_ESCAPED_CHAR = regex.compile(r"_x([0-9A-Fa-f]{4})_")
# Errors of a damaged part; anything else (a time limit, a bug) goes up.
PART_ERRORS = (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError)
TRUE = frozenset({"1", "true"})
EMBEDDED_FOLDERS = ("xl/embeddings/", "xl/media/")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def unescape(text: str) -> str:
    """OOXML writes control characters as ``_xHHHH_``.

    >>> unescape("a_x000D_b")
    'a\\rb'
    """
    return _ESCAPED_CHAR.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


@lru_cache(maxsize=4096)
def column_index(letters: str) -> int:
    """1-based index of a column's letters.

    >>> column_index("A"), column_index("AB")
    (1, 28)
    """
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def split_reference(reference: str) -> tuple[int, int]:
    """(row, column) of a cell reference.

    >>> split_reference("C12")
    (12, 3)
    """
    letters = reference.rstrip("0123456789")
    return int(reference[len(letters):] or 1), column_index(letters or "A")


class Package:
    """The zip package with size-checked part access and relationship lookup."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())

    def read(self, name: str) -> bytes:
        return read_member(self.archive, name, self.archive.getinfo(name).file_size)

    def xml(self, name: str) -> etree._Element | None:
        """A small part, parsed whole; None when the package lacks it."""
        if name not in self.names:
            return None
        return etree.fromstring(self.read(name), _parser())

    def stream(self, name: str) -> BinaryIO:
        # ZipExtFile stops at the declared size (checked against the limits by
        # check_package) and verifies the CRC at the end: a big sheet is never held whole.
        return self.archive.open(name)

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type suffix, target part name) of `source`'s internal relationships."""
        folder, base = posixpath.split(source)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        if root is None:
            return []
        found = []
        for relationship in root.iter(f"{{{PACKAGE_RELS}}}Relationship"):
            target = relationship.get("Target") or ""
            if relationship.get("TargetMode") == "External" or not target:
                continue
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append((relationship.get("Id") or "", (relationship.get("Type") or "").rsplit("/", 1)[-1], name))
        return found


@dataclass
class Workbook:
    """What the sheets need from the workbook part: names, states, the string table, date styles."""

    namespace: str
    sheets: list[tuple[str, str, bool]]  # (name, part name, hidden)
    strings: list[str]
    date_styles: frozenset[int]
    epoch: datetime.datetime
    defined_names: list[str]  # metadata lines: name and what it refers to


def _workbook_part(package: Package) -> str:
    for _, kind, target in package.relationships(""):
        if kind == "officeDocument" and target in package.names:
            return target
    return "xl/workbook.xml"


def _attribute(element: etree._Element, name: str) -> str | None:
    """An attribute by local name in any namespace (r:id is in a different namespace in strict files)."""
    for key, value in element.attrib.items():
        if local_name(key) == name and key.startswith("{"):
            return value
    return None


def read_workbook(package: Package) -> Workbook:
    part = _workbook_part(package)
    root = package.xml(part)
    if root is None:
        raise UnreadableInput("corrupt xlsx: the package lacks its workbook part")
    namespace = etree.QName(root).namespace or MAIN_NAMESPACES[0]
    ns = f"{{{namespace}}}"
    relationships = package.relationships(part)
    targets = {rid: target for rid, _, target in relationships}
    sheets = []
    for sheet in root.iter(ns + "sheet"):
        target = targets.get(_attribute(sheet, "id") or "")
        if target:
            sheets.append((sheet.get("name") or "?", target, sheet.get("state") in {"hidden", "veryHidden"}))
    properties = root.find(ns + "workbookPr")
    epoch = CALENDAR_MAC_1904 if properties is not None and properties.get("date1904") in TRUE else CALENDAR_WINDOWS_1900
    names = [f"defined_name {name.get('name')}: {name.text or ''}" for name in root.iter(ns + "definedName")]
    by_kind = {kind: target for _, kind, target in relationships}
    return Workbook(
        namespace=namespace,
        sheets=sheets,
        strings=_shared_strings(package, by_kind.get("sharedStrings", "xl/sharedStrings.xml"), ns),
        date_styles=_date_styles(package.xml(by_kind.get("styles", "xl/styles.xml")), ns),
        epoch=epoch,
        defined_names=names,
    )


def string_item_text(item: etree._Element, ns: str) -> str:
    """The text of a shared-string item or inline string: its ``t``, or its runs' ``t``s,
    without the phonetic guide (``rPh``) that would glue pinyin to the name."""
    t, run = ns + "t", ns + "r"
    parts = []
    for child in item:
        if child.tag == t:
            parts.append(child.text or "")
        elif child.tag == run:
            parts.extend(grandchild.text or "" for grandchild in child if grandchild.tag == t)
    return unescape("".join(parts))


def _shared_strings(package: Package, name: str, ns: str) -> list[str]:
    if name not in package.names:
        return []
    strings = []
    with package.stream(name) as source:
        for _, item in etree.iterparse(source, tag=ns + "si", resolve_entities=False, no_network=True):
            strings.append(string_item_text(item, ns))
            _free(item)
    return strings


def _date_styles(styles: etree._Element | None, ns: str) -> frozenset[int]:
    """Indexes of the cell styles (``s`` attribute) whose number format is a date or time."""
    if styles is None:
        return frozenset()
    custom = {number_format.get("numFmtId"): number_format.get("formatCode") or "" for number_format in styles.iter(ns + "numFmt")}
    cell_styles = styles.find(ns + "cellXfs")
    dates = set()
    for index, style in enumerate(cell_styles if cell_styles is not None else ()):
        if style.tag != ns + "xf":
            continue
        format_id = style.get("numFmtId") or "0"
        code = custom.get(format_id) or BUILTIN_FORMATS.get(int(format_id) if format_id.isdigit() else -1)
        if (code and is_date_format(code)) or (format_id not in custom and format_id.isdigit() and int(format_id) in CJK_DATE_FORMATS):
            dates.add(index)
    return frozenset(dates)


def _free(element: etree._Element) -> None:
    """Drop a parsed element and the already-handled siblings before it (iterparse keeps them)."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


class SheetStream:
    """One pass over a worksheet part: rows of rendered cells, the hidden columns (filled
    from ``<cols>`` before the first row), the header/footer text."""

    def __init__(self, workbook: Workbook) -> None:
        ns = f"{{{workbook.namespace}}}"
        self.workbook = workbook
        self.ns = ns
        self.tags = {name: ns + name for name in ("row", "c", "v", "f", "is", "col", "sheetFormatPr", "headerFooter", "dataValidation")}
        self.hidden_columns: set[int] = set()
        self.header_footer: list[tuple[str, str]] = []  # ("header" | "footer" | "data-validation", text)
        self.rows_hidden_by_default = False

    def rows(self, source: BinaryIO) -> Iterator[Row]:
        tags = self.tags
        watched = (tags["row"], tags["col"], tags["sheetFormatPr"], tags["headerFooter"], tags["dataValidation"])
        number = 0
        for _, element in etree.iterparse(source, tag=watched, resolve_entities=False, no_network=True):
            tag = element.tag
            if tag == tags["row"]:
                number = int(element.get("r") or number + 1)
                yield Row(number, self._cells(element), self._row_hidden(element))
            elif tag == tags["col"]:
                if element.get("hidden") in TRUE:
                    self.hidden_columns.update(range(int(element.get("min") or 1), int(element.get("max") or 1) + 1))
            elif tag == tags["sheetFormatPr"]:
                self.rows_hidden_by_default = element.get("zeroHeight") in TRUE
            elif tag == tags["dataValidation"]:
                self.header_footer.extend(("data-validation", text) for text in validation_texts(element))
            else:
                self.header_footer.extend(
                    ("footer" if local_name(child.tag).endswith("Footer") else "header", _HEADER_FOOTER_CODES.sub("", child.text or ""))
                    for child in element
                )
            _free(element)

    def _row_hidden(self, row: etree._Element) -> bool:
        hidden = row.get("hidden")
        if hidden is not None:
            return hidden in TRUE
        # zeroHeight: rows are hidden unless given a height of their own
        return self.rows_hidden_by_default and row.get("ht") is None

    def _cells(self, row: etree._Element) -> list[Cell]:
        cells = []
        column = 0
        tag_c = self.tags["c"]
        for element in row:
            if element.tag != tag_c:
                continue
            reference = element.get("r")
            column = column_index(reference.rstrip("0123456789")) if reference else column + 1
            cell = self._cell(element, column)
            if cell is not None:
                cells.append(cell)
        return cells

    def _cell(self, element: etree._Element, column: int) -> Cell | None:
        tags = self.tags
        value = formula = inline = None
        for child in element:
            if child.tag == tags["v"]:
                value = child.text
            elif child.tag == tags["f"]:
                formula = child.text
            elif child.tag == tags["is"]:
                inline = child
        kind = element.get("t") or "n"
        if kind == "inlineStr":
            text = string_item_text(inline, self.ns) if inline is not None else None
        elif value is None:
            text = None
        elif kind == "s":
            text = self.workbook.strings[int(value)]
        elif kind == "b":
            text = "TRUE" if value.strip() in TRUE else "FALSE"
        elif kind == "n":
            return self._number(value, element.get("s"), column)
        else:  # str (a formula's text result), e (an error), d (ISO date)
            text = unescape(value)
        if not text and formula:  # never calculated: its constants are all there is
            text = joined_constants(formula) or "=" + formula
        return Cell(column, text) if text and not text.isspace() else None

    def _number(self, value: str, style: str | None, column: int) -> Cell:
        if style and style.isdigit() and int(style) in self.workbook.date_styles:
            try:
                return Cell(column, date_text(from_excel(float(value), self.workbook.epoch)))
            except (ValueError, OverflowError):
                pass  # a serial outside the calendar: shown as the number it is
        text, rounded = number_text(value)
        return Cell(column, text, rounded)


def validation_texts(validation: etree._Element) -> list[str]:
    """A data validation's formulas as text: a list's choices without their quotes
    (`"甲,乙"` → `甲,乙`), a range or a formula as written."""
    texts = []
    for child in validation:
        text = (child.text or "").strip() if local_name(child.tag) in ("formula1", "formula2") else ""
        if text:
            texts.append(unescape(text[1:-1].replace('""', '"') if len(text) > 1 and text[0] == text[-1] == '"' else text))
    return texts


def sheet_of(package: Package, workbook: Workbook, name: str, part: str, hidden: bool) -> Sheet:
    stream = SheetStream(workbook)

    def rows() -> Iterator[Row]:
        with package.stream(part) as source:
            yield from stream.rows(source)

    sheet = Sheet(name, hidden, rows(), hidden_columns=stream.hidden_columns)
    sheet.comments = _lazy(lambda: comments_of(package, part, workbook))
    sheet.extra = _lazy(lambda: stream.header_footer)
    return sheet


def _lazy(make: Callable[[], list]) -> Iterator:
    """An iterable computed when first iterated (after the rows have been read)."""
    yield from make()


def comments_of(package: Package, sheet_part: str, workbook: Workbook) -> list[Comment]:
    ns = f"{{{workbook.namespace}}}"
    comments = []
    for _, kind, target in package.relationships(sheet_part):
        if kind != "comments":
            continue
        root = package.xml(target)
        for comment in root.iter(ns + "comment") if root is not None else ():
            row, column = split_reference(comment.get("ref") or "A1")
            text = comment.find(ns + "text")
            comments.append(Comment(row, column, string_item_text(text, ns) if text is not None else ""))
    return comments


def comment_authors(package: Package, workbook: Workbook) -> list[str]:
    """Who wrote the cell comments (often a person's name), once each."""
    ns = f"{{{workbook.namespace}}}"
    authors: list[str] = []
    for _, sheet_part, _ in workbook.sheets:
        for _, kind, target in package.relationships(sheet_part):
            root = package.xml(target) if kind == "comments" else None
            for author in root.iter(ns + "author") if root is not None else ():
                if author.text and author.text.strip() and author.text not in authors:
                    authors.append(author.text)
    return [f"comment_author: {author}" for author in authors]


def properties(package: Package) -> list[str]:
    """Document properties as ``name: value`` lines: who wrote and edited the file, etc."""
    lines = []
    core = package.xml(CORE_PROPERTIES)
    names = {"creator": "author", "lastModifiedBy": "last_modified_by", "title": "title", "subject": "subject",
             "keywords": "keywords", "description": "comments", "category": "category"}
    for element in core.iter() if core is not None else ():
        field = names.get(local_name(element.tag))
        if field and element.text and element.text.strip():
            lines.append(f"{field}: {element.text.strip()}")
    app = package.xml(APP_PROPERTIES)
    for element in app.iter() if app is not None else ():
        if local_name(element.tag) in {"Company", "Manager"} and element.text and element.text.strip():
            lines.append(f"{local_name(element.tag).lower()}: {element.text.strip()}")
    return lines + custom_properties(package.xml(CUSTOM_PROPERTIES))


def loose_text(root: etree._Element) -> Iterator[str]:
    """Every text node and ``v`` attribute of a drawing, chart, pivot cache or external link
    part (pivot records hold values as ``<s v="…"/>``; ``<x v="…"/>`` is an index, skipped)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local_name(element.tag)
        value = element.get("v") if name != "x" else None
        for text in (element.text, value):
            if text and text.strip():
                text = unescape(text.strip())
                yield number_text(text)[0] if _FLOAT_LITERAL.fullmatch(text) else text


def loose_sections(package: Package, problems: list[str]) -> Iterator[Section]:
    for name in sorted(package.names):
        part = next((label for folder, label in LOOSE_PARTS if name.startswith(folder)), None)
        if part is None or not name.endswith(".xml") or "/_rels/" in name:
            continue
        try:
            root = package.xml(name)
        except PART_ERRORS as error:
            problems.append(f"{name}: corrupt part ({type(error).__name__}), not screened")
            continue
        for text in loose_text(root):
            yield Section(text, Location(part=part), cell=True)


def xlsx_sections(package: Package, workbook: Workbook, problems: list[str]) -> Iterator[Section]:
    for name, part, hidden in workbook.sheets:
        if part not in package.names:
            problems.append(f"sheet {name}: its part {part} is missing")
            continue
        try:
            # chartsheets and dialog sheets have no sheetData: they yield no rows
            yield from sheet_sections(sheet_of(package, workbook, name, part, hidden), problems)
        except PART_ERRORS as error:
            problems.append(f"sheet {name}: corrupt or truncated part ({type(error).__name__}), not fully screened")
    yield from loose_sections(package, problems)
    try:
        metadata = properties(package) + workbook.defined_names + comment_authors(package, workbook)
    except PART_ERRORS as error:
        problems.append(f"document properties or comments: corrupt part ({type(error).__name__}), not screened")
        metadata = workbook.defined_names
    if metadata:
        yield Section("\n".join(metadata), Location(part="metadata"))


def embedded_documents(package: Package, context: ReadContext) -> Iterator[tuple[str, Document]]:
    """Embedded files as attachment documents, and images worth OCR (member = part name)."""
    from screening.sources.formats import open_document
    from screening.sources.images import read_image_part

    for name in sorted(package.names):
        if name.endswith("/"):
            continue
        if name.startswith("xl/embeddings/"):
            if context.depth >= context.limits.max_depth:
                yield name, unread(f"embedded file not screened: nested deeper than {context.limits.max_depth}")
                continue
            try:
                yield name, open_document(io.BytesIO(package.read(name)), name, context.limits, context.depth + 1)
            except TimeLimitExceeded:
                raise
            except UnreadableInput as error:
                yield name, unread(str(error))
        elif name.startswith("xl/media/"):
            image = read_image_part(package.read(name), context.limits.ocr)
            if image is not None:
                yield name, image


def read_xlsx(raw: BinaryIO, context: ReadContext) -> Document:
    archive = open_zip(raw, "xlsx")
    check_package(archive, context.limits, "xlsx")
    if len(archive.infolist()) > context.limits.max_members:
        raise UnreadableInput(f"xlsx has {len(archive.infolist())} parts, over the limit of {context.limits.max_members}")
    package = Package(archive)
    try:
        workbook = read_workbook(package)
    except PART_ERRORS as error:
        raise UnreadableInput(f"corrupt or truncated xlsx: workbook parts unreadable ({type(error).__name__})") from None
    main = SectionDocument([])
    main.sections = xlsx_sections(package, workbook, main.problems)
    if not any(name.startswith(EMBEDDED_FOLDERS) for name in package.names):
        return main  # the common case: no per-block relocation by CompositeDocument
    return CompositeDocument(itertools.chain([("", main)], embedded_documents(package, context)), [])
