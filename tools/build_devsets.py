"""Build the committed development sets of real pages from collected raw pages, pseudonymised.

    python tools/build_devsets.py RAW_DIR

RAW_DIR holds what was collected from the search tool's stored public web pages (not committed):
``hacked_pages.jsonl`` (url, text, shape, spam: the marked spam substrings), ``hard_negatives.jsonl``
and ``clean_pages.jsonl`` (url, text), ``notices.jsonl``, ``notices_holdout.jsonl`` and ``notices_holdout2.jsonl`` (url, title, text, label). Written:

- ``bench/data/spam/hacked.jsonl`` and ``bench/data/spam/clean.jsonl``: the spam detector's
  development set, each page with a ``split`` (train / dev / test) decided by a hash of its
  site, so one site's pages never sit on both sides;
- ``bench/data/notices.jsonl``: the category classifier's labelled real notices, split by site
  into ``dev`` (read when the keyword table is amended) and ``test`` (held out), plus later
  collections: ``holdout`` (``notices_holdout.jsonl``, 111 notices, read while tuning from session 5
  on) and ``holdout2`` (``notices_holdout2.jsonl``, collected then and never read while tuning).

These are real published pages, so before anything is written every person name, phone number,
ID number and e-mail address our own engine finds (strict profile) is replaced by a generated
value of the same kind; the marked spam substrings are kept verbatim. URLs are kept as the
pages' provenance. The engine misses some names (see bench/eval_names.py), so a name of a
public official in published news may remain: these pages were public, and the sets hold no
identifiers.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SPLITS = ((50, "train"), (65, "dev"), (100, "test"))  # by site hash % 100: 50 % train, 15 % dev, 35 % test
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
REPLACED = {"PERSON", "CN_MOBILE_PHONE", "CN_LANDLINE_PHONE", "CN_RESIDENT_ID", "EMAIL_ADDRESS", "BANK_CARD"}


def site_of(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def split_of(url: str) -> str:
    bucket = int(hashlib.sha256(site_of(url).encode()).hexdigest(), 16) % 100
    return next(name for limit, name in SPLITS if bucket < limit)


def fake_value(entity: str, value: str, rng: random.Random) -> str:
    """A generated value of the same kind and length as `value`."""
    if entity == "PERSON":
        return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(max(1, len(value) - 1)))
    if entity == "EMAIL_ADDRESS":
        return "office@example.edu.cn"
    return "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in value)


def pseudonymise(text: str, keep: list[str], rng: random.Random) -> str:
    """`text` with found people and identifiers replaced, except inside the `keep` substrings."""
    from screening.api import scan_text

    kept = [(text.index(k), text.index(k) + len(k)) for k in keep if k in text]
    findings = [
        f for f in scan_text(text, policy="strict", show_values=True).findings
        if f.entity_type in REPLACED and not any(f.start < end and start < f.end for start, end in kept)
    ]
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + fake_value(finding.entity_type, finding.text, rng) + text[finding.end :]
    return text


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)}")


def later_notices(raw: Path, fresh) -> list[dict]:
    """The notice collections made after the first sets, each pseudonymised with its own random
    generator, so adding one never changes the generated names of the others."""
    rows = []
    for split, name in (("holdout2", "notices_holdout2.jsonl"),):
        rng = random.Random(split)
        rows += [
            {"url": row["url"], "split": split, "title": row.get("title", ""), "label": row["label"],
             "text": pseudonymise(row["text"], [], rng)}
            for row in fresh(read_jsonl(raw / name))
        ] if (raw / name).exists() else []
    return rows


def main() -> int:
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "devdata"
    rng = random.Random(13)
    seen: set[str] = set()

    def fresh(rows: list[dict]) -> list[dict]:
        out = []
        for row in rows:
            if row["url"] not in seen and row.get("text", "").strip():
                seen.add(row["url"])
                out.append(row)
        return out

    hacked = []
    for row in fresh(read_jsonl(raw / "hacked_pages.jsonl")):
        spam = [s for s in row["spam"] if s and s in row["text"]]
        if spam:
            hacked.append({"url": row["url"], "split": split_of(row["url"]), "shape": row["shape"], "spam": spam,
                           "text": pseudonymise(row["text"], spam, rng)})
    clean = [
        {"url": row["url"], "split": split_of(row["url"]), "kind": kind, "text": pseudonymise(row["text"], [], rng)}
        for name, kind in (("hard_negatives.jsonl", "hard-negative"), ("clean_pages.jsonl", "clean"))
        for row in fresh(read_jsonl(raw / name))
    ]
    notices = [
        {"url": row["url"], "split": "test" if split_of(row["url"]) == "test" else "dev", "title": row.get("title", ""),
         "label": row["label"],
         "text": pseudonymise(row["text"], [], rng)}
        for row in fresh(read_jsonl(raw / "notices.jsonl"))
    ] + [
        {"url": row["url"], "split": "holdout", "title": row.get("title", ""), "label": row["label"],
         "text": pseudonymise(row["text"], [], rng)}
        for row in fresh(read_jsonl(raw / "notices_holdout.jsonl"))
    ] + later_notices(raw, fresh)
    write_jsonl(ROOT / "bench" / "data" / "spam" / "hacked.jsonl", hacked)
    write_jsonl(ROOT / "bench" / "data" / "spam" / "clean.jsonl", clean)
    write_jsonl(ROOT / "bench" / "data" / "notices.jsonl", notices)
    return 0


if __name__ == "__main__":
    sys.exit(main())
