"""The data the engine passes around: blocks of a document, findings, scan results."""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from screening.engine.metadata import DocumentMetadata


def display_path(path: str | bytes | os.PathLike | None) -> str | None:
    """`path` as text every report, log and database can hold: a byte that is not UTF-8 (a GBK
    name from a Windows share, kept by os.fsdecode as a lone surrogate) is shown as `\\xd5`.

    The same name always gives the same text, so the ledger matches it again on the next run.

    >>> display_path(os.fsdecode(b"\\xd5\\xc5\\xc8\\xfd.txt"))
    '\\\\xd5\\\\xc5\\\\xc8\\\\xfd.txt'
    """
    if path is None:
        return None
    text = os.fsdecode(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join(_escaped(char) for char in text)


def _escaped(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{ord(char) - 0xDC00:02x}"
    if "\ud800" <= char <= "\udfff":  # any other lone surrogate (a name that came through JSON)
        return f"\\u{ord(char):04x}"
    return char


Action = Literal["block", "review", "allow"]
Verdict = Literal["pass", "review", "block", "error"]


@dataclass(frozen=True)
class Location:
    """Where in the source a block (and so a finding) sits; unset fields do not apply."""

    part: str = "body"
    page: int | None = None
    sheet: str | None = None
    table: int | None = None  # which table of the page or document (docx, html): rows restart in each
    row: int | None = None
    column: str | None = None
    paragraph: int | None = None
    line: int | None = None
    member: str | None = None  # path inside an archive: 附件/名单.docx, inner.zip!/a.docx

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def describe(self) -> str:
        """A short human form: 'line 12', 'row 3, column 身份证号'."""
        parts = [self.member] if self.member else []
        if self.part != "body":
            parts.append(self.part)
        for label, value in (
            ("page", self.page), ("sheet", self.sheet), ("table", self.table), ("row", self.row), ("column", self.column),
            ("paragraph", self.paragraph), ("line", self.line),
        ):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts) or "body"


@dataclass(frozen=True)
class Block:
    """A unit of analysis: a paragraph, a line chunk or a table cell.

    `start` is the offset of `text` in the document's extracted text; `header` is the
    column header for a table cell (context for what the cell holds).
    """

    text: str
    start: int
    location: Location
    header: str | None = None
    line_starts: tuple[int, ...] = ()  # offsets (within `text`) where each line begins
    first_line: int = 1
    line_key: str = "line"  # the Location field line numbers go in ("paragraph" for docx)
    # A table row screened as one block: each line is a cell with its own location and header
    # (a CSV row keeps its delimiters: its cells start at `line_starts`, not after newlines).
    line_locations: tuple[Location, ...] = ()
    line_headers: tuple[str | None, ...] = ()

    def cell_index(self, offset: int) -> int:
        """Which cell of a row block `offset` (within `text`) falls in."""
        return max(0, bisect_right(self.line_starts, offset) - 1)

    def cell_start(self, offset: int) -> int:
        return self.line_starts[self.cell_index(offset)] if self.line_starts else 0


@dataclass
class Finding:
    entity_type: str
    start: int
    end: int
    score: float
    action: Action
    rule: str
    message: str
    basis: str
    remedy: str
    preview: str
    location: Location
    role: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    text: str | None = None  # the raw value, only when the caller asked for values
    fingerprint: str = ""  # content-based id within the document (screening.engine.fingerprint): what sign-offs name
    # (before, after): the masked words around the value on its line or in its cell (screening.engine.excerpt),
    # for reports a person reads; not in to_dict, so the JSON report is unchanged
    context: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "entity_type": self.entity_type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
            "action": self.action,
            "rule": self.rule,
            "role": self.role,
            "message": self.message,
            "basis": self.basis,
            "remedy": self.remedy,
            "preview": self.preview,
            "location": self.location.to_dict(),
            "details": self.details,
            "fingerprint": self.fingerprint,
        }
        if self.text is not None:
            data["text"] = self.text
        return data


@dataclass
class ScanResult:
    """The screening verdict for one document, with every finding (allowed ones included)."""

    path: str | None
    verdict: Verdict
    findings: list[Finding] = field(default_factory=list)
    sha256: str | None = None
    category: str | None = None
    category_evidence: tuple[str, ...] = ()  # why the document has `category` (the classifier's cues, or "given")
    error: str | None = None
    encoding: str | None = None
    chars: int = 0
    policy_name: str = "default"
    policy_version: str = ""
    findings_dropped: int = 0  # beyond the per-document cap; counted, not kept
    metadata: DocumentMetadata | None = None  # publish date, publisher, 公示 period: read when a sweep asks (screening.engine.metadata_tap)

    def __post_init__(self) -> None:
        # Reports, the ledger and every output format take the path as it is: make it printable once, here.
        self.path = display_path(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "verdict": self.verdict,
            "category": self.category,
            "category_evidence": list(self.category_evidence),
            "error": self.error,
            "encoding": self.encoding,
            "chars": self.chars,
            "findings_dropped": self.findings_dropped,
            "findings": [finding.to_dict() for finding in self.findings],
        } | ({"metadata": self.metadata.to_dict()} if self.metadata is not None else {})


def verdict_of(findings: list[Finding]) -> Verdict:
    """block if any finding blocks, else review if any needs review, else pass."""
    actions = {finding.action for finding in findings}
    return "block" if "block" in actions else "review" if "review" in actions else "pass"
