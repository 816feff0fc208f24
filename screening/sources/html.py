"""HTML pages: .html/.htm/.shtml/.xhtml, and the ".xls"/".doc"/".pdf" files that are really HTML
(a CMS "Excel export", an error page saved under the attachment's name).

Parser: lxml's HTML parser (libxml2; the parser lxml.html wraps), already installed as
python-docx's XML parser, so no new dependency. It recovers from the malformed markup CMS
editors produce. It parses a page whole into a tree, several times the page's size in
memory, so a page over MAX_HTML_BYTES (100 MB) is reported as not screened rather than
parsed; a 50 MB page is fine. Two libxml2 limits would otherwise drop text *silently* — a
text node over 10 MB, nesting deeper than 256 elements — so the parser runs with
`huge_tree`, and a fatal parser error (parsing stops there) is a problem: the page is then
`error`, never `pass`.

Charset: a BOM; else valid UTF-8 is UTF-8 (CMS templates often declare gb2312 over UTF-8
content); else the `<meta charset>` / `http-equiv` / XML declaration in the first 4 KB
(GB2312/GBK widened to GB18030, their superset); else `detect_encoding`. A declared
Western charset (latin-1, ascii) on a non-UTF-8 page is not trusted: on a Chinese site it
is a misconfiguration, and decoding GBK as latin-1 would hide every Chinese label.

What is screened, and where it is reported (Location.part):

- body: visible text. Block-level elements and `<br>` end lines, inline elements join (so
  `<span>3401</span><span>04…</span>` stays one number), whitespace collapses as a browser
  shows it (`<pre>` keeps it). SVG `<text>` is read as visible text. Line numbers count
  lines of the visible text, tables excluded.
- table: each cell of a *data* table is a block of its own, with its column header (a
  `<th>` row, or a first row of short labels) as context, so a 身份证号 column labels every
  value. A label in the cell to the left (a form table: 身份证号 | value) is added to that
  context. Tables holding other tables or long cells are page layout (old CMS templates lay
  out whole pages in tables): their text flows as body.
- hidden-text: elements hidden inline (`style="display:none"`, `visibility:hidden`, the
  `hidden` attribute, `<template>`) and `<input type=hidden>` values — unseen in a browser,
  but published all the same. ASP.NET's `__VIEWSTATE`-style fields are skipped: base64
  blobs, not text. Elements hidden through a stylesheet class cannot be told and are body.
- comment: HTML comments (forgotten template blocks, editors' notes).
- metadata: `<title>`, `<meta name/property=… content>` (author, keywords, the ArticleTitle
  / ContentSource fields of government sites), and `alt` / `title` attributes.
- attachment: links to documents, archives and images (by the URL's suffix, also in a
  query like pdf.js's `?file=`), listed as "link text URL" — never fetched. The file name in
  a link (张三身份证复印件.jpg) is itself published.
- attribute: `data-*` attributes (a CMS template keeps a row's record in them), as
  "name: value".
- link: link URLs with a query string holding a long number (`detail.jsp?sfzh=…`),
  percent-escapes undone: the query is published with the page.
- script, style: inline `<script>` and `<style>` text — not shown, but published. Only
  the stretches around a run of 6 or more digits are screened (40 characters before, for
  the `sfzh: "` label, and 10 after): a page's scripts run to hundreds of kilobytes of
  code whose only personal data would be such values.
- image-ocr: images embedded as `data:` URIs (pasted into a CMS editor) are OCRed like
  images in other documents; linked images are not fetched.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import io
import re
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from screening.model import Location
from screening.sources.document import ReadContext, Section, SectionDocument
from screening.sources.encoding import (
    SAMPLE_BYTES,
    UnreadableInput,
    control_ratio,
    detect_encoding,
)
from screening.sources.timeout import TimeLimitExceeded

MAX_HTML_BYTES = 100 * 1024 * 1024
PRESCAN_BYTES = 4096  # where a page declares its charset (HTML itself says 1024; CMS heads run longer)
MAX_REPLACED_RATIO = 0.01
MAX_CONTROL_RATIO = 0.05
LONG_CELL_CHARS = 1000  # a cell longer than this is page layout, not a data table
LABEL_CHARS = 20  # a header or form label is short
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534  # the HTML spec's own caps
MAX_COLUMNS = 1000  # columns a table's spans are laid out over

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "noframes",
    "noscript", "ol", "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td",
    "textarea", "tfoot", "th", "thead", "tr", "ul", "listing", "xmp", "plaintext",
})
PRE_TAGS = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
DROPPED_TAGS = frozenset({"link", "base", "iframe", "frame", "object", "embed", "math", "canvas"})
CODE_TAGS = frozenset({"script", "style"})  # read apart: only around long numbers
HANDLED_TAGS = DROPPED_TAGS | CODE_TAGS | {"br", "input", "title", "meta", "table"}
LINK_ATTRIBUTES = {"a": "href", "area": "href", "iframe": "src", "frame": "src", "embed": "src", "object": "data"}
ATTACHMENT_SUFFIXES = (
    ".doc", ".docx", ".xls", ".xlsx", ".pdf", ".ofd", ".zip", ".rar", ".7z", ".wps", ".et", ".dps",
    ".ppt", ".pptx", ".csv", ".txt", ".rtf", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff",
)
# <meta name=…> that are browser or crawler settings, not content.
TECHNICAL_META = frozenset({
    "viewport", "robots", "googlebot", "renderer", "format-detection", "theme-color", "referrer",
    "apple-mobile-web-app-capable", "apple-mobile-web-app-status-bar-style", "msapplication-tilecolor",
    "force-rendering", "x-ua-compatible", "color-scheme", "generator", "google", "baidu-site-verification",
    "google-site-verification", "360-site-verification", "sogou_site_verification", "handheldfriendly",
})
# Form state fields of ASP.NET WebForms: kilobytes of base64 on every page of such a site.
OPAQUE_INPUTS = re.compile(
    r"__(VIEWSTATE|EVENTVALIDATION|EVENTTARGET|EVENTARGUMENT|PREVIOUSPAGE|REQUESTDIGEST)", re.IGNORECASE
)

_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LONG_DIGITS = re.compile(r"\d{5,}")
_CODE_NUMBER = re.compile(r"[0-9０-９]{6,}")
CODE_BEFORE, CODE_AFTER = 40, 10  # characters kept around a number in a script or style
_LEADING_NUMBER = re.compile(r"\s*(\d{1,6})")  # a bounded int(): colspan="9…9" (5000 digits) raises
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_DATA_IMAGE = re.compile(r"data:image/(?!svg)[\w.+-]+;base64,", re.IGNORECASE)
_GB_NAMES = frozenset({"x-gbk", "gb_2312-80", "gb2312-80", "x-euc-cn"})  # names Python does not know
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252"})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # UTF-32 LE starts as UTF-16 LE


# ---- charset -------------------------------------------------------------------------

def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in its first bytes, as a Python codec name.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb18030'
    >>> declared_charset(b'<?xml version="1.0" encoding="UTF-8"?><html>')
    'utf-8'
    >>> declared_charset(b'<meta charset="no-such-codec">') is None
    True
    """
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec in {"gb2312", "gbk", "gb18030"}:
        return "gb18030"
    # A meta tag read as ASCII cannot truly be UTF-16 (the HTML spec reads it as UTF-8).
    return None if codec.startswith(("utf-16", "utf-32")) else codec


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and the codec used. Raises UnreadableInput for binary or undecodable bytes."""
    sample, complete = data[:SAMPLE_BYTES], len(data) <= SAMPLE_BYTES
    if data.startswith(_BOMS):
        encoding = detect_encoding(sample, complete)
    else:
        try:
            return _checked(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            pass
        declared = declared_charset(data[:PRESCAN_BYTES])
        # Declared UTF-8 or Western on bytes that are not UTF-8: the declaration is wrong.
        trusted = declared is not None and declared != "utf-8" and declared not in _WESTERN
        encoding = declared if trusted else detect_encoding(sample, complete)
    return _checked(data.decode(encoding, errors="replace"), encoding)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if text and text.count("\ufffd") / len(text) > MAX_REPLACED_RATIO:
        raise UnreadableInput(f"undecodable bytes: too many characters could not be decoded as {encoding}")
    if control_ratio(text[:SAMPLE_BYTES]) > MAX_CONTROL_RATIO:
        raise UnreadableInput("binary content: mostly control characters, not an HTML page")
    return text, encoding


# ---- collecting text -----------------------------------------------------------------

class _Lines:
    """Text gathered line by line: fragments join until a block boundary or a <br>."""

    def __init__(self, unique: bool = False) -> None:
        self.done: list[str] = []
        self.current: list[str] = []
        self.seen: set[str] | None = set() if unique else None  # metadata: each alt text once

    def add(self, text: str | None, pre: bool = False) -> None:
        if not text:
            return
        if not pre:
            self.current.append(_SPACES.sub(" ", text))
            return
        first, *rest = _NEWLINES.split(text)
        self.current.append(first)
        for part in rest:
            self.newline(hard=True)
            self.current.append(part)

    def newline(self, hard: bool = False) -> None:
        """End the current line; a hard break (<br>) keeps one blank line, as a paragraph gap."""
        line = "".join(self.current).strip()
        self.current = []
        if line:
            self.done.append(line)
        elif hard and self.done and self.done[-1]:
            self.done.append("")

    def entry(self, text: str | None) -> None:
        """A whole entry (a comment, a meta value) on lines of its own."""
        for line in _NEWLINES.split(text or ""):
            line = _SPACES.sub(" ", line).strip()
            if line and (self.seen is None or line not in self.seen):
                self.done.append(line)
                if self.seen is not None:
                    self.seen.add(line)

    def take(self) -> list[str]:
        self.newline()
        lines, self.done = self.done, []
        while lines and not lines[-1]:
            lines.pop()
        return lines


def _hidden(element, tag: str, keys: list[str]) -> bool:
    """Hidden inline, where a reader of the HTML can tell (not through a stylesheet class)."""
    if tag == "template":
        return True
    return bool(keys) and ("hidden" in keys or ("style" in keys and bool(_HIDDEN_STYLE.search(element.get("style")))))


def _label(text: str) -> str:
    """A header cell as one token: the context enhancer splits a header on spaces into columns."""
    return "".join(text.split())


def _looks_like_label(text: str) -> bool:
    """A short cell without a long number: a column header or a form field's label."""
    return 0 < len(text) <= LABEL_CHARS and not _LONG_DIGITS.search(text)


def _unquote(url: str) -> str:
    """A percent-encoded URL made readable: UTF-8, else GBK (old CMS encode file names in GBK)."""
    try:
        return unquote(url, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return unquote(url, encoding="gb18030", errors="replace")


def attachment_url(url: str | None) -> str | None:
    """The decoded URL when it points at a document, archive or image file.

    >>> attachment_url("/uploads/%E5%90%8D%E5%8D%95.xlsx?v=2")
    '/uploads/名单.xlsx?v=2'
    >>> attachment_url("/pdfjs/web/viewer.html?file=/files/a.PDF")
    '/pdfjs/web/viewer.html?file=/files/a.PDF'
    >>> attachment_url("/news/2024/index.html") is None
    True
    """
    if not url or url.lstrip().lower().startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a malformed URL ("http://[x") links nowhere
        return None
    candidates = [_unquote(parts.path)] + [value for _, value in parse_qsl(parts.query)]
    if any(candidate.lower().endswith(ATTACHMENT_SUFFIXES) for candidate in candidates):
        return _unquote(url.strip())
    return None


def code_numbers(code: str) -> list[str]:
    """The stretches of a script or style around each run of 6 or more digits, one a line.

    >>> code_numbers('var a = 1; var row = {sfzh: "110101199003077715"}; f(2024);')
    ['var a = 1; var row = {sfzh: "110101199003077715"}; f(2024']
    """
    stretches: list[list[int]] = []
    for match in _CODE_NUMBER.finditer(code):
        start, end = max(0, match.start() - CODE_BEFORE), match.end() + CODE_AFTER
        if stretches and start <= stretches[-1][1]:
            stretches[-1][1] = end
        else:
            stretches.append([start, end])
    return [_SPACES.sub(" ", code[start:end]).strip() for start, end in stretches]


def _span(cell, attribute: str, limit: int) -> int:
    value = cell.get(attribute)
    if not value:  # the usual case: no regex
        return 1
    match = _LEADING_NUMBER.match(value)
    return min(max(int(match.group(1)), 1), limit) if match else 1


def _grid(rows: list[list]) -> Iterator[tuple[int, int, object]]:
    """(row number from 1, column index from 0, cell) of each cell, rowspan/colspan applied.

    Spans stop at MAX_COLUMNS, so a hostile colspan=1000 rowspan=65534 costs at most that
    many steps a row.

    >>> [(row, column) for row, column, _ in _grid([[{"rowspan": "2"}, {}], [{}]])]
    [(1, 0), (1, 1), (2, 1)]
    """
    spanned: dict[int, int] = {}  # column -> rows (this one included) covered by a rowspan from above
    for number, cells in enumerate(rows, 1):
        column = 0
        for cell in cells:
            while spanned.get(column, 0) > 0:
                column += 1
            yield number, column, cell
            colspan = max(1, min(_span(cell, "colspan", MAX_COLSPAN), MAX_COLUMNS - column))
            rowspan = _span(cell, "rowspan", MAX_ROWSPAN)
            if rowspan > 1:
                for covered in range(column, column + colspan):
                    spanned[covered] = rowspan
            column += colspan
        if spanned:
            spanned = {column: left - 1 for column, left in spanned.items() if left > 1}


def is_data_table(table) -> bool:
    """A table of values (a 名单) rather than page layout: no nested table, short cells."""
    if table.find(".//table") is not None:
        return False
    cells = list(table.iter("td", "th"))
    return len(cells) >= 2 and all(len(_cell_text(cell)) <= LONG_CELL_CHARS for cell in cells)


def _cell_text(cell) -> str:
    """A cell's raw text; most cells are a bare text node, read without walking."""
    return (cell.text or "") if len(cell) == 0 else "".join(cell.itertext())


class _Page:
    """One walk over a page's tree, sorting its text into the parts it is reported in."""

    def __init__(self) -> None:
        self.flow: list[Section] = []  # body runs and table cells, in page order
        self.body_line = 1
        self.metadata = _Lines(unique=True)
        self.hidden = _Lines()
        self.comments = _Lines()
        self.attachments = _Lines(unique=True)
        self.attributes = _Lines(unique=True)
        self.links = _Lines(unique=True)
        self.code = {tag: _Lines(unique=True) for tag in CODE_TAGS}
        self.images: list[bytes] = []  # data: URI images, OCRed last
        self.tables = 0  # data tables seen: rows restart in each

    # lxml's iterwalk, not recursion: libxml2 allows 2048 levels, Python's stack would not;
    # and it walked a 5 MB page about twice as fast as a stack of children kept in Python.
    def walk(self, root, lines: _Lines, tables: bool) -> None:
        """Collect the content of `root` (its text and children, not its tail) into `lines`."""
        add, newline = lines.add, lines.newline
        pres: list = []  # the <pre> elements open: whitespace is kept inside them
        walker = etree.iterwalk(root, events=("start", "end", "comment"))
        for event, element in walker:
            if event == "start":
                if element is not root and self._special(element, lines, tables):
                    walker.skip_subtree()  # handled whole; its "end" still comes, for the tail
                    continue
                tag = element.tag
                if tag in BLOCK_TAGS:
                    newline()
                if tag in PRE_TAGS:
                    pres.append(element)
                if element.text:
                    add(element.text, bool(pres))
            elif event == "end":
                if element.tag in BLOCK_TAGS:
                    newline()
                if pres and pres[-1] is element:
                    pres.pop()
                if element.tail and element is not root:
                    add(element.tail, bool(pres))
            else:  # a comment: no "end" event, so its tail is read here
                self.comments.entry(element.text)
                if element.tail:
                    add(element.tail, bool(pres))

    def _special(self, element, lines: _Lines, tables: bool) -> bool:
        """Handle what is not plain flowing text; True when the element's subtree is done."""
        tag = element.tag
        if not isinstance(tag, str):  # an entity or processing instruction
            return True
        keys = element.keys()  # one call instead of a get() per attribute: most elements have none
        if keys:
            if "alt" in keys:
                self.metadata.entry(element.get("alt"))
            if "title" in keys:
                self.metadata.entry(element.get("title"))
            for key in keys:
                if key.startswith("data-"):
                    self.attributes.entry(f"{key}: {element.get(key)}")
        if tag == "img":
            self._data_image(element.get("src"))
        elif tag in LINK_ATTRIBUTES:
            self._attachment(element, element.get(LINK_ATTRIBUTES[tag]))
        # Nested hidden elements are already in hidden-text.
        if lines is not self.hidden and _hidden(element, tag, keys):
            self.walk(element, self.hidden, tables=False)
            self.hidden.newline()
            return True
        if tag not in HANDLED_TAGS:
            return False
        if tag in CODE_TAGS:
            self.code[tag].done.extend(code_numbers(element.text or ""))
        elif tag == "br":
            lines.newline(hard=True)
        elif tag == "input":
            self._input(element, lines)
        elif tag == "title":
            self.metadata.entry("".join(element.itertext()))
        elif tag == "meta":
            self._meta(element)
        elif tag == "table":
            if not (tables and is_data_table(element)):
                return False  # page layout: its text flows
            lines.newline()
            self._table(element, lines)
        return True

    def _input(self, element, lines: _Lines) -> None:
        value = element.get("value")
        kind = (element.get("type") or "text").lower()
        if not value or not value.strip() or kind in ("checkbox", "radio", "image", "file", "password"):
            return
        if kind != "hidden":
            lines.add(f" {value} ")  # a filled-in form field shows its value
            return
        name = element.get("name") or element.get("id") or ""
        if not OPAQUE_INPUTS.match(name):
            self.hidden.entry(f"{name}: {value}" if name else value)

    def _meta(self, element) -> None:
        name = (element.get("name") or element.get("property") or element.get("itemprop") or "").strip()
        content = element.get("content")
        if name and content and name.lower() not in TECHNICAL_META:
            self.metadata.entry(f"{name}: {content}")

    def _attachment(self, element, url: str | None) -> None:
        decoded = attachment_url(url)
        if decoded:
            text = _SPACES.sub(" ", "".join(element.itertext())).strip()
            self.attachments.entry(f"{text} {decoded}" if text else decoded)
        elif url and "?" in url and _CODE_NUMBER.search(url):
            self.links.entry(_unquote(url.strip()))

    def _data_image(self, src: str | None) -> None:
        match = _DATA_IMAGE.match(src or "")
        if not match:
            return
        try:
            self.images.append(base64.b64decode(src[match.end():]))
        except (binascii.Error, ValueError):
            self.images.append(b"")  # undecodable: reported when the images are read

    def flush_body(self, lines: _Lines) -> None:
        """The visible text gathered so far becomes a body section."""
        text_lines = lines.take()
        if text_lines:
            self.flow.append(Section("\n".join(text_lines), Location(part="body"), first_line=self.body_line))
            self.body_line += len(text_lines)

    def _table(self, table, body: _Lines) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.walk(caption, body, tables=False)
        self.flush_body(body)
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
        self.tables += 1
        cells = []
        for number, column, cell in _grid(rows):
            if len(cell) == 0:
                text = _SPACES.sub(" ", cell.text or "").strip()  # the usual bare cell, without a walk
            else:
                lines = _Lines()
                self.walk(cell, lines, tables=False)
                text = "\n".join(lines.take())
            cells.append((number, column, cell, text))
        headers, header_row = _headers(cells)
        previous_row, left = 0, None  # the label in the cell to the left, if it is one
        for number, column, _, text in cells:
            left = left if previous_row == number else None
            previous_row = number
            header = headers.get(column) if number > header_row else None
            context = f"{header}／{left}" if header and left else header or left
            left = _label(text) if _looks_like_label(text) else None
            if not text:
                continue
            location = Location(part="table", table=self.tables, row=number, column=header or str(column + 1))
            self.flow.append(Section(text, location, header=context, cell=True))


def _headers(cells: list[tuple[int, int, object, str]]) -> tuple[dict[int, str], int]:
    """Column index -> header label, and the header row's number (0: none).

    The header row is the first of the first three rows with two cells or more (a title row
    spanning the table comes before it), when it is all <th> or all short labels.
    """
    rows: dict[int, list[tuple[int, object, str]]] = {}
    for number, column, cell, text in cells:
        if number <= 3:
            rows.setdefault(number, []).append((column, cell, text))
    for number in sorted(rows):
        row = rows[number]
        if len(row) < 2:
            continue
        all_th = all(cell.tag == "th" for _, cell, _ in row)
        if not all_th and not all(_looks_like_label(text) or not text for _, _, text in row):
            return {}, 0
        headers = {}
        for column, cell, text in row:
            for covered in range(column, min(column + _span(cell, "colspan", MAX_COLSPAN), MAX_COLUMNS)):
                if text:
                    headers[covered] = _label(text)
        return headers, number
    return {}, 0


# ---- the reader ----------------------------------------------------------------------

def _parse(text: str):
    """The page's tree, and why parsing stopped early (None: it did not)."""
    # etree's HTMLParser is the libxml2 parser lxml.html wraps, without lxml.html's element
    # classes (a Python class lookup for every element the walk touches).
    parser = etree.HTMLParser(remove_comments=False, remove_pis=True, huge_tree=True, no_network=True)
    text = _XML_DECLARATION.sub("", text.replace("\x00", ""), count=1)
    if not text.strip():
        return None, None
    root = etree.fromstring(text, parser)
    if root is None:  # bare comments and no element: libxml2 returns no tree, so give it one
        root = etree.fromstring("<html>" + text, parser)
    fatal = [error for error in parser.error_log if error.level == etree.ErrorLevels.FATAL]
    # The message may quote the page; the type name and line do not.
    if not fatal:
        return root, None
    where = f"line {fatal[0].line} ({fatal[0].type_name})"
    return root, f"the HTML parser stopped at {where}: the rest of the page was not screened"


def _ocr_sections(images: list[bytes], mode: str, problems: list[str]) -> Iterator[Section]:
    """OCR of the page's data: URI images worth it; images that cannot be read are problems."""
    from screening.sources.images import _open_image
    from screening.sources.ocr import MIN_SIDE_AUTO, ocr_text, worth_ocr

    line = 1
    for number, data in enumerate(images, 1):
        try:
            image = _open_image(io.BytesIO(data))
        except TimeLimitExceeded:  # the file's deadline, not this image's fault
            raise
        except UnreadableInput as error:
            problems.append(f"embedded image {number}: {error}")
            continue
        width, height = image.size
        if worth_ocr(width, height, mode):
            text = ocr_text(image)
            if text.strip():
                yield Section(text, Location(part="image-ocr"), first_line=line)
                line += text.count("\n") + 1
        elif mode == "never" and min(width, height) >= MIN_SIDE_AUTO:
            problems.append(f"embedded image {number} not screened: OCR is off (--ocr never)")


def read_html(raw: BinaryIO, context: ReadContext) -> SectionDocument:
    data = raw.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        raise UnreadableInput(f"HTML page too large to parse: over {MAX_HTML_BYTES // (1024 * 1024)} MB")
    text, encoding = decode_html(data)
    document = SectionDocument([], encoding)
    root, stopped = _parse(text)
    if stopped:
        document.problems.append(stopped)
    if root is None:
        return document
    page = _Page()
    body = _Lines()
    page.walk(root, body, tables=True)
    page.flush_body(body)

    def sections() -> Iterator[Section]:
        yield from _part_section("metadata", page.metadata)
        yield from page.flow
        for part, lines in (
            ("hidden-text", page.hidden), ("comment", page.comments), ("attachment", page.attachments),
            ("attribute", page.attributes), ("link", page.links), *page.code.items(),
        ):
            yield from _part_section(part, lines)
        if page.images:
            yield from _ocr_sections(page.images, context.limits.ocr, document.problems)

    document.sections = sections()
    return document


def _part_section(part: str, lines: _Lines) -> Iterator[Section]:
    text_lines = lines.take()
    if text_lines:
        yield Section("\n".join(text_lines), Location(part=part))
