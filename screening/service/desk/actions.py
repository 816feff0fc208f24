"""Per-document actions at the desk, each recorded in the ledger as an event of the document:
mark a finding for redaction, download the redacted copy (screening.redact), send the draft back
to its author with a comment, and see one raw value on a logged click.

Every action is a POST with the session's CSRF token. The raw value travels only in the body
of the answer to that POST (never a URL, a log line or a cache: the page is no-store), and the
click is recorded before the value is read.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from starlette.responses import Response

from screening.redact import redact_path
from screening.service.desk.kit import Kit
from screening.service.desk.text import raw_value
from screening.workflow.accounts import Account
from screening.workflow.events import events_of, marked_for_redaction, new_event, record_event, sent_back
from screening.workflow.refusals import Refusal, refusal
from screening.workflow.roles import RAW_VALUE_ROLES, SIGNING_ROLES
from screening.workflow.submissions import Submission, draft_of


def _finding(submission: Submission, fingerprint: str) -> dict | None:
    """A finding of the submission that needs a decision (the ones the page offers actions for)."""
    return next((f for f in submission.findings if f["fingerprint"] == fingerprint and f["action"] != "allow"), None)


def redacted_copy(kit: Kit, submission: Submission, draft: tuple[str, bytes], also: set[str]) -> tuple[str, bytes] | Refusal:
    """The redacted copy as (file name, bytes), or why there is none (no value in it).
    Written and re-scanned by screening.redact in a private temporary folder, removed at once."""
    filename, data = draft
    with tempfile.TemporaryDirectory(prefix="screening-desk-") as folder:
        source = Path(folder) / ("draft" + Path(filename).suffix.lower())
        source.write_bytes(data)
        outcome = redact_path(source, output=Path(folder) / "out" / source.name, policy=kit.service.policy, also=also)
        if outcome.withdrawn:
            return refusal("must_withdraw", what=",".join(outcome.withdrawn))
        if not outcome.ok:
            return refusal("no_redacted_copy", why=outcome.error or "; ".join(outcome.notes) or "unsupported format")
        return "脱敏_" + Path(submission.path).name, Path(outcome.output).read_bytes()


def install_actions(app: FastAPI, kit: Kit) -> None:
    service = kit.service

    def back(submission: Submission, anchor: str = "") -> Response:
        return kit.redirect(f"/desk/documents/{submission.id}{anchor}")

    def record(submission: Submission, account: Account, kind: str, fingerprint: str | None = None, note: str = "") -> None:
        record_event(service.ledger, new_event(submission.id, submission.sha256, account.name, account.role, kind, fingerprint, note))

    @app.post("/desk/documents/{submission_id}/mark", include_in_schema=False)
    async def mark(request: Request, submission_id: int) -> Response:
        account, form, submission = await kit.posted(request, submission_id)
        fingerprint, unmark = str(form.get("fingerprint", "")), form.get("unmark") == "1"
        finding = _finding(submission, fingerprint)
        if account.role not in SIGNING_ROLES or finding is None or finding["action"] != "review":  # a block one is always masked
            return kit.message(request, account, 422, "msg.mark_failed", "msg.may_not_mark", back=f"/desk/documents/{submission_id}",
                               role=kit.words(request).label("role", account.role))
        await anyio.to_thread.run_sync(record, submission, account, "unmark-redaction" if unmark else "mark-redaction", fingerprint)
        return back(submission, f"#f-{fingerprint}")

    @app.post("/desk/documents/{submission_id}/redacted", include_in_schema=False)
    async def redacted(request: Request, submission_id: int) -> Response:
        account, _form, submission = await kit.posted(request, submission_id)
        draft = await anyio.to_thread.run_sync(draft_of, service.ledger, submission.id)
        if draft is None or submission.verdict == "error":
            return kit.message(request, account, 422, "msg.no_copy", "msg.no_draft", back=f"/desk/documents/{submission_id}")
        also = marked_for_redaction(await anyio.to_thread.run_sync(events_of, service.ledger, submission.id))
        copy = await anyio.to_thread.run_sync(redacted_copy, kit, submission, draft, also, limiter=service.scan_limiter)
        if isinstance(copy, Refusal):
            return kit.refused(request, account, "msg.no_copy", copy, back=f"/desk/documents/{submission_id}")
        name, data = copy
        await anyio.to_thread.run_sync(record, submission, account, "redacted-download", None, f"{len(also)} 项标记脱敏")
        return Response(data, media_type="application/octet-stream", headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"})

    @app.post("/desk/documents/{submission_id}/send-back", include_in_schema=False)
    async def send_back(request: Request, submission_id: int) -> Response:
        account, form, submission = await kit.posted(request, submission_id)
        comment = str(form.get("comment", "")).strip()
        recorded = await anyio.to_thread.run_sync(events_of, service.ledger, submission.id)
        problem = ("msg.may_not_send_back" if account.role not in SIGNING_ROLES
                   else "msg.sent_back_already" if sent_back(recorded) else "msg.comment_needed" if not comment else None)
        if problem:
            return kit.message(request, account, 422, "msg.send_back_failed", problem, back=f"/desk/documents/{submission_id}",
                               role=kit.words(request).label("role", account.role))
        await anyio.to_thread.run_sync(record, submission, account, "sent-back", None, comment)
        return kit.redirect("/desk/")

    @app.post("/desk/documents/{submission_id}/raw", include_in_schema=False)
    async def raw(request: Request, submission_id: int) -> Response:
        account, form, submission = await kit.posted(request, submission_id)
        fingerprint = str(form.get("fingerprint", ""))
        finding = _finding(submission, fingerprint)
        if account.role not in RAW_VALUE_ROLES or finding is None:
            return kit.message(request, account, 403, "msg.no_raw", "msg.no_raw_text", back=f"/desk/documents/{submission_id}")
        await anyio.to_thread.run_sync(record, submission, account, "raw-viewed", fingerprint)  # logged before it is read
        draft = await anyio.to_thread.run_sync(draft_of, service.ledger, submission.id)
        value = await anyio.to_thread.run_sync(raw_value, service, finding, draft, limiter=service.scan_limiter) if draft else None
        return kit.page(request, "raw.html", account=account, submission=submission, finding=finding, value=value)
