"""PROCESS_INFO: 过程性信息 — drafts, requests for instructions, meeting minutes.

条例 §16 lets an office withhold internal process information (讨论记录, 过程稿,
磋商信函, 请示报告); a draft on the public site is usually a mistake, except a
征求意见稿 during its public consultation — so the default is review, not block.

Taken by form: a draft label in brackets (（征求意见稿）, 【讨论稿】), a short title-like
line that ends with a draft label, 的请示 or 会议纪要, or a line that is only the
label. "已形成征求意见稿，现面向社会征求意见" in a paragraph is prose and passes.

>>> [m.group("value") for m in PATTERN.finditer("关于调整学生资助标准的请示\\n省财政厅：")]
['关于调整学生资助标准的请示']
>>> [m.group("value") for m in PATTERN.finditer("经研究，现将征求意见稿印发给你们，请提出意见。")]
[]
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, Detection, compile_pattern

_DRAFT = r"(?:征求意见稿|徵求意見稿|讨论稿|討論稿|送审稿|送審稿|初稿|草稿|修改稿|审议稿|審議稿|草案|代拟稿|代擬稿|过程稿)"
_TITLE_END = r"(?:" + _DRAFT + r"|的请示|的請示|会议纪要|會議紀要|专题会议纪要)"
PATTERN = compile_pattern(
    r"(?P<value>[【\[（(〔]\s*" + _DRAFT + r"\s*[】\]）)〕]"
    # A title line: up to 60 characters without sentence punctuation, ending with the label.
    + r"|^[ \t]*[^。；;，,！!？?\n]{0,60}" + _TITLE_END + r"(?=[ \t]*$))"
)
SCORE = 0.85


class ProcessInfoRecognizer(ChineseRecognizer):
    ENTITIES = ("PROCESS_INFO",)
    PATTERN = PATTERN
    TRIGGER = r"稿|草案|请示|請示|纪要|紀要"

    def detect(self, match, text):
        value = match.group("value").strip()
        kind = "request" if value.endswith(("请示", "請示")) else "minutes" if value.endswith(("纪要", "紀要")) else "draft"
        return Detection(SCORE, {"kind": kind})
