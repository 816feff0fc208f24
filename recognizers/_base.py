"""The thin Presidio layer every identifier recognizer in this package shares.

A recognizer module explains its format, validates candidates in plain functions and
declares a pattern; this base class runs the pattern over the text, which the analyzer
has folded to half-width once per block (`recognizers.textnorm.to_halfwidth`: same
length, so offsets stay true) and turns accepted candidates into
Presidio `RecognizerResult`s. Context words are data on the class; the Chinese context
enhancer in `screening.engine.context` reads them (Presidio's lemma enhancer cannot: spaCy's
`zh` tokenizer splits into single characters, so 身份证 never appears as a token).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from recognizers.digit_view import digit_view

DETAILS_KEY = "details"


@dataclass(frozen=True)
class Detection:
    """An accepted candidate: its score before context, and facts the policy may key on."""

    score: float
    details: dict[str, Any] = field(default_factory=dict)
    entity_type: str | None = None  # when one module recognises several entity types


class ChineseRecognizer(EntityRecognizer):
    """Regex candidates on half-width text, validated by `detect`, as Presidio results.

    Subclasses set ENTITIES, PATTERN (a compiled `regex` pattern; linear-time: every
    repetition is bounded or anchored by a look-behind so a start is tried once per run),
    CONTEXT (keywords, simplified; the enhancer also matches their traditional forms),
    NEGATIVE_CONTEXT (labels that say "this is not a person's number": 索引号, 文号 …)
    and implement `detect`.
    """

    ENTITIES: ClassVar[tuple[str, ...]] = ()
    PATTERN: ClassVar[regex.Pattern | LazyPattern]
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()
    # A cheap regex (on raw text) that every block this recognizer could match contains;
    # the prefilter ORs them so ordinary prose never reaches Presidio.
    TRIGGER: ClassVar[str] = ""
    # Whether analyze() reads spaCy tokens/entities; the analyzer skips tokenizing otherwise.
    NEEDS_NLP: ClassVar[bool] = False
    @staticmethod
    def wants(folded: str) -> bool:
        """After TRIGGER matched: whether the block (half-width) is worth analysing at all. A
        recognizer whose trigger is broad overrides this with a finer check; Presidio's per-block
        cost is only paid when it says yes."""
        return True

    # Identifier recognizers that also read the block's digit view (recognizers.digit_view):
    # numbers written with invisible characters, other digit forms or odd separators.
    READS_DIGIT_VIEW: ClassVar[bool] = False
    # Digit recognizers: the fewest digits any accepted form has; shorter digit regions are skipped.
    MIN_DIGITS: ClassVar[int] = 0
    # Digit recognizers: the characters a match can start with ("" = any); other candidates are skipped.
    FIRST_CHARS: ClassVar[str] = ""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language="zh",
            name=type(self).__name__,
            context=list(self.CONTEXT),
        )
        self.negative_context = list(self.NEGATIVE_CONTEXT)

    def load(self) -> None:  # patterns are compiled at import time
        pass

    def detect(self, match: regex.Match, text: str) -> Detection | None:
        """Return a Detection for an accepted match of PATTERN in half-width `text`, else None."""
        raise NotImplementedError

    def _matches_at_candidates(self, text: str) -> Iterator[regex.Match]:
        """What finditer would find, tried only where a digit identifier can start.

        Every digit pattern starts at a token start (after a non-alphanumeric) or where a
        digit follows a letter, inside a digit region; matching there instead of at every
        position of the region is what makes a dozen recognizers per block affordable.
        """
        match_at = self.PATTERN.match  # once per block: a LazyPattern looks it up in Python
        for end, digits, starts in candidate_starts(text):
            if digits < self.MIN_DIGITS:
                continue
            next_free = 0
            for start in starts:
                if start < next_free or (self.FIRST_CHARS and text[start] not in self.FIRST_CHARS):
                    continue
                match = match_at(text, start, end)
                if match:
                    next_free = max(match.end(), start + 1)
                    yield match

    def _matches(self, text: str) -> Iterator[regex.Match]:
        """The candidates `detect` sees: digit recognizers try only where a number starts."""
        if self.TRIGGER == DIGIT_TRIGGER:
            return self._matches_at_candidates(text)
        return self.PATTERN.finditer(text)

    def analyze(self, text: str, entities: Iterable[str], nlp_artifacts=None) -> list[RecognizerResult]:
        wanted = set(entities or self.ENTITIES)
        # screening.engine.analyzer folds the block to half-width once for all recognizers
        results = self._results(text, text, wanted)
        view = digit_view(text) if self.READS_DIGIT_VIEW else None
        if view is not None and view.changed:
            # Disguised digits: read the view too, keep what the plain text did not give.
            taken = [(r.start, r.end) for r in results]
            results += [
                r for r in self._results(view.text, text, wanted, view.source_span)
                if all(r.end <= start or r.start >= end for start, end in taken)
            ]
        return results

    def _results(
        self, halfwidth: str, block: str, wanted: set[str],
        to_block: Callable[[int, int], tuple[int, int]] | None = None,
    ) -> list[RecognizerResult]:
        """Results for the matches in `halfwidth` (the block, or its digit view: `to_block` maps
        a view span back to `block`)."""
        results: list[RecognizerResult] = []
        for match in self._matches(halfwidth):
            detection = self.detect(match, halfwidth)
            if detection is None:
                continue
            entity_type = detection.entity_type or self.ENTITIES[0]
            if entity_type not in wanted:
                continue
            span = match.span("value") if "value" in match.groupdict() else match.span()
            if to_block is not None:
                span = to_block(*trimmed_span(halfwidth, *span))
                detection.details["disguised"] = True
            start, end = trimmed_span(block, *span)
            results.append(
                RecognizerResult(
                    entity_type=entity_type,
                    start=start,
                    end=end,
                    score=detection.score,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        DETAILS_KEY: detection.details,
                    },
                )
            )
        return results


# Boundaries shared by the digit recognizers: a number is not part of a longer
# alphanumeric run. Chinese characters around it are fine (张三110101…男).
NOT_AFTER_ALNUM = r"(?<![0-9A-Za-z])"
NOT_BEFORE_ALNUM = r"(?![0-9A-Za-z])"
# What every digit identifier above contains (on raw text, full- or half-width digits):
# six digits in a row (IDs, cards, codes, 8-digit local numbers, one part of a wrapped ID),
# a 3-4-4 or 4-4-4 phone grouping, or digits followed by mask characters. Dates
# (2024-09-01, 2024年9月1日) and amounts (1,250,000.00) have none of these.
_D = "[0-9０-９]"
DIGIT_TRIGGER = (
    _D + "{6}|" + _D + "{3}[ \\-－)）]?" + _D + "{4}[ \\-－]" + _D + "{4}|" + _D + "{3}[ \\-－]" + _D + "{4}[ \\-－]?" + _D + "{4}|"
    + _D + "{2}[*＊×●○#xX]{3}"
)

# Where digit identifiers can be: a run of digits, separators and mask characters, with a
# few characters of margin for prefixes (E, G, CA, +86, "(") and what follows (X, E-mail).
# Digit recognizers scan only these regions, not the whole paragraph: in ordinary prose
# with a few numbers that is most of their cost. Look-arounds still see past the region.
REGION_MARGIN_BEFORE, REGION_MARGIN_AFTER, MIN_REGION = 4, 2, 6
# 转: an extension (0551-62881234转8001). Runs shorter than MIN_REGION never match, so the
# loop below only sees runs that matter (most digit runs in prose are years and counts).
_DIGIT_RUN = regex.compile(r"[0-9][0-9A-Za-z*×●○# \t\r\n()（）\-+转]{%d,}" % (MIN_REGION - 1))
# Regions closer than this are scanned as one: each finditer() call has a fixed cost that
# outweighs scanning a few dozen characters of prose between two numbers.
REGION_MERGE_GAP = 0


@lru_cache(maxsize=4)  # the same block is scanned by a dozen digit recognizers in a row
def digit_regions(text: str) -> tuple[tuple[int, int, int], ...]:
    """Merged (start, end, digit count) around the digit runs of `text` that are long enough to matter.

    >>> text = "文号2024年，电话 0551-62881234。"
    >>> [(text[start:end], digits) for start, end, digits in digit_regions(text)]
    [('，电话 0551-62881234。', 12)]
    """
    regions: list[list[int]] = []
    for run in _DIGIT_RUN.finditer(text):
        start, end = max(0, run.start() - REGION_MARGIN_BEFORE), min(len(text), run.end() + REGION_MARGIN_AFTER)
        digits = sum(map(str.isdigit, run.group()))
        if regions and start <= regions[-1][1] + REGION_MERGE_GAP:
            regions[-1][1] = end
            regions[-1][2] += digits
        else:
            regions.append([start, end, digits])
    return tuple((start, end, digits) for start, end, digits in regions)


_CANDIDATE_START = regex.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z(（+]|(?<=[A-Za-z])[0-9]")


@lru_cache(maxsize=4)
def candidate_starts(text: str) -> tuple[tuple[int, int, tuple[int, ...]], ...]:
    """Per digit region: its end, its digit count, and the positions where a match may start.

    >>> text = "电话：0551-62881234，邮编230001"
    >>> [(end, digits, [text[s] for s in starts]) for end, digits, starts in candidate_starts(text)]
    [(25, 18, ['0', '6', '2'])]
    """
    return tuple(
        (end, digits, tuple(m.start() for m in _CANDIDATE_START.finditer(text, start, end)))
        for start, end, digits in digit_regions(text)
    )


def most_digits_in_a_region(text: str) -> int:
    """The analyzer's gate: recognizers whose MIN_DIGITS exceed this cannot match in `text`."""
    return max((digits for _, _, digits in digit_regions(text)), default=0)


# A line wrap inside a number, as text extracted from a table cell or PDF line has it.
WRAP = r"(?:[ \t]*\r?\n[ \t]*)"
# A wrap that may hold one blank line (3401042010⏎⏎0307651X): for resident IDs only, whose checksum,
# region and birth date keep two unrelated numbers from joining.
WRAP_OR_BLANK = r"(?:[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*)"


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space (a mark matched from the start of its line)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def text_before(text: str, start: int, width: int) -> str:
    """The `width` characters before `start`, for label checks inside a recognizer."""
    return text[max(0, start - width) : start]


def text_after(text: str, end: int, width: int) -> str:
    return text[end : end + width]


class LazyPattern:
    """A `regex` pattern (MULTILINE) compiled on its first use, else used like the compiled one.

    A scan builds every recognizer, but the prefilter runs few of them on most documents (a
    one-line file with a phone number reaches the digit group only), and `regex` compiles in
    Python: compiling all patterns up front was ~0.1 s of every start.

    >>> pattern = LazyPattern("[0-9]{3}")
    >>> pattern.pattern, pattern.search("电话123").group()
    ('[0-9]{3}', '123')
    """

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: regex.Pattern | None = None

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            self._compiled = regex.compile(self.pattern, regex.MULTILINE)
        return self._compiled

    def __getattr__(self, name: str) -> Any:  # match, finditer, search …
        if name.startswith("__"):
            raise AttributeError(name)  # copy and pickle see this object, not the compiled one
        return getattr(self.compiled, name)


def compile_pattern(pattern: str) -> LazyPattern:
    return LazyPattern(pattern)
