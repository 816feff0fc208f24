"""CN_PASSPORT: People's Republic of China passport numbers (护照号码).

Ordinary e-passports: ``E`` + 8 digits, and since 2017 ``E`` + a letter (not I/O) + 7
digits. Older ordinary passports: ``G`` + 8 digits; service / official / diplomatic:
``S``, ``P``, ``D`` (+ ``E``) forms. Letter+digits codes are common in other places
(product and file codes), so only the E-forms score without a label, and even those
need a 护照 label or column header to reach the default threshold.

>>> passport_kind("EA1234567"), passport_kind("G12345678"), passport_kind("A12345678")
('e-passport', 'older', None)
"""

from __future__ import annotations

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)

PATTERN = compile_pattern(
    NOT_AFTER_ALNUM + r"(?P<value>(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|[GSDP][0-9]{8}|(?:DE|SE|PE)[0-9]{7}))" + NOT_BEFORE_ALNUM
)
SCORES = {"e-passport": 0.4, "older": 0.2}


def passport_kind(value: str) -> str | None:
    value = value.upper()
    if value.startswith("E") and len(value) == 9:
        return "e-passport"
    if value[0] in "GSDP" and len(value) == 9:
        return "older"
    return None


class PassportRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_PASSPORT",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    MIN_DIGITS = 7
    FIRST_CHARS = "EGSDP"
    CONTEXT = ("护照", "passport", "证件号")

    def detect(self, match, text):
        kind = passport_kind(match.group("value"))
        return Detection(SCORES[kind], {"kind": kind}) if kind else None
