import pytest
from conftest import findings_of, make_id, spans_of

from recognizers.resident_id import classify_15, classify_18

ID = make_id("110101", "19900307", "771")


def to_fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch.isascii() and ch.isalnum() else ch for ch in text)


@pytest.mark.parametrize(
    "template",
    [
        "身份证号：{id}",
        "张三{id}男",  # glued to Chinese text
        "公民身份号码 {id}，住址略",
        "{id}",
        "学生李四，身份证：{full}",  # full-width digits
        "身份证号：{spaced}",
        "身份证号：{hyphen}",
        "身份證號碼：{id}",  # traditional label
    ],
)
def test_full_ids_are_blocked_in_the_forms_drafts_use(template):
    text = template.format(id=ID, full=to_fullwidth(ID), spaced=f"{ID[:6]} {ID[6:14]} {ID[14:]}", hyphen=f"{ID[:6]}-{ID[6:14]}-{ID[14:]}")
    found = findings_of(text, entity="CN_RESIDENT_ID")
    assert len(found) == 1
    assert found[0].action == "block"
    assert found[0].rule == "PII-ID"
    assert "".join(ch for ch in found[0].text if ch.isalnum()).upper().translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)}) == ID


def test_lower_case_x_check_digit():
    number = next(make_id("110105", "19491231", f"{seq:03d}") for seq in range(1000) if make_id("110105", "19491231", f"{seq:03d}").endswith("X"))
    assert spans_of(f"身份证号：{number.lower()}", "CN_RESIDENT_ID") == [number.lower()]


def test_number_broken_by_a_line_wrap_is_one_finding():
    text = f"姓名：王五\n身份证号：{ID[:12]}\n{ID[12:]}\n"
    found = findings_of(text, entity="CN_RESIDENT_ID")
    assert [(text[f.start : f.end]) for f in found] == [f"{ID[:12]}\n{ID[12:]}"]
    assert found[0].location.line == 2


def test_legacy_15_digit_id_needs_its_label():
    legacy = "110105491231002"
    assert classify_15(legacy).kind == "legacy"
    assert spans_of(f"身份证号码：{legacy}", "CN_RESIDENT_ID") == [legacy]
    assert spans_of(f"编码 {legacy} 条", "CN_RESIDENT_ID") == []


def test_bad_checksum_with_label_is_flagged_for_review_not_silently_dropped():
    typo = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    assert classify_18(typo).kind == "bad-checksum"
    found = findings_of(f"身份证号：{typo}", entity="CN_RESIDENT_ID")
    assert [f.action for f in found] == ["review"]
    assert findings_of(f"流水 {typo}", entity="CN_RESIDENT_ID") == []


@pytest.mark.parametrize(
    "text",
    [
        "皖教秘师〔2024〕37号",
        "索引号：113400004355158357/2024-00012",
        "京ICP备12345678号-1",
        "京公网安备 11010502030143号",
        "订单号 202309011234567890",
        "合同编号 HT20230901001",
        "项目编号：ZJ2023-0012",
        "金额 1,250,000.00元",
        "日期 20230901，2023年9月1日",
        "统一社会信用代码：12340100945807305P",
        "邮政编码 230001",
    ],
)
def test_official_numbers_are_not_taken_for_ids(text):
    assert findings_of(text, entity="CN_RESIDENT_ID") == []
    assert all(f.action == "allow" for f in findings_of(text))


def test_negative_label_wins_over_a_valid_looking_number():
    # A number that happens to validate, under an 索引号 label, is not a person's ID.
    assert findings_of(f"索引号：{ID}", entity="CN_RESIDENT_ID") == []


def test_preview_never_shows_the_whole_number():
    found = findings_of(f"身份证号：{ID}", entity="CN_RESIDENT_ID")[0]
    assert found.preview != ID and found.preview.startswith(ID[:3]) and found.preview.count("*") >= 13
