"""PHONE_NUMBER: phone numbers outside the mainland plan, written with their country code.

Disclosures list Hong Kong, Macao and Taiwan contacts (exchange students, 港澳台
applicants) and foreign ones: ``+852 9739 2372``, ``852-97392372``, ``+886-936-092-241``,
``00853 6612 3456``, ``+1 415 555 0132``. A number counts only with its country code
(``+``/``00``, or the bare 852/853/886 before a separator), and phonenumbers must accept
it as a valid number of that country. Mainland numbers (+86) are left to the mainland
recognizers.

>>> region_of("+85297392372"), region_of("+8613800138000"), region_of("+85212")
('HK', None, None)
"""

from __future__ import annotations

import phonenumbers

from recognizers._base import ChineseRecognizer, Detection, compile_pattern

PATTERN = compile_pattern(
    r"(?<![0-9A-Za-z+])(?P<value>(?:\+|00)[1-9]\d{0,2}[ -]?[(（]?\d{1,4}[)）]?(?:[ -]?\d{2,4}){1,4}"
    r"|[(（](?:\+|00)?(?:852|853|886)[)）][ -]?\d{1,4}(?:[ -]?\d{2,4}){1,3}"
    r"|(?:852|853|886)[ -]\d{1,4}(?:[ -]?\d{2,4}){1,3})"
    r"(?:#\d{1,5})?"  # extension, 886-2369-9886#585
    r"(?![0-9])"  # letters may follow: +886927951202Email:
)
SCORE = 0.6


def region_of(international: str) -> str | None:
    """The ISO region of a valid non-mainland number given with its country code, else None."""
    try:
        parsed = phonenumbers.parse(international, None)
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code == 86 or not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.region_code_for_number(parsed)


class OtherRegionPhoneRecognizer(ChineseRecognizer):
    ENTITIES = ("PHONE_NUMBER",)
    PATTERN = PATTERN
    # Plain literals: a "not a digit before 852" guard made this the slowest trigger (7x).
    TRIGGER = r"[+＋][0-9０-９]|(?:852|853|886)[ \-)）]"
    CONTEXT = ("电话", "手机", "联系", "联络", "tel", "mobile", "phone", "whatsapp")

    def detect(self, match, text):
        value = match.group("value").split("#")[0].lstrip("(（")
        digits = "".join(ch for ch in value if ch.isdigit())
        digits = digits[2:] if value.startswith("00") else digits
        region = region_of("+" + digits)
        return Detection(SCORE, {"region": region}) if region else None
