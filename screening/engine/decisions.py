"""Policy decisions: which rule fits a detection, and what action follows.

The first rule (in profile order) whose entity, categories, `where` details, line
context and minimum score fit decides. `context_any` looks only at the text before the
match on its own line — the contact exception (联系电话：0551-…) must not spread to a
list row below a 联系电话 column header; `context_none` looks further back in the
paragraph, since 当事人：… / 住址：… / 联系电话：… of a penalty decision sit on separate lines —
unless the line itself is an official contact line (联系人：李老师，电话：…, 咨询电话：…).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policies import Policy, Remedy, Rule
from screening.model import Action

UNLISTED_RULE = Rule(
    id="UNLISTED",
    entity=["*"],
    action="review",
    min_score=0.0,
    message="检测到本策略未列出的信息类型",
    message_en="A kind of information this policy does not list",
    basis="策略未覆盖的类型一律提交人工审核（不静默放行）",
    basis_en="Kinds the policy does not cover always go to a person (nothing passes silently)",
    remedy=Remedy(kind="confirm", instruction="人工确认后在策略中补充规则", instruction_en="Check it by hand, then add a rule to the policy"),
)
ALLOW_LIST_RULE = Rule(
    id="ALLOW-LIST",
    entity=["*"],
    action="allow",
    min_score=0.0,
    message="策略允许清单中的值",
    message_en="A value on the policy's allow list",
    basis="本单位策略允许清单（allow_list）",
    basis_en="This organisation's policy allow list (allow_list)",
    remedy=Remedy(kind="none", instruction="无需处理", instruction_en="No action needed"),
)


@dataclass(frozen=True)
class Decision:
    action: Action
    rule: Rule


def _fits(rule: Rule, details: dict[str, Any], line_before: str, paragraph_before: str, category: str | None) -> bool:
    if rule.categories and category not in rule.categories:
        return False
    if any(details.get(key) != value for key, value in rule.where.items()):
        return False
    if rule.context_any and not any(word in line_before for word in rule.context_any):
        return False
    official_line = any(word in line_before for word in rule.context_official)
    return not any(word in (line_before if official_line else paragraph_before) for word in rule.context_none)


def decide(
    policy: Policy,
    entity_type: str,
    score: float,
    details: dict[str, Any],
    line_before: str,
    paragraph_before: str,
    category: str | None,
    value: str,
) -> Decision | None:
    """The decision for one detection, or None when it falls below every rule's threshold."""
    if value in policy.allow_list:
        return Decision("allow", ALLOW_LIST_RULE)
    rules = policy.rules_for(entity_type)
    if not rules:
        return Decision("review", UNLISTED_RULE)
    for rule in rules:
        threshold = rule.min_score if policy.min_score_cap is None else min(rule.min_score, policy.min_score_cap)
        if score < threshold or not _fits(rule, details, line_before, paragraph_before, category):
            continue
        action: Action = rule.action
        # Low confidence (a checksum typo, a strict-profile catch) goes to a person, not to the bin.
        if action == "block" and (score < (rule.review_below or 0) or score < rule.min_score):
            action = "review"
        return Decision(action, rule)
    return None
