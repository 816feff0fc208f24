"""Policy profiles: the bundled ones (`default`, `strict`) and loading a user's YAML file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from policies.model import (
    Policy,
    TEXTS_INHERITED,
    PolicyError,
    RecognizerSpec,
    Remedy,
    Rule,
    parse_policy,
    read_policy_file,
)

PROFILE_DIR = Path(__file__).parent / "profiles"


def bundled_profiles() -> list[str]:
    return sorted(path.stem for path in PROFILE_DIR.glob("*.yaml"))


def _base_rule(base: Policy, rule: dict) -> Rule | None:
    """The base profile's rule a custom rule takes its texts from: the one it overrides by id,
    else the first for its entity with the same action, else the first for its entity."""
    entities = rule.get("entity")
    entities = [entities] if isinstance(entities, str) else entities if isinstance(entities, list) else []
    same_entity = [candidate for candidate in base.rules if set(candidate.entity) & set(entities)]
    return (base.rule_by_id(rule.get("id"))
            or next((candidate for candidate in same_entity if candidate.action == rule.get("action")), None)
            or next(iter(same_entity), None))


def _with_inherited_texts(base: Policy, rule: Any) -> Any:
    """A custom rule with the message, basis and remedy it omits taken from its base rule, so a
    bureau can change an action or a threshold without rewriting the legal texts. An English text
    comes along only with the Chinese one it translates."""
    if not isinstance(rule, dict) or all(field in rule for field in TEXTS_INHERITED):
        return rule
    source = _base_rule(base, rule)
    if source is None:
        return rule  # validation names the missing field
    inherited = source.model_dump()
    filled = dict(rule)
    for field in TEXTS_INHERITED:
        if field not in filled:
            filled[field] = inherited[field]
            if f"{field}_en" in inherited and f"{field}_en" not in filled:
                filled[f"{field}_en"] = inherited[f"{field}_en"]
    return filled


def _merge(base: Policy, data: dict) -> dict:
    """A profile that `extends` another: its rules (retention rules, review chains) come first, then the
    base's not overridden by id; lists add up. Its rules may leave out message, basis and remedy
    (see _with_inherited_texts)."""
    merged = base.model_dump(exclude={"source"})
    for key, value in data.items():
        if key == "rules" and isinstance(value, list):
            value = [_with_inherited_texts(base, rule) for rule in value]
        if key in ("rules", "retention", "review_chains"):
            overriding = {rule["id"] for rule in value if isinstance(rule, dict) and "id" in rule}
            merged[key] = list(value) + [rule for rule in merged[key] if rule["id"] not in overriding]
        elif key in ("allow_list", "deny_list", "recognizers"):
            merged[key] = list(merged[key]) + list(value)
        else:
            merged[key] = value
    return merged


def _resolve(data, source: str, depth: int = 0) -> Policy:
    if isinstance(data, dict) and data.get("extends"):
        if depth > 5:
            raise PolicyError(f"invalid policy {source}:\n  extends: chain of more than 5 profiles")
        base = load_policy(str(data["extends"]), _depth=depth + 1)
        data = _merge(base, data)
    return parse_policy(data, source)


@lru_cache(maxsize=32)
def _load_cached(name_or_path: str, depth: int) -> Policy:
    bundled = PROFILE_DIR / f"{name_or_path}.yaml"
    path = bundled if bundled.is_file() else Path(name_or_path)
    if not path.is_file():
        raise PolicyError(f"unknown policy {name_or_path!r}: not a bundled profile ({', '.join(bundled_profiles())}) nor a file")
    return _resolve(read_policy_file(path), str(path), depth)


def load_policy(policy: str | Path | Policy = "default", *, _depth: int = 0) -> Policy:
    """A bundled profile by name, a YAML file by path, or a Policy passed through."""
    if isinstance(policy, Policy):
        return policy
    return _load_cached(str(policy), _depth)


__all__ = ["Policy", "PolicyError", "RecognizerSpec", "Remedy", "Rule", "bundled_profiles", "load_policy", "parse_policy"]
