"""Legacy binary office files — Word 97 .doc, WPS .wps/.et/.dps, PowerPoint .ppt, RTF —
converted by LibreOffice, then read by the reader of the converted format.

Government sites still publish .doc and WPS files, and no maintained pure-Python
library reads their text with tracked changes, comments and hidden text. LibreOffice
does, and converting to Office Open XML keeps all of them, so the docx reader reports
a tracked deletion in a .doc exactly as in a .docx:

- word processing (.doc, .wps, .rtf) → .docx, read by screening.sources.docx; while
  that reader is not installed, → UTF-8 text (which keeps the visible text only);
- spreadsheets (.et, an .xls LibreOffice must convert) → .xlsx, read by
  screening.sources.xlsx;
- presentations (.ppt, .dps) → .pptx, whose slides and speaker notes are read here
  (a page per slide), as the project has no pptx reader of its own.

Which kind a file is comes from its content (the OLE streams: WordDocument,
Workbook, PowerPoint Document; `{\\rtf`), then its suffix. The input is handed to
LibreOffice under a neutral name with the suffix of its real kind (WPS files are
Word/Excel/PowerPoint binaries; LibreOffice would take .wps for Microsoft Works).

Each conversion runs `soffice --headless` with a fresh private profile
(-env:UserInstallation) in its own temporary directory, so parallel scans never share
a profile (a second soffice on one profile hands its work to the first, or fails);
a fresh profile costs about 0.3 s over a reused one, measured. The conversion has the
file's time limit and is killed, with every process it started, when it runs over.
Password-protected files are refused before conversion (LibreOffice would fail on
them without saying why).
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Literal

from lxml import etree

from screening.model import Location
from screening.sources.document import Document, ReadContext, Section, SectionDocument
from screening.sources.encoding import UnreadableInput

Kind = Literal["writer", "calc", "impress"]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "encrypted: password-protected file, cannot be screened"
SUFFIX_KINDS: dict[str, Kind] = {".doc": "writer", ".wps": "writer", ".rtf": "writer", ".et": "calc", ".xls": "calc", ".ppt": "impress", ".dps": "impress"}
INPUT_SUFFIX: dict[Kind, str] = {"writer": ".doc", "calc": ".xls", "impress": ".ppt"}
PACKAGES: dict[Kind, str] = {"writer": "libreoffice-writer-nogui", "calc": "libreoffice-calc-nogui", "impress": "libreoffice-impress-nogui"}
KIND_NAMES: dict[Kind, str] = {"writer": "document", "calc": "spreadsheet", "impress": "presentation"}
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Target:
    """What LibreOffice converts to (`--convert-to` value) and the suffix of its output."""

    convert_to: str
    suffix: str


DOCX = Target("docx:MS Word 2007 XML", ".docx")
TEXT = Target("txt:Text (encoded):UTF8", ".txt")
XLSX = Target("xlsx:Calc MS Excel 2007 XML", ".xlsx")
PPTX = Target("pptx:Impress MS PowerPoint 2007 XML", ".pptx")


# ---------------------------------------------------------------------------------------
# Which kind of file, and can it be read at all


def ole_streams(raw: BinaryIO) -> set[str] | None:
    """The OLE container's stream names, or None when the file is not OLE."""
    import olefile

    if raw.read(8) != OLE_MAGIC:
        raw.seek(0)
        return None
    raw.seek(0)
    try:
        with olefile.OleFileIO(raw) as ole:
            return {"/".join(entry) for entry in ole.listdir()}
    except (OSError, ValueError, IndexError, struct.error) as error:  # olefile raises all of these on damage
        raise UnreadableInput(f"corrupt OLE (Office 97) file ({type(error).__name__})") from None
    finally:
        raw.seek(0)


def kind_of(suffix: str, streams: set[str] | None) -> Kind:
    if streams is not None:
        if "WordDocument" in streams:
            return "writer"
        if "PowerPoint Document" in streams:
            return "impress"
        if "Workbook" in streams or "Book" in streams:
            return "calc"
    return SUFFIX_KINDS.get(suffix, "writer")


def is_encrypted(raw: BinaryIO, streams: set[str] | None) -> bool:
    """Password protection visible without the password: the Word FIB's fEncrypted bit,
    PowerPoint's EncryptedSummary stream, an Excel FILEPASS record."""
    if streams is None:
        return False
    import olefile

    try:
        with olefile.OleFileIO(raw) as ole:
            if "WordDocument" in streams:
                head = ole.openstream("WordDocument").read(12)
                return len(head) == 12 and bool(struct.unpack_from("<H", head, 10)[0] & 0x0100)
            if "PowerPoint Document" in streams:
                return "EncryptedSummary" in streams
            for name in ("Workbook", "Book"):
                if name in streams:
                    return _has_filepass(ole.openstream(name).read(4096))
    except (OSError, ValueError, IndexError, struct.error):
        return False  # a damaged stream: LibreOffice will say it cannot convert
    finally:
        raw.seek(0)
    return False


def _has_filepass(head: bytes) -> bool:
    """BIFF records (type, length, body) from the start: FILEPASS (0x2F) follows BOF when encrypted."""
    position = 0
    for _ in range(32):
        if position + 4 > len(head):
            return False
        record, length = struct.unpack_from("<HH", head, position)
        if record == 0x002F:
            return True
        position += 4 + length
    return False


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def reader_installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def target_for(kind: Kind) -> Target:
    if kind == "impress":
        return PPTX
    if kind == "calc":
        if not reader_installed("screening.sources.xlsx"):
            raise UnreadableInput("legacy spreadsheet: the xlsx reader is not installed, cannot screen it")
        return XLSX
    # The docx route keeps tracked changes, comments and hidden text; text is a stopgap.
    return DOCX if reader_installed("screening.sources.docx") else TEXT


# ---------------------------------------------------------------------------------------
# Conversion


def convert(raw: BinaryIO, soffice: str, kind: Kind, suffix: str, target: Target, context: ReadContext) -> bytes:
    """The converted file's bytes. The temporary directory (input, output, profile) is
    removed before returning, whatever happens."""
    with tempfile.TemporaryDirectory(prefix="screening-lo-") as work:
        source = Path(work, "input" + suffix)
        with open(source, "wb") as handle:
            shutil.copyfileobj(raw, handle)
        outdir = Path(work, "out")
        run_soffice(soffice, Path(work, "profile"), source, outdir, target, context.limits.seconds_per_file)
        output = outdir / ("input" + target.suffix)
        if not output.is_file() or output.stat().st_size == 0:
            raise UnreadableInput(
                f"LibreOffice could not convert this {KIND_NAMES[kind]} (corrupt, password-protected, or {PACKAGES[kind]} not installed)"
            )
        if output.stat().st_size > context.limits.max_bytes:
            raise UnreadableInput(f"too large once converted: over the limit of {context.limits.max_bytes} bytes")
        return output.read_bytes()


def run_soffice(soffice: str, profile: Path, source: Path, outdir: Path, target: Target, timeout: float) -> None:
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
        "--nodefault", "--nolockcheck", "--convert-to", target.convert_to, "--outdir", str(outdir), str(source),
    ]
    # A session of its own: on timeout the whole group goes (soffice is a script that
    # starts oosplash, which starts soffice.bin — killing the first alone leaves the rest).
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, cwd=profile.parent,
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise UnreadableInput(f"time limit exceeded: LibreOffice took over {timeout:.0f} s to convert it (raise --timeout)") from None
    finally:
        _end_group(process)


def _end_group(process: subprocess.Popen) -> None:
    """Kill whatever is left of the conversion's process group (also after the per-file
    time limit interrupted the wait), then reap the process."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


# ---------------------------------------------------------------------------------------
# Reading the converted file


def read_legacy(raw: BinaryIO, context: ReadContext) -> Document:
    suffix = context.suffix or ".doc"
    soffice = soffice_path()
    streams = ole_streams(raw)
    kind = kind_of(context.suffix, streams)
    if is_encrypted(raw, streams):
        raise UnreadableInput(ENCRYPTED)  # said first: installing LibreOffice would not help
    if soffice is None:
        raise UnreadableInput(f"legacy {suffix} format: install LibreOffice (Debian package {PACKAGES[kind]}) to screen it")
    input_suffix = INPUT_SUFFIX[kind] if streams is not None else (".rtf" if _is_rtf(raw) else suffix)
    target = target_for(kind)
    converted = convert(raw, soffice, kind, input_suffix, target, context)
    name = str(PurePosixPath(context.name.replace("\\", "/")).with_suffix(target.suffix))
    if target is PPTX:
        return read_pptx(io.BytesIO(converted), context)
    from screening.sources.formats import open_document

    return open_document(io.BytesIO(converted), name, context.limits, context.depth)


def _is_rtf(raw: BinaryIO) -> bool:
    head = raw.read(5)
    raw.seek(0)
    return head == b"{\\rtf"


# ---------------------------------------------------------------------------------------
# pptx written by LibreOffice: slide text and speaker notes


def read_pptx(raw: BinaryIO, context: ReadContext) -> Document:
    from screening.sources.zipguard import check_package, open_zip

    package = open_zip(raw, "pptx")
    check_package(package, context.limits, "pptx")
    return SectionDocument(pptx_sections(package))


def pptx_sections(package: zipfile.ZipFile) -> Iterator[Section]:
    """Per slide (page = slide number): its text, then its speaker notes; then metadata."""
    for number, slide in enumerate(slide_parts(package), start=1):
        text = part_text(package, slide)
        if text:
            yield Section(text, Location(part="body", page=number))
        notes = notes_part(package, slide)
        if notes:
            notes_text = part_text(package, notes, skip_placeholders=True)
            if notes_text:
                yield Section(notes_text, Location(part="notes", page=number))
    metadata = core_properties(package)
    if metadata:
        yield Section(metadata, Location(part="metadata"))


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(package.read(name), SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return None


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) of `part`."""
    folder, _, base = part.rpartition("/")
    root = _xml(package, f"{folder}/_rels/{base}.rels")
    if root is None:
        return {}
    relations = {}
    for relation in root.iter(f"{{{REL}}}Relationship"):
        target = relation.get("Target", "")
        resolved = os.path.normpath(os.path.join(folder, target)).replace("\\", "/") if not target.startswith("/") else target.lstrip("/")
        relations[relation.get("Id", "")] = (relation.get("Type", ""), resolved)
    return relations


def slide_parts(package: zipfile.ZipFile) -> list[str]:
    """Slide part names in presentation order (presentation.xml's slide list)."""
    root = _xml(package, "ppt/presentation.xml")
    if root is None:
        return []
    relations = _relationships(package, "ppt/presentation.xml")
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    slides = []
    for slide in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}sldId"):
        kind, target = relations.get(slide.get(r_id, ""), ("", ""))
        if kind.endswith("/slide"):
            slides.append(target)
    return slides


def notes_part(package: zipfile.ZipFile, slide: str) -> str | None:
    for kind, target in _relationships(package, slide).values():
        if kind.endswith("/notesSlide"):
            return target
    return None


def part_text(package: zipfile.ZipFile, part: str, skip_placeholders: bool = False) -> str:
    """The part's paragraphs (a:p), one a line. In notes, the slide image and slide-number
    placeholders hold no text of the speaker's and are skipped."""
    root = _xml(package, part)
    if root is None:
        return ""
    lines = []
    for shape in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}sp"):
        if skip_placeholders and _placeholder_type(shape) in {"sldNum", "sldImg", "dt", "hdr", "ftr"}:
            continue
        for paragraph in shape.iter(f"{{{A}}}p"):
            line = "".join(node.text or "" for node in paragraph.iter(f"{{{A}}}t"))
            if line.strip():
                lines.append(line)
    for frame in root.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}graphicFrame"):
        for cell in frame.iter(f"{{{A}}}tc"):  # tables: one line per cell
            line = " ".join("".join(t.text or "" for t in p.iter(f"{{{A}}}t")) for p in cell.iter(f"{{{A}}}p")).strip()
            if line:
                lines.append(line)
    return "\n".join(lines)


def _placeholder_type(shape: etree._Element) -> str | None:
    for placeholder in shape.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}ph"):
        return placeholder.get("type")
    return None


def core_properties(package: zipfile.ZipFile) -> str:
    """Author, last modified by, title … from docProps/core.xml, one 'name: value' a line."""
    root = _xml(package, "docProps/core.xml")
    if root is None:
        return ""
    lines = []
    for element in root:
        name = etree.QName(element).localname
        if element.text and element.text.strip() and name not in {"created", "modified", "revision", "language"}:
            lines.append(f"{name}: {element.text.strip()}")
    return "\n".join(lines)
