import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_id

import screening
from screening.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CLEAN = SAMPLES / "关于举办2024年教师信息技术能力提升培训的通知.txt"
AID = SAMPLES / "2024年秋季学期国家助学金拟资助学生名单公示.txt"
DRAFT = SAMPLES / "征求意见稿.md"
ID = make_id()


def run(*args: str):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def test_exit_codes_follow_fail_on():
    assert run("scan", CLEAN).exit_code == 0
    assert run("scan", AID).exit_code == 1
    assert run("scan", DRAFT).exit_code == 1
    assert run("scan", DRAFT, "--fail-on", "block").exit_code == 0
    assert run("scan", AID, "--fail-on", "never").exit_code == 0


def test_usage_errors_and_invalid_policy_exit_2(tmp_path):
    assert run("scan").exit_code == 2
    assert run("scan", CLEAN, "--format", "pdf").exit_code == 2
    bad = tmp_path / "p.yaml"
    bad.write_text("name: x\nversion: 1\nrules: [{id: bad id}]\n", encoding="utf-8")
    result = run("scan", CLEAN, "--policy", bad)
    assert result.exit_code == 2 and "rules.0" in result.output


def test_empty_folder_is_not_a_clean_pass(tmp_path):
    result = run("scan", tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["documents"] == []


def test_json_report_shape_and_masking(tmp_path):
    draft = tmp_path / "名单.txt"
    draft.write_text(f"学生张三 身份证号：{ID} 手机：13800138000\n", encoding="utf-8")
    result = run("scan", draft, "--format", "json")
    assert result.exit_code == 1
    assert ID not in result.output and "13800138000" not in result.output
    report = json.loads(result.output)
    assert report["tool"]["name"] == "screening" and report["policy"]["name"] == "default"
    document = report["documents"][0]
    assert document["verdict"] == "block" and len(document["sha256"]) == 64
    finding = document["findings"][0]
    assert {"entity_type", "start", "end", "score", "action", "rule", "basis", "remedy", "preview", "location"} <= set(finding)
    assert "text" not in finding and finding["location"]["line"] == 1
    assert report["summary"]["verdicts"]["block"] == 1


def test_show_values_and_output_file(tmp_path):
    draft = tmp_path / "名单.txt"
    draft.write_text(f"身份证号：{ID}\n", encoding="utf-8")
    out = tmp_path / "report.json"
    assert run("scan", draft, "--format", "json", "--show-values", "--output", out).exit_code == 1
    finding = json.loads(out.read_text(encoding="utf-8"))["documents"][0]["findings"][0]
    assert finding["text"] == ID
    assert draft.read_text(encoding="utf-8")[finding["start"] : finding["end"]] == ID


def test_table_report_is_in_chinese_and_masked():
    result = run("scan", AID)
    assert "禁止发布" in result.output and "PII-ID" in result.output and "依据" in result.output
    text = AID.read_text(encoding="utf-8")
    import re

    full_ids = re.findall(r"\d{17}[\dX]", text)
    assert full_ids and not any(value in result.output for value in full_ids)


def test_extract_prints_the_decoded_text_offsets_refer_to():
    penalty = SAMPLES / "行政处罚决定书.txt"
    result = run("extract", penalty)
    assert result.exit_code == 0 and result.output == penalty.read_bytes().decode("gb18030")


def test_extract_with_locations_marks_parts_rows_and_columns():
    workbook = SAMPLES / "archive/2023-2024学年三好学生获奖名单.xlsx"
    lines = run("extract", "--locations", workbook).output.splitlines()
    assert "──── table, sheet 获奖名单, row 2 ────" in lines and "[姓名] 陈思远" in lines
    assert "──── hidden-sheet, sheet 原始数据, row 2 ────" in lines
    revised = SAMPLES / "2024年秋季学期国家助学金拟资助学生名单公示（修订稿）.docx"
    assert "──── tracked-deletion, paragraph 3 ────" in run("extract", "--locations", revised).output


def test_policy_commands(tmp_path):
    listed = run("policy", "list")
    assert "default" in listed.output and "strict" in listed.output
    shown = run("policy", "show", "default")
    assert "SEC-CLASSIFIED" in shown.output and "依据" in shown.output
    assert run("policy", "validate", "default", "strict").exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\n", encoding="utf-8")
    invalid = run("policy", "validate", bad)
    assert invalid.exit_code == 2 and "version" in invalid.output


def test_console_script_and_module_entry_point():
    script = Path(sys.executable).with_name("screening")  # installed beside the interpreter
    for command in ([str(script), "--version"], [sys.executable, "-m", "screening", "--version"]):
        completed = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert completed.returncode == 0 and "screening" in completed.stdout


@pytest.mark.parametrize("sample, verdict", [
    ("2024年秋季学期国家助学金拟资助学生名单公示.txt", "block"),
    ("关于举办2024年教师信息技术能力提升培训的通知.txt", "pass"),
    ("行政处罚决定书.txt", "block"),
    ("秘密文件.txt", "block"),
    ("征求意见稿.md", "review"),
    ("archive/2024年本科批次录取名单.csv", "block"),
    ("archive/2023年优秀学生干部拟表彰名单公示.txt", "pass"),
    ("archive/2023年勤工助学岗位学生名单.txt", "review"),
    ("archive/澳門交流學生聯絡資料.txt", "block"),
    ("archive/2024年中考喜报.txt", "block"),
    ("archive/2024年期末考试成绩分析.txt", "pass"),
    ("archive/2024年艺术类专业测试合格考生名单公示.txt", "pass"),
])
def test_bundled_samples_get_their_documented_verdicts(sample, verdict):
    import screening

    assert screening.scan_path(SAMPLES / sample).verdict == verdict


@pytest.mark.parametrize("sample, verdict, blocked_parts", [
    ("2024年秋季学期国家助学金拟资助学生名单公示（修订稿）.docx", "block", {"tracked-deletion", "comment", "header"}),
    ("关于做好2024年秋季学期学生资助政策宣传工作的通知.docx", "pass", set()),
    ("archive/2023-2024学年三好学生获奖名单.xlsx", "block", {"hidden-sheet"}),
    ("archive/行政处罚决定书（已遮盖）.pdf", "block", {"covered-text"}),
    ("archive/我校学生在市级比赛中获奖.html", "block", {"hidden-text"}),
    ("archive/研学活动附件.zip", "block", {"table"}),
    ("archive/我校举行2024年秋季田径运动会.html", "block", {"hidden-text"}),  # a planted link farm (SEC-INJECTED)
])
def test_office_samples_block_where_the_leak_hides(sample, verdict, blocked_parts):
    """Each office sample's visible text is clean or masked; what blocks is the hidden part."""
    import screening

    result = screening.scan_path(SAMPLES / sample)
    assert result.verdict == verdict
    assert {f.location.part for f in result.findings if f.action == "block"} == blocked_parts


def test_json_report_carries_category_evidence_and_roles(tmp_path):
    notice = tmp_path / "名单.txt"
    notice.write_text(
        "2024年国家奖学金获奖学生名单公示\n序号 姓名 学院 年级\n1 欧阳娜娜 文学院 2021级\n2 古丽·艾力 理学院 2022级\n"
        "公示期为5个工作日。联系人：陈明，联系电话：0551-62881234\n",
        encoding="gb18030",
    )
    report = json.loads(run("scan", notice, "--format", "json").output)
    [document] = report["documents"]
    assert document["category"] == "student_aid" and any("奖学金" in item for item in document["category_evidence"])
    people = [(f["role"], f["action"], f["details"]["source"]) for f in document["findings"] if f["entity_type"] == "PERSON"]
    assert ("student", "allow", "column") in people and ("contact", "allow", "cue") in people
    assert document["verdict"] == "pass"
    # Told it is an ordinary notice, the same pupils' names need a review.
    overridden = json.loads(run("scan", notice, "--format", "json", "--category", "general").output)["documents"][0]
    assert overridden["category"] == "general" and overridden["category_evidence"] == ["由调用方指定（--category）"]
    assert overridden["verdict"] == "review"
    assert "欧阳娜娜" not in run("scan", notice).output  # names are masked in the table report too


def test_traditional_character_notice(tmp_path):
    notice = tmp_path / "公示.txt"
    notice.write_text(
        f"助學金受助學生名單公示\n學生姓名：陳小明，身份證號碼：{ID}，家庭住址：安徽省合肥市肥西縣三河鎮楊柳村3組\n"
        "聯絡人：李大文，聯絡電話：0551-62881234\n",
        encoding="utf-8",
    )
    result = screening.scan_path(notice, show_values=True)
    found = {(f.entity_type, f.text, f.action) for f in result.findings}
    assert ("CN_RESIDENT_ID", ID, "block") in found
    assert ("PERSON", "陳小明", "allow") in found  # a student in a 助學金 公示
    assert ("PERSON", "李大文", "allow") in found  # the contact
    assert any(entity == "HOME_ADDRESS" and action == "block" for entity, _, action in found)
    assert result.category == "student_aid"


def test_unknown_category_is_a_usage_error():
    result = run("scan", CLEAN, "--category", "studentaid")
    assert result.exit_code == 2 and "student_aid" in result.output
