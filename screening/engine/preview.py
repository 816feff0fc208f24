"""Masked previews: what reports, logs and errors may show of a finding.

Identifiers keep their first 3 and last 2 letters/digits (enough to find the spot in
the document, not enough to use); e-mails keep the first character of the mailbox and
the domain; markings (密级, 内部资料, 征求意见稿) are not personal and show as written.
"""

from __future__ import annotations

NON_PERSONAL = frozenset(
    {"CLASSIFIED_MARK", "INTERNAL_MARK", "PROCESS_INFO", "DISCLOSURE_ATTRIBUTE", "NEGATIVE_LIST_TERM", "CN_SOCIAL_CREDIT_CODE"}
)


def mask_middle(value: str, keep_head: int = 3, keep_tail: int = 2, mask_char: str = "*") -> str:
    """Mask every letter/digit except the first `keep_head` and last `keep_tail` of them.

    >>> mask_middle("110101 19900307 7715")
    '110*** ******** **15'
    >>> mask_middle("1234")
    '1***'
    """
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    if len(positions) <= keep_head + keep_tail:
        keep_head, keep_tail = min(1, len(positions)), 0
    hidden = set(positions[keep_head : len(positions) - keep_tail])
    return "".join(mask_char if i in hidden else ch for i, ch in enumerate(value))


def masked_preview(entity_type: str, value: str) -> str:
    value = value.replace("\r", "").replace("\n", "⏎")
    if entity_type in NON_PERSONAL:
        return value
    if entity_type == "EMAIL_ADDRESS" and "@" in value:
        mailbox, domain = value.rsplit("@", 1)
        return mailbox[:1] + "***@" + domain
    return mask_middle(value)
