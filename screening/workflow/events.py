"""A submitted document's history: who did what at the desk, when, on which version (sha256).

Sign-offs stay in the ledger's `signoffs` (the gate reads them); everything else a person does
to a submission is an *event*: marking a finding for redaction, downloading the redacted copy,
sending the draft back with a comment, viewing a raw value. `history()` merges both with the
submission itself, oldest first, for the document page. An event names a finding by its
fingerprint and never holds a value.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from screening.workflow.ledger import Ledger, events, now_utc

KINDS = {
    "mark-redaction": "标记为需脱敏",
    "unmark-redaction": "取消脱敏标记",
    "redacted-download": "下载脱敏稿",
    "sent-back": "退回拟稿人修改",
    "raw-viewed": "查看原始值（已记录）",
    "draft-purged": "原稿已按保留期限删除",  # screening.workflow.draft_retention
}


@dataclass(frozen=True)
class Event:
    at: str
    submission_id: int
    sha256: str
    actor: str
    actor_role: str
    kind: str
    fingerprint: str | None = None
    note: str = ""


def record_event(ledger: Ledger, event: Event) -> None:
    if event.kind not in KINDS:
        raise ValueError(f"unknown event kind {event.kind!r}")
    with ledger.engine.begin() as connection:
        connection.execute(insert(events).values(**event.__dict__))


def new_event(submission_id: int, sha256: str, actor: str, actor_role: str, kind: str, fingerprint: str | None = None,
              note: str = "") -> Event:
    return Event(now_utc(), submission_id, sha256, actor, actor_role, kind, fingerprint, note.strip())


def events_of(ledger: Ledger, submission_id: int) -> list[Event]:
    with ledger.engine.connect() as connection:
        rows = connection.execute(select(events).where(events.c.submission_id == submission_id).order_by(events.c.id)).mappings().all()
    return [Event(**{key: row[key] for key in Event.__dataclass_fields__}) for row in rows]


def marked_for_redaction(recorded: list[Event]) -> set[str]:
    """Fingerprints marked for redaction and not unmarked since."""
    marked: set[str] = set()
    for event in recorded:
        if event.kind == "mark-redaction":
            marked.add(event.fingerprint or "")
        elif event.kind == "unmark-redaction":
            marked.discard(event.fingerprint or "")
    return marked


def sent_back(recorded: list[Event]) -> Event | None:
    """The send-back that closed the submission (it goes back to its author), or None."""
    return next((event for event in reversed(recorded) if event.kind == "sent-back"), None)


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a document's history, as data: the desk words it in the page's language."""

    at: str
    who: str
    kind: str  # "submitted", "signoff", or an event's kind (KINDS)
    sha256: str
    role: str | None = None  # the account's role; None: the submitter, or a typed name (CLI, API)
    fingerprint: str | None = None
    note: str = ""
    rule: str | None = None  # a sign-off's
    basis: str | None = None
    level: int | None = None  # None: signed before review chains


def history(ledger: Ledger, submission) -> list[HistoryEntry]:
    """The submission, its sign-offs and its events, oldest first."""
    entries = [HistoryEntry(submission.submitted_at, submission.submitted_by, "submitted", submission.sha256)]
    entries += [HistoryEntry(record.signed_at, record.signed_by, "signoff", record.sha256, record.signer_role, record.fingerprint,
                             record.note, record.rule, record.basis, record.level)
                for record in ledger.signoffs_for(submission.sha256)]
    entries += [HistoryEntry(event.at, event.actor, event.kind, event.sha256, event.actor_role, event.fingerprint, event.note)
                for event in events_of(ledger, submission.id)]
    return sorted(entries, key=lambda entry: entry.at)
