"""What reports call things, in Chinese (the default: the office worker's language) or English.

One place for every report's words: entity, verdict, action, role, part and category names,
locations, headings, and the rule texts of the policy (`message_en`, `basis_en` and
`remedy.instruction_en` when --lang en and the profile has them; the Chinese text otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policies import Policy, Rule
from screening.engine.category import CATEGORIES
from screening.engine.decisions import ALLOW_LIST_RULE, UNLISTED_RULE
from screening.model import Finding, Location
from screening.reports import (
    ACTION_LABELS,
    ENTITY_LABELS,
    PART_LABELS,
    ROLE_LABELS,
    VERDICT_LABELS,
    location_label,
)

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

ENTITY_LABELS_EN = {
    "CN_RESIDENT_ID": "Resident ID number",
    "CN_RESIDENT_ID_MASKED": "Masked resident ID number",
    "CN_MOBILE_PHONE": "Mobile phone number",
    "CN_MOBILE_PHONE_MASKED": "Masked mobile phone number",
    "CN_LANDLINE_PHONE": "Landline number",
    "PHONE_NUMBER": "Phone number outside the mainland",
    "BANK_CARD": "Bank card number",
    "EMAIL_ADDRESS": "E-mail address",
    "CN_PASSPORT": "Passport number",
    "CN_TRAVEL_PERMIT": "Travel or residence permit number",
    "CN_FOREIGNER_PR_ID": "Foreigner permanent residence ID",
    "CN_STUDENT_NUMBER": "Student registration number",
    "CN_EXAM_NUMBER": "Examinee / admission ticket number",
    "CN_SOCIAL_CREDIT_CODE": "Unified social credit code",
    "CLASSIFIED_MARK": "Classification mark",
    "INTERNAL_MARK": "Internal-use mark",
    "PROCESS_INFO": "Process information",
    "DISCLOSURE_ATTRIBUTE": "Disclosure attribute",
    "NEGATIVE_LIST_TERM": "Negative-list term",
    "INJECTED_CONTENT": "Injected spam content",
    "PERSON": "Name",
    "EXAM_SCORE": "Exam score",
    "EXAM_RANK": "Exam rank",
    "HOME_ADDRESS": "Home address",
    "BIRTH_DATE": "Date of birth",
    "HEALTH_INFO": "Health / disability information",
    "FAMILY_HARDSHIP": "Family hardship",
    "RELIGION": "Religion",
}
ROLE_LABELS_EN = {"student": "student", "minor": "minor", "official": "official", "contact": "contact", "other": "other"}
PART_LABELS_EN = {
    "body": "body", "table": "table", "header": "page header", "footer": "page footer", "footnote": "footnote",
    "endnote": "endnote", "comment": "comment", "tracked-deletion": "tracked deletion", "tracked-insertion": "tracked insertion",
    "hidden-text": "hidden text", "hidden-sheet": "hidden sheet", "hidden-row": "hidden row", "hidden-column": "hidden column",
    "metadata": "file properties", "covered-text": "covered text", "image-ocr": "text read from an image", "attachment": "attachment",
    "text-box": "text box", "form-field": "form field", "chart": "chart", "pivot-cache": "pivot table cache",
    "external-link": "external link cache", "alt-text": "image alt text", "link": "link target", "attribute": "element attribute",
    "script": "page script", "style": "style sheet", "data-validation": "data-validation list",
}
VERDICT_LABELS_EN = {"pass": "Pass", "review": "Needs review", "block": "Do not publish", "error": "Not screened (treat as review)"}
ACTION_LABELS_EN = {"block": "Block", "review": "Review", "allow": "Allow"}
CATEGORY_LABELS_EN = {
    "student_aid": "Student aid / awards", "admission": "Admission", "exam": "Examinations", "penalty": "Administrative penalty",
    "project_review": "Project review", "personnel": "Personnel appointments", "service": "Government services",
    "general": "General information",
}

# Report headings and phrases, by key.
TEXTS: dict[str, dict[Lang, str]] = {
    "title": {"zh": "政府信息公开发布前审查报告", "en": "Pre-publication screening report"},
    "summary": {"zh": "审查结果汇总", "en": "Summary"},
    "documents": {"zh": "文件", "en": "Documents"},
    "document_count": {"zh": "共 {n} 个文件", "en": "{n} documents"},
    "findings": {"zh": "发现项", "en": "Findings"},
    "file": {"zh": "文件", "en": "File"},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "category": {"zh": "文件类别", "en": "Category"},
    "sha256": {"zh": "SHA-256", "en": "SHA-256"},
    "error": {"zh": "原因", "en": "Reason"},
    "entity": {"zh": "类型", "en": "Type"},
    "action": {"zh": "处理", "en": "Action"},
    "rule": {"zh": "规则", "en": "Rule"},
    "content": {"zh": "内容（已脱敏）", "en": "Content (masked)"},
    "found": {"zh": "内容", "en": "Content"},
    "value": {"zh": "原值", "en": "Raw value"},
    "location": {"zh": "位置", "en": "Location"},
    "message": {"zh": "说明", "en": "Message"},
    "basis": {"zh": "依据", "en": "Basis"},
    "remedy": {"zh": "处理办法", "en": "What to do"},
    "fingerprint": {"zh": "指纹", "en": "Fingerprint"},
    "role": {"zh": "角色", "en": "Role"},
    "entity_type": {"zh": "类型代码", "en": "Entity type"},
    "allowed": {"zh": "允许公开的内容（{n} 项）", "en": "Allowed content ({n})"},
    "no_findings": {"zh": "未发现需要处理的内容", "en": "Nothing to act on"},
    "dropped": {"zh": "另有 {n} 项超出单文件上限未列出", "en": "{n} more findings past the per-file limit are not listed"},
    "policy": {"zh": "策略", "en": "Policy"},
    "tool": {"zh": "工具", "en": "Tool"},
    "generated": {"zh": "生成时间", "en": "Generated"},
    "by_entity": {"zh": "需处理的内容（按类型）", "en": "Findings to act on, by type"},
    "finding_counts": {"zh": "禁止 {block} 项 · 审核 {review} 项 · 允许 {allow} 项", "en": "block {block} · review {review} · allow {allow}"},
    "masked_note": {
        "zh": "内容已脱敏：报告不显示完整的个人信息（--show-values 除外）。",
        "en": "Values are masked: the report shows no full personal data (unless --show-values).",
    },
    "values_note": {
        "zh": "本报告含个人信息原值（--show-values）：按敏感材料保管，不得外传。",
        "en": "This report holds raw personal values (--show-values): keep it as sensitive material.",
    },
    "hidden_allowed": {
        "zh": "另有 {n} 项允许公开的内容（如办公电话、统一社会信用代码），使用 --show-allowed 查看",
        "en": "{n} more allowed items (office phones, organisation codes …): use --show-allowed to list them",
    },
    "totals": {
        "zh": "共 {documents} 个文件：禁止发布 {block}，需人工审核 {review}，无法审查 {error}，通过 {pass}",
        "en": "{documents} documents: do not publish {block}, needs review {review}, not screened {error}, pass {pass}",
    },
    "rule_note": {"zh": "{rule}：{message}。依据：{basis}。怎么办：{remedy}", "en": "{rule}: {message}. Basis: {basis}. What to do: {remedy}"},
    "progress": {"zh": "已审查 {n} 个文件", "en": "{n} files screened"},
}


def location_label_en(location: Location) -> str:
    """Where a finding is, in English.

    >>> location_label_en(Location(part="hidden-sheet", sheet="Sheet2", row=3, column="身份证号"))
    'hidden sheet, sheet “Sheet2”, row 3, column 身份证号'
    >>> location_label_en(Location(part="body", page=2, line=5, member="附件.zip!/名单.pdf"))
    '附件.zip!/名单.pdf › page 2, line 5'
    """
    words = [] if location.part == "body" else [PART_LABELS_EN.get(location.part, location.part)]
    if location.table is not None:
        words[-1:] = [f"table {location.table}"] if location.part == "table" else words[-1:] + [f"table {location.table}"]
    for name, value in (("page", location.page), ("sheet", location.sheet), ("row", location.row), ("column", location.column),
                        ("paragraph", location.paragraph), ("line", location.line)):
        if value is not None:
            words.append(f"sheet “{value}”" if name == "sheet" else f"{name} {value}")
    where = ", ".join(words) or "body"
    return f"{location.member} › {where}" if location.member else where


@dataclass(frozen=True)
class Labels:
    """The words of one report: a language, and the policy whose rules the findings name."""

    lang: Lang = "zh"
    policy: Policy | None = None

    @property
    def english(self) -> bool:
        return self.lang == "en"

    @property
    def colon(self) -> str:
        """What follows a label: 依据：… / Basis: …"""
        return ": " if self.english else "："

    def text(self, key: str, **values: object) -> str:
        return TEXTS[key][self.lang].format(**values)

    def entity_type(self, entity_type: str) -> str:
        return (ENTITY_LABELS_EN if self.english else ENTITY_LABELS).get(entity_type, entity_type)

    def entity(self, finding: Finding) -> str:
        """人名（学生） / Name (student): the type, with the role a person plays."""
        label = self.entity_type(finding.entity_type)
        roles = ROLE_LABELS_EN if self.english else ROLE_LABELS
        if finding.role not in roles:
            return label
        return f"{label} ({roles[finding.role]})" if self.english else f"{label}（{roles[finding.role]}）"

    def role(self, role: str | None) -> str:
        return "" if role is None else (ROLE_LABELS_EN if self.english else ROLE_LABELS).get(role, role)

    def verdict(self, verdict: str) -> str:
        return (VERDICT_LABELS_EN if self.english else VERDICT_LABELS).get(verdict, verdict)

    def action(self, action: str) -> str:
        return (ACTION_LABELS_EN if self.english else ACTION_LABELS).get(action, action)

    def category(self, category: str | None) -> str:
        if category is None:
            return ""
        return (CATEGORY_LABELS_EN if self.english else CATEGORIES).get(category, category)

    def part(self, part: str) -> str:
        return (PART_LABELS_EN if self.english else PART_LABELS).get(part, part)

    def location(self, location: Location) -> str:
        return location_label_en(location) if self.english else location_label(location)

    def rule(self, rule_id: str) -> Rule | None:
        """The policy's rule of that id (or a built-in one: UNLISTED, ALLOW-LIST)."""
        builtin = {UNLISTED_RULE.id: UNLISTED_RULE, ALLOW_LIST_RULE.id: ALLOW_LIST_RULE}
        found = self.policy.rule_by_id(rule_id) if self.policy is not None else None
        return found or builtin.get(rule_id)

    def _english(self, finding: Finding, pick) -> str | None:
        rule = self.rule(finding.rule) if self.english else None
        return pick(rule) if rule is not None else None

    def message(self, finding: Finding) -> str:
        return self._english(finding, lambda rule: rule.message_en) or finding.message

    def basis(self, finding: Finding) -> str:
        return self._english(finding, lambda rule: rule.basis_en) or finding.basis

    def remedy(self, finding: Finding) -> str:
        return self._english(finding, lambda rule: rule.remedy.instruction_en) or finding.remedy

    def rule_message(self, rule: Rule) -> str:
        return (rule.message_en if self.english else None) or rule.message

    def rule_basis(self, rule: Rule) -> str:
        return (rule.basis_en if self.english else None) or rule.basis

    def rule_remedy(self, rule: Rule) -> str:
        return (rule.remedy.instruction_en if self.english else None) or rule.remedy.instruction
