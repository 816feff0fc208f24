"""Reports of a sweep: the operator's summary on the terminal, JSON for pipelines, and a dated
HTML page an office opens (谁公开、谁清理: the worklist by owner, most urgent first).

Everything shown is masked: previews, person keys (张*·3fa9c1), and metadata evidence that
quotes labels and dates only. `write_dated_reports` names files by the run's start time, so a
nightly cron keeps a history in `--report-dir`.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TextIO

from screening.sweeps.aggregation import pattern_label
from screening.reports.html_report import CSS
from screening.sweeps.runner import SweepReport, SweptDocument

STATUS_LABELS = {"new": "新增", "changed": "已修改", "unchanged": "未变", "removed": "已撤下", "unseen": "本次未抓取到"}
FINDING_STATUS_LABELS = {"new": "新发现", "open": "仍存在", "resolved": "已解决"}


PREVIEWS_SHOWN = 3


def finding_groups(document: SweptDocument) -> list[tuple[str, str, str, int, list[str]]]:
    """(status, action, rule, count, first masked previews) per kind of open finding: a roster's
    36 findings read as three lines; the JSON report keeps each one."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for finding in document.findings:
        if finding["status"] != "resolved":
            groups.setdefault((finding["status"], finding["action"], finding["rule"]), []).append(finding["preview"])
    order = {"new": 0, "open": 1}, {"block": 0, "review": 1, "allow": 2}
    return [(status, action, rule, len(previews), previews[:PREVIEWS_SHOWN])
            for (status, action, rule), previews in sorted(groups.items(), key=lambda g: (order[0][g[0][0]], order[1].get(g[0][1], 3), g[0][2]))]


def _group_text(count: int, previews: list[str]) -> str:
    more = " …" if count > len(previews) else ""
    return (f"×{count}: " if count > 1 else "") + "，".join(previews) + more


def _clearance_line(document: SweptDocument, as_of) -> str:
    clearance = document.clearance
    state = "已逾期" if clearance.overdue(as_of) else "待撤下"
    assumed = f"；{clearance.assumed}" if clearance.assumed else ""
    status = f"（{STATUS_LABELS[document.status]}）" if document.status != "unchanged" else ""
    return f"{clearance.due.isoformat()} {state} [{clearance.rule}] {document.path}{status} — {clearance.reason}{assumed}"


def _group_label(report: SweepReport, group: tuple[str, str]) -> str:
    """A worklist group's heading: the office, and its site when the sweep covered several."""
    site, owner = group
    return f"{owner}（{site}）" if len(report.sources) > 1 else owner


def write_sweep_table(report: SweepReport, out: TextIO) -> None:
    """The operator's summary: counts, what is new and urgent, the worklist by site and owner, aggregation risks."""
    counts = report.counts
    out.write(f"定期清理 sweep #{report.run_id}  as of {report.as_of.isoformat()}  policy {report.policy.name} {report.policy.version}\n")
    out.write(f"  sources: {', '.join(report.sources)}\n")
    out.write(f"  seen {counts.get('seen', 0)}, screened {counts.get('screened', 0)}, unchanged {counts.get('unchanged', 0)}, "
              f"removed {counts.get('removed', 0)}, errors {counts.get('errors', 0)}, skipped {counts.get('skipped', 0)}, "
              f"unseen {counts.get('unseen', 0)}\n")
    if report.interrupted_runs:
        out.write(f"  resumed after {report.interrupted_runs} interrupted run(s)\n")
    out.writelines(f"  注意: {note}\n" for note in report.notes)
    out.write(f"\n紧急（新发现或新到期） {len(report.urgent)}:\n" if report.urgent else "\n紧急（新发现或新到期）: 无\n")
    out.writelines(f"  ! {line}\n" for line in report.urgent)
    worklist = report.worklist()
    out.write("\n清理任务（按责任单位，最紧急在前）:\n" if worklist else "\n清理任务: 无\n")
    for group, documents in worklist.items():
        out.write(f"  {_group_label(report, group)}\n")
        for document in documents:
            out.write(f"    {_clearance_line(document, report.as_of)}\n")
            for status, action, rule, count, previews in finding_groups(document):
                out.write(f"      {FINDING_STATUS_LABELS[status]} {action} {rule} {_group_text(count, previews)}\n")
    errors = [document for document in report.documents if document.error and document.status != "removed"]
    if errors:
        out.write(f"\n无法读取（下次运行重试） {len(errors)}:\n")
        for document in errors:
            out.write(f"  {document.path}: {document.error}\n")
    if report.aggregation:
        out.write(f"\n信息汇聚风险 {len(report.aggregation)}:\n")
        for risk in report.aggregation:
            out.write(f"  {risk.person_key}: {risk.exposed} — {risk.reason}\n")
            out.writelines(f"    {path}\n" for path in risk.documents)
    if report.pattern_outliers:
        out.write(f"\n脱敏方式与本站统一方式不一致 {len(report.pattern_outliers)}:\n")
        for outlier in report.pattern_outliers:
            data = outlier.to_dict()
            out.write(f"  {data.get('document')}: {data.get('kind')} {pattern_label(outlier.pattern)}"
                      f"（本站统一为 {pattern_label(outlier.archive_pattern)}）\n")


def write_sweep_json(report: SweepReport, out: TextIO) -> None:
    json.dump(report.to_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def write_sweep_html(report: SweepReport, out: TextIO) -> None:
    """One self-contained page (inline CSS, no scripts), every document-derived string escaped."""
    counts = report.counts
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>定期清理报告 {_e(report.as_of.isoformat())}</title><style>{CSS}</style></head><body><main class='report'>",
        "<section class='report-head'><h1>已公开信息定期清理报告（谁公开、谁清理）</h1>",
        f"<p class='meta'>评估日期 {_e(report.as_of.isoformat())} · 运行 #{report.run_id} · 规则 {_e(report.policy.name)} "
        f"{_e(report.policy.version)} · 来源 {_e('、'.join(report.sources))}</p>",
        f"<p class='meta'>共 {counts.get('seen', 0)} 项：本次读取 {counts.get('screened', 0)}，未变 {counts.get('unchanged', 0)}，"
        f"已撤下 {counts.get('removed', 0)}，无法读取 {counts.get('errors', 0)}</p></section>",
    ]
    if report.urgent:
        parts.append("<section class='summary'><h2>紧急（新发现或新到期）</h2><ul>")
        parts += [f"<li class='error'>{_e(line)}</li>" for line in report.urgent]
        parts.append("</ul></section>")
    for group, documents in report.worklist().items():
        parts.append(f"<section class='doc v-block'><h2>{_e(_group_label(report, group))}</h2><table class='findings'><tr><th>撤下期限</th><th>文件</th>"
                     "<th>原因与依据</th><th>发现</th></tr>")
        for document in documents:
            clearance = document.clearance
            overdue = "已逾期" if clearance.overdue(report.as_of) else "待撤下"
            findings = "<br>".join(
                f"{_e(FINDING_STATUS_LABELS[status])} <span class='act a-{_e(action)}'>{_e(action)}</span> "
                f"<code>{_e(rule)}</code> {_e(_group_text(count, previews))}"
                for status, action, rule, count, previews in finding_groups(document)
            )
            parts.append(
                f"<tr><td>{_e(clearance.due.isoformat())}<br><span class='badge v-{'block' if overdue == '已逾期' else 'review'}'>{overdue}</span></td>"
                f"<td class='path'>{_e(document.path)}<div class='meta'>{_e(STATUS_LABELS[document.status])}</div></td>"
                f"<td><code>{_e(clearance.rule)}</code> {_e(clearance.reason)}<div class='basis'>{_e(clearance.basis)}"
                f"{'；' + _e(clearance.assumed) if clearance.assumed else ''}</div></td><td>{findings}</td></tr>"
            )
        parts.append("</table></section>")
    if report.aggregation:
        parts.append("<section class='doc v-review'><h2>信息汇聚风险</h2><table><tr><th>人员</th><th>合并后暴露</th><th>原因</th><th>文件</th></tr>")
        parts += [f"<tr><td>{_e(r.person_key)}</td><td>{_e(r.exposed)}</td><td>{_e(r.reason)}</td>"
                  f"<td>{'<br>'.join(_e(d) for d in r.documents)}</td></tr>" for r in report.aggregation]
        parts.append("</table></section>")
    errors = [document for document in report.documents if document.error and document.status != "removed"]
    if errors:
        parts.append("<section class='doc v-error'><h2>无法读取（下次运行重试）</h2><ul>")
        parts += [f"<li><span class='path'>{_e(d.path)}</span>: {_e(d.error)}</li>" for d in errors]
        parts.append("</ul></section>")
    parts.append("</main></body></html>\n")
    out.write("".join(parts))


def write_dated_reports(report: SweepReport, folder: Path) -> list[Path]:
    """sweep-YYYYMMDD-HHMMSS.json and .html in `folder` (made if missing), named by the run's start."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(report.started_at).strftime("%Y%m%d-%H%M%S")
    written = []
    for suffix, writer in ((".json", write_sweep_json), (".html", write_sweep_html)):
        path = folder / f"sweep-{stamp}-run{report.run_id}{suffix}"
        with open(path, "w", encoding="utf-8") as handle:
            writer(report, handle)
        written.append(path)
    return written
