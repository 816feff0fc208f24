import pytest
from conftest import findings_of, make_id, spans_of

ID = make_id("340104", "20100307", "651")


@pytest.mark.parametrize(
    "masked, rule, birth_exposed",
    [
        ("3401**********1234", "PII-ID-MASKED", False),
        ("340104********651" + ID[-1], "PII-ID-MASKED", False),
        ("3401042010****651" + ID[-1], "PII-ID-MASK-BIRTH", False),  # year and month visible
        ("34010420100307****", "PII-ID-MASK-BIRTH", True),
    ],
)
def test_masked_ids_report_exposed_positions_and_birth_date(masked, rule, birth_exposed):
    found = findings_of(f"身份证号：{masked}", entity="CN_RESIDENT_ID_MASKED")
    assert len(found) == 1, found
    assert found[0].rule == rule
    assert found[0].details["birth_date_exposed"] is birth_exposed
    assert found[0].details["exposed_positions"] == [i for i, ch in enumerate(masked) if ch != "*"]


def test_full_width_mask_characters():
    assert spans_of("身份证号：３４０１＊＊＊＊＊＊＊＊＊＊１２３４", "CN_RESIDENT_ID_MASKED") == ["３４０１＊＊＊＊＊＊＊＊＊＊１２３４"]


@pytest.mark.parametrize(
    "text, value",
    [
        ("手机：13800138000", "13800138000"),
        ("电话 138 0013 8000。", "138 0013 8000"),
        ("手机号码：138-0013-8000", "138-0013-8000"),
        ("+86 13800138000", "+86 13800138000"),
        ("(+86)13912345678", "(+86)13912345678"),
        ("张三13800138000男", "13800138000"),
        ("手機：１３９１２３４５６７８", "１３９１２３４５６７８"),
    ],
)
def test_mobiles_are_blocked(text, value):
    found = findings_of(text, entity="CN_MOBILE_PHONE")
    assert [text[f.start : f.end] for f in found] == [value]
    assert found[0].action == "block"


@pytest.mark.parametrize(
    "text",
    ["奖金18612345678元", "金额￥13800138000", "订单编号 138001380001234", "号码 12345678901", "10086"],
)
def test_amounts_and_longer_runs_are_not_mobiles(text):
    assert findings_of(text, entity="CN_MOBILE_PHONE") == []


def test_masked_mobile_is_allowed_and_reports_positions():
    found = findings_of("手机：138****5678", entity="CN_MOBILE_PHONE_MASKED")
    assert [(f.action, f.details["exposed_positions"]) for f in found] == [("allow", [0, 1, 2, 7, 8, 9, 10])]


@pytest.mark.parametrize(
    "text, value",
    [
        ("联系电话：0551-62881234", "0551-62881234"),
        ("咨询电话：(010)62345678", "(010)62345678"),
        ("监督电话：（0551）6288 1234", "（0551）6288 1234"),
        ("传真：020 87654321转8001", "020 87654321转8001"),
        ("電話：0551-62881234", "0551-62881234"),
    ],
)
def test_office_landlines_in_contact_lines_are_allowed(text, value):
    found = findings_of(text, entity="CN_LANDLINE_PHONE")
    assert [(text[f.start : f.end], f.action, f.rule) for f in found] == [(value, "allow", "CONTACT-LANDLINE")]


def test_landline_in_a_list_row_needs_review():
    found = findings_of("张三  高一（3）班  0551-65551234", entity="CN_LANDLINE_PHONE")
    assert [(f.action, f.rule) for f in found] == [("review", "PII-LANDLINE")]


def test_invalid_area_code_is_not_a_landline():
    assert findings_of("编号 0999-12345", entity="CN_LANDLINE_PHONE") == []


def test_contact_mobile_needs_review_but_a_penalty_partys_mobile_is_blocked():
    contact = findings_of("联系人：王老师，联系电话：13912345678", entity="CN_MOBILE_PHONE")
    assert [(f.action, f.rule) for f in contact] == [("review", "CONTACT-MOBILE")]
    party = findings_of(f"当事人：韩某\n公民身份号码：{ID}\n联系电话：13395442255", entity="CN_MOBILE_PHONE")
    assert [(f.action, f.rule) for f in party] == [("block", "PII-MOBILE")]


def test_column_header_is_context_but_not_a_contact_exception():
    from screening.engine.screener import Screener
    from screening.sources.delimited import table_blocks

    rows = ["姓名,联系电话,备注\n", "张三,13800138000,无\n", "李四,0551-65551234,无\n"]
    findings, _ = Screener("default").screen_blocks(table_blocks(rows))
    # The 姓名 column makes each of its cells a name (role unknown: review).
    assert [(f.text, f.action, f.details["source"]) for f in findings if f.entity_type == "PERSON"] == [
        (None, "review", "column"),
        (None, "review", "column"),
    ]
    assert [(f.entity_type, f.action, f.location.column) for f in findings if f.entity_type != "PERSON"] == [
        ("CN_MOBILE_PHONE", "block", "联系电话"),
        ("CN_LANDLINE_PHONE", "review", "联系电话"),
    ]


def test_office_phone_after_prose_mentioning_the_party_is_still_an_office_phone():
    text = "当事人如不服本决定，可以在六十日内申请行政复议。\n\n本机关联系电话：0551-63357021"
    assert [(f.action, f.rule) for f in findings_of(text, entity="CN_LANDLINE_PHONE")] == [("allow", "CONTACT-LANDLINE")]


def test_official_contact_line_after_a_student_record_stays_an_office_phone():
    from conftest import make_id

    text = f"学生张三，身份证号：{make_id()}。\n联系人：李老师，联系电话：0551-62881234"
    decided = [(f.entity_type, f.action) for f in findings_of(text)]
    # 学生张三 is a pupil named outside a 资助/招生 公示: review; the ID blocks the document anyway.
    assert decided == [("PERSON", "review"), ("CN_RESIDENT_ID", "block"), ("CN_LANDLINE_PHONE", "allow")]
