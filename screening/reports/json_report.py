"""The JSON report (DESIGN.md §6): tool, policy, documents with findings, summary.

Written as a stream: the opening, one document at a time, then the summary, so the
report of a large folder is never held in memory whole. The result is one JSON object.
"""

from __future__ import annotations

import json
from typing import TextIO

from screening.model import ScanResult
from screening.reports import Summary


class JsonReport:
    def __init__(self, out: TextIO, policy_name: str, policy_version: str, version: str) -> None:
        self.out = out
        self.summary = Summary()
        head = {"tool": {"name": "screening", "version": version}, "policy": {"name": policy_name, "version": policy_version}}
        out.write(json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ',\n  "documents": [')

    def add(self, result: ScanResult) -> None:
        if self.summary.documents:
            self.out.write(",")
        self.summary.add(result)
        self.out.write("\n    " + json.dumps(result.to_dict(), ensure_ascii=False))

    def close(self) -> None:
        summary = json.dumps(self.summary.to_dict(), ensure_ascii=False)
        self.out.write(("\n  " if self.summary.documents else "") + f'],\n  "summary": {summary}\n}}\n')
