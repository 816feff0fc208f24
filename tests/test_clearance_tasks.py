"""清理任务: a sweep's clearances become tasks of the owning office, closed with a recorded action,
checked again by the next sweep (a 撤下 that did not happen reopens)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_sweep import OWNERS, sweep_json, write_archive

from screening.sweeps.tasks import REOPENED_NOTE, TaskError, close_task, office_tasks
from screening.workflow.ledger import Ledger

AS_OF = "2024-10-20"


@pytest.fixture
def swept(tmp_path):
    """(archive, owners file, ledger location) after one sweep as of AS_OF."""
    archive = write_archive(tmp_path / "site")
    owners = tmp_path / "owners.yaml"
    owners.write_text(OWNERS, encoding="utf-8")
    ledger = str(tmp_path / "ledger.sqlite3")
    sweep_json(str(archive), "--ledger", ledger, "--owners", str(owners), "--as-of", AS_OF)
    return archive, owners, ledger


def again(swept, as_of: str = AS_OF) -> None:
    archive, owners, ledger = swept
    sweep_json(str(archive), "--ledger", ledger, "--owners", str(owners), "--as-of", as_of)


def test_a_sweep_opens_tasks_per_office(swept):
    with Ledger.open(swept[2]) as ledger:
        aid = office_tasks(ledger, "学生资助管理中心")
        general = office_tasks(ledger, "党政办公室")
    assert [(t.rule, t.due, t.status, t.urgent) for t in aid] == [("RET-AID-NOTICE", "2024-09-06", "open", True)]
    assert aid[0].overdue(date(2024, 10, 20)) and aid[0].path.endswith("zzgz/2024秋季国家助学金公示.txt")
    assert {t.rule for t in general} >= {"RET-PERSONAL-DATA"}  # the home visit with a pupil's ID: now
    assert all(t.owner == "党政办公室" for t in general)
    again(swept)  # the same clearance again: the same task, not a second one
    with Ledger.open(swept[2]) as ledger:
        assert len(office_tasks(ledger, "学生资助管理中心")) == 1


def test_closing_is_recorded_and_checked_by_the_next_sweep(swept):
    archive, _, location = swept
    with Ledger.open(location) as ledger:
        task = office_tasks(ledger, "学生资助管理中心")[0]
        with pytest.raises(TaskError, match="choose how the task was closed") as unknown_closing:
            close_task(ledger, task.id, "学生资助管理中心", by="李拟稿", may_keep=False, closing="deleted", note="")
        assert "处理方式" in unknown_closing.value.words("zh", lambda kind, code: code)  # the desk's words
        with pytest.raises(TaskError, match="not your office's"):
            close_task(ledger, task.id, "党政办公室", by="某人", may_keep=True, closing="withdrawn", note="")
        close_task(ledger, task.id, "学生资助管理中心", by="李拟稿", may_keep=False, closing="withdrawn", note="已从网站撤下")
        closed = office_tasks(ledger, "学生资助管理中心")[0]
        assert (closed.status, closed.closing, closed.closed_by) == ("closed", "withdrawn", "李拟稿")
    again(swept)  # it is still online, unchanged: the 撤下 did not happen
    with Ledger.open(location) as ledger:
        reopened = office_tasks(ledger, "学生资助管理中心")[0]
        assert reopened.status == "open" and reopened.note == REOPENED_NOTE
        close_task(ledger, reopened.id, "学生资助管理中心", by="李拟稿", may_keep=False, closing="withdrawn", note="")
    (archive / "zzgz/2024秋季国家助学金公示.txt").unlink()
    again(swept)  # now it is gone: resolved, off the list
    with Ledger.open(location) as ledger:
        assert office_tasks(ledger, "学生资助管理中心") == []


def test_keeping_needs_a_deciding_role_and_a_reason_and_stays_closed(swept):
    with Ledger.open(swept[2]) as ledger:
        task = next(t for t in office_tasks(ledger, "党政办公室") if t.rule == "RET-PERSONAL-DATA")
        with pytest.raises(TaskError, match="for a reviewer, secrecy reviewer or approver") as not_deciding:
            close_task(ledger, task.id, "党政办公室", by="李拟稿", may_keep=False, closing="kept", note="监护人书面同意")
        assert "审核人" in not_deciding.value.words("zh", lambda kind, code: code)
        with pytest.raises(TaskError, match="needs a reason"):
            close_task(ledger, task.id, "党政办公室", by="王科员", may_keep=True, closing="kept", note=" ")
        close_task(ledger, task.id, "党政办公室", by="王科员", may_keep=True, closing="kept", note="监护人书面同意公开")
    again(swept)
    with Ledger.open(swept[2]) as ledger:
        kept = next(t for t in office_tasks(ledger, "党政办公室") if t.id == task.id)
        assert (kept.status, kept.closing, kept.note) == ("closed", "kept", "监护人书面同意公开")


def test_a_what_if_run_in_the_future_opens_no_task(tmp_path):
    archive = write_archive(tmp_path / "site")
    ledger = str(tmp_path / "ledger.sqlite3")
    sweep_json(str(archive), "--ledger", ledger, "--as-of", (date.today() + timedelta(days=30)).isoformat())
    with Ledger.open(ledger) as opened:
        assert office_tasks(opened, "党政办公室") == []


def test_a_published_block_finding_needs_its_whole_chain_to_be_no_clearance(tmp_path):
    import screening
    from conftest import make_id
    from test_sweep import AID_NOTICE, sweep_json

    from screening.cli import main
    from click.testing import CliRunner
    from screening.workflow.review import sign_off

    site = tmp_path / "site"
    (site / "zzgz").mkdir(parents=True)
    notice = site / "zzgz/资助名单.txt"
    notice.write_text(AID_NOTICE.replace("1  王晓明  会计2301班  一档", f"1  王晓明  会计2301班  一档  身份证号：{make_id(sequence='877')}"),
                      encoding="utf-8")
    ledger = str(tmp_path / "ledger.sqlite3")

    def clearance_rule() -> str | None:
        _, report = sweep_json(str(site), "--ledger", ledger, "--as-of", AS_OF)
        clearance = next(d for d in report["documents"] if d["path"].endswith("资助名单.txt"))["clearance"]
        return clearance and clearance["rule"]

    assert clearance_rule() == "RET-PERSONAL-DATA"
    signed = CliRunner().invoke(main, ["review", str(notice), "--all", "--basis", "consent", "--by", "王科员",
                                       "--note", "本人书面同意", "--ledger", ledger])
    assert "recorded 1 sign-off" in signed.output
    assert clearance_rule() == "RET-PERSONAL-DATA"  # 审核人 only: CHAIN-AID-BLOCK still waits for the 审批人
    with Ledger.open(ledger) as opened:
        sign_off(opened, screening.scan_path(notice), None, basis="consent", by="孙审批", note="同意", role="approver")
    assert clearance_rule() == "RET-AID-NOTICE"  # the ID is signed off through its chain: only the 公示期 end remains
