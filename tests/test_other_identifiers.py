import pytest
from conftest import findings_of, make_card, make_id, spans_of
from stdnum.cn import ric


@pytest.mark.parametrize("card", [make_card("622202", 19), make_card("621700", 16), make_card("4367421", 16), make_card("5187", 16)])
def test_luhn_valid_cards_are_blocked(card):
    found = findings_of(f"银行卡号：{card}", entity="BANK_CARD")
    assert [(f.action, f.text) for f in found] == [("block", card)]


def test_grouped_card_and_unlabelled_card():
    card = make_card("622202", 19)
    grouped = " ".join(card[i : i + 4] for i in range(0, 19, 4))
    assert spans_of(f"卡号 {grouped}", "BANK_CARD") == [grouped]
    assert spans_of(f"张三 {card}", "BANK_CARD") == [card]


def test_card_with_bad_check_digit_only_with_label_and_only_review():
    card = make_card("622202", 19)
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert [f.action for f in findings_of(f"银行账号：{bad}", entity="BANK_CARD")] == ["review"]
    assert findings_of(f"流水 {bad}", entity="BANK_CARD") == []


def test_card_wrapped_onto_the_next_line_is_found_only_when_luhn_holds():
    card = make_card("622202", 19)
    wrapped = f"学生郑某的工资卡号为{card[:11]}\n{card[11:]}，请于月底前核对。"
    assert [f.text.replace("\n", "") for f in findings_of(wrapped, entity="BANK_CARD")] == [card]
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    joined = f"项目编号：{bad[:11]}\n{bad[11:]}号"  # two numbers on adjacent lines
    assert findings_of(joined, entity="BANK_CARD") == []


def test_non_card_prefix_is_not_a_card():
    assert findings_of("编号 1234567890123456", entity="BANK_CARD") == []


def test_emails_official_allowed_personal_reviewed():
    found = findings_of("报名请发送至 zhangsan1990@qq.com；学校邮箱 xsc@jhnu.edu.cn", entity="EMAIL_ADDRESS")
    assert [(f.preview, f.action) for f in found] == [("z***@qq.com", "review"), ("x***@jhnu.edu.cn", "allow")]


@pytest.mark.parametrize(
    "text, entity, rule",
    [
        ("护照号码：E12345678", "CN_PASSPORT", "PII-DOC"),
        ("护照：EA1234567", "CN_PASSPORT", "PII-DOC"),
        ("港澳居民来往内地通行证：H12345678", "CN_TRAVEL_PERMIT", "PII-DOC"),
        ("往来港澳通行证：CA1234567", "CN_TRAVEL_PERMIT", "PII-DOC"),
        ("台胞证号码：12345678", "CN_TRAVEL_PERMIT", "PII-DOC"),
        ("学籍号：G" + make_id("340104", "20120915", "123"), "CN_STUDENT_NUMBER", "PII-STUDENT-NO"),
        ("考生号：24340104150123", "CN_EXAM_NUMBER", "PII-EXAM-NO"),
        ("准考证号：2024012345", "CN_EXAM_NUMBER", "PII-EXAM-NO"),
    ],
)
def test_labelled_personal_documents_are_blocked(text, entity, rule):
    found = findings_of(text, entity=entity)
    assert [(f.action, f.rule) for f in found] == [("block", rule)], findings_of(text)


def test_residence_permit_and_foreigner_id_validate_their_check_digit():
    body = "81000019940823002"
    permit = body + ric.calc_check_digit(body + "0")
    assert [f.action for f in findings_of(f"居住证号码：{permit}", entity="CN_TRAVEL_PERMIT")] == ["block"]
    body = "91184019900307123"
    foreigner = body + ric.calc_check_digit(body + "0")
    assert [f.action for f in findings_of(f"永久居留身份证：{foreigner}", entity="CN_FOREIGNER_PR_ID")] == ["block"]
    broken = foreigner[:-1] + ("0" if foreigner[-1] != "0" else "1")
    assert findings_of(f"永久居留身份证：{broken}", entity="CN_FOREIGNER_PR_ID") == []


def test_unlabelled_letter_codes_are_not_documents():
    assert findings_of("产品型号 E12345678 与 H12345678", policy="default") == []
    assert findings_of("京公网安备 11010502030143号", entity="CN_EXAM_NUMBER") == []


def test_social_credit_code_is_recognised_and_allowed():
    found = findings_of("统一社会信用代码：12340100945807305P")
    assert [(f.entity_type, f.action, f.rule) for f in found] == [("CN_SOCIAL_CREDIT_CODE", "allow", "ORG-CODE")]


@pytest.mark.parametrize(
    "text, region",
    [("工作联络：+852 9739 2372", "HK"), ("聯絡電話：886-936-092-241", "TW"), ("(+853) 6612 3456", "MO")],
)
def test_other_region_phones_with_country_code(text, region):
    found = findings_of(text, entity="PHONE_NUMBER")
    assert [(f.details["region"], f.action) for f in found] == [(region, "review")]


@pytest.mark.parametrize("text", ["网址：www.moe.gov.cn", "增长+85.3%", "版本 v2.3@beta", "比分 886:852"])
def test_urls_percentages_and_scores_are_not_contacts(text):
    assert findings_of(text, entity="PHONE_NUMBER") == [] and findings_of(text, entity="EMAIL_ADDRESS") == []


def test_student_number_and_foreigner_id_negatives():
    # A G-prefixed code whose ID part fails the checksum is only a weak candidate; J/L need a label.
    assert findings_of("物资编码 J123456789012345678", entity="CN_STUDENT_NUMBER") == []
    assert findings_of("型号 ABC123456789012", entity="CN_FOREIGNER_PR_ID") == []


def test_adversarial_inputs_finish(tmp_path):
    """Linear-time patterns: long runs that tempt backtracking are screened like any text."""
    import time

    import screening

    nasty = "\n".join([
        "1" * 200_000,
        "a" * 200_000,
        "1 " * 100_000,
        "*" * 100_000 + "1",
        "1-" * 100_000,
        ("a." * 50_000) + "@",
        "准考证号：" * 20_000,
    ])
    started = time.monotonic()
    result = screening.scan_text(nasty, policy="strict")
    assert time.monotonic() - started < 30  # a generous bound: catastrophic backtracking takes hours
    assert result.verdict in {"pass", "review", "block"}


def test_a_personal_mailbox_labelled_inline_is_not_an_office_contact():
    student = findings_of("获奖学生：张三，邮箱：zhangsan2008@qq.com", entity="EMAIL_ADDRESS")
    office = findings_of("报送邮箱：jyk2024@163.com", entity="EMAIL_ADDRESS")
    assert [f.action for f in student] == ["review"] and [f.action for f in office] == ["allow"]
