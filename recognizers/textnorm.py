"""Length-preserving text normalisation shared by recognizers and the context enhancer.

Offsets in findings must point into the text the user gave us, so every transform
here maps one character to exactly one character: full-width ASCII (１１０１, ＠,
－) becomes half-width, the ideographic space becomes a space. Traditional → simplified
conversion is only used on short context windows, where length does not matter.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=None)
def converter(config: str):
    """The process's one OpenCC converter for `config` (s2t, s2tw, s2hk, t2s): loading one reads
    its dictionaries (5–80 ms), and patterns, categories and context all ask for the same few."""
    import opencc  # imported lazily: only needed once a pattern or a context window is built

    return opencc.OpenCC(config)


# OpenCC's s2t, s2tw and s2hk output for every word and character the recognizers, the name
# rules and the category classifier convert while they load: with it, screening a document loads
# none of those three dictionaries (~0.1 s of each start). tools/traditional_table.py writes it;
# tests/test_startup.py checks it against OpenCC and that loading the engine needs nothing else.
TRADITIONAL_TABLE = Path(__file__).parent / "data" / "traditional_forms.json"
TRADITIONAL_CONFIGS = ("s2t", "s2tw", "s2hk")


@lru_cache(maxsize=1)
def _traditional_table() -> dict[str, dict[str, str]]:
    try:
        return json.loads(TRADITIONAL_TABLE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def to_traditional(text: str, config: str) -> str:
    """`text` through OpenCC `config` (s2t, s2tw or s2hk): from the shipped table when it holds
    `text`, else from OpenCC itself.

    >>> to_traditional("联系人", "s2t")
    '聯繫人'
    """
    known = _traditional_table().get(config, {}).get(text)
    return known if known is not None else converter(config).convert(text)


def widen_characters(pattern: str, forms: dict[str, str]) -> str:
    """`pattern` with every character that has other `forms` widened to a class of all of them
    (inside a class, the forms are added to it), so one branch reads both scripts at the same
    offsets and the regex costs what the original did.

    >>> widen_characters("澳门(?:娱乐|[赌])", {"门": "門", "娱": "娛", "乐": "樂", "赌": "賭"})
    '澳[门門](?:[娱娛][乐樂]|[赌賭])'
    """
    out: list[str] = []
    in_class = escaped = False
    for ch in pattern:
        alternatives = forms.get(ch, "") if not escaped else ""
        if in_class:
            out.append(ch + alternatives)
        else:
            out.append(f"[{ch}{alternatives}]" if alternatives else ch)
        if not escaped and ch == "[":
            in_class = True
        elif not escaped and ch == "]":
            in_class = False
        escaped = ch == "\\" and not escaped
    return "".join(out)


def traditional_forms(pattern: str) -> dict[str, str]:
    """The traditional forms (OpenCC s2t, s2tw, s2hk) of the simplified characters of `pattern`,
    character by character and as its words convert (联系 → 聯繫, 审核 → 審核 and 審覈).

    >>> forms = traditional_forms("联系人|审核")
    >>> forms["联"], forms["系"], forms["核"]
    ('聯', '繫', '覈')
    """
    found: dict[str, set[str]] = {}
    for config in TRADITIONAL_CONFIGS:
        whole = to_traditional(pattern, config)
        pairs = list(zip(pattern, whole)) if len(whole) == len(pattern) else []
        pairs += [(ch, to_traditional(ch, config)) for ch in set(pattern)]
        for ch, form in pairs:
            if form != ch and len(form) == 1:
                found.setdefault(ch, set()).add(form)
    return {ch: "".join(sorted(forms)) for ch, forms in found.items()}


def simplify(text: str) -> str:
    """Return `text` in simplified characters, uncached: for whole blocks and document openings,
    which rarely repeat and would fill a cache with kilobytes each."""
    if text.isascii():
        return text
    return converter("t2s").convert(text)


@lru_cache(maxsize=16384)  # context windows repeat (联系电话：, 身份证号：) across a list
def to_simplified(text: str) -> str:
    """Return `text` in simplified characters (身份證 → 身份证); for short windows and labels."""
    return simplify(text)


def only_alnum(text: str) -> str:
    """Return the ASCII letters and digits of `text`, upper-cased (separators and wraps dropped)."""
    return "".join(ch for ch in to_halfwidth(text) if ch.isascii() and ch.isalnum()).upper()
