"""Worklists of the desk: an office's open documents, everything pending by office with its age
and whom it awaits, and sign-offs gone stale because the document changed since.

Read in a few queries whatever the ledger's size — submissions, the findings that need a decision,
and the sign-offs of those contents — never the stored views or drafts, and only the submissions not
yet known to be complete under the policy's review chains: the queue page stays fast with ten
thousand documents (bench/desk_queue.py).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select, update

from policies import Policy, load_policy

from screening.model import Finding, Location, ScanResult
from screening.workflow.chains import open_level
from screening.workflow.ledger import Ledger, SignOff, events, findings, scans, signoffs, submissions
from screening.workflow.review import DECIDED_ACTIONS, PolicyRef, ReviewState, resolve_policy, state_from


def age_parts(since: str, now: datetime | None = None) -> tuple[int, int, int]:
    """(days, hours, minutes) since an ISO time."""
    seconds = ((now or datetime.now(timezone.utc)) - datetime.fromisoformat(since)).total_seconds()
    return int(seconds // 86400), int(seconds % 86400 // 3600), int(seconds % 3600 // 60)


def age_of(since: str, now: datetime | None = None) -> str:
    """How long since an ISO time, in Chinese: '3 天 2 小时', '5 分钟'."""
    days, hours, minutes = age_parts(since, now)
    if days:
        return f"{days} 天 {hours} 小时"
    return f"{hours} 小时 {minutes} 分钟" if hours else f"{minutes} 分钟"


@dataclass(frozen=True)
class Queued:
    """A submission as a worklist shows it (no view, no draft)."""

    id: int
    submitted_at: str
    submitted_by: str
    office: str
    path: str
    sha256: str

    def age(self, now: datetime | None = None) -> str:
        return age_of(self.submitted_at, now)

    def awaiting(self, state: ReviewState) -> Counter:
        """How many findings wait for each role (the next level of their chain)."""
        return Counter(state.chains[finding.fingerprint].next_role or "reviewer" for finding in state.pending)

    def awaiting_signer(self, state: ReviewState, role: str, name: str) -> int:
        """How many pending findings this signer may sign now (their chain's next level is theirs,
        and they signed no earlier level of it): the document waits for them."""
        return sum(
            1 for finding in state.pending
            if (progress := state.chains.get(finding.fingerprint)) is not None
            and open_level(progress.chain, progress.filled, role, name) is not None
        )


NOWHERE = Location()  # a worklist needs no finding's place (reading each one's JSON was half the queue's time)


def _returned():
    return select(events.c.submission_id).where(events.c.kind == "sent-back")


def chains_tag(policy: Policy) -> str:
    """A digest of the policy's review chains: what a document's completeness depends on besides the
    ledger (its findings' actions and sign-offs are recorded; chains come from the policy)."""
    chains = json.dumps([chain.model_dump() for chain in policy.review_chains], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(chains.encode()).hexdigest()[:16]


def open_items(ledger: Ledger, policy: PolicyRef | None = None, office: str | None = None) -> list[tuple[Queued, ReviewState]]:
    """Submissions (of `office`, or of every office) still needing a decision, oldest first, with
    their review state; one sent back to its author waits for a new version instead.

    With a policy, a submission found complete is remembered as complete under its chains
    (`complete_under`) and not read again: sign-offs are only ever added, so under the same chains it
    stays complete; other chains (a new policy) read it again."""
    loaded = load_policy(policy) if policy is not None else None
    tag = chains_tag(loaded) if loaded is not None else None
    where = [submissions.c.id.not_in(_returned())] + ([submissions.c.office == office] if office is not None else [])
    if tag is not None:
        where.append(submissions.c.complete_under.is_(None) | (submissions.c.complete_under != tag))
    listed = (select(submissions.c.id, submissions.c.submitted_at, submissions.c.submitted_by, submissions.c.office, submissions.c.path,
                     submissions.c.sha256, submissions.c.scan_id, scans.c.verdict, scans.c.category, scans.c.policy_name, scans.c.policy_version)
              .join(scans, scans.c.id == submissions.c.scan_id).where(*where).order_by(submissions.c.id))
    needing = (select(*(findings.c[name] for name in ("scan_id", "entity_type", "rule", "action", "role", "preview", "fingerprint")))
               .join(submissions, submissions.c.scan_id == findings.c.scan_id)
               .where(*where, findings.c.action.in_(DECIDED_ACTIONS)))
    signed = (select(signoffs).where(signoffs.c.sha256.in_(select(submissions.c.sha256).where(*where))).order_by(signoffs.c.id))
    with ledger.engine.connect() as connection:
        rows = connection.execute(listed).all()
        by_scan: dict[int, list[Finding]] = defaultdict(list)
        for row in connection.execute(needing):
            by_scan[row.scan_id].append(Finding(
                entity_type=row.entity_type, start=0, end=0, score=1.0, action=row.action, rule=row.rule, message="", basis="",
                remedy="", preview=row.preview, location=NOWHERE, role=row.role, fingerprint=row.fingerprint))
        by_sha: dict[str, list[SignOff]] = defaultdict(list)
        for row in connection.execute(signed).mappings():
            by_sha[row["sha256"]].append(SignOff(**{key: row[key] for key in SignOff.__dataclass_fields__}))
    resolved: dict[str, Policy | None] = {}
    items, complete = [], []
    for row in rows:
        result = ScanResult(path=row.path, verdict=row.verdict, findings=by_scan.get(row.scan_id, []), sha256=row.sha256,
                            category=row.category, policy_name=row.policy_name, policy_version=row.policy_version)
        if row.policy_name not in resolved:
            resolved[row.policy_name] = loaded or resolve_policy(result, None)
        state = state_from(result, by_sha.get(row.sha256, []), resolved[row.policy_name])
        if state.complete:
            complete.append(row.id)
        else:
            items.append((Queued(row.id, row.submitted_at, row.submitted_by, row.office, row.path, row.sha256), state))
    if tag is not None and complete:
        _remember_complete(ledger, complete, tag)
    return items


def _remember_complete(ledger: Ledger, ids: list[int], tag: str) -> None:
    with ledger.engine.begin() as connection:
        for start in range(0, len(ids), 500):  # within every database's limit on bound parameters
            connection.execute(update(submissions).where(submissions.c.id.in_(ids[start:start + 500])).values(complete_under=tag))


@dataclass
class OfficePending:
    """One office's open documents in a worklist: how many, how old the oldest, whom they await."""

    office: str
    items: list[tuple[Queued, ReviewState]] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(len(state.pending) + len(state.invalid) for _, state in self.items)

    @property
    def oldest(self) -> Queued | None:
        return self.items[0][0] if self.items else None

    @property
    def awaiting(self) -> Counter:
        total: Counter = Counter()
        for queued, state in self.items:
            total.update(queued.awaiting(state))
        return total


def pending_by_office(ledger: Ledger, policy: PolicyRef | None = None) -> list[OfficePending]:
    """Every office's open documents, the office with the oldest first."""
    offices: dict[str, OfficePending] = {}
    for queued, state in open_items(ledger, policy):
        offices.setdefault(queued.office, OfficePending(queued.office)).items.append((queued, state))
    return sorted(offices.values(), key=lambda pending: pending.oldest.submitted_at)


@dataclass(frozen=True)
class StaleSignOffs:
    """Sign-offs of a path whose content has changed since: they do not cover the current version."""

    path: str
    signed_sha256: str
    current_sha256: str
    count: int
    signers: tuple[str, ...]
    last_signed_at: str
    current_submission: int | None  # the office's submission of the current version, if any


def stale_signoffs(ledger: Ledger, office: str) -> list[StaleSignOffs]:
    """For the paths the office has submitted, sign-offs of another content than the path's latest scan."""
    latest = select(scans.c.path, func.max(scans.c.id).label("scan_id")).group_by(scans.c.path).subquery()
    current = (select(latest.c.path, scans.c.sha256).join(scans, scans.c.id == latest.c.scan_id)
               .where(latest.c.path.in_(select(submissions.c.path).where(submissions.c.office == office))).subquery())
    query = (select(signoffs.c.path, signoffs.c.sha256, current.c.sha256.label("current_sha256"), signoffs.c.signed_by, signoffs.c.signed_at)
             .join(current, current.c.path == signoffs.c.path).where(signoffs.c.sha256 != current.c.sha256).order_by(signoffs.c.id))
    latest_submission = (select(submissions.c.sha256, func.max(submissions.c.id).label("id"))
                         .where(submissions.c.office == office).group_by(submissions.c.sha256))
    with ledger.engine.connect() as connection:
        rows = connection.execute(query).all()
        submitted = {row.sha256: row.id for row in connection.execute(latest_submission)}
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for row in rows:
        grouped[(row.path, row.sha256)].append(row)
    return [
        StaleSignOffs(path, sha256, group[0].current_sha256, len(group), tuple(dict.fromkeys(row.signed_by for row in group)),
                      max(row.signed_at for row in group), submitted.get(group[0].current_sha256))
        for (path, sha256), group in grouped.items()
    ]
