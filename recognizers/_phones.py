"""The one phonenumbers call the mainland phone recognizers share."""

from __future__ import annotations

from collections.abc import Collection

import phonenumbers


def is_cn_number_of_type(national_digits: str, types: Collection[int]) -> bool:
    """Whether national digits parse as a valid mainland number of one of `types`.

    >>> from phonenumbers import PhoneNumberType as T
    >>> is_cn_number_of_type("13800138000", {T.MOBILE}), is_cn_number_of_type("055162881234", {T.MOBILE})
    (True, False)
    """
    try:
        parsed = phonenumbers.parse(national_digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in types
