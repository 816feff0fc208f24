"""Category accuracy on labelled real notices: per category precision, recall and F1.

    python bench/eval_category.py [--split test|dev|all] [--errors 10]

The notices are ``bench/data/notices.jsonl``: real pages of education authorities, universities,
schools and other offices from the search tool's stored public web pages, each labelled by what
the document is (tools/build_devsets.py; pseudonymised). They are split by site: ``dev`` is read
when the keyword table of `screening.engine.category` is amended, ``test`` is held out, and
``holdout`` is a second collection of 111 notices made after the amendments (read while tuning
from session 5 on), and ``holdout2`` a third of 63 notices from 62 sites, labelled by a reader
who never saw the classifier, read only to measure; ``train3`` / ``test3`` a fourth (407 notices, 2026-12,
labelled by what the document is), ``train3`` training the category model (tools/train_category.py) and
``test3`` read only to measure. ``--keywords-only`` measures the keyword table without the model. Each notice
is classified as a scan sees it: its title as the first line, then its text
(`screening.engine.categorize.categorized`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTICES = ROOT / "bench" / "data" / "notices.jsonl"


def document_text(notice: dict) -> str:
    """The notice as a document: its title on the first line unless the text already opens with it."""
    title, text = notice.get("title", "").strip(), notice["text"]
    return text if not title or text.lstrip().startswith(title) else f"{title}\n{text}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev", "holdout", "holdout2", "train3", "test3", "all"))
    parser.add_argument("--keywords-only", action="store_true", help="the keyword table alone, without the category model")
    parser.add_argument("--errors", type=int, default=10, help="misclassified notices to list (title only)")
    args = parser.parse_args()
    from screening.engine.categorize import categorized
    from screening.engine.category import CATEGORIES
    from screening.engine.category_model import shipped_model
    from screening.model import Block, Location

    deciding = "the keyword table alone" if args.keywords_only or shipped_model() is None else "keyword table + category model"

    with open(NOTICES, encoding="utf-8") as handle:
        notices = [json.loads(line) for line in handle if line.strip()]
    notices = [n for n in notices if args.split == "all" or n["split"] == args.split]
    pairs, errors = [], []
    for notice in notices:
        lines = [line for line in document_text(notice).splitlines() if line.strip()]
        blocks = [Block(text=line, start=0, location=Location(line=i + 1)) for i, line in enumerate(lines)]
        _, guess = categorized(blocks, None, learned=not args.keywords_only)
        pairs.append((notice["label"], guess.label))
        if guess.label != notice["label"]:
            errors.append((notice["label"], guess.label, notice.get("title") or notice["text"][:30], guess.evidence[:2]))
    gold, predicted = Counter(g for g, _ in pairs), Counter(p for _, p in pairs)
    correct = Counter(g for g, p in pairs if g == p)
    print(f"category accuracy on {len(pairs)} real notices (split {args.split!r}, {NOTICES.relative_to(ROOT)}; {deciding})")
    print(f"{'category':<16} {'notices':>7} {'precision':>9} {'recall':>7} {'f1':>6}")
    for label in CATEGORIES:
        precision = correct[label] / predicted[label] if predicted[label] else 0.0
        recall = correct[label] / gold[label] if gold[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{label:<16} {gold[label]:>7} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f}")
    print(f"accuracy {sum(correct.values()) / len(pairs):.3f} ({sum(correct.values())}/{len(pairs)})")
    for gold_label, guessed, title, evidence in errors[: args.errors]:
        print(f"  {gold_label} → {guessed}: {title[:40]}  {list(evidence)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
