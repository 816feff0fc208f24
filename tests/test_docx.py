"""Word documents: every place text hides — body, tables, headers, footers, comments,
tracked changes, hidden text, text boxes, properties, embedded images — with locations."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import located, make_id, scan_file
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import screening
from screening import Limits

CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _roster_docx(path: Path) -> dict[str, str]:
    """A 资助公示 draft with values planted in every part; returns the planted values."""
    values = {
        "body": make_id(birth="19800101", sequence="123"),
        "row1": make_id(), "row2": make_id(sequence="652"),
        "hidden": "13712345678", "deleted": make_id(sequence="653"), "inserted": "13512345678",
        "footer": "13612345678", "comment": make_id(sequence="654"), "textbox": make_id(sequence="655"),
    }
    document = docx.Document()
    document.core_properties.author = "王某某"
    document.add_paragraph("关于2024年国家助学金拟资助名单的公示")
    document.add_paragraph("经学校评审，拟资助以下学生。身份证号：" + values["body"])
    table = document.add_table(rows=3, cols=3)
    for column, label in enumerate(["姓名", "身份证号", "联系电话"]):
        table.cell(0, column).text = label
    table.cell(1, 0).text, table.cell(1, 1).text, table.cell(1, 2).text = "赵一", values["row1"], "13812345678"
    table.cell(2, 0).text, table.cell(2, 1).text, table.cell(2, 2).text = "钱二", values["row2"], "13912345678"
    document.add_paragraph("备注：").add_run("家长电话" + values["hidden"]).font.hidden = True
    edited = document.add_paragraph("修改：")
    edited._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>身份证号{values["deleted"]}</w:delText></w:r></w:del>'))
    edited._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>手机{values["inserted"]}</w:t></w:r></w:ins>'))
    boxed = document.add_paragraph("附：")
    boxed._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        f'<w:p><w:r><w:t>身份证号：{values["textbox"]}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
    ))
    reviewed = document.add_paragraph("请审核")
    document.add_comment(reviewed.runs, text="原件身份证号 " + values["comment"], author="审核人")
    document.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    document.sections[0].footer.paragraphs[0].text = "经办人电话 " + values["footer"]
    document.save(path)
    return values


def test_values_in_every_part_are_found_where_they_are(tmp_path):
    path = tmp_path / "资助公示.docx"
    values = _roster_docx(path)
    result = scan_file(path)
    assert result.verdict == "block"
    ids = dict(located(result, "CN_RESIDENT_ID"))
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert ids[values["body"]] == {"part": "body", "paragraph": 2}
    assert ids[values["row1"]] == {"part": "table", "table": 1, "row": 2, "column": "身份证号"}
    assert ids[values["row2"]] == {"part": "table", "table": 1, "row": 3, "column": "身份证号"}
    assert phones["13812345678"] == {"part": "table", "table": 1, "row": 2, "column": "联系电话"}
    assert phones[values["hidden"]] == {"part": "hidden-text", "paragraph": 3}
    assert ids[values["deleted"]] == {"part": "tracked-deletion", "paragraph": 4}
    assert phones[values["inserted"]] == {"part": "tracked-insertion", "paragraph": 4}
    assert ids[values["textbox"]]["part"] == "text-box"
    assert ids[values["comment"]]["part"] == "comment"
    assert phones[values["footer"]] == {"part": "footer", "paragraph": 1}
    assert [location["part"] for _, location in located(result, "INTERNAL_MARK")] == ["header"]


def test_tracked_deletion_is_not_in_the_visible_body(tmp_path):
    """A deleted ID is reported once, as a deletion — not also as body text."""
    path = tmp_path / "a.docx"
    values = _roster_docx(path)
    deleted = [f for f in scan_file(path).findings if f.text == values["deleted"]]
    assert [f.location.part for f in deleted] == ["tracked-deletion"]


def test_author_in_core_properties_is_read_as_metadata(tmp_path):
    path = tmp_path / "a.docx"
    _roster_docx(path)
    from conftest import extracted_text

    text = extracted_text(path)
    assert "author: 王某某" in text


def test_merged_cells_are_read_once(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    merged = table.cell(1, 1).merge(table.cell(2, 1))
    merged.text = make_id()
    table.cell(1, 0).text, table.cell(2, 0).text = "赵一", "钱二"
    path = tmp_path / "merged.docx"
    document.save(path)
    ids = located(scan_file(path), "CN_RESIDENT_ID")
    assert ids == [(make_id(), {"part": "table", "table": 1, "row": 2, "column": "身份证号"})]


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs a CJK font (Debian fonts-wqy-microhei) to draw the scan")
def test_a_scanned_page_pasted_as_an_image_is_ocred(tmp_path):
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (1000, 400), "white")
    ImageDraw.Draw(image).text((40, 150), "身份证号：" + make_id(), font=ImageFont.truetype(str(CJK_FONT), 36), fill="black")
    png = io.BytesIO()
    image.save(png, "PNG")
    document = docx.Document()
    document.add_paragraph("附件：身份证复印件")
    document.add_picture(io.BytesIO(png.getvalue()))
    path = tmp_path / "scan.docx"
    document.save(path)
    result = scan_file(path)
    ((value, location),) = located(result, "CN_RESIDENT_ID")
    assert value == make_id() and location["part"] == "image-ocr" and location["member"].startswith("word/media/")
    assert screening.scan_path(path, limits=Limits(ocr="never")).verdict == "error"


def test_truncated_and_bomb_docx_are_errors(tmp_path):
    path = tmp_path / "a.docx"
    _roster_docx(path)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(path.read_bytes()[:2000])
    assert screening.scan_path(truncated).verdict == "error"
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<" + b" " * 50_000_000 + b"/>")
    result = screening.scan_path(bomb)
    assert result.verdict == "error" and "zip bomb" in result.error


def test_xml_entity_expansion_is_not_performed(tmp_path):
    """A "billion laughs" document.xml: entities stay unexpanded, the scan ends quickly."""
    import time

    path = tmp_path / "a.docx"
    _roster_docx(path)
    laughs = "".join(f'<!ENTITY l{n} "{"&l%d;" % (n - 1) * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "身份证号">{laughs}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    hostile = tmp_path / "laughs.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = bomb.encode("utf-8") if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)
    started = time.monotonic()
    result = screening.scan_path(hostile)
    assert time.monotonic() - started < 10
    assert result.verdict == "error" and "corrupt docx" in result.error  # refused, not expanded 10^9 times


def _with_embedded(path: Path, blob: bytes) -> None:
    """A docx with `blob` embedded as a package object (how Word stores a pasted Excel table)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()
    document.add_paragraph("附件：学生名单（见嵌入表格）")
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    part = Part(PackURI("/word/embeddings/Microsoft_Excel_Worksheet.xlsx"), content_type, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.PACKAGE)
    document.save(path)


def test_an_embedded_excel_roster_is_screened_and_a_broken_one_is_an_error(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "身份证号"])
    workbook.active.append(["赵一", make_id()])
    roster = io.BytesIO()
    workbook.save(roster)
    path = tmp_path / "附件.docx"
    _with_embedded(path, roster.getvalue())
    ((value, location),) = located(scan_file(path), "CN_RESIDENT_ID")
    assert value == make_id() and location["member"] == "word/embeddings/Microsoft_Excel_Worksheet.xlsx"
    broken = tmp_path / "broken.docx"
    _with_embedded(broken, roster.getvalue()[:300])
    result = screening.scan_path(broken)
    assert result.verdict == "error" and result.error.startswith("word/embeddings/Microsoft_Excel_Worksheet.xlsx: corrupt")


def test_two_tables_are_told_apart(tmp_path):
    """Rows restart in each table, so the location says which table: 表格2 第2行."""
    document = docx.Document()
    for number, identity in ((1, make_id(sequence="656")), (2, make_id(sequence="657"))):
        document.add_paragraph(f"表{number}：获奖学生")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
        table.cell(1, 0).text, table.cell(1, 1).text = "赵一", identity
    path = tmp_path / "two.docx"
    document.save(path)
    tables = [location["table"] for _, location in located(scan_file(path), "CN_RESIDENT_ID")]
    assert tables == [1, 2]
