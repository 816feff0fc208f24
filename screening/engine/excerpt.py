"""Masked context around a finding: the words before and after it on its own line (or, in a
table row, in its own cell), for reports a person reads (the HTML report shows the masked
preview highlighted inside it).

Nothing personal may leak through it. Every other detection in the window is replaced by its
own masked preview — only when it lies wholly inside the window: a value cut at the window's
edge and masked on its own would show digits from its middle, so a cut one becomes "…".
Any other run of 7 or more digits is masked too: an ID with a typo that no recognizer
accepted is still someone's number.

>>> from screening.model import Block, Location
>>> class R:  # what the engine passes: detections with start, end and entity_type
...     def __init__(self, start, end, entity_type): self.start, self.end, self.entity_type = start, end, entity_type
>>> block = Block("学生张三，身份证号：340104201003076511，电话13800138000，卡号6222 0212 3456", 0, Location())
>>> detections = [R(2, 4, "PERSON"), R(10, 28, "CN_RESIDENT_ID"), R(31, 42, "CN_MOBILE_PHONE")]
>>> ContextMaker(block, detections, chars=40).around(1)
('学生张*，身份证号：', '，电话138******00，卡号622* **** **56')
>>> ContextMaker(block, detections, chars=29).around(1)  # never cut inside a number
('学生张*，身份证号：', '，电话138******00，卡号…')
>>> ContextMaker(block, detections, chars=7).around(1)  # a detection at the edge is taken whole
('…张*，身份证号：', '，电话138******00…')
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol

from screening.model import Block
from screening.engine.preview import mask_middle, masked_preview

CONTEXT_CHARS = 24  # each side: enough to read the field label (身份证号：) and what follows
LONG_DIGITS = re.compile(r"\d(?:[ \-]?\d){6,}")  # 7 or more digits, single spaces or hyphens between
_CONTROL = re.compile(r"[\r\n\t]")
CUT = "…"


class Span(Protocol):
    start: int
    end: int
    entity_type: str


def _word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in " -")


def _digits_masked(text: str) -> str:
    return LONG_DIGITS.sub(lambda match: mask_middle(match.group()), text)


class ContextMaker:
    """Masked contexts for the detections of one block.

    `detections` are sorted by start and do not overlap (as resolve_overlaps returns them): the
    ones near a finding are found by bisection, and each one's masked preview is made once —
    a roster block has hundreds, and each row's values are each other's context.
    """

    def __init__(self, block: Block, detections: Sequence[Span], chars: int = CONTEXT_CHARS) -> None:
        self.block = block
        self.detections = detections
        self.starts = [d.start for d in detections]
        self.chars = chars
        self._previews: dict[int, str] = {}

    def preview(self, index: int) -> str:
        """The masked preview of detection `index` (screening.engine.preview)."""
        if index not in self._previews:
            span = self.detections[index]
            self._previews[index] = masked_preview(span.entity_type, self.block.text[span.start : span.end])
        return self._previews[index]

    def _bounds(self, start: int, end: int) -> tuple[int, int]:
        """The finding's line, or its cell in a table row (a CSV cell keeps its delimiter: dropped)."""
        block, text = self.block, self.block.text
        if block.line_locations:
            index = block.cell_index(start)
            cell_end = block.line_starts[index + 1] if index + 1 < len(block.line_starts) else len(text)
            while cell_end > end and text[cell_end - 1] in ",\t\r\n ":
                cell_end -= 1
            return block.line_starts[index], cell_end
        line_end = text.find("\n", end)
        return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end

    # Window edges never fall inside a value: a detection there is taken in whole (shown as its
    # preview); any other number or word (1234 5678 counts as one) is left out whole, since its
    # visible end would be its middle.

    def _edge_before(self, low: int, floor: int, start: int) -> int:
        text, i = self.block.text, bisect_right(self.starts, low) - 1
        if i >= 0 and self.detections[i].start < low < self.detections[i].end:
            if self.detections[i].start >= floor:
                return self.detections[i].start
            low = self.detections[i].end
        if floor < low < start and _word(text[low - 1]) and _word(text[low]):
            limit = min(start, self.starts[i + 1]) if i + 1 < len(self.starts) else start
            while low < limit and _word(text[low]):
                low += 1
        return low

    def _edge_after(self, high: int, end: int, ceiling: int) -> int:
        text, i = self.block.text, bisect_left(self.starts, high) - 1
        if i >= 0 and self.detections[i].start < high < self.detections[i].end:
            if self.detections[i].end <= ceiling:
                return self.detections[i].end
            high = self.detections[i].start
        if end < high < ceiling and _word(text[high - 1]) and _word(text[high]):
            limit = max(end, self.detections[i].end) if i >= 0 else end
            while high > limit and _word(text[high - 1]):
                high -= 1
        return high

    def around(self, index: int) -> tuple[str, str]:
        """(before, after): up to `chars` masked characters each side of detection `index`."""
        start, end = self.detections[index].start, self.detections[index].end
        bounds = self._bounds(start, end)
        low = self._edge_before(max(bounds[0], start - self.chars), bounds[0], start)
        high = self._edge_after(min(bounds[1], end + self.chars), end, bounds[1])
        last = bisect_left(self.starts, high)
        first = last
        while first > 0 and self.detections[first - 1].end > low:
            first -= 1
        # Sorted and not overlapping: the detections before the finding are those before its index.
        before = self._render(low, start, range(first, index)).lstrip()
        after = self._render(end, high, range(index + 1, last)).rstrip()
        if low > bounds[0] and not before.startswith(CUT):
            before = CUT + before
        if high < bounds[1] and not after.endswith(CUT):
            after += CUT
        return before, after

    def _render(self, start: int, end: int, near: range) -> str:
        """text[start:end] with every detection in it masked (cut ones as "…"), then every long
        digit run (previews have too few digits left to match)."""
        text = self.block.text
        out: list[str] = []
        cursor = start
        for index in near:
            span = self.detections[index]
            if span.end <= cursor or span.start >= end:
                continue
            if span.start > cursor:
                out.append(text[cursor : span.start])
            out.append(self.preview(index) if span.start >= cursor and span.end <= end else CUT)
            cursor = min(max(cursor, span.end), end)
        out.append(text[cursor:end])
        rendered = _digits_masked("".join(out))
        return rendered.replace("\r", "").replace("\n", " ").replace("\t", " ") if _CONTROL.search(rendered) else rendered
