"""Site sweep of a generated fixture site on 127.0.0.1: pages/s at the configured rate limit, and unlimited.

    python bench/crawl_site.py [--pages 100] [--rates 2,10,0] [--attachments-every 10]

What is measured, and why this way:
- A school site is served from 127.0.0.1 (tests/site_server.py, http.server in a thread): an index of column pages, each
  listing notices (html, ~1.5 k characters of bench.corpus prose, 2% with personal data), every
  `--attachments-every`-th notice with a csv attachment. Nothing leaves the machine.
- For each rate (requests per second; 0 = no limit) a fresh `python -m screening sweep URL --rate R`
  runs in its own process: pages/s = items fetched (pages + attachments) / wall time of the crawl
  phase, taken from the sweep's own start/finish times; the process time (imports, model load) is
  shown apart. Then a re-sweep of the unchanged site at the same rate: attachments answer 304,
  pages are fetched again and matched by sha256, nothing is screened.
- At a politeness limit the crawl should run at that limit (the crawler waits between request
  starts); unlimited shows what fetching plus screening costs per page.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import PERSONAL_TEMPLATES, PROSE_TEMPLATES, _Gen, _pick, _render
from tests.site_server import serve_pages


def build_site(pages: int, attachments_every: int, seed: int) -> dict[str, tuple[bytes, str, str | None]]:
    rng, generator = random.Random(seed), _Gen(random.Random(seed))
    site: dict[str, tuple[bytes, str, str | None]] = {"/robots.txt": (b"User-agent: *\nAllow: /\n", "text/plain", None)}
    columns: dict[str, list[str]] = {}
    for index in range(pages):
        personal = rng.random() < 0.02
        text = _render(generator, _pick(generator, PERSONAL_TEMPLATES if personal else PROSE_TEMPLATES), "n").text
        column = f"col{index % 10}"
        path = f"/{column}/t2024{index % 12 + 1:02d}01_{index}.html"
        body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
        if index % attachments_every == 0:
            attachment = f"/files/{index}.csv"
            site[attachment] = ("序号,事项\n1,通知\n".encode(), "text/csv", f'"{index}"')
            body += f"<a href='{attachment}'>附件</a>"
        site[path] = (f"<html><head><meta charset='utf-8'><meta name='PubDate' content='2024-{index % 12 + 1:02d}-01'>"
                      f"</head><body>{body}</body></html>".encode(), "text/html; charset=utf-8", None)
        columns.setdefault(column, []).append(path)
    for column, paths in columns.items():
        links = "".join(f"<li><a href='{path}'>{path}</a></li>" for path in paths)
        site[f"/{column}/"] = (f"<html><body><ul>{links}</ul></body></html>".encode(), "text/html; charset=utf-8", None)
    site["/"] = ("<html><body>" + "".join(f"<a href='/{column}/'>{column}</a>" for column in columns) + "</body></html>").encode(), \
        "text/html; charset=utf-8", None
    return site


def sweep_once(url: str, ledger: Path, rate: float, max_pages: int) -> tuple[float, float, dict]:
    """(process seconds, crawl-phase seconds, counts) of one `screening sweep` of the site."""
    report = ledger.with_suffix(".json")
    command = [sys.executable, "-m", "screening", "sweep", url, "--ledger", str(ledger), "--format", "json", "--output", str(report),
               "--rate", str(rate or 1000), "--max-pages", str(max_pages), "--as-of", "2026-12-01"]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    seconds = time.perf_counter() - started
    data = json.loads(report.read_text(encoding="utf-8"))["sweep"]
    phase = (datetime.fromisoformat(data["finished_at"]) - datetime.fromisoformat(data["started_at"])).total_seconds()
    return seconds, phase, data["counts"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--rates", default="2,10,0")
    parser.add_argument("--attachments-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    site = build_site(args.pages, args.attachments_every, args.seed)
    server, url = serve_pages(site)
    items = len(site) - 1  # robots.txt is fetched but not an item
    print(f"fixture site: {items} items ({args.pages} notices, {sum(1 for k in site if k.startswith('/files/'))} attachments) at {url}")
    print(f"{'rate/s':>7}  {'run':>8}  {'process s':>9}  {'crawl s':>8}  {'items/s':>8}  counts")
    with tempfile.TemporaryDirectory() as folder:
        for rate in (float(part) for part in args.rates.split(",")):
            ledger = Path(folder) / f"ledger-{rate}.sqlite3"
            for run in ("first", "re-sweep"):
                seconds, phase, counts = sweep_once(url, ledger, rate, args.pages * 2)
                fetched = counts["seen"] + counts["skipped"]
                print(f"{rate or 'none':>7}  {run:>8}  {seconds:>9.1f}  {phase:>8.1f}  {fetched / max(phase, 0.001):>8.1f}  "
                      f"seen {counts['seen']}, screened {counts['screened']}, unchanged {counts['unchanged']}", flush=True)
    server.shutdown()
    print(f"\ncpu count {os.cpu_count()}; crawl s = the sweep's own started_at → finished_at (ms resolution)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
