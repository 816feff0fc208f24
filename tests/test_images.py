"""Scanned attachments: image files are OCRed (offline), or reported as not screened."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import located, make_id, scan_file

import screening
from screening import Limits
from screening.sources.ocr import OcrBox, lines_of

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_font = pytest.mark.skipif(not CJK_FONT.exists(), reason="needs a CJK font (Debian fonts-wqy-microhei) to draw the scans")


def _page(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(CJK_FONT), 32)
    image = Image.new("L", (1100, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        draw.text((50, 60 + 70 * row), line, font=font, fill=0)
    return image


@needs_font
def test_a_scanned_form_is_read_with_its_labels(tmp_path):
    path = tmp_path / "登记表.png"
    _page(["学生姓名：赵一", "身份证号：" + make_id(), "家长手机：13812345678"]).save(path)
    result = scan_file(path)
    assert result.verdict == "block"
    assert located(result, "CN_RESIDENT_ID") == [(make_id(), {"part": "image-ocr", "line": 2})]
    assert located(result, "CN_MOBILE_PHONE") == [("13812345678", {"part": "image-ocr", "line": 3})]


@needs_font
def test_every_page_of_a_multipage_tiff_is_read(tmp_path):
    path = tmp_path / "扫描件.tif"
    first, second = _page(["关于资助名单的说明"]), _page(["身份证号：" + make_id(sequence="652")])
    first.save(path, save_all=True, append_images=[second])
    ((value, location),) = located(scan_file(path), "CN_RESIDENT_ID")
    assert value == make_id(sequence="652") and location == {"part": "image-ocr", "page": 2, "line": 1}


def test_with_ocr_off_an_image_is_an_error_not_a_pass(tmp_path):
    from PIL import Image

    path = tmp_path / "scan.jpg"
    Image.new("RGB", (800, 600), "white").save(path)
    result = screening.scan_path(path, limits=Limits(ocr="never"))
    assert result.verdict == "error" and "OCR is off" in result.error


def test_ocr_boxes_on_one_row_become_one_line_read_left_to_right():
    boxes = [OcrBox("13812345678", 300, 10, 40, 0.99), OcrBox("联系电话：", 20, 12, 41, 0.99), OcrBox("备注", 20, 80, 110, 0.9)]
    assert lines_of(boxes) == ["联系电话： 13812345678", "备注"]


def _dense_scan(pages: int, lines: int = 40) -> bytes:
    """A multi-page TIFF of full pages of text: seconds of OCR a page on this machine."""
    import io

    drawn = [_page([f"第{page}页第{row}行 关于国家助学金评审工作的说明 联系电话0551-6288{row:04d}" for row in range(lines)])
             for page in range(pages)]
    buffer = io.BytesIO()
    drawn[0].save(buffer, format="TIFF", save_all=True, append_images=drawn[1:], compression="tiff_deflate")
    return buffer.getvalue()


@needs_font
def test_serve_stops_ocr_at_the_time_limit_and_frees_its_slot(tmp_path):
    import time

    import httpx
    from docx import Document
    from live_server import LiveServer

    from screening.service.app import create_app

    notice = tmp_path / "名单.docx"
    document = Document()
    document.add_paragraph("学生赵一 身份证号：" + make_id())
    document.save(notice)
    app = create_app(ledger=str(tmp_path / "l.sqlite3"), timeout=5, concurrency=1)  # one slot: the OCR holds it
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=300) as client:
        started = time.monotonic()
        stopped = client.post("/scan", files={"file": ("扫描件.tif", _dense_scan(pages=6))}).json()["documents"][0]
        elapsed = time.monotonic() - started
        after = client.post("/scan", files={"file": ("名单.docx", notice.read_bytes())}).json()["documents"][0]
    assert stopped["verdict"] == "error" and stopped["error"].startswith("time limit exceeded"), stopped["error"]
    assert elapsed < 15, elapsed  # about the 5 s limit, not the minute six pages of OCR take
    assert after["verdict"] == "block"  # the slot is free again, read by a fresh reader process


@needs_font
def test_a_time_limit_inside_ocr_is_reported_as_such(tmp_path):
    path = tmp_path / "扫描件.tif"
    path.write_bytes(_dense_scan(pages=2))
    result = screening.scan_path(path, limits=Limits(seconds_per_file=1))
    assert result.verdict == "error" and result.error.startswith("time limit exceeded"), result.error
