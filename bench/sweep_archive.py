"""First sweep and incremental re-sweep of a generated archive: documents/s, re-sweep time, peak RSS.

    python bench/sweep_archive.py [--sizes 2500,10000] [--workers 1] [--seed 5] [--keep DIR]

What is measured, and why this way:
- The archive is what a school site's CMS export looks like: folders by column and month
  (`xxgk/2023/06/t20230615_123.html`), 2% of the documents with personal data (bench.corpus's
  personal-data templates: rosters with IDs, mobiles, bank cards), the rest ordinary notices
  (bench.corpus's prose templates). Formats: 40% html, 35% txt, 10% docx, 10% xlsx (one table of
  the document's lines), 5% csv. Each document carries a publish date, so retention rules apply.
- Each sweep is `python -m screening sweep DIR --ledger L --format json --output /dev/null` in
  its own process, timed from start to exit (what cron sees, interpreter start and imports
  included); its peak RSS is `ru_maxrss` of that child (wait4), so sizes can be compared.
- Runs per size: the first sweep (empty ledger, every file screened), then a re-sweep of the
  unchanged archive (every file stat'ed, none read). Goals (issue 6): re-sweep ≥ 50× faster
  than the first sweep; peak RSS independent of archive size.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import (
    PERSONAL_TEMPLATES,
    PROSE_TEMPLATES,
    _Gen,
    _pick,
    _render,
    _template_name,
)

FORMATS = (("html", 0.40), ("txt", 0.35), ("docx", 0.10), ("xlsx", 0.10), ("csv", 0.05))
COLUMNS = ("xxgk", "tzgg", "zsxx", "zzgz", "xwdt")
PERSONAL_SHARE = 0.02


def _format(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in FORMATS:
        total += share
        if roll < total:
            return name
    return FORMATS[-1][0]


def _write(path: Path, fmt: str, text: str, published: str) -> None:
    lines = [f"发布日期：{published}", *text.splitlines()]
    if fmt == "txt":
        path.write_text("\n".join(lines), encoding="utf-8")
    elif fmt == "csv":
        path.write_text("\n".join(line.replace(",", "，") for line in lines), encoding="utf-8")
    elif fmt == "html":
        from html import escape

        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        path.write_text(f"<html><head><meta charset='utf-8'><meta name='PubDate' content='{published}'>"
                        f"<title>{escape(lines[1] if len(lines) > 1 else '')}</title></head><body>{body}</body></html>", encoding="utf-8")
    elif fmt == "docx":
        from docx import Document

        document = Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        for line in lines:
            sheet.append(line.split()[:12] or [""])
        workbook.save(path)


def generate_archive(folder: Path, count: int, seed: int) -> dict[str, int]:
    """`count` documents under `folder`; returns how many of each format and how many personal."""
    rng = random.Random(seed)
    generator = _Gen(random.Random(seed))
    tally: dict[str, int] = {}
    for index in range(count):
        personal = rng.random() < PERSONAL_SHARE
        template = _pick(generator, PERSONAL_TEMPLATES if personal else PROSE_TEMPLATES)
        text = _render(generator, template, _template_name(template)).text
        year, month, day = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        fmt = _format(rng)
        target = folder / rng.choice(COLUMNS) / str(year) / f"{month:02d}" / f"t{year}{month:02d}{day:02d}_{index}.{fmt}"
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, fmt, text, f"{year}-{month:02d}-{day:02d}")
        tally[fmt] = tally.get(fmt, 0) + 1
        tally["personal"] = tally.get("personal", 0) + personal
    return tally


def run_sweep(folder: Path, ledger: Path, workers: int) -> tuple[float, float, int]:
    """(seconds, peak RSS MB, exit code) of one `screening sweep` process."""
    command = [sys.executable, "-m", "screening", "sweep", str(folder), "--ledger", str(ledger), "--as-of", "2026-12-01",
               "--format", "json", "--output", os.devnull, "--workers", str(workers)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2500,10000")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Generate (or reuse) the archives under this folder and keep them.")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="sweep-bench-"))
    rows = []
    try:
        for size in (int(part) for part in args.sizes.split(",")):
            folder, ledger = base / f"archive-{size}", base / f"ledger-{size}.sqlite3"
            for stale in base.glob(f"ledger-{size}.sqlite3*"):
                stale.unlink()
            if not folder.exists():
                started = time.perf_counter()
                tally = generate_archive(folder, size, args.seed)
                print(f"generated {size} documents in {time.perf_counter() - started:.1f} s: {tally}", flush=True)
            first = run_sweep(folder, ledger, args.workers)
            print(f"  first sweep {first[0]:.1f} s, {first[1]:.0f} MB, exit {first[2]}", flush=True)
            again = run_sweep(folder, ledger, args.workers)
            print(f"  re-sweep    {again[0]:.1f} s, {again[1]:.0f} MB, exit {again[2]}", flush=True)
            rows.append((size, first, again))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\ncpu count {os.cpu_count()}, workers {args.workers}")
    print(f"{'documents':>9}  {'first s':>8}  {'docs/s':>7}  {'first MB':>8}  {'re-sweep s':>10}  {'re MB':>6}  {'speed-up':>8}")
    for size, first, again in rows:
        print(f"{size:>9,}  {first[0]:>8.1f}  {size / first[0]:>7.1f}  {first[1]:>8.0f}  {again[0]:>10.2f}  {again[1]:>6.0f}  {first[0] / again[0]:>7.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
