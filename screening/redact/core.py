"""The redaction core: which findings go, what replaces them, and replacement in text.

A redacted copy removes or masks every `block` finding as its rule's remedy says:

- `mask`: `mask_for` keeps the remedy's `keep_head`/`keep_tail` letters/digits and masks the
  rest with `mask_char` (punctuation and spaces stay). It is a pure function of the entity,
  the value and the remedy, so one value gets one mask across every file of an archive, and
  every value of an entity gets the one pattern its rule prescribes (信息汇聚: different masks
  of one ID combine into the full number).
- `delete`: the value is removed ('').
- `withdraw`: nothing is replaced; the document must not go out (a 密级 mark), so no copy is
  written and the rule id is reported.
- `confirm`/`none` on a block finding (a custom policy): masked whole, since a block finding
  must not reach the copy.

Writers (one module per format) apply the replacements to the units they edit (a line, a
cell, an element's text). Long identifiers (IDs, bank cards, phones) are replaced wherever
they occur in the file; short values (a 3-digit score, a 2-character name) only in the unit
where the finding is (`Replacement.everywhere`, `applicable`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from policies import Policy
from policies.model import Remedy
from screening.model import Location, ScanResult
from screening.engine.preview import mask_middle

# Identifiers replaced wherever they occur in the file (when long enough to be unambiguous).
IDENTIFIER_ENTITIES = frozenset({
    "CN_RESIDENT_ID", "CN_RESIDENT_ID_MASKED", "BANK_CARD", "CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "PHONE_NUMBER",
    "CN_PASSPORT", "CN_TRAVEL_PERMIT", "CN_FOREIGNER_PR_ID", "CN_STUDENT_NUMBER", "CN_EXAM_NUMBER",
    "EMAIL_ADDRESS",
})
MIN_EVERYWHERE_CHARS = 7  # letters/digits: below this a value may occur by chance elsewhere
# Anything else this long is distinctive enough to replace everywhere too (a full home address).
MIN_EVERYWHERE_TEXT = 12

# A figure in prose: digits (ASCII or full-width), Chinese numerals and a decimal point between
# digits. Masked alone, 以689分的成绩 stays a sentence (以***分的成绩), 第三名 stays 第*名.
NUMERAL = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百]+")
_WHOLE = Remedy(kind="mask", keep_head=0, keep_tail=0, instruction="-")


@dataclass(frozen=True)
class Replacement:
    value: str  # the raw text of the finding, exactly as in the extracted text
    replacement: str  # what replaces it ('' for delete)
    entity_type: str
    rule: str
    location: Location  # where the finding is (cell/paragraph/line), for location-pinned replacement
    start: int | None = None  # offsets into the extracted text (for formats whose text is the file's)
    end: int | None = None

    @property
    def everywhere(self) -> bool:
        """True for values replaced wherever they occur in the file, False for location-pinned ones."""
        alnum = sum(ch.isalnum() for ch in self.value)
        if self.entity_type in IDENTIFIER_ENTITIES:
            return alnum >= MIN_EVERYWHERE_CHARS
        return len(self.value.strip()) >= MIN_EVERYWHERE_TEXT


@dataclass
class RedactionOutcome:
    source: str
    output: str | None  # None when no copy was written
    replaced: int = 0  # occurrences replaced
    withdrawn: list[str] = field(default_factory=list)  # rule ids whose remedy is withdraw: no copy
    notes: list[str] = field(default_factory=list)  # what was also removed or masked; never values
    format: str | None = None
    error: str | None = None  # the file could not be read or written
    residual: int = 0  # block findings a re-scan of the copy still found (0 for a clean copy)
    review: int = 0  # review findings the copy still has (left to a person; redaction removes block ones)

    @property
    def ok(self) -> bool:
        """A copy was written, nothing was withheld and the copy re-scans clean."""
        return self.output is not None and not self.withdrawn and not self.error and self.residual == 0


def mask_for(entity_type: str, value: str, remedy: Remedy) -> str:
    """What replaces `value`: '' for delete, else the entity's mask pattern from the remedy.

    >>> r = Remedy(kind="mask", keep_head=4, keep_tail=4, instruction="x")
    >>> mask_for("CN_RESIDENT_ID", "34010420100307651X", r)
    '3401**********651X'
    >>> mask_for("HOME_ADDRESS", "杨柳村", Remedy(kind="delete", instruction="x"))
    ''
    >>> mask_for("EXAM_RANK", "全县第三名", Remedy(kind="mask", digits_only=True, instruction="x"))
    '全县第*名'
    """
    if remedy.kind == "delete":
        return ""
    if remedy.kind != "mask":  # confirm/none on a block finding; withdraw never reaches here
        remedy = _WHOLE.model_copy(update={"mask_char": remedy.mask_char})
    if remedy.digits_only and NUMERAL.search(value):
        return NUMERAL.sub(lambda m: remedy.mask_char * len(m.group()), value)
    if not any(ch.isalnum() for ch in value):
        return remedy.mask_char * len(value)
    alnum = sum(ch.isalnum() for ch in value)
    if remedy.keep_head + remedy.keep_tail >= alnum:  # a short value: mask it all
        return "".join(remedy.mask_char if ch.isalnum() else ch for ch in value)
    return mask_middle(value, remedy.keep_head, remedy.keep_tail, remedy.mask_char)


def plan_replacements(result: ScanResult, policy: Policy, also: Collection[str] = ()) -> tuple[list[Replacement], list[str]]:
    """The replacements for the block findings of `result` (scanned with show_values=True) and
    for the findings whose fingerprints are in `also` (a reviewer marked them for redaction), and
    the ids of block rules whose remedy is withdraw (the document must not go out)."""
    replacements: list[Replacement] = []
    withdrawn: list[str] = []
    for finding in result.findings:
        if finding.action != "block" and finding.fingerprint not in also:
            continue
        rule = policy.rule_by_id(finding.rule)
        remedy = rule.remedy if rule else _WHOLE
        if remedy.kind == "withdraw":
            if finding.rule not in withdrawn:
                withdrawn.append(finding.rule)
            continue
        if finding.text is None:
            raise ValueError("plan_replacements needs a result scanned with show_values=True")
        if not finding.text:
            continue
        whole = Replacement(
            value=finding.text, replacement=mask_for(finding.entity_type, finding.text, remedy),
            entity_type=finding.entity_type, rule=finding.rule, location=finding.location,
            start=finding.start, end=finding.end,
        )
        continues = finding.details.get("continues_in")
        replacements.extend(cell_pieces(whole, continues) if continues and "\n" in finding.text else [whole])
    return replacements, withdrawn


def cell_pieces(whole: Replacement, continues: dict[str, str | None]) -> list[Replacement]:
    """An identifier split over two cells of a row (screening.engine.split_cells) as one
    replacement per cell: the mask of the whole value cut where the value is, so together
    the cells read as the one mask; the second piece pinned to the cell it continues in.

    >>> value, remedy = "340104198506\\n121236", Remedy(kind="mask", keep_head=4, keep_tail=4, instruction="-")
    >>> whole = Replacement(value, mask_for("CN_RESIDENT_ID", value, remedy), "CN_RESIDENT_ID", "PII-ID",
    ...                     Location(part="table", sheet="S", row=2, column="B"))
    >>> [(p.value, p.replacement, p.location.column) for p in cell_pieces(whole, {"part": "table", "column": "C"})]
    [('340104198506', '3401********', 'B'), ('121236', '**1236', 'C')]
    """
    cut = whole.value.index("\n")
    second = replace(whole.location, part=continues.get("part") or whole.location.part, column=continues.get("column"))
    return [
        replace(whole, value=whole.value[:cut], replacement=whole.replacement[:cut], start=None, end=None),
        replace(whole, value=whole.value[cut + 1 :], replacement=whole.replacement[cut + 1 :], location=second, start=None, end=None),
    ]


def _pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(values), key=lambda value: (-len(value), value))
    return re.compile("|".join(re.escape(value) for value in ordered)) if ordered else None


def redact_text(text: str, replacements: list[Replacement]) -> tuple[str, int]:
    """`text` with every occurrence of each replacement's value replaced, longest values
    first (an ID is replaced whole before a shorter value inside it); and how many were."""
    usable = [r for r in replacements if r.value]
    pattern = _pattern(r.value for r in usable)
    if pattern is None:
        return text, 0
    by_value: dict[str, str] = {}
    for r in sorted(usable, key=lambda r: len(r.replacement)):  # one value, two rules: the shorter wins
        by_value.setdefault(r.value, r.replacement)
    pieces: list[str] = []
    kept_until = count = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        replacement = by_value[match.group(0)]
        if not replacement:  # a deletion takes the punctuation it leaves dangling with it
            start, end = deletion_span(text, start, end, kept_until)
        pieces += [text[kept_until:start], replacement]
        kept_until = end
        count += 1
    pieces.append(text[kept_until:])
    return "".join(pieces), count


_LABEL_MARK = "：:，,、"  # after a deleted heading word at a line's start: 喜报：我校…
_CLAUSE_MARK = "，,、；;"  # before a deleted last clause of a sentence: …达120人，升学率98%。
_SENTENCE_END = "。！？!?；;\n"


def deletion_span(text: str, start: int, end: int, floor: int = 0) -> tuple[int, int]:
    """The stretch a deletion of text[start:end] removes, so the copy still reads as Chinese:
    the mark after a deleted heading at a line's start, or the comma before a deleted last
    clause (never before `floor`, where the previous replacement ended).

    >>> text = "喜报：我校中考再创佳绩，升学率98%。"
    >>> [text[slice(*deletion_span(text, *span))] for span in ((0, 2), (12, 18))]
    ['喜报：', '，升学率98%']
    """
    at_line_start = start == 0 or text[start - 1] == "\n"
    if at_line_start and end < len(text) and text[end] in _LABEL_MARK:
        end += 1
        while end < len(text) and text[end] in " \u3000":
            end += 1
    elif start > floor and text[start - 1] in _CLAUSE_MARK and (end == len(text) or text[end] in _SENTENCE_END):
        start -= 1
    return start, end


def applicable(replacements: Iterable[Replacement], here: Callable[[Location], bool]) -> list[Replacement]:
    """The replacements a unit of the file must apply: every `everywhere` one, and the
    location-pinned ones whose finding location `here` accepts."""
    return [r for r in replacements if r.everywhere or here(r.location)]


def same_place(a: Location, b: Location, *fields: str) -> bool:
    """True when `a` and `b` agree on every named Location field."""
    return all(getattr(a, name) == getattr(b, name) for name in fields)
