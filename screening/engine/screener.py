"""From blocks to findings: prefilter, analyse, decide, preview.

`Screener` binds a policy to the process-wide analyzer. It sees a document only as a
stream of blocks, so a file of any size is screened in bounded memory; findings beyond
`max_findings` are counted, not kept.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from presidio_analyzer import EntityRecognizer, RecognizerResult

from policies import Policy, load_policy
from recognizers import DETAILS_KEY
from recognizers.injected_content import ENTITY as INJECTED
from recognizers.injected_content import Injection, as_results, page_injections
from recognizers.textnorm import to_halfwidth, to_simplified
from screening.engine.analyzer import (
    PEOPLE_CUE,
    ChineseAnalyzer,
    policy_recognizers,
    trigger_of,
    resolve_overlaps,
    shared_analyzer,
)
from screening.engine.cells import Cell, block_cells
from screening.engine.context import LineHeaders
from screening.engine.decisions import decide
from screening.engine.excerpt import ContextMaker
from screening.engine.fields import column_fields, needs_person, tied_to_people
from screening.model import Block, Finding, Location
from screening.engine.name_rules import has_name_column
from screening.engine.split_cells import mark_split_identifiers, split_over_cells
from screening.engine.people import (
    MODEL_CUE,
    PEOPLE_TRIGGER,
    find_people,
    han_lines,
    model_names,
    model_windows,
)
from screening.sources.timeout import TimeLimitExceeded

# A rule's context_any looks this far back on the match's line: a real contact line names the
# office before the person (联系人：省教育厅学生资助管理中心王红，联系电话：…，邮箱：…), so 40 fell short.
LINE_CONTEXT_CHARS = 80
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
        recognizers: Sequence[EntityRecognizer] = (),
    ) -> None:
        """`recognizers`: Presidio recognizers of the caller's (language "zh"), run beside the
        bundled ones and the policy's own on half-width text; an entity they find that no rule
        names goes to review (UNLISTED)."""
        self.policy = load_policy(policy)
        self.analyzer = analyzer or shared_analyzer()
        self.show_values = show_values
        self.max_findings = max_findings
        # A policy that screens no PERSON (the identifiers profile) skips the name model and rules.
        self.reads_people = self.policy.screens("PERSON")
        self.screened = frozenset(self.policy.entities) if self.policy.entities is not None else None
        self.questions = self.analyzer.questions(self.screened, self.reads_people)
        unscreened = [e for r in recognizers for e in r.supported_entities if not self.policy.screens(e)]
        if unscreened:  # what they found would be dropped without a word
            raise ValueError(f"policy {self.policy.name} does not screen {', '.join(unscreened)} (add it to its `entities`, with a rule)")
        self.extra_recognizers = policy_recognizers(self.policy) + list(recognizers)
        triggers = [trigger_of(recognizer) for recognizer in self.extra_recognizers]
        # One without a known pattern reads every block: the prefilter cannot rule any out for it.
        self.extra_triggers = None if None in triggers else tuple(triggers)

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
        for chunk in chunked_blocks(blocks):
            for finding in self._screen_chunk(chunk, category, deadline):
                if len(findings) < self.max_findings:
                    findings.append(finding)
                else:
                    dropped += 1
        return findings, dropped

    def _screen_chunk(self, chunk: list[Block], category: str | None, deadline: float | None) -> Iterator[Finding]:
        """Pattern stage block by block, then the name model once for the windows the blocks
        selected (batched: ~2x faster than one call per block), then decisions."""
        folded_blocks = [to_halfwidth(block.text) for block in chunk]
        # A page read as a whole for what no block shows alone: a brand named again and again.
        page_spam = page_injections(folded_blocks) if self.policy.screens(INJECTED) else {}
        staged = [
            stage for index, (block, folded) in enumerate(zip(chunk, folded_blocks))
            if (stage := self._stage(block, folded, deadline, page_spam.get(index))) is not None
        ]
        windows = [
            (stage, start, end)
            for stage in staged
            for window in stage.windows
            for start, end in han_lines(stage.folded, *window)
        ]
        found = model_names([stage.folded[start:end] for stage, start, end in windows], self.policy.name_second_opinion) if windows else []
        names: dict[int, list[tuple[int, int]]] = {}
        for (stage, start, _), spans in zip(windows, found):
            names.setdefault(id(stage), []).extend((start + s, start + e) for s, e in spans)
        for stage in staged:
            people = find_people(stage.block, stage.folded, category, names.get(id(stage)), stage.cells) if self.reads_people else []
            people = [person for person in people if not overlaps_a_detail(person, stage.results)]
            # Ties first: a column detail with no person in its row must not win an overlap
            # against a labelled detection that needs no person (a 家庭住址 cell).
            results = resolve_overlaps(tied_to_people(stage.block, stage.folded, stage.results + people))
            yield from self._findings(stage.block, results, category)

    def _stage(
        self, block: Block, folded: str, deadline: float | None, page_spam: list[Injection] | None = None
    ) -> Staged | None:
        """Prefilter and pattern results for one block (`folded`: its half-width text); None when
        the block is ruled out. `page_spam`: its spam findings as its page reads them, which
        replace the block's own."""
        if deadline is not None and time.monotonic() > deadline:
            raise TimeLimitExceeded("time limit exceeded: the file was not fully screened (raise --timeout)")
        entities = None if self.policy.entities is None else [e for e in self.analyzer.entities if self.policy.screens(e)]
        people_cue = self.reads_people
        if self.policy.prefilter:
            hits = self.analyzer.candidates.hits(block.text, self.questions)
            entities = self.analyzer.triggered_entities(block.text, folded, self.screened, hits)
            people_cue = self.reads_people and PEOPLE_CUE in hits
            structured = bool(block.line_locations or block.header)
            extra = self.extra_triggers is None or any(trigger.search(folded) for trigger in self.extra_triggers)
            if not (entities or people_cue or structured or extra or page_spam is not None):
                return None
        results = []
        if entities is None or entities or self.extra_recognizers:
            header: str | LineHeaders | None = LineHeaders(block.line_headers, block.line_starts) if block.line_locations else block.header
            results = self.analyzer.analyze(block.text, header, self.extra_recognizers, entities, folded)
        if page_spam is not None:
            results = [r for r in results if r.entity_type != INJECTED] + as_results(page_spam, "InjectedContentRecognizer", "page")
        if block.line_locations:
            mark_split_identifiers(block, results)
        cells = block_cells(block)
        results += column_fields(folded, cells)
        if self.policy.entities is not None:
            results = [r for r in results if self.policy.screens(r.entity_type)]
        windows = self._model_windows(block, folded, not self.policy.prefilter, people_cue, results, cells) if self.reads_people else []
        return Staged(block, folded, results, cells, windows)

    @staticmethod
    def _model_windows(block: Block, folded: str, everywhere: bool, people_cue: bool, results, cells) -> list[tuple[int, int]]:
        """Where the name model runs: everywhere under a strict profile; else around person
        cues and personal details (the names there matter), never in a roster row whose 姓名
        column already names its person. It is the expensive stage (~10k chars/s)."""
        if everywhere:
            return [(0, len(folded))]
        if has_name_column(cells):
            return []
        if block.line_locations:  # a table row: short, and its person may be anywhere in it
            personal = people_cue or any(needs_person(r) or r.entity_type in PERSONAL_ANCHORS for r in results)
            return [(0, len(folded))] if personal else []
        anchors = [r.start for r in results if needs_person(r) or r.entity_type in PERSONAL_ANCHORS]
        if people_cue:
            anchors += [match.start() for match in MODEL_CUE.finditer(folded)]
        return model_windows(folded, anchors)

    def _findings(self, block: Block, results: list[RecognizerResult], category: str | None) -> Iterator[Finding]:
        contexts = ContextMaker(block, results)  # makes each preview once: a finding's, and its neighbours' context
        for index, result in enumerate(results):
            value = block.text[result.start : result.end]
            if block.line_locations and block.cell_index(result.start) != block.cell_index(result.end - 1) \
                    and not split_over_cells(result):
                continue  # a match across two cells of a row is no value of either (but an ID split over them)
            details = dict(result.recognition_metadata.get(DETAILS_KEY) or {})
            if block.line_locations:  # a row: what stands before the value in its own cell
                before = around = cell_before(block.text, block.cell_start(result.start), result.start)
            else:
                before = line_before(block.text, result.start)
                around = paragraph_before(block.text, result.start)
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
                preview=contexts.preview(index),
                location=location_of(block, result.start),
                role=details.get("role"),
                details=details,
                text=value if self.show_values else None,
                context=contexts.around(index),
            )


@dataclass
class Staged:
    """A block past the prefilter, with its pattern and column results."""

    block: Block
    folded: str
    results: list[RecognizerResult]
    cells: list[Cell]
    windows: list[tuple[int, int]]  # where the name model runs (offsets in folded)


CHUNK_BLOCKS, CHUNK_CHARS = 64, 20_000
# Details next to which a name matters enough to run the model (an office landline, an
# official e-mail or a 统一社会信用代码 do not make a sentence worth it).
PERSONAL_ANCHORS = frozenset({
    "CN_RESIDENT_ID", "CN_RESIDENT_ID_MASKED", "CN_MOBILE_PHONE", "CN_MOBILE_PHONE_MASKED", "BANK_CARD", "CN_PASSPORT",
    "CN_TRAVEL_PERMIT", "CN_FOREIGNER_PR_ID", "CN_STUDENT_NUMBER", "CN_EXAM_NUMBER", "HOME_ADDRESS", "BIRTH_DATE",
})


def overlaps_a_detail(person: RecognizerResult, results: list[RecognizerResult]) -> bool:
    """A name the model read into a detected detail (信仰伊斯兰 in 信仰伊斯兰教, 档立卡 in 建档立卡)
    is no name: the detail stands, and it cannot tie itself to a person."""
    if (person.recognition_metadata.get(DETAILS_KEY) or {}).get("source") != "model":
        return False
    return any(r.start < person.end and person.start < r.end for r in results)


def chunked_blocks(blocks: Iterable[Block]) -> Iterator[list[Block]]:
    """Consecutive blocks in groups of at most CHUNK_BLOCKS / about CHUNK_CHARS: memory stays bounded."""
    chunk: list[Block] = []
    chars = 0
    for block in blocks:
        chunk.append(block)
        chars += len(block.text)
        if len(chunk) >= CHUNK_BLOCKS or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def line_before(text: str, start: int) -> str:
    """The text before `start` on its own line (simplified characters), for contact rules."""
    line_start = text.rfind("\n", 0, start) + 1
    return _colons(to_simplified(text[max(line_start, start - LINE_CONTEXT_CHARS) : start]))


def cell_before(text: str, cell_start: int, start: int) -> str:
    """Up to PARAGRAPH_CONTEXT_CHARS before `start` within its cell (from `cell_start`)."""
    return _colons(to_simplified(text[max(cell_start, start - PARAGRAPH_CONTEXT_CHARS) : start]))


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
