"""Sign-offs (一事一审): who decided what about which finding of which exact content, and why.

A sign-off names a document's sha256 and a finding's fingerprint (screening.engine.fingerprint), so
it holds for that content only: an edited document needs a new review. The basis must fit the
finding's action: a `block` finding may only be published on third-party consent or public
interest (政府信息公开条例 §15, §32), or because it is a false positive — and the reviewer
must say why in a note. A `review` finding may also be signed off as already masked.

A finding is signed off when its review chain (the policy's `review_chains`, see
screening.workflow.chains) is complete: one 审核人 unless the policy names more levels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pathlib import Path

from policies import Policy, bundled_profiles, load_policy
from policies.model import DEFAULT_CHAIN, ReviewChain
from screening.model import Finding, ScanResult
from screening.workflow.chains import ChainProgress, open_level, progress, role_problem
from screening.workflow.ledger import Ledger, SignOff, now_utc
from screening.workflow.refusals import Refusal, Refused, refusal

PolicyRef = str | Path | Policy

BASES = ("consent", "public-interest", "masked", "false-positive")
BLOCK_BASES = frozenset({"consent", "public-interest", "false-positive"})
BASIS_LABELS = {"consent": "权利人同意", "public-interest": "公共利益需要", "masked": "已脱敏", "false-positive": "误报"}
DECIDED_ACTIONS = frozenset({"review", "block"})


class SignOffError(Refused):
    """A sign-off request that cannot be recorded: its `refusals` say which part and why (the message
    in English; the desk words them in the page's language)."""


def needing_decision(result: ScanResult) -> list[Finding]:
    """The findings a person must decide on before the document may go out."""
    return [finding for finding in result.findings if finding.action in DECIDED_ACTIONS]


def basis_problem(action: str, basis: str, note: str) -> Refusal | None:
    """Why `basis` cannot sign off a finding with `action`, or None when it can."""
    if basis not in BASES:
        return refusal("unknown_basis", basis=repr(basis), bases=", ".join(BASES))
    if action == "block" and basis not in BLOCK_BASES:
        return refusal("block_basis", basis=basis)
    if action == "block" and not note.strip():
        return refusal("block_note")
    return None


def resolve_policy(result: ScanResult, policy: PolicyRef | None) -> Policy | None:
    """The policy whose review chains apply: the one given, else the bundled profile the result
    names; None (one 审核人 per finding) for a custom profile nobody passed."""
    if policy is not None:
        return load_policy(policy)
    return load_policy(result.policy_name) if result.policy_name in bundled_profiles() else None


def chain_of(finding: Finding, category: str | None, policy: Policy | None) -> ReviewChain:
    return policy.chain_for(finding.rule, finding.entity_type, finding.action, category) if policy else DEFAULT_CHAIN


def sign_off(
    ledger: Ledger, result: ScanResult, fingerprints: Iterable[str] | None, *, basis: str, by: str, note: str = "",
    role: str | None = None, policy: PolicyRef | None = None,
) -> list[SignOff]:
    """Record sign-offs for the listed fingerprints of `result`, all or none, each at the level of
    its review chain the signer may fill now (screening.workflow.chains). `role` is the signed-in
    desk account's; None is a typed name (CLI, Python), which fills `reviewer` levels only.
    `fingerprints` None: every finding needing a decision whose next level this signer may fill.
    Raises SignOffError naming what is wrong."""
    if result.verdict == "error" or not result.sha256:
        raise SignOffError(refusal("unscreenable", path=result.path, error=str(result.error)))
    if not by.strip():
        raise SignOffError(refusal("no_signer"))
    by = by.strip()
    state = review_state(result, ledger, policy)
    pending = {finding.fingerprint: finding for finding in needing_decision(result)}
    levels = {fingerprint: open_level(progress.chain, progress.filled, role, by) for fingerprint, progress in state.chains.items()}
    if fingerprints is None:
        wanted = [fingerprint for fingerprint in pending if levels[fingerprint] is not None]
        if not wanted and pending:
            waiting = sorted({state.chains[f].next_role for f in pending if state.chains[f].next_role})
            raise SignOffError(refusal("nothing_for_signer_waiting", path=result.path, by=by, roles=",".join(waiting))
                               if waiting else refusal("nothing_for_signer", path=result.path, by=by))
    else:
        wanted = list(dict.fromkeys(fingerprints))
    unknown = [fingerprint for fingerprint in wanted if fingerprint not in pending]
    if unknown:
        raise SignOffError(refusal("not_pending", path=result.path, fingerprints=", ".join(unknown)))
    if not wanted:
        raise SignOffError(refusal("nothing_pending", path=result.path))
    problems = [
        refusal("for_finding", fingerprint=fingerprint, rule=pending[fingerprint].rule, problem=problem)
        for fingerprint in wanted
        if (problem := basis_problem(pending[fingerprint].action, basis, note)
            or role_problem(pending[fingerprint].rule, basis, role)
            or _level_problem(state.chains[fingerprint], levels[fingerprint], role, by))
    ]
    if problems:
        raise SignOffError(*problems)
    signed_at = now_utc()
    records = [
        SignOff(
            sha256=result.sha256, path=result.path, fingerprint=fingerprint, entity_type=pending[fingerprint].entity_type,
            rule=pending[fingerprint].rule, action=pending[fingerprint].action, basis=basis, signed_by=by, note=note.strip(),
            signed_at=signed_at, policy_name=result.policy_name, policy_version=result.policy_version,
            level=levels[fingerprint] + 1, signer_role=role,
        )
        for fingerprint in wanted
    ]
    ledger.add_signoffs(records)
    return records


def _level_problem(progress: ChainProgress, level: int | None, role: str | None, by: str) -> Refusal | None:
    """Why this signer may not fill a level of the finding's chain now, or None."""
    if level is not None:
        return None
    chain = progress.state()
    if progress.complete:
        return refusal("already_signed", chain=chain)
    if any(record.signed_by == by for record in progress.filled):
        return refusal("signed_earlier_level", by=by, chain=chain)
    needed = progress.next_role or ""
    if role is None:
        return refusal("level_typed", needed=needed, chain=chain)
    return refusal("level_role", role=role, needed=needed, chain=chain)


@dataclass
class ReviewState:
    """Where a document's review stands against the ledger."""

    result: ScanResult
    signed: dict[str, SignOff] = field(default_factory=dict)  # fingerprint → the sign-off that completed its chain
    pending: list[Finding] = field(default_factory=list)  # need a decision, chain not complete
    invalid: list[tuple[Finding, str]] = field(default_factory=list)  # signed, but the basis no longer fits (policy now blocks)
    stale: list[SignOff] = field(default_factory=list)  # sign-offs of this path that match nothing now
    chains: dict[str, ChainProgress] = field(default_factory=dict)  # fingerprint → its chain and the levels signed so far

    @property
    def complete(self) -> bool:
        return self.result.verdict != "error" and not self.pending and not self.invalid


def review_state(result: ScanResult, ledger: Ledger, policy: PolicyRef | None = None) -> ReviewState:
    """Each finding's chain filled from the valid sign-offs of this content (see resolve_policy for `policy`)."""
    return state_from(result, ledger.signoffs_for(result.sha256, result.path), resolve_policy(result, policy))


def state_from(result: ScanResult, recorded: list[SignOff], resolved: Policy | None) -> ReviewState:
    """review_state on sign-offs already read (the queue reads an office's in one query)."""
    state = ReviewState(result)
    current: dict[str, list[SignOff]] = {}
    for record in recorded:
        if record.sha256 == result.sha256:
            current.setdefault(record.fingerprint, []).append(record)
    needing = needing_decision(result)
    for finding in needing:
        records = current.get(finding.fingerprint, [])
        valid = [record for record in records if not basis_problem(finding.action, record.basis, record.note)]
        chain = state.chains[finding.fingerprint] = progress(chain_of(finding, result.category, resolved), valid)
        if chain.complete:
            state.signed[finding.fingerprint] = chain.filled[-1]
        elif records and not valid:
            state.invalid.append((finding, basis_problem(finding.action, records[-1].basis, records[-1].note)))
        else:
            state.pending.append(finding)
    decided = {finding.fingerprint for finding in needing}
    state.stale = [record for record in recorded if record.sha256 != result.sha256 or record.fingerprint not in decided]
    return state
