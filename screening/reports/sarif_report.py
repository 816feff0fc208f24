"""The SARIF 2.1.0 report: findings for code-scanning dashboards and CI systems.

One run; the rules are the policy's (plus the built-in UNLISTED and ALLOW-LIST), so a
dashboard shows each rule's message, basis and remedy. Levels: block → error, review →
warning, allow → note (allowed findings only with --show-allowed). Messages carry the masked
preview, never the raw value (`--show-values` adds it as the result property `value`).

Region: SARIF lines count in the file itself, so `region.startLine` is set only when the
finding's line is a line of the file (a text file, not a page of a PDF or an archive member);
the rest of the location (part, page, sheet, row, column, member …) is a logicalLocation and
the `location` property. Documents that could not be screened (verdict `error`) become
tool-execution notifications, since they have no result to show.

Written as a stream like the JSON report: results go out as documents arrive; the
notifications and the summary close the run.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from policies import Policy, Rule
from screening.engine.decisions import ALLOW_LIST_RULE, UNLISTED_RULE
from screening.model import Finding, Location, ScanResult
from screening.reports import Summary
from screening.reports.labels import Labels

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"block": "error", "review": "warning", "allow": "note"}
FINGERPRINT_KEY = "screening/v1"
SRCROOT = "SRCROOT"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def artifact_location(path: str | None) -> dict[str, str]:
    """A relative, percent-encoded URI under SRCROOT (the working directory) where the path
    allows it; an absolute file URI otherwise.

    >>> artifact_location("samples/秘密 文件.txt")
    {'uri': 'samples/%E7%A7%98%E5%AF%86%20%E6%96%87%E4%BB%B6.txt', 'uriBaseId': 'SRCROOT'}
    """
    if not path:
        return {"uri": "stdin"}
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return {"uri": candidate.as_uri()}
    return {"uri": quote(PurePath(candidate).as_posix()), "uriBaseId": SRCROOT}


def file_line(location: Location) -> int | None:
    """The location's line when it is a line of the file itself."""
    if location.line is None or location.page is not None or location.member or location.sheet is not None:
        return None
    return location.line


class SarifReport:
    def __init__(
        self, out: TextIO, policy: Policy, version: str, *, labels: Labels | None = None,
        show_allowed: bool = False,
    ) -> None:
        self.out = out
        self.policy = policy
        self.labels = labels or Labels(policy=policy)
        self.show_allowed = show_allowed
        self.summary = Summary()
        self.notifications: list[dict[str, Any]] = []  # one small entry per unreadable document
        rules = [*policy.rules, UNLISTED_RULE, ALLOW_LIST_RULE]
        self.rule_index = {rule.id: index for index, rule in enumerate(rules)}
        self.results_written = 0
        run = {
            "tool": {"driver": {
                "name": "screening", "version": version, "semanticVersion": version,
                "rules": [self._rule(rule) for rule in rules],
            }},
            "language": "en-US" if self.labels.english else "zh-CN",
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}},
        }
        out.write('{\n  "$schema": "' + SCHEMA_URI + '",\n  "version": "2.1.0",\n  "runs": [\n    '
                  + _dumps(run)[:-1] + ',\n    "results": [')

    def _rule(self, rule: Rule) -> dict[str, Any]:
        labels = self.labels
        basis, remedy = labels.rule_basis(rule), labels.rule_remedy(rule)
        basis_word, remedy_word, colon = labels.text("basis"), labels.text("remedy"), labels.colon
        return {
            "id": rule.id,
            "shortDescription": {"text": labels.rule_message(rule)},
            "help": {
                "text": f"{basis_word}{colon}{basis}\n{remedy_word}{colon}{remedy}",
                "markdown": f"**{basis_word}**{colon}{basis}\n\n**{remedy_word}**{colon}{remedy}",
            },
            "defaultConfiguration": {"level": LEVELS[rule.action]},
            "properties": {
                "entities": list(rule.entity), "action": rule.action, "remedy_kind": rule.remedy.kind,
                "tags": ["privacy"] if rule.id.startswith(("PII", "SPI", "PERSON", "CONTACT")) else ["disclosure"],
            },
        }

    def add(self, result: ScanResult) -> None:
        self.summary.add(result)
        if result.error:
            self._notify(result)
        for finding in result.findings:
            if finding.action == "allow" and not self.show_allowed:
                continue
            self.out.write(("," if self.results_written else "") + "\n      " + _dumps(self._result(result, finding)))
            self.results_written += 1

    def _result(self, document: ScanResult, finding: Finding) -> dict[str, Any]:
        labels = self.labels
        physical: dict[str, Any] = {"artifactLocation": artifact_location(document.path)}
        line = file_line(finding.location)
        if line is not None:
            physical["region"] = {"startLine": line}
        where = labels.location(finding.location)
        properties: dict[str, Any] = {
            "entity_type": finding.entity_type, "action": finding.action, "category": document.category,
            "role": finding.role, "score": round(finding.score, 3), "location": finding.location.to_dict(),
            "basis": labels.basis(finding), "remedy": labels.remedy(finding),
        }
        if finding.text is not None:  # --show-values only
            properties["value"] = finding.text
        properties = {key: value for key, value in properties.items() if value is not None}
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "level": LEVELS[finding.action],
            "message": {"text": f"{labels.entity(finding)} {finding.preview}{labels.colon}{labels.message(finding)}"},
            "locations": [{
                "physicalLocation": physical,
                "logicalLocations": [{"name": where, "fullyQualifiedName": f"{document.path or 'stdin'} › {where}", "kind": "element"}],
            }],
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
            "properties": properties,
        }
        if finding.rule in self.rule_index:
            result["ruleIndex"] = self.rule_index[finding.rule]
        return result

    def _notify(self, result: ScanResult) -> None:
        self.notifications.append({
            "level": "error" if result.verdict == "error" else "warning",
            "message": {"text": f"{result.path or 'stdin'}: {result.error}"},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(result.path)}}],
            "descriptor": {"id": "SCAN-ERROR"},
            "properties": {"verdict": result.verdict},
        })

    def close(self) -> None:
        invocation = {"executionSuccessful": True, "toolExecutionNotifications": self.notifications}
        properties = {"policy": {"name": self.policy.name, "version": self.policy.version}, "summary": self.summary.to_dict()}
        self.out.write(("\n    " if self.results_written else "") + '],\n    "invocations": [' + _dumps(invocation)
                       + '],\n    "properties": ' + _dumps(properties) + "\n    }\n  ]\n}\n")
