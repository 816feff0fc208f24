"""Redacted copies (issue 5): the core (masks, plans, text replacement), the txt/md/csv, html
and xlsx writers, the dispatcher and `screening redact`. Every copy must re-scan without a
block finding; what was not a finding stays as it was."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_card, make_id
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

import screening
from policies import Remedy, load_policy
from screening.cli import main
from screening.model import Location
from screening.redact import WRITERS, redact_path
from screening.redact.core import Replacement, mask_for, plan_replacements, redact_text

ID = make_id()  # 340104201003076511
ID2 = make_id(region="110105", birth="20081122", sequence="274")
ID3 = make_id(region="320102", birth="20090101", sequence="123")
CARD = make_card()
MOBILE, MOBILE2 = "13912345678", "13812345679"
ADDRESS = "安徽省合肥市肥西县三河镇杨柳村"
MASK = {value: mask_for("X", value, Remedy(kind="mask", keep_head=head, keep_tail=tail, instruction="-"))
        for value, head, tail in ((ID, 4, 4), (ID2, 4, 4), (ID3, 4, 4), (MOBILE, 3, 4), (MOBILE2, 3, 4))}


def blocks(path) -> list[str]:
    """Entity types of the block findings a re-scan of `path` gives (no values)."""
    return [finding.entity_type for finding in screening.scan_path(path).findings if finding.action == "block"]


def run(*args):
    return CliRunner().invoke(main, ["redact", *map(str, args)])


# ---- core ------------------------------------------------------------------------------

def test_mask_for_follows_the_remedy_and_is_one_pattern_per_value():
    id_remedy = Remedy(kind="mask", keep_head=4, keep_tail=4, instruction="-")
    assert mask_for("CN_RESIDENT_ID", ID, id_remedy) == ID[:4] + "*" * 10 + ID[-4:]
    assert mask_for("CN_RESIDENT_ID", ID, id_remedy) == mask_for("CN_RESIDENT_ID", ID, id_remedy)
    assert mask_for("CN_MOBILE_PHONE", MOBILE, Remedy(kind="mask", keep_head=3, keep_tail=4, instruction="-")) == "139****5678"
    assert mask_for("PERSON", "张三", Remedy(kind="mask", keep_head=1, keep_tail=0, mask_char="某", instruction="-")) == "张某"
    assert mask_for("BANK_CARD", CARD, Remedy(kind="delete", instruction="-")) == ""
    assert mask_for("EXAM_SCORE", "685", id_remedy) == "***"  # too short to keep anything
    assert mask_for("HEALTH_INFO", "心脏病", Remedy(kind="confirm", instruction="-")) == "***"


def test_plan_takes_block_findings_only_and_reports_withdraw_rules():
    policy = load_policy("default")
    text = f"秘密★1年\n学生张三，身份证号：{ID}，联系电话：0551-62881234，手机{MOBILE}\n"
    result = screening.scan_text(text, show_values=True)
    replacements, withdrawn = plan_replacements(result, policy)
    assert withdrawn == ["SEC-CLASSIFIED"]
    assert {(r.entity_type, r.replacement) for r in replacements} == {
        ("CN_RESIDENT_ID", MASK[ID]), ("CN_MOBILE_PHONE", MASK[MOBILE])}
    assert all(text[r.start : r.end] == r.value for r in replacements)
    with pytest.raises(ValueError, match="show_values"):
        plan_replacements(screening.scan_text(text), policy)


def test_redact_text_replaces_longest_values_first_and_counts_occurrences():
    here = Location(line=1)
    replacements = [
        Replacement("0307", "####", "BIRTH_DATE", "R1", here),
        Replacement(ID, MASK[ID], "CN_RESIDENT_ID", "PII-ID", here),
    ]
    text, count = redact_text(f"{ID} 与 {ID}；生日0307", replacements)
    assert (text, count) == (f"{MASK[ID]} 与 {MASK[ID]}；生日####", 3)
    assert Replacement(ID, "", "CN_RESIDENT_ID", "PII-ID", here).everywhere
    assert not Replacement("685", "", "EXAM_SCORE", "EXAM-SCORE", here).everywhere


# ---- text, markdown, csv --------------------------------------------------------------

def test_gb18030_text_keeps_encoding_and_line_endings_and_only_findings_change(tmp_path):
    lines = [
        "关于2024年国家助学金的公示",
        f"学生张三，身份证号：{ID}，银行卡号：{CARD}",
        f"家庭住址：{ADDRESS}",
        f"家长手机：{MOBILE}",
        f"重复出现：{ID}",  # a long identifier is replaced wherever it occurs
        "联系电话：0551-62881234",
    ]
    source = tmp_path / "in" / "公示.txt"
    source.parent.mkdir()
    source.write_bytes("\r\n".join(lines).encode("gb18030") + "\r\n".encode("gb18030"))
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and outcome.format == "text" and outcome.replaced == 5
    expected = "\r\n".join(lines).replace(ID, MASK[ID]).replace(CARD, "").replace(ADDRESS, "").replace(MOBILE, MASK[MOBILE]) + "\r\n"
    assert Path(outcome.output).read_bytes() == expected.encode("gb18030")
    assert screening.scan_path(outcome.output).encoding == "gb18030"
    assert blocks(outcome.output) == []


def test_exam_score_is_replaced_only_on_its_own_line(tmp_path):
    text = f"分数线为685分\n学生张三，中考总分685分，身份证号{ID}\n"
    source = tmp_path / "成绩.md"
    source.write_text(text, encoding="utf-8")
    result = screening.scan_path(source, show_values=True)
    assert [(f.entity_type, f.text) for f in result.findings if f.action == "block"] == [("EXAM_SCORE", "685分"), ("CN_RESIDENT_ID", ID)]
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok
    assert Path(outcome.output).read_text(encoding="utf-8") == f"分数线为685分\n学生张三，中考总分***分，身份证号{MASK[ID]}\n"


def test_scores_and_ranks_in_prose_are_masked_in_place_so_the_sentence_still_reads(tmp_path):
    # A congratulation poster rewritten by redact: figures go, the words around them stay.
    source = tmp_path / "喜报.txt"
    source.write_text("我校高三（2）班王小明同学以689分的优异成绩荣获全市理科第3名，位列全县第一名。\n", encoding="utf-8")
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and outcome.replaced == 3
    assert Path(outcome.output).read_text(encoding="utf-8") == (
        "我校高三（2）班王小明同学以***分的优异成绩荣获全市理科第*名，位列全县第*名。\n"
    )


def test_a_deleted_heading_or_last_clause_takes_its_dangling_punctuation(tmp_path):
    # 喜报 and 升学率 are deleted (exam publicity); the copy must not open with "：" or end "，。"
    source = tmp_path / "喜报.txt"
    source.write_text("喜报：我校2024年中考再创佳绩，全体师生再接再厉。\n今年我校毕业生人数达320人，升学率98%。\n", encoding="utf-8")
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and outcome.replaced == 2, outcome
    assert Path(outcome.output).read_text(encoding="utf-8") == (
        "我校2024年中考再创佳绩，全体师生再接再厉。\n今年我校毕业生人数达320人。\n"
    )


def test_csv_roster_cells_are_redacted_and_rescan_clean(tmp_path):
    rows = [
        "序号,姓名,身份证号,联系电话,银行卡号,家庭住址,总分",
        f"1,张三,{ID},{MOBILE},{CARD},{ADDRESS},685",
        f"2,李四,{ID2},{MOBILE2},,,590",
        "685,王五,,,,,",  # a 序号 that happens to equal a score stays
    ]
    source = tmp_path / "名单.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and outcome.format == "table", outcome
    data = Path(outcome.output).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM stays
    copy = data.decode("utf-8-sig").splitlines()
    assert copy[0] == rows[0] and copy[3] == rows[3]
    assert copy[1] == f"1,张三,{MASK[ID]},{MASK[MOBILE]},,,***"  # a score cell keeps its shape, not its figure
    assert copy[2] == f"2,李四,{MASK[ID2]},{MASK[MOBILE2]},,,***"
    assert blocks(outcome.output) == []


# ---- html ------------------------------------------------------------------------------

def test_html_split_numbers_attributes_hidden_elements_and_comments(tmp_path):
    head = '<!DOCTYPE html>\n<html><head><meta charset="gb2312"><title>公示</title>\n'
    kept = '<script>var a = "<p>";</script><p class="x">联系电话：0551-62881234</p>\n'
    body = (
        f'<p>身份证号：<span>{ID[:6]}</span><b>{ID[6:]}</b></p>\n'
        f'<p title="卡号{CARD}">银行卡已登记</p>\n'
        f'<p>手机：&#49;{MOBILE[1:]}</p>\n'
        f'<div style="display: none">学生张三 家长手机{MOBILE2}<div>嵌套</div></div>\n'
        f'<!-- 原始数据 {ID2} -->\n'
        f'<input type="hidden" name="sfz" value="{ID3}">\n'
    )
    source = tmp_path / "公示.html"
    source.write_bytes((head + "</head><body>\n" + kept + body + kept + "</body></html>\n").encode("gb18030"))
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok, outcome
    copy = Path(outcome.output).read_bytes().decode("gb18030")
    assert copy.startswith(head + "</head><body>\n" + kept) and copy.endswith(kept + "</body></html>\n")
    assert f"<p>身份证号：<span>{MASK[ID]}</span><b></b></p>" in copy
    assert '<p title="卡号">银行卡已登记</p>' in copy
    assert f"<p>手机：{MASK[MOBILE]}</p>" in copy
    assert "display: none" not in copy and "<!--" not in copy and 'name="sfz"' not in copy
    assert any("hidden element" in note for note in outcome.notes)
    assert blocks(outcome.output) == []


def test_html_table_score_is_pinned_to_its_cell(tmp_path):
    html = (
        '<html><head><meta charset="utf-8"></head><body><p>本次共685人参加考试。</p><table>'
        "<tr><th>姓名</th><th>总分</th><th>名次</th></tr>"
        "<tr><td>张三</td><td>685</td><td>1</td></tr>"
        "</table></body></html>"
    )
    source = tmp_path / "成绩.html"
    source.write_text(html, encoding="utf-8")
    found = [(f.entity_type, f.text) for f in screening.scan_path(source, show_values=True).findings if f.action == "block"]
    assert ("EXAM_SCORE", "685") in found
    outcome = redact_path(source, tmp_path / "out")
    copy = Path(outcome.output).read_text(encoding="utf-8")
    assert "<p>本次共685人参加考试。</p>" in copy and "<td>张三</td><td>***</td><td>*</td>" in copy
    assert outcome.ok and blocks(outcome.output) == []


# ---- xlsx ------------------------------------------------------------------------------

def _with_shared_strings(path: Path) -> None:
    """openpyxl writes inline strings; Excel and WPS write a shared-string table: convert."""
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        text = match.group(2)
        if text not in strings:
            strings.append(text)
        return f'<c{match.group(1)} t="s"><v>{strings.index(text)}</v></c>'

    for name in [name for name in parts if name.startswith("xl/worksheets/sheet")]:
        xml = parts[name].decode("utf-8")
        parts[name] = re.sub(r'<c([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, xml).encode("utf-8")
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


def _set_cell(path: Path, sheet: str, reference: str, xml_cell: str) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    xml, count = re.subn(rf'<c r="{reference}"[^>]*>.*?</c>', xml_cell, parts[sheet].decode("utf-8"))
    assert count == 1
    parts[sheet] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


@pytest.fixture
def roster_xlsx(tmp_path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "成绩"
    sheet.append(["2024年期末考试成绩"])
    sheet.append(["姓名", "身份证号", "总分", "银行卡号", "家庭住址", "家长手机"])
    sheet.append(["张三", ID, 685, CARD, ADDRESS, MOBILE])
    sheet.append(["李四", "PLACEHOLDER", 590, "", "", ""])
    sheet.append(["王五", "", "", "", "", MOBILE2])
    sheet.append(["编号", 685])  # not a score: stays
    sheet.column_dimensions["F"].hidden = True
    sheet.row_dimensions[5].hidden = True
    sheet["A3"].comment = Comment(f"家长电话 {MOBILE}", "审核人")
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=3, min_row=2, max_row=4), titles_from_data=True)
    sheet.add_chart(chart, "H2")
    hidden = workbook.create_sheet("原始数据")
    hidden.sheet_state = "hidden"
    hidden.append(["姓名", "身份证号"])
    hidden.append(["赵六", ID3])
    workbook.properties.creator = "王某某"
    workbook.properties.lastModifiedBy = "李老师"
    workbook.properties.title = "成绩表"
    path = tmp_path / "in" / "成绩.xlsx"
    path.parent.mkdir()
    workbook.save(path)
    _with_shared_strings(path)
    # An ID stored as a number with its exact digits (as programs exporting rosters write it).
    _set_cell(path, "xl/worksheets/sheet1.xml", "B4", f'<c r="B4"><v>{ID2}</v></c>')
    return path


def test_xlsx_cells_numbers_hidden_parts_comments_and_properties(roster_xlsx, tmp_path):
    before = screening.scan_path(roster_xlsx, show_values=True)
    assert sorted(f.entity_type for f in before.findings if f.action == "block") == sorted(
        ["CN_RESIDENT_ID", "EXAM_SCORE", "BANK_CARD", "HOME_ADDRESS", "CN_MOBILE_PHONE", "CN_RESIDENT_ID", "EXAM_SCORE",
         "CN_MOBILE_PHONE", "CN_MOBILE_PHONE", "CN_RESIDENT_ID"])
    outcome = redact_path(roster_xlsx, tmp_path / "out")
    assert outcome.ok, outcome
    assert blocks(outcome.output) == []
    workbook = load_workbook(outcome.output)
    sheet = workbook["成绩"]
    assert [cell.value for cell in sheet[3]][:6] == ["张三", MASK[ID], "***", None, None, MASK[MOBILE]]
    assert sheet["B4"].value == MASK[ID2] and sheet["B4"].data_type == "s"  # the number became masked text
    assert sheet["F5"].value == MASK[MOBILE2]  # hidden row and hidden column
    assert [cell.value for cell in sheet[6]] == ["编号", 685, None, None, None, None]
    assert sheet["A3"].comment.text == f"家长电话 {MASK[MOBILE]}"
    assert workbook["原始数据"]["B2"].value == MASK[ID3]
    assert workbook.properties.title is None and workbook.properties.lastModifiedBy is None
    notes = " | ".join(outcome.notes)
    assert "hidden sheet in sheet 原始数据" in notes and "hidden row" in notes and "document properties cleared" in notes
    with zipfile.ZipFile(roster_xlsx) as original, zipfile.ZipFile(outcome.output) as copy:
        assert original.namelist() == copy.namelist()
        assert original.read("xl/charts/chart1.xml") == copy.read("xl/charts/chart1.xml")  # the chart is kept
        strings = copy.read("xl/sharedStrings.xml").decode("utf-8")
        assert ID not in strings and ADDRESS not in strings and CARD not in strings


# ---- dispatcher and CLI ----------------------------------------------------------------

def test_one_mask_per_value_across_files_and_folders_are_mirrored(tmp_path):
    archive = tmp_path / "archive"
    (archive / "2024" / "资助").mkdir(parents=True)
    (archive / "2024" / "资助" / "a.txt").write_text(f"学生甲 身份证号：{ID}\n", encoding="utf-8")
    (archive / "b.csv").write_text(f"姓名,身份证号\n张三,{ID}\n", encoding="utf-8")
    (archive / "clean.txt").write_text("关于举办教师培训的通知\n", encoding="utf-8")
    result = run(archive, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    a = (tmp_path / "out" / "2024" / "资助" / "a.txt").read_text(encoding="utf-8")
    b = (tmp_path / "out" / "b.csv").read_text(encoding="utf-8")
    assert MASK[ID] in a and MASK[ID] in b
    assert (tmp_path / "out" / "clean.txt").read_text(encoding="utf-8") == "关于举办教师培训的通知\n"
    assert ID not in result.output and "3 file(s): 3 redacted copies written" in result.output


def test_classified_document_gets_no_copy_and_exit_1(tmp_path):
    source = tmp_path / "in" / "通知.txt"
    source.parent.mkdir()
    source.write_text(f"秘密★1年\n关于2025年高考安全保密工作的通知\n考生身份证号：{ID}\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "通知.txt").write_text("an earlier run's copy", encoding="utf-8")
    result = run(source, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "WITHHELD" in result.output and "SEC-CLASSIFIED" in result.output and ID not in result.output
    assert "earlier copy" in result.output
    assert not (tmp_path / "out" / "通知.txt").exists()


def test_out_must_not_be_the_inputs_folder_or_inside_it(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(f"身份证号：{ID}\n", encoding="utf-8")
    assert run(source, "--out", tmp_path).exit_code == 2
    assert run(tmp_path, "--out", tmp_path / "sub").exit_code == 2
    assert run(source, "--out", tmp_path / "out", "--policy", "no-such-policy").exit_code == 2
    assert run(source).exit_code == 2  # --out is required
    assert source.read_text(encoding="utf-8") == f"身份证号：{ID}\n"
    with pytest.raises(ValueError, match="overwrite"):
        redact_path(source, output=source)


def test_a_format_without_writer_is_reported_not_copied(tmp_path):
    source = tmp_path / "附件.zip"
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("名单.txt", f"身份证号：{ID}\n")
    assert "zip" not in WRITERS
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.output is None and not outcome.ok
    assert any("format not supported for redaction" in note for note in outcome.notes)
    result = run(source, "--out", tmp_path / "out2")
    assert result.exit_code == 1 and "SKIPPED" in result.output


def test_xlsx_footer_text_box_pivot_cache_and_ids_that_lost_digits(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["身份证号", "发放日期"])
    sheet.append([float(ID), "2024-03-07"])  # typed into Excel as a number: only 15 digits survive
    sheet.oddFooter.center.text = f"经办人电话 {MOBILE}"
    path = tmp_path / "parts.xlsx"
    workbook.save(path)
    drawing = ('<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:sp><xdr:txBody><a:p><a:r>'
               f'<a:t>家长手机{MOBILE2}</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>')
    records = ('<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<r><s v="赵一"/><s v="{ID3}"/><x v="3"/></r></pivotCacheRecords>')
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/drawings/drawing1.xml", drawing)
        package.writestr("xl/pivotCache/pivotCacheRecords1.xml", records)
    assert screening.scan_path(path).error  # the rounded ID cannot be checked: not a pass
    outcome = redact_path(path, tmp_path / "out")
    assert outcome.ok, outcome
    assert blocks(outcome.output) == [] and not screening.scan_path(outcome.output).error
    with zipfile.ZipFile(outcome.output) as copy:
        assert MASK[MOBILE2] in copy.read("xl/drawings/drawing1.xml").decode("utf-8")
        assert MASK[ID3] in copy.read("xl/pivotCache/pivotCacheRecords1.xml").decode("utf-8")
        assert MASK[MOBILE] in copy.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert load_workbook(outcome.output)["名单"]["A2"].value.startswith("3401****")
    assert any("lost digits" in note for note in outcome.notes)


def test_a_finding_in_an_embedded_file_leaves_no_copy(tmp_path):
    inner = Workbook()
    inner.active.append(["身份证号"])
    inner.active.append([ID2])
    inner_path = tmp_path / "inner.xlsx"
    inner.save(inner_path)
    outer = Workbook()
    outer.active["A1"] = "见嵌入对象"
    path = tmp_path / "outer.xlsx"
    outer.save(path)
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/embeddings/Microsoft_Excel_Worksheet.xlsx", inner_path.read_bytes())
    outcome = redact_path(path, tmp_path / "out")
    assert outcome.output is None and outcome.residual == 1 and "copy removed" in outcome.error
    assert not (tmp_path / "out" / "outer.xlsx").exists()
