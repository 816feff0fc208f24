"""The desk's drafts are deleted once their review is settled and the retention period has passed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from conftest import make_id
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from test_desk import PASSWORD, csrf_of, signed_in_client

from screening.api import scan_bytes
from screening.cli import main
from screening.service.app import create_app
from screening.workflow.accounts import add_account
from screening.workflow.draft_retention import purge_drafts
from screening.workflow.events import events_of, new_event, record_event
from screening.workflow.ledger import Ledger, drafts, submissions
from screening.workflow.queue import open_items
from screening.workflow.review import sign_off
from screening.workflow.submissions import draft_of, record_submission

AID = "学生资助中心"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def roster(n: int) -> str:
    return f"2026年国家助学金拟资助学生名单公示（第{n}批）\n学生甲 身份证号：{make_id(sequence=f'{n:03d}')}\n"


def submit(ledger: Ledger, n: int, days_ago: int) -> tuple[int, object]:
    text = roster(n)
    result = scan_bytes(text.encode(), f"名单{n}.txt")
    submission = record_submission(ledger, result, text, by="李拟稿", office=AID, draft=(f"名单{n}.txt", text.encode()))
    with ledger.engine.begin() as connection:
        submitted = (NOW - timedelta(days=days_ago)).isoformat(timespec="seconds")
        connection.execute(update(submissions).where(submissions.c.id == submission).values(submitted_at=submitted))
    return submission, result


def complete(ledger: Ledger, result) -> None:
    sign_off(ledger, result, None, basis="public-interest", by="王科员", note="资助公示", role="reviewer")
    sign_off(ledger, result, None, basis="public-interest", by="孙审批", note="同意", role="approver")
    open_items(ledger, "default", AID)  # the queue notes it complete


@pytest.fixture
def ledger(ledger_location):  # SQLite, then PostgreSQL where a server can be started
    with Ledger.open(ledger_location) as opened:
        yield opened


def test_settled_old_drafts_go_open_and_recent_ones_stay(ledger):
    old_complete, result = submit(ledger, 101, days_ago=45)
    complete(ledger, result)
    old_sent_back, result_back = submit(ledger, 102, days_ago=40)
    record_event(ledger, new_event(old_sent_back, result_back.sha256, "王科员", "reviewer", "sent-back", note="请删去身份证号"))
    old_open, _ = submit(ledger, 103, days_ago=60)
    recent_complete, recent = submit(ledger, 104, days_ago=5)
    complete(ledger, recent)

    dry = purge_drafts(ledger, 30, dry_run=True, now=NOW)
    assert (dry.deleted, dry.kept_open, dry.dry_run) == (2, 1, True)
    assert draft_of(ledger, old_complete) is not None  # a dry run deletes nothing

    done = purge_drafts(ledger, 30, now=NOW)
    assert (done.deleted, done.kept_open) == (2, 1)
    assert done.bytes == len(roster(101).encode()) + len(roster(102).encode())
    assert draft_of(ledger, old_complete) is None and draft_of(ledger, old_sent_back) is None
    assert draft_of(ledger, old_open) is not None and draft_of(ledger, recent_complete) is not None
    purged = [event for event in events_of(ledger, old_complete) if event.kind == "draft-purged"]
    assert len(purged) == 1 and purged[0].actor == "保留期限" and "30 天" in purged[0].note
    assert purge_drafts(ledger, 30, now=NOW).deleted == 0  # nothing left to do, no second event

    forced = purge_drafts(ledger, 30, pending_too=True, now=NOW)
    assert (forced.deleted, forced.kept_open) == (1, 0) and draft_of(ledger, old_open) is None
    assert draft_of(ledger, recent_complete) is not None
    with ledger.engine.connect() as connection:  # the scans and their masked views stay
        assert len(connection.execute(select(submissions.c.view)).all()) == 4
        assert len(connection.execute(select(drafts.c.submission_id)).all()) == 1


def test_the_command_line_counts_and_deletes(tmp_path):
    location = tmp_path / "ledger.sqlite3"
    with Ledger.open(location) as opened:
        old, result = submit(opened, 111, days_ago=400)
        complete(opened, result)
        submit(opened, 112, days_ago=400)
    runner = CliRunner()
    dry = runner.invoke(main, ["ledger", "purge-drafts", "--dry-run", "--ledger", str(location)])
    assert dry.exit_code == 0, dry.output
    assert "would delete 1 draft(s)" in dry.output and "kept 1 draft(s) past that age" in dry.output
    done = runner.invoke(main, ["ledger", "purge-drafts", "--older-than", "90", "--ledger", str(location)])
    assert done.exit_code == 0 and "deleted 1 draft(s)" in done.output
    with Ledger.open(location) as opened:
        assert draft_of(opened, old) is None
    missing = runner.invoke(main, ["ledger", "purge-drafts", "--ledger", str(tmp_path / "none.sqlite3")])
    assert missing.exit_code == 2


def test_the_desk_applies_the_period_at_start_up_and_after_each_upload(tmp_path):
    location = tmp_path / "ledger.sqlite3"
    with Ledger.open(location) as opened:
        add_account(opened, "李拟稿", "author", AID, PASSWORD)
        first, result = submit(opened, 121, days_ago=10)
        complete(opened, result)
    app = create_app("default", ledger=str(location), keep_drafts=7, warm_up=False, session_secret="test-secret")
    with TestClient(app):
        with Ledger.open(location) as opened:
            assert draft_of(opened, first) is None  # at start-up
            second, result = submit(opened, 122, days_ago=9)
            complete(opened, result)
        author = signed_in_client(app, "李拟稿")
        queue = author.get("/desk/")
        answer = author.post("/desk/upload", data={"csrf": csrf_of(queue.text)}, files={"file": ("通知.txt", "关于开放日的通知\n".encode())})
        assert answer.status_code == 303
        uploaded = int(answer.headers["location"].rsplit("/", 1)[1])
        with Ledger.open(location) as opened:
            assert draft_of(opened, second) is None  # after the upload
            assert draft_of(opened, uploaded) is not None  # the new draft itself stays
        history = author.get(f"/desk/documents/{second}")
        assert "原稿已按保留期限删除" in history.text
