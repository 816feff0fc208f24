"""Which report writer a `--format` names, built with the options that apply to it."""

from __future__ import annotations

from typing import Protocol, TextIO

from policies import Policy
from screening.model import ScanResult
from screening.reports import Summary
from screening.reports.csv_report import CsvReport
from screening.reports.html_report import HtmlReport
from screening.reports.json_report import JsonReport
from screening.reports.labels import Labels, Lang
from screening.reports.sarif_report import SarifReport
from screening.reports.table import TableReport

FORMATS = ("table", "json", "sarif", "html", "csv")


class Report(Protocol):
    summary: Summary

    def add(self, result: ScanResult) -> None: ...

    def close(self) -> None: ...


def open_report(
    output_format: str, out: TextIO, policy: Policy, version: str, *,
    lang: Lang = "zh", show_allowed: bool = False, show_values: bool = False,
) -> Report:
    """A streaming report writer. JSON ignores `lang`: its keys and codes are the interface, and
    its messages stay the policy's (Chinese) texts, as documented."""
    labels = Labels(lang=lang, policy=policy)
    if output_format == "json":
        return JsonReport(out, policy.name, policy.version, version)
    if output_format == "sarif":
        return SarifReport(out, policy, version, labels=labels, show_allowed=show_allowed)
    if output_format == "html":
        return HtmlReport(out, policy.name, policy.version, version, labels=labels, show_allowed=show_allowed, show_values=show_values)
    if output_format == "csv":
        return CsvReport(out, labels=labels, show_allowed=show_allowed, show_values=show_values)
    return TableReport(out, show_allowed=show_allowed, labels=labels)
