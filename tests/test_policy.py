import textwrap

import pytest
from conftest import findings_of, make_id

import screening
from policies import PolicyError, bundled_profiles, load_policy

ID = make_id()


def write(tmp_path, text: str):
    path = tmp_path / "policy.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_bundled_profiles_load_and_rule_ids_are_unique():
    assert {"default", "strict"} <= set(bundled_profiles())
    for name in bundled_profiles():
        policy = load_policy(name)
        ids = [rule.id for rule in policy.rules]
        assert len(ids) == len(set(ids))
        assert all(rule.basis and rule.message and rule.remedy.instruction for rule in policy.rules)


def test_strict_extends_default_and_skips_no_block():
    strict = load_policy("strict")
    assert strict.prefilter is False and strict.rule_by_id("PII-ID") is not None


def test_invalid_policy_names_file_key_and_problem(tmp_path):
    path = write(
        tmp_path,
        """
        name: office
        version: "1"
        rules:
          - id: PII-ID
            entity: CN_RESIDENT_ID
            action: hide
            message: x
            basis: y
            remedy: {instruction: z}
        """,
    )
    with pytest.raises(PolicyError) as error:
        load_policy(str(path))
    message = str(error.value)
    assert str(path) in message and "rules.0.action" in message and "block" in message


def test_unknown_key_and_bad_yaml_are_reported(tmp_path):
    path = write(tmp_path, 'name: x\nversion: "1"\nrulez: []\n')
    with pytest.raises(PolicyError, match="rulez"):
        load_policy(str(path))
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not valid YAML"):
        load_policy(str(bad))


def test_custom_policy_with_deny_list_allow_list_and_override(tmp_path):
    path = write(
        tmp_path,
        """
        name: county-bureau
        version: "2024.1"
        extends: default
        rules:
          - id: PII-LANDLINE
            entity: CN_LANDLINE_PHONE
            action: block
            message: 固定电话
            basis: 本局规定
            remedy: {kind: delete, instruction: 删除}
        allow_list: ["0551-65550000"]
        deny_list: ["雏鹰计划名单"]
        """,
    )
    policy = load_policy(str(path))
    result = screening.scan_text("附件：雏鹰计划名单\n张三 0551-65551234\n值班 0551-65550000 王五", policy=policy)
    decided = [(f.entity_type, f.action, f.rule) for f in result.findings]
    assert ("NEGATIVE_LIST_TERM", "block", "NEG-LIST") in decided
    assert ("CN_LANDLINE_PHONE", "block", "PII-LANDLINE") in decided
    assert ("CN_LANDLINE_PHONE", "allow", "ALLOW-LIST") in decided


def test_entity_without_rule_is_reviewed_not_dropped(tmp_path):
    path = write(
        tmp_path,
        """
        name: minimal
        version: "1"
        rules:
          - id: PII-ID
            entity: CN_RESIDENT_ID
            action: block
            message: 身份证号
            basis: 条例第十五条
            remedy: {instruction: 删除}
        """,
    )
    result = screening.scan_text("手机：13800138000", policy=load_policy(str(path)))
    assert [(f.entity_type, f.action, f.rule) for f in result.findings] == [("CN_MOBILE_PHONE", "review", "UNLISTED")]


def test_verdict_is_the_strongest_action():
    assert screening.scan_text("联系电话：0551-62881234").verdict == "pass"
    assert screening.scan_text("关于调整资助标准的请示").verdict == "review"
    assert screening.scan_text(f"关于调整资助标准的请示\n身份证号：{ID}").verdict == "block"


def test_strict_finds_low_confidence_items_default_drops():
    text = "编号E12345678"  # an unlabelled e-passport-shaped code
    assert findings_of(text, entity="CN_PASSPORT") == []
    assert [f.action for f in findings_of(text, policy="strict", entity="CN_PASSPORT")] == ["review"]


def test_default_prefilter_and_strict_agree_on_a_realistic_list():
    text = f"2024年资助名单\n序号 姓名 身份证号 电话\n1 张三 {ID} 13800138000\n\n本通知自发布之日起施行。"
    default = {(f.entity_type, f.start) for f in findings_of(text) if f.action != "allow"}
    strict = {(f.entity_type, f.start) for f in findings_of(text, policy="strict") if f.action != "allow"}
    assert default == strict == {("CN_RESIDENT_ID", text.index(ID)), ("CN_MOBILE_PHONE", text.index("138"))}


def test_a_custom_rule_inherits_message_basis_and_remedy_from_the_base_rule_of_its_entity(tmp_path):
    path = write(
        tmp_path,
        """
        name: county-bureau
        version: "2024.1"
        extends: default
        rules:
          - id: OUR-LANDLINE
            entity: CN_LANDLINE_PHONE
            action: block
            message: 本局：固定电话不得公开
        """,
    )
    policy, default = load_policy(str(path)), load_policy("default")
    ours, theirs = policy.rule_by_id("OUR-LANDLINE"), default.rules_for("CN_LANDLINE_PHONE")[0]
    assert ours.message == "本局：固定电话不得公开" and ours.message_en is None  # its own, and no stale English
    assert (ours.basis, ours.basis_en, ours.remedy) == (theirs.basis, theirs.basis_en, theirs.remedy)
    result = screening.scan_text("张三 0551-65551234", policy=policy)
    assert [(f.rule, f.action) for f in result.findings if f.entity_type == "CN_LANDLINE_PHONE"] == [("OUR-LANDLINE", "block")]


def test_a_missing_rule_text_without_a_base_names_the_rule_and_field_in_chinese_and_english(tmp_path):
    path = write(
        tmp_path,
        """
        name: office
        version: "1"
        rules:
          - id: OUR-ID
            entity: CN_RESIDENT_ID
            action: block
            basis: 本局规定
        """,
    )
    with pytest.raises(PolicyError) as error:
        load_policy(str(path))
    message = str(error.value)
    assert str(path) in message and "OUR-ID" in message
    assert "rules.0.message (OUR-ID)" in message and "rules.0.remedy (OUR-ID)" in message and "rules.0.basis" not in message
    assert "缺少" in message and "missing" in message
    assert "Field required" not in message and "input_value" not in message


# ---- the identifiers profile: a fast first pass ------------------------------------------------


def _roster() -> str:
    from conftest import make_id

    return (
        "2024年国家助学金拟资助学生名单公示\n"
        f"张小明同学，身份证号：{make_id()}，联系电话：13912345678，家庭经济困难，患有抑郁症。\n"
        "机密★1年\n"
    )


def test_the_identifiers_profile_finds_the_defaults_identifiers_and_marks_only():
    default = screening.scan_text(_roster(), policy="default")
    fast = screening.scan_text(_roster(), policy="identifiers")
    screened = set(load_policy("identifiers").entities)
    assert {(f.entity_type, f.start, f.end, f.action) for f in fast.findings} == {
        (f.entity_type, f.start, f.end, f.action) for f in default.findings if f.entity_type in screened
    }
    assert {f.entity_type for f in fast.findings} >= {"CN_RESIDENT_ID", "CN_MOBILE_PHONE", "CLASSIFIED_MARK"}
    assert fast.verdict == "block"


def test_the_identifiers_profile_never_runs_the_name_model_or_people_rules(monkeypatch):
    import screening.engine.screener as screener_module

    def refuse(*_args, **_kwargs):
        raise AssertionError("the name stage ran")

    monkeypatch.setattr(screener_module, "model_names", refuse)
    monkeypatch.setattr(screener_module, "find_people", refuse)
    found = screening.scan_text(_roster(), policy="identifiers").findings
    assert "PERSON" not in {f.entity_type for f in found} and "HEALTH_INFO" not in {f.entity_type for f in found}
    with pytest.raises(AssertionError, match="name stage"):
        screening.scan_text(_roster(), policy="default")


def test_an_unknown_entity_in_entities_is_refused(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("name: mine\nversion: '1'\nextends: default\nentities: [CN_RESIDENT_ID, NO_SUCH_TYPE]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="NO_SUCH_TYPE"):
        load_policy(str(path))
