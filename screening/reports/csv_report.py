"""The CSV report: one row per finding, for a spreadsheet (filter by verdict, rule, type).

A document with nothing listed gets one row with empty finding fields, so every screened
file is in the sheet. Allowed findings are listed only with --show-allowed, as in the table.
Rows are written as documents arrive; nothing is held.
"""

from __future__ import annotations

import csv
from typing import TextIO

from screening.model import Finding, ScanResult
from screening.reports import Summary
from screening.reports.labels import Labels

LOCATION_FIELDS = ("part", "page", "sheet", "table", "row", "column", "paragraph", "line", "member")
# Column key -> heading key in labels.TEXTS (location fields have their own headings below).
COLUMNS = (
    "path", "sha256", "verdict", "verdict_label", "category", "category_label", "entity_type", "entity_label",
    "action", "action_label", "rule", "role", "preview", "location", *LOCATION_FIELDS,
    "message", "basis", "remedy", "fingerprint", "error",
)
HEADINGS = {
    "zh": {
        "path": "文件", "sha256": "SHA-256", "verdict": "结论代码", "verdict_label": "结论", "category": "类别代码",
        "category_label": "文件类别", "entity_type": "类型代码", "entity_label": "类型", "action": "处理代码",
        "action_label": "处理", "rule": "规则", "role": "角色", "preview": "内容（已脱敏）", "value": "原值", "location": "位置",
        "part": "部位", "page": "页", "sheet": "工作表", "table": "表格", "row": "表格行", "column": "列", "paragraph": "段",
        "line": "行号", "member": "压缩包内文件", "message": "说明", "basis": "依据", "remedy": "处理办法", "fingerprint": "指纹",
        "error": "错误",
    },
    "en": {
        "path": "path", "sha256": "sha256", "verdict": "verdict", "verdict_label": "verdict (label)", "category": "category",
        "category_label": "category (label)", "entity_type": "entity_type", "entity_label": "entity", "action": "action",
        "action_label": "action (label)", "rule": "rule", "role": "role", "preview": "preview (masked)", "value": "value",
        "location": "location", "part": "part", "page": "page", "sheet": "sheet", "table": "table", "row": "row",
        "column": "column", "paragraph": "paragraph", "line": "line", "member": "member", "message": "message",
        "basis": "basis", "remedy": "remedy", "fingerprint": "fingerprint", "error": "error",
    },
}
# A cell starting with one of these is a formula to Excel (=HYPERLINK(…) in a file name, or
# +852 … in a preview): a leading apostrophe keeps it text (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class CsvReport:
    def __init__(self, out: TextIO, *, labels: Labels | None = None, show_allowed: bool = False, show_values: bool = False) -> None:
        self.labels = labels or Labels()
        self.show_allowed = show_allowed
        self.summary = Summary()
        self.columns = list(COLUMNS)
        if show_values:
            self.columns.insert(self.columns.index("preview") + 1, "value")
        # A byte-order mark first: Excel on Chinese Windows reads a CSV without one in the
        # ANSI code page (GBK) and shows UTF-8 Chinese as mojibake; with it, as UTF-8.
        out.write("\ufeff")
        self.writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.writer.writerow(HEADINGS[self.labels.lang][column] for column in self.columns)

    def add(self, result: ScanResult) -> None:
        self.summary.add(result)
        listed = [f for f in result.findings if f.action != "allow" or self.show_allowed]
        for finding in listed or [None]:
            row = self._row(result, finding)
            self.writer.writerow(_cell(row.get(column)) for column in self.columns)

    def _row(self, result: ScanResult, finding: Finding | None) -> dict[str, object]:
        labels = self.labels
        row: dict[str, object] = {
            "path": result.path or "", "sha256": result.sha256, "verdict": result.verdict,
            "verdict_label": labels.verdict(result.verdict), "category": result.category,
            "category_label": labels.category(result.category), "error": result.error,
        }
        if finding is None:
            return row
        row |= {
            "entity_type": finding.entity_type, "entity_label": labels.entity(finding), "action": finding.action,
            "action_label": labels.action(finding.action), "rule": finding.rule, "role": finding.role,
            "preview": finding.preview, "value": finding.text, "location": labels.location(finding.location),
            "message": labels.message(finding), "basis": labels.basis(finding), "remedy": labels.remedy(finding),
            "fingerprint": finding.fingerprint,
        }
        row |= {key: getattr(finding.location, key) for key in LOCATION_FIELDS}
        return row

    def close(self) -> None:
        """Nothing to close: the sheet has no footer (counts are a filter away)."""
