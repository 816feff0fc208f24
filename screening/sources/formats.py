"""Which reader a file needs: by its first bytes, then by its name.

Files are often mislabelled — a .docx that is really a Word 97 .doc, a .pdf that is an
HTML error page, an .xls that is HTML exported by a CMS — so the content decides when it
is recognisable, and the suffix only for formats without a signature (text, HTML).
Readers are imported on first use: OCR and PDF libraries load only when needed.
"""

from __future__ import annotations

import importlib
import struct
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from screening.sources.document import Document, Limits, ReadContext
from screening.sources.encoding import UnreadableInput

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".log", ""})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif"})
LEGACY_SUFFIXES = frozenset({".doc", ".wps", ".et", ".dps", ".ppt", ".rtf"})
SIGNED_SUFFIXES = {
    ".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".pdf": "pdf",
    ".ofd": "ofd", ".zip": "zip", ".7z": "7z", ".rar": "rar",
}

# format -> "module:function"; each reader takes (binary stream, ReadContext) and returns a Document.
READERS = {
    "text": "screening.sources.plain:read_plain",
    "table": "screening.sources.plain:read_plain",
    "html": "screening.sources.html:read_html",
    "docx": "screening.sources.docx:read_docx",
    "xlsx": "screening.sources.xlsx:read_xlsx",
    "xls": "screening.sources.xls:read_xls",
    "pdf": "screening.sources.pdf:read_pdf",
    "ofd": "screening.sources.ofd:read_ofd",
    "image": "screening.sources.images:read_image",
    "legacy": "screening.sources.legacy:read_legacy",
    "zip": "screening.sources.archives:read_zip",
    "7z": "screening.sources.archives:read_7z",
    "rar": "screening.sources.archives:read_rar",
}

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"GIF8", "image"),
    (b"{\\rtf", "legacy"),  # RTF saved as .doc by many CMS exports
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def _zip_format(raw: BinaryIO, suffix: str) -> str:
    """docx / xlsx / ofd / plain zip, from the package's member names."""
    try:
        names = set(zipfile.ZipFile(raw).namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableInput(f"corrupt or truncated {suffix or 'zip'} file: {error}") from None
    finally:
        raw.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        return "ofd"
    if suffix in {".docx", ".xlsx", ".ofd", ".docm", ".xlsm"}:
        raise UnreadableInput(f"corrupt {suffix} file: the package lacks its main part")
    return "zip"


def _ole_format(raw: BinaryIO, suffix: str) -> str:
    """Word 97 / Excel 97 / WPS binaries, or an encrypted Office 2007+ file (an OLE container too)."""
    import olefile

    try:
        with olefile.OleFileIO(raw) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except (OSError, ValueError, IndexError, struct.error) as error:  # olefile raises all of these on damage
        raise UnreadableInput(f"corrupt OLE (Office 97) file: {type(error).__name__}") from None
    finally:
        raw.seek(0)
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise UnreadableInput("encrypted: password-protected Office file, cannot be screened")
    if "Workbook" in streams or "Book" in streams:
        return "xls" if suffix in {".xls", ".et", ""} or suffix not in LEGACY_SUFFIXES else "legacy"
    return "legacy"


def detect_format(raw: BinaryIO, context: ReadContext) -> str:
    head = raw.read(16)
    raw.seek(0)
    suffix = context.suffix
    if head.startswith(_ZIP):
        return _zip_format(raw, suffix)
    if head.startswith(_OLE):
        return _ole_format(raw, suffix)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith(b"BM") and suffix == ".bmp":
        return "image"
    if suffix in SIGNED_SUFFIXES or suffix in IMAGE_SUFFIXES or suffix in LEGACY_SUFFIXES - {".rtf"}:
        if _looks_like_html(raw):
            return "html"  # a CMS error page or an "Excel" export saved as HTML
        raise UnreadableInput(f"not a {suffix} file: its content has no {suffix} signature (truncated, corrupt or mislabelled)")
    if suffix == ".rtf":
        return "legacy"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in TEXT_SUFFIXES:
        return "html" if _looks_like_html(raw) else "text"
    raise UnreadableInput(f"unsupported format ({suffix}): see `screening scan --help` for the formats read")


def _looks_like_html(raw: BinaryIO) -> bool:
    head = raw.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    raw.seek(0)
    return head.startswith((b"<!doctype html", b"<html", b"<?xml version")) and b"<html" in head


def reader_for(format_name: str) -> Callable[[BinaryIO, ReadContext], Document]:
    module, function = READERS[format_name].split(":")
    return getattr(importlib.import_module(module), function)


def open_document(raw: BinaryIO, name: str, limits: Limits = Limits(), depth: int = 0) -> Document:
    """The Document of a seekable binary stream named `name`. Raises UnreadableInput."""
    context = ReadContext(name, limits, depth)
    return reader_for(detect_format(raw, context))(raw, context)
