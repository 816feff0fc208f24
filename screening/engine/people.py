"""PERSON findings for one block: the name model's readings merged with structure and cues
(screening.engine.name_rules), each with its role.

Sources, strongest first (their scores order them when two overlap): a cell under a name
header; a 名单 line or roster row; the statistical model (screening.engine.names_model), run only on
the windows the caller chose (see `Screener`: it is the expensive stage); names cut from a
glued 名单; a name after a field label or before a form of address; a masked name (张某,
李某某, 王*), reported with `masked: true`. Model names that are part of a place or
organisation (中山大学, 鲁迅文学奖, 岳阳楼) or sit inside a 《title》 are dropped.

Each finding carries details `role` (student / minor / official / contact / other, from the
words around it, its column header and the document category), `source` and `masked`.
"""

from __future__ import annotations

from dataclasses import replace

import regex
from presidio_analyzer import RecognizerResult

from recognizers import DETAILS_KEY
from recognizers.textnorm import traditional_forms, widen_characters
from recognizers.person_name import (
    COMPOUND_SURNAMES,
    DOTTED_NAME,
    NOT_A_PERSON_AFTER,
    NOT_NAMES,
    ORGANISATION_WORDS,
    SINGLE_SURNAMES,
    is_masked,
    role_from_context,
    simplified_for_names,
)
from screening.engine import names_model
from screening.engine.lac_names import lac_only_names, lac_person_spans
from screening.engine.cells import Cell, block_cells, sentence_bounds
from screening.model import Block
from screening.engine.name_rules import (
    HAN_CHAR,
    NameSpan,
    clean_name_span,
    column_spans,
    cue_spans,
    list_spans,
    with_compound_surname,
)

PERSON = "PERSON"
# The cheap stage: a block without any of these (and without table structure, identifiers or
# details that need a person) never reaches the name model.
# Traditional text (聯絡人：陳大文, 得獎學生：…) passes it too: the block is simplified only later.
_PEOPLE_CUES = (
    r"姓\s*名|名单|同学|老师|同志|先生|女士|教授|学生|考生|幼儿|当事人|申请人|被处罚人|联系人|联络人|负责人|校长|局长|厅长|书记|主任|"
    r"院长|处长|记者|编辑|审核|签发|获奖|获得|荣获|拟录取|(?:[\d一二三四五六七八九十]|年)[班级]|表彰|某|[*＊×○]|[·•]|岁|患|病|低保|孤儿|特困|信仰|住址|出生"
)
PEOPLE_TRIGGER = regex.compile(widen_characters(_PEOPLE_CUES, traditional_forms(_PEOPLE_CUES)))
SCORES = {"column": 0.9, "masked": 0.88, "list": 0.86, "model": 0.85, "glued": 0.84, "cue": 0.8}
CONTEXT_BEFORE, CONTEXT_AFTER = 16, 16


# Words around which the default profile runs the model: a pupil spoken of in prose. A role
# before a name (学生王小明) counts only when a surname character follows, since 学生资助 and
# 考生须知 fill notices that name nobody. Titles (王建国同志, 李老师) are not cues here: the
# cue rules read the name before a title, and officials are allowed anyway.
_SURNAME_CHARS = "".join(sorted(SINGLE_SURNAMES))
_COMPOUND = "|".join(sorted(COMPOUND_SURNAMES))
MODEL_CUE = regex.compile(
    rf"(?:学生|學生|考生|幼儿|幼兒|当事人|當事人|申请人|申請人|患者|患儿|被处罚人)[：:\s]?(?=[{_SURNAME_CHARS}])|"
    r"同学|同學|小朋友|\d岁|\d歲|该生|該生|该同学|該同學|"
    # award and admission prose: 三年级二班王小明…, 拟录取张三…, 张梓涵获得一等奖
    rf"(?:[\d一二三四五六七八九十]|年)[班級级](?=[{_SURNAME_CHARS}]|{_COMPOUND})|拟录取|擬錄取|荣?获得?[^，。；\n]{{0,12}}奖"
)
MODEL_WINDOW = 40  # characters the model sees either side of a cue, within the cue's sentence


def model_windows(text: str, anchors: list[int]) -> list[tuple[int, int]]:
    """The sentences around `anchors` (cue words, personal details), cut to MODEL_WINDOW either
    side and merged: the model reads these, not the whole block."""
    windows: list[tuple[int, int]] = []
    for anchor in sorted(anchors):
        left, right = sentence_bounds(text, anchor)
        left, right = max(left, anchor - MODEL_WINDOW), min(right, anchor + MODEL_WINDOW)
        if windows and left <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(right, windows[-1][1]))
        elif right > left:
            windows.append((left, right))
    return windows


def han_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of text[start:end] that hold a Han character, adjacent ones merged: the
    model reads Chinese names, and a 200k-digit line would cost it seconds for nothing."""
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end < 0 else line_end
        if HAN_CHAR.search(text, position, line_end):
            if spans and spans[-1][1] == position - 1:
                spans[-1] = (spans[-1][0], line_end)
            else:
                spans.append((position, line_end))
        position = line_end + 1
    return spans


def model_names(texts: list[str], second_opinion: bool = True) -> list[list[tuple[int, int]]]:
    """PER spans the name model finds in each (half-width folded) text, in one batch, with (when
    `second_opinion`) the names only LAC finds that pass `lac_only_names` (screening.engine.lac_names);
    no spans when the model is not installed. Traditional text is read as simplified."""
    if not texts or not names_model.model_available():
        return [[] for _ in texts]
    model_texts = [simplified_for_names(text) for text in texts]
    lac_found = lac_person_spans(model_texts) if second_opinion else [[] for _ in model_texts]
    found = []
    for text, entities, lac_spans in zip(model_texts, names_model.predict_entities(model_texts), lac_found):
        ours = [(start, end) for start, end, label in entities if label == "PER"]
        not_person = [(start, end) for start, end, label in entities if label != "PER"]
        spans = ours + lac_only_names(text, lac_spans, ours, not_person)
        found.append(
            sorted((with_compound_surname(text, start), end) for start, end in spans if _plausible_model_name(text, start, end))
        )
    return found


def _plausible_model_name(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    if name in NOT_NAMES or ORGANISATION_WORDS.search(name):
        return False
    if len(name) < 2 and name not in SINGLE_SURNAMES:
        return False
    if NOT_A_PERSON_AFTER.match(text[end : end + 4]) and not DOTTED_NAME.fullmatch(name):
        return False
    opened, closed = text.rfind("《", 0, start), text.rfind("》", 0, start)
    return not (opened > closed and text.find("》", end) >= 0)


def _best_spans(spans: list[NameSpan]) -> list[NameSpan]:
    """One span per name: the strongest source wins an overlap. A glued-list cut loses to the
    model's reading of the same name, but a model span across two cut names (卢荣景卢瑞华) is
    several names the model merged: the cuts stand."""
    glued = [span for span in spans if span.source == "glued"]
    if glued:
        spans = [
            span for span in spans
            if span.source != "model" or sum(1 for g in glued if g.start < span.end and span.start < g.end) < 2
        ]
    kept: list[NameSpan] = []
    for span in sorted(spans, key=lambda s: (-SCORES[s.source], s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _clean_spans(text: str, spans: list[NameSpan]) -> list[NameSpan]:
    """Each span trimmed to the name it holds; readings that hold none (whitespace, bullets,
    a lone surname before 老师) are dropped."""
    cleaned = []
    for span in spans:
        bounds = clean_name_span(text, span.start, span.end, padded=span.source == "list")
        if bounds is not None:
            cleaned.append(span if bounds == (span.start, span.end) else replace(span, start=bounds[0], end=bounds[1]))
    return cleaned


STUDENT_CATEGORIES = frozenset({"student_aid", "admission", "exam"})


SENTENCE_END = regex.compile(r"[。；;！？!?\n]")


def _role(text: str, span: NameSpan, category: str | None) -> str:
    """The role from the words before the name (or its list) and after it, within its sentence."""
    end = span.start if span.context_end is None else span.context_end
    before = text[max(0, end - CONTEXT_BEFORE) : end]
    before = before[max((m.end() for m in SENTENCE_END.finditer(before)), default=0) :]
    after = "" if span.context_end is not None else text[span.end : span.end + CONTEXT_AFTER]
    cut = SENTENCE_END.search(after)
    role = role_from_context(before, after[: cut.start()] if cut else after, span.header)
    if role == "other" and category == "personnel":
        return "official"  # 任前公示, 拟聘用人员: the people the notice is about act in office
    if role == "other" and category in STUDENT_CATEGORIES and span.source in ("column", "list"):
        return "student"
    return role


def find_people(
    block: Block, text: str, category: str | None, model_spans: list[tuple[int, int]] | None = None, cells: list[Cell] | None = None
) -> list[RecognizerResult]:
    """PERSON results for `block` (`text` is its half-width folded text, same offsets;
    `model_spans` what `model_names` found in it, None when the model was not run;
    `cells` its block_cells when already at hand)."""
    rules_text = simplified_for_names(text)  # 聯絡人：陳大文 reads as 联络人：陈大文
    spans = column_spans(rules_text, block_cells(block) if cells is None else cells) + cue_spans(rules_text)
    spans += list_spans(rules_text, model_spans or [])
    spans += [NameSpan(start, end, "model") for start, end in model_spans or ()]
    results = []
    for span in _best_spans(_clean_spans(rules_text, spans)):
        name = text[span.start : span.end]
        source = "list" if span.source == "glued" else span.source
        details = {"role": _role(text, span, category), "source": source, "masked": is_masked(name)}
        result = RecognizerResult(PERSON, span.start, span.end, SCORES[span.source], recognition_metadata={DETAILS_KEY: details})
        results.append(result)
    return results
