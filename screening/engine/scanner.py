"""Scanning entry points: text, bytes, one file, and trees of files.

Every input ends as a ScanResult. An input that cannot be read (binary, undecodable,
too large, unsupported, unreadable, a symlink loop) becomes verdict `error` with a
reason — it never stops a folder scan and never passes silently.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from screening.engine.categorize import categorized
from screening.engine.fingerprint import assign_fingerprints
from screening.engine.metadata_tap import MetadataTap
from screening.engine.names import NameTap, mask_names, name_findings
from screening.model import Finding, ScanResult, Verdict, verdict_of
from screening.sources import Document, Limits, UnreadableInput, open_document
from screening.sources.files import not_regular, open_regular
from screening.sources.text import text_blocks
from screening.sources.timeout import TimeLimitExceeded, time_limit

if TYPE_CHECKING:
    from screening.engine.screener import (
        Screener,  # callers pass one in; loading it here would load Presidio
    )

__all__ = ["Limits", "iter_tree", "screen_bytes", "screen_file", "screen_text"]

# How a stream becomes a Document: open_document, or a reader that runs elsewhere
# (screening.sources.isolated.ReaderPool.open_document, killed at the deadline).
Opener = Callable[[BinaryIO, str, Limits], Document]


def _result(screener: Screener, path: str | None, names: NameTap | None = None, **fields) -> ScanResult:
    """The result, with the identifiers in the file's path, member and sheet names found and,
    unless values were asked for, masked wherever the result shows those names."""
    found = name_findings(screener, path, names, fields.get("category"))
    if found:
        fields["findings"] = findings = [*fields.get("findings", ()), *found]
        verdict = verdict_of(findings)
        if fields["verdict"] != "error" or verdict == "block":  # an unreadable part still counts unless it blocks
            fields["verdict"] = verdict
    assign_fingerprints(fields.get("findings", ()))
    result = ScanResult(path=path, policy_name=screener.policy.name, policy_version=screener.policy.version, **fields)
    if not screener.show_values:
        mask_names(result)
    return result


# A lone surrogate (a str from broken UTF-16, surrogateescape) cannot be encoded for OpenCC or the
# name model: it becomes U+FFFD, one character for one, so every offset still points into `text`.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def screen_text(screener: Screener, text: str, category: str | None = None, name: str | None = None) -> ScanResult:
    """Screen text; `name` (a filename sent with it) is screened and masked like a file's name."""
    blocks, guess = categorized(text_blocks(_LONE_SURROGATE.sub("\ufffd", text)), category)
    findings, dropped = screener.screen_blocks(blocks, guess.label)
    return _result(
        screener, name, verdict=verdict_of(findings), findings=findings, category=guess.label, category_evidence=guess.evidence,
        sha256=hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest(),
        chars=len(text), findings_dropped=dropped,
    )


def verdict_with_problems(findings: list[Finding], problems: list[str]) -> Verdict:
    """A document with unreadable parts is `error` (never `pass`), unless a finding already blocks it."""
    verdict = verdict_of(findings)
    return verdict if verdict == "block" or not problems else "error"


def _screen_stream(
    screener: Screener, raw: BinaryIO, name: str, sha256: str, category, limits: Limits, tap: MetadataTap | None = None,
    opener: Opener = open_document,
) -> ScanResult:
    # The deadline also ends a reader stuck inside a parser (see screening.sources.timeout).
    with time_limit(limits.seconds_per_file) as deadline:
        document: Document = opener(raw, name, limits)
        names = NameTap()
        blocks = names.watch(tap.watch(document.blocks()) if tap else document.blocks())
        blocks, guess = categorized(blocks, category)
        findings, dropped = screener.screen_blocks(blocks, guess.label, deadline)
    problems = document.problems
    return _result(
        screener, name, names, verdict=verdict_with_problems(findings, problems), findings=findings,
        category=guess.label, category_evidence=guess.evidence,
        sha256=sha256, encoding=document.encoding, chars=document.chars, findings_dropped=dropped,
        error="; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else "") if problems else None,
        metadata=tap.metadata() if tap else None,
    )


def screen_bytes(
    screener: Screener, data: bytes, filename: str, category=None, limits: Limits = Limits(), with_metadata: bool = False,
    opener: Opener = open_document,
) -> ScanResult:
    """Screen file content; `with_metadata` also reads its publish date, publisher and 公示 period;
    `opener` reads it (the service's reads in killable processes)."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        if len(data) > limits.max_bytes:
            raise UnreadableInput(f"too large: {len(data)} bytes over the limit of {limits.max_bytes}")
        if not data:
            return _result(screener, filename, verdict="pass", sha256=sha256, category=category)
        tap = MetadataTap(filename) if with_metadata else None
        return _screen_stream(screener, io.BytesIO(data), filename, sha256, category, limits, tap, opener)
    except UnreadableInput as error:
        return _result(screener, filename, verdict="error", error=str(error), sha256=sha256, category=category)
    except Exception as error:  # noqa: BLE001
        return _result(screener, filename, verdict="error", error=unexpected_error(error), sha256=sha256, category=category)


def unexpected_error(error: BaseException) -> str:
    """What a file's unexpected failure is reported as: the time limit when a library caught the
    TimeLimitExceeded the timer raised inside it and raised its own error (ONNX Runtime does),
    else an internal error."""
    cause: BaseException | None = error
    for _ in range(32):  # a chain is short; the bound guards against a cycle
        if cause is None:
            break
        if isinstance(cause, TimeLimitExceeded):
            return str(cause)
        cause = cause.__cause__ or cause.__context__
    return internal_error(error)


def internal_error(error: BaseException) -> str:
    """Describe an unexpected failure by type and code location only: its message may hold a value."""
    frame = error.__traceback__
    while frame and frame.tb_next:
        frame = frame.tb_next
    where = f" at {Path(frame.tb_frame.f_code.co_filename).name}:{frame.tb_lineno}" if frame else ""
    return f"internal error ({type(error).__name__}{where}): the file was not screened; please report it"


def screen_file(
    screener: Screener, path: str | Path, category=None, limits: Limits = Limits(), with_metadata: bool = False,
) -> ScanResult:
    """Screen one file; `with_metadata` also reads its publish date, publisher and 公示 period."""
    name = os.fspath(path)
    try:
        # Regular files only, and the digest inside the time limit too: a FIFO or /dev/zero never ends.
        with open_regular(name) as raw, time_limit(limits.seconds_per_file):
            status = os.fstat(raw.fileno())
            size = status.st_size
            if size > limits.max_bytes:
                raise UnreadableInput(f"too large: {size} bytes over the limit of {limits.max_bytes}")
            sha256 = hashlib.file_digest(raw, "sha256").hexdigest()
            if size == 0:
                return _result(screener, name, verdict="pass", sha256=sha256, category=category)
            raw.seek(0)
            tap = MetadataTap(name, datetime.fromtimestamp(status.st_mtime, timezone.utc)) if with_metadata else None
            return _screen_stream(screener, raw, name, sha256, category, limits, tap)
    except UnreadableInput as error:
        return _result(screener, name, verdict="error", error=str(error), category=category)
    except OSError as error:
        return _result(screener, name, verdict="error", error=f"cannot read: {error.strerror or type(error).__name__}", category=category)
    except Exception as error:  # noqa: BLE001 - one bad file must not stop a folder scan
        return _result(screener, name, verdict="error", error=unexpected_error(error), category=category)


@dataclass(frozen=True)
class TreeEntry:
    """A file to screen, or a path that could not be walked (with the reason)."""

    path: str
    error: str | None = None


def screen_entry(screener: Screener, entry: TreeEntry, category: str | None, limits: Limits) -> ScanResult:
    """A walked file's result, or the error result of a path that could not be walked."""
    if entry.error:
        return ScanResult(path=entry.path, verdict="error", error=entry.error,
                          policy_name=screener.policy.name, policy_version=screener.policy.version)
    return screen_file(screener, entry.path, category, limits)


def iter_tree(paths: Iterable[str | Path]) -> Iterator[TreeEntry]:
    """Files under `paths` in sorted order, following directory symlinks once (loops reported)."""
    visited: set[tuple[int, int]] = set()
    for root in paths:
        root = str(root)
        if not os.path.exists(root):
            yield TreeEntry(root, "not found" if not os.path.islink(root) else "broken symlink")
        elif not os.path.isdir(root):
            yield TreeEntry(root)
        else:
            yield from _walk_directory(root, visited)


def _walk_directory(root: str, visited: set[tuple[int, int]]) -> Iterator[TreeEntry]:
    stack = [root]
    while stack:  # iterative: deeply nested folders cannot exhaust the recursion limit
        directory = stack.pop()
        try:
            status = os.stat(directory)
            key = (status.st_dev, status.st_ino)
            if key in visited:
                yield TreeEntry(directory, "symlink loop: directory already scanned")
                continue
            visited.add(key)
            with os.scandir(directory) as entries:
                children = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            yield TreeEntry(directory, f"cannot list directory: {error.strerror or type(error).__name__}")
            continue
        subdirectories = []
        for entry in children:
            try:
                if entry.is_dir(follow_symlinks=True):
                    subdirectories.append(entry.path)
                elif entry.is_file(follow_symlinks=True):
                    yield TreeEntry(entry.path)
                elif not os.path.exists(entry.path):
                    yield TreeEntry(entry.path, "broken symlink or symlink loop")
                else:  # a FIFO, a device or a socket (or a symlink to one): named, never read
                    yield TreeEntry(entry.path, not_regular(entry.stat(follow_symlinks=True).st_mode))
            except OSError as error:
                yield TreeEntry(entry.path, f"cannot stat: {error.strerror or type(error).__name__}")
        stack.extend(reversed(subdirectories))
