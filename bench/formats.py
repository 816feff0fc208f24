"""Reading speed and memory per format, on generated documents.

    python bench/formats.py [--only docx,xlsx,pdf,scan,html] [--skip-workers]

Builds, in a temporary folder: a 50-page docx, a 20k-row × 8-column xlsx roster, a
100-page text PDF, 10 scanned pages (PNG, drawn with a CJK font), and an HTML page.
For each it measures, in a fresh child process each time (engine loaded first):

- read: the reader alone (open_document, every piece of extracted text), MB/s and chars/s;
- scan: reader + screening (scan_path), chars/s, and the process's peak RSS;
- workers: a folder of 6 copies scanned by the CLI with --workers 1 and --workers 2.

Goals (issue 3): text formats extract at >= 5 MB/s per worker; a 20k-row sheet in under
5 s; memory bounded by the largest single file.
"""

from __future__ import annotations

import argparse
import json
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

from bench.corpus import _Gen, generate_throughput_corpus

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
PAGE_CHARS = 900  # a page of Chinese body text
COPIES = 6  # files in the folder of the workers comparison


def prose(chars: int, seed: int = 11) -> list[str]:
    """Paragraphs of realistic disclosure text (about 10% personal lists) totalling `chars`."""
    lines: list[str] = []
    for document in generate_throughput_corpus(chars, seed=seed):
        lines.extend(line for line in document.splitlines() if line.strip())
    return lines


def make_docx(path: Path, pages: int = 50) -> None:
    import docx

    document = docx.Document()
    for line in prose(pages * PAGE_CHARS):
        document.add_paragraph(line)
    gen = _Gen(random.Random(3))
    table = document.add_table(rows=1, cols=4)
    for column, label in enumerate(["姓名", "身份证号", "联系电话", "家庭住址"]):
        table.rows[0].cells[column].text = label
    for _ in range(200):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text, cells[3].text = gen.person_name(), gen.resident_id(), gen.mobile(), gen.address()
    document.save(path)


def make_xlsx(path: Path, rows: int = 20_000) -> None:
    from openpyxl import Workbook

    gen = _Gen(random.Random(5))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("名单")
    sheet.append(["序号", "姓名", "性别", "学校", "身份证号", "联系电话", "资助金额", "备注"])
    for number in range(1, rows + 1):
        sheet.append([number, gen.person_name(), gen.gender(), gen.local_school(), gen.resident_id(), gen.mobile(), 2500, ""])
    workbook.save(path)


def make_pdf(path: Path, pages: int = 100) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = iter(prose(pages * PAGE_CHARS))
    pdf = canvas.Canvas(str(path))
    for _ in range(pages):
        pdf.setFont("STSong-Light", 10.5)
        y = 800
        while y > 60:
            line = next(lines, "")
            for start in range(0, max(len(line), 1), 45):
                pdf.drawString(50, y, line[start : start + 45])
                y -= 16
        pdf.showPage()
    pdf.save()


def make_scans(path: Path, pages: int = 10) -> None:
    """A multi-page TIFF of scanned pages (how scanners deliver a bundle)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), 28)
    lines = iter(prose(pages * 4000, seed=5))
    images = []
    for _ in range(pages):
        image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(image)
        for row in range(30):
            draw.text((80, 80 + row * 52), next(lines, "")[:38], font=font, fill=0)
        images.append(image)
    images[0].save(path, save_all=True, append_images=images[1:], compression="tiff_deflate")


def make_html(path: Path) -> None:
    body = "\n".join(f"<p>{line}</p>" for line in prose(2_000_000))
    path.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>信息公开</title></head><body>{body}</body></html>", encoding="utf-8")


MEASURE = """
import json, resource, sys, time
import screening
from screening.sources import Limits, open_document
path, ocr = sys.argv[1], sys.argv[2]
screening.scan_text("身份证号：340104201003076511，手机13800138000，电话0551-62881234")  # engine and validators loaded
limits = Limits(ocr=ocr)
def read_once():
    started = time.perf_counter()
    with open(path, "rb") as raw:
        document = open_document(raw, path, limits)
        chars = sum(len(text) for _, text in document.pieces())
    return chars, time.perf_counter() - started
chars, cold = read_once()  # includes importing the reader's libraries (and loading OCR models)
read = read_once()[1] if cold < 20 else cold
started = time.perf_counter()
result = screening.scan_path(path, limits=limits)
scan = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"chars": chars, "cold": cold, "read": read, "scan": scan, "rss": rss, "verdict": result.verdict,
                  "findings": len(result.findings) + result.findings_dropped}))
"""


def measure(name: str, target: Path, ocr: str = "auto") -> None:
    """Read alone, then read + screen, in one fresh process after the engine is loaded."""
    out = subprocess.run([sys.executable, "-c", MEASURE, str(target), ocr], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    chars, read, scan = figures["chars"], figures["read"], figures["scan"]
    print(
        f"{name:<10}{chars:>11,}{figures['cold']:>8.2f}{read:>8.2f}{chars * 3 / 2**20 / read:>10.2f}{chars / read:>12,.0f}"
        f"{scan:>8.2f}{chars / scan:>12,.0f}{figures['rss']:>8.0f}{figures['findings']:>10}  {figures['verdict']}"
    )


def measure_workers(name: str, target: Path, folder: Path) -> None:
    """A folder of COPIES copies through the CLI with --workers 1 and 2 (engine load included)."""
    folder.mkdir()
    for copy in range(COPIES):
        shutil.copy(target, folder / f"{copy}{target.suffix}")
    seconds = []
    for workers in ("1", "2"):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "screening", "scan", str(folder), "--format", "json", "--output", os.devnull,
                        "--workers", workers, "--fail-on", "never"], cwd=ROOT, check=True)
        seconds.append(time.perf_counter() - started)
    print(f"{name:<10} {COPIES} files: --workers 1 {seconds[0]:.1f} s, --workers 2 {seconds[1]:.1f} s ({seconds[0] / seconds[1]:.2f}x)")


BUILDERS = {
    "docx": ("50 pages.docx", make_docx),
    "xlsx": ("20k rows.xlsx", make_xlsx),
    "pdf": ("100 pages.pdf", make_pdf),
    "html": ("2M chars.html", make_html),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="docx,xlsx,pdf,html,scan")
    parser.add_argument("--skip-workers", action="store_true")
    args = parser.parse_args()
    wanted = args.only.split(",")
    print("read = open_document + every piece of extracted text, reader alone, second run (cold = first run, with imports);")
    print("MB/s counts 3 bytes a character (UTF-8 Chinese).")
    print("scan = scan_path (reader + screening). One fresh process per file, engine loaded first; RSS = that process's peak.")
    print(f"{'format':<10}{'chars':>11}{'cold s':>8}{'read s':>8}{'MB/s':>10}{'chars/s':>12}{'scan s':>8}{'chars/s':>12}{'RSS MB':>8}{'findings':>10}  verdict")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built: dict[str, Path] = {}
        for name, (filename, build) in BUILDERS.items():
            if name in wanted:
                built[name] = folder / filename
                build(built[name])
                measure(name, built[name])
        if "scan" in wanted:
            if CJK_FONT.exists():
                built["scan"] = folder / "10 scanned pages.tif"
                make_scans(built["scan"])
                measure("scan x10", built["scan"])
            else:
                print("scan: skipped (needs fonts-wqy-microhei to draw the pages)")
        if not args.skip_workers:
            for name, path in built.items():
                measure_workers(name, path, folder / f"copies-{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
