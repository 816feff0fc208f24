"""Recording a submitted draft — from the desk's upload form or a CMS through POST /submit — as one
thing: its scan, the text view (read again where the scan read it), the stored draft, then the
drafts' retention period applied."""

from __future__ import annotations

from typing import Any

import anyio

from screening.model import ScanResult
from screening.service.desk.text import extracted_text
from screening.workflow.submissions import record_submission


async def record_draft(
    service: Any, result: ScanResult, data: bytes, filename: str, *, by: str, office: str, revises: int | None = None,
) -> int:
    """Record the screened draft in `office`'s queue; returns the submission's id."""
    text = await anyio.to_thread.run_sync(extracted_text, service, data, filename) if result.verdict != "error" else None
    submission_id = await anyio.to_thread.run_sync(lambda: record_submission(
        service.ledger, result, text, by=by, office=office, draft=(filename, data), revises=revises))
    await anyio.to_thread.run_sync(service.purge_drafts)  # the retention period, applied as drafts come in
    return submission_id
