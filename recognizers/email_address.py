"""EMAIL_ADDRESS: e-mail addresses, with the fact whether the domain is an official one.

Presidio's own e-mail recognizer validates the domain with tldextract, which tries to download
the public-suffix list over the network on first use; we must not, so the domain is
checked by shape here (labels of letters/digits/hyphens, a 2+ letter final label).
Official domains (``*.gov.cn``, ``*.edu.cn``) are marked so the policy can allow an
office address while asking for review of a personal one (``…@qq.com`` in a list).

>>> is_official_domain("jyt.ah.gov.cn"), is_official_domain("163.com")
(True, False)
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, Detection, compile_pattern

# Every repetition is bounded (a local part of at most 64 characters), so the scan stays
# linear. Real text glues addresses to their neighbours: a start after "." or "-"
# (聯絡.Calvin-c2009@…, 到-jang@…) and digits right after the domain (…@x.cn13501379817).
PATTERN = compile_pattern(
    r"(?<![A-Za-z0-9_%+])(?P<value>[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![A-Za-z\-])"
)

OFFICIAL_SUFFIXES = (".gov.cn", ".edu.cn", ".org.cn", ".ac.cn", ".edu")
SCORE = 0.9


def is_official_domain(domain: str) -> bool:
    domain = domain.lower()
    return any(domain.endswith(suffix) or domain == suffix[1:] for suffix in OFFICIAL_SUFFIXES)


class EmailRecognizer(ChineseRecognizer):
    ENTITIES = ("EMAIL_ADDRESS",)
    PATTERN = PATTERN
    TRIGGER = r"[@＠]"
    CONTEXT = ("邮箱", "电子邮件", "邮件", "email", "e-mail", "信箱", "mail")

    def detect(self, match, text):
        domain = match.group("value").rsplit("@", 1)[1]
        return Detection(SCORE, {"official_domain": is_official_domain(domain)})
