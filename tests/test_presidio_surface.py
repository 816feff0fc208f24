"""Presidio stays the plug-in surface: the detectors run in a stock `AnalyzerEngine` and find
what the engine finds (issue 14)."""

from __future__ import annotations

import pytest
from conftest import make_card, make_id
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

import screening
from recognizers.textnorm import to_halfwidth
from screening.engine.analyzer import resolve_overlaps
from screening.engine.nlp import ChineseNlpEngine

ID, CARD = make_id(), make_card()
NOTICE = (
    "2024年秋季学期国家助学金受助学生名单公示\n"
    f"王小明，身份证号 {ID}，联系电话 13812345678，银行卡号 {CARD}，"
    "家庭住址：安徽省合肥市蜀山区长江西路100号3栋502室，家庭经济困难认定为特别困难（建档立卡）。\n"
    "电子邮箱：wangxm2010@163.com。\n"
    "联系人：县教育局学生资助管理中心 赵明，电话：0551-62881234。"
)


def stock_engine(recognizers) -> AnalyzerEngine:
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["zh"])
    return AnalyzerEngine(registry=registry, nlp_engine=ChineseNlpEngine(), supported_languages=["zh"])


@pytest.mark.parametrize("policy", ["default", "strict", "identifiers"])
def test_a_stock_analyzer_finds_the_spans_the_engine_finds(policy):
    recognizers = screening.presidio_recognizers(policy)
    kinds = {entity for recognizer in recognizers for entity in recognizer.supported_entities}
    stock = stock_engine(recognizers).analyze(text=to_halfwidth(NOTICE), language="zh", score_threshold=0.01)
    engine = screening.scan_text(NOTICE, policy=policy).findings
    stock_spans = {(r.entity_type, r.start, r.end) for r in resolve_overlaps(stock)}
    engine_spans = {(f.entity_type, f.start, f.end) for f in engine if f.entity_type in kinds}
    assert stock_spans == engine_spans
    assert {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "BANK_CARD", "EMAIL_ADDRESS"} <= {kind for kind, _, _ in stock_spans}


def test_the_identifiers_profile_gives_no_attribute_detectors_and_a_deny_list_comes_along(tmp_path):
    assert not any("HOME_ADDRESS" in r.supported_entities for r in screening.presidio_recognizers("identifiers"))
    policy = tmp_path / "county.yaml"
    policy.write_text('name: county\nversion: "1"\nextends: default\ndeny_list: ["雏鹰计划名单"]\n', encoding="utf-8")
    recognizers = screening.presidio_recognizers(policy)
    found = stock_engine(recognizers).analyze(text="附件：雏鹰计划名单.xlsx", language="zh")
    assert [(r.entity_type, r.start, r.end) for r in found] == [("NEGATIVE_LIST_TERM", 3, 9)]


COURSE_POLICY = """
name: county
version: "1"
extends: default
recognizers:
  - name: CampusCardRecognizer
    supported_entity: CAMPUS_CARD
    patterns:
      - name: campus card
        regex: "XY[0-9]{8}"
        score: 0.6
    context: [校园卡]
rules:
  - id: CAMPUS-CARD
    entity: CAMPUS_CARD
    action: block
    message: 校园卡号不得公开
    basis: 本校个人信息保护规定
    remedy: {kind: mask, instruction: 删除或遮盖校园卡号}
"""


def test_a_recognizer_written_in_the_policy_the_presidio_way_runs_in_the_engine(tmp_path):
    policy = tmp_path / "county.yaml"
    policy.write_text(COURSE_POLICY, encoding="utf-8")
    text = "食堂消费异常名单\n校园卡号：ＸＹ２０２４０３１７，请本人到一卡通中心办理。\n学号XY2024 不是卡号。"
    findings = screening.scan_text(text, policy=str(policy)).findings
    assert [(f.entity_type, f.rule, f.action, text[f.start : f.end]) for f in findings] == [
        ("CAMPUS_CARD", "CAMPUS-CARD", "block", "ＸＹ２０２４０３１７")
    ]
    assert findings[0].score > 0.6  # 校园卡 before it: Presidio's context word, read by our enhancer
    stock = stock_engine(screening.presidio_recognizers(policy)).analyze(text=to_halfwidth(text), language="zh", entities=["CAMPUS_CARD"])
    assert [(r.start, r.end) for r in stock] == [(findings[0].start, findings[0].end)]


def test_a_recognizer_passed_in_python_runs_and_an_unruled_entity_goes_to_review():
    from presidio_analyzer import Pattern, PatternRecognizer

    from screening.engine import Screener
    from screening.engine.scanner import screen_text

    dorm = PatternRecognizer(supported_entity="DORM_ROOM", supported_language="zh", patterns=[Pattern("dorm", r"[0-9]{1,2}栋[0-9]{3}室", 0.7)])
    text = "住宿安排：李华同学入住12栋305室。"
    result = screen_text(Screener("default", recognizers=[dorm]), text)
    assert [(f.entity_type, f.rule, f.action) for f in result.findings if f.entity_type == "DORM_ROOM"] == [("DORM_ROOM", "UNLISTED", "review")]
    assert not any(f.entity_type == "DORM_ROOM" for f in screen_text(Screener("default"), text).findings)


def test_a_policy_recognizer_with_a_bad_regex_or_an_unscreened_entity_is_refused(tmp_path):
    from policies import PolicyError, load_policy

    bad = tmp_path / "bad.yaml"
    bad.write_text(COURSE_POLICY.replace('"XY[0-9]{8}"', '"XY[0-9"'), encoding="utf-8")
    with pytest.raises(PolicyError, match="not a valid regular expression"):
        load_policy(str(bad))
    narrow = tmp_path / "narrow.yaml"
    narrow.write_text(COURSE_POLICY.replace("extends: default", "extends: identifiers"), encoding="utf-8")
    with pytest.raises(PolicyError, match="CAMPUS_CARD is not in `entities`"):
        load_policy(str(narrow))


def test_a_pattern_presidio_cannot_compile_is_refused_when_the_policy_loads(tmp_path):
    from policies import PolicyError, load_policy

    policy = tmp_path / "han.yaml"
    policy.write_text(COURSE_POLICY.replace('"XY[0-9]{8}"', '"\\\\p{Han}{2}卡"'), encoding="utf-8")
    with pytest.raises(PolicyError, match="not a valid regular expression"):
        load_policy(str(policy))


def test_a_python_recognizer_the_policy_would_drop_is_refused():
    from presidio_analyzer import Pattern, PatternRecognizer

    from screening.engine import Screener

    dorm = PatternRecognizer(supported_entity="DORM_ROOM", supported_language="zh", patterns=[Pattern("dorm", r"[0-9]{1,2}栋[0-9]{3}室", 0.7)])
    with pytest.raises(ValueError, match="does not screen DORM_ROOM"):
        Screener("identifiers", recognizers=[dorm])


def test_a_deny_list_term_written_full_width_is_found_in_either_width(tmp_path):
    policy = tmp_path / "county.yaml"
    policy.write_text('name: county\nversion: "1"\nextends: default\ndeny_list: ["ＡＢＣ班名单"]\n', encoding="utf-8")
    for text in ("附件：ABC班名单.xlsx", "附件：ＡＢＣ班名单.xlsx"):
        found = [(f.entity_type, text[f.start : f.end]) for f in screening.scan_text(text, policy=str(policy)).findings]
        assert found == [("NEGATIVE_LIST_TERM", text[3:9])]
