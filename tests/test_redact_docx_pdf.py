"""Redacted copies of Word and PDF files (issue 5): every place a value hides in a docx is
masked or removed, a PDF page holding a value becomes an image with black boxes, and each
copy re-scans without a block finding while the rest of its text stays as it was.

Values are never printed: assertions compare against named planted values and report names.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import numpy
import pdfplumber
import pytest
from conftest import make_card, make_id
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

import screening
from policies import Remedy
from screening.redact import redact_path
from screening.redact.core import mask_for
from screening.sources import open_document

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

ID_REMEDY = Remedy(kind="mask", keep_head=4, keep_tail=4, instruction="-")
PHONE_REMEDY = Remedy(kind="mask", keep_head=3, keep_tail=4, instruction="-")
VISIBLE = ("body", "table", "header", "footer", "footnote", "text-box")
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def leaks(text: str, values: dict[str, str]) -> list[str]:
    """Names of the planted values still in `text` (never the values themselves)."""
    return [name for name, value in values.items() if value in text]


def blocks(path: Path) -> list[str]:
    """Entity types and parts of the block findings a re-scan gives (no values)."""
    return [f"{f.entity_type}@{f.location.part}" for f in screening.scan_path(path).findings if f.action == "block"]


def sections(path: Path) -> list[tuple[str, str]]:
    """(part, text) of each section the reader gives, embedded images' OCR included."""
    with open(path, "rb") as raw:
        document = open_document(raw, str(path))
        documents = [member for _, member in document.members] if hasattr(document, "members") else [document]
        return [(s.location.part, s.text) for member in documents for s in getattr(member, "sections", [])]


class Planted(dict):
    """The planted values, by name; shown by name only when pytest prints a fixture."""

    def __repr__(self) -> str:
        return f"<planted values: {', '.join(self)}>"


def package_text(path: Path) -> str:
    """Every XML member of a package, decoded: what a person unzipping it could read."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            package.read(name).decode("utf-8", errors="replace")
            for name in package.namelist() if name.endswith((".xml", ".rels"))
        )


# --- docx ---------------------------------------------------------------------------------------------


def _text_box(text: str) -> str:
    """A run holding a text box as Word writes it: the DrawingML shape, and the VML copy in
    mc:Fallback for older readers — both hold the text."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f'<w:r {nsdecls("w", "a")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        f' xmlns:wp="{WP}" xmlns:wps="{WPS}" xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="1828800" cy="457200"/><wp:docPr id="9" name="文本框 1"/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/></wps:wsp>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def _notice_docx(path: Path) -> dict[str, str]:
    """A 资助公示 draft with a value in every place a docx hides one; the planted values."""
    values = Planted({
        "split": make_id(), "card": make_card(), "header": "13712345678", "comment": make_id(sequence="654"),
        "deleted": make_id(sequence="653"), "inserted": "13512345678", "hidden": "13612345678",
        "textbox": make_id(sequence="655"), "author": "王某某", "editor": "李某某",
    })
    document = docx.Document()
    document.core_properties.author = values["author"]
    document.core_properties.last_modified_by = values["editor"]
    document.core_properties.title = "2024年国家助学金拟资助名单（王某某经办）"
    document.add_paragraph("关于2024年国家助学金拟资助名单的公示")
    split = document.add_paragraph("经办人身份证号：")  # the ID in three runs, as Word splits on formatting
    split.add_run(values["split"][:6]).bold = True
    split.add_run(values["split"][6:14]).italic = True
    split.add_run(values["split"][14:] + "，共95人获得资助。")
    table = document.add_table(rows=2, cols=3)
    for column, label in enumerate(["姓名", "银行卡号", "成绩"]):
        table.cell(0, column).text = label
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "赵一", values["card"], "95"
    document.add_paragraph("备注：").add_run("家长电话" + values["hidden"]).font.hidden = True
    edited = document.add_paragraph("修改：")
    edited._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>身份证号{values["deleted"]}</w:delText></w:r></w:del>'
    ))
    added = document.add_paragraph("补充：")
    added._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>手机{values["inserted"]}</w:t></w:r></w:ins>'))
    document.add_paragraph("附：")._p.append(parse_xml(_text_box("身份证号：" + values["textbox"])))
    reviewed = document.add_paragraph("请审核")
    document.add_comment(reviewed.runs, text="原件身份证号 " + values["comment"], author="审核人")
    document.sections[0].header.paragraphs[0].text = "联系手机 " + values["header"]
    document.save(path)
    return values


@pytest.fixture(scope="module")
def redacted_docx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    source = folder / "资助公示.docx"
    values = _notice_docx(source)
    outcome = redact_path(source, folder / "out")
    return source, Path(outcome.output), values, outcome


def test_docx_copy_rescans_clean_and_no_value_is_left_in_any_part(redacted_docx):
    source, output, values, outcome = redacted_docx
    assert blocks(source)  # the draft itself blocks
    assert outcome.ok and outcome.residual == 0 and not outcome.error
    assert blocks(output) == []
    assert leaks(package_text(output), values) == []
    docx.Document(output)  # opens


def test_docx_value_split_over_runs_is_masked_in_the_first_runs_format(redacted_docx):
    _, output, values, _ = redacted_docx
    paragraph = docx.Document(output).paragraphs[1]
    assert leaks(paragraph.text, values) == []
    masked = mask_for("CN_RESIDENT_ID", values["split"], ID_REMEDY)
    assert paragraph.text == f"经办人身份证号：{masked}，共95人获得资助。"
    holder = next(run for run in paragraph.runs if masked in run.text)
    assert holder.bold  # the first run holding the value keeps its formatting


def test_docx_visible_text_is_unchanged_outside_findings(redacted_docx):
    source, output, values, _ = redacted_docx
    before = [(part, text) for part, text in sections(source) if part in VISIBLE]
    after = [(part, text) for part, text in sections(output) if part in VISIBLE]
    masks = {
        values["split"]: mask_for("CN_RESIDENT_ID", values["split"], ID_REMEDY),
        values["textbox"]: mask_for("CN_RESIDENT_ID", values["textbox"], ID_REMEDY),
        values["header"]: mask_for("CN_MOBILE_PHONE", values["header"], PHONE_REMEDY),
        values["card"]: "",  # the bank-card remedy deletes
    }
    expected = []
    for part, text in before:
        for value, mask in masks.items():
            text = text.replace(value, mask)
        if part == "table" and text == "95":
            text = "**"  # the score: its remedy masks its figures, in its own cell only
        if part == "table" and not text:
            continue  # an emptied cell is not a section
        if part == "body":  # the tracked insertion is accepted: its masked text joins its paragraph
            text = text.replace("补充：", "补充：手机" + mask_for("CN_MOBILE_PHONE", values["inserted"], PHONE_REMEDY))
        expected.append((part, text))
    assert leaks(str(after), values) == []  # checked first: a failing comparison below prints no value
    assert after == expected
    assert "共95人" in "".join(text for part, text in after if part == "body")  # the short score value is replaced only in its own cell


def test_docx_comment_deletion_hidden_text_and_properties_are_removed(redacted_docx):
    _, output, values, outcome = redacted_docx
    parts = {part for part, _ in sections(output)}
    assert not parts & {"comment", "tracked-deletion", "tracked-insertion", "hidden-text"}
    with zipfile.ZipFile(output) as package:
        document_xml = package.read("word/document.xml").decode()
        comments_xml = package.read("word/comments.xml").decode()
    assert "w:comment " not in comments_xml and "commentReference" not in document_xml and "commentRangeStart" not in document_xml
    assert "<w:del " not in document_xml and "<w:ins " not in document_xml and "w:vanish" not in document_xml
    properties = docx.Document(output).core_properties
    assert (properties.author, properties.last_modified_by, properties.title) == ("", "", "")
    cleared = next(note for note in outcome.notes if note.startswith("document properties cleared: "))
    assert {"author", "last modified by", "title"} <= set(cleared.split(": ", 1)[1].split(", "))
    assert "comments holding a finding removed: 1" in outcome.notes
    assert "tracked deletions holding a finding accepted (text removed): 1" in outcome.notes
    assert not any(value in note for note in outcome.notes for value in values.values())


def test_docx_both_copies_of_a_text_box_are_masked(redacted_docx):
    _, output, values, _ = redacted_docx
    with zipfile.ZipFile(output) as package:
        document_xml = package.read("word/document.xml").decode()
    masked = mask_for("CN_RESIDENT_ID", values["textbox"], ID_REMEDY)
    assert document_xml.count("身份证号：" + masked) == 2  # the DrawingML shape and its VML Fallback


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs a CJK font (Debian fonts-wqy-microhei) to draw the scan")
def test_docx_id_card_photocopy_is_blacked_out_by_ocr(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    value = make_id(sequence="656")
    image = Image.new("RGB", (1000, 300), "white")
    font = ImageFont.truetype(str(CJK_FONT), 36)
    ImageDraw.Draw(image).text((40, 60), "公民身份号码 " + value, font=font, fill="black")
    ImageDraw.Draw(image).text((40, 180), "签发机关 某市公安局", font=font, fill="black")
    png = io.BytesIO()
    image.save(png, "PNG")
    document = docx.Document()
    document.add_paragraph("附件：身份证复印件")
    document.add_picture(io.BytesIO(png.getvalue()))
    source = tmp_path / "scan.docx"
    document.save(source)
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok, outcome.notes
    assert any("area(s) blacked out" in note for note in outcome.notes)
    text = "".join(text for _, text in sections(Path(outcome.output)))  # the image's OCR text included
    assert leaks(text, {"id": value}) == []
    result = screening.scan_path(outcome.output)
    assert [f for f in result.findings if f.action == "block"] == []


# --- pdf ------------------------------------------------------------------------------------------------


def _two_page_pdf(path: Path) -> dict[str, str]:
    """Page 1: public text, an annotation note holding an ID; page 2: an ID in the text.
    Properties name the author."""
    values = Planted({"page2": make_id(sequence="652"), "note": make_id(sequence="657"), "author": "王某某"})
    pdf = canvas.Canvas(str(path))
    pdf.setAuthor(values["author"])
    pdf.setTitle("拟资助名单公示")
    pdf.setFont(FONT, 12)
    for index, line in enumerate(["关于2024年国家助学金拟资助名单的公示", "经学校评审，拟资助以下学生。", "咨询电话：0551-62881234"]):
        pdf.drawString(72, 800 - 20 * index, line)
    pdf.textAnnotation("原件身份证号 " + values["note"], Rect=(400, 780, 420, 800))
    pdf.showPage()
    pdf.setFont(FONT, 12)
    for index, line in enumerate(["联系人：学生资助管理中心", "地址：某市某区某路1号", "经办人身份证号：" + values["page2"]]):
        pdf.drawString(72, 800 - 20 * index, line)
    pdf.showPage()
    pdf.save()
    return values


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="module")
def redacted_pdf(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "公示.pdf"
    values = _two_page_pdf(source)
    outcome = redact_path(source, folder / "out")
    return source, Path(outcome.output), values, outcome


def test_pdf_copy_rescans_clean_and_only_the_page_with_the_id_is_rasterised(redacted_pdf):
    source, output, values, outcome = redacted_pdf
    assert blocks(source)
    assert outcome.ok and outcome.residual == 0 and not outcome.error
    assert "pages rasterised (values blacked out; no text layer left): 2" in outcome.notes
    before, after = _page_texts(source), _page_texts(output)
    assert after[0] == before[0]  # page 1 copied unchanged
    assert after[1] == ""  # page 2 is an image: nothing is left under the box
    with pdfplumber.open(output) as pdf:
        assert len(pdf.pages) == 2 and not pdf.pages[0].annots and not pdf.pages[1].annots
        assert [image["name"] for image in pdf.pages[1].images]  # the rendered page
        assert not {"Author", "Title"} & set(pdf.metadata)
    assert not any(value in note for note in outcome.notes for value in values.values())


def test_pdf_rasterised_page_still_reads_outside_the_box(redacted_pdf):
    _, output, values, _ = redacted_pdf
    document_text = "".join(text for _, text in sections(output))  # page 2 by OCR
    assert leaks(document_text, values) == []
    assert "学生资助管理中心" in document_text and "经办人身份证号" in document_text


def test_pdf_text_under_a_black_box_is_gone_from_the_copy(tmp_path):
    """A "redaction" drawn as a black rectangle over the number: the copy keeps no text there."""
    value = make_id(sequence="654")
    source = tmp_path / "处罚.pdf"
    pdf = canvas.Canvas(str(source))
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 800, "行政处罚决定书")
    pdf.drawString(72, 780, "当事人身份证号：" + value)
    label = pdfmetrics.stringWidth("当事人身份证号：", FONT, 12)
    pdf.rect(72 + label - 1, 776, pdfmetrics.stringWidth(value, FONT, 12) + 2, 17, stroke=0, fill=1)
    pdf.showPage()
    pdf.save()
    assert "covered-text" in {part for part, _ in sections(source)}
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok
    assert leaks("".join(_page_texts(Path(outcome.output))), {"covered": value}) == []


@pytest.mark.parametrize("rotation, crop", [(90, None), (0, (40, 100, 500, 700))])
def test_pdf_boxes_land_on_the_value_of_a_rotated_or_cropped_page(tmp_path, rotation, crop):
    """pdfplumber and PDFium both work in the displayed frame, from the crop box's corner:
    the box covers the value's glyphs and nothing else changes."""
    import pypdfium2

    from screening.model import Location
    from screening.redact.core import Replacement
    from screening.redact.pdf import plan_pages, redact_pdf

    value = make_id(sequence="659")
    source = tmp_path / "rotated.pdf"
    pdf = canvas.Canvas(str(source), pagesize=(595, 842))
    pdf.setPageRotation(rotation)
    if crop:
        pdf.setCropBox(crop)
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 300, "身份证号：" + value + " 其他内容保留")
    pdf.showPage()
    pdf.save()
    replacement = Replacement(value, "", "CN_RESIDENT_ID", "PII-ID", Location(page=1, line=1))
    plan = plan_pages(source, [replacement], [])[1]
    rects = [(x0 - plan.origin[0], top - plan.origin[1], x1 - plan.origin[0], bottom - plan.origin[1]) for x0, top, x1, bottom in plan.rects]
    output = tmp_path / "out.pdf"
    redact_pdf(source, output, [replacement])
    scale = 2.0
    image = numpy.asarray(pypdfium2.PdfDocument(str(output))[0].render(scale=scale).to_pil().convert("L")).copy()
    original = numpy.asarray(pypdfium2.PdfDocument(str(source))[0].render(scale=scale).to_pil().convert("L")).copy()
    assert len(rects) >= 1
    for rect in rects:
        x0, top, x1, bottom = (round(v * scale) for v in rect)
        assert image[top + 3 : bottom - 3, x0 + 3 : x1 - 3].max() < 40  # solid black over the value
        image[top - 1 : bottom + 2, x0 - 1 : x1 + 2] = 255  # outside the boxes the page is drawn as before
        original[top - 1 : bottom + 2, x0 - 1 : x1 + 2] = 255
    dark = original < 100
    assert dark.sum() > 100 and (image[dark] < 160).mean() > 0.9  # the label and the text after the value


def test_pdf_form_field_holding_an_id_is_removed_without_rasterising(tmp_path):
    value = make_id(sequence="661")
    source = tmp_path / "申请表.pdf"
    pdf = canvas.Canvas(str(source))
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 800, "学生资助申请表")
    pdf.drawString(72, 760, "身份证号：")
    pdf.acroForm.textfield(name="idnumber", tooltip="身份证号", value=value, x=150, y=750, width=200, height=20)
    pdf.showPage()
    pdf.save()
    assert blocks(source) == ["CN_RESIDENT_ID@form-field"]
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and "annotations holding a finding (notes, form values, links): 1 removed" in outcome.notes
    assert not any(note.startswith("pages rasterised") for note in outcome.notes)
    assert _page_texts(Path(outcome.output)) == _page_texts(source)
    assert leaks(Path(outcome.output).read_bytes().decode("latin-1"), {"field": value}) == []


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs a CJK font (Debian fonts-wqy-microhei) to draw the scan")
def test_pdf_scanned_page_is_blacked_out_where_ocr_reads_the_id(tmp_path):
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    value = make_id(sequence="662")
    font = ImageFont.truetype(str(CJK_FONT), 40)
    image = Image.new("RGB", (1200, 500), "white")
    draw = ImageDraw.Draw(image)
    for top, line in ((80, "学生资助申请表"), (200, "身份证号：" + value), (320, "家庭住址：某市某区")):
        draw.text((60, top), line, font=font, fill="black")
    source = tmp_path / "扫描件.pdf"
    pdf = canvas.Canvas(str(source), pagesize=(432, 180))
    pdf.drawImage(ImageReader(image), 0, 0, width=432, height=180)
    pdf.showPage()
    pdf.save()
    assert blocks(source) == ["CN_RESIDENT_ID@image-ocr"]
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and outcome.residual == 0
    text = "".join(text for _, text in sections(Path(outcome.output)))
    assert leaks(text, {"scanned": value}) == []
    assert "家庭住址" in text and "身份证号" in text  # the rest of the scan still reads
