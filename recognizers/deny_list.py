"""NEGATIVE_LIST_TERM: terms from the office's own 负面清单, given in the policy's deny_list.

Presidio's deny-list PatternRecognizer wraps terms in \\b word boundaries, which never
fire between Chinese characters (they are all word characters), so the terms are
matched here as a plain escaped alternation, in simplified and traditional forms as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from recognizers._base import ChineseRecognizer, Detection
from recognizers.textnorm import to_halfwidth

SCORE = 1.0


class DenyListRecognizer(ChineseRecognizer):
    ENTITIES = ("NEGATIVE_LIST_TERM",)

    def __init__(self, terms: Sequence[str]) -> None:
        # folded as the analyzer folds the text it reads (ＡＢＣ名单 written full-width never matched)
        ordered = sorted({to_halfwidth(term) for term in terms if term.strip()}, key=len, reverse=True)
        self.PATTERN = regex.compile("(?P<value>" + "|".join(regex.escape(term) for term in ordered) + ")", regex.IGNORECASE)
        self.TRIGGER = self.PATTERN.pattern
        super().__init__()

    def detect(self, match, text):
        return Detection(SCORE, {"term_length": len(match.group("value"))})
