"""Chinese context enhancement: labels in a window of raw characters, and table headers.

Presidio's LemmaContextAwareEnhancer compares context words with token lemmas. spaCy's
`zh` tokenizer yields single characters, so 身份证 never is a token and the enhancer
never fires; it is also the O(findings × tokens) part that makes whole-document
analysis slow. This enhancer looks at characters instead:

- the label nearest before the match on its own line (window of `before`
  characters), compared in simplified characters so 身份證號碼 counts as 身份证号码; the
  window stops at the line start, so a header row above does not label the first row;
- a few characters after the match (``13800138000（手机）``);
- the column header of a table cell, passed by the analyzer as Presidio's `context`:
  a spreadsheet cell's header, or a text table's header row, from which the header of
  the match's own column is taken (screening.sources.table_shape).

A recognizer's NEGATIVE_CONTEXT (索引号, 公网安备, 订单号 …) wins when it is the nearest
label: the number belongs to that label, not to a person.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from recognizers.textnorm import to_simplified
from screening.sources.table_shape import column_header, row_cells

CONTEXT_WORD_KEY = "context_word"
NEGATIVE_WORD_KEY = "negative_context_word"


class LineHeaders(list):
    """Column headers of a table row screened as one block: cell i (from `starts[i]`) is under
    header i. Passed to Presidio as its `context` list, which it hands to the enhancer unchanged."""

    def __init__(self, headers, starts: tuple[int, ...] = ()) -> None:
        super().__init__(headers)
        self.starts = starts

    def cell_of(self, text: str, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1 if self.starts else text.count("\n", 0, offset)


def nearest_label(window: str, positive: Iterable[str], negative: Iterable[str]) -> tuple[str | None, bool]:
    """The keyword ending nearest to the end of `window`, and whether it is a negative one.

    >>> nearest_label("索引号：", ["身份证"], ["索引号"])
    ('索引号', True)
    >>> nearest_label("索引号：000014349/2021-00056 身份证号：", ["身份证"], ["索引号"])
    ('身份证', False)
    """
    best: tuple[int, int, str | None, bool] = (-1, 0, None, False)
    for words, is_negative in ((positive, False), (negative, True)):
        for word in words:
            position = window.rfind(word)
            if position >= 0:
                key = (position + len(word), len(word), word, is_negative)
                if key[:2] > best[:2]:
                    best = key
    return best[2], best[3]


class ChineseContextEnhancer(ContextAwareEnhancer):
    def __init__(
        self,
        before: int = 20,
        after: int = 6,
        boost: float = 0.35,
        min_score_with_context: float = 0.4,
        negative_factor: float = 0.25,
    ) -> None:
        super().__init__(
            context_similarity_factor=boost,
            min_score_with_context_similarity=min_score_with_context,
            context_prefix_count=before,
            context_suffix_count=after,
        )
        self.negative_factor = negative_factor

    @staticmethod
    def _words(recognizer) -> tuple[list[str], list[str]]:
        """A recognizer's (positive, negative) context words, lower-cased once and kept on it."""
        words = getattr(recognizer, "_lowered_context", None)
        if words is None:
            words = (
                [word.lower() for word in (getattr(recognizer, "context", None) or [])],
                [word.lower() for word in getattr(recognizer, "negative_context", [])],
            )
            recognizer._lowered_context = words
        return words

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        if not raw_results:
            return raw_results
        by_id = {recognizer.id: recognizer for recognizer in recognizers}
        per_line = isinstance(context, LineHeaders)
        header = "" if per_line else " ".join(context) if context else ""
        for result in raw_results:
            recognizer = by_id.get(result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            positive, negative = self._words(recognizer) if recognizer is not None else ([], [])
            if positive or negative:
                cell_start = None
                if per_line:
                    cell = context.cell_of(text, result.start)
                    header = (context[cell] if 0 <= cell < len(context) else None) or ""
                    cell_start = context.starts[cell] if context.starts and cell >= 0 else None
                self._score_one(text, result, positive, negative, header, cell_start)
        return raw_results

    def _score_one(
        self, text: str, result: RecognizerResult, positive: list[str], negative: list[str], header: str, cell_start: int | None = None
    ) -> None:
        line_start = text.rfind("\n", 0, result.start) + 1 if cell_start is None else cell_start
        before = to_simplified(text[max(line_start, result.start - self.context_prefix_count) : result.start]).lower()
        word, is_negative = nearest_label(before, positive, negative)
        if word is None and header:
            label = self._header_for(text, line_start, result.start, header)
            if label:
                word, is_negative = nearest_label(to_simplified(label).lower(), positive, negative)
        if word is None:
            after = to_simplified(text[result.end : result.end + self.context_suffix_count]).lower()
            word = next((w for w in positive if w in after), None)
        if word is None:
            return
        if is_negative:
            result.score *= self.negative_factor
            result.recognition_metadata[NEGATIVE_WORD_KEY] = word
            return
        result.score = min(self.MAX_SCORE, max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity))
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        result.recognition_metadata[CONTEXT_WORD_KEY] = word

    @staticmethod
    def _header_for(text: str, line_start: int, start: int, header: str) -> str | None:
        """A cell's own header, or for a text table the header of the match's column."""
        if len(row_cells(header)) < 2:
            return header
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        return column_header(header, line, start - line_start)
