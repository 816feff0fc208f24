"""PERSON by structure and cues: what the name model does not see.

Each function returns `NameSpan`s found one way: a cell under a name header (姓名, 学生姓名,
获奖者 …), a name after a field label (当事人：) or before a form of address (同学, 老师), a
masked name (张某, 王*), the first cell of a flattened roster row (张伟110101…), the items of a
名单 line (张三、李四、王五) and names run together after a 名单 cue (李鹏乔石李瑞环). The
text-only checks (surnames, name shapes, roles) are in recognizers.person_name;
screening.engine.people merges these spans with the model's and gives each its role.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from recognizers.person_name import (
    COMPOUND_SURNAMES,
    DOTTED_NAME,
    NAME_SHAPE,
    ORGANISATION_WORDS,
    SINGLE_SURNAMES,
    is_surname_start,
    list_items,
    looks_like_name,
    segment_glued_names,
    unpadded,
)
from recognizers.textnorm import to_simplified
from screening.engine.cells import Cell, sentence_bounds

NAME_HEADER = regex.compile(r"姓\s*名|名\s*字|获奖者|获奖人|受助人|受助学生|申请人|当事人|被处罚人|考生$|学生$|幼儿$|^拟录取|^拟聘|负责人$|联系人$|指导(?:教师|老师)")
NOT_NAME_HEADER = regex.compile(r"单位|学校|机构|项目|名称|院系|专业|课题|作品|队伍|班级")
# 名单 lines are read only where the block speaks of people.
LIST_CUE = regex.compile(r"名单|如下|获奖|表彰|评选|获得|同学|同志|考生|学生|人员|拟|入选|当选|优秀|先进|教师|老师|幼儿")
_HAN = r"\p{Han}"
_NOT_SOME = r"(?!些|种|项|个|一|位|天|年|月|日|地|处|市|县|区|校|单位|部门|方面|时|人)"
CUE_BEFORE = regex.compile(
    rf"(?:当事人|被处罚人|申请人|姓名|考生|幼儿|获奖者|联系人|联络人|负责人|法定代表人|经办人|责任编辑|审核人|签发人|记者|通讯员)"
    rf"[：:]\s{{0,2}}(?P<name>{NAME_SHAPE.pattern}|{DOTTED_NAME.pattern})(?=[\s，,、。；;（(：:）)]|$)"
)
TITLE_AFTER_NAME = regex.compile(r"同学|老师|同志|先生|女士|教授|小朋友")
# An office contact line names the office first, then the person (联系人：省教育厅师范处王红，
# 联系人：县教育局基础教育股　赵明): the name is what follows the office's last unit word.
OFFICE_CONTACT = regex.compile(
    rf"(?P<label>(?:联系人|联络人|经办人|咨询人|受理人)[：:])[ \t　]*"
    rf"[^\n，,；;。：:]{{0,30}}?(?:处|科|股|室|办|中心|局|厅|院|系|部|所|组|馆|站|队|校|会)[ \t　]*"
    rf"(?!公室|公厅|公楼|事处|学处|务处|育局)(?P<name>{NAME_SHAPE.pattern})(?=[ \t　]*(?:[，,；;。\n（(、]|联系|电话|手机|邮箱|座机|$))"
)
# A numbered list of bare names: 1. 林嘉怡 2. 郑博文 3. 欧阳娜娜 (award and admission lists). An
# item that goes on (1.范东晓，体育学院副校长) is left to the other readings, which see its title.
_NUMBER = r"\d{1,3}[.．、)）]"
NUMBERED_NAME = regex.compile(
    rf"(?:^|(?<=[\s：:，,；;])){_NUMBER}[ \t　]*(?P<name>{DOTTED_NAME.pattern}|\p{{Han}}{{2,4}}|\p{{Han}}[ 　]\p{{Han}})"
    rf"(?=[ \t　]*(?:{_NUMBER}|\n|$))"
)
# Surname characters that more often are a preposition or verb before a name (向李明同学学习).
FUNCTION_CHARS = frozenset("向和于是有经令从将由乐为同及与在对给把被让请")
HAN_CHAR = regex.compile(_HAN)


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    source: str
    header: str | None = None
    context_end: int | None = None  # where the words that give the role end (a list: its start)


@lru_cache(maxsize=1024)
def is_name_header(header: str) -> bool:
    header = to_simplified(header)
    return NAME_HEADER.search(header) is not None and NOT_NAME_HEADER.search(header) is None


def has_name_column(cells: list[Cell]) -> bool:
    return any(is_name_header(cell.header) for cell in cells)


def column_spans(text: str, cells: list[Cell]) -> list[NameSpan]:
    return [
        NameSpan(cell.start, cell.end, "column", cell.header)
        for cell in cells
        if is_name_header(cell.header) and looks_like_name(text[cell.start : cell.end], known_surname=False)
    ]


def cue_spans(text: str) -> list[NameSpan]:
    spans = [NameSpan(*m.span("name"), "cue") for m in CUE_BEFORE.finditer(text) if looks_like_name(m.group("name"))]
    for title in TITLE_AFTER_NAME.finditer(text):
        start = _name_ending_at(text, title.start())
        if start is not None:
            spans.append(NameSpan(start, title.start(), "cue"))
    spans += [NameSpan(start, end, "masked") for start, end in _masked_spans(text)]
    spans += [
        NameSpan(*m.span("name"), "cue", context_end=m.end("label"))
        for m in OFFICE_CONTACT.finditer(text)
        if looks_like_name(m.group("name"))
    ]
    return spans


def with_compound_surname(text: str, start: int) -> int:
    """Move a name's start back over the first half of a compound surname the reading cut off
    (阳思远 in 欧阳思远, 马晓婷 in 司马晓婷)."""
    if start == 0 or text[start - 1 : start + 1] not in COMPOUND_SURNAMES or text[start - 1] == "长":
        return start  # 部长孙家正, 市长孙振宇: 长 ends a title there, not 长孙
    return start - 1


def _name_ending_at(text: str, end: int) -> int | None:
    """Where a name ending at `end` starts: four characters with a compound surname (欧阳思远),
    three if they make a name, else two."""
    four = text[max(0, end - 4) : end]
    if len(four) == 4 and four[:2] in COMPOUND_SURNAMES and looks_like_name(four):
        return end - 4
    three, two = text[max(0, end - 3) : end], text[max(0, end - 2) : end]
    if len(three) == 3 and looks_like_name(three) and not (three[0] in FUNCTION_CHARS and looks_like_name(two)):
        return end - 3
    if looks_like_name(two):
        return end - 2
    return None


# What a PERSON span may hold: Han characters, a middle dot between parts of a minority or
# transliterated name, mask marks (王*, 张××), or a Latin-script name. Never a digit, a bracket,
# a line break, a bullet or punctuation — those come from a reading that slid off the name.
_NAME_CHAR = r"[\p{Han}A-Za-z*＊×○〇]"
TRIMMED = regex.compile(rf"{_NAME_CHAR}(?:.*{_NAME_CHAR})?", regex.DOTALL)  # first to last name character
CLEAN_NAME = regex.compile(
    r"\p{Han}+(?:[·•・‧]\p{Han}+)*[*＊×○〇xX]{0,3}|[A-Z][a-z]+(?:[ .'-][A-Z][a-z]+){0,3}"
)
# Characters that end the word before a name and get glued to it (（1）班司马晓婷, 2021级王芳).
GLUE_BEFORE_NAME = frozenset("班级届系院校组队部处科室")
# A lone surname is no name (李老师, 王同学: a form of address) except before the titles that
# news uses for one known person (江主席, 李总理): MSRA and the press count those as names.
HEAD_OF_STATE_AFTER = regex.compile(r"主席|副主席|总理|副总理|总统|总书记|委员长")


PADDED_CLEAN = regex.compile(r"\p{Han}[ 　\u00a0]\p{Han}")


def clean_name_span(text: str, start: int, end: int, padded: bool = False) -> tuple[int, int] | None:
    """The span of a name reading, trimmed to the name, or None when what is left is no name.

    >>> text = "（1）班司马晓婷  •  李老师\\n王红,"
    >>> [text[s:e] for s, e in filter(None, [clean_name_span(text, 3, 8), clean_name_span(text, 8, 13),
    ...                                     clean_name_span(text, 13, 14), clean_name_span(text, 17, 20)])]
    ['司马晓婷', '王红']
    """
    trimmed = TRIMMED.search(text, start, end)
    if trimmed is None:
        return None
    if padded and PADDED_CLEAN.fullmatch(trimmed.group()):  # 张　伟 of an aligned list: the blank is the name's
        return trimmed.span()
    if CLEAN_NAME.fullmatch(trimmed.group()) is None:
        return None
    start, end = trimmed.span()
    if end - start >= 3 and text[end - 1 : end + 1] in ("阁下", "足下"):
        end -= 1  # 张三阁下: 阁 belongs to the form of address
    name = text[start:end]
    if name[0] in GLUE_BEFORE_NAME and end - start >= 3 and is_surname_start(name[1:3]):
        start += 1
        name = name[1:]
    if len(name) == 1 and not (name in SINGLE_SURNAMES and HEAD_OF_STATE_AFTER.match(text, end)):
        return None  # 李 of 李老师: a title names that person, not a name; 江 of 江主席 is the exception
    return start, end


NOT_SOME = regex.compile(_NOT_SOME)
MASK_MARK = regex.compile(r"某某?|[*＊×xX○〇]{1,3}")


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """张某, 李某某, 欧阳*: a surname right before a mask mark. 主张某些 and 扩张某地 are not
    names (某 starts a word there); 王*'s mark is found first, the surname checked after."""
    spans = []
    for mark in MASK_MARK.finditer(text):
        start = mark.start()
        if "某" in mark.group() and NOT_SOME.match(text, mark.end()) is None:
            continue
        for width in (2, 1):
            if start >= width and is_surname_start(text[start - width : start]) == width and _starts_a_word(text, start - width):
                spans.append((start - width, mark.end()))
                break
    return spans


def _starts_a_word(text: str, start: int) -> bool:
    before = text[start - 1 : start]
    return not before or not HAN_CHAR.match(before) or before in "人生者的和与及、，,：: " or text[:start].endswith(("当事人", "申请人"))


# A flattened roster row: an optional 序号, then a name followed by an ID or by blank-separated
# cells (张伟110101… / 3  李娜  九年级  712). Tried at line starts only.
LEADING_INDEX = regex.compile(r"[ \t]*(?:\d{1,5}[ \t.、]*)?")
ROW_NAME = regex.compile(rf"(?P<name>{NAME_SHAPE.pattern}|{DOTTED_NAME.pattern})(?=\d{{6}}|[ \t　]{{2,}}\S|\t)")
ROW_SHAPE = regex.compile(r"\t|[ 　]{2}|\d{6}")
# A 名单 is a segment between sentence marks and colons with 2+ list separators.
SEGMENT = regex.compile(r"[^。：:；;！？!?\n（）()]+")


def _row_names(text: str) -> list[NameSpan]:
    spans, line_start = [], 0
    while line_start < len(text):
        position = LEADING_INDEX.match(text, line_start).end()
        if position < len(text) and HAN_CHAR.match(text, position):
            match = ROW_NAME.match(text, position)
            if match and looks_like_name(match.group("name")):
                spans.append(NameSpan(*match.span("name"), "list", context_end=match.start("name")))
        line_end = text.find("\n", line_start)
        if line_end < 0:
            break
        line_start = line_end + 1
    return spans


# Runs of Han characters long enough to be several names glued together.
HAN_RUN = regex.compile(r"\p{Han}{6,}")
GLUED_CUE = regex.compile(r"名单|委员|代表|成员|出席|如下|获奖|当选")
MIN_GLUED_NAMES, MAX_UNCUT_SHARE, MIN_SURNAME_SHARE = 4, 0.15, 0.35


def _surname_share(run: str) -> float:
    return sum(ch in SINGLE_SURNAMES for ch in run) / len(run)


# Characters of grammar that names (nearly) never hold: a run with one is a clause, not names
# run together (中东和平进程就已经陷入 after a 委员 cue; seen on the MSRA development split).
CLAUSE_CHARS = regex.compile(r"[的了就已被把这那吗呢吧么着过]")


def _cut_whole(run: str, hints: frozenset[tuple[int, int]] = frozenset()) -> list[tuple[int, int]] | None:
    """The names of a run the segmentation covers nearly whole, else None (also for a run
    that holds an organisation word, a job title or a grammar character: a résumé line or a
    clause, not a 名单)."""
    if ORGANISATION_WORDS.search(run) or CLAUSE_CHARS.search(run):
        return None
    names = segment_glued_names(run, hints)
    uncut = len(run) - sum(e - s for s, e in names)
    return names if names and uncut <= MAX_UNCUT_SHARE * len(run) else None


def _glued_spans(text: str, model_spans: list[tuple[int, int]] = ()) -> list[NameSpan]:
    """Names run together without separators after a 名单 cue: every run of the sentence that
    the surname segmentation covers nearly whole, once one run in it has 4+ names. Only runs
    dense in surname characters are tried first (prose has a surname character in ~18% of
    its characters, a run of names in ~44%)."""
    spans: list[NameSpan] = []
    for cue in GLUED_CUE.finditer(text):
        if spans and cue.start() < spans[-1].end:
            continue
        left, right = sentence_bounds(text, cue.end())
        runs = list(HAN_RUN.finditer(text, cue.end(), right))
        seed = next(
            (run for run in runs if _surname_share(run.group()) >= MIN_SURNAME_SHARE
             and len(_cut_whole(run.group()) or ()) >= MIN_GLUED_NAMES),
            None,
        )
        if seed is None:
            continue
        for run in runs:
            hints = frozenset((s - run.start(), e - run.start()) for s, e in model_spans if run.start() <= s and e <= run.end())
            names = _cut_whole(run.group(), hints) or []
            spans += [NameSpan(run.start() + s, run.start() + e, "glued", context_end=left) for s, e in names]
    return spans


def _numbered_names(text: str) -> list[NameSpan]:
    """Names of a numbered list (1. 林嘉怡 2. 郑博文): at least two numbered items, and the items
    name-shaped, so a numbered list of tasks or places gives nothing.

    >>> text = "获奖名单：1. 林嘉怡 2. 郑博文 3. 欧阳娜娜"
    >>> [text[s.start:s.end] for s in _numbered_names(text)]
    ['林嘉怡', '郑博文', '欧阳娜娜']
    >>> text = "获奖学生：\\n1. 张 伟\\n2. 李 娜\\n3. 陈嘉怡"
    >>> [text[s.start:s.end] for s in _numbered_names(text)]
    ['张 伟', '李 娜', '陈嘉怡']
    >>> _numbered_names("工作要求：1. 提高认识 2. 加强领导 3. 严格落实")
    []
    """
    items = list(NUMBERED_NAME.finditer(text))
    names = [m for m in items if looks_like_name(unpadded(m.group("name")))]
    if len(names) < 2 or len(names) < 0.8 * len(items):
        return []
    return [NameSpan(*m.span("name"), "list", context_end=m.start()) for m in names]


def list_spans(text: str, model_spans: list[tuple[int, int]] = ()) -> list[NameSpan]:
    spans = _row_names(text) if ROW_SHAPE.search(text) else []
    if LIST_CUE.search(text):
        spans += _numbered_names(text)
    if GLUED_CUE.search(text) and HAN_RUN.search(text):
        spans += _glued_spans(text, model_spans)
    if not LIST_CUE.search(text):
        return spans
    # Lists are written with 、 or blanks; comma-separated ones only under a 名单/如下 heading
    # (every paragraph of prose has commas: splitting them all into items cost more than the rest).
    if text.count("、") < 2 and "  " not in text and "\t" not in text and not ("名单" in text or "如下" in text):
        return spans
    for segment in SEGMENT.finditer(text):
        value = segment.group()
        separators = value.count("、") + value.count("，") + value.count(",") + value.count("  ") + value.count("\t")
        if separators >= 2 and len(value) <= 8 * (separators + 1):  # short items, not clauses
            start = segment.start()
            spans += [NameSpan(start + s, start + e, "list", context_end=start) for s, e in list_items(value)]
    return spans


