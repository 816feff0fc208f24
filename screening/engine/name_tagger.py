"""The runtime of the shipped name model: a char + bigram BiLSTM-CRF tagger (PER/LOC/ORG) run
with onnxruntime and decoded with a numpy Viterbi. No torch at run time (tools/train_names.py
trains and exports it; onnxruntime is already here for OCR).

Why this shape: Chinese has no spaces and a word segmenter cuts the names it does not know, so
the model reads single characters; each character also sees the bigram on its left and on its
right (张伟, 伟说), the statistics character NER relies on. A CRF on top keeps the BMES tags
legal and lets neighbouring decisions agree (a name's end where the next word starts).

Files (screening/engine/models/names/): `names.onnx` (embeddings stored as float16 and cast inside the
graph, so the file stays small) and `names.json` (character and bigram vocabularies, the tag
list and the CRF transition, start and end scores).

>>> trans, start, end = allowed_transitions(["O", "B-PER", "M-PER", "E-PER", "S-PER"])
>>> bool(trans[1, 3]), bool(trans[1, 0]), bool(start[3]), bool(end[1])
(True, False, False, False)
>>> tags_to_spans([0, 1, 3, 0, 4], ["O", "B-PER", "M-PER", "E-PER", "S-PER"])
[(1, 3, 'PER'), (4, 5, 'PER')]
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from screening.engine.onnx_sessions import cpu_session

ONNX_NAME = "names.onnx"
META_NAME = "names.json"
SPACE_TOKEN = "␣"  # any whitespace: the training text has none, one symbol keeps newlines from looking rare
BOS, EOS = "<s>", "</s>"
PAD, UNK = 0, 1


def allowed_transitions(tags: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Boolean masks of the BMES grammar: trans[i, j] (tag i then j), start[j], end[i]."""
    n = len(tags)
    trans = np.zeros((n, n), dtype=bool)
    start = np.zeros(n, dtype=bool)
    end = np.zeros(n, dtype=bool)
    for i, a in enumerate(tags):
        pa, _, ka = a.partition("-")
        start[i] = pa in ("O", "B", "S")
        end[i] = pa in ("O", "E", "S")
        for j, b in enumerate(tags):
            pb, _, kb = b.partition("-")
            trans[i, j] = (pb in ("M", "E") and kb == ka) if pa in ("B", "M") else pb in ("O", "B", "S")
    return trans, start, end


def tags_to_spans(tag_ids, tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans of a BMES tag sequence, read leniently (an E or M without its
    B starts a span; an O closes any open one)."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    tag_ids = np.asarray(tag_ids)
    previous = -2
    for i in np.flatnonzero(tag_ids).tolist():  # tag 0 is O: walk only the tagged positions
        if i != previous + 1:
            start = None
        previous = i
        prefix, _, kind = tags[tag_ids[i]].partition("-")
        if prefix == "S":
            spans.append((i, i + 1, kind))
            start = None
        elif prefix in ("B", "M", "E"):
            if prefix == "B" or start is None or kind != label:
                start, label = i, kind
            if prefix == "E":
                spans.append((start, i + 1, kind))
                start = None
        else:
            start = None
    return spans


def viterbi(emissions: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[np.ndarray]:
    """The best tag path of each sequence: emissions [B, T, K], lengths [B]; the transition,
    start and end scores already hold the grammar (illegal moves at -1e4).

    The loop runs over steps for the whole batch; sequences shorter than the batch's longest
    keep their score from their own last step, and their padded steps are made identity moves
    once after the loop (a np.where per step cost more than the step itself).
    """
    batch, steps, k = emissions.shape
    score = start[None, :] + emissions[:, 0]
    back = np.empty((steps, batch, k), dtype=np.int8 if k < 127 else np.int32)
    identity = np.arange(k, dtype=back.dtype)
    back[0] = identity
    final = score.copy()  # each sequence's scores at its own last step
    rows_ending: dict[int, list[int]] = {}
    for row, length in enumerate(lengths.tolist()):
        rows_ending.setdefault(length - 1, []).append(row)
    # [to, from]: the reduction runs over the contiguous last axis (4x faster at 32 x 57 x 57)
    into = np.ascontiguousarray(trans.T)[None, :, :]
    rows, tags = np.arange(batch)[:, None], identity[None, :].astype(np.intp)
    for t in range(1, steps):
        candidates = score[:, None, :] + into  # [B, to, from]
        best_from = candidates.argmax(axis=2)
        score = candidates[rows, tags, best_from] + emissions[:, t]
        back[t] = best_from
        if t in rows_ending:
            final[rows_ending[t]] = score[rows_ending[t]]
    back[np.arange(steps)[:, None] >= lengths[None, :]] = identity  # past its end a sequence keeps its tag
    last = (final + end[None, :]).argmax(axis=1)
    paths = np.empty((steps, batch), dtype=np.int64)
    paths[steps - 1] = last
    rows = np.arange(batch)
    for t in range(steps - 1, 0, -1):
        last = back[t, rows, last]
        paths[t - 1] = last
    return [paths[: lengths[b], b] for b in range(batch)]


def model_chars(text: str) -> list[str]:
    return [SPACE_TOKEN if ch.isspace() else ch for ch in text]


def bigram_strings(chars: list[str]) -> list[str]:
    """The len + 1 bigrams around the characters: (BOS c0), (c0 c1), …, (c[n-1] EOS)."""
    padded = [BOS, *chars, EOS]
    return [padded[i] + padded[i + 1] for i in range(len(padded) - 1)]


class Featurizer:
    """Character and bigram ids (0 = padding, 1 = unknown in both tables)."""

    def __init__(self, chars: list[str], bigrams: list[str]) -> None:
        self.char_ids = {c: i + 2 for i, c in enumerate(chars)}
        self.bigram_ids = {b: i + 2 for i, b in enumerate(bigrams)}

    def encode(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(char ids [n], bigram ids [n + 1]): character i has left bigram i and right bigram i + 1."""
        chars = model_chars(text)
        get_char, get_bigram = self.char_ids.get, self.bigram_ids.get
        char_ids = np.fromiter((get_char(ch, UNK) for ch in chars), dtype=np.int64, count=len(chars))
        bigram_ids = np.fromiter((get_bigram(b, UNK) for b in bigram_strings(chars)), dtype=np.int64, count=len(chars) + 1)
        return char_ids, bigram_ids


def pad_batch(encoded: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(chars, left bigrams, right bigrams) [B, T] padded with 0, and the lengths [B]."""
    lengths = np.array([len(c) for c, _ in encoded], dtype=np.int64)
    chars = np.zeros((len(encoded), int(lengths.max())), dtype=np.int64)
    left, right = np.zeros_like(chars), np.zeros_like(chars)
    for row, (c, b) in enumerate(encoded):
        n = len(c)
        chars[row, :n] = c
        left[row, :n] = b[:n]
        right[row, :n] = b[1 : n + 1]
    return chars, left, right, lengths


def length_batches(lengths: list[int], max_sentences: int, max_chars: int) -> list[list[int]]:
    """Indices grouped by similar length (little padding): at most `max_sentences` per batch and
    `max_chars` of padded input."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) >= max_sentences or lengths[i] * (len(current) + 1) > max_chars):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


class NameTagger:
    """The ONNX tagger of `model_dir`; one per process (loading takes ~0.2 s)."""

    # Sub-batches of 32 pieces / 4,096 padded characters: with pieces of at most MAX_PIECE the fastest
    # in a sweep (153 k chars/s against 150 k at 16 / 4,096 and 147 k at 64 / 8,192, MSRA test).
    def __init__(self, model_dir: Path, threads: int = 1, max_sentences: int = 32, max_chars: int = 4096) -> None:
        meta = json.loads((Path(model_dir) / META_NAME).read_text(encoding="utf-8"))
        self.tags: list[str] = meta["tags"]
        self.featurizer = Featurizer(meta["chars"], meta["bigrams"])
        self.trans = np.asarray(meta["transitions"], dtype=np.float32)
        self.start = np.asarray(meta["start"], dtype=np.float32)
        self.end = np.asarray(meta["end"], dtype=np.float32)
        self.session = cpu_session(Path(model_dir) / ONNX_NAME, threads)  # parallel folder scans run one process per core
        self.max_sentences, self.max_chars = max_sentences, max_chars

    def emissions(self, encoded: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        chars, left, right, lengths = pad_batch(encoded)
        (scores,) = self.session.run(None, {"chars": chars, "left": left, "right": right, "lengths": lengths.astype(np.int32)})
        return scores, lengths

    def predict_entities(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """(start, end, label) character spans per text, labels PER/LOC/ORG. Long texts are read
        in pieces of at most MAX_PIECE characters, cut after a sentence end where there is one."""
        pieces = [(index, offset, piece) for index, text in enumerate(texts) for offset, piece in text_pieces(text)]
        results: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        lengths = [len(piece) for _, _, piece in pieces]
        for batch in length_batches(lengths, self.max_sentences, self.max_chars):
            scores, batch_lengths = self.emissions([self.featurizer.encode(pieces[i][2]) for i in batch])
            for i, path in zip(batch, viterbi(scores, batch_lengths, self.trans, self.start, self.end)):
                index, offset, _ = pieces[i]
                results[index] += [(offset + s, offset + e, label) for s, e, label in tags_to_spans(path, self.tags)]
        for spans in results:
            spans.sort()
        return results


# Characters a piece: the LSTM steps through a piece one character at a time, so a batch of 32 short
# pieces runs ~2.5x faster than the same text as a few long ones (measured on MSRA test joined 20
# sentences a text: 59 k chars/s at 4,096, 153 k at 256, PER F1 0.833 -> 0.836). A sentence needs no
# context beyond its own end.
MAX_PIECE = 256
PIECE_END = re.compile(r"[。！？；!?;\n]")
SOFT_END = re.compile(r"[，、,：:\s）)」』]")  # where a piece may end when no sentence does: never inside a name


def text_pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) covering `text`, each at most MAX_PIECE long, cut after the last sentence
    end inside the limit, else after the last comma, colon or space (a 名单 of names separated by
    spaces or 、 is cut between two names), else at the limit (a run of 256 characters with no
    break at all).

    >>> [(offset, len(piece)) for offset, piece in text_pieces("甲" * 300 + "。" + "乙" * 10)]
    [(0, 256), (256, 55)]
    >>> [(offset, len(piece)) for offset, piece in text_pieces("甲" * 200 + "。" + "乙" * 100)]
    [(0, 201), (201, 100)]
    >>> [(offset, len(piece)) for offset, piece in text_pieces("王小明 " * 100)][:2]
    [(0, 256), (256, 144)]
    >>> text_pieces("")
    []
    """
    pieces: list[tuple[int, str]] = []
    offset = 0
    while offset < len(text):
        end = min(len(text), offset + MAX_PIECE)
        if end < len(text):
            end = _last_cut(PIECE_END, text, offset, end) or _last_cut(SOFT_END, text, offset, end) or end
        pieces.append((offset, text[offset:end]))
        offset = end
    return pieces


def _last_cut(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    """The position after the last match of `pattern` in text[start:end], or None."""
    cuts = [match.end() for match in pattern.finditer(text, start, end)]
    return cuts[-1] if cuts else None
