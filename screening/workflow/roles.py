"""The review desk's roles: a module of its own so the CLI can list them without loading the
ledger or the password hasher (`screening --help` stays fast)."""

from __future__ import annotations

ROLES = {"author": "拟稿人", "reviewer": "审核人", "secrecy": "保密审查员", "approver": "审批人"}
SIGNING_ROLES = frozenset({"reviewer", "secrecy", "approver"})  # an author submits; others decide
# Who may see a finding's raw value (one click, logged): those who judge whether a finding is real
# (is it an ID or an order number? a mark or a quotation?). Not the author, who has the draft, nor the
# approver, who decides on the reviewer's judgement and on masked values: least privilege.
RAW_VALUE_ROLES = frozenset({"reviewer", "secrecy"})


def role_label(role: str) -> str:
    return ROLES.get(role, role)
