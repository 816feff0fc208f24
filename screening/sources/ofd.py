"""OFD (GB/T 33190-2016), the fixed-layout format of Chinese e-government (版式文件, 电子公文).

An OFD file is a zip of XML parts in the namespace http://www.ofdspec.org/2016:

    OFD.xml                    DocBody: DocInfo (Title, Author, Keywords…) and DocRoot
    Doc_0/Document.xml         CommonData (TemplatePage, PublicRes, DocumentRes), Pages/Page@BaseLoc,
                               Annotations, Attachments
    Doc_0/Pages/Page_0/Content.xml
                               Content/Layer/…/TextObject(Boundary "x y w h", CTM, Size)
                                   /TextCode(X, Y, DeltaX)text   and ImageObject(ResourceID)
    Doc_0/Annots/Annotations.xml   Page(PageID)/FileLoc -> PageAnnot/Annot (Remark, Appearance)
    Doc_0/Attachs/Attachments.xml  Attachment(Name)/FileLoc
    Doc_0/PublicRes.xml        Res(BaseLoc)/MultiMedias/MultiMedia(ID)/MediaFile

Locations in these files are relative to the file that holds them, or absolute from the
package root; element names are matched without their namespace (producers differ).

Text has no reading order in OFD, only positions: each TextCode is placed at X/Y (the
baseline of its first glyph) relative to its TextObject's Boundary, through the object's
CTM when it has one, and later glyphs advance by DeltaX ("g N V" repeats V N times). The
pieces of a page — its own and its template's (a letterhead may live there) — are grouped into
lines by baseline (within 40 % of the font size), each line read left to right; a gap wider
than half a glyph becomes a space, so table cells drawn apart do not fuse into one number.
Each page is one body section (Location page=N, lines numbered on the page). Multi-column
layouts interleave on one line; vertical text (DeltaY) keeps each TextCode's glyphs
together, its columns read left to right. CTM rotation is applied to positions only.

Also read: DocInfo -> metadata; annotations (remarks, their creator and appearance text) ->
comment with their page; images of a page (scans are typically one image per page) are
OCRed when `worth_ocr`, once per image resource; attachments are listed (part attachment)
and their files screened as members, like an archive's, up to Limits.max_depth.

Safety: XML is parsed by lxml without entity expansion, DTDs or network access; a member
is refused past Limits.max_unpacked_bytes (all members together) or when it expands more
than Limits.max_ratio times (a zip bomb). A corrupt package, a password-protected zip or
a GM/T 0099 encrypted OFD (Encryptions.xml at the root) is UnreadableInput; a broken page,
annotation or image is a problem (the file is then `error`, never `pass`).
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from lxml import etree

from screening.model import Block, Location
from screening.sources.document import (
    CompositeDocument,
    Document,
    ReadContext,
    Section,
    SectionDocument,
)
from screening.sources.encoding import UnreadableInput
from screening.sources.timeout import TimeLimitExceeded

MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one XML part or image; Content.xml files are kilobytes to megabytes
RATIO_FLOOR = 1024 * 1024  # members smaller than this cannot be a bomb worth refusing
LINE_TOLERANCE = 0.4  # baselines closer than this many font sizes are one line
SPACE_GAP = 0.5  # a gap wider than this many font sizes between pieces is a space
DEFAULT_SIZE = 3.5  # mm (10.5 pt): a TextObject must give Size; this covers producers that do not
MAX_DELTAS = 100_000
DOCINFO_FIELDS = ("Title", "Author", "Subject", "Abstract", "Creator")


class PartError(Exception):
    """A part of the package that cannot be read: a problem for that part, not for the file.

    Distinct from UnreadableInput so that catching it never swallows the per-file time limit
    (TimeLimitExceeded is an UnreadableInput raised anywhere by the timer).
    """


# ---- the package ---------------------------------------------------------------------

def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [] if element is None else [child for child in element if _local(child) == name]


def _child(element, name: str):
    return next(iter(_children(element, name)), None)


def _text(element) -> str:
    return "" if element is None else "".join(element.itertext()).strip()


class Package:
    """The OFD zip: members by path, read within the limits, XML parsed safely."""

    def __init__(self, raw: BinaryIO, context: ReadContext) -> None:
        try:
            self.zip = zipfile.ZipFile(raw)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise UnreadableInput("corrupt or truncated OFD file: not a readable zip package") from None
        if len(infos) > context.limits.max_members:
            raise UnreadableInput(f"OFD package has {len(infos)} parts, over the limit of {context.limits.max_members}")
        self.members = {posixpath.normpath(info.filename.replace("\\", "/")).lstrip("/"): info for info in infos}
        self.folded = {name.lower(): name for name in self.members}  # some producers' paths differ in case
        self.limits = context.limits
        self.unpacked = 0
        self.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
        )

    def resolve(self, location: str | None, base: str) -> str:
        """The member a location names: relative to directory `base`, or absolute from the root."""
        location = (location or "").strip().replace("\\", "/")
        if not location:
            raise PartError("missing location")
        path = location if location.startswith("/") else posixpath.join(base, location)
        path = posixpath.normpath(path).lstrip("/")
        found = path if path in self.members else self.folded.get(path.lower())
        if found is None:
            raise PartError(f"{path}: missing from the package")
        return found

    def read(self, path: str) -> bytes:
        info = self.members[path]
        if info.flag_bits & 0x1:
            raise PartError(f"{path}: encrypted (password-protected zip entry)")
        limit = min(MAX_MEMBER_BYTES, self.limits.max_unpacked_bytes - self.unpacked)
        if info.file_size > limit:
            raise PartError(f"{path}: too large to unpack ({info.file_size} bytes)")
        if info.file_size > RATIO_FLOOR and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
            raise PartError(f"{path}: expands {info.file_size // max(info.compress_size, 1)} times (zip bomb guard)")
        try:
            with self.zip.open(info) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, RuntimeError) as error:
            raise PartError(f"{path}: corrupt zip entry ({type(error).__name__})") from None
        if len(data) > limit:
            raise PartError(f"{path}: too large to unpack")
        self.unpacked += len(data)
        return data

    def xml(self, path: str):
        try:
            return etree.fromstring(self.read(path), self.parser)
        except etree.XMLSyntaxError as error:
            # The parser's message can quote the file; its line number cannot.
            raise PartError(f"{path}: not well-formed XML (line {error.lineno})") from None


# ---- text on a page ------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A TextCode placed on the page: baseline y, start and estimated end x, font size (mm)."""

    x: float
    y: float
    end: float
    size: float
    text: str


def _float(value: str | None, default: float | None = None) -> float | None:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _numbers(value: str | None, count: int) -> list[float] | None:
    parts = (value or "").replace(",", " ").split()
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    return numbers if len(numbers) == count else None


def parse_deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY: glyph advances, where "g N V" stands for N advances of V.

    >>> parse_deltas("g 3 2.5 4 1")
    [2.5, 2.5, 2.5, 4.0, 1.0]
    """
    tokens, deltas, index = (value or "").split(), [], 0
    try:
        while index < len(tokens) and len(deltas) < MAX_DELTAS:
            if tokens[index] == "g" and index + 2 < len(tokens):
                deltas.extend([float(tokens[index + 2])] * min(int(tokens[index + 1]), MAX_DELTAS))
                index += 3
            else:
                deltas.append(float(tokens[index]))
                index += 1
    except ValueError:
        return []
    return deltas


def _advance(ch: str, size: float) -> float:
    """A glyph's width when DeltaX does not give it: full width for CJK, half for the rest."""
    return size if unicodedata.east_asian_width(ch) in ("W", "F") else size / 2


def _transform(ctm: list[float] | None, x: float, y: float) -> tuple[float, float]:
    if ctm is None:
        return x, y
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def text_runs(text_object) -> list[Run]:
    """The placed TextCodes of one TextObject (X/Y carry over from the previous TextCode when absent)."""
    boundary = _numbers(text_object.get("Boundary"), 4) or [0.0, 0.0, 0.0, 0.0]
    ctm = _numbers(text_object.get("CTM"), 6)
    size = _float(text_object.get("Size"), DEFAULT_SIZE) or DEFAULT_SIZE
    scale = abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5 if ctm else 1.0
    runs, x, y = [], None, None
    for code in _children(text_object, "TextCode"):
        x, y = _float(code.get("X"), x), _float(code.get("Y"), y)
        text = code.text or ""
        if x is None or y is None or not text.strip():
            continue
        deltas = parse_deltas(code.get("DeltaX"))[: len(text) - 1]
        width = sum(deltas) + sum(_advance(ch, size) for ch in text[len(deltas):])
        (left, baseline), (right, _) = _transform(ctm, x, y), _transform(ctm, x + width, y)
        x0, y0 = boundary[0], boundary[1]
        runs.append(Run(x0 + left, y0 + baseline, x0 + right, size * scale or DEFAULT_SIZE, text))
    return runs


def text_lines(runs: list[Run]) -> list[str]:
    """Runs grouped into lines by baseline, each read left to right.

    >>> text_lines([Run(60, 20, 96, 4, "340104201003076511"), Run(10, 20.2, 60, 4, "身份证号："),
    ...             Run(10, 30, 18, 4, "电话"), Run(100, 20, 120, 4, "13912345678")])
    ['身份证号：340104201003076511 13912345678', '电话']
    """
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda run: (run.y, run.x)):
        anchor = lines[-1][0] if lines else None
        if anchor is not None and abs(run.y - anchor.y) <= LINE_TOLERANCE * min(run.size, anchor.size):
            lines[-1].append(run)
        else:
            lines.append([run])
    return [_join(sorted(line, key=lambda run: run.x)) for line in lines]


def _join(line: list[Run]) -> str:
    parts, previous = [line[0].text], line[0]
    end = previous.end
    for run in line[1:]:
        if run.text == previous.text and abs(run.x - previous.x) < SPACE_GAP * run.size:
            continue  # the same text drawn twice, slightly offset: a producer's fake bold
        gap = run.x - end
        parts.append((" " if gap > SPACE_GAP * run.size else "") + run.text)
        previous, end = run, max(end, run.end)
    return "".join(parts).strip()


# ---- one document of the package -----------------------------------------------------

@dataclass
class Page:
    number: int
    id: str | None
    path: str | None
    problem: str | None = None


@dataclass
class OfdDoc:
    """One DocBody: its Document.xml and what the pages need from it."""

    package: Package
    path: str
    root: object
    pages: list[Page]
    templates: dict[str, str] = field(default_factory=dict)  # TemplatePage ID -> Content.xml path
    media: dict[str, str] | None = None  # MultiMedia ID -> member path, read on first image
    template_runs: dict[str, list[Run]] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return posixpath.dirname(self.path)

    def load_media(self, problems: list[str]) -> dict[str, str]:
        """MultiMedia resource IDs of the document's PublicRes/DocumentRes, mapped to member paths."""
        if self.media is None:
            common = _child(self.root, "CommonData")
            locations = [_text(res) for name in ("PublicRes", "DocumentRes") for res in _children(common, name)]
            self.media = media_files(self.package, locations, self.folder, problems)
        return self.media

    def runs_of_template(self, template_id: str, problems: list[str]) -> list[Run]:
        """The text of a template page (a letterhead, a footer), read once for all its pages."""
        if template_id not in self.template_runs:
            self.template_runs[template_id] = []
            if template_id not in self.templates:
                problems.append(f"template page {template_id}: not declared in Document.xml")
                return []
            try:
                root = self.package.xml(self.package.resolve(self.templates[template_id], self.folder))
            except PartError as error:
                problems.append(f"template page {template_id}: {error}")
                return []
            self.template_runs[template_id] = [run for obj in _objects(root, "TextObject") for run in text_runs(obj)]
        return self.template_runs[template_id]


def media_files(package: Package, locations: list[str], folder: str, problems: list[str]) -> dict[str, str]:
    """MultiMedia ID -> member path, from the Res files at `locations` (relative to `folder`)."""
    media: dict[str, str] = {}
    for location in locations:
        try:
            path = package.resolve(location, folder)
            res = package.xml(path)
        except PartError as error:
            problems.append(f"resources: {error}")
            continue
        base = posixpath.join(posixpath.dirname(path), res.get("BaseLoc") or "")
        for item in (m for medias in _children(res, "MultiMedias") for m in _children(medias, "MultiMedia")):
            file = _text(_child(item, "MediaFile"))
            if item.get("ID") and file:
                try:
                    media[item.get("ID")] = package.resolve(file, base)
                except PartError:
                    media[item.get("ID")] = posixpath.normpath(posixpath.join(base, file))  # reported when read
    return media


def _objects(page_root, name: str) -> Iterator:
    """The page objects called `name` in the page's content (layers and nested PageBlocks)."""
    for content in _children(page_root, "Content"):
        for element in content.iter():
            if _local(element) == name:
                yield element


def _open_doc(package: Package, doc_root: str, first_page: int) -> OfdDoc:
    path = package.resolve(doc_root, "")
    root = package.xml(path)
    folder = posixpath.dirname(path)
    pages = []
    for number, page in enumerate(_children(_child(root, "Pages"), "Page"), first_page):
        try:
            pages.append(Page(number, page.get("ID"), package.resolve(page.get("BaseLoc"), folder)))
        except PartError as error:
            pages.append(Page(number, page.get("ID"), None, str(error)))
    common = _child(root, "CommonData")
    templates = {template.get("ID"): template.get("BaseLoc") for template in _children(common, "TemplatePage")}
    return OfdDoc(package, path, root, pages, templates)


def docinfo_text(body) -> str:
    """DocInfo's human fields, one "Field: value" line each."""
    info = _child(body, "DocInfo")
    lines = [f"{name}: {_text(_child(info, name))}" for name in DOCINFO_FIELDS if _text(_child(info, name))]
    keywords = [_text(word) for words in _children(info, "Keywords") for word in _children(words, "Keyword")]
    if any(keywords):
        lines.append("Keywords: " + " ".join(keyword for keyword in keywords if keyword))
    for custom in (c for datas in _children(info, "CustomDatas") for c in _children(datas, "CustomData")):
        if _text(custom):
            lines.append(f"{custom.get('Name') or 'CustomData'}: {_text(custom)}")
    return "\n".join(lines)


# ---- annotations and attachments -----------------------------------------------------

def annotation_texts(doc: OfdDoc, problems: list[str]) -> dict[str, list[str]]:
    """PageID -> lines of that page's annotations (remark, creator, parameters, appearance text)."""
    location = _text(_child(doc.root, "Annotations"))
    if not location:
        return {}
    by_page: dict[str, list[str]] = {}
    try:
        index_path = doc.package.resolve(location, doc.folder)
        index = doc.package.xml(index_path)
    except PartError as error:
        problems.append(f"annotations: {error}")
        return {}
    for page in _children(index, "Page"):
        try:
            annots = doc.package.xml(doc.package.resolve(_text(_child(page, "FileLoc")), posixpath.dirname(index_path)))
        except PartError as error:
            problems.append(f"annotations: {error}")
            continue
        lines = by_page.setdefault(page.get("PageID") or "", [])
        for annot in _children(annots, "Annot"):
            lines.extend(_annot_lines(annot))
    return by_page


def _annot_lines(annot) -> list[str]:
    lines = [f"Creator: {annot.get('Creator')}"] if annot.get("Creator") else []
    if _text(_child(annot, "Remark")):
        lines.append(_text(_child(annot, "Remark")))
    for parameter in (p for params in _children(annot, "Parameters") for p in _children(params, "Parameter")):
        if _text(parameter):
            lines.append(f"{parameter.get('Name') or 'Parameter'}: {_text(parameter)}")
    appearance = _child(annot, "Appearance")
    if appearance is not None:
        runs = [run for element in appearance.iter() if _local(element) == "TextObject" for run in text_runs(element)]
        lines.extend(text_lines(runs))
    return lines


@dataclass(frozen=True)
class Attachment:
    name: str
    path: str | None  # member path; None when the package lacks it
    location: str


def attachments_of(doc: OfdDoc, problems: list[str]) -> list[Attachment]:
    location = _text(_child(doc.root, "Attachments"))
    if not location:
        return []
    try:
        index_path = doc.package.resolve(location, doc.folder)
        index = doc.package.xml(index_path)
    except PartError as error:
        problems.append(f"attachments: {error}")
        return []
    found = []
    for attachment in _children(index, "Attachment"):
        file = _text(_child(attachment, "FileLoc"))
        try:
            path = doc.package.resolve(file, posixpath.dirname(index_path))
        except PartError:
            path = None
        found.append(Attachment(attachment.get("Name") or posixpath.basename(file), path, file))
    return found


# ---- images --------------------------------------------------------------------------

def _image_sections(
    doc: OfdDoc, page: Page, page_root, context: ReadContext, seen: set[str], problems: list[str]
) -> Iterator[Section]:
    """OCR of the page's images worth it; each image resource once per document."""
    from screening.sources.images import _open_image
    from screening.sources.ocr import MIN_SIDE_AUTO, ocr_text, worth_ocr

    page_media: dict[str, str] | None = None  # the page's own PageRes, read only if needed
    for image_object in _objects(page_root, "ImageObject"):
        resource = image_object.get("ResourceID") or ""
        if resource in seen:
            continue
        seen.add(resource)
        path = doc.load_media(problems).get(resource)
        if path is None:
            if page_media is None:
                locations = [_text(res) for res in _children(page_root, "PageRes")]
                page_media = media_files(doc.package, locations, posixpath.dirname(page.path or ""), problems)
            path = page_media.get(resource)
        if path is None:
            problems.append(f"page {page.number}: image resource {resource} is not declared")
            continue
        try:
            image = _open_image(io.BytesIO(doc.package.read(path)))
        except TimeLimitExceeded:
            raise
        except (PartError, UnreadableInput, KeyError) as error:
            reason = "missing from the package" if isinstance(error, KeyError) else error
            problems.append(f"page {page.number}: image {path} not screened: {reason}")
            continue
        width, height = image.size
        if worth_ocr(width, height, context.limits.ocr):
            text = ocr_text(image)
            if text.strip():
                yield Section(text, Location(part="image-ocr", page=page.number))
        elif context.limits.ocr == "never" and min(width, height) >= MIN_SIDE_AUTO:
            problems.append(f"page {page.number}: image not screened: OCR is off (--ocr never)")


# ---- the reader ----------------------------------------------------------------------

class OfdDocument(Document):
    """The OFD's own sections, then the files attached to it, screened as members (like an archive's)."""

    def __init__(self, sections: Iterator[Section], attached: Callable[[], Iterator[tuple[str, Document]]],
                 problems: list[str]) -> None:
        super().__init__()
        self.problems = problems  # one list, filled while the pages and attachments are read
        self.own = SectionDocument(sections)
        self.own.problems = problems
        self.attached = attached

    def _members(self) -> CompositeDocument:
        members = CompositeDocument(self.attached(), self.problems)
        members.chars = self.own.chars  # members' offsets follow the OFD's own text
        return members

    def blocks(self) -> Iterator[Block]:
        yield from self.own.blocks()
        members = self._members()
        yield from members.blocks()
        self.chars = members.chars

    def pieces(self) -> Iterator[tuple[Location | None, str]]:
        yield from self.own.pieces()
        members = self._members()
        yield from members.pieces()
        self.chars = members.chars


def _page_sections(doc: OfdDoc, page: Page, context: ReadContext, annotations: dict[str, list[str]],
                   seen_images: set[str], problems: list[str]) -> Iterator[Section]:
    if page.path is None:
        problems.append(f"page {page.number}: {page.problem}")
        return
    try:
        root = doc.package.xml(page.path)
    except PartError as error:
        problems.append(f"page {page.number}: {error}")
        return
    runs = [run for obj in _objects(root, "TextObject") for run in text_runs(obj)]
    for template in _children(root, "Template"):
        runs.extend(doc.runs_of_template(template.get("TemplateID") or "", problems))
    if runs:
        yield Section("\n".join(text_lines(runs)), Location(part="body", page=page.number))
    yield from _image_sections(doc, page, root, context, seen_images, problems)
    remarks = annotations.get(page.id or "", [])
    if remarks:
        yield Section("\n".join(remarks), Location(part="comment", page=page.number))


def read_ofd(raw: BinaryIO, context: ReadContext) -> OfdDocument:
    package = Package(raw, context)
    # GM/T 0099 encryption: parts are replaced by ciphertext, their plain versions by
    # "non-confidential content" — what could be read is not what a reader sees.
    if "encryptions.xml" in package.folded:
        raise UnreadableInput("encrypted OFD (GM/T 0099, Encryptions.xml): cannot be screened")
    try:
        entry = package.resolve("OFD.xml", "")
        if package.members[entry].flag_bits & 0x1:
            raise UnreadableInput("encrypted: password-protected OFD package, cannot be screened")
        ofd = package.xml(entry)
    except PartError as error:
        raise UnreadableInput(f"corrupt OFD: {error}") from None
    bodies = _children(ofd, "DocBody")
    if not bodies:
        raise UnreadableInput("corrupt OFD: OFD.xml names no document (DocBody)")
    problems: list[str] = []
    docs: list[OfdDoc] = []
    for body in bodies:
        try:
            docs.append(_open_doc(package, _text(_child(body, "DocRoot")), sum(len(doc.pages) for doc in docs) + 1))
        except PartError as error:
            problems.append(f"document: {error}")
    if not docs:
        raise UnreadableInput(f"corrupt OFD: {problems[0]}")
    attachments = [attachment for doc in docs for attachment in attachments_of(doc, problems)]

    def sections() -> Iterator[Section]:
        metadata = "\n".join(text for text in (docinfo_text(body) for body in bodies) if text)
        if metadata:
            yield Section(metadata, Location(part="metadata"))
        for doc in docs:
            annotations, seen_images = annotation_texts(doc, problems), set()
            for page in doc.pages:
                yield from _page_sections(doc, page, context, annotations, seen_images, problems)
        if attachments:
            yield Section("\n".join(f"{a.name} {a.location}" for a in attachments), Location(part="attachment"))

    return OfdDocument(sections(), lambda: _attached_documents(package, attachments, context, problems), problems)


def _attached_documents(package: Package, attachments: list[Attachment], context: ReadContext,
                        problems: list[str]) -> Iterator[tuple[str, Document]]:
    """Each attached file as a Document (read like an archive member); unreadable ones are problems."""
    from screening.sources.formats import open_document

    for attachment in attachments:
        label = attachment.name
        if attachment.path is None:
            problems.append(f"attachment {label}: missing from the package")
            continue
        if context.depth + 1 > context.limits.max_depth:
            problems.append(f"attachment {label}: not screened, nested deeper than {context.limits.max_depth} levels")
            continue
        try:
            data = package.read(attachment.path)
            if len(data) > context.limits.max_bytes:
                raise PartError(f"too large: {len(data)} bytes")
            # Name decides the reader only for formats without a signature (txt, csv, html).
            name = attachment.name if posixpath.splitext(attachment.name)[1] else posixpath.basename(attachment.path)
            yield label, open_document(io.BytesIO(data), name, context.limits, context.depth + 1)
        except TimeLimitExceeded:
            raise
        except (PartError, UnreadableInput) as error:
            problems.append(f"attachment {label}: {error}")
