"""Ways a number is written to slip past a plain pattern (issue 19), as functions of the digits.

Each form keeps the number readable to a person; tests/test_evasion.py checks that scanning
finds it and tests/test_redact_evasion.py that redaction masks it.

>>> FORMS["dots in groups of 4"]("340104")
'3401.04'
"""

from __future__ import annotations

from collections.abc import Callable


def _between(separator: str) -> Callable[[str], str]:
    return lambda digits: separator.join(digits)


def _groups_of_4(separator: str) -> Callable[[str], str]:
    return lambda digits: separator.join(digits[k : k + 4] for k in range(0, len(digits), 4))


def _digits(zero: int) -> Callable[[str], str]:
    """Each ASCII digit as the digit of another script whose zero is code point `zero`."""
    return lambda digits: "".join(chr(zero + int(ch)) if ch.isdigit() else ch for ch in digits)


def _circled(digits: str) -> str:
    return "".join(("⓪" if ch == "0" else chr(0x2460 + int(ch) - 1)) if ch.isdigit() else ch for ch in digits)


def _chinese(zero: str) -> Callable[[str], str]:
    return lambda digits: "".join((zero + "一二三四五六七八九")[int(ch)] if ch.isdigit() else ch for ch in digits)


FORMS: dict[str, Callable[[str], str]] = {
    "zero-width space": _between("\u200b"),
    "zero-width joiner": _between("\u200d"),
    "zero-width non-joiner": _between("\u200c"),
    "word joiner": _between("\u2060"),
    "BOM (U+FEFF)": _between("\ufeff"),
    "soft hyphen": _between("\u00ad"),
    "combining strike-through": lambda digits: "".join(ch + "\u0336" for ch in digits),
    "no-break spaces in groups of 4": _groups_of_4("\u00a0"),
    "ideographic spaces in groups of 4": _groups_of_4("\u3000"),
    "dots in groups of 4": _groups_of_4("."),
    "hyphens in groups of 4": _groups_of_4("-"),
    "a space after every digit": _between(" "),
    "Arabic-Indic digits": _digits(0x0660),
    "circled digits": _circled,
    "mathematical bold digits": _digits(0x1D7CE),
    "Chinese numerals with 〇": _chinese("〇"),
    "Chinese numerals with 零": _chinese("零"),
}
