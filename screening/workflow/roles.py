"""The review desk's roles: a module of its own so the CLI can list them without loading the
ledger or the password hasher (`screening --help` stays fast)."""

from __future__ import annotations

ROLES = {"author": "拟稿人", "reviewer": "审核人", "secrecy": "保密审查员", "approver": "审批人"}
SIGNING_ROLES = frozenset({"reviewer", "secrecy", "approver"})  # an author submits; others decide


def role_label(role: str) -> str:
    return ROLES.get(role, role)
