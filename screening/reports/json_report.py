"""The JSON report (DESIGN.md §6): tool, policy, documents with findings, summary."""

from __future__ import annotations

import json
from typing import TextIO

from screening.model import ScanResult
from screening.reports import summarize


def report_dict(results: list[ScanResult], policy_name: str, policy_version: str, version: str) -> dict:
    return {
        "tool": {"name": "screening", "version": version},
        "policy": {"name": policy_name, "version": policy_version},
        "documents": [result.to_dict() for result in results],
        "summary": summarize(results),
    }


def write_json(results: list[ScanResult], out: TextIO, policy_name: str, policy_version: str, version: str) -> None:
    json.dump(report_dict(results, policy_name, policy_version, version), out, ensure_ascii=False, indent=2)
    out.write("\n")
