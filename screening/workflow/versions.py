"""What changed between a draft sent back and its changed draft, finding by finding.

A finding's fingerprint names it by its content (entity, rule, masked preview, which occurrence:
screening.engine.fingerprint), so the same finding in both versions has the same fingerprint and the
comparison is a set difference: what the author fixed is gone, what the change brought in is new. Only
findings that need a decision count (block, review): those the reviewer reads. Masked previews only.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening.workflow.review import DECIDED_ACTIONS


@dataclass(frozen=True)
class VersionChange:
    """The changed draft against the version sent back (findings as the desk stores them: dicts)."""

    new: frozenset[str]  # fingerprints only in the changed draft
    gone: tuple[dict, ...]  # the earlier version's findings no longer there (rule, action, masked preview)
    kept: int  # findings in both


def compare_versions(earlier: list[dict], changed: list[dict]) -> VersionChange:
    """The findings needing a decision that the changed draft adds, drops and keeps.

    >>> old = [{"fingerprint": "a", "action": "block"}, {"fingerprint": "b", "action": "review"}, {"fingerprint": "c", "action": "allow"}]
    >>> new = [{"fingerprint": "b", "action": "review"}, {"fingerprint": "d", "action": "block"}]
    >>> change = compare_versions(old, new)
    >>> sorted(change.new), [f["fingerprint"] for f in change.gone], change.kept
    (['d'], ['a'], 1)
    """
    before = {f["fingerprint"]: f for f in earlier if f["action"] in DECIDED_ACTIONS}
    after = {f["fingerprint"]: f for f in changed if f["action"] in DECIDED_ACTIONS}
    return VersionChange(
        new=frozenset(after.keys() - before.keys()),
        gone=tuple(f for fingerprint, f in before.items() if fingerprint not in after),
        kept=len(after.keys() & before.keys()),
    )
