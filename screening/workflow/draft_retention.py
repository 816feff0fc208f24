"""How long the desk keeps an uploaded draft: deleted once its review is settled and it is old enough.

A draft submitted at the desk is stored whole in the ledger (table `drafts`), personal data and
all, for two uses only: the redacted copy and the logged raw-value view. Once the review is
settled (the document was found complete under the review chains, or sent back to its author,
who holds the draft) and the retention period has passed, neither use remains and the draft
goes; the scan, its masked view, the sign-offs and the history stay, with a `draft-purged`
event saying when and by whose rule. A draft whose review is still open is kept whatever its
age, unless the operator says otherwise (`pending_too`): the reviewer may still need it.

`screening serve --keep-drafts DAYS` applies it when the service starts and after every
submission; `screening ledger purge-drafts` applies it from the shell (a nightly cron job).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, exists, func, insert, select

from screening.workflow.ledger import Ledger, drafts, events, now_utc, submissions

DEFAULT_KEEP_DAYS = 30
RETENTION_ACTOR = "保留期限"  # who a draft-purged event names: the rule, not a person
RETENTION_ROLE = "system"


@dataclass(frozen=True)
class DraftPurge:
    """What a purge did (or, dry, would do)."""

    deleted: int  # drafts deleted
    bytes: int  # their size
    kept_open: int  # drafts past the period kept because their review is still open
    dry_run: bool = False


def purge_drafts(
    ledger: Ledger, keep_days: int = DEFAULT_KEEP_DAYS, *, pending_too: bool = False, dry_run: bool = False,
    now: datetime | None = None,
) -> DraftPurge:
    """Delete the drafts of submissions made more than `keep_days` days before `now` whose review
    is settled (all of them with `pending_too`); record a `draft-purged` event for each."""
    if keep_days < 0:
        raise ValueError("keep_days must be 0 or more")
    cutoff = ((now or datetime.now(timezone.utc)) - timedelta(days=keep_days)).isoformat(timespec="seconds")
    old = submissions.c.submitted_at < cutoff
    sent_back = exists().where(events.c.submission_id == submissions.c.id, events.c.kind == "sent-back")
    settled = submissions.c.complete_under.is_not(None) | sent_back
    aged = (select(submissions.c.id, submissions.c.sha256, func.length(drafts.c.data).label("size"), settled.label("settled"))
            .join(drafts, drafts.c.submission_id == submissions.c.id).where(old))
    with ledger.engine.begin() as connection:
        rows = connection.execute(aged).all()
        chosen = [row for row in rows if pending_too or row.settled]
        if chosen and not dry_run:
            ids = [row.id for row in chosen]
            for start in range(0, len(ids), 500):  # a bounded IN list: SQLite caps bound parameters
                connection.execute(delete(drafts).where(drafts.c.submission_id.in_(ids[start:start + 500])))
            at = now_utc()
            connection.execute(insert(events), [
                {"at": at, "submission_id": row.id, "sha256": row.sha256, "actor": RETENTION_ACTOR, "actor_role": RETENTION_ROLE,
                 "kind": "draft-purged", "fingerprint": None, "note": _note(keep_days, row.settled)}
                for row in chosen
            ])
    return DraftPurge(len(chosen), sum(int(row.size or 0) for row in chosen), len(rows) - len(chosen), dry_run)


def _note(keep_days: int, settled: bool) -> str:
    why = "审核已结束" if settled else "审核未结束，按管理员指令删除"
    return f"原稿保留 {keep_days} 天期满（{why}）"
