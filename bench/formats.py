"""Reading speed and memory per format, on generated documents.

    python bench/formats.py [--only docx,xlsx,pdf,scan,html] [--skip-workers]

Builds, in a temporary folder: a 50-page docx, a 20k-row × 8-column xlsx roster, a
100-page text PDF, 10 scanned pages (PNG, drawn with a CJK font), and an HTML page.
For each it measures, in a fresh child process each time:

- extract: the reader alone (`screening extract`), MB/s of extracted text;
- scan: reader + screening (`screening scan --format json`), chars/s, seconds, peak RSS;
- workers: a folder of 6 copies scanned with --workers 1 and --workers 2, files/s.

Goals (issue 3): text formats extract at >= 5 MB/s per worker; a 20k-row sheet in under
5 s; memory bounded by the largest single file.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
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
    lines = iter(prose(pages * 600, seed=5))
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


def child(args: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS MB, stdout) of `python -m screening ARGS` in a fresh process."""
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        f"out = subprocess.run([sys.executable, '-m', 'screening', *{args!r}], capture_output=True, text=True).stdout;"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024);"
        "print(out, end='')"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    first, _, rest = out.partition("\n")
    seconds, rss = (float(value) for value in first.split())
    return seconds, rss, rest


def startup_seconds(command: str) -> float:
    """Time of `screening COMMAND` on a one-line text file: interpreter, imports, engine load."""
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("通知\n", encoding="utf-8")
        return min(child([command, str(tiny)])[0] for _ in range(2))


def measure(name: str, target: Path, startup: dict[str, float]) -> None:
    extract_seconds, extract_rss, text = child(["extract", str(target)])
    scan_seconds, scan_rss, report = child(["scan", str(target), "--format", "json", "--fail-on", "never"])
    documents = json.loads(report)["documents"]
    chars = sum(document["chars"] for document in documents)
    findings = sum(len(document["findings"]) for document in documents)
    megabytes = len(text.encode("utf-8")) / 2**20
    read_only = max(extract_seconds - startup["extract"], 1e-3)
    print(
        f"{name:<10}{len(documents):>6}{chars:>11,}{extract_seconds:>10.1f}{megabytes / read_only:>11.1f}"
        f"{scan_seconds:>9.1f}{chars / max(scan_seconds - startup['scan'], 1e-3):>13,.0f}{max(extract_rss, scan_rss):>9.0f}{findings:>10}"
    )


def measure_workers(name: str, target: Path, folder: Path) -> None:
    folder.mkdir()
    for copy in range(COPIES):
        shutil.copy(target, folder / f"{copy}{target.suffix}")
    one = child(["scan", str(folder), "--format", "json", "--workers", "1", "--fail-on", "never"])
    two = child(["scan", str(folder), "--format", "json", "--workers", "2", "--fail-on", "never"])
    print(f"{name:<10} {COPIES} copies: --workers 1 {one[0]:.1f} s ({one[1]:.0f} MB); --workers 2 {two[0]:.1f} s ({two[1]:.0f} MB, largest process)")


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
    startup = {command: startup_seconds(command) for command in ("extract", "scan")}
    print(f"start-up, subtracted for rates: extract {startup['extract']:.1f} s, scan {startup['scan']:.1f} s (interpreter, imports, engine)")
    print(f"{'format':<10}{'files':>6}{'chars':>11}{'extract s':>10}{'MB/s read':>11}{'scan s':>9}{'chars/s scan':>13}{'RSS MB':>9}{'findings':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built: dict[str, Path] = {}
        for name, (filename, build) in BUILDERS.items():
            if name in wanted:
                built[name] = folder / filename
                build(built[name])
                measure(name, built[name], startup)
        if "scan" in wanted:
            if CJK_FONT.exists():
                built["scan"] = folder / "10 scanned pages.tif"
                make_scans(built["scan"])
                measure("scan x10", built["scan"], startup)
            else:
                print("scan: skipped (needs fonts-wqy-microhei to draw the pages)")
        if not args.skip_workers:
            for name, path in built.items():
                measure_workers(name, path, folder / f"copies-{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
