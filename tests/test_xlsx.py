"""Spreadsheets (xlsx, xls): every sheet, hidden rows and columns, comments, numbers typed
for IDs, formulas, properties — each value found with its sheet, row, column and part."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import extracted_text, located, make_card, make_id, scan_file
from openpyxl import Workbook
from openpyxl.comments import Comment

import screening

IDS = [make_id(sequence=f"{651 + n}") for n in range(5)]
# IDs to type as numbers: no X check character
IDS += [value for value in (make_id(birth="19900307", sequence=f"{n}") for n in range(700, 720)) if value.isdigit()][:3]
CARD = make_card()
NUMBER_SHEET_PROBLEM = "sheet 数字: long numbers stored as numbers lost their last digits (cell A2 and 1 more)"


def _rewrite_member(path: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as package:
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    parts[member] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)


def _replace_in_member(path: Path, member: str, old: str, new: str) -> None:
    """Edit one part of a zip package (openpyxl cannot write a formula's cached value)."""
    with zipfile.ZipFile(path) as package:
        text = package.read(member).decode("utf-8")
    assert old in text, old
    _rewrite_member(path, member, text.replace(old, new).encode("utf-8"))


def _roster_xlsx(path: Path) -> None:
    """A 资助名单 workbook with values planted in every place a spreadsheet hides them."""
    workbook = Workbook()
    roster = workbook.active
    roster.title = "资助名单"
    roster.append(["2024年国家助学金拟资助名单"])  # a title row over the header
    roster.merge_cells("A1:E1")
    roster.append(["姓名", "身份证号", "联系电话", "银行卡号", "家长电话"])
    roster.append(["赵一", IDS[0], "13812345678", CARD, "13712345678"])
    roster.append(["钱二", IDS[1], "13912345678", "", ""])
    roster.append(["孙三", IDS[2], "", "", ""])
    roster.column_dimensions["E"].hidden = True
    roster.row_dimensions[5].hidden = True
    roster["A4"].comment = Comment("家长电话 13612345678", "审核人")

    raw = workbook.create_sheet("原始数据")
    raw.sheet_state = "hidden"
    raw.append(["姓名", "身份证号"])
    raw.append(["赵一", IDS[3]])
    backup = workbook.create_sheet("备份")
    backup.sheet_state = "veryHidden"
    backup["A1"] = IDS[4]

    numbers = workbook.create_sheet("数字")
    numbers.append(["身份证号", "发放日期"])
    numbers.append([int(IDS[5]), datetime.datetime(2024, 3, 7)])  # openpyxl writes an int this long as a float
    numbers.append([float(IDS[6])])

    totals = workbook.create_sheet("汇总")
    totals["A1"] = "联系人"
    totals["B1"] = '="135"&"12345678"'
    totals["A2"] = "复核"
    totals["B2"] = "=A1"  # never calculated: no cached value

    workbook.properties.creator = "王某某"
    workbook.properties.lastModifiedBy = "李四"
    workbook.properties.keywords = "经办人电话13412345678"
    workbook.save(path)
    # Excel stores the formula's last result next to it; readers screen that value.
    _replace_in_member(path, "xl/worksheets/sheet5.xml", '<c r="B1"><f>"135"&amp;"12345678"</f><v></v></c>',
                       '<c r="B1" t="str"><f>"135"&amp;"12345678"</f><v>13512345678</v></c>')


@pytest.fixture(scope="module")
def roster(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "资助名单.xlsx"
    _roster_xlsx(path)
    return path


@pytest.fixture(scope="module")
def roster_result(roster):
    return scan_file(roster)


def test_roster_values_are_found_with_sheet_row_column_and_part(roster_result):
    result = roster_result
    assert result.verdict == "block"
    ids = dict(located(result, "CN_RESIDENT_ID"))
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    cards = dict(located(result, "BANK_CARD"))
    assert ids[IDS[0]] == {"part": "table", "sheet": "资助名单", "row": 3, "column": "身份证号"}
    assert ids[IDS[1]] == {"part": "table", "sheet": "资助名单", "row": 4, "column": "身份证号"}
    assert phones["13812345678"] == {"part": "table", "sheet": "资助名单", "row": 3, "column": "联系电话"}
    assert cards[CARD] == {"part": "table", "sheet": "资助名单", "row": 3, "column": "银行卡号"}
    assert ids[IDS[2]] == {"part": "hidden-row", "sheet": "资助名单", "row": 5, "column": "身份证号"}
    assert phones["13712345678"] == {"part": "hidden-column", "sheet": "资助名单", "row": 3, "column": "家长电话"}
    assert phones["13612345678"] == {"part": "comment", "sheet": "资助名单", "row": 4, "column": "姓名"}


def test_hidden_and_very_hidden_sheets_are_read(roster_result):
    ids = dict(located(roster_result, "CN_RESIDENT_ID"))
    assert ids[IDS[3]] == {"part": "hidden-sheet", "sheet": "原始数据", "row": 2, "column": "身份证号"}
    assert ids[IDS[4]] == {"part": "hidden-sheet", "sheet": "备份", "row": 1, "column": "A"}


def test_title_row_is_not_the_header_and_header_cells_have_no_header(roster):
    from screening.sources import open_document

    with open(roster, "rb") as raw:
        blocks = list(open_document(raw, str(roster)).blocks())
    # A row is screened as one block, one cell per line with its own location and header.
    cells = []
    for block in blocks:
        if block.line_locations:
            cells.extend(zip(block.text.split("\n"), zip(block.line_locations, block.line_headers)))
        else:
            cells.append((block.text, (block.location, block.header)))
    by_text = {text: cell for text, cell in cells if cell[0].sheet == "资助名单"}
    title, title_header = by_text["2024年国家助学金拟资助名单"]
    assert (title.row, title.column, title_header) == (1, "A", None)
    header, header_header = by_text["身份证号"]
    assert (header.row, header.column, header_header) == (2, "B", None)
    assert by_text[IDS[0]][1] == "身份证号"


def test_formula_cached_value_and_uncalculated_formula_text(roster, roster_result):
    phones = dict(located(roster_result, "CN_MOBILE_PHONE"))
    assert phones["13512345678"] == {"part": "table", "sheet": "汇总", "row": 1, "column": "B"}
    assert "=A1\n" in extracted_text(roster)


def test_properties_are_metadata(roster, roster_result):
    text = extracted_text(roster)
    assert "author: 王某某\n" in text and "last_modified_by: 李四\n" in text and "comment_author: 审核人" in text
    phones = dict(located(roster_result, "CN_MOBILE_PHONE"))
    assert phones["13412345678"]["part"] == "metadata"


def test_ids_typed_as_numbers_are_rendered_as_digits_and_reported(roster, roster_result):
    """An 18-digit ID stored as a float keeps 15-17 significant digits: the rendered digits
    end in made-up digits, so the resident-ID checksum no longer holds. The recognizer
    then scores it as a bad checksum (0.15), which the 身份证号 header lifts to 0.5 —
    so it is reported for review, not blocked; the reader adds a problem so the file
    can never pass on it (verdict error unless something else blocks)."""
    text = extracted_text(roster)
    # openpyxl writes both as 3.40104199003077e+17: the digits Excel would show, not
    # int(float) = 340104199003076992, which has a wrong 15th digit
    assert "340104199003077000\n" in text and "340104199003076992" not in text and "e+17" not in text.lower()
    assert "2024-03-07\n" in text
    assert any(problem.startswith(NUMBER_SHEET_PROBLEM) for problem in roster_result.error.split("; "))
    rounded = [(f.text, f.action, f.details.get("check")) for f in roster_result.findings if f.location.sheet == "数字"]
    assert rounded and all(value[:15] in (IDS[5][:15], IDS[6][:15]) for value, _, _ in rounded)
    assert {(action, check) for _, action, check in rounded} <= {("review", "bad-checksum"), ("block", "valid")}


def test_a_rounded_id_alone_makes_the_file_an_error_not_a_pass(tmp_path):
    workbook = Workbook()
    workbook.active.append(["编号"])
    workbook.active.append([float(IDS[7])])
    path = tmp_path / "numbers.xlsx"
    workbook.save(path)
    result = scan_file(path)
    assert result.verdict == "error" and "lost their last digits" in result.error
    assert IDS[7] not in (result.error or "")


def test_footer_text_box_and_pivot_cache_are_screened(tmp_path):
    """Text outside the cells: a print footer, a text box drawn over the sheet, and a pivot
    cache (a copy of the source rows, kept even when their sheet is deleted)."""
    workbook = Workbook()
    workbook.active.title = "名单"
    workbook.active["A1"] = "见附表"
    workbook.active.oddFooter.center.text = "经办人电话 13612345679"
    path = tmp_path / "parts.xlsx"
    workbook.save(path)
    drawing = ('<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
               'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:sp><xdr:txBody><a:p><a:r>'
               '<a:t>联系人手机13712345670</a:t></a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>')
    records = ('<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<r><s v="赵一"/><s v="{IDS[0]}"/><x v="3"/></r></pivotCacheRecords>')
    _rewrite_member(path, "xl/drawings/drawing1.xml", drawing.encode("utf-8"))
    _rewrite_member(path, "xl/pivotCache/pivotCacheRecords1.xml", records.encode("utf-8"))
    result = scan_file(path)
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert phones["13612345679"] == {"part": "footer", "sheet": "名单", "line": 1}
    assert phones["13712345670"] == {"part": "text-box"}
    assert dict(located(result, "CN_RESIDENT_ID"))[IDS[0]] == {"part": "pivot-cache"}


def test_an_embedded_workbook_is_read_as_an_attachment(tmp_path):
    inner = Workbook()
    inner.active.append(["身份证号"])
    inner.active.append([IDS[1]])
    inner_path = tmp_path / "inner.xlsx"
    inner.save(inner_path)
    outer = Workbook()
    outer.active["A1"] = "见嵌入对象"
    path = tmp_path / "outer.xlsx"
    outer.save(path)
    _rewrite_member(path, "xl/embeddings/Microsoft_Excel_Worksheet.xlsx", inner_path.read_bytes())
    ((value, location),) = located(scan_file(path), "CN_RESIDENT_ID")
    assert value == IDS[1]
    assert location == {"part": "table", "sheet": "Sheet", "row": 2, "column": "身份证号", "member": "xl/embeddings/Microsoft_Excel_Worksheet.xlsx"}


def test_a_corrupt_sheet_is_a_problem_and_the_other_sheets_are_still_screened(tmp_path):
    workbook = Workbook()
    workbook.active.title = "好"
    workbook.active.append(["身份证号"])
    workbook.active.append([IDS[0]])
    workbook.create_sheet("坏")["A1"] = "x"
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    _replace_in_member(path, "xl/worksheets/sheet2.xml", "</sheetData>", "<row>")
    result = scan_file(path)
    assert result.verdict == "block" and "sheet 坏: corrupt or truncated part" in result.error
    assert [value for value, _ in located(result, "CN_RESIDENT_ID")] == [IDS[0]]


def test_truncated_xlsx_and_a_zip_bomb_are_errors(tmp_path, roster):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(roster.read_bytes()[:3000])
    result = screening.scan_path(truncated)
    assert result.verdict == "error" and "corrupt or truncated" in result.error
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(roster) as package, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in package.infolist():
            out.writestr(info, package.read(info.filename))
        out.writestr("xl/worksheets/sheet9.xml", b"<" + b" " * 50_000_000 + b"/>")
    result = screening.scan_path(bomb)
    assert result.verdict == "error" and "zip bomb" in result.error


def test_an_xls_named_file_that_is_really_xlsx_is_read_as_xlsx(tmp_path, roster):
    mislabelled = tmp_path / "名单.xls"
    mislabelled.write_bytes(roster.read_bytes())
    ids = dict(located(scan_file(mislabelled), "CN_RESIDENT_ID"))
    assert ids[IDS[0]]["column"] == "身份证号"


def test_entities_in_a_part_are_not_expanded(tmp_path):
    """A billion-laughs sheet: lxml resolves no entity, and libxml2 refuses the amplification
    outright — the part is reported unreadable, and nothing expands in memory."""
    workbook = Workbook()
    workbook.active["A1"] = "x"
    path = tmp_path / "laughs.xlsx"
    workbook.save(path)
    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    laughs = f'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY l0 "lol">{entities}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
    _rewrite_member(path, "xl/worksheets/sheet1.xml", laughs.encode("utf-8"))
    assert len(extracted_text(path)) < 1000
    result = screening.scan_path(path)
    assert result.verdict == "error" and "sheet Sheet: corrupt or truncated part (XMLSyntaxError)" in result.error


# ---- .xls -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def roster_xls(tmp_path_factory) -> Path:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls fixture")
    book = xlwt.Workbook(encoding="utf-8")
    roster = book.add_sheet("资助名单")
    for column, label in enumerate(["姓名", "身份证号", "联系电话", "银行卡号", "家长电话"]):
        roster.write(0, column, label)
    for column, value in enumerate(["赵一", IDS[0], "13812345678", CARD, "13712345678"]):
        roster.write(1, column, value)
    roster.write(2, 0, "钱二")
    roster.write(2, 1, float(IDS[5]))  # an ID typed as a number
    roster.write(3, 0, "孙三")
    roster.write(3, 1, IDS[2])
    roster.write(4, 0, "发放日期")
    roster.write(4, 1, datetime.datetime(2024, 3, 7), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    roster.write(5, 0, "合计")
    roster.write(5, 1, xlwt.Formula('"135"&"12345678"'))  # xlwt stores no cached result
    roster.col(4).hidden = True
    roster.row(3).hidden = True
    hidden = book.add_sheet("原始数据")
    hidden.visibility = 1
    hidden.write(0, 0, "身份证号")
    hidden.write(1, 0, IDS[3])
    path = tmp_path_factory.mktemp("xls") / "资助名单.xls"
    book.save(str(path))
    return path


def test_xls_roster_values_are_found_with_their_locations(roster_xls):
    result = scan_file(roster_xls)
    assert result.verdict == "block"
    ids = dict(located(result, "CN_RESIDENT_ID"))
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert ids[IDS[0]] == {"part": "table", "sheet": "资助名单", "row": 2, "column": "身份证号"}
    assert dict(located(result, "BANK_CARD"))[CARD] == {"part": "table", "sheet": "资助名单", "row": 2, "column": "银行卡号"}
    assert phones["13712345678"] == {"part": "hidden-column", "sheet": "资助名单", "row": 2, "column": "家长电话"}
    assert ids[IDS[2]] == {"part": "hidden-row", "sheet": "资助名单", "row": 4, "column": "身份证号"}
    assert ids[IDS[3]] == {"part": "hidden-sheet", "sheet": "原始数据", "row": 2, "column": "身份证号"}
    text = extracted_text(roster_xls)
    assert IDS[5][:15] in text and "2024-03-07\n" in text
    assert "sheet 资助名单: long numbers stored as numbers lost their last digits (cell B3)" in result.error


def test_corrupt_and_truncated_xls_are_errors(tmp_path, roster_xls):
    truncated = tmp_path / "truncated.xls"
    truncated.write_bytes(roster_xls.read_bytes()[:1500])
    result = screening.scan_path(truncated)
    assert result.verdict == "error" and "corrupt" in result.error


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice converts the xlsx roster to xls (comments, hidden sheets)")
def test_xls_saved_by_an_office_suite_keeps_comments_and_hidden_parts(tmp_path, roster):
    source = tmp_path / "roster.xlsx"
    source.write_bytes(roster.read_bytes())
    converted = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=120, check=False,
    )
    path = tmp_path / "roster.xls"
    if converted.returncode != 0 or not path.exists():
        pytest.skip("LibreOffice could not convert the file here")
    result = scan_file(path)
    ids = dict(located(result, "CN_RESIDENT_ID"))
    phones = dict(located(result, "CN_MOBILE_PHONE"))
    assert ids[IDS[0]] == {"part": "table", "sheet": "资助名单", "row": 3, "column": "身份证号"}
    assert ids[IDS[2]]["part"] == "hidden-row" and ids[IDS[3]]["part"] == "hidden-sheet"
    assert phones["13712345678"]["part"] == "hidden-column"
    assert phones["13612345678"] == {"part": "comment", "sheet": "资助名单", "row": 4, "column": "姓名"}
    assert "author: 王某某" in extracted_text(path)


def test_a_row_screened_as_one_block_keeps_cells_apart(tmp_path):
    """Cells of a row are analysed together for speed, but each keeps its own header, and
    digits in two neighbouring cells join only into a resident ID split over them (issue 19),
    reported at its first cell with the cell it continues in."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "录取名单"
    sheet.append(["姓名", "考生号", "身份证号", "备注1", "备注2"])
    identity = make_id(birth="20060101", sequence="123")
    sheet.append(["赵一", "24340104150123", identity, identity[:9], identity[9:]])
    path = tmp_path / "录取名单.xlsx"
    workbook.save(path)
    result = scan_file(path)
    exam = located(result, "CN_EXAM_NUMBER")
    assert exam == [("24340104150123", {"part": "table", "sheet": "录取名单", "row": 2, "column": "考生号"})]
    ids = located(result, "CN_RESIDENT_ID")
    assert ids == [
        (identity, {"part": "table", "sheet": "录取名单", "row": 2, "column": "身份证号"}),
        (f"{identity[:9]}\n{identity[9:]}", {"part": "table", "sheet": "录取名单", "row": 2, "column": "备注1"}),
    ]
    split = [f for f in result.findings if f.entity_type == "CN_RESIDENT_ID"][1]
    assert split.details["continues_in"] == {"part": "table", "column": "备注2"}
