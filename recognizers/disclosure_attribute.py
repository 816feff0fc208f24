"""DISCLOSURE_ATTRIBUTE: the disclosure attribute a document states for itself.

GB/T 9704 notices end with ``（此件主动公开）`` / ``此件公开发布``; CMS forms and 索引
tables carry ``公开方式：主动公开``, ``公开属性：依申请公开``, ``信息公开选项：不予公开``.
The attribute is reported in ``details["attribute"]`` so the policy can block a
document that says it must not be published (不予公开), review one that is for
disclosure on request only (依申请公开), and allow 主动公开.

>>> [m.group("attribute") for m in PATTERN.finditer("（此件主动公开）")]
['主动公开']
>>> [m.group("attribute") for m in PATTERN.finditer("公开属性：不予公开")]
['不予公开']
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, Detection, compile_pattern
from recognizers.textnorm import to_simplified

_ATTRIBUTE = r"(?P<attribute>主动公开|主動公開|依申请公开|依申請公開|不予公开|不予公開|公开发布|公開發佈|公開發布|免予公开|部分公开)"
PATTERN = compile_pattern(
    r"(?P<value>此件\s*" + _ATTRIBUTE
    + r"|(?:公开|公開)(?:方式|属性|屬性|选项|選項|类型|類型|形式)\s*[:：]\s*" + _ATTRIBUTE
    + r"|信息公开选项\s*[:：]\s*" + _ATTRIBUTE + ")"
)
SCORE = 0.9


class DisclosureAttributeRecognizer(ChineseRecognizer):
    ENTITIES = ("DISCLOSURE_ATTRIBUTE",)
    PATTERN = PATTERN
    TRIGGER = r"此件|公[开開][方属屬选選类類形]"

    def detect(self, match, text):
        attribute = to_simplified(match.group("attribute")).replace("公开发布", "主动公开")
        return Detection(SCORE, {"attribute": attribute})
