"""Shared facts about masked identifiers: which characters hide a digit, which positions show.

Offices mask with ``*`` most of the time, but drafts also carry ``＊`` (folded to
``*`` by half-width normalisation), ``×``, ``●``, ``○``, ``#`` and ``X``/``x`` runs
(``138xxxx5678``). Which positions stay visible matters: two differently masked
copies of one number combine into the whole number (信息汇聚), and a mask that shows
the birth date has not protected it.
"""

from __future__ import annotations

MASK_CHARS = "*×●○#"


def exposed_positions(masked: str, mask_chars: str = MASK_CHARS) -> list[int]:
    """Zero-based positions of `masked` that still show a digit or letter.

    >>> exposed_positions("110101********771X")
    [0, 1, 2, 3, 4, 5, 14, 15, 16, 17]
    """
    return [i for i, ch in enumerate(masked) if ch not in mask_chars]


def mask_pattern(masked: str, mask_chars: str = MASK_CHARS) -> str:
    """The shape of a mask, digits as 9 and masks as *: the archive-wide pattern to compare.

    >>> mask_pattern("138****5678")
    '999****9999'
    """
    return "".join("*" if ch in mask_chars else "9" for ch in masked)


def national_part(value: str) -> str:
    """The 11-character national number of a (masked) mobile: digits and mask characters, country code dropped.

    >>> national_part("+86 138****5678")
    '138****5678'
    """
    chars = [ch for ch in value if ch.isdigit() or ch in "*xX×●"]
    return "".join(chars[-11:])
