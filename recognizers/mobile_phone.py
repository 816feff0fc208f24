"""CN_MOBILE_PHONE and CN_MOBILE_PHONE_MASKED: mainland mobile numbers.

11 digits starting with 1 and a prefix MIIT has allocated (13x-19x, 14x data, 16x/17x
virtual operators); written plain, in 3-4-4 groups with spaces or hyphens, or with
the country code (``+86``, ``0086``, ``(+86)``). Whether a prefix is allocated today
is phonenumbers' job (Google's numbering-plan metadata, updated monthly), not ours.

Not a phone: an amount (``18612345678元``, ``￥13800138000``), a digit run that
continues (part of an order number), an ID.

A masked mobile (``138****5678``, ``138xxxx5678``) is its own entity: allowed in
公示 when it hides the middle digits, and its exposed positions feed aggregation
checks.

>>> is_mobile("13800138000"), is_mobile("12345678901")
(True, False)
"""

from __future__ import annotations

import phonenumbers
import regex

from recognizers._base import (
    DIGIT_TRIGGER,
    ChineseRecognizer,
    Detection,
    compile_pattern,
    text_after,
    text_before,
)
from recognizers._phones import is_cn_number_of_type
from recognizers.masking_forms import exposed_positions, mask_pattern, national_part

_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})

_COUNTRY = r"(?:[(（]?(?:\+|00)86[)）]?[ -]?)"
PATTERN = compile_pattern(
    r"(?<![0-9])"  # letters may precede: …@missworld.cn13501379817, Tel13800138000
    + r"(?P<value>" + _COUNTRY + r"?(?:1[3-9]\d(?:[ -]?\d{4}){2}|1[3-9]\d(?:[*xX×●]{4})\d{4}))"
    # Letters may follow (13910819844E-mail: in real text); a digit or a mailbox (…@126.com) may not.
    + r"(?![0-9]|@[A-Za-z0-9])"
)
# An amount: a currency sign before, or a unit of money after the number.
_AMOUNT_AFTER = regex.compile(r"^\s*(?:元|万|亿|块|圆|美元|人民币|rmb|RMB)")
_AMOUNT_BEFORE = regex.compile(r"(?:[¥￥$]|RMB|人民币)\s*$")

SCORE_VALID = 0.7
SCORE_MASKED = 0.7


def is_mobile(digits: str) -> bool:
    """Whether an 11-digit national number is an allocated Chinese mobile number."""
    return is_cn_number_of_type(digits, _MOBILE_TYPES)


class MobilePhoneRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_MOBILE_PHONE", "CN_MOBILE_PHONE_MASKED")
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    READS_DIGIT_VIEW = True
    MIN_DIGITS = 7
    FIRST_CHARS = "1(（+0"
    CONTEXT = ("手机", "电话", "联系方式", "移动电话", "联系", "tel", "mobile", "手机号", "微信")
    NEGATIVE_CONTEXT = ("订单", "编号", "流水号", "金额", "索引号", "账号")

    def detect(self, match, text):
        start, end = match.span("value")
        if _AMOUNT_AFTER.match(text_after(text, end, 4)) or _AMOUNT_BEFORE.search(text_before(text, start, 4)):
            return None
        number = national_part(match.group("value"))
        if number.isdigit():
            return Detection(SCORE_VALID, {}, "CN_MOBILE_PHONE") if is_mobile(number) else None
        details = {"exposed_positions": exposed_positions(number, "*xX×●"), "mask_pattern": mask_pattern(number, "*xX×●")}
        return Detection(SCORE_MASKED, details, "CN_MOBILE_PHONE_MASKED")
