"""CN_FOREIGNER_PR_ID: the Foreign Permanent Resident ID Card number (外国人永久居留身份证).

- 2023 version: 18 digits starting with ``9``, then a 2-digit province code, a 3-digit
  nationality code, the birth date YYYYMMDD, a 3-digit sequence and a GB 11643 check
  digit — the same checksum as a resident ID, so ric.calc_check_digit applies.
- 2004/2017 version: 15 characters, ISO 3166 alpha-3 nationality + 2-digit province +
  YYMMDD + 3 digits + check digit; scored low without a label.

>>> new_format_valid("911840199003071236"), new_format_valid("911840199003071230")
(True, False)
"""

from __future__ import annotations

import string

from stdnum.cn import ric

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers.resident_id import PROVINCE_CODES, birth_date_of

PATTERN = compile_pattern(
    NOT_AFTER_ALNUM + r"(?P<value>(?P<new>9\d{16}[\dXx])|(?P<old>[A-Z]{3}\d{12}))" + NOT_BEFORE_ALNUM
)
SCORE_NEW = 0.7
SCORE_OLD = 0.3


def new_format_valid(number: str) -> bool:
    number = number.upper()
    return (
        len(number) == 18
        and number[1:3] in PROVINCE_CODES
        and birth_date_of(number, 4) is not None
        and ric.calc_check_digit(number) == number[-1]
    )


def old_format_plausible(number: str) -> bool:
    return number[3:5] in PROVINCE_CODES and birth_date_of("000000" + number[5:11], 2) is not None


class ForeignerPermanentResidentIdRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_FOREIGNER_PR_ID",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 12
    FIRST_CHARS = "9" + string.ascii_uppercase
    CONTEXT = ("永久居留", "外国人", "居留证", "居留身份证", "证件号")

    def detect(self, match, text):
        if match.group("new"):
            return Detection(SCORE_NEW, {"version": "2023"}) if new_format_valid(match.group("new")) else None
        return Detection(SCORE_OLD, {"version": "2004"}) if old_format_plausible(match.group("old")) else None
