"""BIRTH_DATE: a person's date of birth, by its label or by 出生 after the date.

资助公示 must not show a birth date (教财厅函〔2017〕28号); with a name and a county it
narrows a person to a handful, and it is half of a resident ID. Dates fill every
official document (成文日期, 印发日期, 公示期), so a date is taken only when it is said to be a
birth date:

- **labelled**: 出生日期/出生年月(日)/出生时间/生日 (traditional 出生時間) followed by a colon,
  为/是 or a space, or 出生于/生于 before the date;
- **date then 出生**: 2010年3月7日出生, 2010年3月7日生, 1985年3月出生 (a 处罚决定书's 当事人
  line) — but not the bounds of an enrolment rule (2017年9月1日至2018年8月31日出生的儿童);
- a bare table cell under a 出生日期 header is the engine's column stage (screening.engine.fields):
  looking for bare dates in every paragraph (every notice has dates) cost more than it found.

Accepted date forms: 2010年3月7日, 2010年3月, 2010-03-07, 2010/3/7, 2010.03.07, 2010.03,
2010-03, 20100307; the year 1900 or later, not in the future, the month and day real.
Details say ``precision``: ``day`` or ``month`` — a 任前公示 or 招聘 公示 gives a candidate's
出生年月 by rule, which a policy may allow while still blocking a full date.

>>> [m.group("value") for m in PATTERN.finditer("王小红，女，出生日期：2010年3月7日，住址：略")]
['2010年3月7日']
>>> [m.group("value") for m in PATTERN.finditer("成文日期：2024年3月1日")]
[]
>>> plausible_birth_date("20100307"), plausible_birth_date("20101307"), plausible_birth_date("2010.03")
(True, False, True)
"""

from __future__ import annotations

import datetime

import regex

from recognizers._base import ChineseRecognizer, Detection, compile_pattern
from recognizers._personal import any_of, either_script

_YEAR = r"(?:19|20)\d{2}"
_SEP = r"[ \t]?"
_CN_DATE = _YEAR + _SEP + "年" + _SEP + r"\d{1,2}" + _SEP + "月(?:" + _SEP + r"\d{1,2}" + _SEP + "[日号號])?"
_NUM_DATE = _YEAR + r"(?P<sep>[\-./])\d{1,2}(?:(?P=sep)\d{1,2})?(?![\d.])"
_COMPACT_DATE = _YEAR + r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
DATE = r"(?<!\d)(?:" + _CN_DATE + "|" + _NUM_DATE + "|" + _COMPACT_DATE + r")(?!\d)"
# A day-level date (or year and month in 年月 form) before 出生 / 生.
_BORN_DATE = r"(?<!\d)" + _YEAR + _SEP + "年" + _SEP + r"\d{1,2}" + _SEP + "月(?:" + _SEP + r"\d{1,2}" + _SEP + "[日号號])?"

LABELS = ("出生日期", "出生年月日", "出生年月", "出生时间", "出生年份")
# 生日 but not 发生日期 / 产生日 / 诞生日 / 学生日常.
_BIRTHDAY = r"(?<![发發产產诞誕学學师師卫衛])" + either_script("生日") + "(?!" + either_script("常") + ")"
# 生于 only opening a clause (张凌，男，生于1956年1月): 先生于、新生于 are other sentences.
_BORN_IN = "(?:" + any_of(("出生于", "出生在")) + r"|(?:(?<=[，,、;；:：\s(（])|^)" + any_of(("生于",)) + ")"
# 出生的儿童 / 以后出生: an enrolment rule's date bounds, not a person's birthday.
_NOT_A_PERSON_AFTER = (
    "(?!" + any_of(("的适龄", "的儿童", "的幼儿", "的学生", "的新生", "的人员", "的考生", "的婴儿", "人口", "的人口", "率", "证明", "医学证明")) + ")"
)

PATTERN = compile_pattern(
    r"(?=[出生\d])"
    + r"(?:(?P<label>" + any_of(LABELS) + "|" + _BIRTHDAY + r")(?:[ \t]{0,2}(?:[:：]|[为為是])[ \t]{0,2}|[ \t]{1,4})(?P<value>" + DATE + ")"
    + r"|(?P<label>" + _BORN_IN + r")[ \t]{0,2}(?P<value>" + DATE + ")"
    + r"|(?<![至到~\-—－])(?P<value>" + _BORN_DATE + ")" + _SEP + r"(?P<born>" + either_script("出生") + _NOT_A_PERSON_AFTER
    + r"|生(?=[ \t]*(?:[，,。；;、)）\r]|$)))"
    + ")"
)

SCORE_LABELLED = 0.85
SCORE_BORN = 0.75

_PARTS = regex.compile(r"(\d{4})\D{0,3}?(\d{1,2})(?:\D{1,3}(\d{1,2}))?")


def plausible_birth_date(value: str, today: datetime.date | None = None) -> bool:
    """A real calendar date (or year and month), from 1900 up to today."""
    today = today or datetime.date.today()
    digits = regex.sub(r"\s", "", value)
    if digits.isdigit() and len(digits) == 8:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    else:
        parts = _PARTS.match(digits)
        if not parts:
            return False
        year, month = int(parts.group(1)), int(parts.group(2))
        day = int(parts.group(3)) if parts.group(3) else 1
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= date <= today


_NUMBER, _EIGHT_DIGITS = regex.compile(r"\d+"), regex.compile(r"\d{8}")


def date_precision(value: str) -> str:
    """"day" for a full date, "month" for a year and month (出生年月 in a 任前公示).

    >>> date_precision("2010年3月7日"), date_precision("2010.03"), date_precision("20100307")
    ('day', 'month', 'day')
    """
    return "day" if len(_NUMBER.findall(value)) >= 3 or _EIGHT_DIGITS.fullmatch(value) else "month"


class BirthDateRecognizer(ChineseRecognizer):
    ENTITIES = ("BIRTH_DATE",)
    PATTERN = PATTERN
    # Every match has a 出生/生日/生于 word.
    TRIGGER = r"出生|生日|生于|生於|[日号號][ \t]?生"
    CONTEXT = ("出生日期", "出生年月", "出生时间", "出生", "生日")
    NEGATIVE_CONTEXT = (
        "成文日期", "发布日期", "印发日期", "发文日期", "生成日期", "公示日期", "公示期", "公示时间", "填报日期", "填表日期",
        "申请日期", "入学日期", "入学时间", "毕业时间", "毕业日期", "报名时间", "发证日期", "有效期", "日期", "时间",
    )

    def detect(self, match, text):
        value = match.group("value")
        if not plausible_birth_date(value):
            return None
        precision = date_precision(value)
        if match.group("label"):
            return Detection(SCORE_LABELLED, {"labelled": True, "label": match.group("label"), "precision": precision})
        if match.group("born"):
            return Detection(SCORE_BORN, {"labelled": True, "label": match.group("born"), "precision": precision})
        return None
