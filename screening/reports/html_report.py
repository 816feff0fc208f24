"""The HTML report: one self-contained page an office worker opens in a browser.

Inline CSS only — no scripts, fonts or images to fetch — so it opens offline, from a
mail attachment or a file share. Written as a stream like the JSON report: each document
is appended as it is screened and the summary comes last; CSS (`order` in a flex column)
shows the summary first and groups documents by verdict (禁止发布 first), so no result
is held in memory. Every string from a document or a file name is escaped: file names
and previews may contain markup.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TextIO

from screening.model import Finding, ScanResult
from screening.reports import Summary
from screening.reports.labels import Labels

ACTION_ORDER = {"block": 0, "review": 1, "allow": 2}
VERDICTS = ("block", "review", "error", "pass")  # display order

CSS = """
:root { --block: #b42318; --block-bg: #fef3f2; --review: #b54708; --review-bg: #fffaeb; --error: #6941c6;
  --error-bg: #f4f3ff; --pass: #067647; --pass-bg: #ecfdf3; --line: #d0d5dd; --muted: #475467; }
* { box-sizing: border-box; }
body { margin: 0; background: #f2f4f7; color: #101828; font: 15px/1.6 "Microsoft YaHei", "PingFang SC",
  "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
.report { display: flex; flex-direction: column; gap: 16px; max-width: 1400px; margin: 0 auto; padding: 24px; }
.report-head { order: -3; } .summary { order: -2; }
.doc.v-block { order: 1; } .doc.v-review { order: 2; } .doc.v-error { order: 3; } .doc.v-pass { order: 4; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0; }
.meta, .note { color: var(--muted); margin: 2px 0; font-size: 13px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; }
.doc { border-left: 6px solid var(--line); }
.doc.v-block { border-left-color: var(--block); } .doc.v-review { border-left-color: var(--review); }
.doc.v-error { border-left-color: var(--error); } .doc.v-pass { border-left-color: var(--pass); }
.doc-head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.path { font-weight: 600; word-break: break-all; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 12px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.badge.v-block, .act.a-block { color: var(--block); background: var(--block-bg); border: 1px solid var(--block); }
.badge.v-review, .act.a-review { color: var(--review); background: var(--review-bg); border: 1px solid var(--review); }
.badge.v-error { color: var(--error); background: var(--error-bg); border: 1px solid var(--error); }
.badge.v-pass, .act.a-allow { color: var(--pass); background: var(--pass-bg); border: 1px solid var(--pass); }
.act { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 13px; white-space: nowrap; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 8px 0; color: var(--muted); font-size: 13px; }
.facts b { font-weight: 600; color: #344054; }
.error { color: var(--error); background: var(--error-bg); padding: 6px 10px; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 14px; }
th, td { border-bottom: 1px solid #eaecf0; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f9fafb; color: #344054; font-weight: 600; white-space: nowrap; }
table.findings { table-layout: fixed; }
th.c-action { width: 5em; } th.c-entity { width: 8.5em; } th.c-content { width: 30%; } th.c-location { width: 11em; }
th.c-fingerprint { width: 10.5em; } td { overflow-wrap: anywhere; }
.note.values { color: var(--block); font-weight: 600; }
.ctx { font-family: "DejaVu Sans Mono", Consolas, Menlo, "WenQuanYi Micro Hei Mono", monospace; overflow-wrap: anywhere; }
mark { background: #fde272; color: #101828; padding: 0 2px; border-radius: 2px; font-weight: 600; }
.raw { margin-top: 2px; font-size: 13px; color: var(--block); }
.rule code { font-weight: 600; } .basis, .remedy { font-size: 13px; color: var(--muted); }
.basis b, .remedy b { color: #344054; }
.fp { font-size: 12px; color: var(--muted); }
details { margin-top: 10px; } summary { cursor: pointer; color: var(--muted); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { flex: 1 1 180px; border-radius: 8px; padding: 10px 14px; text-decoration: none; color: inherit; border: 1px solid var(--line); }
.card .n { display: block; font-size: 28px; font-weight: 700; line-height: 1.2; }
.card.v-block { background: var(--block-bg); border-color: var(--block); } .card.v-block .n { color: var(--block); }
.card.v-review { background: var(--review-bg); border-color: var(--review); } .card.v-review .n { color: var(--review); }
.card.v-error { background: var(--error-bg); border-color: var(--error); } .card.v-error .n { color: var(--error); }
.card.v-pass { background: var(--pass-bg); border-color: var(--pass); } .card.v-pass .n { color: var(--pass); }
.entities { width: auto; min-width: 320px; }
.empty { color: var(--pass); margin: 6px 0 0; }
@media print { body { background: #fff; } section { break-inside: avoid-page; } }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


class HtmlReport:
    def __init__(
        self, out: TextIO, policy_name: str, policy_version: str, version: str, *,
        labels: Labels | None = None, show_allowed: bool = False, show_values: bool = False,
    ) -> None:
        self.out = out
        self.labels = labels or Labels()
        self.show_allowed = show_allowed
        self.summary = Summary()
        self._first: set[str] = set()  # verdicts seen: the first document of each gets an anchor
        t, c = self.labels.text, self.labels.colon
        generated = datetime.now().astimezone().isoformat(timespec="seconds")
        out.write(
            f'<!DOCTYPE html>\n<html lang="{"en" if self.labels.english else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="screening {_e(version)}">\n<title>{_e(t("title"))}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main class=\"report\">\n"
            f'<header class="report-head"><h1>{_e(t("title"))}</h1>\n'
            f'<p class="meta">{_e(t("policy"))}{c}{_e(policy_name)} {_e(policy_version)} · {_e(t("tool"))}{c}screening {_e(version)}'
            f' · {_e(t("generated"))}{c}{_e(generated)}</p>\n'
            + (f'<p class="note values">{_e(t("values_note"))}</p>' if show_values else f'<p class="note">{_e(t("masked_note"))}</p>')
            + "</header>\n"
        )

    def add(self, result: ScanResult) -> None:
        self.summary.add(result)
        labels, t = self.labels, self.labels.text
        verdict = result.verdict
        anchor = ""
        if verdict not in self._first:
            self._first.add(verdict)
            anchor = f' id="first-{verdict}"'
        counts = {action: sum(1 for f in result.findings if f.action == action) for action in ACTION_ORDER}
        parts = [(
            f'<section class="doc v-{verdict}"{anchor} data-verdict="{verdict}">\n<div class="doc-head">'
            f'<span class="badge v-{verdict}">{_e(labels.verdict(verdict))}</span>'
            f'<h2 class="path">{_e(result.path or "<text>")}</h2></div>\n<div class="facts">'
        )]
        if result.category:
            evidence = "；".join(result.category_evidence[:3])
            parts.append(f'<span><b>{_e(t("category"))}</b> {_e(labels.category(result.category))}'
                         + (f" <small>({_e(evidence)})</small>" if evidence else "") + "</span>")
        if result.sha256:
            parts.append(f'<span><b>{_e(t("sha256"))}</b> <code title="{_e(result.sha256)}">{_e(result.sha256[:12])}</code></span>')
        parts.append(f'<span><b>{_e(t("findings"))}</b> {_e(t("finding_counts", **counts))}</span></div>\n')
        if result.error:
            parts.append(f'<p class="error"><b>{_e(t("error"))}</b>{labels.colon}{_e(result.error)}</p>\n')
        # Block first, then review (a stable sort keeps document order within each).
        acting = sorted((f for f in result.findings if f.action != "allow"), key=lambda f: ACTION_ORDER[f.action])
        allowed = [f for f in result.findings if f.action == "allow"]
        if acting:
            parts.append(self._table(acting))
        elif verdict != "error":
            parts.append(f'<p class="empty">{_e(t("no_findings"))}</p>\n')
        if allowed:
            parts.append(f'<details class="allowed"{" open" if self.show_allowed else ""}><summary>{_e(t("allowed", n=len(allowed)))}'
                         f"</summary>\n{self._table(allowed)}</details>\n")
        if result.findings_dropped:
            parts.append(f'<p class="note">{_e(t("dropped", n=result.findings_dropped))}</p>\n')
        parts.append("</section>\n")
        self.out.write("".join(parts))

    def _table(self, findings: list[Finding]) -> str:
        t = self.labels.text
        head = "".join(f'<th class="c-{key}">{_e(t(key))}</th>' for key in ("action", "entity", "content", "location", "message", "fingerprint"))
        rows = "".join(self._row(finding) for finding in findings)
        return f'<table class="findings"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>\n'

    def _row(self, finding: Finding) -> str:
        labels, t = self.labels, self.labels.text
        before, after = finding.context or ("", "")
        content = f'<span class="ctx">{_e(before)}<mark>{_e(finding.preview)}</mark>{_e(after)}</span>'
        if finding.text is not None:  # only with --show-values
            content += f'<div class="raw">{_e(t("value"))}{labels.colon}<code>{_e(finding.text)}</code></div>'
        explanation = (
            f'<div class="rule"><code>{_e(finding.rule)}</code> {_e(labels.message(finding))}</div>'
            f'<div class="basis"><b>{_e(t("basis"))}</b>{labels.colon}{_e(labels.basis(finding))}</div>'
            f'<div class="remedy"><b>{_e(t("remedy"))}</b>{labels.colon}{_e(labels.remedy(finding))}</div>'
        )
        return (
            f'<tr class="a-{finding.action}"><td><span class="act a-{finding.action}">{_e(labels.action(finding.action))}</span></td>'
            f'<td class="kind">{_e(labels.entity(finding))}</td><td class="content">{content}</td>'
            f'<td class="where">{_e(labels.location(finding.location))}</td><td>{explanation}</td>'
            f'<td><code class="fp">{_e(finding.fingerprint)}</code></td></tr>\n'
        )

    def close(self) -> None:
        labels, t, summary = self.labels, self.labels.text, self.summary
        cards = []
        for verdict in VERDICTS:
            count = summary.verdicts[verdict]
            tag, href = ("a", f' href="#first-{verdict}"') if count else ("div", "")
            cards.append(f'<{tag} class="card v-{verdict}"{href} data-verdict="{verdict}"><span class="n">{count}</span>'
                         f"{_e(labels.verdict(verdict))}</{tag}>")
        entities = sorted(summary.entities.items(), key=lambda item: (-item[1], item[0]))
        rows = "".join(f"<tr><td>{_e(labels.entity_type(name))}</td><td><code>{_e(name)}</code></td><td>{count}</td></tr>"
                       for name, count in entities)
        by_entity = (f'<h3>{_e(t("by_entity"))}</h3>\n<table class="entities"><thead><tr><th>{_e(t("entity"))}</th>'
                     f'<th>{_e(t("entity_type"))}</th><th>#</th></tr></thead><tbody>{rows}</tbody></table>\n') if entities else ""
        self.out.write(
            f'<section class="summary" id="summary"><h2>{_e(t("summary"))} · {_e(t("document_count", n=summary.documents))}</h2>\n'
            f'<div class="cards">{"".join(cards)}</div>\n'
            f'<p class="meta">{_e(t("findings"))}{labels.colon}{_e(t("finding_counts", **summary.findings))}</p>\n{by_entity}</section>\n'
            "</main>\n</body>\n</html>\n"
        )
