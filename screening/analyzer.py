"""The Chinese analyzer: Presidio's AnalyzerEngine for language `zh`, run per block.

One engine per process (loading spaCy and compiling patterns costs ~1 s). The text is
folded to half-width once per block (same length, offsets unchanged) before any
recognizer sees it. spaCy's tokens are only computed when a registered recognizer
declares it needs them (NEEDS_NLP; none of the pattern recognizers do): the character
tokenizer alone cost half the analysis time and its output was read by nobody. Blocks go
through a cheap prefilter first: the OR of every recognizer's TRIGGER, so a paragraph
of ordinary prose with no digits, no @ and no marking words never reaches Presidio.
Overlapping detections of different types are resolved here (Presidio only removes
duplicates within one type): the higher score wins, so a validated 统一社会信用代码 is not
also reported as a bank card.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

import regex
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from recognizers import ChineseRecognizer, default_recognizers
from recognizers.deny_list import DenyListRecognizer
from recognizers.textnorm import to_halfwidth
from screening.context import ChineseContextEnhancer
from screening.nlp import LANGUAGE, ChineseNlpEngine


def resolve_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Keep the best of overlapping detections: higher score, then the longer span."""
    kept: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        if all(result.end <= other.start or result.start >= other.end for other in kept):
            kept.append(result)
    return sorted(kept, key=lambda r: (r.start, r.end))


def trigger_pattern(recognizers: Sequence[ChineseRecognizer]) -> regex.Pattern:
    return regex.compile("|".join(f"(?:{r.TRIGGER})" for r in recognizers if r.TRIGGER), regex.MULTILINE)


class ChineseAnalyzer:
    def __init__(self) -> None:
        self.recognizers = default_recognizers()
        registry = RecognizerRegistry(recognizers=list(self.recognizers), supported_languages=[LANGUAGE])
        self.engine = AnalyzerEngine(
            registry=registry,
            nlp_engine=ChineseNlpEngine(),
            supported_languages=[LANGUAGE],
            context_aware_enhancer=ChineseContextEnhancer(),
        )
        self.trigger = trigger_pattern(self.recognizers)
        self.entities = sorted({entity for r in self.recognizers for entity in r.supported_entities})
        self.needs_nlp = any(getattr(r, "NEEDS_NLP", False) for r in self.recognizers)
        self.nlp = self.engine.nlp_engine
        self._no_tokens = self.nlp.process_text("", LANGUAGE)

    def worth_analysing(self, text: str, extra: Optional[regex.Pattern] = None) -> bool:
        """The prefilter: could any recognizer match in this block?"""
        return bool(self.trigger.search(text)) or bool(extra and extra.search(text))

    def analyze(self, text: str, header: Optional[str] = None, extra: Sequence[ChineseRecognizer] = ()) -> list[RecognizerResult]:
        text = to_halfwidth(text)
        extra = list(extra)
        results = self.engine.analyze(
            text=text,
            language=LANGUAGE,
            entities=self.entities + [e for r in extra for e in r.supported_entities],
            context=[header] if header else None,
            ad_hoc_recognizers=extra or None,
            score_threshold=0.01,
            nlp_artifacts=self.nlp.process_text(text, LANGUAGE) if self.needs_nlp else self._no_tokens,
        )
        return resolve_overlaps(results)


@lru_cache(maxsize=1)
def shared_analyzer() -> ChineseAnalyzer:
    """The process-wide analyzer (built on first use, then reused by every scan)."""
    return ChineseAnalyzer()


def deny_list_recognizer(terms: Sequence[str]) -> Optional[DenyListRecognizer]:
    return DenyListRecognizer(terms) if any(term.strip() for term in terms) else None
