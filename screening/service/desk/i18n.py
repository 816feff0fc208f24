"""Every word of the desk's pages, in Chinese (the default) and English, and the switch between them.

Templates call `t("key")` (or `t("key", n=3)` for a text with fields); a key missing here raises at
once (tests/test_desk_i18n.py renders every page in both languages, and checks every key the templates
name). `?lang=en` or `?lang=zh` on any desk page is remembered in the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from policies import Policy
from screening.model import Location
from screening.reports import VERDICT_LABELS
from screening.reports.labels import LANGS, VERDICT_LABELS_EN, Labels, Lang
from screening.sweeps.tasks import CLOSINGS
from screening.workflow.events import KINDS
from screening.workflow.queue import age_parts
from screening.workflow.review import BASIS_LABELS
from screening.workflow.roles import ROLES

TEXTS: dict[str, dict[Lang, str]] = {
    "desk": {"zh": "审核台", "en": "Review desk"},
    "tagline": {"zh": "先审后发", "en": "review before publishing"},
    "nav.queue": {"zh": "待审文件", "en": "Queue"},
    "nav.worklists": {"zh": "工作清单", "en": "Worklists"},
    "nav.charts": {"zh": "统计图表", "en": "Charts"},
    "nav.logout": {"zh": "退出", "en": "Sign out"},
    "nav.switch": {"zh": "English", "en": "中文"},
    # every page
    "lang.zh": {"zh": "中文", "en": "中文"},
    "lang.en": {"zh": "English", "en": "English"},
    "utc": {"zh": "(UTC)", "en": "(UTC)"},
    "back": {"zh": "返回", "en": "Back"},
    "file": {"zh": "文件", "en": "File"},
    "note": {"zh": "说明", "en": "Note"},
    "basis": {"zh": "依据", "en": "Basis"},
    "rule": {"zh": "规则", "en": "Rule"},
    "submitted_by": {"zh": "提交人", "en": "Submitted by"},
    "waited": {"zh": "已等待", "en": "Waiting"},
    "awaiting": {"zh": "等待", "en": "Awaiting"},
    "items": {"zh": "{role} {n} 项", "en": "{role}: {n}"},
    "list_sep": {"zh": "；", "en": "; "},
    "name_sep": {"zh": "、", "en": ", "},
    "age.days": {"zh": "{days} 天 {hours} 小时", "en": "{days} d {hours} h"},
    "age.hours": {"zh": "{hours} 小时 {minutes} 分钟", "en": "{hours} h {minutes} min"},
    "age.minutes": {"zh": "{minutes} 分钟", "en": "{minutes} min"},
    # sign-in
    "login.title": {"zh": "登录", "en": "Sign in"},
    "login.heading": {"zh": "登录审核台", "en": "Sign in to the review desk"},
    "login.name": {"zh": "用户名", "en": "Name"},
    "login.password": {"zh": "密码", "en": "Password"},
    "login.button": {"zh": "登录", "en": "Sign in"},
    "login.failed": {"zh": "用户名或密码错误，或账户已被暂时锁定。", "en": "Wrong name or password, or the account is locked for a while."},
    # messages
    "msg.not_found": {"zh": "未找到", "en": "Not found"},
    "msg.not_found_text": {"zh": "没有这份文件，或它不属于你的处室。", "en": "No such document, or it is not your office's."},
    "msg.refused": {"zh": "请求被拒绝", "en": "Request refused"},
    "msg.refused_text": {"zh": "表单已过期或来源不明（缺少 CSRF 令牌），请刷新页面后重试。",
                         "en": "The form has expired or came from elsewhere (no CSRF token): reload the page and try again."},
    "msg.close_failed": {"zh": "未能关闭清理任务", "en": "Could not close the clearance task"},
    "msg.no_file": {"zh": "未选择文件", "en": "No file chosen"},
    "msg.no_file_text": {"zh": "请选择要提交审查的文件。", "en": "Choose the file to submit for screening."},
    "msg.cannot_revise": {"zh": "不能提交修改稿", "en": "Cannot submit a changed draft"},
    "msg.cannot_revise_text": {"zh": "只能为本人被退回、尚未重新提交的文件提交修改稿。",
                               "en": "A changed draft can only be submitted for your own document that was sent back and not resubmitted yet."},
    "msg.signoff_failed": {"zh": "未能签发", "en": "Could not sign off"},
    "msg.may_not_sign": {"zh": "{role}不能签发审查意见。", "en": "A {role} cannot sign off findings."},
    "msg.mark_failed": {"zh": "未能标记", "en": "Could not mark"},
    "msg.may_not_mark": {"zh": "{role}不能标记脱敏，或这一项无需标记。", "en": "A {role} cannot mark for redaction, or this finding needs no mark."},
    "msg.no_copy": {"zh": "没有脱敏稿", "en": "No redacted copy"},
    "msg.no_draft": {"zh": "这份文件未保存原稿或无法读取，不能生成脱敏稿。",
                     "en": "The draft of this document was not kept or cannot be read: no redacted copy can be made."},
    "msg.send_back_failed": {"zh": "未能退回", "en": "Could not send back"},
    "msg.may_not_send_back": {"zh": "{role}不能退回文件。", "en": "A {role} cannot send documents back."},
    "msg.sent_back_already": {"zh": "已经退回过了。", "en": "It has been sent back already."},
    "msg.comment_needed": {"zh": "请写明退回意见。", "en": "Write why it goes back."},
    "msg.no_raw": {"zh": "不能查看原始值", "en": "Raw value not available"},
    "msg.no_raw_text": {"zh": "只有审核人和保密审查员可以查看原始值。", "en": "Only reviewers and secrecy reviewers may see raw values."},
    # queue
    "queue.title": {"zh": "我的待审", "en": "My queue"},
    "queue.heading": {"zh": "{office} · 待审文件", "en": "{office} · documents to review"},
    "queue.submitted_at": {"zh": "提交时间", "en": "Submitted"},
    "queue.pending": {"zh": "待审", "en": "Pending"},
    "queue.signed": {"zh": "已签发", "en": "Signed off"},
    "queue.empty": {"zh": "没有待审文件。", "en": "Nothing to review."},
    "queue.mine": {"zh": "轮到我签署（{n} 件）", "en": "Waiting for you ({n})"},
    "queue.for_me": {"zh": "待我签署", "en": "For you to sign"},
    "queue.others": {"zh": "本处室其他待审文件（等待其他人或其他级别）", "en": "The office's other documents (waiting for others or other levels)"},
    "queue.returned": {"zh": "退回给我修改的文件", "en": "My drafts sent back for changes"},
    "queue.returned_by": {"zh": "退回人", "en": "Sent back by"},
    "queue.returned_at": {"zh": "退回时间", "en": "Sent back"},
    "queue.returned_note": {"zh": "退回意见", "en": "Comment"},
    "queue.resubmit": {"zh": "修改后在该行上传修改稿（新版本将重新审查，并与退回的版本关联）。",
                       "en": "Upload the changed draft on its row (the new version is screened again and linked to the one sent back)."},
    "queue.revise": {"zh": "上传修改稿", "en": "Changed draft"},
    "queue.revise_button": {"zh": "提交修改稿", "en": "Submit the changed draft"},
    "queue.submit": {"zh": "提交草稿审查", "en": "Submit a draft for screening"},
    "queue.submit_button": {"zh": "提交审查", "en": "Submit"},
    # document
    "doc.meta": {"zh": "{who} 提交于 {at} (UTC) · 已等待 {age} · 策略 {policy} · SHA-256",
                 "en": "Submitted by {who} on {at} (UTC) · waiting {age} · policy {policy} · SHA-256"},
    "doc.sent_back": {"zh": "已于 {at} 由 {who} 退回拟稿人修改：{note}", "en": "Sent back to the author by {who} on {at}: {note}"},
    "doc.revises": {"zh": "本件为第 {n} 号（{path}）退回后的修改稿。退回意见：{note}", "en": "The changed draft of no. {n} ({path}), sent back with: {note}"},
    "doc.compare": {"zh": "与退回的版本相比：新增 {new} 项，已去除 {gone} 项，未变 {kept} 项（需审查的发现项）。",
                    "en": "Against the version sent back: {new} new, {gone} gone, {kept} unchanged (findings needing a decision)."},
    "doc.gone": {"zh": "退回的版本中已去除的发现项", "en": "Findings of the version sent back that are gone"},
    "doc.new": {"zh": "新增", "en": "new"},
    "doc.earlier_link": {"zh": "查看退回的版本", "en": "the version sent back"},
    "doc.replaced_by": {"zh": "已由第 {n} 号修改稿（{at} 提交）替代。", "en": "Replaced by the changed draft no. {n} (submitted {at})."},
    "doc.later_link": {"zh": "查看修改稿", "en": "the changed draft"},
    "doc.unreadable": {"zh": "无法读取，不能发布：请修复文件后重新提交。", "en": "Unreadable, cannot be published: fix the file and submit it again."},
    "doc.complete": {"zh": "审查完成：可以发布（screening gate 通过）。", "en": "Review complete: may be published (screening gate passes)."},
    "doc.pending": {"zh": "尚有 {n} 项待审。", "en": "{n} findings still to decide."},
    "doc.text": {"zh": "正文（按审查程序读取，发现项已脱敏并标出）", "en": "Text (as the scanner read it; findings masked and highlighted)"},
    "doc.findings": {"zh": "发现项", "en": "Findings"},
    "doc.action": {"zh": "处理", "en": "Action"},
    "doc.preview": {"zh": "内容（已脱敏）", "en": "Content (masked)"},
    "doc.location": {"zh": "位置", "en": "Location"},
    "doc.basis_remedy": {"zh": "依据 / 处理办法", "en": "Basis / what to do"},
    "doc.review": {"zh": "审查", "en": "Review"},
    "doc.marked": {"zh": "待脱敏", "en": "to be redacted"},
    "doc.unmark": {"zh": "取消脱敏标记", "en": "Remove redaction mark"},
    "doc.mark": {"zh": "标记脱敏", "en": "Mark for redaction"},
    "doc.raw_logged": {"zh": "查看将记入台账", "en": "Viewing is recorded in the ledger"},
    "doc.raw": {"zh": "查看原始值", "en": "Show raw value"},
    "doc.chain": {"zh": "审核链 {id}（{steps}），已签 {filled}/{levels} 级", "en": "Review chain {id} ({steps}), {filled}/{levels} levels signed"},
    "doc.level": {"zh": "第 {n} 级 {role}：{basis} · {who} · {at}", "en": "Level {n} {role}: {basis} · {who} · {at}"},
    "doc.signed": {"zh": "已签发", "en": "Signed off"},
    "doc.note_required": {"zh": "说明（必填）", "en": "Note (required)"},
    "doc.sign": {"zh": "签发（第 {n} 级）", "en": "Sign off (level {n})"},
    "doc.awaits": {"zh": "待{role}", "en": "awaits the {role}"},
    "doc.awaits_review": {"zh": "待审", "en": "pending"},
    "doc.actions": {"zh": "文件操作", "en": "Document actions"},
    "doc.download": {"zh": "下载脱敏稿", "en": "Download the redacted copy"},
    "doc.download_note": {"zh": "禁止公开项与标记脱敏的项按策略脱敏，脱敏稿经重新审查；下载记入台账。",
                          "en": "Blocked findings and those marked for redaction are masked as the policy says; the copy is screened again; "
                                "the download is recorded."},
    "doc.comment": {"zh": "退回意见（必填）", "en": "Why it goes back (required)"},
    "doc.send_back": {"zh": "退回拟稿人", "en": "Send back to the author"},
    "doc.history": {"zh": "历史记录", "en": "History"},
    "doc.time": {"zh": "时间", "en": "Time"},
    "doc.who": {"zh": "人员", "en": "Who"},
    "doc.role": {"zh": "角色", "en": "Role"},
    "doc.what": {"zh": "事项", "en": "What"},
    "doc.version": {"zh": "版本 SHA-256", "en": "Version SHA-256"},
    "doc.back": {"zh": "返回待审列表", "en": "Back to the queue"},
    "history.submitter": {"zh": "提交人", "en": "submitter"},
    "history.cli": {"zh": "命令行/接口", "en": "CLI / API"},
    "history.submitted": {"zh": "提交审查", "en": "submitted for screening"},
    "history.signoff": {"zh": "签发 {rule}（{basis}，{level}）", "en": "signed off {rule} ({basis}, {level})"},
    "history.level": {"zh": "第 {n} 级", "en": "level {n}"},
    "history.single": {"zh": "单级（链之前）", "en": "single level (before chains)"},
    # raw value
    "raw.title": {"zh": "原始值", "en": "Raw value"},
    "raw.masked": {"zh": "脱敏显示", "en": "masked"},
    "raw.unavailable": {"zh": "此处无法显示原始值（原稿未保存，或该项位于压缩包成员名、工作表名中）。",
                        "en": "The raw value cannot be shown here (the draft was not kept, or the finding is in a member or sheet name)."},
    "raw.logged": {"zh": "本次查看已记入台账（{who}）。请勿复制、转发或截图。",
                   "en": "This view is recorded in the ledger ({who}). Do not copy, forward or screenshot it."},
    "raw.back": {"zh": "返回文件", "en": "Back to the document"},
    # worklists
    "work.title": {"zh": "工作清单", "en": "Worklists"},
    "work.offices": {"zh": "各处室待审（按最早提交排序）", "en": "Pending in every office (oldest submission first)"},
    "work.documents": {"zh": "待审文件", "en": "Documents"},
    "work.findings": {"zh": "待审项", "en": "Findings"},
    "work.oldest": {"zh": "最早提交已等待", "en": "Oldest waiting"},
    "work.mine": {"zh": "{office} · 待审文件与等待对象", "en": "{office} · open documents and whom they await"},
    "work.invalid": {"zh": "依据失效 {n} 项", "en": "basis no longer valid: {n}"},
    "work.none": {"zh": "各处室都没有待审文件。", "en": "No office has documents to review."},
    "work.stale": {"zh": "{office} · 过期签发（文件已改动，签发不再有效）", "en": "{office} · stale sign-offs (the document changed since)"},
    "work.signed_version": {"zh": "签发的版本", "en": "Signed version"},
    "work.current_version": {"zh": "现在的版本", "en": "Current version"},
    "work.signed_count": {"zh": "签发项数", "en": "Sign-offs"},
    "work.signers": {"zh": "签发人", "en": "Signed by"},
    "work.last_signed": {"zh": "最后签发", "en": "Last signed"},
    "work.stale_note": {"zh": "改动后的版本需要重新审查签发（一事一审）。", "en": "A changed version needs its own review and sign-off."},
    "work.no_stale": {"zh": "没有过期签发。", "en": "No stale sign-offs."},
    "work.tasks": {"zh": "{office} · 清理任务（定期清理发现，谁公开、谁清理）", "en": "{office} · clearance tasks (from the sweeps: who publishes, clears)"},
    "work.published": {"zh": "已公开的文件", "en": "Published item"},
    "work.reason": {"zh": "原因", "en": "Reason"},
    "work.due": {"zh": "期限", "en": "Due"},
    "work.closing": {"zh": "处理", "en": "Closing"},
    "work.urgent": {"zh": "紧急", "en": "urgent"},
    "work.overdue": {"zh": "已逾期", "en": "overdue"},
    "work.todo": {"zh": "待办", "en": "to do"},
    "work.how": {"zh": "处理方式", "en": "How"},
    "work.note_kept": {"zh": "说明（保留时必填）", "en": "Note (required to keep it)"},
    "work.close": {"zh": "关闭任务", "en": "Close task"},
    "work.no_tasks": {"zh": "没有待办的清理任务。", "en": "No open clearance tasks."},
    "work.closed": {"zh": "已关闭", "en": "Closed"},
    "work.closed_by": {"zh": "处理人", "en": "By"},
    "work.time": {"zh": "时间", "en": "Time"},
    "work.tasks_note": {
        "zh": "清理任务来自 screening sweep（按 --owners 指定的责任处室）；下次清理复查时，标为“撤下”或“已脱敏”但网站上内容未变的任务会重新打开。",
        "en": "Clearance tasks come from screening sweep (the office named by --owners); the next sweep reopens a task closed as "
              "taken down or redacted when the item online has not changed.",
    },
    # charts
    "charts.title": {"zh": "统计图表", "en": "Charts"},
    "charts.intro": {
        "zh": "全部处室的数字（只有计数，不列文件）；本处室一行以底色标出。年度报告数字与 screening ledger export 相同。",
        "en": "Every office's figures (counts only, no documents); your office's row is shaded. The annual-report figures "
              "are those of screening ledger export.",
    },
    "charts.period": {"zh": "统计期间：", "en": "Period:"},
    "charts.period_all": {"zh": "全部", "en": "all"},
    "charts.period_range": {"zh": "{since} 至 {until}", "en": "{since} to {until}"},
    "charts.year_link": {"zh": "{year} 年", "en": "{year}"},
    "charts.since": {"zh": "起", "en": "From"},
    "charts.until": {"zh": "止", "en": "to"},
    "charts.show": {"zh": "显示", "en": "Show"},
    "charts.bad_period": {"zh": "统计期间有误", "en": "Not a period"},
    "charts.bad_period_text": {"zh": "请按“年-月”选择起止月份（如 2026-01 至 2026-12），止月不早于起月。",
                               "en": "Choose the first and last months as year-month (2026-01 to 2026-12), the last not before the first."},
    "charts.overdue_note": {"zh": "按今天计，不随统计期间变化。", "en": "As of today, whatever the period."},
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
                                  "raw-viewed": "raw value viewed (logged)", "draft-purged": "draft deleted (retention period)"}},
    "closing": {"zh": CLOSINGS, "en": {"withdrawn": "taken down", "redacted": "redacted", "kept": "kept, with a reason"}},
}


def lang_of(request: Request) -> Lang:
    """`?lang=` when given (and remembered in the session), else the session's, else Chinese."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        request.session["lang"] = asked
    remembered = request.session.get("lang")
    return remembered if remembered in LANGS else "zh"


@dataclass(frozen=True)
class Words:
    """What a page's template is given to say things in its language."""

    lang: Lang
    policy: Policy | None = None

    @property
    def other(self) -> Lang:
        return "en" if self.lang == "zh" else "zh"

    def t(self, key: str, **values: Any) -> str:
        text = TEXTS[key][self.lang]  # KeyError: a template names a key the catalogue lacks
        return text.format(**values) if values else text

    def label(self, kind: str, value: str) -> str:
        """label("verdict", "block") → 禁止发布 / Do not publish; an unknown value as it is."""
        return LABELS[kind][self.lang].get(value, value)

    def roles(self, levels: list[str]) -> str:
        """A chain's levels: 审核人 → 审批人."""
        return " → ".join(self.label("role", role) for role in levels)

    def age(self, since: str) -> str:
        days, hours, minutes = age_parts(since)
        if days:
            return self.t("age.days", days=days, hours=hours)
        return self.t("age.hours", hours=hours, minutes=minutes) if hours else self.t("age.minutes", minutes=minutes)

    def location(self, location: dict) -> str:
        return Labels(self.lang).location(Location(**location))

    def rule_text(self, finding: dict, what: str) -> str:
        """A finding's message, basis or remedy: the policy's English text where it has one, else as recorded."""
        rule = Labels(self.lang, self.policy).rule(finding["rule"]) if self.lang == "en" else None
        english = None if rule is None else {"message": rule.message_en, "basis": rule.basis_en,
                                              "remedy": rule.remedy.instruction_en}[what]
        return english or finding[what]

    def context(self) -> dict[str, Any]:
        return {"lang": self.lang, "other_lang": self.other, "t": self.t, "label": self.label, "age": self.age, "roles": self.roles,
                "location": self.location, "rule_text": self.rule_text}
