"""Whole-process throughput of `screening` against plain Presidio and helan, on one corpus, in one run.

    python bench/throughput.py [--chars N] [--seed S] [--only screening,presidio,helan]

What is measured, and why this way:
- The corpus is ``bench.corpus.generate_throughput_corpus``: ~90% ordinary prose (文号, dates,
  amounts, office phone lines), ~10% personal-data lists — the mix a sweep of a real site sees, so
  a cheap prefilter gets credit exactly where real archives would give it.
- Each contender runs in its own subprocess, one after the other: peak RSS (``ru_maxrss``) is then
  that contender's alone, and timings do not compete for the two cores.
- Load time (imports, model/recognizer construction, the first call) is reported apart from scan
  time: a CLI pays it once per process, a service once per start.
- Contenders:
  (a) ``screening.scan_text(doc)`` per document, policy "default" (and "identifiers": the same
      engine screening identifiers, phones, e-mail and marks only — helan's kind of entity types);
  (b) plain Presidio: ``AnalyzerEngine`` for "zh" on ``spacy.blank("zh")`` (nothing downloaded) with
      only an 18-digit ID and an 11-digit mobile ``PatternRecognizer``, analysed line by line —
      the fast way to use it (whole-document ``analyze`` is far slower, see DESIGN.md §3);
  (c) ``helan.recognize`` per document with recognizers built once (a reference only; the package
      never imports helan).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CONTENDERS: tuple[str, ...] = ("screening", "identifiers", "presidio", "helan")
WORKER_TIMEOUT_S = 600


@dataclass
class Measurement:
    """One contender's result, passed from the worker subprocess to the parent as JSON."""

    name: str
    documents: int = 0
    chars: int = 0
    load_s: float = 0.0
    scan_s: float = 0.0
    findings: int = 0
    peak_rss_mb: float = 0.0
    error: str = ""

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.scan_s if self.scan_s else 0.0

    @property
    def chars_per_s_with_load(self) -> float:
        total = self.scan_s + self.load_s
        return self.chars / total if total else 0.0


# --------------------------------------------------------------------------------------------
# Contenders: each returns a "scan one document" function after loading whatever it needs.
# --------------------------------------------------------------------------------------------

Scanner = Callable[[str], int]  # document text -> number of findings


def load_screening(policy: str = "default") -> Scanner:
    import screening

    def scan(doc: str) -> int:
        return len(screening.scan_text(doc, policy=policy).findings)

    return scan


def load_presidio() -> Scanner:
    """Presidio as a user would set it up for Chinese without downloads: blank zh + two patterns."""
    import spacy
    from presidio_analyzer import (
        AnalyzerEngine,
        Pattern,
        PatternRecognizer,
        RecognizerRegistry,
    )
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankChineseNlpEngine(SpacyNlpEngine):
        """SpacyNlpEngine whose "zh" pipeline is ``spacy.blank("zh")`` instead of a downloaded model."""

        def __init__(self) -> None:
            super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])

        def load(self) -> None:
            self.nlp = {"zh": spacy.blank("zh")}

    nlp_engine = BlankChineseNlpEngine()
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["zh"])
    registry.add_recognizer(PatternRecognizer(
        supported_entity="CN_RESIDENT_ID", supported_language="zh", context=["身份证"],
        patterns=[Pattern("resident_id_18", r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])", 0.5)]))
    registry.add_recognizer(PatternRecognizer(
        supported_entity="CN_MOBILE_PHONE", supported_language="zh", context=["电话"],
        patterns=[Pattern("mobile_11", r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", 0.4)]))
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["zh"])

    def scan(doc: str) -> int:
        return sum(len(analyzer.analyze(text=line, language="zh")) for line in doc.splitlines() if line.strip())

    return scan


def load_helan() -> Scanner:
    import warnings

    import helan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its "jieba installed but not enabled" notice
        recognizers = helan.build_recognizers()

    def scan(doc: str) -> int:
        return len(helan.recognize(doc, recognizers=recognizers))

    return scan


LOADERS: dict[str, Callable[[], Scanner]] = {
    "screening": load_screening,
    "identifiers": lambda: load_screening("identifiers"),
    "presidio": load_presidio,
    "helan": load_helan,
}


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def describe_exception(exc: BaseException) -> str:
    """Exception type and where it was raised — never its message, which may quote document text."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def run_worker(name: str, corpus_path: Path) -> Measurement:
    """Load one contender, warm it up on the first document, then time every document."""
    docs: list[str] = json.loads(corpus_path.read_text(encoding="utf-8"))
    result = Measurement(name=name, documents=len(docs), chars=sum(len(d) for d in docs))
    try:
        started = time.perf_counter()
        scan = LOADERS[name]()
        scan(docs[0][:200])  # first call: lazy model loading belongs to load time
        result.load_s = time.perf_counter() - started
        started = time.perf_counter()
        result.findings = sum(scan(doc) for doc in docs)
        result.scan_s = time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - report, never print document content
        result.error = describe_exception(exc)
    result.peak_rss_mb = peak_rss_mb()
    return result


# --------------------------------------------------------------------------------------------
# Parent: build the corpus once, run each worker, print the comparison.
# --------------------------------------------------------------------------------------------


def measure_in_subprocess(name: str, corpus_path: Path) -> Measurement:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--corpus", str(corpus_path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S, cwd=ROOT,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    except subprocess.TimeoutExpired:
        return Measurement(name=name, error=f"timed out after {WORKER_TIMEOUT_S} s")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        kind = last.split(":", 1)[0][:80]  # the exception class only, not its message
        return Measurement(name=name, error=f"worker exited {done.returncode}: {kind}")
    return Measurement(**json.loads(lines[-1]))


def format_report(results: Sequence[Measurement], corpus_chars: int, corpus_docs: int) -> str:
    lines = [f"corpus: {corpus_docs} documents, {corpus_chars:,} characters; cpu count {os.cpu_count()}", ""]
    header = (f"{'contender':<11}{'load s':>8}{'scan s':>9}{'chars/s':>12}{'w/ load':>12}"
              f"{'findings':>10}{'peak RSS MB':>13}")
    lines += [header, "-" * len(header)]
    for r in results:
        if r.error:
            lines.append(f"{r.name:<11}  error: {r.error}")
            continue
        lines.append(f"{r.name:<11}{r.load_s:>8.2f}{r.scan_s:>9.2f}{r.chars_per_s:>12,.0f}"
                     f"{r.chars_per_s_with_load:>12,.0f}{r.findings:>10}{r.peak_rss_mb:>13.0f}")
    by_name = {r.name: r for r in results if not r.error}
    for name in ("screening", "identifiers"):
        mine = by_name.get(name)
        if mine:
            lines.append("")
            for other in ("presidio", "helan"):
                if other in by_name:
                    ratio = mine.chars_per_s / by_name[other].chars_per_s
                    lines.append(f"{name} vs {other}: {ratio:.2f}x chars/s (scan only)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=2_000_000, help="corpus size in characters (default 2,000,000)")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed (default 11)")
    parser.add_argument("--only", default=",".join(CONTENDERS), help="comma-separated contenders to run")
    parser.add_argument("--worker", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(asdict(run_worker(args.worker, args.corpus))))
        return 0

    from bench.corpus import generate_throughput_corpus

    started = time.perf_counter()
    docs = generate_throughput_corpus(args.chars, args.seed)
    print(f"generated corpus in {time.perf_counter() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus_path = Path(tmp) / "corpus.json"
        corpus_path.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        results = []
        for name in args.only.split(","):
            print(f"running {name} …", flush=True)
            results.append(measure_in_subprocess(name.strip(), corpus_path))
    print()
    print(format_report(results, sum(len(d) for d in docs), len(docs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
