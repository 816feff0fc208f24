"""The desk's charts, as numbers: documents screened per month by verdict and the 年度报告 totals (both
from `ledger export`'s counts, never counted a second way), findings by rule (of the same scans), and
the average time from submission to approval per office.

Counts only: no document's path or value, so every office's figures may be shown to every account,
as the worklists show other offices' counts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from policies import load_policy

from screening.workflow.ledger import Ledger, ScanRecord, findings, signoffs, submissions
from screening.workflow.ledger_export import last_scans, monthly_counts
from screening.workflow.queue import chains_tag, open_items
from screening.workflow.review import PolicyRef

VERDICTS = ("pass", "review", "block", "error")


@dataclass
class YearFigures:
    """One year's 年度报告 figures: the export's rows summed over the year's months."""

    year: str
    documents: Counter[str] = field(default_factory=Counter)  # verdict → documents
    findings: Counter[str] = field(default_factory=Counter)  # action → findings
    signoffs: Counter[str] = field(default_factory=Counter)  # basis → sign-offs


@dataclass(frozen=True)
class Approval:
    """An office's documents whose review chains are complete, and how long they took on average."""

    office: str
    documents: int
    average_hours: float


@dataclass
class Figures:
    months: dict[str, Counter[str]]  # month → verdict → documents, oldest month first
    years: list[YearFigures]
    by_rule: list[tuple[str, int]]  # most findings first
    approvals: list[Approval]


def export_figures(ledger: Ledger, since: str | None = None, last: dict[tuple[str, str], ScanRecord] | None = None,
                   ) -> tuple[dict[str, Counter[str]], list[YearFigures]]:
    """Documents per month by verdict, and each year's totals, from `ledger export`'s counts."""
    months: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, YearFigures] = {}
    for (month, _category, verdict, action, basis, measure), count in sorted(monthly_counts(ledger, since, last).items()):
        year = years.setdefault(month[:4], YearFigures(month[:4]))
        if measure == "documents":
            months[month][verdict] += count
            year.documents[verdict] += count
        elif measure == "findings":
            year.findings[action] += count
        else:
            year.signoffs[basis] += count
    return dict(sorted(months.items())), sorted(years.values(), key=lambda figures: figures.year)


def findings_by_rule(ledger: Ledger, last: dict[tuple[str, str], ScanRecord]) -> list[tuple[str, int]]:
    """Findings per rule in the scans the export counts (`last_scans`: each content's last scan of a month)."""
    ids = [record.scan_id for record in last.values()]
    counts: Counter[str] = Counter()
    with ledger.engine.connect() as connection:
        for start in range(0, len(ids), 500):  # within every database's limit on bound parameters
            query = (select(findings.c.rule, func.count().label("n")).where(findings.c.scan_id.in_(ids[start:start + 500]))
                     .group_by(findings.c.rule))
            counts.update({row.rule: int(row.n) for row in connection.execute(query)})
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def approval_times(ledger: Ledger, policy: PolicyRef) -> list[Approval]:
    """Per office, the submissions complete under the policy's chains that needed a sign-off, and the
    mean time from submission to the sign-off that completed them (the last one of that content)."""
    open_items(ledger, policy)  # marks every submission found complete under these chains (complete_under)
    tag = chains_tag(load_policy(policy))
    last_signed = select(signoffs.c.sha256, func.max(signoffs.c.signed_at).label("signed_at")).group_by(signoffs.c.sha256).subquery()
    query = (select(submissions.c.office, submissions.c.submitted_at, last_signed.c.signed_at)
             .join(last_signed, last_signed.c.sha256 == submissions.c.sha256).where(submissions.c.complete_under == tag))
    hours: dict[str, list[float]] = defaultdict(list)
    with ledger.engine.connect() as connection:
        for row in connection.execute(query):
            waited = (datetime.fromisoformat(row.signed_at) - datetime.fromisoformat(row.submitted_at)).total_seconds() / 3600
            hours[row.office].append(max(waited, 0.0))  # signed before this upload (same content, the CLI): no wait
    return [Approval(office, len(spans), round(sum(spans) / len(spans), 1)) for office, spans in sorted(hours.items())]


def desk_figures(ledger: Ledger, policy: PolicyRef, since: str | None = None) -> Figures:
    last = last_scans(ledger, since)  # read once: the export's figures and the findings by rule count the same scans
    months, years = export_figures(ledger, since, last)
    return Figures(months, years, findings_by_rule(ledger, last), approval_times(ledger, policy))
