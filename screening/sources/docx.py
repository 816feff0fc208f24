"""Word documents (.docx): every place a person could recover text from.

python-docx opens the package, gives its parts by relationship and the core
properties, but it reads only what Word shows: it skips tracked deletions (`w:del` /
`w:delText` — text deleted with track changes on is still in the file), does not
tell hidden text (`w:vanish`) or tracked insertions apart, and has no footnotes,
comments or text boxes. So the parts' XML is walked here with lxml (entities not
resolved, no network), and each piece of text is given its `part`:

- body paragraphs (`paragraph` = the body paragraph number) and tables (one block per
  cell, merged cells once, the first row as column headers);
- header, footer, footnote, endnote, comment, text-box;
- tracked-deletion, tracked-insertion, hidden-text (kept apart from the visible text,
  so the report says where the value hides);
- metadata: every core property that holds text (author, last modified by, title,
  identifier, status, version …) and the custom properties (docProps/custom.xml);
- alt-text: the description and title a picture or shape carries (`wp:docPr`, `pic:cNvPr`),
  which Word shows only in a dialog;
- link: the targets of hyperlinks and other external relationships (a query string such
  as `?sfzh=…` is published with the link);
- embedded files (word/embeddings: an Excel roster pasted as an object) and alternative
  format chunks (`w:altChunk`: an HTML, RTF or text part Word renders into the body) read
  as attachments, and images OCRed per the OCR mode (word/media).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from urllib.parse import unquote

from lxml import etree

from screening.model import Location
from screening.sources.delimited import is_header_row
from screening.sources.document import (
    CompositeDocument,
    Document,
    ReadContext,
    Section,
    SectionDocument,
    unread,
)
from screening.sources.encoding import UnreadableInput
from screening.sources.ooxml import custom_properties
from screening.sources.zipguard import check_package, check_xml_parts, open_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STORY_PARTS = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote", "comments": "comment"}
FLOW_PARAGRAPHS = 400  # paragraphs per flow section: sections stay small, blocks merge inside them
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT = (_w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
T, DEL_TEXT, TAB, BR, CR = (_w(t) for t in ("t", "delText", "tab", "br", "cr"))
R, RPR, VANISH, INS, DEL, MOVE_FROM = (_w(t) for t in ("r", "rPr", "vanish", "ins", "del", "moveFrom"))
TXBX = _w("txbxContent")
FALLBACK = f"{{{MC}}}Fallback"
CONTAINERS = {_w(t) for t in ("document", "body", "hdr", "ftr", "comments", "comment", "footnotes", "footnote", "endnotes", "endnote", "sdt", "sdtContent", "customXml", "smartTag")}
SKIPPED = {_w("pPr"), _w("rPr"), _w("instrText"), TXBX, FALLBACK, TBL}


@dataclass
class ParagraphText:
    """A paragraph's text, split by where it hides."""

    texts: dict[str, list[str]] = field(default_factory=lambda: {"body": [], "tracked-deletion": [], "tracked-insertion": [], "hidden-text": []})

    def of(self, part: str) -> str:
        return "".join(self.texts[part])


def _is_on(element: etree._Element | None) -> bool:
    return element is not None and element.get(_w("val"), "true") not in {"0", "false", "off"}


def _walk(element: etree._Element, part: str, out: ParagraphText) -> None:
    """Collect the text under `element` into `out`, by part. Text boxes, nested tables and
    the Fallback copy of drawings are skipped (read on their own / duplicates)."""
    for child in element:
        tag = child.tag
        if tag in SKIPPED:
            continue
        if tag == T:
            out.texts[part].append(child.text or "")
        elif tag == DEL_TEXT:
            out.texts["tracked-deletion"].append(child.text or "")
        elif tag == TAB:
            out.texts[part].append("\t")
        elif tag in (BR, CR):
            out.texts[part].append(" ")  # a soft break stays inside the paragraph: numbering holds
        elif tag == R:
            properties = child.find(RPR)
            hidden = properties is not None and _is_on(properties.find(VANISH))
            _walk(child, "hidden-text" if hidden and part == "body" else part, out)
        elif tag == INS:
            _walk(child, "tracked-insertion" if part == "body" else part, out)
        elif tag in (DEL, MOVE_FROM):
            _walk(child, "tracked-deletion", out)
        else:
            _walk(child, part, out)


def paragraph_text(paragraph: etree._Element) -> ParagraphText:
    out = ParagraphText()
    _walk(paragraph, "body", out)
    return out


class StoryReader:
    """Sections of one story (the body, a header, the comments …) in document order."""

    def __init__(self, part: str, line_key: str = "paragraph") -> None:
        self.part = part
        self.line_key = line_key
        self.number = 0  # paragraphs seen in this story
        self.flow: list[str] = []
        self.flow_start = 1
        self.side: list[Section] = []
        self.tables = 0  # tables seen in this story: rows restart in each

    def paragraph(self, element: etree._Element) -> Iterator[Section]:
        self.number += 1
        if not self.flow:
            self.flow_start = self.number
        text = paragraph_text(element)
        self.flow.append(text.of("body"))
        for part in ("tracked-deletion", "tracked-insertion", "hidden-text"):
            hidden = text.of(part)
            if hidden.strip():
                self.side.append(Section(hidden, Location(part=part), first_line=self.number, line_key="paragraph"))
        if len(self.flow) >= FLOW_PARAGRAPHS:
            yield from self.flush()

    def flush(self) -> Iterator[Section]:
        if any(line.strip() for line in self.flow):
            location = Location(part=self.part)
            yield Section("\n".join(self.flow), location, first_line=self.flow_start, line_key=self.line_key)
        self.flow = []
        yield from self.side
        self.side = []

    def children(self, container: etree._Element) -> Iterator[Section]:
        for child in container:
            if child.tag == P:
                yield from self.paragraph(child)
            elif child.tag == TBL:
                yield from self.flush()
                self.tables += 1
                yield from table_sections(child, self.part, self.tables)
            elif child.tag in CONTAINERS:
                yield from self.children(child)

    def story(self, root: etree._Element) -> Iterator[Section]:
        """A whole story (w:document, w:hdr, w:comments …), then its text boxes."""
        yield from self.children([root])
        yield from self.flush()
        yield from text_box_sections(root)


def _cell_text(cell: etree._Element) -> ParagraphText:
    merged = ParagraphText()
    for index, paragraph in enumerate(cell.iter(P)):
        text = paragraph_text(paragraph)
        for part, pieces in text.texts.items():
            if index and pieces:
                merged.texts[part].append("\n")
            merged.texts[part].extend(pieces)
    return merged


def _grid_span(cell: etree._Element) -> int:
    span = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
    try:
        return max(1, int(span.get(_w("val"), "1"))) if span is not None else 1
    except ValueError:
        return 1


def _continues_merge(cell: etree._Element) -> bool:
    """A vertically merged cell below the first: its text belongs to the cell above."""
    merge = cell.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return merge is not None and merge.get(_w("val"), "continue") != "restart"


def table_cells(table: etree._Element, story_part: str, number: int) -> Iterator[tuple[etree._Element, Location, str | None]]:
    """Each cell of a table once (a merged cell at its first grid column), with its Location
    and its column header: the first row's text, when that row reads as a header row. The
    reader and the redactor (screening.redact.docx) both walk tables through this."""
    part = "table" if story_part == "body" else story_part
    headers: list[str] = []
    for row_number, row in enumerate(table.iter(TR), start=1):
        column = 0
        cells = []
        for cell in row.findall(TC):
            span = _grid_span(cell)
            if not _continues_merge(cell):
                cells.append((column, cell))
            column += span
        if row_number == 1:
            first = [_cell_text(cell).of("body").strip() for _, cell in cells]
            if is_header_row(first):
                headers = [""] * (column + 1)
                for (index, _), label in zip(cells, first):
                    headers[index] = label
        for index, cell in cells:
            header = headers[index] if row_number > 1 and index < len(headers) and headers[index] else None
            yield cell, Location(part=part, table=number, row=row_number, column=header or str(index + 1)), header


def table_sections(table: etree._Element, story_part: str, number: int) -> Iterator[Section]:
    """A section per cell (merged cells once), with the first row's text as column headers
    when it reads as a header row."""
    for cell, location, header in table_cells(table, story_part, number):
        text = _cell_text(cell)
        if text.of("body").strip():
            yield Section(text.of("body"), location, header=header, cell=True)
        for hidden_part in ("tracked-deletion", "tracked-insertion", "hidden-text"):
            if text.of(hidden_part).strip():
                hidden = Location(part=hidden_part, table=location.table, row=location.row, column=location.column)
                yield Section(text.of(hidden_part), hidden, header=header, cell=True)


def text_box_sections(root: etree._Element) -> Iterator[Section]:
    """Text boxes (shapes with text), each once: the VML Fallback copy is skipped."""
    for box in root.iter(TXBX):
        if not any(ancestor.tag == FALLBACK for ancestor in box.iterancestors()):
            reader = StoryReader("text-box")
            yield from reader.children(box)
            yield from reader.flush()


CORE_TEXT_FIELDS = (
    "author", "last_modified_by", "title", "subject", "keywords", "comments", "category", "identifier",
    "content_status", "version", "language",
)
CUSTOM_PROPERTIES = "/docProps/custom.xml"


def properties_section(document) -> Section | None:
    """Every core property holding text, then the custom properties, as `name: value` lines."""
    properties = document.core_properties
    lines = [f"{name}: {value}" for name in CORE_TEXT_FIELDS if (value := getattr(properties, name, None))]
    custom = next((part for part in document.part.package.iter_parts() if part.partname == CUSTOM_PROPERTIES), None)
    if custom is not None:
        lines += custom_properties(_parse(custom.blob))
    return Section("\n".join(lines), Location(part="metadata")) if lines else None


def alt_text_section(roots: list[etree._Element]) -> Section | None:
    """The descriptions and titles pictures and shapes carry, once each."""
    lines: dict[str, None] = {}
    for root in roots:
        for element in root.iter("{*}docPr", "{*}cNvPr"):
            for name in ("descr", "title"):
                value = (element.get(name) or "").strip()
                if value:
                    lines[value] = None
    return Section("\n".join(lines), Location(part="alt-text")) if lines else None


def link_section(parts: list) -> Section | None:
    """Targets of the hyperlinks (and other external relationships) of the stories, readable
    (percent-escapes undone), once each."""
    lines: dict[str, None] = {}
    for part in parts:
        for relationship in part.rels.values():
            if relationship.is_external and relationship.target_ref.strip():
                lines[unquote(relationship.target_ref.strip())] = None
    return Section("\n".join(lines), Location(part="link")) if lines else None


def _parse(blob: bytes) -> etree._Element:
    try:
        return etree.fromstring(blob, SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise UnreadableInput(f"corrupt docx part: {error.msg}") from None


def _element_of(part) -> etree._Element:
    """A part's XML tree: the one python-docx already parsed (entities unresolved) when it
    has one — its `blob` would serialise that tree only for us to parse it again."""
    element = getattr(part, "element", None)
    return element if element is not None else _parse(part.blob)


def _related_parts(document_part) -> Iterator[tuple[str, object]]:
    """(relationship kind, part) for each distinct part the main document refers to."""
    seen: set[str] = set()
    for relationship in document_part.rels.values():
        if relationship.is_external:
            continue
        kind = relationship.reltype.rsplit("/", 1)[-1]
        part = relationship.target_part
        if str(part.partname) not in seen:
            seen.add(str(part.partname))
            yield kind, part


def docx_sections(document) -> Iterator[Section]:
    main = _element_of(document.part)
    yield from StoryReader("body").story(main)
    roots, parts = [main], [document.part]
    for kind, part in _related_parts(document.part):
        if kind in STORY_PARTS:
            roots.append(_element_of(part))
            parts.append(part)
            yield from StoryReader(STORY_PARTS[kind]).story(roots[-1])
    for section in (alt_text_section(roots), link_section(parts), properties_section(document)):
        if section:
            yield section


def embedded_documents(document, context: ReadContext) -> Iterator[tuple[str, Document]]:
    """Embedded files and large images, as attachment documents (member = their part name)."""
    from screening.sources.images import read_image_part

    for kind, part in _related_parts(document.part):
        name = str(part.partname).lstrip("/")
        if kind in {"package", "oleObject", "aFChunk"}:
            if context.depth >= context.limits.max_depth:
                yield name, unread(f"embedded file not screened: nested deeper than {context.limits.max_depth} levels")
            else:
                yield name, _attachment(part.blob, name, context)
        elif kind == "image":
            image_document = read_image_part(part.blob, context.limits.ocr)
            if image_document is not None:
                yield name, image_document


def _attachment(data: bytes, name: str, context: ReadContext) -> Document:
    from screening.sources.formats import open_document

    try:
        return open_document(io.BytesIO(data), name, context.limits, context.depth + 1)
    except UnreadableInput as error:
        return unread(str(error))


def read_docx(raw: BinaryIO, context: ReadContext) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    package = open_zip(raw, "docx")
    check_package(package, context.limits, "docx")
    check_xml_parts(package, context.limits, "docx")
    raw.seek(0)
    try:
        document = docx.Document(raw)
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise UnreadableInput(f"corrupt docx: {type(error).__name__}") from None
    main = SectionDocument(docx_sections(document))
    return CompositeDocument(itertools.chain([("", main)], embedded_documents(document, context)), [])
