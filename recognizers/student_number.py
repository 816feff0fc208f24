"""CN_STUDENT_NUMBER: the national primary/secondary student registration number (学籍号).

全国中小学生学籍信息管理系统 issues one number per pupil for life:

- ``G`` + the pupil's 18-character resident ID — as sensitive as the ID itself;
- ``J`` + 18 characters for pupils registered without an ID (birth date inside);
- ``L`` + 18 characters for a temporary registration.

>>> student_number_kind("G110105201003077710"), student_number_kind("G110105201003077711")
('id-based', 'id-based-bad-checksum')
"""

from __future__ import annotations

from stdnum.cn import ric

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)

PATTERN = compile_pattern(NOT_AFTER_ALNUM + r"(?P<value>[GJLgjl]\d{17}[\dXx])" + NOT_BEFORE_ALNUM)
SCORES = {"id-based": 0.9, "id-based-bad-checksum": 0.4, "without-id": 0.4, "temporary": 0.4}


def student_number_kind(value: str) -> str | None:
    prefix, rest = value[0].upper(), value[1:].upper()
    if prefix == "G":
        return "id-based" if ric.calc_check_digit(rest) == rest[-1] else "id-based-bad-checksum"
    return {"J": "without-id", "L": "temporary"}.get(prefix)


class StudentNumberRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_STUDENT_NUMBER",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 17
    FIRST_CHARS = "GJLgjl"
    CONTEXT = ("学籍号", "学籍", "全国学籍", "学生号")

    def detect(self, match, text):
        kind = student_number_kind(match.group("value"))
        return Detection(SCORES[kind], {"kind": kind}) if kind else None
