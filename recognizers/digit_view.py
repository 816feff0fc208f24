"""The digit view: a block as the identifier recognizers read it when digits are disguised.

A number can be written so that a plain pattern misses it while every reader sees it:
invisible characters inside (zero-width space/joiner/non-joiner, word joiner, BOM, soft
hyphen, a combining strike-through on each digit); other digit forms (Arabic-Indic,
circled ①, mathematical bold 𝟏, Chinese numerals 三四〇一…); groups joined by no-break
spaces, dots or hyphens, or a space after every digit. The view undoes those: invisible
characters dropped, every digit form an ASCII digit, odd spaces a space, and a chain of
separated digit groups (3401.0419.8506.1236.36) joined. `origin` maps each character of
the view back to the block, so a finding points at the characters the author wrote and a
redaction masks exactly those.

Most blocks hold none of this: `digit_view` returns the block itself (`changed` False)
after one search for the characters that would need it, and the recognizers run once.

>>> view = digit_view("身份证号 3401\u200b0419")
>>> view.text, view.changed
('身份证号 34010419', True)
>>> view.source_span(5, 13)  # '34010419' in the view: the zero-width space stays inside the span
(5, 14)
>>> digit_view("三四〇一〇四一九八五").text
'3401041985'
>>> digit_view("电话 1 3 8 0 0 1 3 8 0 0 0。").text
'电话 13800138000。'
>>> digit_view("2024.09.01 成绩 85 92 78 66").changed  # dates and scores are left as they are
False
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

# Characters that render as nothing (or as a mark on the digit before them).
_INVISIBLE = "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
# Spaces other than ' ' (to_halfwidth already folds the ideographic space).
_ODD_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_DOTS = "·•・∙"
# Non-ASCII characters with a digit value: decimal digits of every script (Arabic-Indic,
# mathematical bold …), and circled, parenthesised, super-/subscript digits.
_OTHER_DIGIT = (
    r"\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490"
    r"\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U0001f100-\U0001f10a"
)
_EXOTIC_DIGIT = "[[" + _OTHER_DIGIT + "]--[0-9]]"
_ANY_DIGIT = "[" + _OTHER_DIGIT + "]"
CHINESE_DIGITS = {ch: str(value) for value, chars in enumerate(
    ["〇零", "一壹", "二贰貳", "三叁參", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖"]
) for ch in chars}
# Chinese numerals are read as digits only in a run this long: 二〇二四年 and 第三 stay prose.
MIN_CHINESE_RUN = 6
_CHINESE = "[" + "".join(CHINESE_DIGITS) + "]"

# Whether a block needs a view at all: searched on every block, so first cheap stdlib
# searches (one class, one run, one chain), then the precise regex only on the few that hit.
_CHEAP_CHAIN = re.compile(r"[0-9]{4}([ .\-])[0-9]{4}\1[0-9]|[0-9]([ .\-])[0-9]\2[0-9]\2[0-9]|[0-9]{3}[.·•・∙][0-9]{3}")
_CHEAP_RUN = re.compile(_CHINESE + "{" + str(MIN_CHINESE_RUN) + "}")
_HINT = regex.compile(
    "(?V1)"
    + _ANY_DIGIT + "[" + _INVISIBLE + _ODD_SPACE + "]|[" + _INVISIBLE + _ODD_SPACE + "]" + _ANY_DIGIT
    + "|" + _EXOTIC_DIGIT + _ANY_DIGIT
    + "|" + _CHINESE + "{" + str(MIN_CHINESE_RUN) + "}"
    + r"|[0-9]{3,}([ .\-" + _DOTS + r"])[0-9]{3,}\1[0-9]|[0-9]([ .\-" + _DOTS + r"])[0-9]\2[0-9]\2[0-9]"
)


# The stdlib searches a class ~10x faster than `regex`; its \d is every script's decimal digit.
_CHEAP_CLASS = re.compile("[" + _INVISIBLE + _ODD_SPACE + _DOTS + _OTHER_DIGIT.replace(r"\p{Nd}", "") + "]")
_CHEAP_DECIMAL = re.compile(r"(?![0-9])\d")


# The same question asked of the block before folding (the engine's one candidate pass,
# screening.engine.candidates): a pattern that occurs in the raw block wherever the cheap
# searches above would hit its half-width form. Folding makes ASCII digits, letters and
# symbols out of full-width ones, a space of the ideographic space (U+3000, which indents most
# Chinese paragraphs: it is left out of the classes below) and "-" of dashes, so a chain may be
# written with those. Literal characters: both `regex` and Hyperscan read it.
_DIGIT_BEFORE_FOLDING = "[0-9\uff10-\uff19]"
_SEPARATOR_BEFORE_FOLDING = "[ .\\-\u3000\uff0e\uff0d\u2010-\u2015\u2212]"
_OTHER_DIGIT_CHARS = regex.sub(
    r"\\u([0-9a-f]{4})|\\U([0-9a-f]{8})", lambda m: chr(int(m.group(1) or m.group(2), 16)),
    _OTHER_DIGIT.replace(r"\p{Nd}", ""),
)
VIEW_HINT_BEFORE_FOLDING = "|".join((
    "[^\\P{Nd}0-9\uff10-\uff19]",
    "[" + _INVISIBLE + _ODD_SPACE.replace("\u3000", "") + _DOTS + _OTHER_DIGIT_CHARS + "]",
    _CHINESE + "{" + str(MIN_CHINESE_RUN) + "}",
    _DIGIT_BEFORE_FOLDING + "{4}" + _SEPARATOR_BEFORE_FOLDING + _DIGIT_BEFORE_FOLDING + "{4}" + _SEPARATOR_BEFORE_FOLDING + _DIGIT_BEFORE_FOLDING,
    (_DIGIT_BEFORE_FOLDING + _SEPARATOR_BEFORE_FOLDING) * 3 + _DIGIT_BEFORE_FOLDING,
    _DIGIT_BEFORE_FOLDING + "{3}[.\uff0e" + _DOTS + "]" + _DIGIT_BEFORE_FOLDING + "{3}",
))


def needs_view(text: str) -> bool:
    """Whether `text` may hold a disguised number (cheap searches first)."""
    cheap = (_CHEAP_CLASS, _CHEAP_DECIMAL, _CHEAP_RUN, _CHEAP_CHAIN)
    if not any(pattern.search(text) for pattern in cheap):
        return False
    return _HINT.search(text) is not None


_FOLDABLE = regex.compile("(?V1)[" + _INVISIBLE + "]+|[" + _ODD_SPACE + _DOTS + "]|" + _EXOTIC_DIGIT)
_CHINESE_RUN = regex.compile(_CHINESE + "{" + str(MIN_CHINESE_RUN) + ",}")
# Digit groups joined by one separator, the same each time: 3401.0419.8506.1236.36, 3 4 0 1 …
_CHAIN = regex.compile(
    r"(?<![0-9A-Za-z.\-])[0-9]{1,8}(?P<sep>[ .\-])[0-9]{1,8}(?:(?P=sep)[0-9]{1,8})+[Xx]?(?![0-9A-Za-z])"
)
# A joined chain must have as many digits as a phone (11) to a long card (19).
CHAIN_DIGITS = range(11, 20)


@dataclass(frozen=True)
class DigitView:
    """`text` as the identifier recognizers read it; `origin[i]` is where its character i is in
    the block (None when the view is the block itself)."""

    source: str
    text: str
    origin: tuple[int, ...] | None = None

    @property
    def changed(self) -> bool:
        return self.origin is not None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The block span of view span [start, end): from its first character to its last,
        with the marks drawn on that last character (a strike-through)."""
        if self.origin is None or start >= end:
            return start, end
        first, last = self.origin[start], self.origin[end - 1] + 1
        while last < len(self.source) and unicodedata.category(self.source[last]) in ("Mn", "Me"):
            last += 1
        return first, last


# The last block the caller knew to need no view (the engine's candidate pass answers that for
# every block at once): the dozen identifier recognizers that read the block then skip even the
# cheap searches. A text equal to it needs no view either, so this holds across threads.
_known_plain: list[str] = [""]


def remember_plain(text: str) -> None:
    """Note that half-width `text` holds no disguised digit (`needs_view` would say False)."""
    _known_plain[0] = text


def digit_view(text: str) -> DigitView:
    """The digit view of `text` (already half-width: recognizers.textnorm.to_halfwidth)."""
    if text == _known_plain[0]:
        return DigitView(text, text)
    return _digit_view(text)


@lru_cache(maxsize=4)  # the identifier recognizers read one block after another
def _digit_view(text: str) -> DigitView:
    if not needs_view(text):
        return DigitView(text, text)
    chars, origin = _folded(text)
    for run in _CHINESE_RUN.finditer("".join(chars)):
        for index in range(run.start(), run.end()):
            chars[index] = CHINESE_DIGITS[chars[index]]
    chars, origin = _joined(chars, origin)
    folded = "".join(chars)
    return DigitView(text, text) if folded == text else DigitView(text, folded, tuple(origin))


def _folded(text: str) -> tuple[list[str], list[int]]:
    """Characters of `text` with invisible ones dropped and odd spaces, dots and digits folded."""
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    for match in _FOLDABLE.finditer(text):
        chars.extend(text[cursor : match.start()])
        origin.extend(range(cursor, match.start()))
        cursor = match.end()
        found = match.group()
        if found[0] in _DOTS:
            replacement = "."
        elif found.isspace():
            replacement = " "
        else:
            value = unicodedata.digit(found, None) if len(found) == 1 else None
            if value is None:
                continue  # invisible: dropped
            replacement = str(value)
        chars.append(replacement)
        origin.append(match.start())
    chars.extend(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return chars, origin


def _joined(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """Separator chains joined where they look like one number written in groups the plain
    patterns do not read (dates, scores and 3-4-4 or 6-8-4 groups are left as they are)."""
    text = "".join(chars)
    dropped: set[int] = set()
    for chain in _CHAIN.finditer(text):
        groups = chain.group().rstrip("Xx").split(chain.group("sep"))
        if sum(map(len, groups)) not in CHAIN_DIGITS:
            continue
        if _written_in_groups(groups, chain.group("sep")):
            dropped.update(i for i in range(chain.start(), chain.end()) if text[i] == chain.group("sep"))
    if not dropped:
        return chars, origin
    keep = [i for i in range(len(chars)) if i not in dropped]
    return [chars[i] for i in keep], [origin[i] for i in keep]


def _written_in_groups(groups: list[str], separator: str) -> bool:
    """A digit after every separator, groups of four (3401 0419 8506 1236 36), or dotted
    groups of three or more (340104.19850612.1236)."""
    head = groups[:-1]
    if all(len(g) == 1 for g in groups) or all(len(g) == 4 for g in head):
        return True
    return separator == "." and all(len(g) >= 3 for g in head)
