"""Identifiers in file, member and sheet names are findings of their own and never reach a
report or the ledger raw (issue 19): every format shows the same masked name, and a re-sweep
matches the item by it."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id
from openpyxl import Workbook

import screening
from screening.cli import main
from screening.engine.preview import mask_middle

ID = make_id("340104", "19850612", "123")
MASKED = mask_middle(ID)
FORMATS = ["json", "csv", "sarif", "html", "table"]


def _file_name(folder: Path) -> Path:
    path = folder / f"张三_{ID}.txt"
    path.write_text("关于做好2024年秋季学期学生资助工作的通知\n", encoding="utf-8")
    return path


def _member_name(folder: Path) -> Path:
    path = folder / "附件.zip"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(f"名单/李四_{ID}.txt", "学生名单\n联系电话：0551-62881234\n")
    return path


def _sheet_name(folder: Path) -> Path:
    path = folder / "名单.xlsx"
    workbook = Workbook()
    workbook.active.title = f"王五{ID}"
    workbook.active["A1"] = "学生名单"
    workbook.active["A2"] = "联系电话：0551-62881234"
    workbook.save(path)
    return path


PLACES = {"file name": _file_name, "member name": _member_name, "sheet name": _sheet_name}


@pytest.mark.parametrize("part", PLACES)
def test_an_id_in_a_name_is_a_finding_of_that_name(part, tmp_path):
    result = screening.scan_path(PLACES[part](tmp_path))
    found = [f for f in result.findings if f.entity_type == "CN_RESIDENT_ID"]
    assert result.verdict == "block" and [f.location.part for f in found] == [part]
    assert ID not in json.dumps(result.to_dict(), ensure_ascii=False)
    assert MASKED in json.dumps(result.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("part", PLACES)
def test_no_report_format_prints_the_raw_name(part, output_format, tmp_path):
    path = PLACES[part](tmp_path)
    result = CliRunner().invoke(main, ["scan", str(path), "--format", output_format, "--ledger", str(tmp_path / "l.sqlite3")])
    assert result.exit_code == 1, result.output
    assert ID not in result.output
    assert MASKED in result.output or output_format == "table"  # the table may fold a long path
    assert ID.encode() not in (tmp_path / "l.sqlite3").read_bytes()


def _ledger_text(location: Path) -> str:
    with sqlite3.connect(location) as connection:
        rows = [row for table in ("scans", "findings", "sweep_items") for row in connection.execute(f"select * from {table}")]
    return json.dumps(rows, ensure_ascii=False, default=str)


def test_a_sweep_stores_masked_names_and_a_resweep_matches_them(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    _file_name(folder), _member_name(folder), _sheet_name(folder)
    ledger = tmp_path / "ledger.sqlite3"
    args = ["sweep", str(folder), "--ledger", str(ledger), "--format", "json"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1, first.output
    assert ID not in first.output and MASKED in first.output
    assert ID not in _ledger_text(ledger) and MASKED in _ledger_text(ledger)
    again = json.loads(CliRunner().invoke(main, args).stdout)
    assert again["sweep"]["counts"]["unchanged"] == 3 and again["sweep"]["counts"]["screened"] == 0


def test_values_asked_for_keep_the_raw_name(tmp_path):
    result = screening.scan_path(_file_name(tmp_path), show_values=True)
    assert result.path.endswith(f"张三_{ID}.txt")
    assert [f.text for f in result.findings if f.location.part == "file name"] == [ID]


def test_redact_never_prints_the_raw_name(tmp_path):
    source = tmp_path / "drafts"
    source.mkdir()
    (source / f"张三_{ID}.txt").write_text(f"关于做好学生资助工作的通知\n身份证号：{ID}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert ID not in result.output and MASKED in result.output


def test_a_site_sweep_masks_urls_that_carry_an_identifier_and_a_resweep_matches_them(tmp_path):
    from site_server import serve_pages

    pages = {
        "/": (f'<html><body><a href="/files/{ID}.html">名单</a></body></html>'.encode(), "text/html; charset=utf-8", None),
        f"/files/{ID}.html": ("<html><body><p>关于做好学生资助工作的通知</p></body></html>".encode(), "text/html; charset=utf-8", None),
    }
    server, url = serve_pages(pages)
    try:
        ledger = tmp_path / "ledger.sqlite3"
        args = ["sweep", url, "--ledger", str(ledger), "--format", "json", "--rate", "50"]
        first = CliRunner().invoke(main, args)
        again = CliRunner().invoke(main, args)
    finally:
        server.shutdown()
    assert first.exit_code == 1, first.output
    assert ID not in first.output + again.output and MASKED in first.output
    assert ID not in _ledger_text(ledger) and MASKED in _ledger_text(ledger)
    assert json.loads(again.stdout)["sweep"]["counts"]["unchanged"] == 2


def test_names_that_mask_alike_stay_two_items_of_a_sweep(tmp_path):
    # two pupils' photos named by ID, born a few days apart: their masked names are the same
    first = make_id("340104", "20100307", "651")
    second = next(
        candidate for day in range(10, 29)
        if (candidate := make_id("340104", f"201003{day:02d}", "651")) != first and mask_middle(candidate) == mask_middle(first)
    )
    assert mask_middle(first) == mask_middle(second)
    folder = tmp_path / "照片"
    folder.mkdir()
    for value, text in ((first, "关于做好学生资助工作的通知\n"), (second, "关于举办教师培训的通知\n")):
        (folder / f"{value}.txt").write_text(text, encoding="utf-8")
    ledger = tmp_path / "ledger.sqlite3"
    args = ["sweep", str(folder), "--ledger", str(ledger), "--format", "json"]
    report = json.loads(CliRunner().invoke(main, args).stdout)
    assert report["sweep"]["counts"]["screened"] == 2
    assert first not in _ledger_text(ledger) and second not in _ledger_text(ledger)
    again = json.loads(CliRunner().invoke(main, args).stdout)
    assert again["sweep"]["counts"]["unchanged"] == 2 and again["sweep"]["counts"]["screened"] == 0
