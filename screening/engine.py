"""From blocks to findings: prefilter, analyse, decide, preview.

`Screener` binds a policy to the process-wide analyzer. It sees a document only as a
stream of blocks, so a file of any size is screened in bounded memory; findings beyond
`max_findings` are counted, not kept.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from policies import Policy, load_policy
from recognizers import DETAILS_KEY
from recognizers.textnorm import to_halfwidth, to_simplified
from screening.analyzer import ChineseAnalyzer, deny_list_recognizer, shared_analyzer
from screening.context import LineHeaders
from screening.decisions import decide
from screening.model import Block, Finding, Location
from screening.preview import masked_preview
from screening.timeout import TimeLimitExceeded

LINE_CONTEXT_CHARS = 40
PARAGRAPH_CONTEXT_CHARS = 160
DEFAULT_MAX_FINDINGS = 10_000


class Screener:
    def __init__(
        self,
        policy: str | Policy = "default",
        *,
        analyzer: ChineseAnalyzer | None = None,
        show_values: bool = False,
        max_findings: int = DEFAULT_MAX_FINDINGS,
    ) -> None:
        self.policy = load_policy(policy)
        self.analyzer = analyzer or shared_analyzer()
        self.show_values = show_values
        self.max_findings = max_findings
        deny = deny_list_recognizer(self.policy.deny_list)
        self.extra_recognizers = [deny] if deny else []
        self.extra_trigger = deny.PATTERN if deny else None

    def screen_blocks(
        self,
        blocks: Iterable[Block],
        category: str | None = None,
        deadline: float | None = None,
    ) -> tuple[list[Finding], int]:
        """Findings for every block in document order, and how many more were found past
        `max_findings` (counted, not kept). Raises UnreadableInput past the deadline."""
        findings: list[Finding] = []
        dropped = 0
        for block in blocks:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeLimitExceeded("time limit exceeded: the file was not fully screened (raise --timeout)")
            entities = None
            folded = to_halfwidth(block.text)
            if self.policy.prefilter:
                entities = self.analyzer.triggered_entities(block.text, folded)
                if not entities and not (self.extra_trigger and self.extra_trigger.search(block.text)):
                    continue
            for finding in self._screen_block(block, category, entities, folded):
                if len(findings) < self.max_findings:
                    findings.append(finding)
                else:
                    dropped += 1
        return findings, dropped

    def _screen_block(self, block: Block, category: str | None, entities: list[str] | None, folded: str) -> Iterable[Finding]:
        header: str | LineHeaders | None = LineHeaders(block.line_headers) if block.line_locations else block.header
        for result in self.analyzer.analyze(block.text, header, self.extra_recognizers, entities, folded):
            value = block.text[result.start : result.end]
            if block.line_locations and "\n" in value:
                continue  # a match across two cells of a row is no value of either
            details = dict(result.recognition_metadata.get(DETAILS_KEY) or {})
            before = line_before(block.text, result.start)
            around = cell_before(block.text, result.start) if block.line_locations else paragraph_before(block.text, result.start)
            decision = decide(self.policy, result.entity_type, result.score, details, before, around, category, value)
            if decision is None:
                continue
            rule = decision.rule
            yield Finding(
                entity_type=result.entity_type,
                start=block.start + result.start,
                end=block.start + result.end,
                score=result.score,
                action=decision.action,
                rule=rule.id,
                message=rule.message,
                basis=rule.basis,
                remedy=rule.remedy.instruction,
                preview=masked_preview(result.entity_type, value),
                location=location_of(block, result.start),
                details=details,
                text=value if self.show_values else None,
            )


def line_before(text: str, start: int) -> str:
    """The text before `start` on its own line (simplified characters), for contact rules."""
    line_start = text.rfind("\n", 0, start) + 1
    return _colons(to_simplified(text[max(line_start, start - LINE_CONTEXT_CHARS) : start]))


def cell_before(text: str, start: int) -> str:
    """Up to PARAGRAPH_CONTEXT_CHARS before `start` within its own line: a cell of a row block."""
    line_start = text.rfind("\n", 0, start) + 1
    return _colons(to_simplified(text[max(line_start, start - PARAGRAPH_CONTEXT_CHARS) : start]))


def paragraph_before(text: str, start: int) -> str:
    """Up to PARAGRAPH_CONTEXT_CHARS before `start` within the block (simplified characters)."""
    return _colons(to_simplified(text[max(0, start - PARAGRAPH_CONTEXT_CHARS) : start]))


def _colons(text: str) -> str:
    """One colon form, so a policy's field labels (当事人：) match 当事人: as well."""
    return text.replace(":", "：")


def location_of(block: Block, start: int) -> Location:
    """The block's location with the line of `start` filled in for multi-line blocks (for a
    table row, the location of the cell `start` is in)."""
    if not block.line_starts:
        return block.location
    if block.line_locations:
        return block.line_locations[bisect_right(block.line_starts, start) - 1]
    number = block.first_line + bisect_right(block.line_starts, start) - 1
    return replace(block.location, **{block.line_key: number})
