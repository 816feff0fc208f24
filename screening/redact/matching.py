"""Finding many literal values in text in one pass.

A roster of 20,000 students gives 20,000 IDs to replace wherever they occur. A regular
expression alternation of that many literals is tried branch by branch at every position
(Python's `re` builds no trie), so a long document would take minutes; and IDs share long
prefixes (region and birth year), so an index by prefix does not help either. Here the
values are kept in one set per length: the text is searched for the characters values
start with, and at each such position one set lookup per distinct length (a handful)
decides. Matches are leftmost-longest and do not overlap — what an alternation of the
values, longest first, would give.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator


class ValueIndex:
    """The values to look for.

    >>> index = ValueIndex(["13812345678", "1381234", "3401"])
    >>> list(index.finditer("电话13812345678，3401号"))
    [(2, 13, '13812345678'), (14, 18, '3401')]
    >>> index.sub("a1381234b", str.upper)
    ('a1381234b', 1)
    """

    def __init__(self, values: Iterable[str]) -> None:
        self.values = {value for value in values if value}
        self.lengths = sorted({len(value) for value in self.values}, reverse=True)
        firsts = sorted({value[0] for value in self.values})
        self.starts = re.compile("[" + "".join(re.escape(ch) for ch in firsts) + "]") if firsts else None

    def __bool__(self) -> bool:
        return bool(self.values)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, value) of each occurrence in text[start:end], left to right."""
        if self.starts is None:
            return
        stop = len(text) if end is None else min(end, len(text))
        values, lengths, search = self.values, self.lengths, self.starts.search
        position = start
        while True:
            hit = search(text, position, stop)
            if hit is None:
                return
            position = hit.start()
            for length in lengths:
                if position + length <= stop and text[position : position + length] in values:
                    yield position, position + length, text[position : position + length]
                    position += length
                    break
            else:
                position += 1

    def sub(self, text: str, replace: Callable[[str], str]) -> tuple[str, int]:
        """`text` with each occurrence replaced by `replace(value)`, and how many there were."""
        pieces, cursor, count = [], 0, 0
        for start, end, value in self.finditer(text):
            pieces.append(text[cursor:start])
            pieces.append(replace(value))
            cursor = end
            count += 1
        if not count:
            return text, 0
        pieces.append(text[cursor:])
        return "".join(pieces), count


def merge(*groups: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Matches from several indexes as one non-overlapping list: leftmost, then longest.

    >>> merge([(0, 5, "a"), (9, 12, "b")], [(3, 4, "c"), (6, 8, "d")])
    [(0, 5, 'a'), (6, 8, 'd'), (9, 12, 'b')]
    """
    out: list[tuple[int, int, str]] = []
    cursor = -1
    for start, end, value in sorted((m for group in groups for m in group), key=lambda m: (m[0], m[0] - m[1])):
        if start >= cursor:
            out.append((start, end, value))
            cursor = end
    return out


def shortest_replacements(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """value -> replacement; when two rules give one value different replacements, the
    shorter wins (as screening.redact.core.redact_text decides)."""
    chosen: dict[str, str] = {}
    for value, replacement in sorted(pairs, key=lambda pair: len(pair[1])):
        chosen.setdefault(value, replacement)
    return chosen
