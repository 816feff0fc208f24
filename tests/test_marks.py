import pytest
from conftest import findings_of

WORK_PLAN = """2024年全省教育系统政务公开工作要点
各市教育局：
一、严格落实先审后发。坚持“谁公开、谁审查”，严格执行保密审查，不得泄露国家秘密、工作秘密。
二、对涉及内部资料、过程性信息的，依法确定是否公开；属于不予公开范围的，不得上网。
三、各单位起草的征求意见稿应按规定公开征求意见，会议纪要等过程性信息一般不予公开。
四、标有“秘密★”等密级标识的文件一律不得公开。
"""


def test_a_disclosure_work_plan_talking_about_marks_passes_clean():
    found = [f for f in findings_of(WORK_PLAN) if f.action != "allow"]
    assert found == []


@pytest.mark.parametrize(
    "text, mark",
    [
        ("秘密★1年\n关于2025年高考安全保密工作的通知", "秘密★1年"),
        ("绝密★启用前\n2025年普通高等学校招生全国统一考试", "绝密★启用前"),
        ("机密★10年", "机密★10年"),
        ("密级：秘密\n保密期限：5年", "密级：秘密"),
        ("  机密\n关于…的报告", "机密"),
        ("祕密★1年", "祕密★1年"),
    ],
)
def test_classification_marks_block(text, mark):
    found = findings_of(text, entity="CLASSIFIED_MARK")
    assert found and found[0].action == "block" and found[0].rule == "SEC-CLASSIFIED"
    assert text[found[0].start : found[0].end] == mark


@pytest.mark.parametrize("text", ["内部资料 注意保存\n关于…的通知", "【内部资料】", "（内部资料，注意保存）", "內部資料", "不予公开"])
def test_internal_marks_block(text):
    assert [f.rule for f in findings_of(text, entity="INTERNAL_MARK")] == ["SEC-INTERNAL"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("关于调整学生资助标准的请示\n省财政厅：", "request"),
        ("某某市教育局关于学区划分的实施办法（征求意见稿）", "draft"),
        ("2024年第3次局长办公会议纪要", "minutes"),
        ("【讨论稿】", "draft"),
    ],
)
def test_process_information_goes_to_review(text, kind):
    found = findings_of(text, entity="PROCESS_INFO")
    assert [(f.action, f.details["kind"]) for f in found] == [("review", kind)]


def test_prose_about_drafts_is_not_process_information():
    assert findings_of("经研究，现将征求意见稿印发给你们，请于9月1日前反馈意见。", entity="PROCESS_INFO") == []


@pytest.mark.parametrize(
    "text, attribute, action",
    [
        ("（此件主动公开）", "主动公开", "allow"),
        ("此件公开发布", "主动公开", "allow"),
        ("公开方式：依申请公开", "依申请公开", "review"),
        ("公开属性：不予公开", "不予公开", "block"),
        ("（此件不予公開）", "不予公开", "block"),
    ],
)
def test_disclosure_attribute_decides_by_value(text, attribute, action):
    found = findings_of(text, entity="DISCLOSURE_ATTRIBUTE")
    assert [(f.details["attribute"], f.action) for f in found] == [(attribute, action)]
