"""Review chains from the policy: levels per category, action or rule; what a CLI sign-off and an
old single-level ledger count as; the gate waiting for the whole chain."""

import json
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import make_id

import screening
from policies import PolicyError, load_policy, parse_policy
from screening.cli import main
from screening.workflow.gate import gate_result
from screening.workflow.ledger import SCHEMA_VERSION, Ledger, SignOff, now_utc
from screening.workflow.review import SignOffError, review_state, sign_off

IDS = [make_id(sequence=f"{n:03d}") for n in (811, 822)]
ROSTER = "2024年国家助学金拟资助学生名单公示\n" + "".join(f"学生{name} 身份证号：{i}\n" for name, i in zip("甲乙", IDS))
MEMO = "内部资料 注意保存\n关于召开学期工作会议的通知\n各科室：定于下周一召开工作会议。\n"


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "资助名单.txt"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_the_default_policy_names_its_chains():
    policy = load_policy("default")
    assert policy.chain_for("PII-ID", "CN_RESIDENT_ID", "block", "student_aid").levels == ["reviewer", "approver"]
    assert policy.chain_for("PII-ID", "CN_RESIDENT_ID", "block", "penalty").levels == ["reviewer"]  # no chain fits: one 审核人
    assert policy.chain_for("PERSON-STUDENT", "PERSON", "review", "student_aid").levels == ["reviewer"]  # review, not block
    assert policy.chain_for("SEC-INTERNAL", "INTERNAL_MARK", "block", "general").levels == ["secrecy"]


def test_a_chain_is_validated_and_extends_by_id(tmp_path):
    with pytest.raises(PolicyError, match="review_chains.0.levels"):
        parse_policy({"name": "x", "version": "1", "review_chains": [{"id": "CHAIN-X", "levels": ["boss"]}]}, "x.yaml")
    with pytest.raises(PolicyError, match="duplicate rule id 'CHAIN-X'"):
        parse_policy({"name": "x", "version": "1", "review_chains": [{"id": "CHAIN-X", "levels": ["reviewer"]}] * 2}, "x.yaml")
    ours = tmp_path / "ours.yaml"
    ours.write_text("name: ours\nversion: '1'\nextends: default\nreview_chains:\n"
                    "  - {id: CHAIN-AID-BLOCK, categories: [student_aid], levels: [reviewer]}\n"
                    "  - {id: CHAIN-PENALTY, categories: [penalty], actions: [block], levels: [reviewer, secrecy, approver]}\n", encoding="utf-8")
    policy = load_policy(str(ours))
    assert [chain.id for chain in policy.review_chains] == ["CHAIN-AID-BLOCK", "CHAIN-PENALTY", "CHAIN-SECRECY"]
    assert policy.chain_for("PII-ID", "CN_RESIDENT_ID", "block", "student_aid").levels == ["reviewer"]
    assert policy.chain_for("PII-ID", "CN_RESIDENT_ID", "block", "penalty").levels == ["reviewer", "secrecy", "approver"]


def test_a_cli_signoff_fills_the_reviewer_level_and_the_approver_completes(roster, tmp_path):
    ledger_path = tmp_path / "l.sqlite3"
    signed = run("review", roster, "--all", "--basis", "public-interest", "--by", "王科员", "--note", "资助公示", "--ledger", ledger_path)
    assert signed.exit_code == 1 and f"recorded {len(IDS)} sign-off(s)" in signed.output  # recorded, still pending
    gated = run("gate", roster, "--format", "json", "--ledger", ledger_path)
    reasons = json.loads(gated.output)["documents"][0]["reasons"]
    assert gated.exit_code == 1 and len(reasons) == len(IDS) and all(r.startswith("awaiting approver") for r in reasons)
    assert not any(i in gated.output for i in IDS)
    # A typed name never fills the 审批人 level, whatever it is called.
    again = run("review", roster, "--all", "--basis", "public-interest", "--by", "孙审批", "--note", "同意", "--ledger", ledger_path)
    assert again.exit_code == 2 and "waiting for: 审批人" in again.output
    listed = run("review", roster, "--ledger", ledger_path)
    assert listed.output.count("awaiting approver") == len(IDS)

    result = screening.scan_path(roster)
    with Ledger.open(ledger_path) as ledger:
        with pytest.raises(SignOffError, match="another person"):  # the same person cannot sign two levels
            blocks = [finding.fingerprint for finding in result.findings if finding.action == "block"]
            sign_off(ledger, result, blocks, basis="public-interest", by="王科员", note="x", role="approver")
        sign_off(ledger, result, None, basis="public-interest", by="孙审批", note="分管领导同意", role="approver")
        decision = gate_result(result, ledger)
        assert decision.passed and decision.signed == len(IDS)
        assert [(r.level, r.signer_role) for r in ledger.signoffs_for(result.sha256)] == [(1, None)] * len(IDS) + [(2, "approver")] * len(IDS)


def test_only_the_secrecy_reviewer_signs_a_mark(tmp_path):
    memo = tmp_path / "通知.txt"
    memo.write_text(MEMO, encoding="utf-8")
    ledger_path = tmp_path / "l.sqlite3"
    refused = run("review", memo, "--all", "--basis", "false-positive", "--by", "王科员", "--note", "标识是引用", "--ledger", ledger_path)
    assert refused.exit_code == 2 and "保密审查员" in refused.output
    result = screening.scan_path(memo)
    mark = next(f for f in result.findings if f.rule == "SEC-INTERNAL")
    with Ledger.open(ledger_path) as ledger:
        for role, basis in (("reviewer", "public-interest"), ("approver", "public-interest"), ("reviewer", "false-positive")):
            with pytest.raises(SignOffError, match="保密审查员"):
                sign_off(ledger, result, [mark.fingerprint], basis=basis, by="某人", note="x", role=role)
        assert not ledger.signoffs_for(result.sha256)
        sign_off(ledger, result, [mark.fingerprint], basis="false-positive", by="陈保密", note="会议通知引用旧文标识", role="secrecy")
        state = review_state(result, ledger)
        assert mark.fingerprint in state.signed and state.chains[mark.fingerprint].chain.id == "CHAIN-SECRECY"


def _as_schema_3(location) -> None:
    """Turn a new ledger back into what screening wrote before chains (schema 3)."""
    with sqlite3.connect(location) as connection:
        for statement in ("ALTER TABLE signoffs DROP COLUMN level", "ALTER TABLE signoffs DROP COLUMN signer_role",
                          "ALTER TABLE submissions DROP COLUMN complete_under", "ALTER TABLE submissions DROP COLUMN revises",
                          "DROP TABLE events", "DROP TABLE drafts", "DROP TABLE clearance_tasks", "UPDATE meta SET value = '3' WHERE key = 'schema_version'"):
            connection.execute(statement)


def test_an_old_single_level_ledger_migrates_and_its_signoffs_count_as_the_first_level(roster, tmp_path):
    location = tmp_path / "old.sqlite3"
    Ledger.open(location).close()
    _as_schema_3(location)
    result = screening.scan_path(roster)
    with sqlite3.connect(location) as connection:  # a sign-off as schema 3 stored it, for each ID
        for finding in result.findings:
            if finding.action == "block":
                connection.execute(
                    "INSERT INTO signoffs (signed_at, sha256, path, fingerprint, entity_type, rule, action, basis, signed_by, note, "
                    "policy_name, policy_version) VALUES (?, ?, ?, ?, ?, ?, 'block', 'public-interest', '王科员', '旧台账', 'default', 'old')",
                    (now_utc(), result.sha256, result.path, finding.fingerprint, finding.entity_type, finding.rule))
    with Ledger.open(location) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION == 5
        with ledger.engine.connect() as connection:
            columns = {row[1] for row in connection.exec_driver_sql("PRAGMA table_info(submissions)")}
        assert {"complete_under", "revises"} <= columns  # schema 4's and 5's columns added to the old table
        state = review_state(result, ledger)
        assert all(len(chain.filled) == 1 and chain.next_role == "approver" for chain in state.chains.values())
        assert not gate_result(result, ledger).passed
        # Under a policy whose chain is one level (CHAIN-DEFAULT), the old sign-offs pass the gate as before.
        one_level = load_policy("default").model_copy(update={"review_chains": []})
        assert gate_result(result, ledger, one_level).passed
        ledger.add_signoffs([SignOff(result.sha256, result.path, "f" * 16, "X", "R", "review", "masked", "李", "", now_utc(), "default", "1")])
        assert ledger.signoffs_for(result.sha256)[-1].level is None  # the dataclass still takes the old fields alone


def test_policy_show_lists_the_chains():
    shown = run("policy", "show", "default")
    assert "CHAIN-AID-BLOCK  [review chain]  reviewer -> approver  (categories student_aid; actions block)" in shown.output


def test_the_queue_remembers_a_complete_document_until_the_chains_change(roster, tmp_path):
    from screening.workflow.ledger import submissions
    from screening.workflow.queue import open_items
    from screening.workflow.submissions import record_submission

    result = screening.scan_path(roster)
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text("name: stricter\nversion: '1'\nextends: default\nreview_chains:\n"
                        "  - {id: CHAIN-AID-BLOCK, categories: [student_aid], actions: [block], levels: [reviewer, approver, secrecy]}\n",
                        encoding="utf-8")
    with Ledger.open(tmp_path / "l.sqlite3") as ledger:
        record_submission(ledger, result, ROSTER, by="李拟稿", office="学生资助中心")
        assert [state.chains.popitem()[1].next_role for _, state in open_items(ledger, "default", "学生资助中心")] == ["reviewer"]
        sign_off(ledger, result, None, basis="public-interest", by="王科员", note="资助公示", role="reviewer")
        sign_off(ledger, result, None, basis="public-interest", by="孙审批", note="同意", role="approver")
        assert open_items(ledger, "default", "学生资助中心") == []
        with ledger.engine.connect() as connection:
            assert connection.execute(submissions.select()).first().complete_under is not None  # remembered
        # A policy whose chain for these findings is longer reads it again: it now awaits the 保密审查员.
        (item, state), = open_items(ledger, str(stricter), "学生资助中心")
        assert {chain.next_role for chain in state.chains.values()} == {"secrecy"}
        assert open_items(ledger, "default", "学生资助中心") == []
