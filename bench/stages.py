"""Speed of each stage of the engine on its own, in characters per second.

    python bench/stages.py [--chars N] [--msra PATH]

Stages, each timed over every block of the corpus (after one warm-up call):
- `prefilter`: the per-recognizer triggers (what decides whether a block is analysed at all);
- `patterns`: Presidio with every pattern recognizer and the context enhancer, on every block;
- `people rules`: the PERSON rules without the model (columns, cues, 名单, masked names);
- `name model`: the name model (ONNX BiLSTM-CRF) on every block, 64 blocks a call (the default profile's name stage);
- `names + LAC`: the same with LAC's second opinion (what the strict profile pays, on every block);
- `category`: the document classifier on each document's opening;
- `scan default` / `scan strict`: `screening.scan_text` end to end under each profile.
Corpora: the throughput corpus of bench/corpus.py (notices, ~10% with personal data) and, when
present, the MSRA NER test sentences (news prose, every sentence with text for the model).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import screening
from bench.corpus import generate_throughput_corpus
from recognizers.textnorm import to_halfwidth
from screening.engine.analyzer import shared_analyzer
from screening.engine.category import classify
from screening.engine.people import find_people, model_names
from screening.sources.text import text_blocks

DEFAULT_MSRA = ROOT.parent / "shared" / "eval" / "ner_msra_test" / "msra_test.per.jsonl"


def timed(chars: int, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return chars / (time.perf_counter() - started)


def stage_speeds(documents: list[str]) -> dict[str, float]:
    blocks = [block for document in documents for block in text_blocks(document)]
    folded = [to_halfwidth(block.text) for block in blocks]
    chars = sum(len(text) for text in folded)
    analyzer = shared_analyzer()
    analyzer.analyze("预热 13800138000")
    model_names(["预热：学生王小明"])
    return {
        "prefilter": timed(chars, lambda: [analyzer.triggered_entities(b.text, f) for b, f in zip(blocks, folded)]),
        "patterns": timed(chars, lambda: [analyzer.analyze(b.text, b.header, (), None, f) for b, f in zip(blocks, folded)]),
        "people rules": timed(chars, lambda: [find_people(b, f, None) for b, f in zip(blocks, folded)]),
        "name model": timed(chars, lambda: [model_names(folded[i : i + 64], False) for i in range(0, len(folded), 64)]),
        "names + LAC": timed(chars, lambda: [model_names(folded[i : i + 64]) for i in range(0, len(folded), 64)]),
        "category": timed(sum(min(len(d), 6000) for d in documents), lambda: [classify(None, d[:6000]) for d in documents]),
        "scan default": timed(chars, lambda: [screening.scan_text(d) for d in documents]),
        "scan strict": timed(chars, lambda: [screening.scan_text(d, policy="strict") for d in documents]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=300_000, help="size of the throughput corpus (default 300,000)")
    parser.add_argument("--msra", type=Path, default=DEFAULT_MSRA)
    args = parser.parse_args()
    corpora = {"notices": generate_throughput_corpus(args.chars, seed=11)}
    if args.msra.is_file():
        sentences = [json.loads(line)["text"] for line in args.msra.open(encoding="utf-8")]
        corpora["msra_test"] = ["\n".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    results = {name: stage_speeds(documents) for name, documents in corpora.items()}
    stages = list(next(iter(results.values())))
    print(f"{'stage':<16}" + "".join(f"{name + ' chars/s':>22}" for name in results))
    for stage in stages:
        print(f"{stage:<16}" + "".join(f"{results[name][stage]:>22,.0f}" for name in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
