"""INJECTED_CONTENT on real pages: recall on held-out hacked pages, false alarms on clean text.

    python bench/eval_injected.py [--eval-dir ../shared/eval] [--split test] [--examples 5]
    python bench/eval_injected.py --pages-of e531dc9 --skip-corpora   # only the hacked pages that revision held

What is measured, and why this way:
- Recall: the hacked pages of ``bench/data/spam/hacked.jsonl`` (real hacked school and bureau
  pages from stored public web pages, pseudonymised; tools/build_devsets.py) in the held-out
  split (``test`` by default: sites the model never saw in training; tools/train_spam.py reads
  only ``train`` and picks its threshold on ``dev``). A page is caught when the default policy
  gives it an INJECTED_CONTENT finding (block or review) that overlaps its marked spam; it is
  blocked when one such finding blocks. Shapes are reported apart (brand before a title,
  source/copyright line, SEO footer, porn chain …).
- Real clean pages: the same split of ``bench/data/spam/clean.jsonl`` (notices, news and hard
  negatives such as anti-gambling articles and sports news) and every labelled real notice
  of ``bench/data/notices.jsonl``: findings there are false alarms.
- There is no public labelled corpus of spam planted in Chinese government pages beyond what
  we collected, so the corpora below measure the other side too: how often the detector fires on real
  news, social-media, résumé and privacy-corpus text (``../shared/eval``: MSRA test, People's
  Daily test, Weibo test, Resume test, CLUENER dev, BDCI 2020 privacy train), none of it spam
  on a school site. Every finding there is a false alarm of the kind an office would see on
  news it republishes (sports-betting odds, 信用卡套现, a travel piece's 赌场).
- BDCI is a *training* split and web text like the pages schools republish: tools/train_spam.py
  trains the hook model on its lines i % 4 in (0, 1) and sets the threshold on i % 4 == 2, so
  only the held-out quarter (i % 4 == 3) is measured here. The other corpora are never read in
  training.
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
DEVSET = ROOT / "bench" / "data" / "spam"
HELD_OUT_QUARTER = 3  # of BDCI's lines (i % 4): the quarter tools/train_spam.py never reads

CORPORA = {
    "msra_test": "ner_msra_test", "peoples_daily_test": "ner_peoples_daily_test", "weibo_test": "ner_weibo_test",
    "resume_test": "ner_resume_test", "cluener_dev": "ner_cluener2020_dev", "bdci_train": "pii_bdci2020_privacy_train",
}


def corpus_texts(folder: Path) -> list[str]:
    path = next(p for p in sorted(folder.glob("*.jsonl")) if "spans" not in p.name)
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def overlaps(finding, text: str, spam: list[str]) -> bool:
    return any(
        finding.start < start + len(piece) and start < finding.end
        for piece in spam for start in [text.find(piece)] if start >= 0
    )


def pages_of(revision: str) -> set[str]:
    """The URLs of the hacked pages ``bench/data/spam/hacked.jsonl`` held at a git revision (to compare
    a figure with one measured before pages were added)."""
    import subprocess

    text = subprocess.run(["git", "show", f"{revision}:bench/data/spam/hacked.jsonl"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    return {json.loads(line)["url"] for line in text.splitlines() if line.strip()}


def hacked_recall(split: str, examples: int, only: set[str] | None = None) -> None:
    """Recall on the held-out hacked pages, overall and per shape (`only`: just these URLs)."""
    from screening.api import scan_text

    path = DEVSET / "hacked.jsonl"
    pages = [p for p in read_jsonl(path) if p["split"] == split and (only is None or p["url"] in only)]
    by_shape: dict[str, Counter[str]] = {}
    missed = []
    for page in pages:
        found = [f for f in scan_text(page["text"]).findings if f.entity_type == "INJECTED_CONTENT"]
        hits = [f for f in found if overlaps(f, page["text"], page["spam"])]
        outcome = "blocked" if any(f.action == "block" for f in hits) else "review" if hits else "missed"
        for key in (page["shape"], "all"):
            by_shape.setdefault(key, Counter())[outcome] += 1
        if outcome == "missed":
            missed.append((page["shape"], page["spam"][0][:30]))
    subset = "" if only is None else f", only the {len(pages)} pages of an earlier revision"
    print(f"hacked pages, split {split!r}{subset} ({path.relative_to(ROOT)}): caught = block or review on the marked spam")
    print(f"{'shape':<16} {'pages':>6} {'blocked':>8} {'review':>7} {'missed':>7} {'recall':>7} {'block recall':>13}")
    for shape in sorted(by_shape, key=lambda k: (k == "all", k)):
        c = by_shape[shape]
        total = sum(c.values())
        print(f"{shape:<16} {total:>6} {c['blocked']:>8} {c['review']:>7} {c['missed']:>7} "
              f"{(c['blocked'] + c['review']) / total:>7.3f} {c['blocked'] / total:>13.3f}")
    for example in missed[:examples]:
        print("  missed:", *example)
    print()


def clean_alarms(split: str, examples: int) -> None:
    """False alarms on real clean pages (the split of clean.jsonl, and every labelled notice)."""
    from screening.api import scan_text

    sets = {
        f"clean pages ({split})": [p["text"] for p in read_jsonl(DEVSET / "clean.jsonl") if p["split"] == split],
        "labelled notices": [p["text"] for p in read_jsonl(ROOT / "bench" / "data" / "notices.jsonl")],
    }
    print(f"{'real clean pages':<20} {'texts':>6} {'chars':>10} {'block':>6} {'review':>6}")
    shown = []
    for name, texts in sets.items():
        actions: Counter[str] = Counter()
        for text in texts:
            found = [f for f in scan_text(text).findings if f.entity_type == "INJECTED_CONTENT"]
            actions.update(f.action for f in found)
            shown += [(name, f.action, f.details.get("cues")) for f in found]
        print(f"{name:<20} {len(texts):>6} {sum(map(len, texts)):>10,} {actions['block']:>6} {actions['review']:>6}")
    for example in shown[:examples]:
        print("  alarm:", *example)
    print()


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--skip-corpora", action="store_true", help="only the real pages (a quick look)")
    parser.add_argument("--pages-of", metavar="REV", help="hacked pages: only those hacked.jsonl held at this git revision")
    args = parser.parse_args()
    hacked_recall(args.split, args.examples, pages_of(args.pages_of) if args.pages_of else None)
    clean_alarms(args.split, args.examples)
    if args.skip_corpora:
        return 0
    if not args.eval_dir.is_dir():
        print(f"no evaluation data at {args.eval_dir}", file=sys.stderr)
        return 2
    from screening.api import scan_text

    print(f"{'corpus':<20} {'texts':>6} {'chars':>10} {'block':>6} {'review':>6}  texts flagged")
    examples = []
    for name, folder in CORPORA.items():
        texts = corpus_texts(args.eval_dir / folder)
        if name == "bdci_train":  # quarters 0-2 train the hook model and set its threshold (tools/train_spam.py)
            texts = texts[HELD_OUT_QUARTER::4]
            name = "bdci_train (q3)"
        actions: Counter[str] = Counter()
        flagged = 0
        for text in texts:
            found = [f for f in scan_text(text, policy="strict").findings if f.entity_type == "INJECTED_CONTENT"]
            flagged += bool(found)
            actions.update(f.action for f in found)
            examples += [(name, f.action, f.details.get("kind"), f.details.get("cues")) for f in found]
        print(f"{name:<20} {len(texts):>6} {sum(map(len, texts)):>10,} {actions['block']:>6} {actions['review']:>6}  "
              f"{flagged} ({flagged / len(texts):.2%})")
    for example in examples[: args.examples]:
        print("  alarm:", *example)
    return 0


if __name__ == "__main__":
    sys.exit(main())
