"""False alarms of INJECTED_CONTENT on real text that carries no planted spam.

    python bench/eval_injected.py [--eval-dir ../shared/eval] [--examples 5]

What is measured, and why this way:
- There is no public labelled corpus of spam planted in Chinese government pages, so recall is
  covered by the tests (tests/test_injected_content.py: link farms, hidden divs, emoji floods,
  traditional script) and this measures the other side: how often the detector fires on real
  news, social-media, résumé and privacy-corpus text (``../shared/eval``: MSRA test, People's
  Daily test, Weibo test, Resume test, CLUENER dev, BDCI 2020 privacy train), none of it spam
  on a school site. Every finding there is a false alarm of the kind an office would see on
  news it republishes (sports-betting odds, 信用卡套现, a travel piece's 赌场).
- Each text is screened on its own with policy "strict" (no block skipped); findings are
  counted per action (block = the page would be stopped as hacked; review = a person looks).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = {
    "msra_test": "ner_msra_test", "peoples_daily_test": "ner_peoples_daily_test", "weibo_test": "ner_weibo_test",
    "resume_test": "ner_resume_test", "cluener_dev": "ner_cluener2020_dev", "bdci_train": "pii_bdci2020_privacy_train",
}


def corpus_texts(folder: Path) -> list[str]:
    path = next(p for p in sorted(folder.glob("*.jsonl")) if "spans" not in p.name)
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    if not args.eval_dir.is_dir():
        print(f"no evaluation data at {args.eval_dir}", file=sys.stderr)
        return 2
    from screening.api import scan_text

    print(f"{'corpus':<20} {'texts':>6} {'chars':>10} {'block':>6} {'review':>6}  texts flagged")
    examples = []
    for name, folder in CORPORA.items():
        texts = corpus_texts(args.eval_dir / folder)
        actions: Counter[str] = Counter()
        flagged = 0
        for text in texts:
            found = [f for f in scan_text(text, policy="strict").findings if f.entity_type == "INJECTED_CONTENT"]
            flagged += bool(found)
            actions.update(f.action for f in found)
            examples += [(name, f.action, f.details.get("kind"), f.preview) for f in found if f.action == "block"]
        print(f"{name:<20} {len(texts):>6} {sum(map(len, texts)):>10,} {actions['block']:>6} {actions['review']:>6}  "
              f"{flagged} ({flagged / len(texts):.2%})")
    for example in examples[: args.examples]:
        print("  block:", *example)
    return 0


if __name__ == "__main__":
    sys.exit(main())
