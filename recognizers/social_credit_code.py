"""CN_SOCIAL_CREDIT_CODE: the Unified Social Credit Code of an organisation (GB 32100-2015).

18 characters: registration authority, organisation type, 6-digit region code, the
9-character organisation code, and a check character over the 31-symbol alphabet
(no I, O, Z, S, V). Schools and bureaus print theirs on every notice. It is public by
law and is recognised here so that it is never taken for a person's ID or bank card:
the policy allows it, and overlap resolution prefers it when it validates.

Validation is python-stdnum's ``cn.uscc``.

>>> from stdnum.cn import uscc; uscc.is_valid("91110000600037341L")
True
"""

from __future__ import annotations

from stdnum.cn import uscc

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers.resident_id import classify_18

PATTERN = compile_pattern(
    NOT_AFTER_ALNUM + r"(?P<value>[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}\d{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10})" + NOT_BEFORE_ALNUM
)
SCORE = 0.85


class SocialCreditCodeRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_SOCIAL_CREDIT_CODE",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 6
    CONTEXT = ("信用代码", "统一社会信用代码", "组织机构代码", "纳税人识别号", "税号")

    def detect(self, match, text):
        value = match.group("value").upper()
        if value[:17].isdigit() and is_valid_resident_id(value):
            return None  # a person's ID (checksum, date and region agree); about 1 in 31 also passes the USCC check
        return Detection(SCORE) if uscc.is_valid(value) else None


def is_valid_resident_id(value: str) -> bool:
    check = classify_18(value)
    return check is not None and check.kind == "valid"
