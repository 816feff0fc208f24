"""The prefilter's questions three ways: Hyperscan's one pass, `regex` one pattern at a time, one `regex`.

    python bench/candidate_pass.py [--chars N] [--repeat R]

Every block of the throughput corpus (bench/corpus.py) is asked the engine's candidate-pass
questions (each recognizer group's trigger, the person cue, the digit-view hint:
screening/engine/candidates.py) by
- `hyperscan`: the engine's CandidatePass (one Hyperscan scan; the spam trigger, whose
  look-arounds Hyperscan cannot compile, widened and confirmed with `regex`);
- `regex, one by one`: each pattern's `search`, as the prefilter did before;
- `one regex`: all patterns alternated in one `regex` pattern with a named group each, read with
  `finditer(overlapped=True)` so that overlapping answers are all seen.
It checks that the three give the same answer on every block and prints blocks/s and chars/s
(best of R runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import generate_throughput_corpus
from screening.engine.analyzer import shared_analyzer
from screening.sources.text import text_blocks


def one_by_one(patterns: dict[str, str]) -> Callable[[str], frozenset[str]]:
    compiled = {name: regex.compile(source, regex.MULTILINE) for name, source in patterns.items()}
    return lambda text: frozenset(name for name, pattern in compiled.items() if pattern.search(text))


def alternated(patterns: dict[str, str]) -> Callable[[str], frozenset[str]]:
    names = {f"q{index}": name for index, name in enumerate(patterns)}
    combined = regex.compile(
        "|".join(f"(?P<q{index}>{source})" for index, source in enumerate(patterns.values())), regex.MULTILINE
    )
    return lambda text: frozenset(names[m.lastgroup] for m in combined.finditer(text, overlapped=True))


def best_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="corpus size (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    blocks = [b.text for d in generate_throughput_corpus(args.chars, seed=11) for b in text_blocks(d)]
    chars = sum(map(len, blocks))
    candidates = shared_analyzer().candidates
    patterns = {name: candidates._regex[name].pattern for name in candidates.names}
    ways = {"hyperscan": candidates.hits, "regex, one by one": one_by_one(patterns), "one regex": alternated(patterns)}
    answers = {name: [ask(b) for b in blocks] for name, ask in ways.items()}
    reference = answers["regex, one by one"]
    print(f"{len(blocks):,} blocks, {chars:,} characters, {len(patterns)} patterns "
          f"({len(candidates.by_hyperscan)} by Hyperscan alone, {len(candidates.confirmed)} widened and confirmed)")
    print(f"{'way':<20}{'s':>8}{'chars/s':>14}{'blocks/s':>12}  same answers")
    for name, ask in ways.items():
        seconds = best_time(lambda: [ask(b) for b in blocks], args.repeat)
        same = sum(a == r for a, r in zip(answers[name], reference))
        print(f"{name:<20}{seconds:>8.3f}{chars / seconds:>14,.0f}{len(blocks) / seconds:>12,.0f}  {same}/{len(blocks)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
