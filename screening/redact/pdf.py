"""Redacted copies of PDF files: no value survives under a box.

Text in a PDF content stream is drawn glyph by glyph, often with subset fonts and no
reliable mapping back; cutting a value out of it and leaving the rest intact is not
something a small library does safely. So a page that holds a value is *rasterised*:

1. pdfplumber reads each page as the reader does (screening.sources.pdf: characters in
   drawing order, covered and white-on-white characters included, grouped into lines).
   A value is looked up in the page's characters with spaces removed — on its finding's
   line for a location-pinned value (a score, a short name), anywhere on every page for a
   long identifier — and each match gives the boxes of its characters.
2. pypdfium2 (PDFium) renders that page at 200 dpi with its annotations, after removing the
   annotations that hold a value (a note, a form field's value, a link). Solid black boxes
   are painted over the characters' boxes (1 pt margin). Values the scanner read by OCR
   (a scan, a pasted photo of an ID card) are found by OCR on the rendering and covered the
   same way (screening.redact.raster).
3. The output is a new PDF: each rasterised page is one image of the same size (no text
   layer, no annotations — nothing is left under the boxes); every other page is imported
   unchanged (its annotations holding a value removed). The new document carries no
   document information dictionary, XMP metadata, outline, attachments or form dictionary.

Solid boxes rather than mask labels: a re-scan OCRs the image-only page, and a box reads
as nothing. The notes say which pages were rasterised: their text is no longer selectable.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.redact.core import Replacement
from screening.redact.matching import ValueIndex
from screening.sources.encoding import UnreadableInput
from screening.sources.ocr import MAX_SIDE
from screening.sources.pdf import (
    _RADICALS,
    OCR_DPI,
    mark_hidden,
    page_content,
    page_lines,
)

if TYPE_CHECKING:
    from PIL.Image import Image

TEXT_PARTS = frozenset({"body", "covered-text", "hidden-text"})
ANNOTATION_PARTS = frozenset({"comment", "form-field"})
MARGIN = 1.0  # points of black around a value's characters
ANNOTATION_KEYS = ("Contents", "V", "DV", "T", "TU", "RC", "Subj")
PARENT_DEPTH = 8  # form fields inherit their value from parents; bounded against loops
JPEG_QUALITY = 90

Rect = tuple[float, float, float, float]  # x0, top, x1, bottom in pdfplumber's page coordinates


@dataclass
class PagePlan:
    """What one page needs: boxes over characters, values to find by OCR, occurrences found."""

    rects: list[Rect] = field(default_factory=list)
    ocr_values: list[str] = field(default_factory=list)
    found: int = 0
    origin: tuple[float, float] = (0.0, 0.0)  # the crop box's top-left corner: pixel (0, 0) of the rendering

    @property
    def rasterise(self) -> bool:
        return bool(self.rects or self.ocr_values)


def redact_pdf(source: Path, output: Path, replacements: list[Replacement]) -> tuple[int, list[str]]:
    """Write a redacted copy of the PDF `source` to `output`; (occurrences replaced, notes)."""
    notes: list[str] = []
    plans = plan_pages(source, replacements, notes)
    replaced = write_pdf(source, output, plans, replacements, notes)
    return replaced, notes


# --- finding the values on the pages ------------------------------------------------------------


def compact(text: str) -> str:
    """Text with all white space removed and Kangxi radicals read as ideographs.

    >>> compact("1 赵一 3401 04")
    '1赵一340104'
    """
    return "".join(text.translate(_RADICALS).split())


@dataclass
class PageText:
    """A page's characters as one string without spaces, each position pointing back at its
    character object and its line (0-based)."""

    text: str
    chars: list[dict[str, Any]]
    lines: list[int]
    line_starts: list[int]  # offset in `text` where each line starts

    def region(self, line: int | None, count: int) -> tuple[int, int]:
        """The offsets of lines line … line+count-1 (1-based), or of the whole page."""
        if line is None or not 1 <= line <= len(self.line_starts):
            return 0, len(self.text)
        end_line = line - 1 + count
        return self.line_starts[line - 1], self.line_starts[end_line] if end_line < len(self.line_starts) else len(self.text)


def page_text(page: Any) -> PageText:
    content = page_content(page)
    mark_hidden(content)  # as the reader: covered and hidden characters are kept, and located
    text: list[str] = []
    chars: list[dict[str, Any]] = []
    lines: list[int] = []
    starts: list[int] = []
    for number, tokens in enumerate(page_lines(content.chars)):
        starts.append(len(text))
        for token in tokens:
            if token is None:
                continue
            for unit in compact(token["text"]):
                text.append(unit)
                chars.append(token)
                lines.append(number)
    return PageText("".join(text), chars, lines, starts)


def _find(text: PageText, value: str, region: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Occurrences of one value (spaces ignored) within text.text[start:end]."""
    return list(ValueIndex([compact(value)]).finditer(text.text, *region))


def _record(plan: PagePlan, text: PageText, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Add the boxes of each span to the plan; the spans."""
    spans = list(spans)
    for start, end, _ in spans:
        plan.rects.extend(_rects(text, (start, end)))
    plan.found += len(spans)
    return spans


def _rects(text: PageText, span: tuple[int, int]) -> list[Rect]:
    """One rectangle per line the span's characters are on, with a margin."""
    by_line: dict[int, Rect] = {}
    for index in range(*span):
        char, line = text.chars[index], text.lines[index]
        box = (char["x0"], char["top"], char["x1"], char["bottom"])
        old = by_line.get(line)
        by_line[line] = box if old is None else (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
    return [(x0 - MARGIN, top - MARGIN, x1 + MARGIN, bottom + MARGIN) for x0, top, x1, bottom in by_line.values()]


def _pages(source: Path, problems: list[str]) -> Iterator[tuple[int, Any]]:
    import pdfplumber

    from screening.sources.pdf import _pages as reader_pages
    from screening.sources.pdf import _release

    try:
        pdf = pdfplumber.open(source, raise_unicode_errors=False)
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types on broken files
        raise UnreadableInput(f"corrupt or encrypted pdf: {type(error).__name__}") from None
    try:
        for number, page in reader_pages(pdf, problems):
            try:
                yield number, page
            finally:
                _release(page)
    finally:
        pdf.close()


def plan_pages(source: Path, replacements: list[Replacement], notes: list[str]) -> dict[int, PagePlan]:
    """For each page holding a value: the boxes to paint, and the values to find by OCR."""
    everywhere = ValueIndex(compact(r.value) for r in replacements if r.everywhere)
    expected: dict[int, list[Replacement]] = {}  # the text-layer findings of each page
    for r in replacements:
        if r.location.page is not None and r.location.part in TEXT_PARTS:
            expected.setdefault(r.location.page, []).append(r)
    pinned: dict[int, list[Replacement]] = {}
    for r in replacements:
        if not r.everywhere and r.location.page is not None:
            pinned.setdefault(r.location.page, []).append(r)
    ocr: dict[int, list[str]] = {}
    for r in replacements:
        if r.location.part == "image-ocr" and r.location.page is not None:
            ocr.setdefault(r.location.page, []).append(r.value)
    problems: list[str] = []
    plans: dict[int, PagePlan] = {}
    for number, page in _pages(source, problems):
        plan = PagePlan(ocr_values=list(dict.fromkeys(ocr.get(number, []))), origin=(float(page.cropbox[0]), float(page.cropbox[1])))
        here = [r for r in pinned.get(number, []) if r.location.part in TEXT_PARTS]
        if everywhere or here:
            text = page_text(page)
            found = {value for _, _, value in _record(plan, text, everywhere.finditer(text.text))}
            for r in here:
                spans = _find(text, r.value, text.region(r.location.line, r.value.count("\n") + 1))
                if not spans:
                    spans = _find(text, r.value, (0, len(text.text)))  # not on its line: wherever on its page
                if _record(plan, text, spans):
                    found.add(compact(r.value))
            for r in expected.get(number, []):
                if compact(r.value) not in found and r.value not in plan.ocr_values:
                    plan.ocr_values.append(r.value)  # not in the text layer as read here: try OCR
        if plan.rasterise:
            plans[number] = plan
    notes.extend(problems)
    return plans


# --- writing the copy ----------------------------------------------------------------------------------


def write_pdf(source: Path, output: Path, plans: dict[int, PagePlan], replacements: list[Replacement], notes: list[str]) -> int:
    import pypdfium2 as pdfium

    try:
        original = pdfium.PdfDocument(str(source))
    except pdfium.PdfiumError as error:
        raise UnreadableInput(f"corrupt or encrypted pdf: {error}") from None
    copy = pdfium.PdfDocument.new()
    replaced = sum(plan.found for plan in plans.values())
    everywhere = ValueIndex(compact(r.value) for r in replacements if r.everywhere)
    by_page: dict[int, list[str]] = {}
    for r in replacements:
        if r.location.page is not None and not r.everywhere:
            by_page.setdefault(r.location.page, []).append(compact(r.value))
    rasterised: list[int] = []
    annotations = 0
    try:
        unchanged: list[int] = []
        for index in range(len(original)):
            number = index + 1
            page = original[index]
            try:
                annotations += remove_annotations(original, page, everywhere, ValueIndex(by_page.get(number, [])))
                plan = plans.get(number)
                if plan is None:
                    unchanged.append(index)
                    continue
                if unchanged:
                    copy.import_pages(original, unchanged, index=len(copy))
                    unchanged = []
                replaced += rasterise(page, copy, plan, number, notes)
                rasterised.append(number)
            finally:
                page.close()
        if unchanged:
            copy.import_pages(original, unchanged, index=len(copy))
        copy.save(str(output))
    finally:
        copy.close()
        original.close()
    replaced += annotations
    if rasterised:
        notes.append(f"pages rasterised (values blacked out; no text layer left): {', '.join(map(str, rasterised))}")
    if annotations:
        notes.append(f"annotations holding a finding (notes, form values, links): {annotations} removed")
    notes.append("document information, XMP metadata, outline, attachments and form dictionary not carried over")
    return replaced


def _annotation_string(function: Any, *args: Any) -> str:
    """A UTF-16LE string out of a PDFium getter (length query, then fill)."""
    size = function(*args, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    function(*args, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")


def annotation_text(document: Any, annotation: Any) -> str:
    """Everything an annotation says: note, form value and name (inherited from parent
    fields), rich text, and a link's URI."""
    from pypdfium2 import raw

    pieces: list[str] = []
    current, owned = annotation, []
    for _ in range(PARENT_DEPTH):
        for key in ANNOTATION_KEYS:
            pieces.append(_annotation_string(raw.FPDFAnnot_GetStringValue, current, key.encode()))
        parent = raw.FPDFAnnot_GetLinkedAnnot(current, b"Parent")
        if not parent:
            break
        owned.append(parent)
        current = parent
    for handle in owned:
        raw.FPDFPage_CloseAnnot(handle)
    link = raw.FPDFAnnot_GetLink(annotation)
    if link:
        action = raw.FPDFLink_GetAction(link)
        if action:
            size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
            if size > 1:
                buffer = ctypes.create_string_buffer(size)
                raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                pieces.append(buffer.raw[: size - 1].decode("latin-1"))
    return " ".join(piece for piece in pieces if piece)


def remove_annotations(document: Any, page: Any, *indexes: ValueIndex) -> int:
    """Remove the annotations of `page` whose text (spaces removed) holds a value of one of
    the `indexes` (long identifiers; the page's own findings); how many."""
    from pypdfium2 import raw

    if not any(indexes):
        return 0
    removed = 0
    for index in reversed(range(raw.FPDFPage_GetAnnotCount(page.raw))):
        annotation = raw.FPDFPage_GetAnnot(page.raw, index)
        if not annotation:
            continue
        try:
            text = compact(annotation_text(document, annotation))
        finally:
            raw.FPDFPage_CloseAnnot(annotation)
        holds = any(next(values.finditer(text), None) for values in indexes)
        if holds and raw.FPDFPage_RemoveAnnot(page.raw, index):
            removed += 1
    return removed


def _render(page: Any) -> tuple[Image, float]:
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, MAX_SIDE / max(width, height, 1.0))
    bitmap = page.render(scale=scale, may_draw_forms=False)
    try:
        return bitmap.to_pil().convert("RGB"), scale
    finally:
        bitmap.close()


def rasterise(page: Any, copy: Any, plan: PagePlan, number: int, notes: list[str]) -> int:
    """Append to `copy` an image of `page` with the plan's boxes painted black; the number of
    areas found by OCR."""
    import pypdfium2 as pdfium

    from screening.redact.raster import black_out_values, paint

    image, scale = _render(page)
    box_x0, box_top = plan.origin  # pdfplumber and PDFium both work in the displayed (rotated) frame
    image = paint(image, [
        ((x0 - box_x0) * scale, (y0 - box_top) * scale, (x1 - box_x0) * scale, (y1 - box_top) * scale)
        for x0, y0, x1, y1 in plan.rects
    ])
    ocr_boxes = 0
    if plan.ocr_values:
        image, found, ocr_boxes = black_out_values(image, plan.ocr_values)
        missing = len(set(plan.ocr_values) - found)
        if missing:
            notes.append(f"page {number}: {missing} value(s) not located by OCR on the rendered page")
    width, height = page.get_size()
    target = copy.new_page(width, height)
    picture = pdfium.PdfImage.new(copy)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    buffer.seek(0)
    picture.load_jpeg(buffer, inline=True)  # read now: the buffer does not outlive this function
    picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
    target.insert_obj(picture)
    target.gen_content()
    target.close()
    return ocr_boxes


__all__ = ["redact_pdf"]
