"""CN_TRAVEL_PERMIT: permits for travel between the mainland, Hong Kong, Macao and Taiwan,
and residence permits for their residents.

- 港澳居民来往内地通行证 (回乡证): ``H``/``M`` + 8 digits (since 2013) or + 10 digits.
- 往来港澳通行证 (mainland residents): ``C`` + 8 digits, or ``C`` + a letter + 7 digits.
- 往来台湾通行证: ``L`` + 8 digits.
- 台湾居民来往大陆通行证 (台胞证): 8 digits, only right after its label.
- 港澳台居民居住证: 18 digits shaped like a resident ID but with region ``810000``
  (HK), ``820000`` (Macao) or ``830000`` (Taiwan) and a GB 11643 check digit.

>>> residence_permit_valid("810000199408230021")
True
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
from recognizers.resident_id import birth_date_of

_TAIWAN_PERMIT_LABEL = r"(?:台胞证|台胞證|来往大陆通行证|來往大陸通行證)[^\d\n]{0,6}"
PATTERN = compile_pattern(
    NOT_AFTER_ALNUM
    + r"(?=[0-9HMCL])"  # a cheap first-character guard before the variable-width look-behind
    + r"(?P<value>(?P<residence>8[123]0000\d{11}[\dXx])|(?P<hkmo>[HM]\d{8}(?:\d{2})?)|(?P<exit>C\d{8}|C[A-HJ-NP-Z]\d{7}|L\d{8})|(?<=" + _TAIWAN_PERMIT_LABEL + r")(?P<tw>\d{8}))"
    + NOT_BEFORE_ALNUM
)

SCORE_RESIDENCE = 0.85
SCORE_LETTER_FORMS = 0.3
SCORE_LABELLED_TAIWAN = 0.6


def residence_permit_valid(number: str) -> bool:
    number = number.upper()
    return birth_date_of(number, 4) is not None and ric.calc_check_digit(number) == number[-1]


class TravelPermitRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_TRAVEL_PERMIT",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 7
    CONTEXT = ("通行证", "回乡证", "台胞证", "居住证", "港澳", "台湾", "证件号")

    def detect(self, match, text):
        if match.group("residence"):
            ok = residence_permit_valid(match.group("residence"))
            return Detection(SCORE_RESIDENCE, {"kind": "residence-permit"}) if ok else None
        if match.group("hkmo"):
            return Detection(SCORE_LETTER_FORMS, {"kind": "hk-macao-resident-permit"})
        if match.group("exit"):
            return Detection(SCORE_LETTER_FORMS, {"kind": "mainland-exit-permit"})
        return Detection(SCORE_LABELLED_TAIWAN, {"kind": "taiwan-resident-permit"})  # labelled by the pattern
