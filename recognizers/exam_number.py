"""CN_EXAM_NUMBER: 高考考生号 (14 digits) and 准考证号 (admission-ticket numbers, by label).

The national college-entrance 考生号 is 14 digits: the 2-digit year, the 2-digit
province code, then county/school/sequence digits (``24340104150123``). Fourteen
digits are also a 公网安备 number (``京公网安备 11010502030143号``) or a date-time, so the
14-digit form scores low on its own and relies on its label or column header
(考生号, 报名号) to reach a threshold.

准考证号 formats differ per exam and per province; they are taken by label only: 6-20
letters/digits directly after 准考证号/准考证 (and their traditional forms).

>>> plausible_gaokao_number("24340104150123"), plausible_gaokao_number("11010502030143")
(True, False)
"""

from __future__ import annotations

import datetime

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers.resident_id import PROVINCE_CODES

# The label is part of the pattern (a variable-width look-behind), so ordinary numbers
# never reach detect(): only 14-digit runs and numbers right after 准考证号.
_TICKET_LABEL_FORMS = r"(?:准考证|準考證|准考)(?:号|號)?(?:码|碼)?[ \t]{0,2}[:：]?[ \t]{0,2}"
PATTERN = compile_pattern(
    NOT_AFTER_ALNUM
    + r"(?=[0-9A-Za-z])"  # a cheap first-character guard before the variable-width look-behind
    + r"(?P<value>(?<=" + _TICKET_LABEL_FORMS + r")(?P<ticket>[A-Za-z]{0,2}\d{6,18}[A-Za-z]?)|\d{14})"
    + NOT_BEFORE_ALNUM
)

SCORE_GAOKAO = 0.2
SCORE_TICKET_LABELLED = 0.75


def plausible_gaokao_number(digits: str) -> bool:
    """14 digits whose year is not in the future and whose province code exists."""
    if len(digits) != 14 or not digits.isdigit():
        return False
    year = int(digits[:2])
    return year <= datetime.date.today().year % 100 + 1 and digits[2:4] in PROVINCE_CODES


class ExamNumberRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_EXAM_NUMBER",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 6
    CONTEXT = ("考生号", "报名号", "准考证", "考号", "考籍号")
    NEGATIVE_CONTEXT = ("公网安备", "备案", "索引号", "文号", "订单", "编号")

    def detect(self, match, text):
        value = match.group("value")
        if match.group("ticket"):
            return Detection(SCORE_TICKET_LABELLED, {"kind": "admission-ticket"})
        if plausible_gaokao_number(value):
            return Detection(SCORE_GAOKAO, {"kind": "gaokao-candidate-number"})
        return None
