"""What the personal-attribute recognizers share: words in two scripts, labels, group statements.

HOME_ADDRESS, BIRTH_DATE, HEALTH_INFO, FAMILY_HARDSHIP and RELIGION are found by words,
not digits, and come in two shapes:

- **a labelled field** — 家庭住址：…, 出生日期：…, 残疾类别：…, 宗教信仰：… — a form or a row
  of a person's record; the label itself says whose it is. Detections carry
  ``{"labelled": True}``.
- **a term in prose** — 该生患有癫痫, 王小红家庭系低保户 — which is about a person only when a
  person is named or pointed at (该生, 本人) in the same sentence or table row. Detections
  carry ``{"needs_person": True, "term": …}``; the engine drops them when no person is tied.

The same terms fill policy text and statistics (对低保家庭学生给予资助, 全市共有残疾学生1200人,
宗教事务管理条例). Those are excluded here, before the person check, because a headmaster's
speech names a person in a sentence that is still about a group: each recognizer's
pattern refuses the fixed policy phrases (低保标准, 心理健康教育), and `is_group_statement`
refuses a term whose clause counts, quantifies or legislates.

The analyzer folds only width, not script, so patterns spell traditional forms too;
`either_script` builds them from the simplified spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

from recognizers._base import Detection
from recognizers.textnorm import TRADITIONAL_CONFIGS, to_traditional

# A label's separator: a colon (with spaces), as forms and penalty decisions write it.
LABEL_COLON = r"[ \t]{0,2}[:：][ \t]{0,2}"
# A table cell's edges in a plain-text row (cells split by tabs, spaces, commas, bars).
# (Not the full-width comma: that is prose, where a bare value has no column to belong to.)
CELL_START = r"(?:^|(?<=[\t ,|]))"
CELL_END = r"(?=[\t ,|\r]|$)"
# A value that says "nothing to report" in a form field.
EMPTY_VALUES = frozenset(
    ["无", "無", "否", "没有", "沒有", "不详", "不詳", "未知", "暂无", "暫無", "空", "/", "-", "—", "--", "略", "*", "无宗教信仰", "無宗教信仰", "不信教", "无信仰", "無信仰"]
)

_CLAUSE_STOP = "。；;！!？?\n，,"
MAX_CLAUSE_SIDE = 60

# A clause that counts (共有…1200人, 比例, 占…%), speaks of everyone (全市, 各类, 所有), or
# sets policy (给予, 落实, 标准, 条例) is about a group, whoever else the sentence names.
_GROUP_CUES = regex.compile(
    r"共有|共計|共计|累计|累計|合计|合計|总计|總計|总数|總數|人数|人數|户数|戶數|人次|比例|占比|佔比|比重|覆盖|覆蓋|"
    r"\d\s*[%％]|百分之|其中|\d\s*[万萬]?\s*(?:人次|人|名|户|戶)\s*$|"
    r"全国|全國|全省|全市|全县|全縣|全区|全區|全校|全体|全體|各地|各级|各級|各校|各类|各類|所有|广大|廣大|"
    r"给予|給予|落实|落實|做好|加强|加強|开展|開展|实施|實施|确保|確保|优先|優先|帮扶|幫扶|关爱|關愛|"
    r"政策|标准|標準|办法|辦法|制度|条例|條例|事务|事務|依法|尊重|范围|範圍|符合条件|符合條件|"
    r"等(?:家庭|学生|學生|群体|群體|人员|人員|对象|對象|儿童|兒童|困难|困難|特殊)|"
    r"^[ \t]*(?:对|對|向)(?!象)"
)


@lru_cache(maxsize=4096)
def either_script(word: str) -> str:
    """A regex for `word` written in simplified or traditional characters (character classes).

    >>> either_script("户籍地")
    '[户戶]籍地'
    >>> bool(regex.fullmatch(either_script("家庭经济特别困难"), "家庭經濟特別困難"))
    True
    """
    forms = [word] + [to_traditional(word, config) for config in TRADITIONAL_CONFIGS]
    forms += ["".join(to_traditional(ch, config) for ch in word) for config in TRADITIONAL_CONFIGS]
    forms = [form for form in forms if len(form) == len(word)]
    out = []
    for i, ch in enumerate(word):
        variants = sorted({form[i] for form in forms} - {ch})
        out.append("[" + ch + "".join(variants) + "]" if variants else regex.escape(ch))
    return "".join(out)


def first_chars(*word_lists: Iterable[str]) -> str:
    """A character class of the first characters of `words` in both scripts: a cheap guard that
    lets a pattern of many alternatives skip most positions at once.

    >>> first_chars(["户籍地", "住址"])
    '[住戶户]'
    """
    chars = {ch for words in word_lists for word in words for ch in _first_variants(word)}
    return "[" + "".join(regex.escape(ch) for ch in sorted(chars)) + "]"


def _first_variants(word: str) -> set[str]:
    head = either_script(word[0])
    return set(head.strip("[]")) if head.startswith("[") else {word[0]}


def any_of(words: Iterable[str]) -> str:
    """An atomic alternation of `words` (both scripts), longest first, so a longer term is not
    given up for its prefix when a look-ahead after it fails (建档立卡贫困户比例 is not 建档立卡).

    >>> bool(regex.fullmatch(any_of(["低保", "低保户"]), "低保戶"))
    True
    """
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?>" + "|".join(either_script(w) for w in unique) + ")"


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding text[start:end]: up to the nearest comma, full stop or line break.

    >>> clause_around("该生家庭系低保户，享受资助。", 5, 8)
    '该生家庭系低保户'
    """
    left = max(0, start - MAX_CLAUSE_SIDE)
    right = min(len(text), end + MAX_CLAUSE_SIDE)
    while start > left and text[start - 1] not in _CLAUSE_STOP:
        start -= 1
    while end < right and text[end] not in _CLAUSE_STOP:
        end += 1
    return text[start:end]


def inside_title(text: str, start: int) -> bool:
    """Whether `start` is inside a 《title》 (《赵氏孤儿》, 《残疾人教育条例》).

    >>> inside_title("主演《赵氏孤儿》", 5), inside_title("该生系孤儿", 3)
    (True, False)
    """
    before = text[max(0, start - MAX_CLAUSE_SIDE) : start]
    return before.rfind("《") > before.rfind("》")


def is_group_statement(clause: str) -> bool:
    """Whether a clause speaks of a group or of policy rather than of one person.

    >>> is_group_statement("全市共有残疾学生1200人")
    True
    >>> is_group_statement("对低保家庭学生给予资助")
    True
    >>> is_group_statement("王小红家庭系低保户")
    False
    """
    return bool(_GROUP_CUES.search(clause))


def is_empty_value(value: str) -> bool:
    """A form value that reports nothing (无, 否, /).

    >>> is_empty_value("无"), is_empty_value("佛教")
    (True, False)
    """
    return value.strip(" \t：:") in EMPTY_VALUES


SCORE_LABELLED = 0.85  # a labelled field: the label itself says it is someone's record
SCORE_TERM = 0.6  # a term in prose: kept only when tied to a person (the engine checks)


def field_detection(label: str, value: str, nothing: frozenset[str] = frozenset()) -> Detection | None:
    """A labelled field (残疾类别：视力残疾), unless its value says there is nothing (无, 健康, 一般)."""
    if is_empty_value(value) or value in nothing:
        return None
    return Detection(SCORE_LABELLED, {"labelled": True, "label": label})


def term_detection(text: str, start: int, end: int, term: str) -> Detection | None:
    """A term in prose (低保, 抑郁症, 信仰佛教), unless it sits in a 《title》 or a clause about a group."""
    if inside_title(text, start) or is_group_statement(clause_around(text, start, end)):
        return None
    return Detection(SCORE_TERM, {"needs_person": True, "term": term})
