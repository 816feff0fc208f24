"""Report writers. Each writes one format as results arrive (a nightly sweep of a large
archive must not hold every result in memory); values stay masked unless the scan itself
was asked for them (`--show-values` puts `text` on findings).

May import: `screening.engine` (labels, categories, rule ids), `screening.model`. Not workflow,
sweeps, redact, service or cli (the sweep's own report lives in `screening.sweeps.report`).

Entry points: `open_report(format, out, ...)` in `factory`, `Summary`, `Labels`.
"""

from __future__ import annotations

from screening.model import Location, ScanResult

ENTITY_LABELS = {
    "CN_RESIDENT_ID": "身份证号",
    "CN_RESIDENT_ID_MASKED": "脱敏身份证号",
    "CN_MOBILE_PHONE": "手机号码",
    "CN_MOBILE_PHONE_MASKED": "脱敏手机号码",
    "CN_LANDLINE_PHONE": "固定电话",
    "PHONE_NUMBER": "境外电话号码",
    "BANK_CARD": "银行卡号",
    "EMAIL_ADDRESS": "电子邮箱",
    "CN_PASSPORT": "护照号码",
    "CN_TRAVEL_PERMIT": "通行证/居住证号码",
    "CN_FOREIGNER_PR_ID": "外国人永久居留证号码",
    "CN_STUDENT_NUMBER": "学籍号",
    "CN_EXAM_NUMBER": "考生号/准考证号",
    "CN_SOCIAL_CREDIT_CODE": "统一社会信用代码",
    "CLASSIFIED_MARK": "密级标识",
    "INTERNAL_MARK": "内部资料标识",
    "PROCESS_INFO": "过程性信息",
    "DISCLOSURE_ATTRIBUTE": "公开属性",
    "NEGATIVE_LIST_TERM": "负面清单词语",
    "INJECTED_CONTENT": "涉嫌被植入的违规内容",
    "PERSON": "人名",
    "EXAM_SCORE": "考试成绩",
    "EXAM_RANK": "考试排名",
    "HOME_ADDRESS": "家庭住址",
    "BIRTH_DATE": "出生日期",
    "HEALTH_INFO": "健康/残疾信息",
    "FAMILY_HARDSHIP": "家庭困难情况",
    "RELIGION": "宗教信仰",
}
ROLE_LABELS = {"student": "学生", "minor": "未成年人", "official": "工作人员", "contact": "联系人", "other": "其他"}
PART_LABELS = {
    "body": "正文", "table": "表格", "header": "页眉", "footer": "页脚", "footnote": "脚注", "endnote": "尾注",
    "comment": "批注", "tracked-deletion": "修订中删除的文字", "tracked-insertion": "修订中插入的文字",
    "hidden-text": "隐藏文字", "hidden-sheet": "隐藏工作表", "hidden-row": "隐藏行", "hidden-column": "隐藏列",
    "metadata": "文件属性", "covered-text": "被遮盖的文字", "image-ocr": "图片识别文字", "attachment": "附件",
    "text-box": "文本框", "form-field": "表单域内容", "chart": "图表", "pivot-cache": "数据透视表缓存",
    "external-link": "外部链接缓存", "alt-text": "图片替代文字", "link": "链接地址", "attribute": "网页元素属性",
    "script": "网页脚本", "style": "网页样式表", "data-validation": "数据验证列表",
}
VERDICT_LABELS = {"pass": "通过", "review": "需人工审核", "block": "禁止发布", "error": "无法审查（按需审核处理）"}
ACTION_LABELS = {"block": "禁止", "review": "审核", "allow": "允许"}


def location_label(location: Location) -> str:
    """Where a finding is, in Chinese: 附件/名单.docx › 表格 第2行 身份证号列.

    >>> location_label(Location(part="hidden-sheet", sheet="Sheet2", row=3, column="身份证号"))
    '隐藏工作表 工作表“Sheet2” 第3行 身份证号列'
    >>> location_label(Location(part="table", table=2, row=3, column="联系电话"))
    '表格2 第3行 联系电话列'
    >>> location_label(Location(part="body", page=2, line=5, member="附件.zip!/名单.pdf"))
    '附件.zip!/名单.pdf › 第2页 第5行'
    """
    words = [] if location.part == "body" else [PART_LABELS.get(location.part, location.part)]
    if location.table is not None:
        words[-1:] = ["表格"] if location.part == "table" else words[-1:] + ["表格"]
        words[-1] += str(location.table)
    if location.page is not None:
        words.append(f"第{location.page}页")
    if location.sheet is not None:
        words.append(f"工作表“{location.sheet}”")
    if location.row is not None:
        words.append(f"第{location.row}行")
    if location.column is not None:
        words.append(f"第{location.column}列" if location.column.isdigit() else f"{location.column}列")
    if location.paragraph is not None:
        words.append(f"第{location.paragraph}段")
    if location.line is not None:
        words.append(f"第{location.line}行")
    where = " ".join(words) or "正文"
    return f"{location.member} › {where}" if location.member else where


class Summary:
    """Counts over a stream of results; reports keep this, not the results themselves."""

    def __init__(self) -> None:
        self.documents = 0
        self.verdicts = {"pass": 0, "review": 0, "block": 0, "error": 0}
        self.findings = {"block": 0, "review": 0, "allow": 0}
        self.entities: dict[str, int] = {}

    def add(self, result: ScanResult) -> None:
        self.documents += 1
        self.verdicts[result.verdict] += 1
        for finding in result.findings:
            self.findings[finding.action] += 1
            if finding.action != "allow":
                self.entities[finding.entity_type] = self.entities.get(finding.entity_type, 0) + 1

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "verdicts": dict(self.verdicts),
            "findings": dict(self.findings),
            "entities": dict(sorted(self.entities.items())),
        }

