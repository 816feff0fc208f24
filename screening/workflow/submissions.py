"""Drafts submitted at the review desk: the queue of an office, and what a reviewer sees.

A submission is a recorded scan (the ledger's `scans`/`findings`) plus the office it
belongs to and a *view*: the text as the scanner read it, with every finding's span
replaced by its masked preview. The raw text of a finding is never stored; the rest of the
draft is stored so the reviewer can read the finding in its place. Sign-offs go through
screening.workflow.review.sign_off on the rebuilt scan result, so `screening gate` on the
same file (same sha256) sees them.

>>> segments_of("身份证号 340104201003076511，", [(5, 23, 0)], ["340*************11"])
[['身份证号 ', None], ['340*************11', 0], ['，', None]]
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, select

from screening.engine.names import NAME_PARTS
from screening.model import Finding, Location, ScanResult
from screening.workflow.ledger import Ledger, drafts, events, insert_scan, now_utc, scans, submissions
from screening.workflow.queue import Queued
from screening.workflow.review import PolicyRef, ReviewState, review_state

Segment = list  # [text, index of the finding it shows, or None]


def segments_of(text: str, spans: Sequence[tuple[int, int, int]], previews: Sequence[str]) -> list[Segment]:
    """`text` cut at the (start, end, finding index) spans, each span replaced by its preview.
    Overlapping spans: the earlier one wins (the later is still listed in the findings table)."""
    segments: list[Segment] = []
    position = 0
    for start, end, index in sorted(spans):
        if start < position or end > len(text):
            continue
        if start > position:
            segments.append([text[position:start], None])
        segments.append([previews[index], index])
        position = end
    if position < len(text):
        segments.append([text[position:], None])
    return segments


def _finding_record(finding: Finding) -> dict:
    return {
        "start": finding.start, "end": finding.end,  # offsets into the extracted text (the raw-value view reads them)
        "fingerprint": finding.fingerprint, "entity_type": finding.entity_type, "rule": finding.rule, "action": finding.action,
        "role": finding.role, "preview": finding.preview, "message": finding.message, "basis": finding.basis,
        "remedy": finding.remedy, "location": finding.location.to_dict(),
    }


def _finding(record: dict) -> Finding:
    return Finding(
        entity_type=record["entity_type"], start=0, end=0, score=1.0, action=record["action"], rule=record["rule"],
        message=record["message"], basis=record["basis"], remedy=record["remedy"], preview=record["preview"],
        location=Location(**record["location"]), role=record["role"], fingerprint=record["fingerprint"],
    )


@dataclass(frozen=True)
class Submission(Queued):
    """A submission with its scan and its view: what the document page shows."""

    verdict: str
    policy_name: str
    policy_version: str
    findings: list[dict]
    segments: list[Segment]
    category: str | None = None
    revises: int | None = None  # the submission sent back that this one is the changed draft of

    def result(self) -> ScanResult:
        """The scan as sign-off and gate need it (no raw value: there is none to rebuild)."""
        return ScanResult(
            path=self.path, verdict=self.verdict, findings=[_finding(record) for record in self.findings], sha256=self.sha256,
            category=self.category, policy_name=self.policy_name, policy_version=self.policy_version,
        )

    def state(self, ledger: Ledger, policy: PolicyRef | None = None) -> ReviewState:
        return review_state(self.result(), ledger, policy)


def record_submission(
    ledger: Ledger, result: ScanResult, text: str | None, *, by: str, office: str, draft: tuple[str, bytes] | None = None,
    revises: int | None = None,
) -> int:
    """Record the scan and the submission in one transaction; returns the submission's id.
    `text` is the extracted text the findings' offsets index (None when it could not be read again);
    `draft` the uploaded (filename, bytes), kept for the redacted copy and the logged raw-value view;
    `revises` the sent-back submission this is the changed draft of (see `revisable`)."""
    spans = [(finding.start, finding.end, index) for index, finding in enumerate(result.findings)
             if finding.location.part not in NAME_PARTS]  # their offsets index a name, not the text
    view = {
        "findings": [_finding_record(finding) for finding in result.findings],
        "segments": segments_of(text, spans, [finding.preview for finding in result.findings]) if text is not None else [],
    }
    with ledger.engine.begin() as connection:
        scan_id = insert_scan(connection, result)
        submission_id = int(connection.execute(insert(submissions).values(
            submitted_at=now_utc(), submitted_by=by, office=office, scan_id=scan_id, path=result.path or "upload",
            sha256=result.sha256 or "", view=json.dumps(view, ensure_ascii=False), revises=revises,
        )).inserted_primary_key[0])
        if draft is not None:
            connection.execute(insert(drafts).values(submission_id=submission_id, filename=draft[0], data=draft[1]))
        return submission_id


def draft_of(ledger: Ledger, submission_id: int) -> tuple[str, bytes] | None:
    """The uploaded (filename, bytes) of a submission, or None (not kept)."""
    with ledger.engine.connect() as connection:
        row = connection.execute(select(drafts.c.filename, drafts.c.data).where(drafts.c.submission_id == submission_id)).first()
    return (row.filename, bytes(row.data)) if row else None


def _query():
    return (select(submissions, scans.c.verdict, scans.c.policy_name, scans.c.policy_version, scans.c.category)
            .join(scans, scans.c.id == submissions.c.scan_id))


def _submission(row) -> Submission:
    view = json.loads(row.view)
    return Submission(
        row.id, row.submitted_at, row.submitted_by, row.office, row.path, row.sha256, row.verdict, row.policy_name,
        row.policy_version, view["findings"], view["segments"], row.category, row.revises,
    )


def get_submission(ledger: Ledger, submission_id: int) -> Submission | None:
    with ledger.engine.connect() as connection:
        row = connection.execute(_query().where(submissions.c.id == submission_id)).first()
    return _submission(row) if row else None


def returned_to(ledger: Ledger, author: str, office: str) -> list[tuple[Submission, str, str, str]]:
    """The author's submissions sent back and not yet resubmitted: (submission, by whom, when, the
    comment), newest first."""
    later = submissions.alias("later")
    revised = select(later.c.id).where(later.c.revises == submissions.c.id).exists()
    query = (_query().add_columns(events.c.actor, events.c.at, events.c.note).join(events, events.c.submission_id == submissions.c.id)
             .where(submissions.c.office == office, submissions.c.submitted_by == author, events.c.kind == "sent-back", ~revised)
             .order_by(events.c.id.desc()))
    with ledger.engine.connect() as connection:
        rows = connection.execute(query).all()
    return [(_submission(row), row.actor, row.at, row.note) for row in rows]


def revised_by(ledger: Ledger, submission_id: int) -> Submission | None:
    """The changed draft submitted in place of this (sent-back) submission, if any."""
    with ledger.engine.connect() as connection:
        row = connection.execute(_query().where(submissions.c.revises == submission_id).order_by(submissions.c.id.desc())).first()
    return _submission(row) if row else None


def revisable(ledger: Ledger, submission_id: int, author: str, office: str) -> Submission | None:
    """The submission when `author` may submit a changed draft of it: their own, in their office,
    sent back, and not resubmitted already; None otherwise."""
    returned = {submission.id: submission for submission, *_ in returned_to(ledger, author, office)}
    return returned.get(submission_id)
