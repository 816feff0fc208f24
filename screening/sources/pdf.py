"""PDF files: the text of every page, the text hidden under boxes, scans, properties.

Two libraries, each for what it does best:

- **pdfplumber** (on pdfminer.six, pure Python) reads the text layer. pdfminer
  interprets a page into characters with their box, font and colour, and filled
  rectangles, paths, lines and images, all in *drawing order*; pdfplumber puts them in
  page coordinates and groups characters into words. That is what is needed to keep a
  table row on one line (姓名 身份证号 电话 together, so labels and header rows give
  context) and to tell a character under a black box drawn after it from one on a
  shaded table cell. Pages are interpreted one at a time as the page tree is walked;
  after each, its layout and pdfminer's cache of parsed objects (which would otherwise
  keep every image stream of a scanned file) are dropped, so memory stays flat on a
  200-page file. (pdfplumber's `page.chars` dicts are skipped: building them costs as
  much as interpreting the page.)
- **pypdfium2** (Chrome's PDFium) renders pages for OCR: pdfminer cannot rasterise, and
  PDFium decodes every image filter scanners use (JBIG2, CCITT fax, JPEG 2000). It is
  opened only when a page needs OCR. Its text API is faster than pdfminer but gives
  neither the drawing order of text and boxes nor pdfplumber's line grouping.

What each page gives, as `Section`s with `Location(page=N)`:

- part `body`: the visible text, lines numbered within the page (`line`). Words are
  grouped into lines by position (pdfplumber's default 3-point tolerances), left to
  right (whatever order they were drawn in), joined by a space. Characters overprinted to
  fake bold are read once (two copies of one glyph overlapping by more than half its
  width: the digits of a 1-pt number stay apart); a number drawn letter-spaced, its
  digits at uneven gaps so that it falls apart into pieces of one or two digits, is read
  as one number (see `letter_spaced_gaps`). Kangxi-radical code points some Chinese fonts
  map to (⾝ U+2FDD for 身) are read as the ordinary characters.
- part `covered-text`: characters still in the file but not visible — under an opaque
  box drawn *after* them (dark: a black redaction box; near-white: a white-out), under
  an un-applied Redact annotation, a dark Square/Circle/Polygon annotation or a dark
  highlight, or drawn in the colour of the box behind them (black text on black
  shading). A box drawn *before* the text in a contrasting colour is a background —
  grey table shading, a dark header with white text — and hides nothing. Mid-tone
  boxes drawn on top (a flattened yellow highlight, a grey watermark) are taken as
  translucent: pdfminer does not report opacity. A box over part of a number (the
  birth date of an ID) puts the whole number here, since all of it is in the file.
  One section per page line, not repeated in the body, labelled (`header`) with the
  visible word before the covered run, so 身份证号：█████ keeps its label.
- part `hidden-text`: near-white text on the paper or on a white box.
- part `comment`: annotation notes (/Contents); part `form-field`: filled form values
  ("field name：value") — pdfminer does not draw annotation appearances, so both are
  read from the annotation dictionaries.
- part `image-ocr`: OCR (RapidOCR, see screening.sources.ocr) of a page rendered at
  200 dpi, or of an image's region of it, per the OCR mode:

  - `auto`: pages without a text layer (under 10 readable characters, something drawn
    on them — a scan with a stamped page number counts as a scan) or whose glyphs have
    mostly no Unicode mapping; and, on pages with text, large images (≥ 5 % of the
    page, ≥ 300 px) with no text over them — an ID card photocopy pasted into a
    letter. Searchable scans (an image under an OCR text layer) are not OCRed again.
  - `always`: additionally every image of at least half an inch, text over it or not.
  - `never`: a page or image `auto` would OCR is a problem ("not screened"), so the
    file's verdict is `error`, never `pass`.

The document information entries (Author, Creator, Title, Subject, Keywords and custom
ones; not dates or Producer) are one `metadata` section at the end. A password-protected
or corrupt file raises UnreadableInput; a page that fails to parse, a file without
pages, or one without its end marker (truncated) is a problem — the rest is still
screened. Messages name error types only: pdfminer's messages can quote file content.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO

from screening.model import Location
from screening.sources.document import ReadContext, Section, SectionDocument
from screening.sources.encoding import UnreadableInput
from screening.sources.ocr import MAX_SIDE, ocr_text, worth_ocr
from screening.sources.timeout import TimeLimitExceeded

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF
    from PIL.Image import Image

Obj = dict[str, Any]  # a character or an image, keyed as pdfplumber keys its objects

LINE_TOLERANCE = 3.0  # points: pdfplumber's default for words on one line
MIN_TEXT_CHARS = 10  # fewer readable characters than this: the page has no text layer
MIN_DRAWN_CURVES = 20  # a page of this many paths (text converted to outlines) is not blank
UNMAPPED_SHARE = 0.3  # this share of (cid:N) glyphs: the text layer is unreadable
COVER_SHARE = 0.5  # a character is covered when a box hides half its area
DARK = 0.3  # luminance below this: a redaction box
PAPER = 0.97  # luminance at or above this: white-out, or paper-white text
INVISIBLE_CONTRAST = 0.2  # text this close to its background colour cannot be seen
NEAR_WHITE_TEXT = 0.9
OCR_DPI = 200
IMAGE_SHARE_AUTO = 0.05  # of the page area: smaller images (seals, logos) are not OCRed in auto
MIN_IMAGE_POINTS = 36  # half an inch: smaller images (bullets, icons) are never OCRed
WHOLE_PAGE_SHARE = 0.5  # images to OCR covering this much of the page: render it whole
GRID = 16.0  # points: cell size of the index that pairs boxes with the characters under them
MAX_REGIONS = 3  # more images to OCR on a page than this: render it whole
CROP_MARGIN = 4.0  # points around an image region, so text on its edge is whole
TAIL_BYTES = 4096  # where %%EOF must be: a file without it was cut short
LABEL_CHARS = 20
LETTER_SPACED_DIGITS = range(11, 20)  # a mobile (11) to a long bank card (19); an ID is 18
DOCUMENT_INFO_SKIPPED = frozenset({"Producer", "CreationDate", "ModDate", "Trapped"})
HIDDEN_ANNOTATION_FLAGS = 2 | 32  # Hidden, NoView
COVERING_ANNOTATIONS = {"Square": "IC", "Circle": "IC", "Polygon": "IC", "Highlight": "C"}

# Kangxi radicals and CJK radical supplements → the unified ideographs they stand for.
_RADICALS = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
    if unicodedata.normalize("NFKC", chr(code)) != chr(code)
}


def read_pdf(raw: BinaryIO, context: ReadContext) -> SectionDocument:
    """The sections of a PDF, read page by page as they are consumed."""
    truncated = not _has_end_marker(raw)
    pdf = _open(raw)
    document = SectionDocument([])
    if truncated:
        document.problems.append("pdf has no end marker (%%EOF): truncated? pages or objects may be missing")
    document.sections = _sections(pdf, raw, context, document.problems)
    return document


# --- opening ---------------------------------------------------------------------------


def _has_end_marker(raw: BinaryIO) -> bool:
    raw.seek(0, 2)
    size = raw.tell()
    raw.seek(max(0, size - TAIL_BYTES))
    tail = raw.read()
    raw.seek(0)
    return b"%%EOF" in tail


def _open(raw: BinaryIO) -> PDF:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        # raise_unicode_errors=False: an undecodable annotation note must not stop the file.
        return pdfplumber.open(raw, raise_unicode_errors=False)
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableInput("encrypted: cannot be screened (the pdf needs a password to open)") from None
        if isinstance(cause, PDFEncryptionError):
            raise UnreadableInput("encrypted: cannot be screened (unsupported pdf encryption)") from None
        raise UnreadableInput(f"corrupt or truncated pdf: {type(cause).__name__}") from None
    except (UnreadableInput, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types on broken files
        raise UnreadableInput(f"corrupt or truncated pdf: {type(error).__name__}") from None


def _sections(pdf: PDF, raw: BinaryIO, context: ReadContext, problems: list[str]) -> Iterator[Section]:
    renderer = _Renderer(raw)
    try:
        pages = 0
        for number, page in _pages(pdf, problems):
            pages += 1
            yield from _page_sections(page, number, context.limits.ocr, renderer, problems)
        if not pages:
            problems.append("no pages could be read: the pdf was not screened")
        metadata = metadata_section(pdf)
        if metadata:
            yield metadata
    finally:
        renderer.close()
        _close(pdf)


def _pages(pdf: PDF, problems: list[str]) -> Iterator[tuple[int, Page]]:
    """Pages one by one as the page tree is walked (pdfplumber's `pdf.pages` builds the
    whole list first): a tree broken half-way still gives its first pages."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    number = 0
    walk = PDFPage.create_pages(pdf.doc)
    while True:
        try:
            page_object = next(walk)
        except StopIteration:
            return
        except TimeLimitExceeded:
            raise
        except Exception as error:  # noqa: BLE001
            problems.append(f"pages after page {number} could not be found ({type(error).__name__}): not screened")
            return
        number += 1
        try:
            page = Page(pdf, page_object, page_number=number)
        except TimeLimitExceeded:
            raise
        except Exception as error:  # noqa: BLE001 - a page dictionary without a usable MediaBox
            problems.append(f"page {number}: could not be read ({type(error).__name__}), not screened")
            continue
        yield number, page


def _close(pdf: PDF) -> None:
    """pdfplumber's close() walks the page tree again to close every page; on a tree that
    broke while reading it breaks again — nothing is left to release then."""
    try:
        pdf.close()
    except TimeLimitExceeded:
        raise
    except Exception:  # noqa: BLE001, S110 - see the docstring
        pass


# --- one page --------------------------------------------------------------------------


@dataclass
class PageContent:
    """What a page draws, in drawing order (`seq`)."""

    chars: list[Obj] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # filled shapes and thick lines
    images: list[Obj] = field(default_factory=list)
    curves: int = 0
    unmapped: int = 0  # glyphs without Unicode: "(cid:123)"
    page: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # its box: x0, top, x1, bottom


@dataclass(frozen=True)
class Box:
    """Something opaque drawn over part of the page: a fill, a thick line, an annotation."""

    seq: float  # drawing order; annotations are drawn over all content (inf)
    x0: float
    top: float
    x1: float
    bottom: float
    luminance: float | None  # None: unknown colour (a pattern)
    redaction: bool = False  # a Redact annotation: covers whatever its colour


def _page_sections(page: Page, number: int, mode: str, renderer: _Renderer, problems: list[str]) -> list[Section]:
    """All sections of one page, built before any is yielded so a page that fails to
    parse is one problem, not half a page."""
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        content = page_content(page)
        annotations = _annotations(page, number, problems)
        content.boxes.extend(annotations.boxes)
        sections = text_sections(content, number)
        sections += annotations.sections
        sections += _ocr_sections(page, number, content, mode, renderer, problems)
        return sections
    except TimeLimitExceeded:
        raise
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        problems.append(f"page {number}: could not be read ({type(cause).__name__}), not screened")
        return []
    except Exception as error:  # noqa: BLE001 - one broken page must not hide the others
        problems.append(f"page {number}: could not be read ({type(error).__name__}), not screened")
        return []
    finally:
        _release(page)


def _release(page: Page) -> None:
    """Drop what reading the page kept: pdfplumber's layout of it, and pdfminer's cache of
    parsed objects — which would otherwise hold every image stream of a 500 MB scan for
    the life of the document. Objects shared by pages (the page tree) are parsed again
    when needed; fonts stay cached in pdfplumber's resource manager."""
    page.close()
    cache = getattr(page.pdf.doc, "_cached_objs", None)
    if isinstance(cache, dict):
        cache.clear()


def _layout_items(items: Any) -> Iterator[Any]:
    """pdfminer's layout objects in drawing order, form XObjects (LTFigure) opened in place."""
    from pdfminer.layout import LTContainer

    for item in items:
        if isinstance(item, LTContainer):
            yield from _layout_items(item)
        else:
            yield item


def page_content(page: Page) -> PageContent:
    """The page's characters, boxes and images, from pdfminer's layout objects.

    pdfplumber's own object dicts (`page.chars`) copy and resolve ~20 attributes per
    character — half the reading time of a dense page — so only what is used here is
    taken, in the coordinates pdfplumber uses (top measured down, x shifted by the
    MediaBox origin), which its word grouping expects.
    """
    from pdfminer.layout import LTChar, LTCurve, LTImage, LTLine, LTRect

    left, upper, right, lower = (float(v) for v in page.bbox)
    content = PageContent(page=(left, upper, right, lower))
    height, shift_x, shift_top = float(page.height), float(page.mediabox[0]), float(page.mediabox[1])
    for seq, item in enumerate(_layout_items(page.layout)):
        x0, x1 = item.x0 + shift_x, item.x1 + shift_x
        top, bottom = height - item.y1 + shift_top, height - item.y0 + shift_top
        if isinstance(item, LTChar):
            text = item.get_text()
            if text.startswith("(cid:"):
                content.unmapped += 1
                continue
            content.chars.append({
                "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "upright": item.upright, "fontname": item.fontname, "size": item.size,
                "non_stroking_color": item.graphicstate.ncolor, "seq": seq,
            })
        elif isinstance(item, LTLine):
            width = float(item.linewidth or 0)
            if item.stroke and width >= 2:  # a marker stroke; hairlines (borders, underlines) cover nothing
                half = width / 2
                content.boxes.append(Box(seq, x0 - half, top - half, x1 + half, bottom + half, luminance(item.stroking_color)))
        elif isinstance(item, LTCurve):  # LTRect too
            content.curves += not isinstance(item, LTRect)
            if item.fill:
                content.boxes.append(Box(seq, x0, top, x1, bottom, luminance(item.non_stroking_color)))
        elif isinstance(item, LTImage):
            content.images.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom, "srcsize": item.srcsize, "seq": seq})
    content.chars = dedupe(content.chars)
    return content


def dedupe(chars: list[Obj], tolerance: float = 1.0) -> list[Obj]:
    """Characters overprinted to fake bold (same glyph, font and size within `tolerance`
    points, and within half the glyph's width: at 1 pt two neighbouring 0s are 0.5 pt
    apart) kept once, the first drawn. pdfplumber's own dedupe_chars is quadratic; here
    the characters are sorted by glyph and height, and each is compared with the few
    before it of the same glyph less than `tolerance` higher.

    >>> a = {"text": "身", "x0": 10.0, "top": 5.0, "fontname": "F", "size": 12, "seq": 1}
    >>> [c["x0"] for c in dedupe([a, dict(a, x0=10.4, top=5.3, seq=2), dict(a, x0=22.0, seq=3)])]
    [10.0, 22.0]
    >>> tiny = dict(a, x1=10.5, size=1)
    >>> len(dedupe([tiny, dict(tiny, x0=10.5, x1=11.0, seq=2)]))  # two zeros side by side at 1 pt
    2
    """
    dropped: set[int] = set()
    window: deque[Obj] = deque()  # same glyph, at most `tolerance` above, by height
    for char in sorted(chars, key=itemgetter("text", "top")):
        if window and window[0]["text"] != char["text"]:
            window.clear()
        while window and char["top"] - window[0]["top"] > tolerance:
            window.popleft()
        near = min(tolerance, (char.get("x1", char["x0"] + 2 * tolerance) - char["x0"]) / 2)
        for other in window:
            if abs(other["x0"] - char["x0"]) < near and other["fontname"] == char["fontname"] and other["size"] == char["size"]:
                dropped.add(id(char) if char["seq"] > other["seq"] else id(other))
                break
        window.append(char)
    return [char for char in chars if id(char) not in dropped] if dropped else chars


# --- covered and hidden characters ------------------------------------------------------


def luminance(color: Any) -> float | None:
    """Relative luminance (0 black … 1 white) of a pdfminer colour: gray, RGB or CMYK
    components in 0–1; None for patterns and other colour spaces.

    >>> luminance((0,)), luminance(0.85), luminance((0, 0, 0, 1)), luminance((1.0, 1.0, 0.0))
    (0.0, 0.85, 0.0, 0.9278)
    >>> luminance("P1") is None
    True
    """
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return None
    values = [min(1.0, max(0.0, float(c))) for c in color]
    if len(values) == 1:
        return values[0]
    if len(values) == 4:
        c, m, y, k = values
        values = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    if len(values) == 3:
        return round(0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2], 4)
    return None


def _hides_from_above(box: Box) -> bool:
    """A box drawn over text hides it when it is dark (redaction) or paper-white (white-out);
    mid tones drawn on top are highlights and watermarks, usually translucent."""
    return box.redaction or (box.luminance is not None and (box.luminance < DARK or box.luminance >= PAPER))


def _share_covered(char: Obj, x0: float, top: float, x1: float, bottom: float) -> float:
    """How much of the character's box lies under the box (x0, top, x1, bottom), 0–1."""
    left, right, upper, lower = char["x0"], char["x1"], char["top"], char["bottom"]
    if right < x0 or left > x1 or lower < top or upper > bottom:  # apart: most pairs
        return 0.0
    area = (right - left) * (lower - upper)
    if area <= 0:  # a zero-size glyph whose point is on the box
        return 1.0
    width = min(right, x1) - max(left, x0)
    height = min(lower, bottom) - max(upper, top)
    return width * height / area


class _CharGrid:
    """Characters by the cells of a GRID-point grid their boxes touch, so that a box
    (an Excel export draws one per table cell) is compared only with the characters near
    it. Everything is clipped to the page: a path or a glyph may claim to span a mile."""

    def __init__(self, chars: list[Obj], page: tuple[float, float, float, float]) -> None:
        x0, top, x1, bottom = page
        self.limits = (x0 - GRID, top - GRID, x1 + GRID, bottom + GRID)
        self.cells: dict[tuple[int, int], list[Obj]] = {}
        for char in chars:
            for cell in self._cells(char["x0"], char["top"], char["x1"], char["bottom"]):
                self.cells.setdefault(cell, []).append(char)

    def _cells(self, x0: float, top: float, x1: float, bottom: float) -> Iterator[tuple[int, int]]:
        left, upper, right, lower = self.limits
        x0, top, x1, bottom = max(x0, left), max(top, upper), min(x1, right), min(bottom, lower)
        for column in range(int(x0 // GRID), int(x1 // GRID) + 1):
            for row in range(int(top // GRID), int(bottom // GRID) + 1):
                yield column, row

    def near(self, box: Box) -> list[Obj]:
        found: dict[int, Obj] = {}
        for cell in self._cells(box.x0, box.top, box.x1, box.bottom):
            for char in self.cells.get(cell, ()):
                found[id(char)] = char
        return list(found.values())


def mark_hidden(content: PageContent) -> None:
    """Set each character's "part": body, covered-text or hidden-text (see the module doc)."""
    chars = content.chars
    grid = _CharGrid(chars, content.page)
    backgrounds: dict[int, Box] = {}
    for char in chars:
        char["part"] = "body"
    for box in sorted(content.boxes, key=lambda b: b.seq):
        for char in grid.near(box):
            if _share_covered(char, box.x0, box.top, box.x1, box.bottom) < COVER_SHARE:
                continue
            if box.seq > char["seq"]:
                if _hides_from_above(box):
                    char["part"] = "covered-text"
            else:
                backgrounds[id(char)] = box  # boxes come in drawing order: the last one is on top
    shades: dict[Any, float | None] = {}  # a page has few colours and many characters
    for char in chars:
        if char["part"] != "body":
            continue
        ink = char.get("non_stroking_color")
        try:
            colour = shades[ink] if ink in shades else shades.setdefault(ink, luminance(ink))
        except TypeError:  # an unhashable colour value
            colour = luminance(ink)
        if colour is None:
            continue
        background = backgrounds.get(id(char))
        if background is not None:
            if background.luminance is not None and abs(colour - background.luminance) < INVISIBLE_CONTRAST:
                # Black on black shading looks like a redaction box; white on a white box is hidden text.
                char["part"] = "hidden-text" if background.luminance >= PAPER else "covered-text"
        elif colour >= NEAR_WHITE_TEXT and not _over_image(char, content.images):
            char["part"] = "hidden-text"


def _over_image(char: Obj, images: list[Obj]) -> bool:
    return any(
        image["seq"] < char["seq"] and _share_covered(char, image["x0"], image["top"], image["x1"], image["bottom"]) >= COVER_SHARE
        for image in images
    )


# --- lines -------------------------------------------------------------------------------


def page_lines(chars: list[Obj]) -> list[list[Obj | None]]:
    """The page's characters as lines top to bottom, each left to right, None between words."""
    from pdfplumber.utils import cluster_objects
    from pdfplumber.utils.text import extract_words

    if not chars:
        return []
    words = extract_words(chars, return_chars=True, x_tolerance=LINE_TOLERANCE, y_tolerance=LINE_TOLERANCE)
    lines = []
    for line in cluster_objects(words, itemgetter("top"), LINE_TOLERANCE):
        line = sorted(line, key=itemgetter("x0"))
        joined = letter_spaced_gaps(line)
        tokens: list[Obj | None] = []
        for index, word in enumerate(line):
            if tokens and not joined[index - 1]:
                tokens.append(None)
            tokens.extend(word["chars"])
        lines.append(tokens)
    return lines


def letter_spaced_gaps(words: list[Obj]) -> list[bool]:
    """For each gap between two words of a line (left to right): whether it lies inside a
    letter-spaced number. Digits drawn one by one at uneven gaps (character spacing, a
    justified line, a deliberate evasion) fall apart into pieces — `34 0 10 4 19 …` — that
    no pattern reads as one number. A run of pieces made only of digits, at gaps narrower
    than the font size, is one number when most pieces are a single digit and together they
    are as long as an identifier (11 to 19): scores (85 92 78) and dates keep their spaces.

    >>> word = lambda text, x0: {"x0": x0, "x1": x0 + 6 * len(text), "chars": [{"text": t, "size": 12} for t in text]}
    >>> letter_spaced_gaps([word("34", 0), word("0", 16), word("10", 28), word("4", 44), word("19", 56), word("8", 72)])
    [False, False, False, False, False]
    >>> pieces = [word(t, 14 * i) for i, t in enumerate(["34", "0", "10", "4", "1", "9", "85", "0"])]
    >>> letter_spaced_gaps(pieces + [word("6", 200)]).count(True)
    7
    """
    gaps = [False] * max(0, len(words) - 1)
    run: list[int] = []
    for index, word in enumerate([*words, None]):
        number = word is not None and all(_is_number_char(char["text"]) for char in word["chars"])
        if number and run:
            before = words[run[-1]]
            if word["x0"] - before["x1"] < before["chars"][-1]["size"]:
                run.append(index)
                continue
        if len(run) >= 3 and 2 * sum(len(words[i]["chars"]) == 1 for i in run) >= len(run) \
                and sum(len(words[i]["chars"]) for i in run) in LETTER_SPACED_DIGITS:
            for i in run[:-1]:
                gaps[i] = True
        run = [index] if number else []
    return gaps


def line_text(tokens: list[Obj | None], part: str) -> str:
    """The characters of `part` in a line; a word break, or characters of another part
    between two runs, becomes one space (so a covered middle does not join the digits
    around it into one number).

    >>> c = lambda text, part: {"text": text, "part": part}
    >>> line = [c("号", "body"), c("1", "covered-text"), c("2", "body"), None, c("3", "body")]
    >>> line_text(line, "body"), line_text(line, "covered-text")
    ('号 2 3', '1')
    """
    out: list[str] = []
    gap = False
    for token in tokens:
        if token is None or token["part"] != part:
            gap = bool(out)
            continue
        if gap:
            out.append(" ")
            gap = False
        out.append(token["text"].translate(_RADICALS))
    return "".join(out)


def _label_before(tokens: list[Obj | None], part: str) -> str | None:
    """The visible word just before the first character of `part` on the line: its label."""
    first = next(i for i, token in enumerate(tokens) if token is not None and token["part"] == part)
    words = line_text(tokens[:first], "body").split()
    return words[-1][-LABEL_CHARS:] if words else None


def _is_number_char(text: str) -> bool:
    return len(text) == 1 and ((text.isascii() and text.isalnum()) or "０" <= text <= "９" or text in "Ｘｘ")


def spread_over_numbers(tokens: list[Obj | None]) -> None:
    """A box over part of a number (the birth date of an ID, "masked" by hand) hides
    only some digits, but the whole number is still in the file: the hidden part of the
    line takes the whole run of digits and letters, so the value is found there entire.

    >>> c = lambda text, part: {"text": text, "part": part}
    >>> line = [c("号", "body"), c("3", "body"), c("4", "covered-text"), c("1", "body"), None, c("5", "body")]
    >>> spread_over_numbers(line)
    >>> [token and token["part"] for token in line]
    ['body', 'covered-text', 'covered-text', 'covered-text', None, 'body']
    """
    run: list[Obj] = []
    for token in [*tokens, None]:
        if token is not None and _is_number_char(token["text"]):
            run.append(token)
            continue
        hidden = next((char["part"] for char in run if char["part"] != "body"), None)
        for char in run if hidden else ():
            char["part"] = hidden
        run = []


def text_sections(content: PageContent, number: int) -> list[Section]:
    mark_hidden(content)
    lines = page_lines(content.chars)
    for tokens in lines:
        spread_over_numbers(tokens)
    body = "\n".join(line_text(tokens, "body") for tokens in lines).rstrip()
    sections = [Section(body, Location(part="body", page=number))] if body.strip() else []
    for line_number, tokens in enumerate(lines, start=1):
        for part in ("covered-text", "hidden-text"):
            text = line_text(tokens, part)
            if text.strip():
                sections.append(Section(
                    text, Location(part=part, page=number), header=_label_before(tokens, part), first_line=line_number,
                ))
    return sections


# --- annotations ---------------------------------------------------------------------------


@dataclass
class Annotations:
    boxes: list[Box] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


def _annotations(page: Page, number: int, problems: list[str]) -> Annotations:
    """Boxes annotations draw over the text, notes (part comment) and form values
    (part form-field). Read with resolve1, one reference at a time: pdfplumber's
    `page.annots` resolves everything recursively and loops on a form field whose
    widget omits /Type."""
    from pdfminer.pdftypes import resolve1

    out = Annotations()
    notes: list[str] = []
    fields: list[str] = []
    broken = 0
    for entry in resolve1(page.page_obj.annots) or []:
        try:
            data = resolve1(entry)
            if not isinstance(data, dict):
                continue
            kind = _name(resolve1(data.get("Subtype")))
            box = _annotation_box(page, data, kind)
            if box is not None:
                out.boxes.append(box)
            if kind == "Widget":
                value, name = _field_value(data), _field_name(data)
                if value:
                    fields.append(f"{name}：{value}" if name else value)
            elif kind not in ("Link", "Popup"):  # a Popup repeats its parent's note
                note = pdf_string(resolve1(data.get("Contents"))).strip()
                if note and note not in notes:
                    notes.append(note)
        except TimeLimitExceeded:
            raise
        except Exception:  # noqa: BLE001 - a malformed annotation (a /Rect of the wrong shape …)
            broken += 1
    if broken:
        problems.append(f"page {number}: {broken} annotation(s) could not be read, not screened")
    if notes:
        out.sections.append(Section("\n".join(notes), Location(part="comment", page=number)))
    if fields:
        out.sections.append(Section("\n".join(fields), Location(part="form-field", page=number)))
    return out


def page_box(page: Page, rect: Any) -> tuple[float, float, float, float]:
    """A rectangle in PDF user space (an annotation's /Rect) in the coordinates pdfplumber
    gives characters: rotated as pdfminer rotates the page, top measured down."""
    from pdfminer.pdftypes import resolve1

    left, bottom, right, top = (float(resolve1(v)) for v in resolve1(rect))
    x0, y0, x1, y1 = page.page_obj.mediabox
    rotations = {
        90: lambda x, y: (y - y0, x1 - x), 180: lambda x, y: (x1 - x, y1 - y), 270: lambda x, y: (y1 - y, x - x0),
    }
    turn = rotations.get(page.page_obj.rotate, lambda x, y: (x - x0, y - y0))
    corners = [turn(x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    offset_x, offset_top = page.mediabox[0], page.mediabox[1]
    return (
        min(xs) + offset_x, float(page.height) - max(ys) + offset_top,
        max(xs) + offset_x, float(page.height) - min(ys) + offset_top,
    )


def _annotation_box(page: Page, data: Obj, kind: str) -> Box | None:
    from pdfminer.pdftypes import resolve1

    if kind == "Redact":  # marked for redaction, not yet applied: the text is all still there
        return Box(float("inf"), *page_box(page, data["Rect"]), luminance=0.0, redaction=True)
    if kind not in COVERING_ANNOTATIONS or int(_number(resolve1(data.get("F")), 0)) & HIDDEN_ANNOTATION_FLAGS:
        return None
    if _number(resolve1(data.get("CA")), 1.0) < 0.5:
        return None
    colour = resolve1(data.get(COVERING_ANNOTATIONS[kind]))
    shade = luminance([resolve1(c) for c in colour] if isinstance(colour, list) else colour)
    if shade is None or (kind == "Highlight" and shade >= DARK):  # highlights multiply: only dark ones hide
        return None
    return Box(float("inf"), *page_box(page, data["Rect"]), luminance=shade)


def _field_value(data: Obj) -> str:
    """A form field's value (/V), inherited from parent fields; checkbox states are names, skipped."""
    from pdfminer.pdftypes import resolve1

    for _ in range(8):  # bounded: a /Parent loop in a broken file
        if not isinstance(data, dict):
            return ""
        if "V" in data:
            value = resolve1(data["V"])
            return pdf_string(value).strip() if isinstance(value, bytes) else ""
        data = resolve1(data.get("Parent"))
    return ""


def _field_name(data: Obj) -> str:
    """A field's label: its tooltip (/TU, often the printed label) or its name (/T)."""
    from pdfminer.pdftypes import resolve1

    for _ in range(8):
        if not isinstance(data, dict):
            return ""
        name = pdf_string(resolve1(data.get("TU")) or resolve1(data.get("T"))).strip()
        if name:
            return name
        data = resolve1(data.get("Parent"))
    return ""


def _name(value: Any) -> str:
    """The name of a PDF name object (a pdfminer PSLiteral)."""
    name = getattr(value, "name", value)
    return name if isinstance(name, str) else ""


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) else default


def pdf_string(value: Any) -> str:
    """The text of a PDF string: UTF-16 or UTF-8 with a byte-order mark, else
    PDFDocEncoding — or GB18030/UTF-8 without a mark, which Chinese producers write.

    >>> pdf_string(b"\\xfe\\xff\\x5f\\x20"), pdf_string("王某某".encode("gb18030")), pdf_string(b"Report")
    ('张', '王某某', 'Report')
    """
    from pdfminer.utils import decode_text

    if isinstance(value, str):
        return value
    if not isinstance(value, bytes):
        return ""
    for mark, codec in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"\xef\xbb\xbf", "utf-8")):
        if value.startswith(mark):
            return value[len(mark):].decode(codec, errors="replace")
    if value.isascii():
        return value.decode("ascii")
    for codec in ("utf-8", "gb18030"):
        try:
            text = value.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return text
    return decode_text(value)


def metadata_section(pdf: PDF) -> Section | None:
    """The document information dictionary, one "key: value" line per entry (dates and the
    producing software left out)."""
    from pdfminer.pdftypes import resolve1

    lines = []
    for info in pdf.doc.info:
        for key, value in info.items():
            if key in DOCUMENT_INFO_SKIPPED:
                continue
            text = " ".join(pdf_string(resolve1(value)).split())
            if text:
                lines.append(f"{key.lower()}: {text}")
    return Section("\n".join(lines), Location(part="metadata")) if lines else None


# --- OCR -----------------------------------------------------------------------------------


def _page_area(page: Page) -> float:
    return max(1.0, float(page.width) * float(page.height))


def _chars_within(content: PageContent, image: Obj) -> int:
    inside = 0
    for char in content.chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        inside += image["x0"] <= x <= image["x1"] and image["top"] <= y <= image["bottom"]
    return inside


def images_to_ocr(page: Page, content: PageContent, mode: str) -> list[Obj]:
    """The images of a page with a text layer that `mode` OCRs (`never`: that `auto` would)."""
    chosen = []
    area = _page_area(page)
    for image in content.images:
        width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
        pixels = [size if isinstance(size, int) else 0 for size in image.get("srcsize") or (0, 0)]
        if min(width, height) < MIN_IMAGE_POINTS:
            continue
        if mode == "always" or (
            width * height >= IMAGE_SHARE_AUTO * area
            and worth_ocr(pixels[0], pixels[1], "auto")
            and _chars_within(content, image) < MIN_TEXT_CHARS  # not a searchable scan
        ):
            chosen.append(image)
    return chosen


def has_no_text_layer(content: PageContent) -> bool:
    """Too few readable characters on a page that draws something (a scan, text turned
    into outlines), or mostly glyphs without Unicode mapping."""
    readable = sum(1 for char in content.chars if not char["text"].isspace())
    if content.unmapped and content.unmapped >= UNMAPPED_SHARE * (readable + content.unmapped):
        return True
    return readable < MIN_TEXT_CHARS and bool(content.images or content.curves >= MIN_DRAWN_CURVES)


def _ocr_sections(page: Page, number: int, content: PageContent, mode: str, renderer: _Renderer, problems: list[str]) -> list[Section]:
    whole_page = has_no_text_layer(content)
    images = [] if whole_page else images_to_ocr(page, content, "auto" if mode == "never" else mode)
    if not whole_page and not images:
        return []
    if mode == "never":
        what = "no text layer," if whole_page else "image"
        problems.append(f"page {number}: {what} not screened (--ocr never)")
        return []
    covered = sum((image["x1"] - image["x0"]) * (image["bottom"] - image["top"]) for image in images)
    # One pass over the whole page when the images fill it, are many, or the page is
    # rotated (crops are cut in PDFium's rotated frame; not worth mapping).
    if whole_page or covered >= WHOLE_PAGE_SHARE * _page_area(page) or len(images) > MAX_REGIONS or page.rotation:
        regions: list[tuple[float, float, float, float] | None] = [None]
    else:
        regions = [(image["x0"], image["top"], image["x1"], image["bottom"]) for image in images]
    sections = []
    for region in regions:
        try:
            text = ocr_text(renderer.render(page, number, region))
        except TimeLimitExceeded:
            raise
        except UnreadableInput as error:  # OCR engine unavailable
            problems.append(f"page {number}: {error}")
            return sections
        except Exception as error:  # noqa: BLE001 - PDFium could not render the page
            problems.append(f"page {number}: could not be rendered for OCR ({type(error).__name__}), not screened")
            return sections
        if text.strip():
            sections.append(Section(text, Location(part="image-ocr", page=number)))
    return sections


class _Renderer:
    """PDFium, opened on the first page to OCR. pdfminer reads the same stream and
    relies on its position (it reads on from `tell()`), so each PDFium call restores it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.document = None

    @contextmanager
    def _keeping_position(self) -> Iterator[None]:
        position = self.raw.tell()
        try:
            yield
        finally:
            self.raw.seek(position)

    def render(self, page: Page, number: int, region: tuple[float, float, float, float] | None) -> Image:
        """Page `number` at OCR_DPI (less for huge pages: OCR shrinks beyond MAX_SIDE
        anyway), or only `region` (x0, top, x1, bottom in pdfplumber's coordinates)."""
        import pypdfium2

        with self._keeping_position():
            if self.document is None:
                self.document = pypdfium2.PdfDocument(self.raw, autoclose=False)
            pdfium_page = self.document[number - 1]
            try:
                width, height = pdfium_page.get_size()
                scale = min(OCR_DPI / 72, MAX_SIDE / max(width, height, 1.0))
                crop = (0.0, 0.0, 0.0, 0.0)
                if region is not None:
                    # PDFium renders the crop box and crops from its edges (after rotation).
                    box_x0, box_top, box_x1, box_bottom = page.cropbox
                    x0, top, x1, bottom = region
                    crop = (
                        max(0.0, x0 - CROP_MARGIN - box_x0), max(0.0, box_bottom - bottom - CROP_MARGIN),
                        max(0.0, box_x1 - x1 - CROP_MARGIN), max(0.0, top - CROP_MARGIN - box_top),
                    )
                    if crop[0] + crop[2] >= width - 1 or crop[1] + crop[3] >= height - 1:
                        crop = (0.0, 0.0, 0.0, 0.0)  # a region off the page: render it all
                # Not closed here: the PIL image may share the bitmap's buffer; it is freed with the image.
                return pdfium_page.render(scale=scale, crop=crop).to_pil()
            finally:
                pdfium_page.close()

    def close(self) -> None:
        if self.document is not None:
            with self._keeping_position():
                self.document.close()
            self.document = None
