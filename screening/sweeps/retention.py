"""When must a published document come down? The clearance date of a sweep (谁公开、谁清理).

The policy's `retention` rules are tried in order and the first that fits the document
decides: by category (资助公示 when its 公示期 ends, 招生公示 at the end of that year, 行政处罚
after its display period) or, for `when: block-finding`, because the page carries personal
data no sign-off covers (due the day it was found). Dates come from the document's metadata
(screening.engine.metadata); when the publish date is unknown, the day the sweep first saw the
document stands in for it and the reason says so.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from policies import Policy
from policies.model import RetentionRule


@dataclass(frozen=True)
class Clearance:
    """A document's clearance: by when it must be off the site, why, on which rule, and who acts."""

    due: date
    rule: str
    reason: str
    basis: str
    urgent: bool
    owner: str | None = None
    owner_source: str | None = None  # how the owner was found (owners file entry, 发布机构 in the text)
    assumed: str | None = None  # what stood in for a missing date, e.g. "发布日期不明，按首次发现日期计"

    def overdue(self, as_of: date) -> bool:
        return self.due <= as_of

    def to_dict(self) -> dict[str, Any]:
        data = {"due": self.due.isoformat(), "reason": self.reason, "basis": self.basis, "owner": self.owner, "rule": self.rule,
                "urgent": self.urgent}
        if self.owner_source:
            data["owner_source"] = self.owner_source
        if self.assumed:
            data["assumed"] = self.assumed
        return data


def add_duration(start: date, duration: str) -> date:
    """`start` plus a policy duration: 30d, 3m (calendar months), 3y (the day is clamped to the month's end).

    >>> add_duration(date(2024, 2, 29), "1y"), add_duration(date(2024, 1, 31), "1m"), add_duration(date(2024, 9, 2), "30d")
    (datetime.date(2025, 2, 28), datetime.date(2024, 2, 29), datetime.date(2024, 10, 2))
    """
    amount, unit = int(duration[:-1]), duration[-1]
    if unit == "d":
        return start + timedelta(days=amount)
    months = start.month - 1 + amount * (12 if unit == "y" else 1)
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _fits(rule: RetentionRule, category: str | None, metadata: dict[str, Any], has_unsigned_block: bool) -> bool:
    if rule.categories and category not in rule.categories:
        return False
    if rule.title_any and not set(rule.title_any) & set(metadata.get("title_cues") or ()):
        return False  # a 资助 policy notice is not a 资助公示: only a notice's own title says so
    return rule.when == "always" or has_unsigned_block


def _due(rule: RetentionRule, metadata: dict[str, Any], first_seen: date, as_of: date) -> tuple[date, str | None]:
    """The due date under `rule`, and what stood in for a date the document does not give."""
    if rule.until == "now":
        return as_of, None
    published = _iso(metadata.get("published"))
    start, assumed = (published, None) if published else (first_seen, "发布日期不明，按首次发现日期计")
    if rule.until == "year-end":
        return date(start.year, 12, 31), assumed
    if rule.until == "after":
        return add_duration(start, rule.after or "0d"), assumed
    notice_end = _iso(metadata.get("notice_end"))  # until: notice-end
    if notice_end:
        return notice_end, None
    fallback = rule.fallback or "0d"
    return add_duration(start, fallback), (assumed + "；" if assumed else "") + f"未写明公示期，按发布后{in_chinese(fallback)}计"


def in_chinese(duration: str) -> str:
    """A policy duration as an office worker reads it.

    >>> in_chinese("30d"), in_chinese("3m"), in_chinese("3y")
    ('30天', '3个月', '3年')
    """
    return duration[:-1] + {"d": "天", "m": "个月", "y": "年"}[duration[-1]]


def clearance_for(
    policy: Policy, *, category: str | None, metadata: dict[str, Any] | None, has_unsigned_block: bool,
    first_seen: date, as_of: date,
) -> Clearance | None:
    """The clearance of one document under `policy`, or None when no retention rule fits it.
    `first_seen`: when the sweep first saw it; `as_of`: the date the sweep evaluates (`until: now` is due then)."""
    for rule in policy.retention:
        if _fits(rule, category, metadata or {}, has_unsigned_block):
            due, assumed = _due(rule, metadata or {}, first_seen, as_of)
            return Clearance(due=due, rule=rule.id, reason=rule.reason, basis=rule.basis, urgent=rule.urgent, assumed=assumed)
    return None
