"""The Chinese analyzer: Presidio's AnalyzerEngine for language `zh`, run per block.

One engine per process (loading spaCy and compiling patterns costs ~1 s). The text is
folded to half-width once per block (same length, offsets unchanged) before any
recognizer sees it. spaCy's tokens are only computed when a registered recognizer
declares it needs them (NEEDS_NLP; none of the pattern recognizers do): the character
tokenizer costs ~140 µs per 64-character line here, and its output was read by nobody.

The prefilter: each recognizer declares a cheap TRIGGER; recognizers sharing one form a
group, and a block is analysed only by the groups whose trigger it contains (a block
with a 6-digit run but no marking words never runs the marking recognizers, a
paragraph of plain prose reaches Presidio not at all). A recognizer may confirm a
triggered block with a finer, costlier check (`wants`; the spam hook model does). The triggers are searched one by
one: measured on the throughput corpus, one OR-ed pattern was 6x slower than all of
them separately (alternation defeats the engines' literal-prefix scans).
Overlapping detections of different types are resolved here (Presidio only removes
duplicates within one type): the higher score wins, so a validated 统一社会信用代码 is not
also reported as a bank card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, Pattern, PatternRecognizer, RecognizerRegistry, RecognizerResult

from policies import Policy, RecognizerSpec

from recognizers import ChineseRecognizer, default_recognizers
from recognizers._base import DIGIT_TRIGGER, most_digits_in_a_region
from recognizers.deny_list import DenyListRecognizer
from recognizers.digit_view import VIEW_HINT_BEFORE_FOLDING, digit_view, remember_plain
from recognizers.textnorm import to_halfwidth
from screening.engine.candidates import CandidatePass
from screening.engine.context import ChineseContextEnhancer, LineHeaders
from screening.engine.nlp import LANGUAGE, ChineseNlpEngine
from screening.engine.people import PEOPLE_TRIGGER


def resolve_overlaps(results: Sequence[RecognizerResult]) -> list[RecognizerResult]:
    """Keep the best of overlapping detections: higher score, then the longer span."""
    kept: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (-r.score, -(r.end - r.start), r.start)):
        if all(result.end <= other.start or result.start >= other.end for other in kept):
            kept.append(result)
    return sorted(kept, key=lambda r: (r.start, r.end))


class ChineseAnalyzerEngine(AnalyzerEngine):
    """Presidio's engine, calling the context enhancer directly.

    The stock `_enhance_using_context` first loops over every recognizer, filtering all
    results for each and calling its (empty) recognizer-level enhancement — none of ours
    has one — ~3% of a scan in a py-spy profile; the enhancer then sees the same results.
    """

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=raw_results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context
        )


class MemoizedRegistry(RecognizerRegistry):
    """Presidio rebuilds the recognizer list (a scan of every recognizer per entity) on
    every analyze() call; blocks ask for the same few entity sets again and again."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._by_request: dict[tuple, list] = {}

    def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        key = (language, tuple(entities) if entities else None, all_fields)
        if key not in self._by_request:
            self._by_request[key] = super().get_recognizers(language, entities, all_fields)
        return list(self._by_request[key])


@dataclass(frozen=True)
class TriggerGroup:
    """Recognizers that share a trigger: (MIN_DIGITS, entities, wants) of each, and whether the
    group is gated by digit counts (the digit identifiers)."""

    name: str
    pattern: regex.Pattern
    members: tuple[tuple[int, tuple[str, ...], Callable[[str], bool]], ...]
    by_digits: bool

    def entities(self, folded: str, disguised: str | None = None) -> list[str]:
        """`disguised`: the block's digit view when it differs (digits the plain text hides)."""
        most = 0
        if self.by_digits:
            most = max(most_digits_in_a_region(folded), most_digits_in_a_region(disguised) if disguised else 0)
        return [
            entity for min_digits, entities, wants in self.members
            if (not self.by_digits or min_digits <= most) and wants(folded) for entity in entities
        ]


def trigger_groups(recognizers: Sequence[ChineseRecognizer]) -> list[TriggerGroup]:
    by_trigger: dict[str, list[tuple[int, tuple[str, ...], Callable[[str], bool]]]] = {}
    for recognizer in recognizers:
        member = (recognizer.MIN_DIGITS, tuple(recognizer.supported_entities), recognizer.wants)
        by_trigger.setdefault(recognizer.TRIGGER, []).append(member)
    return [
        TriggerGroup(f"group-{index}", regex.compile(trigger, regex.MULTILINE), tuple(members), trigger == DIGIT_TRIGGER)
        for index, (trigger, members) in enumerate(by_trigger.items())
    ]


# The candidate pass's names for the two questions beside the groups' triggers.
PEOPLE_CUE, VIEW_HINT = "people-cue", "digit-view-hint"


class ChineseAnalyzer:
    def __init__(self) -> None:
        self.recognizers = default_recognizers()
        registry = MemoizedRegistry(recognizers=list(self.recognizers), supported_languages=[LANGUAGE])
        self.engine = ChineseAnalyzerEngine(
            registry=registry,
            nlp_engine=ChineseNlpEngine(),
            supported_languages=[LANGUAGE],
            context_aware_enhancer=ChineseContextEnhancer(),
        )
        self.groups = trigger_groups(self.recognizers)
        self.entities = [entity for group in self.groups for _, entities, _ in group.members for entity in entities]
        # The one candidate pass: every group's trigger, the person cue and the digit-view hint.
        self.candidates = CandidatePass(
            {group.name: group.pattern.pattern for group in self.groups}
            | {PEOPLE_CUE: PEOPLE_TRIGGER.pattern, VIEW_HINT: VIEW_HINT_BEFORE_FOLDING}
        )
        self.needs_nlp = any(getattr(r, "NEEDS_NLP", False) for r in self.recognizers)
        self.nlp = self.engine.nlp_engine
        self._no_tokens = self.nlp.no_artifacts()

    def triggered_entities(
        self, text: str, folded: str, screened: frozenset[str] | None = None, hits: frozenset[str] | None = None,
    ) -> list[str]:
        """The prefilter: entities of the recognizer groups whose trigger occurs in `text`
        (`folded` is the same text through to_halfwidth, for the digit-count gate). Digits written
        to slip past the triggers (3401\u200b0419…, ③④⓪①…) are read in the block's digit view.
        `screened`: the only entity types wanted (a group with none of them is not searched).
        `hits`: the candidate pass's answer for `text`, when the caller has it already."""
        hits = self.candidates.hits(text) if hits is None else hits
        if VIEW_HINT in hits:
            view = digit_view(folded)
        else:  # no disguised digit: the recognizers need not look again
            view = None
            remember_plain(folded)
        disguised = view.text if view is not None and view.changed else None
        groups = self.groups if screened is None else [g for g in self.groups if screened & self._group_entities(g)]
        return [
            entity for group in groups
            if group.name in hits or (group.by_digits and disguised and group.pattern.search(disguised))
            for entity in group.entities(folded, disguised)
            if screened is None or entity in screened
        ]

    def questions(self, screened: frozenset[str] | None, people: bool) -> frozenset[str]:
        """The candidate pass's names a policy needs answered: the triggers of the groups with
        an entity it screens, the digit-view hint, and the person cue when it reads names."""
        groups = [g.name for g in self.groups if screened is None or screened & self._group_entities(g)]
        return frozenset(groups + [VIEW_HINT] + ([PEOPLE_CUE] if people else []))

    @staticmethod
    def _group_entities(group) -> frozenset[str]:
        return frozenset(entity for _, entities, _ in group.members for entity in entities)

    def analyze(
        self,
        text: str,
        header: str | LineHeaders | None = None,
        extra: Sequence[ChineseRecognizer] = (),
        entities: Sequence[str] | None = None,
        folded: str | None = None,
    ) -> list[RecognizerResult]:
        """Presidio results for one block; `entities` limits the recognizers run (default: all).
        Pass `folded` (to_halfwidth of `text`) when it is already at hand."""
        text = to_halfwidth(text) if folded is None else folded
        extra = list(extra)
        results = self.engine.analyze(
            text=text,
            language=LANGUAGE,
            entities=list(self.entities if entities is None else entities) + [e for r in extra for e in r.supported_entities],
            context=header if isinstance(header, LineHeaders) else [header] if header else None,
            ad_hoc_recognizers=extra or None,
            score_threshold=0.01,
            nlp_artifacts=self.nlp.process_text(text, LANGUAGE) if self.needs_nlp else self._no_tokens,
        )
        return resolve_overlaps(results)


@lru_cache(maxsize=1)
def shared_analyzer() -> ChineseAnalyzer:
    """The process-wide analyzer (built on first use, then reused by every scan)."""
    return ChineseAnalyzer()


def deny_list_recognizer(terms: Sequence[str]) -> DenyListRecognizer | None:
    return DenyListRecognizer(terms) if any(term.strip() for term in terms) else None


# Presidio's PatternRecognizer compiles with these flags unless given its own (global_regex_flags).
_PRESIDIO_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE


def pattern_recognizer(spec: RecognizerSpec) -> PatternRecognizer:
    """A policy's own detector as the stock Presidio PatternRecognizer it describes."""
    return PatternRecognizer(
        supported_entity=spec.supported_entity,
        name=spec.name,
        supported_language=LANGUAGE,
        patterns=[Pattern(pattern.name, pattern.regex, pattern.score) for pattern in spec.patterns],
        context=list(spec.context) or None,
    )


def policy_recognizers(policy: Policy) -> list[EntityRecognizer]:
    """The policy's own detectors, beside the bundled ones: its deny list and its `recognizers`."""
    deny = deny_list_recognizer(policy.deny_list)
    return ([deny] if deny else []) + [pattern_recognizer(spec) for spec in policy.recognizers]


def trigger_of(recognizer: EntityRecognizer) -> re.Pattern | regex.Pattern | None:
    """What a block must contain for `recognizer` to find anything in it (its own patterns, as a
    prefilter); None for a recognizer whose patterns are not known: it reads every block."""
    if isinstance(recognizer, ChineseRecognizer) and recognizer.TRIGGER:
        return regex.compile(recognizer.TRIGGER, regex.MULTILINE | regex.IGNORECASE)
    if isinstance(recognizer, PatternRecognizer) and recognizer.patterns:
        # compiled as Presidio compiles them (the standard library's re, its flags), so the
        # prefilter and the recognizer agree on what a pattern finds
        flags = recognizer.global_regex_flags if recognizer.global_regex_flags is not None else _PRESIDIO_FLAGS
        return re.compile("|".join(f"(?:{p.regex})" for p in recognizer.patterns), flags)
    return None
