"""Phone and e-mail accuracy on real annotated text: the CCF BDCI 2020 privacy corpus.

    python bench/eval_bdci.py [--policy strict] [--examples 10]

The corpus (../shared/eval/pii_bdci2020_privacy_train/, evaluation only, never bundled)
labels `mobile` and `email` spans in real web/news snippets. Its `mobile` label covers
any phone number a person wrote (mobiles and landlines, with and without area codes),
so CN_MOBILE_PHONE, CN_LANDLINE_PHONE, PHONE_NUMBER (other regions) and CN_MOBILE_PHONE_MASKED findings count as
PHONE here. QQ and WeChat ids are labelled in the corpus but not detected by this
version (no recognizer), so they are not scored. Errors are printed masked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_identifiers import TypeScore, mask_value, overlaps

CORPUS = ROOT.parent / "shared" / "eval" / "pii_bdci2020_privacy_train" / "bdci2020_privacy_train.spans.jsonl"
LABEL_TYPES = {"mobile": "PHONE", "email": "EMAIL"}
FINDING_TYPES = {"CN_MOBILE_PHONE": "PHONE", "CN_LANDLINE_PHONE": "PHONE", "PHONE_NUMBER": "PHONE", "CN_MOBILE_PHONE_MASKED": "PHONE", "EMAIL_ADDRESS": "EMAIL"}


def load_corpus(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(records: list[dict], policy: str) -> dict[str, TypeScore]:
    import screening

    scores = {name: TypeScore() for name in LABEL_TYPES.values()}
    for record in records:
        text = record["text"]
        labels = [(s, e, LABEL_TYPES[k]) for s, e, k in record["spans"] if k in LABEL_TYPES]
        found = [(f.start, f.end, FINDING_TYPES[f.entity_type]) for f in screening.scan_text(text, policy=policy).findings if f.entity_type in FINDING_TYPES]
        for start, end, kind in labels:
            scores[kind].labels += 1
            if any(k == kind and overlaps(s, e, start, end) for s, e, k in found):
                scores[kind].labels_found += 1
                scores[kind].labels_exact += any(k == kind and (s, e) == (start, end) for s, e, k in found)
            else:
                scores[kind].errors.append(f"FN  doc {record['id']} @{start}  {mask_value(text[start:end])}")
        for start, end, kind in found:
            scores[kind].findings += 1
            if any(k == kind and overlaps(s, e, start, end) for s, e, k in labels):
                scores[kind].findings_correct += 1
            else:
                scores[kind].errors.append(f"FP  doc {record['id']} @{start}  {mask_value(text[start:end])}")
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default="strict")
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus} (it lives in shared/eval beside the checkout)")
        return 0
    records = load_corpus(args.corpus)
    started = time.perf_counter()
    scores = score(records, args.policy)
    print(f"BDCI 2020 privacy train: {len(records)} documents, policy {args.policy!r}, {time.perf_counter() - started:.1f} s")
    print(f"{'type':<8}{'labels':>8}{'found':>8}{'P':>8}{'R':>8}{'F1':>8}{'exact R':>9}")
    for name, s in scores.items():
        print(f"{name:<8}{s.labels:>8}{s.findings:>8}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.exact_recall:>9.3f}")
    for name, s in scores.items():
        for line in s.errors[: args.examples]:
            print(f"  {name} {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
