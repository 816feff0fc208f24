"""`screening ledger export`: the counts an office needs for its 政府信息公开工作年度报告.

One CSV row per (month, category, verdict, action, basis, measure) with a count, in long form so
a spreadsheet pivot gives any table:
- `documents`: documents screened that month by category and verdict. A document scanned several
  times in a month (drafts re-checked, the gate) counts once, with its last verdict of the month;
- `findings`: the findings of those last scans, by category and action;
- `signoffs`: sign-offs recorded that month, by the category of the document, action and basis.

Written UTF-8 with a byte-order mark: Excel on Chinese Windows otherwise reads it as GBK.
"""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO

from screening.workflow.ledger import Ledger, ScanRecord

COLUMNS = ("month", "category", "verdict", "action", "basis", "measure", "count")


def _month(timestamp: str) -> str:
    return timestamp[:7]  # ISO 8601: YYYY-MM


def in_period(month: str, since: str | None, until: str | None) -> bool:
    """Whether `month` (YYYY-MM) lies from `since` to `until`, both included (None: open).

    >>> in_period("2026-03", "2026-01", "2026-12"), in_period("2025-12", "2026-01", None)
    (True, False)
    """
    return (not since or month >= since) and (not until or month <= until)


def last_scans(ledger: Ledger, since: str | None = None, until: str | None = None) -> dict[tuple[str, str], ScanRecord]:
    """(month, content) → the content's last scan of that month, for months from `since` to `until`:
    what `documents` and `findings` count (the desk's charts count the same scans' findings by rule)."""
    last: dict[tuple[str, str], ScanRecord] = {}
    for record in ledger.scan_records():
        month = _month(record.scanned_at)
        if in_period(month, since, until):
            last[(month, record.sha256 or record.path or "")] = record  # records arrive oldest first
    return last


def monthly_counts(ledger: Ledger, since: str | None = None, last: dict[tuple[str, str], ScanRecord] | None = None,
                   until: str | None = None) -> Counter[tuple[str, str, str, str, str, str]]:
    """(month, category, verdict, action, basis, measure) → count, for months from `since` to `until`
    (YYYY-MM, both included); `last`: last_scans(ledger, since, until) when the caller has it already."""
    last = last_scans(ledger, since, until) if last is None else last
    by_age = sorted(last.values(), key=lambda record: record.scan_id or 0)
    category_of = {record.sha256: record.category or "" for record in by_age if record.sha256}  # its latest scan's
    counts: Counter[tuple[str, str, str, str, str, str]] = Counter()
    for (month, _), record in last.items():
        category = record.category or ""
        counts[(month, category, record.verdict, "", "", "documents")] += 1
        for action, number in record.actions.items():
            counts[(month, category, "", action, "", "findings")] += number
    for signoff in ledger.all_signoffs():
        month = _month(signoff.signed_at)
        if not in_period(month, since, until):
            continue
        counts[(month, category_of.get(signoff.sha256, ""), "", signoff.action, signoff.basis, "signoffs")] += 1
    return counts


def write_csv(ledger: Ledger, out: TextIO, since: str | None = None, until: str | None = None) -> int:
    """Write the export (months from `since` to `until`, both included); returns the number of data rows."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = sorted(monthly_counts(ledger, since, until=until).items())
    for key, count in rows:
        writer.writerow((*key, count))
    return len(rows)
