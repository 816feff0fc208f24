"""A draft's text as the scanner read it, read again: for the view at upload and for the logged
raw-value view (findings' offsets index this text)."""

from __future__ import annotations

from typing import Any

from screening.engine.names import FILE_NAME, NAME_PARTS  # offsets of these index a name, not the text
from screening.sources.isolated import read_text


def extracted_text(service: Any, data: bytes, filename: str) -> str | None:
    """The text the findings' offsets index (read in a reader process where the service has
    them); None when it cannot be read (the page then lists findings only)."""
    try:
        if service.readers:  # a docx, PDF or sheet is read in a worker: its blocks come back, not its text
            return service.readers.text_of(data, filename, service.limits)
        return read_text(data, filename, service.limits)
    except Exception:  # noqa: BLE001 - the scan already succeeded; the view is a convenience
        return None


def raw_value(service: Any, finding: dict, draft: tuple[str, bytes]) -> str | None:
    """The raw text of one finding of the draft, or None where it cannot be shown (an older
    submission without offsets, a member or sheet name, an unreadable draft)."""
    start, end, part = finding.get("start"), finding.get("end"), finding["location"].get("part")
    filename, data = draft
    if part == FILE_NAME and start is not None and end is not None:
        return filename[start:end] or None
    if start is None or end is None or part in NAME_PARTS:
        return None
    text = extracted_text(service, data, filename)
    return text[start:end] or None if text is not None and end <= len(text) else None
