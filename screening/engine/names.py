"""The names a document is known by: screened as text, masked wherever they are shown.

A file name (张三_<ID>.txt), an archive member name or a sheet name is published with the
document and printed in every report, log and ledger row; an identifier in it is a leak
like one in the text. `name_findings` screens them: each finding has its own location
part (`file name`, `member name`, `sheet name`) and offsets into that name, not into the
extracted text. `mask_names` then rewrites the result's path and every location's member
and sheet with the identifiers masked as previews are (3 first and 2 last characters
kept): a pure function of the name, so the same file gets the same masked name in every
report, ledger row and re-sweep.

>>> masked_name("附件/张三_340104198506121236.txt", [(6, 24)])
'附件/张三_340*************36.txt'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from screening.engine.preview import mask_middle
from screening.model import Block, Finding, Location, ScanResult

if TYPE_CHECKING:
    from screening.engine.screener import Screener

FILE_NAME, MEMBER_NAME, SHEET_NAME = "file name", "member name", "sheet name"
NAME_PARTS = frozenset({FILE_NAME, MEMBER_NAME, SHEET_NAME})
# Identifiers a name is screened for: long numbers that name one person. Person names and
# words in titles (王老师讲话稿.docx) are ordinary and stay as they are.
NAME_ENTITIES = frozenset({
    "CN_RESIDENT_ID", "CN_MOBILE_PHONE", "BANK_CARD", "CN_PASSPORT", "CN_TRAVEL_PERMIT", "CN_FOREIGNER_PR_ID",
})


@dataclass
class NameTap:
    """Collects the member and sheet names of the blocks a document yields, in order."""

    members: dict[str, None] = field(default_factory=dict)
    sheets: dict[tuple[str | None, str], None] = field(default_factory=dict)

    def watch(self, blocks: Iterable[Block]) -> Iterator[Block]:
        for block in blocks:
            for location in (block.location, *block.line_locations):
                if location.member:
                    self.members.setdefault(location.member)
                if location.sheet:
                    self.sheets.setdefault((location.member, location.sheet))
            yield block


def name_findings(screener: Screener, path: str | None, tap: NameTap | None, category: str | None) -> list[Finding]:
    """Identifier findings in the file's path and its member and sheet names."""
    blocks = [Block(path, 0, Location(part=FILE_NAME))] if path else []
    if tap is not None:
        blocks += [Block(member, 0, Location(part=MEMBER_NAME, member=member)) for member in tap.members]
        blocks += [Block(sheet, 0, Location(part=SHEET_NAME, member=member, sheet=sheet)) for member, sheet in tap.sheets]
    if not blocks:
        return []
    findings, _ = screener.screen_blocks(blocks, category)
    return [f for f in findings if f.entity_type in NAME_ENTITIES and f.action != "allow"]


def masked_name(name: str, spans: Iterable[tuple[int, int]]) -> str:
    """`name` with each span masked like a preview."""
    pieces, cursor = [], 0
    for start, end in sorted(set(spans)):
        if start < cursor:
            continue
        pieces += [name[cursor:start], mask_middle(name[start:end])]
        cursor = end
    return "".join(pieces) + name[cursor:]


def _name_of(finding: Finding, path: str | None) -> str | None:
    part, location = finding.location.part, finding.location
    return path if part == FILE_NAME else location.member if part == MEMBER_NAME else location.sheet


def mask_names(result: ScanResult) -> None:
    """Rewrite `result.path` and every finding's member and sheet name with the identifiers
    its name findings found masked (in place; offsets of name findings stay into the raw name)."""
    spans: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for finding in result.findings:
        if finding.location.part in NAME_PARTS:
            name = _name_of(finding, result.path)
            if name:
                key = ("path" if finding.location.part == FILE_NAME else finding.location.part, name)
                spans.setdefault(key, []).append((finding.start, finding.end))
    if not spans:
        return
    masks = {key: masked_name(key[1], found) for key, found in spans.items()}
    members = {name: masked for (kind, name), masked in masks.items() if kind == MEMBER_NAME}
    sheets = {name: masked for (kind, name), masked in masks.items() if kind == SHEET_NAME}
    if result.path is not None:
        result.path = masks.get(("path", result.path), result.path)
    for finding in result.findings:
        location = finding.location
        changes = {}
        if location.member in members:
            changes["member"] = members[location.member]
        if location.sheet in sheets:
            changes["sheet"] = sheets[location.sheet]
        if changes:
            finding.location = replace(location, **changes)


def may_hold_identifier(name: str) -> bool:
    """Whether `name` could hold an identifier (the digit trigger, or digits in disguise): a cheap
    check before loading a screener for it."""
    import regex

    from recognizers._base import DIGIT_TRIGGER
    from recognizers.digit_view import digit_view
    from recognizers.textnorm import to_halfwidth

    folded = to_halfwidth(name)
    return regex.search(DIGIT_TRIGGER, name) is not None or digit_view(folded).changed


def masked_key(screener: Screener, name: str) -> str:
    """`name` (a sweep's item key, a path) with the identifiers in it masked, as `mask_names` would."""
    found = name_findings(screener, name, None, None)
    return masked_name(name, [(f.start, f.end) for f in found]) if found else name


def masked_path(name: str, screener: Callable[[], Screener]) -> str:
    """`name` (a path, a URL, a sweep's item key) with its identifiers masked; `screener` is
    called (and a screener loaded) only when the name could hold one."""
    return masked_key(screener(), name) if may_hold_identifier(name) else name
