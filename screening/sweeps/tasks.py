"""清理任务: a sweep's clearances as tasks of the office that published the item (谁公开、谁清理),
kept in the ledger so the desk can list them with their due dates and close them with a recorded
action: 撤下 (withdrawn), 已脱敏 (replaced by a redacted copy) or 保留并说明理由 (kept, with a reason).

Each complete sweep run updates the tasks of the sources it swept: a clearance it lists opens a task
(or updates the due date and owner of the open one); a task it no longer lists — the item is gone, or
no longer needs clearing — is `resolved`, open or closed (a closed one keeps who closed it, how and why). A sweep checks what people said: a task closed as 撤下 or
已脱敏 whose item is still online with the very content it had when closed is opened again, with a note.
Nothing here holds a value: paths are the sweep's (identifiers in names masked), reasons are the
policy's texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, select, update

from screening.workflow.ledger import Ledger, clearance_tasks, now_utc
from screening.workflow.refusals import Refused, refusal

CLOSINGS = {"withdrawn": "撤下", "redacted": "已脱敏", "kept": "保留并说明理由"}
CHECKED_CLOSINGS = ("withdrawn", "redacted")  # a sweep can see whether these were done
REOPENED_NOTE = "复查：网站上仍是关闭时的同一内容，任务重新打开"


@dataclass(frozen=True)
class Task:
    id: int
    path: str
    owner: str | None
    rule: str
    due: str
    urgent: bool
    reason: str
    status: str
    closed_at: str | None = None
    closed_by: str | None = None
    closing: str | None = None
    note: str = ""

    def overdue(self, today: date | None = None) -> bool:
        return date.fromisoformat(self.due) <= (today or date.today())


def record_tasks(ledger: Ledger, run_id: int, sources: list[str], documents) -> None:
    """Update the tasks of `sources` from a complete run's documents (screening.sweeps.runner.SweptDocument)."""
    listed = {(d.source, d.key, d.clearance.rule): d for d in documents if d.clearance and d.status != "removed"}
    now = now_utc()
    with ledger.engine.begin() as connection:
        known = {(row.source, row.key, row.rule): row
                 for row in connection.execute(select(clearance_tasks).where(clearance_tasks.c.source.in_(sources)))}
        for ident, document in listed.items():
            clearance, row = document.clearance, known.get(ident)
            values = {"path": document.path, "owner": clearance.owner, "due": clearance.due.isoformat(), "urgent": int(clearance.urgent),
                      "reason": clearance.reason, "sha256": document.sha256, "last_run": run_id}
            if row is None:
                connection.execute(insert(clearance_tasks).values(
                    source=ident[0], key=ident[1], rule=ident[2], listed_at=now, status="open", note="", **values))
                continue
            if row.status == "resolved" or (row.status == "closed" and row.closing in CHECKED_CLOSINGS and row.closed_sha256 == document.sha256):
                note = REOPENED_NOTE if row.status == "closed" else ""
                values.update(status="open", closed_at=None, closed_by=None, closing=None, closed_sha256=None, note=note)
            connection.execute(update(clearance_tasks).where(clearance_tasks.c.id == row.id).values(**values))
        gone = [row.id for ident, row in known.items() if ident not in listed and row.status != "resolved"]
        if gone:
            connection.execute(update(clearance_tasks).where(clearance_tasks.c.id.in_(gone)).values(status="resolved", last_run=run_id))


def _task(row) -> Task:
    return Task(row.id, row.path, row.owner, row.rule, row.due, bool(row.urgent), row.reason, row.status, row.closed_at,
                row.closed_by, row.closing, row.note)


def office_tasks(ledger: Ledger, office: str) -> list[Task]:
    """The office's open and closed tasks: open ones first, soonest due first."""
    query = (select(clearance_tasks).where(clearance_tasks.c.owner == office, clearance_tasks.c.status.in_(("open", "closed")))
             .order_by(clearance_tasks.c.status.desc(), clearance_tasks.c.due, clearance_tasks.c.path))
    with ledger.engine.connect() as connection:
        return [_task(row) for row in connection.execute(query)]


def overdue_by_office(ledger: Ledger, today: date | None = None) -> list[tuple[str, int]]:
    """Open tasks due on or before today, counted per owning office (counts only, as the worklists
    show other offices); an unknown owner is ''. Most overdue first."""
    due = (today or date.today()).isoformat()
    query = (select(clearance_tasks.c.owner, func.count().label("n"))
             .where(clearance_tasks.c.status == "open", clearance_tasks.c.due <= due).group_by(clearance_tasks.c.owner))
    with ledger.engine.connect() as connection:
        counts = [(row.owner or "", int(row.n)) for row in connection.execute(query)]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


class TaskError(Refused):
    """A closing that cannot be recorded: its refusal says why (the message in English; the desk words
    it in the page's language)."""


def close_task(ledger: Ledger, task_id: int, office: str, *, by: str, may_keep: bool, closing: str, note: str) -> None:
    """Close an open task of `office`. Keeping an item online needs a reason and an account that decides (`may_keep`)."""
    if closing not in CLOSINGS:
        raise TaskError(refusal("no_closing"))
    if closing == "kept" and not may_keep:
        raise TaskError(refusal("keep_needs_role"))
    if closing == "kept" and not note.strip():
        raise TaskError(refusal("keep_needs_reason"))
    with ledger.engine.begin() as connection:
        row = connection.execute(select(clearance_tasks).where(clearance_tasks.c.id == task_id, clearance_tasks.c.owner == office)).first()
        if row is None or row.status != "open":
            raise TaskError(refusal("no_such_task"))
        connection.execute(update(clearance_tasks).where(clearance_tasks.c.id == task_id).values(
            status="closed", closed_at=now_utc(), closed_by=by, closing=closing, closed_sha256=row.sha256, note=note.strip()))
