"""The publishing gate: may this document go online now? (先审后发)

Yes only when it passes screening, or when every `review` and `block` finding's review chain is
complete: a valid sign-off at each level the policy names, recorded for this exact content
(screening.workflow.review, .chains). A document that could not be
screened never passes. The reasons name rules, masked previews and fingerprints — what a
person needs to act on — and never a raw value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from screening.workflow.ledger import Ledger
from screening.model import Finding, ScanResult
from screening.workflow.review import PolicyRef, ReviewState, review_state


@dataclass
class GateDecision:
    path: str | None
    sha256: str | None
    verdict: str
    passed: bool
    reasons: list[str] = field(default_factory=list)
    unsigned: list[Finding] = field(default_factory=list)
    signed: int = 0
    stale: list[str] = field(default_factory=list)  # fingerprints of sign-offs that match nothing now

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "verdict": self.verdict,
            "passed": self.passed,
            "reasons": self.reasons,
            "signed": self.signed,
            "stale_signoffs": self.stale,
            "unsigned": [
                {"fingerprint": f.fingerprint, "entity_type": f.entity_type, "action": f.action, "rule": f.rule,
                 "preview": f.preview, "location": f.location.to_dict()}
                for f in self.unsigned
            ],
        }


def _describe(finding: Finding) -> str:
    return f"{finding.action} {finding.rule} {finding.preview} ({finding.location.describe()}) [{finding.fingerprint}]"


def _waiting(finding: Finding, state: ReviewState) -> str:
    chain = state.chains[finding.fingerprint]
    if not chain.filled:
        return f"no sign-off: {_describe(finding)}"
    return f"awaiting {chain.next_role} ({chain.describe()}): {_describe(finding)}"


def gate_result(result: ScanResult, ledger: Ledger, policy: PolicyRef | None = None) -> GateDecision:
    """The gate's decision for one screened document: every finding's review chain complete
    (`policy` gives the chains; None: the bundled profile the result names)."""
    decision = GateDecision(result.path, result.sha256, result.verdict, passed=False)
    if result.verdict == "error":
        decision.reasons.append(f"not screened: {result.error or 'unreadable'}")
        return decision
    state = review_state(result, ledger, policy)
    decision.signed = len(state.signed)
    decision.stale = [record.fingerprint for record in state.stale]
    decision.unsigned = state.pending + [finding for finding, _ in state.invalid]
    decision.reasons += [_waiting(finding, state) for finding in state.pending]
    decision.reasons += [f"sign-off no longer valid: {_describe(finding)}: {problem}" for finding, problem in state.invalid]
    decision.passed = state.complete
    return decision
