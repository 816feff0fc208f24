"""Redacted copies of HTML pages, edited in the page's own bytes.

The page is not re-serialised: a small tokenizer finds the text between tags and the
attribute values, and only the characters of a finding are rewritten, so everything else
— markup, whitespace, scripts, the charset — stays byte for byte (in the page's encoding).

- Text is matched per *line* as the HTML reader builds it: the text runs between
  block-level tags and `<br>`, entities decoded and whitespace collapsed, so a number cut
  by inline tags (`<span>3401</span><span>04…</span>`) or written with entities is still
  found. Its replacement goes into the first text run it starts in; the rest of its
  characters are removed from the runs they are in (the tags stay).
- Location pinning: long identifiers are replaced on every line; a short value (a score,
  a name) only on a line whose text is the extracted line the finding was on.
- Attribute values (title, alt, meta content, a visible input's value, `data-*`, link
  URLs and their query strings — percent-decoded, as the reader lists them) are redacted
  the same way.
- Inline `<script>` and `<style>` text is redacted as written (the reader reads it raw):
  the value's characters are replaced where they stand, the code around them kept.
- Hidden elements (`display:none`, `visibility:hidden`, the `hidden` attribute,
  `<template>`, `<input type=hidden>`) that carry a finding are removed whole, as are HTML
  comments that carry one: nobody reads them, and a masked remnant has no use.

Not handled: a value split across two lines (a `<br>` or a block tag inside a number —
the reader does not find those either); elements hidden through a stylesheet class, tiny
or white text (the reader cannot tell them; their text is redacted like visible text);
images with text in them (OCR findings are reported, the image is not altered), and
text produced by scripts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from screening.redact.core import Replacement, redact_text
from screening.redact.text import _split_bom
from screening.sources.html import _HIDDEN_STYLE, BLOCK_TAGS, decode_html

_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^\s/>\"']*+(?:[^>\"']|\"[^\"]*\"|'[^']*')*+>",
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_QUOTED = re.compile(r"=\s*\"([^\"]*)\"|=\s*'([^']*)'")
_SPACE = " \t\n\r\f\v\xa0"
_HAS_ATTRIBUTES = re.compile(r"[\s/]\S")
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_NEWLINES = re.compile(r"\r\n|\r|\n")
RAW_TEXT = frozenset({"script", "style", "xmp", "plaintext", "textarea", "title"})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
})
TEXT_ATTRIBUTES = frozenset({"title", "alt", "content", "value", "href", "src", "data", "placeholder", "aria-label"})
URL_ATTRIBUTES = frozenset({"href", "src", "data"})
URL_SAFE = "/:?=&#;,+@!$'()*~._-%"
CODE = frozenset({"script", "style"})


def _is_text(attribute: str) -> bool:
    """An attribute the reader screens: title, alt, URLs … and every `data-*` one."""
    return attribute in TEXT_ATTRIBUTES or attribute.startswith("data-")


@dataclass
class _Run:
    """A text run of the page: its source span and its decoded characters' source spans."""

    start: int
    end: int
    chars: list[tuple[str, int, int]]  # (character, source start, source end)


def _decode_run(source: str, start: int, end: int) -> _Run:
    chars: list[tuple[str, int, int]] = []
    position = start
    for match in _ENTITY.finditer(source, start, end):
        chars.extend((ch, i, i + 1) for i, ch in zip(range(position, match.start()), source[position:match.start()]))
        decoded = html.unescape(match.group(0))
        chars.extend((ch, match.start(), match.end()) for ch in decoded)
        position = match.end()
    chars.extend((ch, i, i + 1) for i, ch in zip(range(position, end), source[position:end]))
    return _Run(start, end, chars)


def _collapsed(run: _Run, keep_spaces: bool) -> list[tuple[str, int, int]]:
    """A run as the reader adds it: each whitespace run becomes one space (outside <pre>),
    whose source span covers the whole run."""
    if keep_spaces:
        return run.chars
    out: list[tuple[str, int, int]] = []
    in_space = False
    for ch, start, end in run.chars:
        if ch in _SPACE:
            if in_space:
                out[-1] = (" ", out[-1][1], end)
            else:
                out.append((" ", start, end))
                in_space = True
            continue
        out.append((ch, start, end))
        in_space = False
    return out


def _run_text(source: str, start: int, end: int, keep_spaces: bool) -> str:
    """The text of a run as `_collapsed(_decode_run(…))` gives it, without the source map."""
    text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), source[start:end])
    return text if keep_spaces else _SPACES.sub(" ", text)


class _Line:
    """The text runs (start, end, keep_spaces) of one line, as the reader joins them."""

    def __init__(self) -> None:
        self.runs: list[tuple[int, int, bool]] = []

    def text(self, source: str) -> str:
        return "".join(_run_text(source, *run) for run in self.runs).strip()

    def chars(self, source: str) -> list[tuple[str, int, int]]:
        """The stripped line's characters with their source spans (built only for lines that need it)."""
        chars = [char for start, end, keep in self.runs for char in _collapsed(_decode_run(source, start, end), keep)]
        begin, end = 0, len(chars)
        while begin < end and chars[begin][0].isspace():
            begin += 1
        while end > begin and chars[end - 1][0].isspace():
            end -= 1
        return chars[begin:end]


class HtmlRedactor:
    """One page: tokenized once, then edited as a list of (start, end, new text) on the source."""

    def __init__(self, source: str, replacements: list[Replacement], extracted_lines: dict[int, str]) -> None:
        self.source = source
        self.everywhere = [r for r in replacements if r.everywhere]
        self.pinned = [r for r in replacements if not r.everywhere]
        self.all = replacements
        self.finding_lines = extracted_lines  # id(replacement) -> extracted line text
        self.edits: list[tuple[int, int, str]] = []
        self.removed: list[tuple[int, int]] = []
        self.count = 0
        self.notes: list[str] = []
        self.hidden_removed = 0
        self.comments_removed = 0
        self.attributes = 0
        self.links = 0
        self.code = 0
        self.patterns: dict[tuple[str, ...], tuple[re.Pattern[str], dict[str, str]]] = {}

    # ---- matching ----

    def _for_line(self, text: str) -> list[Replacement]:
        return self.everywhere + [r for r in self.pinned if self.finding_lines.get(id(r)) == text]

    def _in_part(self, *parts: str) -> list[Replacement]:
        """Long identifiers, and the pinned values found in one of `parts`."""
        return self.everywhere + [r for r in self.pinned if r.location.part in parts]

    def _carries(self, text: str, replacements: list[Replacement]) -> bool:
        return any(r.value in text for r in replacements)

    # ---- tokenizing ----

    def run(self) -> str:
        source = self.source
        self.line = _Line()
        pre = 0
        position = 0
        skip_until = -1  # the end of a removed hidden element or of a raw-text element
        for token in _TAG.finditer(source):
            if token.start() < skip_until:
                continue
            if token.start() > position:
                self._text(position, token.start(), pre > 0)
            position = token.end()
            raw = token.group(0)
            if raw.startswith("<!--"):
                self._comment(token)
                continue
            if raw.startswith(("<!", "<?")):
                continue
            name_match = _TAG_NAME.match(raw)
            name = name_match.group(1).lower() if name_match else ""
            if name in BLOCK_TAGS or name == "br":
                self._end_line()
            if raw.startswith("</"):
                if name == "pre" and pre:
                    pre -= 1
                continue
            attributes = self._attributes(token)
            if name == "input" and attributes.get("type", "").lower() == "hidden":
                if self._carries(html.unescape(attributes.get("value", "")), self._in_part("hidden-text")):
                    self._remove(token.start(), token.end())
                    self.hidden_removed += 1
                continue
            hidden = name == "template" or "hidden" in attributes or bool(_HIDDEN_STYLE.search(attributes.get("style", "")))
            if hidden and name not in VOID and not raw.endswith("/>"):
                end = self._element_end(token.start(), name)
                if end is not None and self._carries(self._element_text(token.end(), end[0]), self._in_part("hidden-text")):
                    self._remove(token.start(), end[1])
                    self.hidden_removed += 1
                    skip_until = position = end[1]
                    continue
            self._attribute_values(token, attributes)
            if name in RAW_TEXT:
                close = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(source, token.end())
                stop = close.start() if close else len(source)
                if name in CODE:
                    self._code(token.end(), stop, name)
                if name in ("title", "textarea"):
                    self._end_line()
                    self._text(token.end(), stop, name == "textarea")
                    self._end_line()
                skip_until = position = stop
                continue
            if name == "pre":
                pre += 1
        if position < len(source):
            self._text(position, len(source), pre > 0)
        self._end_line()
        return self._apply()

    def _text(self, start: int, end: int, keep_spaces: bool) -> None:
        if not keep_spaces:
            self.line.runs.append((start, end, False))
            return
        position = start
        for newline in _NEWLINES.finditer(self.source, start, end):  # <pre>: a newline ends the line
            self.line.runs.append((position, newline.start(), True))
            self._end_line()
            position = newline.end()
        self.line.runs.append((position, end, True))

    def _end_line(self) -> None:
        line, self.line = self.line, _Line()
        if not line.runs:
            return
        text = line.text(self.source)
        if not text:
            return
        replacements = [r for r in self._for_line(text) if r.value in text]
        if replacements:
            self._redact_line(text, line.chars(self.source), replacements)

    def _attributes(self, token: re.Match[str]) -> dict[str, str]:
        raw = token.group(0)
        if not _HAS_ATTRIBUTES.search(raw):
            return {}
        name_match = _TAG_NAME.match(raw)
        body = raw[name_match.end() if name_match else 1 : -1]
        found: dict[str, str] = {}
        for match in _ATTRIBUTE.finditer(body):
            value = match.group(2) or ""
            if value[:1] in "\"'":
                value = value[1:-1]
            found.setdefault(match.group(1).lower(), value)
        return found

    def _element_end(self, start: int, name: str) -> tuple[int, int] | None:
        """(start, end) of the end tag closing the element whose start tag is at `start`."""
        depth = 0
        for token in _TAG.finditer(self.source, start):
            raw = token.group(0)
            name_match = _TAG_NAME.match(raw)
            if not name_match or name_match.group(1).lower() != name:
                continue
            if raw.startswith("</"):
                depth -= 1
                if depth == 0:
                    return token.start(), token.end()
            elif not raw.endswith("/>"):
                depth += 1
        return None

    def _element_text(self, start: int, end: int) -> str:
        """The text inside an element, in the forms a value may be found in: runs joined
        (tags dropped, entities decoded), whitespace collapsed, and attribute values."""
        inner = self.source[start:end]
        joined = "".join(html.unescape(part) for part in _TAG.split(inner))
        attributes = [html.unescape(double or single) for double, single in _QUOTED.findall(inner)]
        return "\n".join([joined, " ".join(joined.split()), *attributes])

    def _code(self, start: int, end: int, part: str) -> None:
        """A script or style: long identifiers, and values found in it, replaced in place."""
        redacted, count = redact_text(self.source[start:end], self._in_part(part))
        if count:
            self.edits.append((start, end, redacted))
            self.count += count
            self.code += 1

    def _comment(self, token: re.Match[str]) -> None:
        text = html.unescape(token.group(0)[4:-3])
        candidates = self._in_part("comment")
        if self._carries(text, candidates) or self._carries(" ".join(text.split()), candidates):
            self._remove(token.start(), token.end())
            self.comments_removed += 1

    def _attribute_values(self, token: re.Match[str], attributes: dict[str, str]) -> None:
        if not attributes or not any(_is_text(name) for name in attributes):
            return
        raw = token.group(0)
        name_match = _TAG_NAME.match(raw)
        for match in _ATTRIBUTE.finditer(raw, name_match.end() if name_match else 1, len(raw) - 1):
            name = match.group(1).lower()
            if not _is_text(name) or not match.group(2):
                continue
            value_start, value_end = match.start(2), match.end(2)
            if raw[value_start] in "\"'":
                value_start, value_end = value_start + 1, value_end - 1
            value = raw[value_start:value_end]
            redacted = self._redact_attribute(name, value)
            if redacted is not None:
                base = token.start()
                self.edits.append((base + value_start, base + value_end, redacted))
                self.attributes += 1

    def _redact_attribute(self, name: str, value: str) -> str | None:
        """The attribute's new source text, or None when it carries no finding."""
        decoded = html.unescape(value)
        candidates = self.everywhere + [
            r for r in self.pinned
            if r.location.part in ("metadata", "attachment", "hidden-text", "attribute", "link") and r.value in decoded
            and (decoded in self.finding_lines.get(id(r), "") or self.finding_lines.get(id(r), "") in decoded
                 or unquote(decoded, errors="replace") in self.finding_lines.get(id(r), ""))
        ]
        if name in URL_ATTRIBUTES and "%" in decoded:
            readable = unquote(decoded, errors="replace")
            redacted, count = redact_text(readable, candidates)
            if not count:
                return None
            self.count += count
            self.links += 1
            return html.escape(quote(redacted, safe=URL_SAFE), quote=True)
        collapsed = " ".join(decoded.split())
        redacted, count = redact_text(decoded, candidates)
        if count and name in URL_ATTRIBUTES:
            self.links += 1
        if not count and collapsed != decoded:
            redacted, count = redact_text(collapsed, candidates)
        if not count:
            return None
        self.count += count
        return html.escape(redacted, quote=True)

    # ---- lines ----

    def _redact_line(self, text: str, chars: list[tuple[str, int, int]], replacements: list[Replacement]) -> None:
        if len(chars) != len(text):  # cannot map the line back to the source: left to the re-scan to report
            return
        key = tuple(sorted({r.value for r in replacements}))
        if key not in self.patterns:
            ordered = sorted({r.value: r for r in replacements}.values(), key=lambda r: -len(r.value))
            self.patterns[key] = (
                re.compile("|".join(re.escape(r.value) for r in ordered)), {r.value: r.replacement for r in ordered},
            )
        pattern, by_value = self.patterns[key]
        for match in pattern.finditer(text):
            span = chars[match.start() : match.end()]
            replacement = html.escape(by_value[match.group(0)], quote=False)
            # Source characters of the value: the first one's spot gets the replacement, the
            # others are removed; tags between them stay.
            first = True
            seen: set[tuple[int, int]] = set()
            for _, start, end in span:
                if (start, end) in seen:
                    continue  # one entity decoded into several characters
                seen.add((start, end))
                self.edits.append((start, end, replacement if first else ""))
                first = False
            self.count += 1

    # ---- applying ----

    def _remove(self, start: int, end: int) -> None:
        self.removed.append((start, end))

    def _apply(self) -> str:
        spans = [(start, end, "") for start, end in self.removed] + self.edits
        spans.sort(key=lambda span: (span[0], -span[1]))
        pieces, cursor = [], 0
        for start, end, new in spans:
            if start < cursor:  # inside a removed element, or the same character twice
                continue
            pieces.append(self.source[cursor:start])
            pieces.append(new)
            cursor = max(cursor, end)
        pieces.append(self.source[cursor:])
        if self.hidden_removed:
            self.notes.append(f"removed {self.hidden_removed} hidden element(s) carrying findings")
        if self.comments_removed:
            self.notes.append(f"removed {self.comments_removed} HTML comment(s) carrying findings")
        if self.attributes:
            self.notes.append(f"masked {self.attributes} attribute value(s) (title/alt/meta/link)")
        if self.code:
            self.notes.append(f"masked values in {self.code} inline script(s) or style sheet(s)")
        if self.links:
            self.notes.append(f"{self.links} link(s) named a file with a finding: link masked, rename or remove that file on the server")
        return "".join(pieces)


def _extracted_lines(source: Path, replacements: list[Replacement]) -> dict[int, str]:
    """id(replacement) -> the extracted line its finding is on (for location pinning)."""
    from screening.sources import Limits, open_document

    pinned = [r for r in replacements if not r.everywhere and r.start is not None]
    if not pinned:
        return {}
    with open(source, "rb") as raw:
        # OCR of embedded images comes last in the extracted text: not needed for the offsets before it.
        text = "".join(piece for _, piece in open_document(raw, str(source), Limits(ocr="never")).pieces())
    lines = {}
    for r in pinned:
        begin = text.rfind("\n", 0, r.start) + 1
        end = text.find("\n", r.end)
        lines[id(r)] = text[begin : end if end >= 0 else len(text)].strip()
    return lines


def redact_html(source: Path, output: Path, replacements: list[Replacement]) -> tuple[int, list[str]]:
    data = source.read_bytes()
    _, codec = decode_html(data)
    bom, body, codec = _split_bom(data, codec)
    text = body.decode(codec, errors="surrogateescape")
    redactor = HtmlRedactor(text, replacements, _extracted_lines(source, replacements))
    redacted = redactor.run()
    output.write_bytes(bom + redacted.encode(codec, errors="surrogateescape"))
    return redactor.count, redactor.notes
