"""The one phonenumbers call the mainland phone recognizers share."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=4096)  # office numbers recur on every page of a site; parsing costs ~50 µs
def is_cn_number_of_type(national_digits: str, types: frozenset[int]) -> bool:
    """Whether national digits parse as a valid mainland number of one of `types`.

    >>> from phonenumbers import PhoneNumberType as T
    >>> is_cn_number_of_type("13800138000", frozenset({T.MOBILE})), is_cn_number_of_type("055162881234", frozenset({T.MOBILE}))
    (True, False)
    """
    national = national_digits.lstrip("0")  # the trunk prefix of 0551-…; mainland numbers have no meaningful leading zero
    if not national.isdigit() or not 4 <= len(national) <= 12:
        return False
    # Built directly rather than parsed: parse() costs half the check and adds nothing for
    # digits already isolated; number_type() is UNKNOWN for any number not valid in CN.
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(national))
    return phonenumbers.number_type(number) in types
