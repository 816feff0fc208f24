"""Sign-offs (一事一审): who decided what about which finding of which exact content, and why.

A sign-off names a document's sha256 and a finding's fingerprint (screening.engine.fingerprint), so
it holds for that content only: an edited document needs a new review. The basis must fit the
finding's action: a `block` finding may only be published on third-party consent or public
interest (政府信息公开条例 §15, §32), or because it is a false positive — and the reviewer
must say why in a note. A `review` finding may also be signed off as already masked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from screening.workflow.ledger import Ledger, SignOff, now_utc
from screening.model import Finding, ScanResult

BASES = ("consent", "public-interest", "masked", "false-positive")
BLOCK_BASES = frozenset({"consent", "public-interest", "false-positive"})
BASIS_LABELS = {"consent": "权利人同意", "public-interest": "公共利益需要", "masked": "已脱敏", "false-positive": "误报"}
DECIDED_ACTIONS = frozenset({"review", "block"})


class SignOffError(ValueError):
    """A sign-off request that cannot be recorded; the message says which part and why."""


def needing_decision(result: ScanResult) -> list[Finding]:
    """The findings a person must decide on before the document may go out."""
    return [finding for finding in result.findings if finding.action in DECIDED_ACTIONS]


def basis_problem(action: str, basis: str, note: str) -> str | None:
    """Why `basis` cannot sign off a finding with `action`, or None when it can."""
    if basis not in BASES:
        return f"unknown basis {basis!r}: use one of {', '.join(BASES)}"
    if action == "block" and basis not in BLOCK_BASES:
        return f"a block finding needs basis consent, public-interest or false-positive (条例 §15, §32), not {basis}"
    if action == "block" and not note.strip():
        return "a block finding needs a note saying why it may be published"
    return None


def sign_off(
    ledger: Ledger, result: ScanResult, fingerprints: Iterable[str] | None, *, basis: str, by: str, note: str = ""
) -> list[SignOff]:
    """Record sign-offs for the listed fingerprints (None: every finding needing a decision) of
    `result`, all or none. Raises SignOffError naming what is wrong."""
    if result.verdict == "error" or not result.sha256:
        raise SignOffError(f"{result.path}: the document could not be screened ({result.error}); nothing to sign off")
    if not by.strip():
        raise SignOffError("say who signs off (--by NAME)")
    pending = {finding.fingerprint: finding for finding in needing_decision(result)}
    wanted = list(pending) if fingerprints is None else list(dict.fromkeys(fingerprints))
    unknown = [fingerprint for fingerprint in wanted if fingerprint not in pending]
    if unknown:
        raise SignOffError(f"not a finding needing a decision in this version of {result.path}: {', '.join(unknown)} (see review --list)")
    if not wanted:
        raise SignOffError(f"{result.path}: no finding needs a decision")
    problems = [
        f"{fingerprint} ({pending[fingerprint].rule}): {problem}"
        for fingerprint in wanted
        if (problem := basis_problem(pending[fingerprint].action, basis, note))
    ]
    if problems:
        raise SignOffError("; ".join(problems))
    signed_at = now_utc()
    records = [
        SignOff(
            sha256=result.sha256, path=result.path, fingerprint=fingerprint, entity_type=pending[fingerprint].entity_type,
            rule=pending[fingerprint].rule, action=pending[fingerprint].action, basis=basis, signed_by=by.strip(), note=note.strip(),
            signed_at=signed_at, policy_name=result.policy_name, policy_version=result.policy_version,
        )
        for fingerprint in wanted
    ]
    ledger.add_signoffs(records)
    return records


@dataclass
class ReviewState:
    """Where a document's review stands against the ledger."""

    result: ScanResult
    signed: dict[str, SignOff] = field(default_factory=dict)  # fingerprint → a valid sign-off of this content
    pending: list[Finding] = field(default_factory=list)  # need a decision, have no valid sign-off
    invalid: list[tuple[Finding, str]] = field(default_factory=list)  # signed, but the basis no longer fits (policy now blocks)
    stale: list[SignOff] = field(default_factory=list)  # sign-offs of this path that match nothing now

    @property
    def complete(self) -> bool:
        return self.result.verdict != "error" and not self.pending and not self.invalid


def review_state(result: ScanResult, ledger: Ledger) -> ReviewState:
    state = ReviewState(result)
    recorded = ledger.signoffs_for(result.sha256, result.path)
    current = {(record.sha256, record.fingerprint): record for record in recorded if record.sha256 == result.sha256}
    matched: set[tuple[str, str]] = set()
    for finding in needing_decision(result):
        record = current.get((result.sha256, finding.fingerprint))
        if record is None:
            state.pending.append(finding)
            continue
        matched.add((record.sha256, record.fingerprint))
        problem = basis_problem(finding.action, record.basis, record.note)
        if problem:
            state.invalid.append((finding, problem))
        else:
            state.signed[finding.fingerprint] = record
    state.stale = [record for record in recorded if (record.sha256, record.fingerprint) not in matched]
    return state
