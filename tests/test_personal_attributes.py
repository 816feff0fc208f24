"""HOME_ADDRESS, BIRTH_DATE, HEALTH_INFO, FAMILY_HARDSHIP, RELIGION through the full engine.

Texts are generated in the shapes offices publish: 资助公示 rows, 行政处罚决定书 当事人 lines,
student-situation notes, plain-text tables with a header row. Names and villages are
invented. Policy text and statistics that use the same words must produce nothing.

Tests marked "person-tie" depend on the engine dropping ``needs_person`` detections that
have no person in their sentence or row (screening.engine.fields.tied_to_people).
"""

from __future__ import annotations

import pytest

from policies import load_policy
from recognizers.birth_date import BirthDateRecognizer
from recognizers.family_hardship import FamilyHardshipRecognizer
from recognizers.health_info import HealthInfoRecognizer
from recognizers.home_address import HomeAddressRecognizer
from recognizers.religion import ReligionRecognizer
from screening.engine.analyzer import shared_analyzer
from tests.conftest import findings_of, spans_of

PERSONAL = ("HOME_ADDRESS", "BIRTH_DATE", "HEALTH_INFO", "FAMILY_HARDSHIP", "RELIGION")


def personal_findings(text: str):
    return [f for f in findings_of(text) if f.entity_type in PERSONAL]


def details_of(recognizer, text: str) -> list[tuple[str, dict]]:
    """(value, details) of one recognizer's raw detections, before context and policy."""
    results = recognizer.analyze(text, recognizer.ENTITIES)
    return [(text[r.start : r.end], r.recognition_metadata["details"]) for r in results]


def scored(text: str, entity: str, header: str | None = None) -> list[tuple[str, float]]:
    """(value, score after context) of the analyzer's detections of `entity` in `text`."""
    return [(text[r.start : r.end], r.score) for r in shared_analyzer().analyze(text, header) if r.entity_type == entity]


# ---- HOME_ADDRESS ----

@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("当事人：李某某，男，住址：安徽省阜阳市颍州区清河街道文峰路88号2栋1单元302室。", "安徽省阜阳市颍州区清河街道文峰路88号2栋1单元302室"),
        ("王小红，女，家庭住址：安徽省合肥市肥西县三河镇杨柳村，父母务农。", "安徽省合肥市肥西县三河镇杨柳村"),
        ("户籍所在地：安徽省六安市霍邱县城关镇东湖社区", "安徽省六安市霍邱县城关镇东湖社区"),
        ("现住址为合肥市蜀山区稻香村街道南七里站社区12栋301室", "合肥市蜀山区稻香村街道南七里站社区12栋301室"),
        ("通讯地址：宿州市埇桥区符离镇青龙村7组", "宿州市埇桥区符离镇青龙村7组"),
        ("当事人：张某，男，1985年3月出生，住安徽省合肥市蜀山区长江西路100号。", "安徽省合肥市蜀山区长江西路100号"),
        ("王小红同学家住六安市霍邱县城关镇东湖村5组，父母常年在外务工。", "六安市霍邱县城关镇东湖村5组"),
    ],
)
def test_labelled_home_address_is_blocked(text, address):
    findings = findings_of(text, entity="HOME_ADDRESS")
    assert [text[f.start : f.end] for f in findings] == [address]
    assert findings[0].action == "block" and findings[0].rule == "PII-HOME-ADDRESS"


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("陳小明，戶籍地：安徽省合肥市肥東縣撮鎮鎮龍塘村", "安徽省合肥市肥東縣撮鎮鎮龍塘村"),
        ("家庭住址：安徽省六安市霍邱縣城關鎮東湖社區", "安徽省六安市霍邱縣城關鎮東湖社區"),
        ("通訊地址：合肥市蜀山區長江西路100號", "合肥市蜀山區長江西路100號"),
    ],
)
def test_home_address_in_traditional_characters(text, address):
    assert spans_of(text, "HOME_ADDRESS") == [address]


def test_home_address_column_of_a_plain_text_table():
    text = (
        "2024年秋季学期国家助学金拟资助学生名单公示\n"
        "序号 姓名 年级 家庭住址 资助档次\n"
        "1 王小红 七年级 安徽省合肥市肥西县三河镇杨柳村 一档\n"
        "2 李明轩 八年级 合肥市蜀山区长江西路100号 二档\n"
    )
    assert spans_of(text, "HOME_ADDRESS") == ["安徽省合肥市肥西县三河镇杨柳村", "合肥市蜀山区长江西路100号"]


def column_findings(header: str, cell: str, entity: str) -> list[str]:
    """Values of `entity` found in a one-row spreadsheet-like table with `header` over `cell`."""
    from screening.engine.screener import Screener
    from screening.sources.delimited import table_blocks

    rows = [f"序号,{header},备注\n", f"1,{cell},无\n"]
    findings, _ = Screener("default", show_values=True).screen_blocks(table_blocks(rows))
    return [f.text for f in findings if f.entity_type == entity]


def test_a_bare_address_is_personal_under_an_address_header_only():
    cell = "安徽省合肥市肥西县三河镇杨柳村"
    assert column_findings("家庭住址", cell, "HOME_ADDRESS") == [cell]
    assert column_findings("学校名称", cell, "HOME_ADDRESS") == []
    assert spans_of("学校位于 安徽省合肥市肥西县三河镇杨柳村", "HOME_ADDRESS") == []


@pytest.mark.parametrize(
    "text",
    [
        "学校地址：合肥市蜀山区长江西路100号",
        "单位地址：合肥市包河区徽州大道1号",
        "办公地址 合肥市蜀山区长江西路100号",
        "地址：合肥市包河区徽州大道1号（市教育局）",
        "地址：安徽省合肥市蜀山区长江西路100号 邮编：230001",
        "通讯地址：合肥市蜀山区长江西路100号安徽省教育厅学生资助管理中心",
        "举报地址：合肥市包河区徽州大道1号市教育局312室",
        "户籍地：安徽省合肥市",  # a city is a 生源地, not a door
        "请于9月1日前到户籍所在地县级教育行政部门申请。",
        "随迁子女凭居住证在居住地入学。",
        "住房和城乡建设局关于和平路改造的通知",
        "当事人：张某某，住某某县某某镇某某村3组。",  # already masked
    ],
)
def test_office_addresses_and_non_addresses_are_not_home_addresses(text):
    assert spans_of(text, "HOME_ADDRESS") == []


def test_home_address_details_mark_the_label():
    [(_, details)] = details_of(HomeAddressRecognizer(), "家庭住址：安徽省合肥市肥西县三河镇杨柳村")
    assert details == {"labelled": True, "label": "家庭住址"}
    # A bare cell is the column stage's (screening.engine.fields), not this recognizer's.
    assert details_of(HomeAddressRecognizer(), "1 王小红 安徽省合肥市肥西县三河镇杨柳村 一档") == []


# ---- BIRTH_DATE ----

@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("王小红，女，出生日期：2010年3月7日，就读于七年级。", "2010年3月7日"),
        ("出生日期：2010-03-07", "2010-03-07"),
        ("出生年月：2010.03", "2010.03"),
        ("出生年月 2010年3月", "2010年3月"),
        ("出生日期：20100307", "20100307"),
        ("生日：2010/3/7", "2010/3/7"),
        ("出生時間：2010年3月7日", "2010年3月7日"),
        ("王小红，2010年3月7日出生，现就读于七年级。", "2010年3月7日"),
        ("张某某，男，汉族，2008年5月12日生，住址略。", "2008年5月12日"),
        ("当事人：张某，男，1985年3月出生，个体经营者。", "1985年3月"),
        ("张凌，男，生于1996年1月，研究生。", "1996年1月"),
    ],
)
def test_birth_date_is_blocked(text, date):
    findings = findings_of(text, entity="BIRTH_DATE")
    assert [text[f.start : f.end] for f in findings] == [date]
    assert findings[0].action == "block" and findings[0].rule == "PII-BIRTH-DATE"


def test_birth_date_column_of_a_plain_text_table():
    text = "序号 姓名 性别 出生日期 班级\n1 王小红 女 2010-03-07 七(1)班\n2 李明轩 男 2009年11月23日 七(2)班\n"
    assert spans_of(text, "BIRTH_DATE") == ["2010-03-07", "2009年11月23日"]


def test_a_bare_date_is_personal_under_a_birth_header_only():
    assert column_findings("出生日期", "2010-03-07", "BIRTH_DATE") == ["2010-03-07"]
    assert column_findings("发布日期", "2024-03-01", "BIRTH_DATE") == []
    assert spans_of("2010-03-07", "BIRTH_DATE") == []


@pytest.mark.parametrize(
    "text",
    [
        "成文日期：2024年3月1日",
        "发布日期：2024-03-01",
        "印发日期 2024年3月1日",
        "生成日期：2024年03月01日",
        "发生日期：2024年3月1日",
        "合肥市教育局\n2024年3月1日",
        "本办法自2024年9月1日起施行。",
        "公示时间：2024年9月1日至2024年9月7日。",
        "2024年3月7日，市教育局召开学生资助工作会议。",
        "凡2017年9月1日至2018年8月31日出生的儿童均可报名。",
        "2018年8月31日以后出生的儿童不得提前入学。",
        "于恩军先生于2000年8月开始服务于本集团。",
        "出生日期：2035年3月7日",  # not yet born
    ],
)
def test_document_dates_are_not_birth_dates(text):
    assert spans_of(text, "BIRTH_DATE") == []


def test_year_and_month_of_an_appointee_is_allowed_in_a_personnel_notice():
    text = "关于王建国同志任前公示\n王建国，男，1975年3月出生，中共党员，拟任市第一中学校长。"
    [finding] = findings_of(text, entity="BIRTH_DATE")
    assert (finding.rule, finding.action, finding.details["precision"]) == ("PII-BIRTH-MONTH-PERSONNEL", "allow", "month")
    [full] = findings_of("王建国，男，1975年3月7日出生，拟任市第一中学校长。", entity="BIRTH_DATE", category="personnel")
    assert full.action == "block"


# ---- HEALTH_INFO ----

@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("残疾类别：视力残疾 残疾等级：二级", ["视力残疾", "二级"]),
        ("姓名：王小红 健康状况：先天性心脏病", ["先天性心脏病"]),
        ("殘疾類別：肢體殘疾", ["肢體殘疾"]),
        ("该生患有先天性心脏病，家庭经济困难。", ["先天性心脏病"]),
        ("王小红同学患有抑郁症，正在接受治疗。", ["抑郁症"]),
        ("该生有癫痫病史，请班主任注意。", ["癫痫病史"]),
        ("本人确诊为白血病，正在化疗。", ["白血病"]),
        ("该生为肢体残疾二级，行动不便。", ["肢体残疾二级"]),
        ("该生存在心理问题，已多次心理咨询。", ["心理问题"]),
        ("該生患有自閉症。", ["自閉症"]),
    ],
)
def test_health_information_about_a_person_is_blocked(text, values):
    findings = findings_of(text, entity="HEALTH_INFO")
    assert [text[f.start : f.end] for f in findings] == values
    assert {f.rule for f in findings} == {"SPI-HEALTH"} and {f.action for f in findings} == {"block"}


def test_disability_certificate_label_is_the_health_detail():
    text = "该生持有残疾证，残疾证号：34010420100307651X43"
    assert "残疾证号" in spans_of(text, "HEALTH_INFO")


@pytest.mark.parametrize(
    "text",
    [
        "加强学生心理健康教育，及时发现和干预学生心理问题。",
        "全市共有残疾学生1200人，其中视力残疾学生320人。",
        "学校设立心理咨询室，为学生提供心理咨询服务。",
        "做好学生常见病、传染病预防工作，开展近视、脊柱弯曲异常筛查。",
        "对患有癫痫、先天性心脏病等疾病的学生，学校应做好应急预案。",
        "校长王建国指出，要关心患有重大疾病的学生，做好大病医疗保险参保工作。",
        "恶性肿瘤防治知识进校园活动",
        "省教育厅、省残联联合印发《残疾儿童少年随班就读工作实施办法》。",
        "健康状况：良好",
        "残疾类别：无",
    ],
)
def test_health_policy_and_statistics_are_not_findings(text):
    assert spans_of(text, "HEALTH_INFO") == []


# ---- FAMILY_HARDSHIP ----

@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("王小红同学，该生家庭系建档立卡贫困户，父母双亡。", ["建档立卡贫困户", "父母双亡"]),
        ("该生系事实无人抚养儿童，由祖母抚养。", ["事实无人抚养儿童"]),
        ("该生父母离异，随母亲生活，为单亲家庭。", ["父母离异", "单亲家庭"]),
        ("该生家庭为城乡低保户，母亲长期患病。", ["城乡低保户"]),
        ("该生家庭经济特别困难，认定等级：特别困难。", ["家庭经济特别困难", "特别困难"]),
        ("困难类型：低保", ["低保"]),
        ("該生為孤兒，家庭為低保戶。", ["孤兒", "低保戶"]),
    ],
)
def test_family_hardship_about_a_person_is_blocked(text, values):
    findings = findings_of(text, entity="FAMILY_HARDSHIP")
    assert [text[f.start : f.end] for f in findings] == values
    assert {f.rule for f in findings} == {"SPI-HARDSHIP"} and {f.action for f in findings} == {"block"}


def test_family_hardship_column_of_an_aid_list():
    text = "序号 姓名 困难类型 资助金额\n1 王小红 低保户 3300\n2 李明轩 孤儿 3300\n"
    assert spans_of(text, "FAMILY_HARDSHIP") == ["低保户", "孤儿"]


@pytest.mark.parametrize(
    "text",
    [
        "对低保家庭学生给予资助。",
        "各地要将建档立卡学生、低保家庭学生、特困供养学生、孤残学生等作为重点资助对象。",
        "对孤儿和事实无人抚养儿童给予基本生活保障。",
        "关爱农村留守儿童，健全农村留守儿童关爱服务体系。",
        "2023年，全省共资助家庭经济困难学生120万人次，其中建档立卡学生15万人。",
        "校长李建国表示，今年全市低保标准提高，建档立卡贫困户比例下降。",
        "申请人须提供低保证、特困证或残疾证复印件。",
        "全市建档立卡贫困户子女全部实现应助尽助。",
        "认定等级：一般",
        "困难类型：无",
    ],
)
def test_hardship_policy_and_statistics_are_not_findings(text):
    assert spans_of(text, "FAMILY_HARDSHIP") == []


# ---- RELIGION ----

@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("姓名：王小红 民族：回族 宗教信仰：伊斯兰教", ["伊斯兰教"]),
        ("宗教：佛教", ["佛教"]),
        ("宗教信仰：基督教", ["基督教"]),
        ("该生信仰伊斯兰教，饮食有特殊要求。", ["信仰伊斯兰教"]),
        ("王小红同学是基督徒。", ["基督徒"]),
    ],
)
def test_religion_of_a_person_is_blocked(text, values):
    findings = findings_of(text, entity="RELIGION")
    assert [text[f.start : f.end] for f in findings] == values
    assert {f.rule for f in findings} == {"SPI-RELIGION"} and {f.action for f in findings} == {"block"}


def test_religion_column_of_a_plain_text_table():
    text = "序号 姓名 民族 宗教信仰\n1 王小红 回族 伊斯兰教\n2 李明轩 汉族 无\n"
    assert spans_of(text, "RELIGION") == ["伊斯兰教"]


def test_bare_religion_is_lifted_by_its_header_only():
    [(_, alone)] = scored("佛教", "RELIGION")
    [(_, under_header)] = scored("佛教", "RELIGION", header="宗教信仰")
    assert alone < 0.5 <= under_header


@pytest.mark.parametrize(
    "text",
    [
        "根据《宗教事务管理条例》，依法管理宗教事务。",
        "公民有宗教信仰自由，有信教和不信教的自由。",
        "校长王建国在开学典礼上强调，要尊重少数民族学生的宗教信仰和风俗习惯。",
        "信仰伊斯兰教的少数民族学生，学校食堂应设清真窗口。",
        "加强宗教政策宣传，抵御宗教渗透。",
        "宗教信仰：无",
        "序号 姓名 民族 宗教信仰 备注",
    ],
)
def test_religion_policy_is_not_a_finding(text):
    assert spans_of(text, "RELIGION") == []


# ---- conventions: labelled fields vs terms that need a person ----

@pytest.mark.parametrize(
    ("recognizer", "text", "term"),
    [
        (HealthInfoRecognizer, "该生患有先天性心脏病", "先天性心脏病"),
        (HealthInfoRecognizer, "该生为肢体残疾二级", "肢体残疾"),
        (FamilyHardshipRecognizer, "该生家庭系低保户", "低保户"),
        (ReligionRecognizer, "该生信仰伊斯兰教", "伊斯兰教"),
    ],
)
def test_prose_terms_need_a_person(recognizer, text, term):
    [(_, details)] = details_of(recognizer(), text)
    assert details == {"needs_person": True, "term": term}


@pytest.mark.parametrize(
    ("recognizer", "text"),
    [
        (HealthInfoRecognizer, "残疾类别：视力残疾"),
        (FamilyHardshipRecognizer, "困难类型：低保户"),
        (ReligionRecognizer, "宗教信仰：佛教"),
        (BirthDateRecognizer, "出生日期：2010年3月7日"),
        (HomeAddressRecognizer, "家庭住址：肥西县三河镇杨柳村"),
    ],
)
def test_labelled_fields_do_not_need_a_person(recognizer, text):
    [(_, details)] = details_of(recognizer(), text)
    assert details["labelled"] is True and "needs_person" not in details


# person-tie: these pass only with the engine's person-tie stage.
@pytest.mark.parametrize(
    ("without_person", "with_person", "entity"),
    [
        ("母亲长期患有尿毒症，常年住院治疗。", "该生母亲长期患有尿毒症。", "HEALTH_INFO"),
        ("家庭系建档立卡贫困户。", "该生家庭系建档立卡贫困户。", "FAMILY_HARDSHIP"),
        ("父母双亡，由祖母抚养。", "王小红同学父母双亡，由祖母抚养。", "FAMILY_HARDSHIP"),
        ("信仰伊斯兰教，饮食有特殊要求。", "该生信仰伊斯兰教，饮食有特殊要求。", "RELIGION"),
    ],
)
def test_a_prose_term_is_a_finding_only_next_to_a_person(without_person, with_person, entity):
    assert spans_of(without_person, entity) == []
    assert spans_of(with_person, entity) != []


def test_person_tie_is_per_sentence():
    # person-tie: the person in the first sentence does not own the group statement in the second.
    text = "王小红同学家庭系低保户。全市低保家庭学生均已纳入资助范围。"
    assert spans_of(text, "FAMILY_HARDSHIP") == ["低保户"]


# ---- the prefilter: every label and term contains its recognizer's trigger, in both scripts ----

def _vocabulary():
    from recognizers import (
        birth_date,
        family_hardship,
        health_info,
        home_address,
        religion,
    )

    yield HomeAddressRecognizer, home_address.LABELS + home_address.PROSE_LABELS
    yield BirthDateRecognizer, birth_date.LABELS + ("生日", "生于")
    yield HealthInfoRecognizer, (
        health_info.FIELD_LABELS + health_info.CONDITIONS + health_info.DIAGNOSIS_VERBS
        + tuple(kind + "残疾" for kind in health_info.DISABILITY_KINDS) + ("残疾证号",)
    )
    yield FamilyHardshipRecognizer, family_hardship.FIELD_LABELS + family_hardship.TERMS
    yield ReligionRecognizer, religion.RELIGIONS + religion.BELIEVERS + ("信教", "受洗")


@pytest.mark.parametrize(("recognizer", "words"), list(_vocabulary()), ids=lambda value: getattr(value, "__name__", ""))
def test_every_word_passes_the_prefilter(recognizer, words):
    import opencc
    import regex

    traditional = opencc.OpenCC("s2t")
    missed = [w for w in words for form in (w, traditional.convert(w)) if not regex.search(recognizer.TRIGGER, form)]
    assert missed == []


# ---- policy rules ----

RULES = {
    "PII-HOME-ADDRESS": "HOME_ADDRESS",
    "PII-BIRTH-DATE": "BIRTH_DATE",
    "SPI-HEALTH": "HEALTH_INFO",
    "SPI-HARDSHIP": "FAMILY_HARDSHIP",
    "SPI-RELIGION": "RELIGION",
}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_blocks_and_its_example_triggers_it(rule_id):
    rule = next(r for r in load_policy("default").rules if r.id == rule_id)
    assert rule.entity == [RULES[rule_id]] and rule.action == "block" and rule.basis and rule.example
    assert rule_id in {f.rule for f in findings_of(rule.example, entity=RULES[rule_id])}


def test_ordinary_aid_notice_has_no_personal_attribute_findings():
    text = (
        "关于做好2024年秋季学期学生资助工作的通知\n"
        "各县（市、区）教育局：\n"
        "为切实做好家庭经济困难学生资助工作，现就有关事项通知如下。\n"
        "一、精准认定资助对象。重点关注建档立卡脱贫家庭学生、最低生活保障家庭学生、特困供养学生、孤儿、"
        "事实无人抚养儿童、残疾学生及残疾人家庭子女等困难群体。\n"
        "二、加强学生心理健康教育，关心关爱留守儿童。\n"
        "三、严格公示要求。公示内容不得包含学生身份证号、家庭住址、出生日期、家庭经济困难情况等信息。\n"
        "地址：合肥市包河区徽州大道1号 联系电话：0551-62881234\n"
        "合肥市教育局\n2024年9月1日\n"
    )
    assert personal_findings(text) == []
