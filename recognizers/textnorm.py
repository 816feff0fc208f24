"""Length-preserving text normalisation shared by recognizers and the context enhancer.

Offsets in findings must point into the text the user gave us, so every transform
here maps one character to exactly one character: full-width ASCII (１１０１, ＠,
－) becomes half-width, the ideographic space becomes a space. Traditional → simplified
conversion is only used on short context windows, where length does not matter.
"""

from __future__ import annotations

import re
from functools import lru_cache

_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TO_ASCII[0x3000] = ord(" ")
# Dashes people type between digit groups; mapped to "-" so patterns need one class.
for _dash in "‐‑‒–—―−":
    _FULLWIDTH_TO_ASCII[ord(_dash)] = ord("-")


# Only what identifiers are written with: digits, letters, @ + - * # . _ and dashes.
# Full-width punctuation (，：（）) is left alone — every patterns accepts both forms where
# it matters — since Chinese prose is full of it and folding it cost a callback per mark.
_NEEDS_FOLDING = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0b\uff0d\uff0a\uff03\uff0e\uff3f\u2010-\u2015\u2212]")


def to_halfwidth(text: str) -> str:
    """Return `text` with full-width digits, letters and symbols, the ideographic space and odd
    dashes folded; same length.

    Most text has nothing to fold, and str.translate walks every character of a
    non-ASCII string through a dict lookup (~200 µs per paragraph), so only the
    characters that need it are replaced.

    >>> to_halfwidth("１１０１０１－Ｘ　＠")
    '110101-X @'
    """
    return _NEEDS_FOLDING.sub(_fold_one, text.replace("\u3000", " "))


def _fold_one(match: re.Match) -> str:
    return chr(_FULLWIDTH_TO_ASCII[ord(match.group())])


@lru_cache(maxsize=1)
def _t2s_converter():
    import opencc  # imported lazily: a few ms, and only needed once context is scored

    return opencc.OpenCC("t2s")


def with_traditional_forms(pattern: str) -> str:
    """`pattern` or its traditional-script spelling (OpenCC s2t, character for character): for a
    prefilter that runs on the raw block, before anything is simplified.

    >>> with_traditional_forms("同学|联系人")
    '(?:同学|联系人)|(?:同學|聯繫人)'
    """
    import opencc

    return f"(?:{pattern})|(?:{opencc.OpenCC('s2t').convert(pattern)})"


def simplify(text: str) -> str:
    """Return `text` in simplified characters, uncached: for whole blocks and document openings,
    which rarely repeat and would fill a cache with kilobytes each."""
    if text.isascii():
        return text
    return _t2s_converter().convert(text)


@lru_cache(maxsize=16384)  # context windows repeat (联系电话：, 身份证号：) across a list
def to_simplified(text: str) -> str:
    """Return `text` in simplified characters (身份證 → 身份证); for short windows and labels."""
    return simplify(text)


def only_alnum(text: str) -> str:
    """Return the ASCII letters and digits of `text`, upper-cased (separators and wraps dropped)."""
    return "".join(ch for ch in to_halfwidth(text) if ch.isascii() and ch.isalnum()).upper()
