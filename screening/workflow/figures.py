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

from screening.workflow.ledger import Ledger, ScanRecord, findings, scans, signoffs, submissions
from screening.workflow.ledger_export import in_period, last_scans, monthly_counts
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


@dataclass(frozen=True)
class Period:
    """The months the figures cover, both ends included (YYYY-MM; None: open)."""

    since: str | None = None
    until: str | None = None

    @classmethod
    def year(cls, year: str) -> Period:
        return cls(f"{year}-01", f"{year}-12")


@dataclass
class Figures:
    months: dict[str, Counter[str]]  # month → verdict → documents, oldest month first
    years: list[YearFigures]
    by_rule: list[tuple[str, int]]  # most findings first
    approvals: list[Approval]
    period: Period = Period()


def export_figures(ledger: Ledger, period: Period = Period(), last: dict[tuple[str, str], ScanRecord] | None = None,
                   ) -> tuple[dict[str, Counter[str]], list[YearFigures]]:
    """Documents per month by verdict, and each year's totals, from `ledger export`'s counts."""
    months: dict[str, Counter[str]] = defaultdict(Counter)
    years: dict[str, YearFigures] = {}
    counts = monthly_counts(ledger, period.since, last, period.until)
    for (month, _category, verdict, action, basis, measure), count in sorted(counts.items()):
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


def approval_times(ledger: Ledger, policy: PolicyRef, period: Period = Period()) -> list[Approval]:
    """Per office, the submissions of the period (by the month they were submitted) complete under the
    policy's chains that needed a sign-off, and the mean time from submission to the sign-off that
    completed them (the last one of that content)."""
    open_items(ledger, policy)  # marks every submission found complete under these chains (complete_under)
    tag = chains_tag(load_policy(policy))
    last_signed = select(signoffs.c.sha256, func.max(signoffs.c.signed_at).label("signed_at")).group_by(signoffs.c.sha256).subquery()
    query = (select(submissions.c.office, submissions.c.submitted_at, last_signed.c.signed_at)
             .join(last_signed, last_signed.c.sha256 == submissions.c.sha256).where(submissions.c.complete_under == tag))
    hours: dict[str, list[float]] = defaultdict(list)
    with ledger.engine.connect() as connection:
        for row in connection.execute(query):
            if not in_period(row.submitted_at[:7], period.since, period.until):
                continue
            waited = (datetime.fromisoformat(row.signed_at) - datetime.fromisoformat(row.submitted_at)).total_seconds() / 3600
            hours[row.office].append(max(waited, 0.0))  # signed before this upload (same content, the CLI): no wait
    return [Approval(office, len(spans), round(sum(spans) / len(spans), 1)) for office, spans in sorted(hours.items())]


def desk_figures(ledger: Ledger, policy: PolicyRef, period: Period = Period()) -> Figures:
    last = last_scans(ledger, period.since, period.until)  # read once: the export's figures and the findings by rule count the same scans
    months, years = export_figures(ledger, period, last)
    return Figures(months, years, findings_by_rule(ledger, last), approval_times(ledger, policy, period), period)


def ledger_years(ledger: Ledger) -> list[str]:
    """The years the ledger has scans of, newest first (the charts' period links)."""
    with ledger.engine.connect() as connection:
        stamps = connection.execute(select(func.min(scans.c.scanned_at), func.max(scans.c.scanned_at))).one()
    if stamps[0] is None:
        return []
    return [str(year) for year in range(int(stamps[1][:4]), int(stamps[0][:4]) - 1, -1)]
