"""The desk's document page for a 50-page docx: upload it, then time GET /desk/documents/N, on loopback.

    python bench/desk_document.py [--pages 50] [--requests 30]

What is measured, and why this way:
- A generated docx of `--pages` pages as an office drafts a long 公示: each page a heading, eight
  paragraphs of notice text (one with a contact line) and a table of ten students (姓名, 学校, 身份证号,
  家庭情况) — generated names and IDs with valid check digits, one page break after each page.
- `screening serve` runs as its own process on 127.0.0.1 with a fresh SQLite ledger; an author uploads
  the draft through /desk/upload (the scan runs in the service's reader process; its time is reported
  apart), then a reviewer opens the document page `--requests` times: the text as read with every
  finding highlighted in place, the findings table with their chains and forms, the history.
Goal (issue 15): the document page of a 50-page docx under 1 s after its scan.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.desk_queue import PASSWORD, served, summary, time_page  # noqa: E402

GOAL_MS = 1000.0
SURNAMES, GIVEN = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


def long_draft(path: Path, pages: int) -> int:
    """Write the docx; returns how many students it lists."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from conftest import make_id

    document = Document()
    students = 0
    for page in range(pages):
        document.add_heading(f"2024年秋季学期国家助学金拟资助学生名单公示（第{page + 1}页）", level=2)
        for n in range(8):
            text = (f"根据《学生资助资金管理办法》，经学生本人申请、班级评议、学校审核，现将第{page + 1}批第{n + 1}组拟资助学生名单予以公示，"
                    "公示期为五个工作日。如有异议，请在公示期内向学校学生资助管理中心反映。")
            if n == 7:
                text += f"联系人：资助中心办公室，联系电话：0551-628{page:02d}{n:03d}。"
            document.add_paragraph(text)
        table = document.add_table(rows=1, cols=4)
        for cell, header in zip(table.rows[0].cells, ("姓名", "学校", "身份证号", "家庭情况")):
            cell.text = header
        for row in range(10):
            index = page * 10 + row
            cells = table.add_row().cells
            cells[0].text = SURNAMES[index % len(SURNAMES)] + GIVEN[(index // 20) % len(GIVEN)] + GIVEN[(index * 7) % len(GIVEN)]
            cells[1].text = f"第{page % 9 + 1}中学"
            cells[2].text = make_id(birth=f"2010{(index % 12) + 1:02d}{(index % 28) + 1:02d}", sequence=f"{index % 1000:03d}")
            cells[3].text = ("建档立卡", "低保家庭", "残疾人家庭", "单亲家庭", "无")[index % 5]
            students += 1
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(path)
    return students


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--requests", type=int, default=30)
    options = parser.parse_args()
    from screening.workflow.accounts import add_account
    from screening.workflow.ledger import Ledger

    with tempfile.TemporaryDirectory(prefix="desk-document-") as folder:
        draft = Path(folder) / "资助名单.docx"
        students = long_draft(draft, options.pages)
        ledger = Path(folder) / "ledger.sqlite3"
        with Ledger.open(ledger) as opened:
            add_account(opened, "李拟稿", "author", "学生资助中心", PASSWORD)
            add_account(opened, "王科员", "reviewer", "学生资助中心", PASSWORD)
        print(f"draft: {options.pages} pages, {students} students, {draft.stat().st_size / 1024:.0f} KB")
        with served(ledger, "李拟稿") as author:
            csrf = re.search(r'name="csrf" value="([^"]+)"', author.get("/desk/").text).group(1)
            started = time.perf_counter()
            answer = author.post("/desk/upload", data={"csrf": csrf}, files={"file": (draft.name, draft.read_bytes())})
            upload_ms = (time.perf_counter() - started) * 1000
            assert answer.status_code == 303, answer.status_code
            url = answer.headers["location"]
        with served(ledger, "王科员") as reviewer:
            started = time.perf_counter()
            page = reviewer.get(url)
            first_ms = (time.perf_counter() - started) * 1000
            findings, highlighted = page.text.count('<tr id="f-'), page.text.count('class="hit ')
            print(f"upload (scan, text view, ledger): {upload_ms:.0f} ms; the page: {len(page.text) / 1024:.0f} KB, "
                  f"{findings} findings, {highlighted} highlighted in place")
            print(f"{url}: first request {first_ms:.0f} ms, then {summary(time_page(reviewer, url, options.requests))}"
                  f"  (goal < {GOAL_MS:.0f} ms)")


if __name__ == "__main__":
    main()
