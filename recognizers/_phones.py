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
    try:
        parsed = phonenumbers.parse(national_digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in types
