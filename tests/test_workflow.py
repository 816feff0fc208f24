"""先审后发 as a workflow: the ledger, review sign-offs (一事一审), the gate and the export.

The ledger tests run on SQLite always and on a real PostgreSQL server when one can be
started here (tests/ledger_servers.py); they skip cleanly otherwise.
"""

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_card, make_id

import screening
from screening.cli import main
from screening.engine.fingerprint import assign_fingerprints
from screening.workflow.gate import gate_result
from screening.workflow.ledger import (
    SCHEMA_VERSION,
    Ledger,
    SignOff,
    database_url,
    now_utc,
    scans,
)
from screening.workflow.review import SignOffError, review_state, sign_off

ROOT = Path(__file__).resolve().parents[1]
ID, CARD = make_id(), make_card()
PENALTY = (
    "行政处罚决定书\n"
    "当事人：韩某某，男，身份证号码：{id}，住址：安徽省合肥市蜀山区长江西路100号3栋2室。\n"
    "银行卡号：{card}\n联系人：教育局法规科，电话：0551-12345678\n"
)


def write_penalty(folder: Path, name: str = "处罚决定.txt", extra: str = "") -> Path:
    path = folder / name
    path.write_text(PENALTY.format(id=ID, card=CARD) + extra, encoding="utf-8")
    return path


def run(*args, env=None):
    return CliRunner().invoke(main, [str(arg) for arg in args], env=env)


# --- fingerprints -------------------------------------------------------------------------


def test_fingerprints_are_stable_across_scans_and_distinct_within_a_document(tmp_path):
    path = write_penalty(tmp_path, extra=f"复核：身份证号码：{ID}\n")
    first, second = screening.scan_path(path), screening.scan_path(path)
    assert [f.fingerprint for f in first.findings] == [f.fingerprint for f in second.findings]
    ids = [f.fingerprint for f in first.findings if f.entity_type == "CN_RESIDENT_ID"]
    assert len(ids) == 2 and len(set(ids)) == 2  # the same number twice: two findings to decide on
    assert all(ID not in f.fingerprint for f in first.findings)
    moved = tmp_path / "moved.txt"
    moved.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")  # lines shift, content stays
    assert {f.fingerprint for f in screening.scan_path(moved).findings} == {f.fingerprint for f in first.findings}


def test_assign_fingerprints_numbers_repeated_previews_in_order():
    result = screening.scan_text(f"身份证号：{ID}\n身份证号：{ID}\n")
    before = [f.fingerprint for f in result.findings]
    assign_fingerprints(result.findings)
    assert [f.fingerprint for f in result.findings] == before


# --- the ledger ---------------------------------------------------------------------------


def test_ledger_records_scans_signoffs_and_gates(ledger_location, tmp_path):
    path = write_penalty(tmp_path)
    result = screening.scan_path(path)
    assert result.verdict == "block"
    with Ledger.open(ledger_location) as ledger:
        assert ledger.schema_version() == SCHEMA_VERSION
        ledger.record_scan(result)
        decision = gate_result(result, ledger)
        assert not decision.passed and len(decision.unsigned) == len([f for f in result.findings if f.action != "allow"])
        assert all(ID not in reason and CARD not in reason for reason in decision.reasons)

        blocks = [f.fingerprint for f in result.findings if f.action == "block"]
        with pytest.raises(SignOffError, match="consent, public-interest or false-positive"):
            sign_off(ledger, result, blocks, basis="masked", by="王科员")
        with pytest.raises(SignOffError, match="note"):
            sign_off(ledger, result, blocks, basis="consent", by="王科员")
        with pytest.raises(SignOffError, match="not a finding"):
            sign_off(ledger, result, ["0123456789abcdef"], basis="consent", by="王科员", note="n")
        assert ledger.count(scans) == 1 and not ledger.signoffs_for(result.sha256)  # refused requests record nothing

        sign_off(ledger, result, None, basis="public-interest", by="王科员", note="依法公开的行政处罚决定，分管领导同意")
        decision = gate_result(result, ledger)
        needing = [f for f in result.findings if f.action != "allow"]
        assert decision.passed and decision.reasons == [] and decision.unsigned == [] and decision.signed == len(needing)

        # 一事一审: an edited copy at the same path is new content; the old sign-offs are stale.
        edited = write_penalty(tmp_path, extra="补充说明。\n")
        changed = screening.scan_path(edited)
        state = review_state(changed, ledger)
        assert not state.complete and state.pending and len(state.stale) == len([f for f in result.findings if f.action != "allow"])
        assert not gate_result(changed, ledger).passed


def test_a_policy_that_now_blocks_invalidates_a_masked_signoff(tmp_path):
    path = write_penalty(tmp_path)
    result = screening.scan_path(path)
    with Ledger.open(tmp_path / "l.sqlite3") as ledger:
        phone = next(f for f in result.findings if f.entity_type == "CN_RESIDENT_ID")
        assert phone.action == "block"
        # A sign-off recorded when the rule still said review (older policy) stays on record …
        ledger.add_signoffs([SignOff(result.sha256, str(path), phone.fingerprint, phone.entity_type, phone.rule, "review",
                                     "masked", "李", "", now_utc(), "default", "old")])
        state = review_state(result, ledger)
        # … but no longer fits a block finding: the gate says so.
        assert [finding.fingerprint for finding, _ in state.invalid] == [phone.fingerprint]
        assert any("no longer valid" in reason for reason in gate_result(result, ledger).reasons)


def test_an_unreadable_document_never_passes_the_gate(tmp_path):
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = screening.scan_path(broken)
    with Ledger.open(tmp_path / "l.sqlite3") as ledger:
        decision = gate_result(result, ledger)
        assert result.verdict == "error" and not decision.passed and decision.reasons[0].startswith("not screened")
        with pytest.raises(SignOffError, match="could not be screened"):
            sign_off(ledger, result, None, basis="false-positive", by="王", note="x")


def test_a_newer_schema_is_refused(tmp_path):
    location = tmp_path / "l.sqlite3"
    Ledger.open(location).close()
    with sqlite3.connect(location) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(RuntimeError, match="newer than this screening"):
        Ledger.open(location)


def test_sqlite_ledger_runs_in_wal_mode(tmp_path):
    location = tmp_path / "l.sqlite3"
    with Ledger.open(location) as ledger:
        ledger.record_scan(screening.scan_text("无内容"))
    with sqlite3.connect(location) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)


WRITER = """
import sys, screening
from screening.workflow.ledger import Ledger
result = screening.scan_text(sys.argv[3])
with Ledger.open(sys.argv[1]) as ledger:
    for _ in range(int(sys.argv[2])):
        ledger.record_scan(result)
        print("ok", flush=True)
"""


def _writer(location, count: int) -> subprocess.Popen:
    text = f"身份证号：{ID}\n银行卡号：{CARD}\n手机：13912345678\n"
    return subprocess.Popen([sys.executable, "-c", WRITER, str(location), str(count), text], stdout=subprocess.PIPE, text=True, cwd=ROOT)


def test_two_concurrent_writers_lose_nothing(ledger_location):
    writers = [_writer(ledger_location, 25) for _ in range(2)]
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    with Ledger.open(ledger_location) as ledger:
        records = list(ledger.scan_records())
        assert len(records) == 50
        assert all(record.actions == records[0].actions for record in records)  # each scan whole, with all its findings


def test_a_killed_writer_leaves_the_ledger_consistent(tmp_path):
    location = tmp_path / "l.sqlite3"
    writer = _writer(location, 10_000)
    for _ in range(5):  # let it commit a few scans, then kill it mid-stream
        assert writer.stdout.readline().strip() == "ok"
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    with sqlite3.connect(location) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Ledger.open(location) as ledger:
        records = list(ledger.scan_records())
        assert len(records) >= 5
        assert all(record.actions == records[0].actions for record in records)


# --- the commands -------------------------------------------------------------------------


def test_review_list_signoff_and_gate_on_the_command_line(tmp_path):
    ledger = tmp_path / "l.sqlite3"
    path = write_penalty(tmp_path)
    listed = run("review", path, "--ledger", ledger)
    assert listed.exit_code == 1 and "pending" in listed.output
    assert ID not in listed.output and CARD not in listed.output
    fingerprints = [line.split()[0] for line in listed.output.splitlines()[1:] if line.startswith("  ") and "pending" in line]
    assert fingerprints

    gated = run("gate", path, "--ledger", ledger)
    assert gated.exit_code == 1 and gated.output.startswith("FAIL") and "no sign-off" in gated.output

    refused = run("review", path, "--all", "--basis", "masked", "--by", "王科员", "--ledger", ledger)
    assert refused.exit_code == 2 and "sign-off not recorded" in refused.output
    assert run("review", path, "--approve", fingerprints[0], "--ledger", ledger).exit_code == 2  # no basis/by
    assert run("review", path, "--all", "--approve", fingerprints[0], "--basis", "consent", "--by", "王", "--ledger", ledger).exit_code == 2

    signed = run("review", path, "--approve", ",".join(fingerprints), "--basis", "consent", "--by", "王科员",
                  "--note", "当事人书面同意公开", "--ledger", ledger)
    assert signed.exit_code == 0, signed.output
    gated = run("gate", path, "--format", "json", "--ledger", ledger)
    assert gated.exit_code == 0
    report = json.loads(gated.output)
    assert report["passed"] and report["documents"][0]["signed"] == len(fingerprints)


def test_gate_passes_clean_documents_and_reads_folders(tmp_path):
    clean = tmp_path / "通知.txt"
    clean.write_text("关于举办教师培训的通知\n各学校：定于下周举办培训。\n", encoding="utf-8")
    ledger = tmp_path / "l.sqlite3"
    assert run("gate", clean, "--ledger", ledger).exit_code == 0
    write_penalty(tmp_path)
    both = run("gate", tmp_path, "--ledger", ledger, env={"SCREENING_LEDGER": ""})
    assert both.exit_code == 1 and "PASS 通过" in both.output and "FAIL 不通过" in both.output
    assert run("gate", tmp_path / "missing-folder", "--ledger", ledger).exit_code == 2  # a path that does not exist: usage error


def test_scan_records_in_the_ledger_from_the_environment(tmp_path):
    ledger = tmp_path / "env.sqlite3"  # beside the folder scanned, not in it: a ledger file is not a disclosure
    (tmp_path / "drafts").mkdir()
    write_penalty(tmp_path / "drafts")
    assert run("scan", tmp_path / "drafts", env={"SCREENING_LEDGER": str(ledger)}).exit_code == 1
    with Ledger.open(ledger) as opened:
        assert [record.verdict for record in opened.scan_records()] == ["block"]


def test_ledger_export_counts_documents_findings_and_signoffs(tmp_path):
    ledger = tmp_path / "l.sqlite3"
    path = write_penalty(tmp_path)
    run("scan", path, "--ledger", ledger)
    run("scan", path, "--ledger", ledger)  # the same document twice in a month counts once
    run("review", path, "--all", "--basis", "public-interest", "--by", "王科员", "--note", "依法公开", "--ledger", ledger)
    exported = run("ledger", "export", "--ledger", ledger)
    assert exported.exit_code == 0 and exported.output.startswith("\ufeffmonth,category")
    rows = list(csv.DictReader(io.StringIO(exported.output.lstrip("\ufeff"))))
    documents = [row for row in rows if row["measure"] == "documents"]
    assert documents == [{**documents[0], "category": "penalty", "verdict": "block", "count": "1"}]
    signoffs = {(row["action"], row["basis"]): int(row["count"]) for row in rows if row["measure"] == "signoffs"}
    result = screening.scan_path(path)
    assert sum(signoffs.values()) == len([f for f in result.findings if f.action != "allow"])
    assert {basis for _, basis in signoffs} == {"public-interest"}
    assert ID not in exported.output


def test_ledger_export_until_closes_the_period(tmp_path):
    from sqlalchemy import update

    from screening.workflow.ledger import scans

    ledger = tmp_path / "l.sqlite3"
    path = write_penalty(tmp_path)
    run("scan", path, "--ledger", ledger)
    with Ledger.open(ledger) as opened, opened.engine.begin() as connection:  # the scan as if made in March 2025
        connection.execute(update(scans).values(scanned_at="2025-03-10T09:00:00+00:00"))
    def months(*period: str) -> set[str]:
        exported = run("ledger", "export", "--ledger", ledger, *period)
        assert exported.exit_code == 0, exported.output
        return {row["month"] for row in csv.DictReader(io.StringIO(exported.output.lstrip("\ufeff"))) if row["measure"] == "documents"}
    assert months("--since", "2025-01", "--until", "2025-12") == {"2025-03"}
    assert months("--until", "2025-02") == set() and months("--since", "2025-04") == set()
    backwards = run("ledger", "export", "--ledger", ledger, "--since", "2025-06", "--until", "2025-01")
    assert backwards.exit_code == 2 and "before --since" in backwards.output
