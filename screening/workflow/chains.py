"""Review chains (审核链): which levels a finding's sign-off needs, who may fill each, how far it got.

The policy's `review_chains` name, per category, action, rule or entity, the roles that sign a
finding off in order (policies.model.ReviewChain); a finding no chain fits needs one 审核人.
Levels fill in order, each by a different person:

- a `reviewer` level takes any signing role, and a sign-off without a proven role — one typed
  with `screening review --by NAME` or `sign_off(..., by=NAME)` in Python, and every sign-off
  recorded before chains existed (ledger schema < 4). A desk account whose role a *later* level
  of the same chain names does not fill it: a 审批人 approves after the 审核人, not instead;
- a `secrecy` or `approver` level only a desk account of that role (signed in, so proven).

The state is worked out again from the recorded sign-offs and the current policy every time, so
a policy that adds a level makes a document wait for it (the recorded `level` is history only).

>>> from policies.model import ReviewChain
>>> chain = ReviewChain(id="CHAIN-AID", levels=["reviewer", "approver"])
>>> open_level(chain, [], "approver") is None  # the reviewer signs first
True
>>> open_level(chain, [], None), open_level(chain, [], "reviewer")
(0, 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policies.model import ReviewChain
from screening.workflow.ledger import SignOff
from screening.workflow.refusals import Lang, Refusal, refusal
from screening.workflow.roles import SIGNING_ROLES, role_label

SECRECY_RULE_PREFIX = "SEC-"  # 密级/内部 marks: only 保密审查员 may call one a false positive


def may_fill(chain: ReviewChain, level: int, role: str | None) -> bool:
    """Whether a signer of `role` (None: a typed name) may fill `level` (0-based) of `chain`."""
    wanted = chain.levels[level]
    if wanted != "reviewer":
        return role == wanted
    if role is None:
        return True
    return role in SIGNING_ROLES and role not in chain.levels[level + 1:]


def open_level(chain: ReviewChain, filled: Sequence[SignOff], role: str | None, name: str | None = None) -> int | None:
    """The level (0-based) a signer may fill now, or None (chain complete, wrong role, or already signed)."""
    level = len(filled)
    if level >= len(chain.levels) or (name is not None and any(record.signed_by == name for record in filled)):
        return None
    return level if may_fill(chain, level, role) else None


@dataclass(frozen=True)
class ChainProgress:
    """A finding's chain and the sign-offs that filled its levels so far, in level order."""

    chain: ReviewChain
    filled: tuple[SignOff, ...] = ()

    @property
    def complete(self) -> bool:
        return len(self.filled) >= len(self.chain.levels)

    @property
    def next_role(self) -> str | None:
        return None if self.complete else self.chain.levels[len(self.filled)]

    def state(self) -> Refusal:
        """The chain and how far it got, for a refusal to word (screening.workflow.refusals)."""
        return refusal("chain", id=self.chain.id, steps=",".join(self.chain.levels), filled=str(len(self.filled)),
                       levels=str(len(self.chain.levels)))

    def describe(self, lang: Lang = "zh") -> str:
        """'CHAIN-AID（审核人 → 审批人），已签 1/2 级' — for pages and gate reasons (no value in it)."""
        return self.state().words(lang, lambda _kind, role: role_label(role))


def progress(chain: ReviewChain, records: Iterable[SignOff]) -> ChainProgress:
    """Fill the chain's levels from valid sign-offs in the order they were recorded."""
    filled: list[SignOff] = []
    for record in records:
        if open_level(chain, filled, record.signer_role, record.signed_by) is not None:
            filled.append(record)
    return ChainProgress(chain, tuple(filled))


def role_problem(rule: str, basis: str, role: str | None) -> Refusal | None:
    """A sign-off the role may not make whatever the chain: releasing a 密级/内部 mark as a false positive."""
    if rule.startswith(SECRECY_RULE_PREFIX) and basis == "false-positive" and role != "secrecy":
        return refusal("secrecy_only")
    return None
