"""Every word of the desk's pages, in Chinese (the default) and English, and the switch between them.

Templates call `t("key")` (or `t("key", n=3)` for a text with fields); a key missing here raises at
once (tests/test_desk_i18n.py renders every page in both languages, and checks every key the templates
name). `?lang=en` or `?lang=zh` on any desk page is remembered in the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request

from screening.reports import VERDICT_LABELS
from screening.reports.labels import VERDICT_LABELS_EN, Lang
from screening.sweeps.tasks import CLOSINGS
from screening.workflow.events import KINDS
from screening.workflow.review import BASIS_LABELS
from screening.workflow.roles import ROLES

LANGS: tuple[Lang, ...] = ("zh", "en")

TEXTS: dict[str, dict[Lang, str]] = {
    "desk": {"zh": "审核台", "en": "Review desk"},
    "tagline": {"zh": "先审后发", "en": "review before publishing"},
    "nav.queue": {"zh": "待审文件", "en": "Queue"},
    "nav.worklists": {"zh": "工作清单", "en": "Worklists"},
    "nav.charts": {"zh": "统计图表", "en": "Charts"},
    "nav.logout": {"zh": "退出", "en": "Sign out"},
    "nav.switch": {"zh": "English", "en": "中文"},
    # charts
    "charts.title": {"zh": "统计图表", "en": "Charts"},
    "charts.intro": {
        "zh": "全部处室的数字（只有计数，不列文件）；本处室一行以底色标出。年度报告数字与 screening ledger export 相同。",
        "en": "Every office's figures (counts only, no documents); your office's row is shaded. The annual-report figures "
              "are those of screening ledger export.",
    },
    "charts.months": {"zh": "每月审查文件数（按结论）", "en": "Documents screened per month, by verdict"},
    "charts.month": {"zh": "月份", "en": "Month"},
    "charts.total": {"zh": "合计", "en": "Total"},
    "charts.rules": {"zh": "发现项（按规则）", "en": "Findings by rule"},
    "charts.rule": {"zh": "规则", "en": "Rule"},
    "charts.findings": {"zh": "发现项", "en": "Findings"},
    "charts.rules_more": {"zh": "图中为最多的 {n} 条规则，表中为全部。", "en": "The chart shows the {n} rules with most findings; the table lists all."},
    "charts.approval": {"zh": "从提交到审批完成的平均时间（按处室）", "en": "Average time from submission to approval, by office"},
    "charts.approval_note": {
        "zh": "审查链全部完成、且需要签发的文件：从提交到完成它的那次签发。",
        "en": "Documents whose review chains are complete and needed a sign-off: from submission to the sign-off that completed them.",
    },
    "charts.office": {"zh": "处室", "en": "Office"},
    "charts.documents": {"zh": "文件数", "en": "Documents"},
    "charts.hours": {"zh": "平均（小时）", "en": "Average (hours)"},
    "charts.hours_unit": {"zh": " 小时", "en": " h"},
    "charts.overdue": {"zh": "逾期清理任务（按处室）", "en": "Overdue clearance tasks, by office"},
    "charts.overdue_count": {"zh": "逾期任务", "en": "Overdue tasks"},
    "charts.no_owner": {"zh": "（未指定处室）", "en": "(no office)"},
    "charts.annual": {"zh": "年度报告数字", "en": "Annual-report figures"},
    "charts.year": {"zh": "年度", "en": "Year"},
    "charts.annual_documents": {"zh": "审查文件（按结论）", "en": "Documents screened, by verdict"},
    "charts.annual_findings": {"zh": "发现项（按处理）", "en": "Findings, by action"},
    "charts.annual_signoffs": {"zh": "签发（按依据）", "en": "Sign-offs, by basis"},
    "charts.none": {"zh": "暂无数据。", "en": "No data yet."},
    "charts.export": {"zh": "同样的数字可用 screening ledger export 导出为 CSV。", "en": "screening ledger export writes the same figures as CSV."},
}

ACTION_LABELS: dict[Lang, dict[str, str]] = {
    "zh": {"block": "禁止公开", "review": "需审核", "allow": "可公开"},
    "en": {"block": "Do not publish", "review": "Needs review", "allow": "May publish"},
}
LABELS: dict[str, dict[Lang, dict[str, str]]] = {
    "verdict": {"zh": VERDICT_LABELS, "en": VERDICT_LABELS_EN},
    "action": ACTION_LABELS,
    "role": {"zh": ROLES, "en": {"author": "author", "reviewer": "reviewer", "secrecy": "secrecy reviewer", "approver": "approver"}},
    "basis": {"zh": BASIS_LABELS, "en": {"consent": "consent of the person", "public-interest": "public interest",
                                         "masked": "already masked", "false-positive": "false positive"}},
    "event": {"zh": KINDS, "en": {"mark-redaction": "marked for redaction", "unmark-redaction": "redaction mark removed",
                                  "redacted-download": "redacted copy downloaded", "sent-back": "sent back to the author",
                                  "raw-viewed": "raw value viewed (logged)"}},
    "closing": {"zh": CLOSINGS, "en": {"withdrawn": "taken down", "redacted": "redacted", "kept": "kept, with a reason"}},
}


def lang_of(request: Request) -> Lang:
    """`?lang=` when given (and remembered in the session), else the session's, else Chinese."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        request.session["lang"] = asked
    remembered = request.session.get("lang")
    return remembered if remembered in LANGS else "zh"


def translator(lang: Lang) -> Callable[..., str]:
    def t(key: str, **values: Any) -> str:
        text = TEXTS[key][lang]  # KeyError: a template names a key the catalogue lacks
        return text.format(**values) if values else text
    return t


def labeller(lang: Lang) -> Callable[[str, str], str]:
    """label("verdict", "block") → 禁止发布 / Do not publish; an unknown value as it is."""
    return lambda kind, value: LABELS[kind][lang].get(value, value)
