"""The document category, decided from a document's opening before its blocks are screened.

Rules key on the category (students' names are allowed in a 资助公示, not in a news item),
so it must be known before the first finding is decided. The first blocks of the stream
(up to OPENING_CHARS) are held back, classified with `screening.engine.category.classify` (title:
the first non-empty line; headers: the column headers seen), then screened with the rest:
the document is still read once and never held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from screening.engine.category import CategoryGuess, classify
from screening.model import Block

OPENING_CHARS = 6000
MAX_HEADERS = 64


def given_category(label: str) -> CategoryGuess:
    return CategoryGuess(label=label, evidence=("由调用方指定（--category）",), scores={})


def categorized(blocks: Iterable[Block], category: str | None, *, learned: bool = True) -> tuple[Iterator[Block], CategoryGuess]:
    """The blocks (unchanged, in order) and the category: `category` when given, else classified
    (`learned`: see `classify`)."""
    iterator = iter(blocks)
    if category:
        return iterator, given_category(category)
    opening: list[Block] = []
    chars = 0
    headers: list[str] = []
    for block in iterator:
        opening.append(block)
        chars += len(block.text)
        for header in (block.header, *block.line_headers):
            if header and header not in headers and len(headers) < MAX_HEADERS:
                headers.append(header)
        if chars >= OPENING_CHARS:
            break
    text = "\n".join(block.text for block in opening)[:OPENING_CHARS]
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return chain(opening, iterator), classify(title, text, headers, learned=learned)
