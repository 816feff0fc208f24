"""The terminal report an office worker reads: per file the verdict, then what was found,
where, why (the basis) and what to do — in Chinese, values masked."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from screening.category import CATEGORIES as CATEGORY_NAMES
from screening.model import Finding, ScanResult
from screening.reports import (
    ACTION_LABELS,
    ENTITY_LABELS,
    ROLE_LABELS,
    VERDICT_LABELS,
    Summary,
    location_label,
)

VERDICT_STYLES = {"pass": "green", "review": "yellow", "block": "bold red", "error": "magenta"}


def entity_label(finding: Finding) -> str:
    """人名（学生）: the type, with the role a person plays."""
    label = ENTITY_LABELS.get(finding.entity_type, finding.entity_type)
    return f"{label}（{ROLE_LABELS[finding.role]}）" if finding.role in ROLE_LABELS else label


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False)
    for column in ("位置", "类型", "内容", "处理", "规则"):
        table.add_column(column, overflow="fold")
    for finding in findings:
        table.add_row(
            location_label(finding.location),
            entity_label(finding),
            Text(finding.text if finding.text is not None else finding.preview),
            Text(ACTION_LABELS[finding.action], style=VERDICT_STYLES.get(finding.action, "")),
            finding.rule,
        )
    return table


def _rule_notes(findings: list[Finding]) -> list[str]:
    """One line per rule used: why (message and basis) and what to do — said once, not per row."""
    notes: dict[str, str] = {}
    for finding in findings:
        notes.setdefault(finding.rule, f"  {finding.rule}：{finding.message}。依据：{finding.basis}。怎么办：{finding.remedy}")
    return list(notes.values())


class TableReport:
    def __init__(self, out: TextIO, show_allowed: bool = False, width: int | None = None) -> None:
        self.console = Console(file=out, width=width or (None if out.isatty() else 200), highlight=False, soft_wrap=False)
        self.show_allowed = show_allowed
        self.summary = Summary()

    def add(self, result: ScanResult) -> None:
        self.summary.add(result)
        console = self.console
        label = VERDICT_LABELS[result.verdict]
        console.print(Text.assemble((f"{result.path or '<text>'}", "bold"), "  ", (f"{result.verdict} · {label}", VERDICT_STYLES[result.verdict])))
        if result.error:
            console.print(f"  原因：{result.error}")
        if result.category and result.category_evidence:
            console.print(f"  文件类别：{CATEGORY_NAMES.get(result.category, result.category)}（{'；'.join(result.category_evidence[:3])}）")
        hidden = sum(1 for f in result.findings if f.action == "allow")
        shown = [f for f in result.findings if f.action != "allow" or self.show_allowed]
        if shown:
            console.print(_findings_table(shown))
            for note in _rule_notes(shown):
                console.print(note)
        if hidden and not self.show_allowed:
            console.print(f"  另有 {hidden} 项允许公开的内容（如办公电话、统一社会信用代码），使用 --show-allowed 查看")
        if result.findings_dropped:
            console.print(f"  另有 {result.findings_dropped} 项超出单文件上限未列出")

    def close(self) -> None:
        verdicts = self.summary.verdicts
        self.console.print(
            f"共 {self.summary.documents} 个文件：禁止发布 {verdicts['block']}，需人工审核 {verdicts['review']}，"
            f"无法审查 {verdicts['error']}，通过 {verdicts['pass']}"
        )
