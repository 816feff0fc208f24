"""CN_RESIDENT_ID: the resident identity card number (公民身份号码, GB 11643-1999).

18 characters: a 6-digit administrative-division code of the place of first
registration, the birth date YYYYMMDD, a 3-digit sequence (odd for men) and an
ISO 7064 MOD 11-2 check character (0-9 or X). Legacy cards issued before 1999 carry
15 digits: region, YYMMDD (19YY) and the sequence, no check digit.

How real drafts write it, and what this module accepts:

- full-width digits (１１０１０１…) — folded to half-width before matching;
- spaces or hyphens between the region, date and sequence groups
  (``110101 19900307 7715``) or in groups of four;
- a lower-case ``x`` check character;
- a line wrap anywhere inside the number (tables and PDF lines wrap narrow cells);
- glued to Chinese text (``张三110101199003077715男``).

Validation (python-stdnum ``cn.ric`` for the checksum and for the region code being
valid in the birth year) decides the score:

>>> classify_18("11010519491231002X").kind
'valid'
>>> classify_18("110105194912310021").kind  # one digit off: a typo of a real ID?
'bad-checksum'
>>> classify_18("202309011234567890") is None  # an order number: no region 20xxxx, no date
True
>>> classify_15("110105491231002").kind
'legacy'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric

from recognizers._base import (
    DIGIT_TRIGGER,
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    WRAP_OR_BLANK,
    ChineseRecognizer,
    Detection,
    compile_pattern,
)
from recognizers.textnorm import only_alnum

# Province-level prefixes of GB/T 2260; a number outside them is not an ID.
PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
)

SCORE_VALID = 0.9
SCORE_UNKNOWN_REGION = 0.6  # checksum and date fine, county code not in stdnum's table
SCORE_BAD_CHECKSUM = 0.15  # only reaches a policy threshold with a label nearby
SCORE_LEGACY = 0.3

_GROUPED = r"\d{6}[ -]\d{8}[ -]\d{3}[\dXx]|\d{6}[ -]\d{4}[ -]\d{4}[ -]\d{3}[\dXx]"
_WRAPPED = r"\d(?:" + WRAP_OR_BLANK + r"?\d){16}" + WRAP_OR_BLANK + r"?[\dXx]"
_LEGACY = r"\d{15}"

PATTERN = compile_pattern(
    NOT_AFTER_ALNUM + r"(?P<value>" + _GROUPED + "|" + _WRAPPED + "|" + _LEGACY + ")" + NOT_BEFORE_ALNUM
)


@dataclass(frozen=True)
class IdCheck:
    kind: str  # valid | unknown-region | bad-checksum | legacy
    birth_date: datetime.date


def birth_date_of(digits: str, year_digits: int) -> datetime.date | None:
    """The birth date encoded at position 6 (YYYYMMDD, or YYMMDD read as 19YY), if it is a real past date."""
    try:
        if year_digits == 4:
            born = datetime.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        else:
            born = datetime.date(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    except ValueError:
        return None
    if born.year < 1880 or born > datetime.date.today():
        return None
    return born


def region_known(number18: str) -> bool:
    """Whether the region code existed in the birth year (stdnum's table of county codes)."""
    return _region_valid_in(number18[:6], number18[6:10])


def _region_valid_in(region: str, year: str) -> bool:
    """Whether `region` was a county code in `year` — what stdnum's `ric.get_birth_place`
    checks, with its county table read once per region (a lookup costs ~0.5 ms; a roster
    of 20k people born over twenty years has thousands of region/year pairs)."""
    periods = _county_periods(region)
    return periods is not None and any(start <= int(year) <= end for start, end in periods)


@lru_cache(maxsize=8192)
def _county_periods(region: str) -> tuple[tuple[int, int], ...] | None:
    """The years each county that had this code existed, from stdnum's cn/loc table."""
    from stdnum import numdb

    info = {key: value for _, props in numdb.get("cn/loc").info(region) for key, value in props.items()}
    if "county" not in info:
        return None  # unknown, or known only by province
    periods = []
    for county in info["county"].split(","):
        if not county.startswith("["):
            return ((0, 9999),)  # no dates: valid in every year
        start, end = county[1:].split("]")[0].split("-")
        periods.append((int(start) if start else 0, int(end) if end else 9999))
    return tuple(periods)


@lru_cache(maxsize=1024)  # the social-credit-code recognizer asks about the same 18 characters
def classify_18(number: str) -> IdCheck | None:
    """Classify an 18-character candidate (digits + check char), or None if it cannot be an ID."""
    number = number.upper()
    if len(number) != 18 or number[:2] not in PROVINCE_CODES:
        return None
    born = birth_date_of(number, 4)
    if born is None:
        return None
    if ric.calc_check_digit(number) != number[-1]:
        # A real ID with one mistyped digit still identifies a person; a random
        # number rarely has a valid region *and* date, so keep it for labelled cases.
        return IdCheck("bad-checksum", born) if region_known(number[:17] + ric.calc_check_digit(number)) else None
    return IdCheck("valid" if region_known(number) else "unknown-region", born)


def classify_15(number: str) -> IdCheck | None:
    """Classify a legacy 15-digit candidate: region code known and a valid 19YY date."""
    if len(number) != 15 or number[:2] not in PROVINCE_CODES:
        return None
    born = birth_date_of(number, 2)
    if born is None:
        return None
    as_18 = number[:6] + "19" + number[6:] + "0"
    as_18 = as_18[:17] + ric.calc_check_digit(as_18)
    return IdCheck("legacy", born) if region_known(as_18) else None


_SCORES = {
    "valid": SCORE_VALID,
    "unknown-region": SCORE_UNKNOWN_REGION,
    "bad-checksum": SCORE_BAD_CHECKSUM,
    "legacy": SCORE_LEGACY,
}


class ResidentIdRecognizer(ChineseRecognizer):
    ENTITIES = ("CN_RESIDENT_ID",)
    PATTERN = PATTERN
    TRIGGER = DIGIT_TRIGGER
    READS_DIGIT_VIEW = True
    MIN_DIGITS = 15
    FIRST_CHARS = "12345678"
    CONTEXT = ("身份证", "身份号码", "证件号", "公民身份", "身份证号", "证件号码", "身份号", "id")
    NEGATIVE_CONTEXT = (
        "索引号", "文号", "备案", "icp", "公网安备", "信用代码", "组织机构代码", "订单", "合同编号",
        "项目编号", "流水号", "批准号", "登记号", "账号", "卡号", "银行卡",
    )

    def detect(self, match, text):
        compact = only_alnum(match.group("value"))
        check = classify_18(compact) if len(compact) == 18 else classify_15(compact)
        if check is None:
            return None
        return Detection(
            _SCORES[check.kind],
            {"check": check.kind, "length": len(compact), "wrapped": "\n" in match.group("value")},
        )
