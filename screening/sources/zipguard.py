"""Checks on a zip package (docx, xlsx, ofd, zip) before any member is inflated.

A zip bomb declares a modest file and inflates to gigabytes; the central directory
states each member's sizes, so the whole package is judged before reading: total
uncompressed size and each member's compression ratio. Members are then read with a
bounded read, never trusting the declared size alone.
"""

from __future__ import annotations

import zipfile
from typing import BinaryIO

from screening.sources.document import Limits
from screening.sources.encoding import UnreadableInput

SMALL_MEMBER = 1024 * 1024  # below this, any ratio is harmless (XML of repeated cells compresses 100x)


def open_zip(raw: BinaryIO, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(raw)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableInput(f"corrupt or truncated {kind}: {error}") from None


def bomb_reason(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why this member must not be inflated, or None."""
    if info.file_size > limits.max_bytes:
        return f"member too large ({info.file_size} bytes over the limit of {limits.max_bytes})"
    if info.file_size > SMALL_MEMBER and info.file_size > limits.max_ratio * max(info.compress_size, 1):
        return f"compression ratio over {limits.max_ratio:.0f}:1 (zip bomb?)"
    return None


def check_package(package: zipfile.ZipFile, limits: Limits, kind: str) -> None:
    """Raise UnreadableInput if the package as a whole is a zip bomb or encrypted."""
    infos = package.infolist()
    total = sum(info.file_size for info in infos)
    if total > limits.max_unpacked_bytes:
        raise UnreadableInput(f"{kind} unpacks to {total} bytes, over the limit of {limits.max_unpacked_bytes} (zip bomb?)")
    for info in infos:
        reason = bomb_reason(info, limits)
        if reason:
            raise UnreadableInput(f"{kind} part {info.filename}: {reason}")
        if info.flag_bits & 0x1:
            raise UnreadableInput("encrypted: cannot be screened")


def read_member(package: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """At most `limit` bytes of a member; more is an error, whatever the header said."""
    with package.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise UnreadableInput(f"part {name} larger than declared (over {limit} bytes)")
    return data


def check_xml_parts(package: zipfile.ZipFile, limits: Limits, kind: str) -> None:
    """Raise UnreadableInput if an XML part is larger than a whole-tree parse may hold (see
    `Limits.max_xml_part_bytes`)."""
    for info in package.infolist():
        if info.filename.endswith(".xml") and info.file_size > limits.max_xml_part_bytes:
            raise UnreadableInput(
                f"{kind} part {info.filename}: {info.file_size // (1024 * 1024)} MiB of XML, over the limit of "
                f"{limits.max_xml_part_bytes // (1024 * 1024)} MiB a reader parses whole"
            )
