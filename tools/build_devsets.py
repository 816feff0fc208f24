"""Build the committed development sets of real pages from collected raw pages, pseudonymised.

    python tools/build_devsets.py RAW_DIR             # rebuild every set
    python tools/build_devsets.py RAW_DIR --append    # add only the rows not committed yet

RAW_DIR holds what was collected from the search tool's stored public web pages (not committed):
``hacked_pages.jsonl`` (url, text, shape, spam: the marked spam substrings), ``hard_negatives.jsonl``
and ``clean_pages.jsonl`` (url, text), ``notices.jsonl``, ``notices_holdout.jsonl``, ``notices_holdout2.jsonl``, ``notices_c3.jsonl`` to ``notices_c7.jsonl`` (url, title, text, label). Written:

- ``bench/data/spam/hacked.jsonl`` and ``bench/data/spam/clean.jsonl``: the spam detector's
  development set, each page with a ``split`` (train / dev / test) decided by a hash of its
  site, so one site's pages never sit on both sides;
- ``bench/data/notices.jsonl``: the category classifier's labelled real notices, split by site
  into ``dev`` (read when the keyword table is amended) and ``test`` (held out), plus later
  collections: ``holdout`` (``notices_holdout.jsonl``, 111 notices, read while tuning from session 5
  on), ``holdout2`` (``notices_holdout2.jsonl``, collected then and never read while tuning), and
  ``train3`` / ``test3`` (``notices_c3.jsonl`` to ``notices_c7.jsonl``, collected in 2026-12 to train the
  category model, labelled by what the document is; split by site).

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


def hacked_row(row: dict, rng: random.Random) -> dict | None:
    spam = [s for s in row["spam"] if s and s in row["text"]]
    if not spam:
        return None
    return {"url": row["url"], "split": split_of(row["url"]), "shape": row["shape"], "spam": spam,
            "text": pseudonymise(row["text"], spam, rng)}


def clean_row(row: dict, kind: str, rng: random.Random) -> dict:
    return {"url": row["url"], "split": split_of(row["url"]), "kind": kind, "text": pseudonymise(row["text"], [], rng)}


def notice_row(row: dict, split: str | None, rng: random.Random) -> dict:
    """A labelled notice; `split` None: dev or test by its site."""
    split = split or ("test" if split_of(row["url"]) == "test" else "dev")
    return {"url": row["url"], "split": split, "title": row.get("title", ""), "label": row["label"],
            "text": pseudonymise(row["text"], [], rng)}


def collection3_row(row: dict, rng: random.Random) -> dict:
    """A notice of the third collection (2026-12, labelled by what the document is, for training the
    category model): ``test3`` by its site hash unless its site already holds notices of another
    split, which then keep it on the training side (``train3``)."""
    test = split_of(row["url"]) == "test" and site_of(row["url"]) not in _committed_notice_sites()
    return notice_row(row, "test3" if test else "train3", rng)


def _committed_notice_sites() -> set[str]:
    if not hasattr(_committed_notice_sites, "sites"):
        committed = read_jsonl(ROOT / "bench" / "data" / "notices.jsonl")
        _committed_notice_sites.sites = {site_of(row["url"]) for row in committed if row["split"] not in ("train3", "test3")}
    return _committed_notice_sites.sites


# raw file -> (committed file, how a row is built); notices: their split
SOURCES = (
    ("hacked_pages.jsonl", "spam/hacked.jsonl", lambda row, rng: hacked_row(row, rng)),
    ("hard_negatives.jsonl", "spam/clean.jsonl", lambda row, rng: clean_row(row, "hard-negative", rng)),
    ("clean_pages.jsonl", "spam/clean.jsonl", lambda row, rng: clean_row(row, "clean", rng)),
    ("notices.jsonl", "notices.jsonl", lambda row, rng: notice_row(row, None, rng)),
    ("notices_holdout.jsonl", "notices.jsonl", lambda row, rng: notice_row(row, "holdout", rng)),
    ("notices_holdout2.jsonl", "notices.jsonl", lambda row, rng: notice_row(row, "holdout2", rng)),
    ("notices_c3.jsonl", "notices.jsonl", collection3_row),
    ("notices_c4.jsonl", "notices.jsonl", collection3_row),  # the same kind, a second helper's
    ("notices_c5.jsonl", "notices.jsonl", collection3_row),  # session 9's two collections, the same kind
    ("notices_c6.jsonl", "notices.jsonl", collection3_row),
    ("notices_c7.jsonl", "notices.jsonl", collection3_row),  # session 10's: penalty, personnel, review, hard general
)
# Collections whose rows draw from a generator of their own (seeded by the URL): adding one leaves the others as they were.
OWN_GENERATOR = frozenset({"notices_holdout2.jsonl", *(f"notices_c{n}.jsonl" for n in range(3, 8))})


def append_new(raw: Path) -> int:
    """Add to the committed sets only the raw rows they do not hold yet, each pseudonymised with a
    generator seeded by its URL: the committed rows stay byte for byte (a full rebuild would
    draw new generated names wherever the engine's findings changed since)."""
    data = ROOT / "bench" / "data"
    seen = {row["url"] for _, target, _ in SOURCES for row in read_jsonl(data / target)}
    added: dict[str, list[dict]] = {}
    for source, target, build in SOURCES:
        for row in read_jsonl(raw / source):
            if row["url"] in seen or not row.get("text", "").strip():
                continue
            seen.add(row["url"])
            if (built := build(row, random.Random(row["url"]))) is not None:
                added.setdefault(target, []).append(built)
    for target, rows in added.items():
        with open(data / target, "a", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        print(f"{(data / target).relative_to(ROOT)}: +{len(rows)}")
    return 0


def main() -> int:
    if "--append" in sys.argv[1:]:
        args = [a for a in sys.argv[1:] if a != "--append"]
        return append_new(Path(args[0]) if args else ROOT.parent / "devdata")
    raw = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "devdata"
    rng = random.Random(13)
    seen: set[str] = set()
    rows: dict[str, list[dict]] = {"spam/hacked.jsonl": [], "spam/clean.jsonl": [], "notices.jsonl": []}
    for source, target, build in SOURCES:
        for row in read_jsonl(raw / source):
            if row["url"] in seen or not row.get("text", "").strip():
                continue
            seen.add(row["url"])
            if (built := build(row, random.Random(row["url"]) if source in OWN_GENERATOR else rng)) is not None:
                rows[target].append(built)
    for target, built_rows in rows.items():
        write_jsonl(ROOT / "bench" / "data" / target, built_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
