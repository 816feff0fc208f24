"""Archives (zip, 7z, rar): every member screened as a document of its own.

Attachments to a disclosure often come packed: 附件.zip holding a roster .xlsx, a
scanned .pdf, another .zip. Each member is opened with `open_document`, one at a time
and only when the screener reaches it, so memory is bounded by the largest member
(and members over SPOOL_BYTES wait in a temporary file, not in memory). Findings carry
the member path in `Location.member` (`附件/名单.docx`; nested: `inner.zip!/a.txt`).

Nothing in an archive is passed silently. A member that is not screened — encrypted,
of an unsupported type, corrupt, over a limit — is a *problem* of the archive (its
verdict becomes `error`), and the other members are still read. Only operating-system
clutter is skipped without a word (`__MACOSX/`, `.DS_Store`, `Thumbs.db`,
`desktop.ini`): it is not part of what was meant to be published.

Limits (`Limits`), all judged from the archive's directory before anything inflates:

- nesting: an archive deeper than `max_depth` inside others is not opened;
- `max_members` files, `max_unpacked_bytes` in all: over either, the whole archive is
  refused (a zip of a million empty files is an attack, not a disclosure);
- a member whose uncompressed/compressed ratio exceeds `max_ratio` is a zip bomb and is
  never read (members under zipguard.SMALL_MEMBER are exempt: a small file of
  repeated text compresses 1000x harmlessly); the same ratio applies to the archive as
  a whole, which catches a solid 7z block, where per-member sizes are not known;
- a member over `max_bytes` is not read. Reads are bounded anyway (at most limit + 1
  bytes), never trusting the declared size.

Formats:

- zip (zipfile). Names: zip tools on Chinese Windows store GBK names without the UTF-8
  flag (bit 11), which zipfile decodes as cp437 — such names are re-decoded: the
  Info-ZIP Unicode Path extra field when present, else UTF-8 (macOS writes it without
  the flag), else GB18030. Encrypted members (flag bit 0) are reported, not read.
- 7z (py7zr). Solid archives compress many files as one stream, so members are
  extracted in one pass into a private temporary directory (bounded by the limits
  above), then screened one by one; extracting member by member would re-inflate the
  stream from its start each time. An encrypted archive cannot be screened at all.
- rar (rarfile). Stored (uncompressed) members are read directly; compressed ones need
  an extraction tool on the machine (unrar, unar, 7z or bsdtar) — without one the
  archive is refused with a reason saying what to install. Old RAR names without the
  Unicode flag are GBK on Chinese systems and are decoded so.
"""

from __future__ import annotations

import io
import lzma
import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from screening.sources.document import CompositeDocument, Document, Limits, ReadContext
from screening.sources.encoding import UnreadableInput
from screening.sources.zipguard import SMALL_MEMBER

ENCRYPTED = "encrypted: cannot be screened"
SPOOL_BYTES = 32 * 1024 * 1024  # members larger than this wait on disk while screened
CHUNK = 1024 * 1024
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini"})
JUNK_FOLDERS = frozenset({"__macosx"})
UNICODE_PATH_FIELD = 0x7075  # Info-ZIP Unicode Path extra field


@dataclass
class Entry:
    """One archive member as the archive's directory describes it."""

    name: str  # display path, '/'-separated
    size: int  # declared uncompressed size
    packed: int | None  # declared compressed size; None when not known per member (solid 7z)
    open: Callable[[], BinaryIO]  # the member's uncompressed bytes as a stream
    encrypted: bool = False
    is_dir: bool = False


# ---------------------------------------------------------------------------------------
# What is read and what is refused


def is_junk(name: str) -> bool:
    """Operating-system clutter that no one meant to publish: skipped quietly."""
    parts = PurePosixPath(name).parts
    if any(part.lower() in JUNK_FOLDERS for part in parts[:-1]):
        return True
    base = parts[-1] if parts else name
    return base.lower() in JUNK_NAMES or base.startswith("._")  # ._x: AppleDouble resource fork


def ratio_exceeded(size: int, packed: int | None, limits: Limits) -> bool:
    return packed is not None and size > SMALL_MEMBER and size > limits.max_ratio * max(packed, 1)


def refusal(entry: Entry, limits: Limits) -> str | None:
    """Why `entry` is not read (a problem to report), or None to read it."""
    if entry.encrypted:
        return ENCRYPTED
    if ratio_exceeded(entry.size, entry.packed, limits):
        return f"compression ratio over {limits.max_ratio:.0f}:1 (zip bomb?): not read"
    if entry.size > limits.max_bytes:
        return f"too large: {entry.size} bytes over the limit of {limits.max_bytes}: not read"
    return None


def quietly_skipped(entry: Entry) -> bool:
    """Directories, OS clutter and empty files: nothing to screen, nothing to report."""
    return entry.is_dir or entry.size == 0 or is_junk(entry.name)


def check_archive(entries: list[Entry], archive_bytes: int, context: ReadContext, kind: str) -> None:
    """Refuse the whole archive when it is nested too deep or too big; raises UnreadableInput."""
    limits = context.limits
    if context.depth > limits.max_depth:
        raise UnreadableInput(f"{kind} nested more than {limits.max_depth} archives deep: not opened")
    files = [entry for entry in entries if not entry.is_dir]
    if len(files) > limits.max_members:
        raise UnreadableInput(f"{kind} has {len(files)} members, over the limit of {limits.max_members}")
    total = sum(entry.size for entry in files)
    if total > limits.max_unpacked_bytes:
        raise UnreadableInput(f"{kind} unpacks to {total} bytes, over the limit of {limits.max_unpacked_bytes} (zip bomb?)")
    # Members under SMALL_MEMBER escape the per-member ratio; many of them together do not.
    readable = [entry for entry in files if not quietly_skipped(entry) and refusal(entry, limits) is None]
    packed = [entry.packed for entry in readable]
    packed_total = sum(packed) if None not in packed else archive_bytes  # type: ignore[arg-type]
    if ratio_exceeded(sum(entry.size for entry in readable), packed_total, limits):
        raise UnreadableInput(f"{kind} compression ratio over {limits.max_ratio:.0f}:1 over its members (zip bomb?): not opened")


# ---------------------------------------------------------------------------------------
# Reading members one at a time


def bounded_copy(stream: BinaryIO, limit: int) -> BinaryIO:
    """The stream's bytes in a rewound spooled file; UnreadableInput past `limit` bytes,
    whatever the archive declared."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the caller, who closes it
    try:
        copied = 0
        while chunk := stream.read(min(CHUNK, limit + 1 - copied)):
            copied += len(chunk)
            if copied > limit:
                raise UnreadableInput(f"larger than declared: over the limit of {limit} bytes, not read")
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    finally:
        stream.close()
    spool.seek(0)
    return spool  # type: ignore[return-value]


def extraction_failure(error: Exception) -> str:
    """A member that could not be extracted, described by kind only (messages may quote content)."""
    if isinstance(error, NotImplementedError):
        return "cannot extract: unsupported compression method"
    name = type(error).__name__  # the 7z and rar libraries' errors are imported only with them
    if isinstance(error, (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError)) or "CRC" in name or name.startswith("Bad"):
        return f"corrupt member, cannot extract ({name})"
    return f"cannot extract ({name})"


class GuardedMember(Document):
    """A member document whose failure while being read (a corrupt part found late, a
    text member that turns out undecodable) becomes a problem instead of ending the
    archive. The time limit is not caught: it ends the whole file."""

    def __init__(self, inner: Document) -> None:
        self.inner = inner
        self.encoding = inner.encoding
        self.failures: list[str] = []

    @property
    def chars(self) -> int:  # type: ignore[override]
        return self.inner.chars

    @property
    def problems(self) -> list[str]:  # type: ignore[override]
        return self.inner.problems + self.failures

    def _guard(self, items: Iterator) -> Iterator:
        from screening.sources.timeout import TimeLimitExceeded

        try:
            yield from items
        except TimeLimitExceeded:
            raise
        except UnreadableInput as error:
            self.failures.append(f"{error} (read up to there)")
        except Exception as error:  # noqa: BLE001 - one bad member must not stop the others
            self.failures.append(f"internal error ({type(error).__name__}) while reading: the rest of the member was not screened")

    def blocks(self):
        return self._guard(self.inner.blocks())

    def pieces(self):
        return self._guard(self.inner.pieces())


def open_member(entry: Entry, data: BinaryIO, context: ReadContext) -> Document:
    from screening.sources.formats import open_document

    return GuardedMember(open_document(data, entry.name, context.limits, context.depth + 1))


def member_documents(entries: list[Entry], context: ReadContext, problems: list[str]) -> Iterator[tuple[str, Document]]:
    """(member path, Document) for each readable member, lazily; the rest go to `problems`."""
    from screening.sources.timeout import TimeLimitExceeded

    for entry in entries:
        if quietly_skipped(entry):
            continue
        reason = refusal(entry, context.limits)
        if reason:
            problems.append(f"{entry.name}: {reason}")
            continue
        try:
            data = bounded_copy(entry.open(), context.limits.max_bytes)
        except TimeLimitExceeded:
            raise
        except UnreadableInput as error:
            problems.append(f"{entry.name}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - a corrupt member must not stop the others
            problems.append(f"{entry.name}: {extraction_failure(error)}")
            continue
        with data:  # released when the screener moves on to the next member
            try:
                document = open_member(entry, data, context)
            except TimeLimitExceeded:
                raise
            except UnreadableInput as error:
                problems.append(f"{entry.name}: {error}")
                continue
            except Exception as error:  # noqa: BLE001
                problems.append(f"{entry.name}: internal error ({type(error).__name__}): not screened")
                continue
            yield entry.name, document


def archive_document(entries: list[Entry], archive_bytes: int, context: ReadContext, kind: str) -> Document:
    check_archive(entries, archive_bytes, context, kind)
    problems: list[str] = []
    return CompositeDocument(member_documents(entries, context, problems), problems)


def stream_size(raw: BinaryIO) -> int:
    position = raw.tell()
    size = raw.seek(0, io.SEEK_END)
    raw.seek(position)
    return size


# ---------------------------------------------------------------------------------------
# zip


def unicode_path_field(info: zipfile.ZipInfo, raw_name: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), if present and it matches the raw name."""
    extra, position = info.extra, 0
    while position + 4 <= len(extra):
        field_id, length = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4 : position + 4 + length]
        position += 4 + length
        # version 1, then the CRC of the raw name it stands for: a stale field is ignored
        if field_id == UNICODE_PATH_FIELD and len(body) >= 5 and body[0] == 1 and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw_name):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: zipfile decodes names without the UTF-8 flag as cp437,
    but on Chinese Windows they are GBK."""
    name = info.orig_filename
    if not info.flag_bits & 0x800 and not name.isascii():
        raw = name.encode("cp437")
        name = unicode_path_field(info, raw) or decode_legacy_name(raw) or name
    return name.replace("\\", "/")


def decode_legacy_name(raw: bytes) -> str | None:
    """A file name in no declared encoding: UTF-8 if it is valid UTF-8, else GB18030."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def zip_entries(package: zipfile.ZipFile) -> list[Entry]:
    return [
        Entry(
            name=zip_member_name(info), size=info.file_size, packed=info.compress_size,
            open=lambda info=info: package.open(info), encrypted=bool(info.flag_bits & 0x1),
            is_dir=info.is_dir() or (info.filename.endswith("\\") and info.file_size == 0),
        )
        for info in package.infolist()
    ]


def read_zip(raw: BinaryIO, context: ReadContext) -> Document:
    try:
        package = zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableInput(f"corrupt or truncated zip: {error}") from None
    return archive_document(zip_entries(package), stream_size(raw), context, "zip")


# ---------------------------------------------------------------------------------------
# 7z


class SevenZipExtraction:
    """Members of a 7z extracted once, on first use, each to a file in a private directory.

    py7zr names what it writes by the member's path, a repeated path getting `_0`, `_1`…
    (`keys` replays that); only members written whole (CRC checked) are in `done`.
    """

    def __init__(self, archive, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.targets: list[str] = []
        self.directory: str | None = None
        self.done: dict[str, str] = {}  # py7zr's name for the member -> its temporary file
        self.failure: Exception | None = None

    def open(self, key: str) -> BinaryIO:
        if self.directory is None:
            self._extract()
        if key not in self.done:
            raise self.failure or UnreadableInput("not extracted from the archive")
        return open(self.done[key], "rb")

    def _extract(self) -> None:
        import py7zr

        from screening.sources.timeout import TimeLimitExceeded

        self.directory = tempfile.mkdtemp(prefix="screening-7z-")
        try:
            # Only the targets are written; solid blocks holding none of them are not inflated.
            self.archive.extract(targets=self.targets, factory=file_factory(self.directory, self.done, self.limits.max_bytes))
        except TimeLimitExceeded:
            raise
        except py7zr.exceptions.PasswordRequired:
            self.failure = UnreadableInput(ENCRYPTED)
        except Exception as error:  # noqa: BLE001 - members written before the failure are still screened
            self.failure = error

    def close(self) -> None:
        self.archive.close()
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)


def file_factory(directory: str, done: dict[str, str], limit: int):
    """A py7zr writer factory putting each member in a numbered file of `directory` (never
    the member's own path: no traversal, no name clashes); `done` gets the members
    written whole. Built on first use, so py7zr is imported only when a 7z is read."""
    import itertools
    import threading

    from py7zr.io import Py7zIO, WriterFactory

    class BoundedFile(Py7zIO):
        """A member written to disk; more than `limit` bytes is refused whatever the header said."""

        def __init__(self, key: str, path: str) -> None:
            self.key, self.path = key, path
            self.handle = open(path, "w+b")  # noqa: SIM115 - closed by py7zr through close()
            self.written = 0

        def write(self, data: bytes | bytearray) -> int:
            self.written += len(data)
            if self.written > limit:
                raise UnreadableInput(f"larger than declared: over the limit of {limit} bytes, not read")
            return self.handle.write(data)

        def read(self, size: int | None = None) -> bytes:
            return self.handle.read(size)

        def seek(self, offset: int, whence: int = 0) -> int:
            return self.handle.seek(offset, whence)

        def flush(self) -> None:
            self.handle.flush()

        def size(self) -> int:
            return self.written

        def close(self) -> None:
            # py7zr calls close() only once the member is written and its CRC checked;
            # one descriptor is open at a time per thread, however many members.
            self.handle.close()
            done[self.key] = self.path

    class FileFactory(WriterFactory):
        def __init__(self) -> None:
            self.numbers = itertools.count()
            self.lock = threading.Lock()  # py7zr inflates independent blocks in threads

        def create(self, filename: str) -> Py7zIO:
            with self.lock:
                number = next(self.numbers)
            return BoundedFile(filename, os.path.join(directory, str(number)))

    return FileFactory()


def seven_zip_entries(archive) -> list[Entry]:
    """Entries; a member of a solid block gets its share of the block's packed size (in a
    solid block only the first member records it), so the ratio is the block's."""
    blocks: dict[int, tuple[int, int]] = {}  # id(folder) -> (unpacked, packed)
    for member in archive.files:
        if member.folder is not None:
            unpacked, packed = blocks.get(id(member.folder), (0, 0))
            blocks[id(member.folder)] = (unpacked + (member.uncompressed or 0), packed + (member.compressed or 0))
    entries = []
    for member in archive.files:
        size = member.uncompressed or 0
        unpacked, packed = blocks.get(id(member.folder), (0, 0)) if member.folder is not None else (0, 0)
        entries.append(Entry(
            name=member.filename.replace("\\", "/"), size=size,
            packed=round(size * packed / unpacked) if unpacked else None, open=not_extracted,
            is_dir=member.is_directory,
        ))
    return entries


def not_extracted() -> BinaryIO:
    raise UnreadableInput("not extracted from the archive")


def assign_keys(archive, entries: list[Entry], extraction: SevenZipExtraction, limits: Limits) -> None:
    """Choose the members to extract and point each entry at py7zr's name for it."""
    extraction.targets = sorted({
        member.filename for member, entry in zip(archive.files, entries)
        if not quietly_skipped(entry) and refusal(entry, limits) is None
    })
    targets, seen = set(extraction.targets), {}
    for member, entry in zip(archive.files, entries):
        if member.filename in targets and not member.is_directory:
            count = seen.get(member.filename, -1)
            seen[member.filename] = count + 1
            key = member.filename if count < 0 else f"{member.filename}_{count}"
            entry.open = lambda key=key: extraction.open(key)


def read_7z(raw: BinaryIO, context: ReadContext) -> Document:
    import py7zr

    try:
        archive = py7zr.SevenZipFile(raw, max_extract_size=context.limits.max_unpacked_bytes)
    except py7zr.exceptions.PasswordRequired:
        raise UnreadableInput(ENCRYPTED) from None  # even the names are encrypted
    except (py7zr.exceptions.ArchiveError, OSError, EOFError, ValueError, KeyError, IndexError, struct.error) as error:
        raise UnreadableInput(f"corrupt or truncated 7z ({type(error).__name__})") from None
    if archive.needs_password():
        archive.close()
        raise UnreadableInput(ENCRYPTED)  # 7-Zip encrypts every block with the one password
    extraction = SevenZipExtraction(archive, context.limits)
    entries = seven_zip_entries(archive)
    try:
        check_archive(entries, stream_size(raw), context, "7z")
    except UnreadableInput:
        extraction.close()
        raise
    assign_keys(archive, entries, extraction, context.limits)
    problems: list[str] = []
    return CompositeDocument(_closing(member_documents(entries, context, problems), extraction), problems)


def _closing(members: Iterator[tuple[str, Document]], extraction: SevenZipExtraction) -> Iterator[tuple[str, Document]]:
    """The members, then the temporary files removed (also when reading stops early)."""
    try:
        yield from members
    finally:
        extraction.close()


# ---------------------------------------------------------------------------------------
# rar


NO_RAR_TOOL = "rar: no extraction tool (install unrar or 7zip)"


def rar_member_name(info) -> str:
    """Old (RAR 2/3) names without the Unicode flag are in the system code page — GBK on
    Chinese Windows; rarfile would try UTF-16 on them and produce nonsense."""
    import rarfile

    raw = info.orig_filename
    if isinstance(info, rarfile.Rar3Info) and isinstance(raw, bytes) and not info.flags & rarfile.RAR_FILE_UNICODE and not raw.isascii():
        name = decode_legacy_name(raw)
        if name is not None:
            return name.replace("\\", "/").rstrip("/")
    return info.filename.rstrip("/")


def rar_tool_available() -> bool:
    import rarfile

    try:
        rarfile.tool_setup()
        return True
    except rarfile.RarCannotExec:
        return False


def read_rar(raw: BinaryIO, context: ReadContext) -> Document:
    import rarfile

    try:
        archive = rarfile.RarFile(raw, charset="gb18030", errors="strict")  # a damaged header is an error, not an end
        if archive.needs_password() and not archive.infolist():
            raise UnreadableInput(ENCRYPTED)  # names encrypted too (rar -hp)
        infos = archive.infolist()
    except rarfile.PasswordRequired:
        raise UnreadableInput(ENCRYPTED) from None
    except (rarfile.Error, OSError, EOFError, ValueError, struct.error) as error:
        raise UnreadableInput(f"corrupt or truncated rar ({type(error).__name__})") from None
    entries = [
        Entry(
            name=rar_member_name(info), size=info.file_size, packed=info.compress_size,
            open=lambda info=info: archive.open(info), encrypted=info.needs_password(), is_dir=info.is_dir(),
        )
        for info in infos
    ]
    # Stored members are read without a tool; any other member to be read needs one.
    to_read = (
        info for info, entry in zip(infos, entries)
        if not quietly_skipped(entry) and refusal(entry, context.limits) is None
    )
    if any(info.compress_type != rarfile.RAR_M0 for info in to_read) and not rar_tool_available():
        raise UnreadableInput(NO_RAR_TOOL)
    return archive_document(entries, stream_size(raw), context, "rar")
