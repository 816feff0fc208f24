"""CN_LANDLINE_PHONE: fixed-line numbers with an area code, and labelled local numbers.

Forms: ``0551-62881234``, ``(010)12345678``, ``（0551）6288 1234``, ``020 87654321``,
``+86 10 12345678``, with an extension (``转8001``, ``-8001``, ``分机 8001``). phonenumbers
checks the area code and the subscriber-number length for that area. A bare local
number (``62881234``) is only taken right after a phone label (电话：, 传真：), since
8 digits alone are as often a date or a code.

Office landlines in contact lines are ordinary disclosure practice; the policy allows
them there (联系电话, 咨询电话 …) and asks for review elsewhere (a home phone in a list).

>>> is_landline("055162881234"), is_landline("0999912345")
(True, False)
"""

from __future__ import annotations

import phonenumbers

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers._phones import is_cn_number_of_type

_FIXED_TYPES = frozenset({phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})

_AREA = r"(?:[(（]\s*0\d{2,3}\s*[)）]\s*|(?:(?:\+|00)86[ -]?|0)\d{2,3}[ -]?)"
_EXTENSION = r"(?:\s*(?:转|分机|-|ext\.?)\s*\d{1,5})?"
_LOCAL = r"(?P<local>[2-9]\d{2,3}[ -]?\d{4})"
# A bare local number only right after a phone label (a look-behind: other 8-digit
# runs never reach detect()).
_PHONE_LABEL = r"(?:电话|電話|传真|傳真|[Tt][Ee][Ll]|[Ff][Aa][Xx]|热线|熱線|座机|座機)[^\d\n]{0,4}"
PATTERN = compile_pattern(
    NOT_AFTER_ALNUM
    + r"(?=[0-9(（+])"  # a cheap first-character guard before the variable-width look-behind
    + r"(?P<value>(?P<area>" + _AREA + r")" + _LOCAL + r"(?P<ext>" + _EXTENSION + r")"
    + r"|(?<=" + _PHONE_LABEL + r")" + _LOCAL + r")"
    + NOT_BEFORE_ALNUM
)

SCORE_WITH_AREA = 0.6
SCORE_LABELLED_LOCAL = 0.5


def is_landline(national_digits: str) -> bool:
    """Whether digits starting with the trunk 0 and an area code are a valid fixed line."""
    return is_cn_number_of_type(national_digits, _FIXED_TYPES)


class LandlinePhoneRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_LANDLINE_PHONE",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 7
    CONTEXT = ("电话", "座机", "传真", "联系", "热线", "tel", "fax", "咨询", "监督", "举报", "受理")
    NEGATIVE_CONTEXT = ("索引号", "文号", "编号", "邮编", "邮政编码", "金额", "订单")

    def detect(self, match, text):
        local = "".join(ch for ch in match.group("local") if ch.isdigit())
        if match.group("area"):
            area = "".join(ch for ch in match.group("area") if ch.isdigit())
            area = "0" + area[2:].lstrip("0") if area.startswith("86") else area
            if is_landline(area + local):
                return Detection(SCORE_WITH_AREA, {"extension": bool(match.group("ext").strip())})
            return None
        return Detection(SCORE_LABELLED_LOCAL, {"local_only": True}) if len(local) in (7, 8) else None
