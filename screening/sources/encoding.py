"""Which text encoding a file is in — UTF-8 (with or without BOM), GB18030/GBK, UTF-16 —
or that it is not text at all.

Chinese office files are often GBK/GB18030 (Windows Notepad, old CMS exports). The
detection runs on a sample from the start of the file (files are streamed, never read
whole): BOMs first, then strict UTF-8, then charset-normalizer. GB2312/GBK guesses are
widened to GB18030, their superset, so a rare character does not break decoding.
"""

from __future__ import annotations

import codecs

import charset_normalizer

SAMPLE_BYTES = 256 * 1024
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UnreadableInput(Exception):
    """A file that cannot be screened, with a reason a person can act on (never its content)."""


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM has NUL in every other byte for ASCII and many CJK runs."""
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 16:
        if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be"
    return None


def _is_utf8(sample: bytes, complete: bool) -> bool:
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        # A sample cut in the middle of a character is still UTF-8.
        return not complete and error.start >= len(sample) - 3 and error.reason == "unexpected end of data"


def detect_encoding(sample: bytes, complete: bool) -> str:
    """The codec name to decode a file whose first bytes are `sample`.

    `complete` says the sample is the whole file. Raises UnreadableInput for binary data.
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16:
            return utf16
        raise UnreadableInput("binary content (NUL bytes): not a text file")
    if _is_utf8(sample, complete):
        return "utf-8"
    best = charset_normalizer.from_bytes(sample).best()
    if best is None:
        raise UnreadableInput("undecodable bytes: no text encoding fits (not UTF-8, GB18030 or UTF-16)")
    encoding = best.encoding.lower().replace("_", "")
    return "gb18030" if encoding in _GB_FAMILY or encoding.startswith("gb") else best.encoding


def control_ratio(text: str) -> float:
    """Share of control characters other than tab/newline/CR/FF: high for binary junk."""
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f" or ch == "\ufffd")
    return controls / len(text)
