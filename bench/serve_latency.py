"""Gate latency through the HTTP service: a typical 3-page docx, POST /gate, on loopback.

    python bench/serve_latency.py [--requests 200] [--warmup 10] [--clients 1] [--workers 1] [--docx OUT.docx]

What is measured, and why this way:
- The document is what a CMS sends most: a 3-page 资助公示 docx generated with python-docx (a notice
  of ~2,000 characters, then a table of 20 students with names, colleges, masked IDs, amounts).
  Names are generated (bench/_vocab.py), IDs masked, nothing real.
- `screening serve` runs as its own process (as in production, with a temporary SQLite ledger), so
  the client's timing loop does not share the server's interpreter.
- Each request is timed on the client (upload, scan, ledger write and gate decision, response);
  the server's own share comes from its Server-Timing header: `scan` (reading the docx in a
  reader process, screening it in a worker thread) and `ledger` (recording the scan and deciding the gate). The rest is
  HTTP, multipart parsing and JSON encoding.
- Warm-up requests are not counted (the server warms its engine at startup; these settle caches).
- With --clients N, N clients send at once: in one server process scans share one interpreter, so
  latency grows with N while throughput stays about one core's worth; --workers N runs N server
  processes (one per core), which is what concurrent clients need.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from docx import Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._vocab import COLLEGES, GIVEN_CHARS, HEADINGS, SURNAMES

GOAL_P95_MS = 300.0

PARAGRAPHS = (
    ("根据《学生资助资金管理办法》和《关于进一步加强学生资助信息公开工作的通知》要求，按照公开、公平、公正的原则，"
    "经个人申请、班级民主评议、学院审核、学校学生资助工作领导小组审定，拟确定{n}名同学为{year}年秋季学期国家助学金资助对象，现予以公示。"),
    ("本次评审工作严格执行家庭经济困难学生认定办法，综合考虑学生家庭经济状况、在校表现和实际困难等因素，"
    "分档确定资助标准。一档每生每年4400元，二档每生每年3300元，三档每生每年2200元，资助资金按学期发放至学生本人银行卡。"),
    ("公示期为{year}年10月21日至10月25日（5个工作日）。公示期间，如对公示名单有异议，可通过书面或电话形式向学生资助管理中心反映。"
    "以单位名义反映情况的应加盖公章，以个人名义反映情况的应签署真实姓名，我们将严格保密并及时调查核实。"),
    ("各学院要高度重视学生资助工作，认真做好政策宣传和解释工作，引导受助学生树立感恩意识和诚信意识，"
    "自觉接受监督。对弄虚作假骗取资助资金的，一经查实，立即取消资助资格并追回资助资金，情节严重的依规依纪处理。"),
    ("学校将按照先审后发、一事一审的要求，对拟公开的资助信息进行保密审查和个人信息保护审查，"
    "公示名单仅包含姓名、学院、专业班级和资助档次，不得公开身份证号、手机号码、家庭住址、银行账号及家庭经济困难具体情况等个人敏感信息。"),
    ("全年累计投入各类资助资金1286.5万元，资助学生9342人次，其中国家助学金资助3120人，国家励志奖学金资助486人，"
    "学校勤工助学岗位资助1275人次，临时困难补助资助215人次，实现了家庭经济困难学生资助全覆盖。"),
    ("各学院要加强统筹协调，建立健全学生资助工作长效机制，确保资助资金及时足额发放到位，"
    "并于11月15日前将资助资金发放情况及受助学生签字确认材料报送学生资助管理中心备案。"),
)


def student_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))


def masked_id(rng: random.Random) -> str:
    return "3401" + "*" * 10 + f"{rng.randrange(1000):03d}" + rng.choice("0123456789X")


def make_docx(students: int = 20, seed: int = 5) -> bytes:
    """A 3-page 国家助学金 公示 (A4): notice text, a table of `students`, contact and sign-off."""
    rng = random.Random(seed)
    document = Document()
    document.add_heading("关于2024年秋季学期国家助学金拟资助学生名单的公示", level=1)
    document.add_paragraph("江淮师范学院学生资助管理中心　　　　发布日期：2024年10月21日")
    document.add_paragraph("各学院、各位同学：")
    for number, heading in enumerate(HEADINGS[:6]):
        document.add_heading(f"{'一二三四五六'[number]}、{heading}", level=2)
        for text in rng.sample(PARAGRAPHS, 2):
            document.add_paragraph(text.format(n=students, year=2024))
    document.add_paragraph("附件：2024年秋季学期国家助学金拟资助学生名单")
    table = document.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("序号", "姓名", "性别", "学院", "专业班级", "身份证号", "资助档次", "金额（元）")):
        cell.text = title
    for row in range(1, students + 1):
        level = rng.choice(("一档", "二档", "三档"))
        values = (str(row), student_name(rng), rng.choice("男女"), rng.choice(COLLEGES), f"{rng.choice(('汉语言文学', '数学与应用数学', '计算机科学与技术', '会计学'))}{rng.randint(2021, 2024)}级{rng.randint(1, 4)}班",
                  masked_id(rng), level, {"一档": "4400", "二档": "3300", "三档": "2200"}[level])
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    document.add_paragraph("联系人：学生资助管理中心　联系电话：0551-62881234　电子邮箱：xszz@jhnu.edu.cn")
    document.add_paragraph("江淮师范学院学生资助管理中心")
    document.add_paragraph("2024年10月21日")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, ledger: Path, log, workers: int = 1) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "screening", "serve", "--port", str(port), "--ledger", str(ledger), "--workers", str(workers)],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "SCREENING_TOKEN"},
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).raise_for_status()
            return process
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"screening serve did not start; see {log.name}") from None
            time.sleep(0.2)


def server_timing(header: str) -> dict[str, float]:
    """'scan;dur=12.3, ledger;dur=4.5' -> {'scan': 12.3, 'ledger': 4.5}"""
    timings = {}
    for part in header.split(","):
        name, _, duration = part.strip().partition(";dur=")
        timings[name] = float(duration)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_client(url: str, data: bytes, count: int) -> list[tuple[float, dict[str, float], dict]]:
    samples = []
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(count):
            started = time.perf_counter()
            response = client.post("/gate", files={"file": ("资助公示.docx", data)})
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            samples.append((elapsed, server_timing(response.headers["server-timing"]), response.json()))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--clients", type=int, default=1, help="clients sending at once (each sends requests/clients)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (screening serve --workers)")
    parser.add_argument("--docx", type=Path, help="also save the generated document here")
    args = parser.parse_args()

    data = make_docx()
    if args.docx:
        args.docx.write_bytes(data)
    with tempfile.TemporaryDirectory() as work, open(Path(work) / "serve.log", "w") as log:
        port = free_port()
        server = start_server(port, Path(work) / "ledger.sqlite3", log, args.workers)
        url = f"http://127.0.0.1:{port}"
        try:
            first = run_client(url, data, max(1, args.warmup))[-1][2]
            started = time.perf_counter()
            per_client = max(1, args.requests // args.clients)
            with ThreadPoolExecutor(args.clients) as pool:
                batches = list(pool.map(lambda _: run_client(url, data, per_client), range(args.clients)))
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
    samples = [sample for batch in batches for sample in batch]
    document = first["document"]
    counts = {action: sum(1 for f in document["findings"] if f["action"] == action) for action in ("block", "review", "allow")}
    print(f"POST /gate, generated 3-page docx: {len(data) / 1024:.0f} KB, {document['chars']} chars, verdict {document['verdict']}, "
          f"passed {first['passed']}, findings {counts}")
    print(f"{len(samples)} requests after {args.warmup} warm-up, {args.clients} client(s), loopback; "
          f"{len(samples) / wall:.1f} requests/s; {os.cpu_count()} cores (shared)")
    rows = {
        "client round trip": [elapsed for elapsed, _, _ in samples],
        "server: scan": [timing["scan"] for _, timing, _ in samples],
        "server: ledger + gate": [timing["ledger"] for _, timing, _ in samples],
        "HTTP, multipart, JSON": [elapsed - timing["scan"] - timing["ledger"] for elapsed, timing, _ in samples],
    }
    print(f"{'ms':<24}{'p50':>8}{'p95':>8}{'p99':>8}{'mean':>8}{'max':>8}")
    for label, values in rows.items():
        print(f"{label:<24}" + "".join(f"{value:8.1f}" for value in (
            percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99), statistics.fmean(values), max(values))))
    outcomes = {(body["passed"], body["verdict"], len(body["document"]["findings"])) for _, _, body in samples}
    print("every answer the same:", "yes" if len(outcomes) == 1 else f"NO: {sorted(outcomes)}")  # concurrent scans agree
    p95 = percentile(rows["client round trip"], 0.95)
    print(f"goal: p95 < {GOAL_P95_MS:.0f} ms: {'met' if p95 < GOAL_P95_MS else 'NOT met'} ({p95:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
