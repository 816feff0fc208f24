"""BANK_CARD: payment card numbers (银行卡号) — a financial account, sensitive under PIPL §28.

16-19 digits, written plain, in groups of four (``6222 0212 3456 7890 123``) or as
6+rest. The issuer prefix (BIN) says it is a card: UnionPay 62, Visa 4, Mastercard
51-55 / 2221-2720, JCB 35, and the domestic 9-prefixed debit ranges (9558, 95599…).
The last digit is a Luhn check digit (python-stdnum ``luhn``). A number wrapped onto the
next line is joined when it passes Luhn.

A Luhn-valid number with a card prefix scores high on its own; a labelled number
(银行卡号, 账号, 开户) with a card prefix and a bad check digit still scores enough for
review — bank account numbers (not cards) do not always carry Luhn.

>>> card_check("6222021234567890128"), card_check("6222021234567890123"), card_check("1234567890123456")
('luhn', 'prefix-only', None)
"""

from __future__ import annotations

from stdnum import luhn

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    WRAP,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)

# A number wrapped onto the next line (justified PDF text, a narrow table cell): accepted
# only when the Luhn check holds, since two numbers on adjacent lines could join otherwise.
_WRAPPED = r"(?P<wrapped>\d(?:" + WRAP + r"?\d){15,18})"
PATTERN = compile_pattern(
    NOT_AFTER_ALNUM
    + r"(?P<value>\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,4})?|\d{6}[ -]\d{10,13}|" + _WRAPPED + ")"
    + NOT_BEFORE_ALNUM
)

SCORE_LUHN = 0.6
SCORE_PREFIX_ONLY = 0.15


def has_card_prefix(digits: str) -> bool:
    if digits[0] == "4" or digits[:2] in {"62", "35", "60", "65", "81"}:
        return True
    if "51" <= digits[:2] <= "55" or "2221" <= digits[:4] <= "2720":
        return True
    return digits.startswith(("9558", "95599", "9559", "9400"))


def card_check(digits: str) -> str | None:
    """'luhn' for a valid card-prefixed number, 'prefix-only' when the check digit fails, else None."""
    if not 16 <= len(digits) <= 19 or not has_card_prefix(digits):
        return None
    return "luhn" if luhn.is_valid(digits) else "prefix-only"


class BankCardRecognizer(ChineseRecognizer):
    ENTITIES = ("BANK_CARD",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    READS_DIGIT_VIEW = True
    MIN_DIGITS = 16
    FIRST_CHARS = "2345689"
    CONTEXT = ("银行卡", "卡号", "账号", "帐号", "开户", "银行账户", "借记卡", "信用卡", "储蓄卡", "社保卡", "账户")
    NEGATIVE_CONTEXT = ("身份证", "订单", "流水号", "索引号", "合同编号", "项目编号", "信用代码")

    def detect(self, match, text):
        digits = "".join(ch for ch in match.group("value") if ch.isdigit())
        check = card_check(digits)
        if check is None:
            return None
        wrapped = match.group("wrapped") is not None and "\n" in match.group("wrapped")
        if wrapped and check != "luhn":
            return None
        details = {"check": check, "wrapped": True} if wrapped else {"check": check}
        return Detection(SCORE_LUHN if check == "luhn" else SCORE_PREFIX_ONLY, details)
