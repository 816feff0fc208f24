"""Identifiers written to slip past a plain pattern are still found, at the characters the
author wrote (issue 19); ordinary numbers written the same ways are not taken for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import findings_of, make_id
from evasion_forms import FORMS

import screening
from screening.redact import redact_path

ID = make_id("340104", "19850612", "123")
MOBILE = "13800138000"
CARD_LIKE_BAD_ID = ID[:17] + ("0" if ID[-1] != "0" else "1")  # a checksum that fails


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("template", ["档案编码 {} 已归档", "身份证号：{}"])
def test_disguised_resident_id_is_found_at_its_own_characters(form, template):
    written = FORMS[form](ID)
    text = template.format(written)
    found = findings_of(text, entity="CN_RESIDENT_ID")
    assert [f.text for f in found] == [written]
    assert found[0].action == "block" and found[0].details.get("disguised")
    assert ID not in found[0].preview and written not in found[0].preview


@pytest.mark.parametrize("form", FORMS)
def test_disguised_mobile_is_found(form):
    written = FORMS[form](MOBILE)
    found = findings_of(f"联系电话：{written}", entity="CN_MOBILE_PHONE")
    assert [f.text for f in found] == [written]


@pytest.mark.parametrize("form", ["dots in groups of 4", "hyphens in groups of 4", "a space after every digit",
                                  "no-break spaces in groups of 4", "zero-width space", "Chinese numerals with 〇"])
def test_a_number_that_fails_the_checksum_is_no_id(form):
    text = f"档案编码 {FORMS[form](CARD_LIKE_BAD_ID)} 已归档"
    assert findings_of(text, entity="CN_RESIDENT_ID") == []
    assert screening.scan_text(text).verdict == "pass"


@pytest.mark.parametrize("text", [
    "2024.09.01 下发，2024-09-01 执行，二〇二四年九月一日印发。",
    "皖教秘〔2024〕123号，索引号 1134.0000.0030.0012.34。",
    "合计 1 250 000.00 元，成绩 85 92 78 66 90 88。",
    "第一二三四五六名次表：一二三四五六七。",
    "\ufeff关于做好2024年秋季学期学生资助工作的通知\u200b",
])
def test_ordinary_numbers_in_prose_still_pass(text):
    assert screening.scan_text(text).verdict == "pass"


def test_a_disguised_id_among_plain_ones_keeps_every_offset_true():
    plain = make_id("110105", "19491231", "002")
    text = f"张三 {plain}；李四 {FORMS['zero-width space'](ID)}；王五 {FORMS['circled digits'](ID)}。"
    found = findings_of(text, entity="CN_RESIDENT_ID")
    assert [text[f.start : f.end] for f in found] == [f.text for f in found]
    assert len(found) == 3


def test_the_documented_table_lists_exactly_the_forms_tested():
    page = (Path(__file__).resolve().parent.parent / "docs" / "hostile-input.md").read_text(encoding="utf-8")
    section = page.split("## Evasion", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[1:] == list(FORMS)  # rows[0] is the header


@pytest.mark.parametrize("blank", ["\n\n", "\n \n", "\r\n\r\n", "\n\u3000\n"])
def test_a_resident_id_typed_across_a_blank_line_is_found_and_redacted(tmp_path, blank):
    text = f"学生身份证号：{ID[:10]}{blank}{ID[10:]}，请核对。\n"
    found = findings_of(text, entity="CN_RESIDENT_ID")
    assert [f.text.replace(blank, "") for f in found] == [ID] and found[0].action == "block"
    source = tmp_path / "名单.txt"
    source.write_text(text, encoding="utf-8", newline="")
    outcome = redact_path(source, tmp_path / "out")
    assert outcome.ok and ID[10:] not in Path(outcome.output).read_text(encoding="utf-8")


def test_a_blank_line_after_a_long_paragraph_ending_in_digits_still_joins_its_number():
    text = "现将有关事项通知如下，请认真组织学习。" * 100 + f"身份证号：{ID[:10]}\n\n{ID[10:]}\n\n下一段。"
    assert [f.start for f in findings_of(text, entity="CN_RESIDENT_ID")] == [text.index(ID[:10])]


def test_two_numbers_either_side_of_a_blank_line_are_not_joined():
    # an 8-digit 编号 ending one paragraph and a 10-digit one opening the next: no valid ID between them
    assert findings_of(f"编号：{ID[:8]}\n\n{CARD_LIKE_BAD_ID[8:]}号文件已归档。", entity="CN_RESIDENT_ID") == []
