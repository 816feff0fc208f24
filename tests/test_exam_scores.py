"""Exam scores, ranks and score publicity (recognizers/exam_score.py, rules EXAM-*).

Scores and ranks carry needs_person: the engine keeps them only next to a person (a name,
张某, 该生 …) in their sentence or table row. Publicity (状元, 喜报, 升学率 …) stands alone.
"""

import pytest
from conftest import findings_of, spans_of

GOOD_NEWS = "喜报：我校2024年高考再创佳绩，李某同学以712分的成绩荣获全市理科状元，清北录取12人，一本上线率达98%。"

SCORE_ANALYSIS = """2024年全市中考成绩分析
本次考试全市平均分为486.5分，语文平均分102分，及格率92%，优秀率35%。
普通高中录取分数线为520分，最低录取分498分，最高分702分，600分以上考生共326人。
"""

SCORING_RULES = """考试说明
试卷满分150分，考试时长120分钟。选择题每题5分，共计60分；非选择题总分值90分，每空10分。
成绩60分以上为合格，85分及以上为优秀。获市级三好学生称号的考生加10分。
"""

BAN = """关于规范招生宣传的通知
各学校要严格落实教育部要求，严禁宣传炒作“高考状元”“中考状元”，不得宣传升学率、上线率，杜绝以“喜报”等形式公布高考成绩。
坚决克服片面追求升学率的倾向。
"""


def blocked(text, entity=None, **kwargs):
    return [(f.entity_type, text[f.start : f.end]) for f in findings_of(text, entity=entity, **kwargs) if f.action == "block"]


def test_good_news_with_a_top_scorer_and_a_score_is_blocked():
    found = [f for f in findings_of(GOOD_NEWS, entity="EXAM_SCORE")]
    assert {(f.details.get("kind"), f.rule) for f in found} == {("publicity", "EXAM-PUBLICITY"), ("score", "EXAM-SCORE")}
    assert all(f.action == "block" for f in found)
    terms = {f.details["term"] for f in found if f.details["kind"] == "publicity"}
    assert terms == {"喜报", "状元", "清北", "一本上线率"}
    assert "712分" in spans_of(GOOD_NEWS, "EXAM_SCORE")
    # A 喜报 is no admission 公示, even where the document reads as admission (录取).
    in_admission = findings_of(GOOD_NEWS, entity="EXAM_SCORE", category="admission")
    assert [f.rule for f in in_admission if f.details["kind"] == "score"] == ["EXAM-SCORE"]


@pytest.mark.parametrize(
    "text, term",
    [
        ("热烈祝贺我校荣获2024年全省高考文科状元", "状元"),
        ("高考成绩揭晓，我校学子摘得理科榜眼", "榜眼"),
        ("全校600分以上高分考生达86人", "高分考生"),
        ("我校今年初中升学率达98%", "升学率"),
        ("今年考入清华、北大共5人", "清北"),
    ],
)
def test_score_publicity_is_blocked_without_any_person(text, term):
    found = findings_of(text, entity="EXAM_SCORE")
    expected = [("block", "EXAM-PUBLICITY", {"kind": "publicity", "term": term})]
    assert [(f.action, f.rule, f.details) for f in found] == expected


def test_a_score_analysis_without_names_is_not_flagged():
    assert blocked(SCORE_ANALYSIS) == []
    assert findings_of(SCORE_ANALYSIS, entity="EXAM_SCORE") == []


def test_scoring_rules_are_not_flagged():
    assert findings_of(SCORING_RULES, entity="EXAM_SCORE") == []
    assert findings_of(SCORING_RULES, entity="EXAM_RANK") == []


def test_a_rule_forbidding_publicity_is_not_flagged():
    assert findings_of(BAN, entity="EXAM_SCORE") == []


@pytest.mark.parametrize(
    "text",
    [
        "行行出状元，职业教育大有可为。",
        "学校地址：状元路18号",
        "全省第一批义务教育优质均衡发展县名单",
        "一年级第一学期开学时间为9月1日",
        "会议时间：上午10时30分",
        "600分至650分之间的考生",
        "喜报：我校在全国青少年科技创新大赛中获一等奖",
    ],
)
def test_look_alikes_are_not_flagged(text):
    assert findings_of(text, entity="EXAM_SCORE") + findings_of(text, entity="EXAM_RANK") == []


@pytest.mark.parametrize(
    "text, entity, span",
    [
        ("该生总分698分。", "EXAM_SCORE", "698分"),
        ("该生中考成绩 689.5 分。", "EXAM_SCORE", "689.5 分"),
        ("该生总分：652，报考第一志愿。", "EXAM_SCORE", "652"),
        ("该生体育成绩为A+。", "EXAM_SCORE", "A+"),
        ("该生语文135分、数学148分。", "EXAM_SCORE", "135分"),
        ("该生在年级排名第12名。", "EXAM_RANK", "年级排名第12名"),
        ("该生位列全省前十。", "EXAM_RANK", "位列全省前十"),
        ("该生名列年级第一。", "EXAM_RANK", "名列年级第一"),
        ("该生获全县第3名。", "EXAM_RANK", "全县第3名"),
    ],
)
def test_a_score_or_rank_next_to_a_person_cue_is_blocked(text, entity, span):
    found = findings_of(text, entity=entity)
    assert found and found[0].action == "block" and found[0].details["needs_person"] is True
    assert text[found[0].start : found[0].end] == span


def test_a_named_student_with_score_and_rank_is_blocked():
    # The tie to 王小明 needs the name model (or the 同学 cue) of the people stage.
    text = "王小明同学以698分的成绩位列全省第一名。"
    assert blocked(text, "EXAM_SCORE") == [("EXAM_SCORE", "698分")]
    assert blocked(text, "EXAM_RANK") == [("EXAM_RANK", "位列全省第一名")]


@pytest.mark.parametrize("text", ["考了698分。", "第一名可获奖学金5000元。", "总分：652分"])
def test_a_score_or_rank_with_no_person_is_not_flagged(text):
    # Depends on the engine's person-tie stage (needs_person).
    assert findings_of(text, entity="EXAM_SCORE") + findings_of(text, entity="EXAM_RANK") == []


def test_a_bonus_rule_is_general_but_a_named_bonus_is_personal():
    assert findings_of("对烈士子女，中考总成绩加10分。", entity="EXAM_SCORE") == []
    assert spans_of("该生为烈士子女，中考总成绩加10分。", "EXAM_SCORE") == ["10分"]


ART_ADMISSION = """2025年艺术类专业测试合格考生名单公示
李某某，专业测试成绩86.5分；张某，专业测试成绩82分。
公示期为5个工作日。
"""


def test_test_scores_in_a_special_admission_notice_are_allowed():
    found = findings_of(ART_ADMISSION, entity="EXAM_SCORE", category="admission")
    assert [(ART_ADMISSION[f.start : f.end], f.action, f.rule) for f in found] == [
        ("86.5分", "allow", "EXAM-SCORE-ADMISSION"),
        ("82分", "allow", "EXAM-SCORE-ADMISSION"),
    ]
    # In another category the same scores are blocked; publicity stays blocked in admission too.
    assert {f.action for f in findings_of(ART_ADMISSION, entity="EXAM_SCORE", category="general")} == {"block"}
    assert [f.rule for f in findings_of("热烈祝贺李某同学荣获高考状元", entity="EXAM_SCORE", category="admission")] == [
        "EXAM-PUBLICITY"
    ]


def test_traditional_characters():
    assert [f.details["term"] for f in findings_of("熱烈祝賀我校學子榮獲全市高考狀元", entity="EXAM_SCORE")] == ["状元"]
    assert blocked("嚴禁炒作「高考狀元」，不得宣傳升學率。") == []
    text = "考生李某同学總分：652分，年級第一名。"
    assert spans_of(text, "EXAM_SCORE") == ["652分"]
    assert spans_of(text, "EXAM_RANK") == ["年級第一名"]


def test_traditional_person_cue():
    # Depends on the people stage reading traditional cues (該生, 同學).
    text = "該生總分：652分，年級第一名。"
    assert spans_of(text, "EXAM_SCORE") == ["652分"]
    assert spans_of(text, "EXAM_RANK") == ["年級第一名"]
