"""CN_RESIDENT_ID_MASKED: a resident ID with some digits hidden (``3401**********1234``).

Publishing a masked ID is allowed when the mask hides the birth date (positions 6-13)
and follows one pattern across the archive; a mask that shows the birth date, or a
different mask of the same number elsewhere, lets the pieces combine. The recognizer
therefore reports the exposed positions, the mask shape and whether the birth date
(or its year) is visible; the policy decides.

Accepted forms: 18 characters of digits and mask characters (``*``, ``×``, ``●``, ``#``,
full-width ``＊``), starting with at least two digits that form a province code, with
at least four masked positions; the last character may be ``X``. A shortened mask
(``340102****1234``, fewer than 18 characters) is accepted only next to an ID label.

>>> describe("110101********771X")["birth_date_exposed"]
False
>>> describe("1101011990****771X")["birth_year_exposed"]
True
"""

from __future__ import annotations

from typing import Any

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers.masking_forms import exposed_positions, mask_pattern
from recognizers.resident_id import PROVINCE_CODES

BIRTH_DATE_POSITIONS = range(6, 14)
BIRTH_YEAR_POSITIONS = range(6, 10)

PATTERN = compile_pattern(
    NOT_AFTER_ALNUM
    # At least one mask character, so plain numbers never reach detect().
    + r"(?P<value>\d{2,16}[*×●○#][\d*×●○#]{0,15}[\dXx*×●○#]?)"
    + r"(?![0-9A-Za-z*×●○#])"
)

SCORE_FULL_LENGTH = 0.85
SCORE_SHORTENED = 0.3  # needs a label: 身份证号：340102****1234


def describe(masked: str) -> dict[str, Any]:
    exposed = exposed_positions(masked.upper())
    full_length = len(masked) == 18
    return {
        "exposed_positions": exposed,
        "mask_pattern": mask_pattern(masked),
        "full_length": full_length,
        "birth_date_exposed": full_length and all(i in exposed for i in BIRTH_DATE_POSITIONS),
        "birth_year_exposed": full_length and all(i in exposed for i in BIRTH_YEAR_POSITIONS),
    }


class MaskedResidentIdRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_RESIDENT_ID_MASKED",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 4
    CONTEXT = ("身份证", "身份号码", "证件号", "公民身份", "身份证号", "证件号码")

    def detect(self, match, text):
        value = match.group("value")
        masked_count = sum(1 for ch in value if not ch.isalnum())
        if value[:2] not in PROVINCE_CODES or masked_count < 4:
            return None
        if len(value) == 18:
            return Detection(SCORE_FULL_LENGTH, describe(value))
        if 8 <= len(value) < 18:
            return Detection(SCORE_SHORTENED, describe(value))
        return None
