"""PERSON: names from table columns, 名单 lines, cues and the shipped model, with roles and the
default policy's decisions by role and category. Every name here is invented."""

from __future__ import annotations

import pytest

import screening
from screening.engine import names_model
from tests.conftest import findings_of, make_id


def people(text: str, **kwargs) -> list[tuple[str, str, str]]:
    """(name, role, action) of each PERSON finding."""
    return [(f.text, f.role, f.action) for f in findings_of(text, entity="PERSON", **kwargs)]


def names(text: str, **kwargs) -> list[str]:
    return [name for name, _, _ in people(text, **kwargs)]


AID_NOTICE = (
    "关于2024年秋季学期国家助学金受助学生名单的公示\n"
    "经学生申请、学校评审，现将受助学生名单公示如下：\n"
    "序号\t姓名\t学校\t年级\t资助金额\n"
    "1\t欧阳娜娜\t城关中学\t八年级\t625\n"
    "2\t古丽·艾力\t城关中学\t九年级\t625\n"
    "3\t王磊\t城关中学\t七年级\t625\n"
    "4\t诸葛明\t城关中学\t九年级\t625\n"
    "公示期为5个工作日。联系人：陈老师，联系电话：0551-62881234\n"
)


def test_student_aid_roster_names_are_allowed_students_with_a_clearance_remedy():
    result = screening.scan_text(AID_NOTICE, show_values=True)
    assert result.category == "student_aid"
    found = [(f.text, f.role, f.action, f.rule) for f in result.findings if f.entity_type == "PERSON"]
    assert [name for name, *_ in found] == ["欧阳娜娜", "古丽·艾力", "王磊", "诸葛明"]
    # 中学 pupils: students, and minors where the row says so; both allowed in a 资助公示.
    assert {role for _, role, _, _ in found} <= {"student", "minor"}
    assert {action for _, _, action, _ in found} == {"allow"}
    assert result.verdict == "pass"
    finding = next(f for f in result.findings if f.entity_type == "PERSON")
    assert "公示期满后撤下" in finding.remedy


def test_the_same_roster_outside_a_publicity_category_goes_to_review():
    result = screening.scan_text(AID_NOTICE, category="general", show_values=True)
    actions = {f.action for f in result.findings if f.entity_type == "PERSON"}
    assert actions == {"review"}
    assert result.verdict == "review"


def test_name_list_line_with_minority_compound_and_single_character_given_names():
    text = "现将2024年度三好学生名单公布如下：阿卜杜拉·买买提、司马光明、张伟、李娜、上官婉儿、王五。"
    assert names(text) == ["阿卜杜拉·买买提", "司马光明", "张伟", "李娜", "上官婉儿", "王五"]


def test_a_list_of_subjects_or_places_is_not_a_list_of_people():
    assert names("学生须参加以下科目考试：语文、数学、英语、物理、化学。") == []
    assert names("本次评选覆盖全市各区：高新、经开、蜀山、包河、瑶海。") == []


def test_names_glued_to_identifiers_in_a_flattened_table():
    text = f"学生名单\n张伟{make_id()}\n3  李娜  九年级  712\n"
    assert names(text) == ["张伟", "李娜"]


def test_masked_names_are_recognised_as_masked_and_allowed():
    text = "当事人：张某，男，住所地安徽省合肥市。另查明，李某某、王*亦参与。主张某些观点的人不在此列。"
    found = findings_of(text, entity="PERSON")
    assert [(f.text, f.details["masked"], f.action) for f in found] == [
        ("张某", True, "allow"),
        ("李某某", True, "allow"),
        ("王*", True, "allow"),
    ]


def test_contact_lines_and_officials_stay_allowed():
    text = "联系人：李明，联系电话：0551-62881234。\n责任编辑：赵小燕\n校长王建国同志出席会议并讲话。"
    found = people(text)
    assert ("李明", "contact", "allow") in found
    assert ("赵小燕", "official", "allow") in found
    assert ("王建国", "official", "allow") in found
    assert {action for *_, action in found} == {"allow"}


def test_traditional_characters_contact_line():
    found = people("聯絡人：陳大文，電話：0551-62881234")
    assert found == [("陳大文", "contact", "allow")]


def test_a_pupil_named_in_a_news_item_goes_to_review_as_a_minor():
    text = "在全市中小学生作文比赛中，九年级学生刘晓雨同学获得一等奖，年仅15岁。"
    assert ("刘晓雨", "minor", "review") in people(text)


def test_penalty_decision_names_a_natural_person_for_review():
    text = "行政处罚决定书\n当事人：周建华，男。\n违法事实：经查，当事人未经审批擅自举办培训机构。"
    assert ("周建华", "other", "review") in people(text)


def test_organisations_places_and_titles_are_not_people():
    text = "中山大学、岳阳楼和鲁迅文学奖都在《岳阳楼记》与《朱自清散文选》的讨论中被提及。"
    assert names(text, policy="strict") == []


def test_name_column_in_a_spreadsheet_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "学生姓名", "年级", "总分", "名次"])
    sheet.append([1, "欧阳小明", "九年级", 698, 3])
    sheet.append([2, "平均", "", 512, ""])
    path = tmp_path / "期末考试成绩.xlsx"
    book.save(path)
    result = screening.scan_path(path, show_values=True)
    by_type = {(f.entity_type, f.text, f.location.row, f.action) for f in result.findings}
    assert ("PERSON", "欧阳小明", 2, "review") in by_type
    assert ("EXAM_SCORE", "698", 2, "block") in by_type
    assert ("EXAM_RANK", "3", 2, "block") in by_type
    # The statistics row has no person: its 512 is not personal.
    assert not any(f.text == "512" for f in result.findings)


def test_strict_profile_runs_the_model_on_every_block():
    if not names_model.model_available():
        pytest.fail("the name model must ship with the package (screening/engine/models/names)")
    text = "据新华社报道，张建国和李秀英昨天在北京会见了来访的代表团。"
    assert names(text, policy="strict") == ["张建国", "李秀英"]


def test_amount_and_statistics_columns_are_not_personal_details():
    from screening.engine.fields import fields_for_header

    assert fields_for_header("家庭经济困难学生资助金额") == ()
    assert fields_for_header("平均分") == ()
    assert [field.entity for field in fields_for_header("困难等级")] == ["FAMILY_HARDSHIP"]
    assert [field.entity for field in fields_for_header("总分")] == ["EXAM_SCORE"]
