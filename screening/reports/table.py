"""The terminal report an office worker reads: per file the verdict, then what was found,
where, why (the basis) and what to do — in Chinese (or English with --lang en), values masked."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from screening.model import Finding, ScanResult
from screening.reports import Summary
from screening.reports.labels import Labels

VERDICT_STYLES = {"pass": "green", "review": "yellow", "block": "bold red", "error": "magenta"}


def entity_label(finding: Finding) -> str:
    """人名（学生）: the type, with the role a person plays."""
    return Labels().entity(finding)


def _findings_table(findings: list[Finding], labels: Labels) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False)
    for key in ("location", "entity", "found", "action", "rule"):
        table.add_column(labels.text(key), overflow="fold")
    for finding in findings:
        table.add_row(
            labels.location(finding.location),
            labels.entity(finding),
            Text(finding.text if finding.text is not None else finding.preview),
            Text(labels.action(finding.action), style=VERDICT_STYLES.get(finding.action, "")),
            finding.rule,
        )
    return table


def _rule_notes(findings: list[Finding], labels: Labels) -> list[str]:
    """One line per rule used: why (message and basis) and what to do — said once, not per row."""
    notes: dict[str, str] = {}
    for finding in findings:
        if finding.rule not in notes:
            notes[finding.rule] = "  " + labels.text(
                "rule_note", rule=finding.rule, message=labels.message(finding), basis=labels.basis(finding), remedy=labels.remedy(finding),
            )
    return list(notes.values())


class TableReport:
    def __init__(self, out: TextIO, show_allowed: bool = False, width: int | None = None, labels: Labels | None = None) -> None:
        self.console = Console(file=out, width=width or (None if out.isatty() else 200), highlight=False, soft_wrap=False)
        self.show_allowed = show_allowed
        self.labels = labels or Labels()
        self.summary = Summary()

    def add(self, result: ScanResult) -> None:
        self.summary.add(result)
        console, labels = self.console, self.labels
        label = labels.verdict(result.verdict)
        console.print(Text.assemble((f"{result.path or '<text>'}", "bold"), "  ", (f"{result.verdict} · {label}", VERDICT_STYLES[result.verdict])))
        colon = labels.colon
        if result.error:
            console.print(f"  {labels.text('error')}{colon}{result.error}", markup=False)
        if result.category and result.category_evidence:
            evidence = "；".join(result.category_evidence[:3])
            console.print(f"  {labels.text('category')}{colon}{labels.category(result.category)}" + (f" ({evidence})" if labels.english else f"（{evidence}）"), markup=False)
        hidden = sum(1 for f in result.findings if f.action == "allow")
        shown = [f for f in result.findings if f.action != "allow" or self.show_allowed]
        if shown:
            console.print(_findings_table(shown, labels))
            for note in _rule_notes(shown, labels):
                console.print(note, markup=False)
        if hidden and not self.show_allowed:
            console.print("  " + labels.text("hidden_allowed", n=hidden), markup=False)
        if result.findings_dropped:
            console.print("  " + labels.text("dropped", n=result.findings_dropped))

    def close(self) -> None:
        self.console.print(self.labels.text("totals", documents=self.summary.documents, **self.summary.verdicts))
