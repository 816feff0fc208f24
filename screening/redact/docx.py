"""Redacted copies of Word documents (.docx), edited as the OOXML package it is.

The package is copied member by member; only the XML parts that hold something to
replace are rewritten (lxml, entities unresolved), so styles, numbering, images and
layout stay as they were. Each paragraph is read as the reader reads it
(screening.sources.docx): its `w:t` texts concatenated, split into visible text, tracked
insertions, tracked deletions and hidden text. A value is looked up in that text, so one
split over several runs (Word splits on every formatting or spell-check change) is found,
and then:

- visible text (body, table cells, headers, footers, footnotes, endnotes, both the
  DrawingML and the VML copy of a text box): the mask goes into the first run holding
  the value — keeping that run's formatting — and the value's characters are taken out of
  the runs after it;
- a tracked insertion: masked the same way and the insertion accepted (the `w:ins`
  wrapper unwrapped);
- a tracked deletion (`w:del`, `w:moveFrom`): the deletion is accepted, its text gone;
- hidden text (`w:vanish`): the hidden runs holding the value are removed;
- a comment: the whole comment is removed, with its range marks and reference in the
  text and its entries in commentsExtended/commentsIds/commentsExtensible.

Where a value is replaced follows screening.redact.core: long identifiers wherever they
occur (every story, and as a last pass any text or attribute of any XML part: field
codes, alt text, link targets, chart caches, custom XML); short values (a score, a
2-character name) only in the paragraph or table cell of their finding, found by
numbering paragraphs and tables exactly as the reader does.

Document properties are always cleared (core: creator, last modified by, title, subject,
keywords, description; app: company, manager, titles of parts), with a note. Values the
reader found in an embedded file are redacted by that format's writer; in an image, by
OCR and a black box (screening.redact.raster).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from lxml import etree

from screening.model import Location
from screening.redact.core import Replacement
from screening.redact.matching import ValueIndex, merge, shortest_replacements
from screening.sources.docx import (
    BR,
    CONTAINERS,
    CR,
    DEL,
    DEL_TEXT,
    INS,
    MOVE_FROM,
    RPR,
    SAFE_PARSER,
    SKIPPED,
    STORY_PARTS,
    TAB,
    TBL,
    TXBX,
    VANISH,
    P,
    R,
    W,
    _is_on,
    table_cells,
)
from screening.sources.encoding import UnreadableInput

REL = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
COMMENT_SIDE_PARTS = ("commentsExtended", "commentsIds", "commentsExtensible")
HIDDEN_KINDS = ("tracked-deletion", "tracked-insertion", "hidden-text")
T = f"{{{W}}}t"
COMMENT = f"{{{W}}}comment"
COMMENT_MARKS = {f"{{{W}}}{tag}" for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")}
W_ID = f"{{{W}}}id"

CORE_CLEARED = {  # docProps/core.xml elements always emptied: who wrote it, and what it says it is
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": "last modified by",
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": "keywords",
    "{http://purl.org/dc/elements/1.1/}description": "comments",
}
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APP_CLEARED = {f"{{{EXTENDED}}}Company": "company", f"{{{EXTENDED}}}Manager": "manager"}
APP_TITLES = f"{{{EXTENDED}}}TitlesOfParts"


# --- what a writer returns -------------------------------------------------------------------


@dataclass
class Tally:
    """Occurrences replaced or removed, and notes on what else was done (never a value)."""

    replaced: int = 0
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what was done -> how many times

    def count(self, what: str, times: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + times


def redact_docx(source: Path, output: Path, replacements: list[Replacement]) -> tuple[int, list[str]]:
    """Write a redacted copy of the docx `source` to `output`; (occurrences replaced, notes)."""
    try:
        package = zipfile.ZipFile(source)
    except zipfile.BadZipFile as error:
        raise UnreadableInput(f"corrupt docx: {error}") from None
    with package:
        tally = Tally()
        changed = redact_package(package, replacements, tally)
        _write_package(package, output, changed)
    tally.notes.extend(f"{what}: {times}" for what, times in tally.counts.items())
    return tally.replaced, tally.notes


def _write_package(package: zipfile.ZipFile, output: Path, changed: dict[str, bytes]) -> None:
    """A copy of `package` with the `changed` members' bytes; every other member as it was."""
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in package.infolist():
            data = changed[item.filename] if item.filename in changed else package.read(item.filename)
            target.writestr(item, data, compress_type=item.compress_type)


# --- the package: which part is which ----------------------------------------------------------


def _parse(data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise UnreadableInput(f"corrupt docx part: {error.msg}") from None


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def _relationships(package: zipfile.ZipFile, part: str) -> Iterator[tuple[str, str]]:
    """(kind, member name) of each internal relationship of `part` ('' for the package)."""
    name = _rels_name(part) if part else "_rels/.rels"
    if name not in package.namelist():
        return
    base = PurePosixPath(part).parent if part else PurePosixPath("")
    for relationship in _parse(package.read(name)).iter(f"{{{REL}}}Relationship"):
        if relationship.get("TargetMode") == "External":
            continue
        target = relationship.get("Target", "")
        path = PurePosixPath(target.lstrip("/")) if target.startswith("/") else base / target
        parts: list[str] = []
        for piece in path.parts:
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece != ".":
                parts.append(piece)
        yield relationship.get("Type", "").rsplit("/", 1)[-1], "/".join(parts)


def _main_part(package: zipfile.ZipFile) -> str:
    for kind, name in _relationships(package, ""):
        if kind == "officeDocument":
            return name
    return "word/document.xml"


def redact_package(package: zipfile.ZipFile, replacements: list[Replacement], tally: Tally) -> dict[str, bytes]:
    """The new bytes of each member that changed."""
    names = set(package.namelist())
    main = _main_part(package)
    related = [(kind, name) for kind, name in dict.fromkeys(_relationships(package, main)) if name in names]
    here = [r for r in replacements if r.location.member is None or r.everywhere]
    trees: dict[str, etree._Element] = {main: _parse(package.read(main))}
    stories = [(main, "body")]
    for kind, name in related:
        if kind in STORY_PARTS and name not in trees:
            trees[name] = _parse(package.read(name))
            stories.append((name, STORY_PARTS[kind]))

    replacer = Replacer(here)
    removed_comments: set[str] = set()
    for name, part in stories:
        removed_comments |= redact_story(trees[name], part, replacer, tally)
    if removed_comments:
        _remove_comment_marks([trees[name] for name, _ in stories], removed_comments)
        side = {kind: name for kind, name in related if kind in COMMENT_SIDE_PARTS}
        for name in side.values():
            trees[name] = _parse(package.read(name))
        _remove_comment_entries(trees, side, stories, removed_comments)
        tally.count("comments holding a finding removed", len(removed_comments))

    changed: dict[str, bytes] = {}
    for name, root in trees.items():
        tally.replaced += replace_in_tree(root, replacer.everywhere, replacer.by_value)  # field codes, alt text …
        changed[name] = _serialise(root)
    changed.update(_clear_properties(package, names, replacements, tally))
    changed.update(_redact_members(package, replacements, tally))
    for name in sorted(names - set(changed)):  # any other XML part: long identifiers anywhere in it
        if replacer.everywhere and name.endswith((".xml", ".rels", ".vml")) and not name.startswith("["):
            root = _parse(package.read(name))
            count = replace_in_tree(root, replacer.everywhere, replacer.by_value)
            if count:
                tally.replaced += count
                changed[name] = _serialise(root)
    return changed


# --- where each paragraph is, numbered as the reader numbers it ------------------------------------


Places = dict[etree._Element, list[Location]]


class StoryIndex:
    """The locations the reader gives each paragraph of a story: (part, paragraph) for the
    story's own paragraphs, (part, table, row, column) for table cells (screening.sources.docx
    StoryReader and table_sections)."""

    def __init__(self, part: str, places: Places) -> None:
        self.part = part
        self.places = places
        self.number = 0
        self.tables = 0

    def children(self, container: Iterable[etree._Element]) -> None:
        for child in container:
            if child.tag == P:
                self.number += 1
                self.places.setdefault(child, []).append(Location(part=self.part, paragraph=self.number))
            elif child.tag == TBL:
                self.tables += 1
                index_table(child, self.part, self.tables, self.places)
            elif child.tag in CONTAINERS:
                self.children(child)


def index_table(table: etree._Element, story_part: str, number: int, places: Places) -> None:
    for cell, location, _header in table_cells(table, story_part, number):
        for paragraph in cell.iter(P):
            places.setdefault(paragraph, []).append(location)


def story_places(root: etree._Element, part: str) -> Places:
    places: Places = {}
    StoryIndex(part, places).children([root])
    for box in root.iter(TXBX):  # both copies of a text box: the DrawingML one and the VML Fallback
        index = StoryIndex("text-box", places)
        index.children(box)
    return places


def pinned_here(pinned: Location, kind: str, places: list[Location]) -> bool:
    """Whether a location-pinned finding at `pinned` lies in text of `kind` of a paragraph the
    reader located at `places`. Tracked changes and hidden text are located by paragraph (or
    cell) only, whatever story they are in."""
    key = (pinned.table, pinned.row, pinned.column, pinned.paragraph)
    for place in places:
        if (place.table, place.row, place.column, place.paragraph) != key:
            continue
        if pinned.part in HIDDEN_KINDS:
            if kind == pinned.part:
                return True
        elif kind == "body" and place.part == pinned.part:
            return True
    return False


# --- one paragraph's text, piece by piece ----------------------------------------------------------


@dataclass
class Piece:
    """A piece of a paragraph's text: a `w:t`/`w:delText` element, or a tab or break."""

    element: etree._Element
    text: str
    kind: str  # body, tracked-insertion, tracked-deletion, hidden-text
    wrapper: etree._Element | None  # the w:ins / w:del / w:moveFrom it sits in
    run: etree._Element | None
    start: int = 0  # offset in its kind's text


def _pieces(element: etree._Element, kind: str, out: list[Piece], wrapper: etree._Element | None, run: etree._Element | None) -> None:
    """The paragraph's pieces in order, classified as screening.sources.docx._walk classifies them."""
    for child in element:
        tag = child.tag
        if tag in SKIPPED:
            continue
        if tag == T:
            out.append(Piece(child, child.text or "", kind, wrapper, run))
        elif tag == DEL_TEXT:
            out.append(Piece(child, child.text or "", "tracked-deletion", wrapper, run))
        elif tag == TAB:
            out.append(Piece(child, "\t", kind, wrapper, run))
        elif tag in (BR, CR):
            out.append(Piece(child, " ", kind, wrapper, run))
        elif tag == R:
            properties = child.find(RPR)
            hidden = properties is not None and _is_on(properties.find(VANISH))
            _pieces(child, "hidden-text" if hidden and kind == "body" else kind, out, wrapper, child)
        elif tag == INS:
            _pieces(child, "tracked-insertion" if kind == "body" else kind, out, child, run)
        elif tag in (DEL, MOVE_FROM):
            _pieces(child, "tracked-deletion", out, child, run)
        else:
            _pieces(child, kind, out, wrapper, run)


def paragraph_pieces(paragraph: etree._Element) -> dict[str, list[Piece]]:
    pieces: list[Piece] = []
    _pieces(paragraph, "body", pieces, None, None)
    by_kind: dict[str, list[Piece]] = {}
    for piece in pieces:
        kind = by_kind.setdefault(piece.kind, [])
        piece.start = kind[-1].start + len(kind[-1].text) if kind else 0
        kind.append(piece)
    return by_kind


def _place_key(location: Location) -> tuple:
    return (location.table, location.row, location.column, location.paragraph)


class Replacer:
    """A document's replacements, indexed: long identifiers by value (looked for in every
    paragraph), location-pinned ones by the paragraph or cell of their finding."""

    def __init__(self, replacements: list[Replacement]) -> None:
        self.everywhere = ValueIndex(r.value for r in replacements if r.everywhere)
        self.pinned: dict[tuple, list[Replacement]] = {}
        for r in replacements:
            if not r.everywhere:
                self.pinned.setdefault(_place_key(r.location), []).append(r)
        self.by_value = shortest_replacements((r.value, r.replacement) for r in replacements)

    def matches(self, text: str, kind: str, places: list[Location]) -> list[tuple[int, int, str]]:
        """(start, end, value) of each value to replace in a paragraph's text of `kind`."""
        found = list(self.everywhere.finditer(text))
        pinned = [
            r.value for place in places for r in self.pinned.get(_place_key(place), ())
            if pinned_here(r.location, kind, [place])
        ]
        return merge(found, ValueIndex(pinned).finditer(text)) if pinned else found


def _set_text(element: etree._Element, text: str) -> None:
    element.text = text
    if text != text.strip():
        element.set(XML_SPACE, "preserve")


def mask_span(pieces: list[Piece], start: int, end: int, replacement: str) -> None:
    """Replace [start, end) of the pieces' joined text: the replacement goes into the first
    text element touched (its run's formatting is kept), the rest of the span is cut from
    the pieces after it (a tab or break inside the span is removed)."""
    placed = False
    for piece in pieces:
        low, high = max(start, piece.start), min(end, piece.start + len(piece.text))
        if low >= high:
            continue
        a, b = low - piece.start, high - piece.start
        if piece.element.tag in (T, DEL_TEXT):
            piece.text = piece.text[:a] + ("" if placed else replacement) + piece.text[b:]
            placed = True
            _set_text(piece.element, piece.text)
        elif piece.element.getparent() is not None:
            piece.element.getparent().remove(piece.element)


def _unwrap(wrapper: etree._Element) -> None:
    """Accept a tracked insertion: its runs take its place."""
    parent = wrapper.getparent()
    if parent is None:
        return
    index = parent.index(wrapper)
    for child in list(wrapper):
        parent.insert(index, child)
        index += 1
    parent.remove(wrapper)


def _detach(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def redact_paragraph(paragraph: etree._Element, part: str, places: list[Location], replacer: Replacer, tally: Tally) -> bool:
    """Apply the replacements to one paragraph; True when it holds a value (in a comment
    story the comment is then removed whole)."""
    found = False
    for kind, pieces in paragraph_pieces(paragraph).items():
        text = "".join(piece.text for piece in pieces)
        matches = replacer.matches(text, kind, places)
        if not matches:
            continue
        found = True
        tally.replaced += len(matches)
        if part == "comment":
            continue  # the comment goes whole
        touched = [
            piece for piece in pieces
            if any(piece.start < end and start < piece.start + len(piece.text) for start, end, _ in matches)
        ]
        if kind == "tracked-deletion":
            wrappers = list(dict.fromkeys(piece.wrapper for piece in touched if piece.wrapper is not None))
            for wrapper in wrappers:
                _detach(wrapper)
            tally.count("tracked deletions holding a finding accepted (text removed)", len(wrappers))
        elif kind == "hidden-text":
            runs = list(dict.fromkeys(piece.run for piece in touched if piece.run is not None))
            for run in runs:
                _detach(run)
            tally.count("hidden runs holding a finding removed", len(runs))
        else:
            for start, end, value in reversed(matches):
                mask_span(pieces, start, end, replacer.by_value[value])
            if kind == "tracked-insertion":
                wrappers = list(dict.fromkeys(piece.wrapper for piece in touched if piece.wrapper is not None))
                for wrapper in wrappers:
                    _unwrap(wrapper)
                tally.count("tracked insertions holding a finding masked and accepted", len(wrappers))
    return found


def redact_story(root: etree._Element, part: str, replacer: Replacer, tally: Tally) -> set[str]:
    """Apply the replacements to every paragraph of a story; the ids of comments to remove."""
    places = story_places(root, part)
    comments: set[str] = set()
    for paragraph in list(root.iter(P)):
        if redact_paragraph(paragraph, part, places.get(paragraph, []), replacer, tally) and part == "comment":
            comment = next((a for a in paragraph.iterancestors(COMMENT)), None)
            if comment is not None and comment.get(W_ID) is not None:
                comments.add(comment.get(W_ID))
    if part == "comment":
        for comment in list(root.iter(COMMENT)):
            if comment.get(W_ID) in comments:
                _detach(comment)
    return comments


# --- comments: their marks in the text and their side parts ---------------------------------------------


def _remove_comment_marks(roots: list[etree._Element], ids: set[str]) -> None:
    for root in roots:
        for mark in [e for e in root.iter(*COMMENT_MARKS) if e.get(W_ID) in ids]:
            run = mark.getparent()
            _detach(mark)
            if run is not None and run.tag == R and all(child.tag == RPR for child in run):
                _detach(run)  # the reference's own run, now empty


def _remove_comment_entries(trees: dict[str, etree._Element], side: dict[str, str], stories: list[tuple[str, str]], ids: set[str]) -> None:
    """Entries of the removed comments in commentsExtended (w15:commentEx, by paragraph id),
    commentsIds (w16cid:commentId, by paragraph id) and commentsExtensible (by durable id)."""
    comment_parts = [name for name, part in stories if part == "comment"]
    kept = {
        p.get(W14_PARA_ID)
        for name in comment_parts for p in trees[name].iter(P) if p.get(W14_PARA_ID)
    }
    durable: set[str] = set()
    ids_part = side.get("commentsIds")
    for kind in ("commentsExtended", "commentsIds"):
        name = side.get(kind)
        if name is None:
            continue
        for entry in list(trees[name]):
            para = next((value for key, value in entry.attrib.items() if key.endswith("}paraId")), None)
            if para is not None and para not in kept:
                if name == ids_part:
                    durable.update(value for key, value in entry.attrib.items() if key.endswith("}durableId"))
                _detach(entry)
    extensible = side.get("commentsExtensible")
    if extensible is not None:
        for entry in list(trees[extensible]):
            if any(key.endswith("}durableId") and value in durable for key, value in entry.attrib.items()):
                _detach(entry)


# --- anywhere in a part: long identifiers in text and attributes ----------------------------------------


def replace_in_tree(root: etree._Element, index: ValueIndex, by_value: dict[str, str]) -> int:
    """Replace the values in every text node and attribute of `root` (the last pass for
    long identifiers: field codes, alt text, link targets, custom XML, chart caches)."""
    if not index:
        return 0
    count = 0
    for element in root.iter():
        for name in ("text", "tail"):
            text = getattr(element, name)
            if text:
                new, n = index.sub(text, by_value.__getitem__)
                if n:
                    setattr(element, name, new)
                    count += n
        if not isinstance(element.tag, str):
            continue  # a comment or processing instruction: its text is done, it has no attributes
        for key, value in element.attrib.items():
            new, n = index.sub(value, by_value.__getitem__)
            if n:
                element.set(key, new)
                count += n
    return count


# --- document properties ----------------------------------------------------------------------------------


def _clear_properties(package: zipfile.ZipFile, names: set[str], replacements: list[Replacement], tally: Tally) -> dict[str, bytes]:
    """core.xml and app.xml: who wrote the document and what it calls itself, always cleared;
    any other property holding a value (custom.xml, category …) has it replaced."""
    changed: dict[str, bytes] = {}
    cleared: list[str] = []
    values = [r for r in replacements if r.everywhere or r.location.part == "metadata"]
    index, by_value = ValueIndex(r.value for r in values), shortest_replacements((r.value, r.replacement) for r in values)
    for kind, name in _relationships(package, ""):
        if name not in names or kind not in ("core-properties", "extended-properties", "custom-properties"):
            continue
        root = _parse(package.read(name))
        for element in root.iter():
            label = CORE_CLEARED.get(element.tag) or APP_CLEARED.get(element.tag)
            if label is None and element.tag == APP_TITLES:
                for item in element.iter():
                    if item is not element and item.text and item.text.strip() and not len(item):
                        item.text = ""
                        if "titles of parts" not in cleared:
                            cleared.append("titles of parts")
                continue
            if label is not None and (element.text or "").strip():
                element.text = ""
                cleared.append(label)
        tally.replaced += replace_in_tree(root, index, by_value)
        changed[name] = _serialise(root)
    tally.notes.append(
        "document properties cleared: " + ", ".join(cleared) if cleared
        else "document properties checked: no author, title or company set"
    )
    return changed


# --- embedded files and images ------------------------------------------------------------------------------


def _redact_members(package: zipfile.ZipFile, replacements: list[Replacement], tally: Tally) -> dict[str, bytes]:
    """Members the reader screened as documents of their own (an embedded roster, an image
    it OCRed): each redacted with its format's writer, an image by OCR and black boxes."""
    by_member: dict[str, list[Replacement]] = {}
    for r in replacements:
        if r.location.member:
            top, _, rest = r.location.member.partition("!/")
            by_member.setdefault(top, []).append(replace(r, location=replace(r.location, member=rest or None)))
    changed: dict[str, bytes] = {}
    names = set(package.namelist())
    for member, pinned in by_member.items():
        if member not in names:
            tally.notes.append(f"{member}: not found in the package, not redacted")
            continue
        extra = [r for r in replacements if r.everywhere and r.location.member != member]
        data = redact_member(member, package.read(member), pinned + extra, tally)
        if data is not None:
            changed[member] = data
    return changed


def redact_member(name: str, data: bytes, replacements: list[Replacement], tally: Tally) -> bytes | None:
    """The redacted bytes of an embedded file, or None (noted) when it cannot be redacted."""
    from screening.redact import writer_for
    from screening.sources.document import ReadContext
    from screening.sources.formats import detect_format

    try:
        format_name = detect_format(io.BytesIO(data), ReadContext(name))
    except UnreadableInput:
        tally.notes.append(f"{name}: format not recognised, not redacted")
        return None
    if format_name == "image":
        return _redact_image(name, data, replacements, tally)
    writer = writer_for(format_name)
    if writer is None:
        tally.notes.append(f"{name}: format {format_name} has no writer, not redacted")
        return None
    folder = Path(tempfile.mkdtemp(prefix="screening-redact-"))
    try:
        source = folder / ("in" + PurePosixPath(name).suffix)
        target = folder / ("out" + PurePosixPath(name).suffix)
        source.write_bytes(data)
        count, notes = writer(source, target, replacements)
        tally.replaced += count
        tally.notes.extend(f"{name}: {note}" for note in notes)
        return target.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _redact_image(name: str, data: bytes, replacements: list[Replacement], tally: Tally) -> bytes | None:
    from PIL import Image

    from screening.redact.raster import black_out_values

    values = [r.value for r in replacements if r.location.part == "image-ocr" or r.everywhere]
    with Image.open(io.BytesIO(data)) as image:
        image_format = image.format or "PNG"
        painted, found, boxes = black_out_values(image, values)
    wanted = {r.value for r in replacements if r.location.part == "image-ocr"}
    if wanted - found:
        tally.notes.append(f"{name}: {len(wanted - found)} value(s) the scan read could not be located by OCR")
    if not boxes:
        return None
    tally.replaced += boxes
    tally.notes.append(f"{name}: {boxes} area(s) blacked out")
    out = io.BytesIO()
    if image_format == "JPEG":
        painted.save(out, "JPEG", quality=95)
    else:
        painted.save(out, image_format if image_format in ("PNG", "GIF", "BMP", "TIFF") else "PNG")
    return out.getvalue()


__all__ = ["redact_docx"]
