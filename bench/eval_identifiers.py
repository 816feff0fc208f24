"""Precision / recall of `screening`'s identifier detection on the synthetic labelled corpus.

    python bench/eval_identifiers.py [--count N] [--seed S] [--policy strict] [--examples 10]

Scoring, and why:
- A finding counts only if its entity type is one the corpus labels (``LABELLED_TYPES``); marks,
  names and other types are outside this benchmark and ignored rather than counted as false positives.
- *Overlap* match (the headline numbers): a label is recalled when a finding of the same type overlaps
  it; a finding is correct when it overlaps a label of the same type. Overlap is what matters for
  screening: a block verdict and a redaction both follow from it. Precision and recall are computed on
  their own sides, so a value reported as two fragments counts once for recall and twice for precision.
- *Exact* match (reported beside): the finding's span equals the label's span, which is what a
  redacted copy needs to be clean at the edges.
- Error examples print values masked (first 3 and last 2 characters kept): even synthetic values are
  never printed raw, so the habit holds when someone points this script at real data.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import LABELLED_TYPES, LabelledDoc, Span, generate_labelled_documents


class Finding(Protocol):
    """The part of ``screening``'s finding objects this script reads."""

    entity_type: str
    start: int
    end: int


def mask_value(value: str) -> str:
    """First 3 and last 2 characters, stars between; line breaks shown as ⏎."""
    value = value.replace("\n", "⏎")
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class TypeScore:
    """Counts for one entity type; precision and recall are derived, never stored."""

    labels: int = 0
    findings: int = 0
    labels_found: int = 0  # labels overlapped by a same-type finding
    findings_correct: int = 0  # findings overlapping a same-type label
    labels_exact: int = 0  # labels matched with the exact span
    errors: list[str] = field(default_factory=list)

    def add(self, other: TypeScore) -> None:
        self.labels += other.labels
        self.findings += other.findings
        self.labels_found += other.labels_found
        self.findings_correct += other.findings_correct
        self.labels_exact += other.labels_exact

    @property
    def precision(self) -> float:
        return self.findings_correct / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.labels_found / self.labels if self.labels else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def exact_recall(self) -> float:
        return self.labels_exact / self.labels if self.labels else 1.0


def _describe_miss(doc: LabelledDoc, label: Span, findings: Sequence[Finding]) -> str:
    """Why a label was missed: nothing there, or found under another labelled type / other span."""
    value = mask_value(doc.text[label.start:label.end])
    others = sorted({f.entity_type for f in findings if overlaps(f.start, f.end, label.start, label.end)})
    reason = f"found as {', '.join(others)}" if others else "not found"
    return f"FN  {doc.name} @{label.start}  {value}  ({reason})"


def _describe_false_positive(doc: LabelledDoc, finding: Finding) -> str:
    value = mask_value(doc.text[finding.start:finding.end])
    others = sorted({s.entity_type for s in doc.spans if overlaps(s.start, s.end, finding.start, finding.end)})
    reason = f"labelled {', '.join(others)}" if others else "unlabelled text"
    return f"FP  {doc.name} @{finding.start}  {value}  ({reason})"


def _describe_inexact(doc: LabelledDoc, label: Span, finding: Finding) -> str:
    label_value = mask_value(doc.text[label.start:label.end])
    found_value = mask_value(doc.text[finding.start:finding.end])
    return f"SPAN {doc.name} @{label.start}  label {label_value} vs found {found_value}"


def score_document(doc: LabelledDoc, findings: Sequence[Finding], scores: dict[str, TypeScore]) -> None:
    """Add one document's counts (and error examples) to ``scores``."""
    relevant = [f for f in findings if f.entity_type in LABELLED_TYPES]
    for label in doc.spans:
        score = scores[label.entity_type]
        score.labels += 1
        same_type = [f for f in relevant if f.entity_type == label.entity_type
                     and overlaps(f.start, f.end, label.start, label.end)]
        if not same_type:
            score.errors.append(_describe_miss(doc, label, relevant))
            continue
        score.labels_found += 1
        if any(f.start == label.start and f.end == label.end for f in same_type):
            score.labels_exact += 1
        else:
            score.errors.append(_describe_inexact(doc, label, same_type[0]))
    for finding in relevant:
        score = scores[finding.entity_type]
        score.findings += 1
        if any(s.entity_type == finding.entity_type and overlaps(s.start, s.end, finding.start, finding.end)
               for s in doc.spans):
            score.findings_correct += 1
        else:
            score.errors.append(_describe_false_positive(doc, finding))


def _format_table(scores: dict[str, TypeScore]) -> str:
    header = f"{'entity type':<24}{'labels':>7}{'found':>7}{'P':>8}{'R':>8}{'F1':>8}{'exact R':>9}"
    lines = [header, "-" * len(header)]
    total = TypeScore()
    for entity_type in LABELLED_TYPES:
        score = scores.get(entity_type)
        if score is None or (score.labels == 0 and score.findings == 0):
            continue
        total.add(score)
        lines.append(_format_row(entity_type, score))
    lines.append("-" * len(header))
    lines.append(_format_row("micro total", total))
    return "\n".join(lines)


def _format_row(name: str, score: TypeScore) -> str:
    """One table row; precision is "-" when nothing was found (no evidence either way)."""
    precision = f"{score.precision:>8.3f}" if score.findings else f"{'-':>8}"
    f1 = f"{score.f1:>8.3f}" if score.findings else f"{'-':>8}"
    return (f"{name:<24}{score.labels:>7}{score.findings:>7}{precision}{score.recall:>8.3f}"
            f"{f1}{score.exact_recall:>9.3f}")


def _format_errors(scores: dict[str, TypeScore], limit: int) -> Iterable[str]:
    """Up to ``limit`` examples per type, misses and false positives first, span mismatches last."""
    order = {"FN": 0, "FP": 1, "SPAN": 2}
    for entity_type in LABELLED_TYPES:
        score = scores.get(entity_type)
        if not score or not score.errors or limit <= 0:
            continue
        errors = sorted(score.errors, key=lambda e: order[e.split(" ", 1)[0]])
        yield f"\n{entity_type}: {len(score.errors)} error(s), showing {min(limit, len(errors))}"
        for error in errors[:limit]:
            yield f"  {error}"


def describe_exception(exc: BaseException) -> str:
    """Exception type and where it was raised — never its message, which may quote document text."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def load_scan_text() -> Any:
    """``screening.scan_text``, or exit with a clear message while the package is still being built."""
    try:
        import screening
    except ImportError as exc:
        sys.exit(f"cannot import screening ({exc}); run from the repository with its venv")
    if not hasattr(screening, "scan_text"):
        sys.exit("screening.scan_text is not available yet")
    return screening.scan_text


def evaluate(docs: Sequence[LabelledDoc], policy: str) -> tuple[dict[str, TypeScore], list[str], float]:
    """Scan every document; return scores, per-document failures (no values) and scan seconds."""
    scan_text = load_scan_text()
    scores: dict[str, TypeScore] = defaultdict(TypeScore)
    failures: list[str] = []
    started = time.perf_counter()
    for doc in docs:
        try:
            result = scan_text(doc.text, policy=policy)
        except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not a reason to stop
            failures.append(f"{doc.name}: {describe_exception(exc)}")
            score_document(doc, [], scores)
            continue
        score_document(doc, list(result.findings), scores)
    return scores, failures, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="documents to generate (default 300)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    parser.add_argument("--policy", default="strict", help="policy passed to scan_text (default strict)")
    parser.add_argument("--examples", type=int, default=10, help="error examples per type (default 10)")
    args = parser.parse_args(argv)

    docs = generate_labelled_documents(args.count, args.seed)
    chars = sum(len(d.text) for d in docs)
    scores, failures, seconds = evaluate(docs, args.policy)

    print(f"{len(docs)} documents, {chars:,} characters, seed {args.seed}, policy {args.policy!r}; "
          f"scanned in {seconds:.1f} s ({chars / seconds:,.0f} chars/s incl. first-call load)")
    print("overlap match for P/R/F1; 'exact R' = share of labels found with the exact span\n")
    print(_format_table(scores))
    if failures:
        print(f"\n{len(failures)} document(s) raised during scan_text (counted as finding nothing):")
        for failure in failures[:args.examples]:
            print(f"  {failure}")
    for line in _format_errors(scores, args.examples):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
