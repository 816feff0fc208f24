"""PDF files: page text and tables with page/line locations, text under redaction boxes
and annotations, annotation notes and form values, properties, scans (OCR), and files
that cannot be read — encrypted, truncated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import screening
from screening import Limits
from tests.conftest import extracted_text, located, make_id, scan_file

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "STSong-Light"  # reportlab's built-in CID font: no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _sections(path: Path) -> list[tuple[str, str]]:
    from screening.sources import open_document

    with open(path, "rb") as raw:
        return [(section.location.part, section.text) for section in open_document(raw, str(path)).sections]


def _canvas(path: Path, **kwargs) -> canvas.Canvas:
    pdf = canvas.Canvas(str(path), **kwargs)
    pdf.setFont(FONT, 12)
    return pdf


def _write_lines(pdf: canvas.Canvas, lines: list[str], top: float = 800) -> None:
    for index, line in enumerate(lines):
        pdf.drawString(72, top - 20 * index, line)


def _two_page_notice(path: Path) -> dict[str, str]:
    values = {"page2": make_id(sequence="652"), "row1": make_id(), "row2": make_id(sequence="653")}
    pdf = _canvas(path)
    pdf.setAuthor("王某某")
    pdf.setTitle("拟资助名单公示")
    _write_lines(pdf, ["关于2024年国家助学金拟资助名单的公示", "经学校评审，拟资助以下学生："])
    # A table: a header row, then rows of cells in separate columns; the last cell of the
    # last row sits a little lower, as cells vertically centred in a row do.
    rows = [("序号", "姓名", "身份证号", "联系电话"), ("1", "赵一", values["row1"], "13812345678"), ("2", "钱二", values["row2"], "13912345678")]
    for row, cells in enumerate(rows):
        for x, cell in zip((72, 110, 180, 360), cells):
            pdf.drawString(x, 740 - 22 * row - (1.5 if cell == "13912345678" else 0), cell)
    pdf.showPage()
    pdf.setFont(FONT, 12)
    _write_lines(pdf, ["联系人：学生资助管理中心", "地址：某市某区某路1号", "经办人身份证号：" + values["page2"]])
    pdf.showPage()
    pdf.save()
    return values


def test_values_are_found_with_their_page_and_line(tmp_path):
    path = tmp_path / "公示.pdf"
    values = _two_page_notice(path)
    result = scan_file(path)
    assert result.verdict == "block"
    ids = dict(located(result, "CN_RESIDENT_ID"))
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert ids[values["page2"]] == {"part": "body", "page": 2, "line": 3}
    assert ids[values["row1"]] == {"part": "body", "page": 1, "line": 4}
    assert ids[values["row2"]] == {"part": "body", "page": 1, "line": 5}
    assert phones["13812345678"] == {"part": "body", "page": 1, "line": 4}


def test_a_table_row_stays_on_one_line(tmp_path):
    path = tmp_path / "a.pdf"
    values = _two_page_notice(path)
    lines = extracted_text(path).splitlines()
    assert "序号 姓名 身份证号 联系电话" in lines
    assert f"1 赵一 {values['row1']} 13812345678" in lines
    assert f"2 钱二 {values['row2']} 13912345678" in lines


def test_document_properties_are_read_as_metadata(tmp_path):
    path = tmp_path / "a.pdf"
    _two_page_notice(path)
    text = extracted_text(path)
    assert "author: 王某某" in text and "title: 拟资助名单公示" in text


def test_text_under_a_black_box_is_covered_text_and_blocks(tmp_path):
    """"Redacted" by drawing a black rectangle over the number: it is still in the file."""
    covered = make_id(sequence="654")
    pdf = _canvas(tmp_path / "a.pdf")
    _write_lines(pdf, ["行政处罚决定书", "当事人身份证号：" + covered])
    label_width = pdfmetrics.stringWidth("当事人身份证号：", FONT, 12)
    pdf.rect(72 + label_width - 1, 776, pdfmetrics.stringWidth(covered, FONT, 12) + 2, 17, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    result = scan_file(tmp_path / "a.pdf")
    ((value, location),) = located(result, "CN_RESIDENT_ID")
    assert value == covered and location == {"part": "covered-text", "page": 1, "line": 2}
    assert result.verdict == "block"
    assert not [text for part, text in _sections(tmp_path / "a.pdf") if part == "body" and covered in text]  # counted once


def test_a_box_over_the_birth_date_leaves_the_whole_id_in_the_file(tmp_path):
    """Masked by hand: a black box over digits 7–14. The ID is reported whole, as covered."""
    value = make_id(sequence="658")
    pdf = _canvas(tmp_path / "a.pdf")
    _write_lines(pdf, ["身份证号：" + value + " 联系电话：13712345678"])
    digit = pdfmetrics.stringWidth("0", FONT, 12)
    pdf.rect(72 + pdfmetrics.stringWidth("身份证号：", FONT, 12) + 6 * digit, 796, 8 * digit, 17, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    result = scan_file(tmp_path / "a.pdf")
    assert located(result, "CN_RESIDENT_ID") == [(value, {"part": "covered-text", "page": 1, "line": 1})]
    assert located(result, "CN_MOBILE_PHONE") == [("13712345678", {"part": "body", "page": 1, "line": 1})]


def test_shaded_cells_and_white_on_dark_headers_are_visible_text(tmp_path):
    """A background drawn before the text hides nothing unless the text is the same colour."""
    pdf = _canvas(tmp_path / "a.pdf")
    pdf.setFillGray(0.85)
    pdf.rect(70, 795, 400, 18, stroke=0, fill=1)  # light grey row shading
    pdf.setFillGray(0.1)
    pdf.rect(70, 775, 400, 18, stroke=0, fill=1)  # a dark header bar …
    pdf.setFillGray(1)
    pdf.drawString(72, 780, "联系电话 13712345678")  # … with white text on it
    pdf.setFillGray(0)
    pdf.drawString(72, 800, "身份证号 " + make_id())
    pdf.rect(70, 755, 400, 18, stroke=0, fill=1)  # black shading …
    pdf.drawString(72, 760, "备用电话 13612345678")  # … under black text: invisible
    pdf.showPage()
    pdf.save()
    result = scan_file(tmp_path / "a.pdf")
    assert dict(located(result, "CN_RESIDENT_ID"))[make_id()]["part"] == "body"
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert phones["13712345678"]["part"] == "body"
    assert phones["13612345678"]["part"] == "covered-text"


def _handmade_pdf(content: bytes, annotations: list[bytes]) -> bytes:
    """A one-page PDF (Helvetica) with raw annotation dictionaries: reportlab and PDFium
    cannot make Redact annotations."""
    count = len(annotations)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R"
        + b" /Annots [" + b" ".join(b"%d 0 R" % (6 + i) for i in range(count)) + b"] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *annotations,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_annotations_redact_boxes_notes_and_light_highlights(tmp_path):
    first, second = make_id(sequence="655"), make_id(sequence="656")
    content = (
        b"BT /F1 12 Tf 72 800 Td (ID " + first.encode() + b") Tj 0 -20 Td (ID " + second.encode()
        + b") Tj 0 -20 Td (Tel 13512345678) Tj ET"
    )
    path = tmp_path / "annotated.pdf"
    path.write_bytes(_handmade_pdf(content, [
        b"<< /Type /Annot /Subtype /Redact /Rect [90 795 200 812] >>",  # marked, not applied
        b"<< /Type /Annot /Subtype /Square /Rect [90 775 200 792] /IC [0 0 0] >>",  # a black box
        b"<< /Type /Annot /Subtype /Highlight /Rect [90 755 200 772] /C [1 1 0] >>",  # yellow: still visible
        b"<< /Type /Annot /Subtype /Text /Rect [400 800 420 820] /Contents <FEFF%s> >>" % "家长电话 13712345678".encode("utf-16-be").hex().encode(),
    ]))
    result = scan_file(path)
    ids = dict(located(result, "CN_RESIDENT_ID"))
    assert ids[first] == {"part": "covered-text", "page": 1, "line": 1}
    assert ids[second] == {"part": "covered-text", "page": 1, "line": 2}
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert phones["13512345678"] == {"part": "body", "page": 1, "line": 3}
    assert phones["13712345678"] == {"part": "comment", "page": 1, "line": 1}  # 家长电话 in the note


def test_filled_form_values_are_read(tmp_path):
    path = tmp_path / "form.pdf"
    pdf = _canvas(path)
    _write_lines(pdf, ["申请表", "联系电话："])
    pdf.acroForm.textfield(name="phone", tooltip="联系电话", value="13312345678", x=150, y=770, width=150, height=18)
    pdf.showPage()
    pdf.save()
    result = scan_file(path)
    assert dict(located(result, "CN_MOBILE_PHONE"))["13312345678"]["part"] == "form-field"


def test_encrypted_pdf_is_an_error(tmp_path):
    path = tmp_path / "locked.pdf"
    pdf = _canvas(path, encrypt="pw")
    _write_lines(pdf, ["身份证号：" + make_id()])
    pdf.showPage()
    pdf.save()
    result = screening.scan_path(path)
    assert result.verdict == "error" and "encrypted: cannot be screened" in result.error


def test_a_permissions_only_password_does_not_stop_screening(tmp_path):
    """No copying/printing allowed, but no password to open: the text is readable."""
    path = tmp_path / "no-copy.pdf"
    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0, canPrint=0))
    # Helvetica: reportlab leaves a CID font's CIDSystemInfo strings unencrypted in an
    # encrypted file, so pdfminer (rightly) decrypts them to garbage.
    pdf.setFont("Helvetica", 12)
    _write_lines(pdf, ["ID: " + make_id()])
    pdf.showPage()
    pdf.save()
    assert [value for value, _ in located(scan_file(path), "CN_RESIDENT_ID")] == [make_id()]


def test_truncated_and_corrupt_pdfs_are_errors(tmp_path):
    path = tmp_path / "a.pdf"
    _two_page_notice(path)
    data = path.read_bytes()
    for name, content in (("truncated.pdf", data[: len(data) // 2]), ("tail-cut.pdf", data[:-40]), ("junk.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50)):
        (tmp_path / name).write_bytes(content)
        result = screening.scan_path(tmp_path / name)
        assert result.verdict == "error", name
        assert "pdf" in result.error


def test_pages_come_one_by_one_in_order(tmp_path):
    """The sections are a generator over the pages (memory stays bounded on long files):
    page 1 comes first, before the rest is read, and every page is there in order."""
    from screening.sources import open_document

    path = tmp_path / "long.pdf"
    pdf = _canvas(path)
    for page in range(30):
        _write_lines(pdf, [f"第{page + 1}页"])
        pdf.showPage()
        pdf.setFont(FONT, 12)
    pdf.save()
    with open(path, "rb") as raw:
        sections = open_document(raw, "long.pdf").sections
        first = next(sections)
        assert first.text == "第1页" and first.location.page == 1
        sections.close()  # its finally closes the pdf
    with open(path, "rb") as raw:
        pages = [s.location.page for s in open_document(raw, "long.pdf").sections if s.location.part == "body"]
    assert pages == list(range(1, 31))


def _scan_image(text: str, size: tuple[int, int] = (1240, 1754)):
    from PIL import Image, ImageDraw, ImageFont

    if not CJK_FONT.exists():
        pytest.skip("needs a CJK font (Debian fonts-wqy-microhei) to draw the scan")
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).text((80, 200), text, font=ImageFont.truetype(str(CJK_FONT), 40), fill="black")
    return image


def test_a_scanned_page_is_ocred_and_not_passed_without_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    pdf = _canvas(path)
    _write_lines(pdf, ["第1页：正文"] * 12)
    pdf.showPage()
    pdf.drawImage(ImageReader(_scan_image("身份证号：" + make_id())), 0, 0, width=595, height=842)
    pdf.drawString(280, 20, "- 2 -")  # a page number stamped on the scan: still a scan
    pdf.showPage()
    pdf.save()
    result = scan_file(path)
    ((value, location),) = located(result, "CN_RESIDENT_ID")
    assert value == make_id() and location["part"] == "image-ocr" and location["page"] == 2
    never = screening.scan_path(path, limits=Limits(ocr="never"))
    assert never.verdict == "error" and "page 2: no text layer" in never.error


def test_a_large_image_on_a_text_page_is_ocred(tmp_path):
    """A photocopy pasted into a letter: the image region is OCRed, the letter read as text."""
    path = tmp_path / "letter.pdf"
    pdf = _canvas(path)
    _write_lines(pdf, ["情况说明", "本人申请补办相关证件，身份证复印件如下："] + ["此致"] * 10)
    pdf.drawImage(ImageReader(_scan_image("身份证号：" + make_id(sequence="657"), (1100, 400))), 72, 300, width=440, height=160)
    pdf.showPage()
    pdf.save()
    result = scan_file(path)
    ((value, location),) = located(result, "CN_RESIDENT_ID")
    assert value == make_id(sequence="657") and location["part"] == "image-ocr" and location["page"] == 1


@pytest.mark.parametrize("size", [0.5, 1])
def test_an_id_in_half_point_text_keeps_every_digit(tmp_path, size):
    # issue 19: glyphs that nearly coincide were taken for a fake-bold overprint and dropped
    value = make_id("340104", "19850612", "123")
    path = tmp_path / "公示.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 800, "ID:")
    pdf.setFont("Helvetica", size)
    pdf.drawString(100, 800, value)
    pdf.save()
    found = [f for f in screening.scan_path(path, show_values=True).findings if f.entity_type == "CN_RESIDENT_ID"]
    assert [f.text.replace(" ", "") for f in found] == [value]
