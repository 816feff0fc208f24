"""Redacted copies of text files (txt, md, csv, tsv): same encoding, BOM and line endings.

The extracted text of a text file is its decoded content, so a location-pinned finding is
replaced at its own offsets (checked against its value; when they do not match — a file
with undecodable bytes — it is replaced on its own line). Long identifiers are replaced
everywhere in the file, including values wrapped across lines. Bytes that do not decode in
the file's encoding are kept as they are (surrogateescape), so the copy differs from the
original only where something was replaced.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from screening.redact.core import Replacement, deletion_span, redact_text
from screening.sources.encoding import SAMPLE_BYTES, detect_encoding

_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _split_bom(data: bytes, encoding: str) -> tuple[bytes, bytes, str]:
    """(BOM, body, codec without BOM handling): the BOM is written back as it was."""
    for bom, name in _BOM_CODECS:
        if data.startswith(bom) and encoding.replace("_", "-").lower() in {"utf-8-sig", "utf-16", "utf-32"}:
            return bom, data[len(bom):], name
    return b"", data, encoding


def decode_file(data: bytes) -> tuple[str, str, bytes]:
    """(text, codec, BOM) as the text reader decodes `data`; undecodable bytes survive a round trip."""
    sample = data[:SAMPLE_BYTES]
    encoding = detect_encoding(sample, len(sample) == len(data))
    bom, body, codec = _split_bom(data, encoding)
    return body.decode(codec, errors="surrogateescape"), codec, bom


def _line_spans(text: str) -> list[int]:
    """Offset where each line (1-based index - 1) starts; lines end after '\\n' as the reader counts them."""
    starts = [0]
    for index, ch in enumerate(text):
        if ch == "\n":
            starts.append(index + 1)
    return starts


def redact_string(text: str, replacements: list[Replacement]) -> tuple[str, int]:
    """`text` (a file's decoded content, the extracted text) with the replacements applied:
    pinned ones at their offsets (or on their line), long identifiers everywhere."""
    pinned = [r for r in replacements if not r.everywhere]
    everywhere = [r for r in replacements if r.everywhere]
    spans: dict[tuple[int, int], str] = {}
    by_line: dict[int, list[Replacement]] = {}
    for r in pinned:
        if r.start is not None and r.end is not None and text[r.start : r.end] == r.value:
            spans[(r.start, r.end)] = r.replacement
        elif r.location.line is not None:
            by_line.setdefault(r.location.line, []).append(r)
    count = 0
    if by_line:  # offsets did not match: replace within the finding's line
        starts = _line_spans(text)
        for line, reps in by_line.items():
            if 1 <= line <= len(starts):
                begin = starts[line - 1]
                end = starts[line] if line < len(starts) else len(text)
                # record spans of each occurrence within the line (longest first, no overlaps)
                segment = text[begin:end]
                for r in sorted(reps, key=lambda r: -len(r.value)):
                    position = segment.find(r.value)
                    while position >= 0:
                        spans.setdefault((begin + position, begin + position + len(r.value)), r.replacement)
                        position = segment.find(r.value, position + len(r.value))
    pieces: list[str] = []
    cursor = 0
    for (start, end), replacement in sorted(spans.items()):
        if start < cursor:  # overlaps a span already replaced (two findings on one value)
            continue
        if not replacement:  # a deletion takes the punctuation it leaves dangling with it
            start, end = deletion_span(text, start, end, cursor)
        pieces.append(text[cursor:start])
        pieces.append(replacement)
        cursor = end
        count += 1
    pieces.append(text[cursor:])
    redacted, replaced = redact_text("".join(pieces), everywhere)
    return redacted, count + replaced


def redact_text_file(source: Path, output: Path, replacements: list[Replacement]) -> tuple[int, list[str]]:
    data = source.read_bytes()
    text, codec, bom = decode_file(data)
    redacted, count = redact_string(text, replacements)
    output.write_bytes(bom + redacted.encode(codec, errors="surrogateescape"))
    return count, []
