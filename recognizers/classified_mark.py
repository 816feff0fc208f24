"""CLASSIFIED_MARK: a 密级 marking — the document says of itself that it is a state secret.

保密法 and GB/T 9704 put the mark in the header: ``绝密★长期``, ``机密★10年``,
``秘密★1年``, ``绝密★启用前`` (exam papers), or a field ``密级：秘密``, often with
``保密期限：…``. Such a document must never be published (条例 §14).

A mark is a statement of status by form and position, not a word: the star form
anywhere (unless quoted — 标有“秘密★”字样的文件 talks *about* marks), a 密级/保密期限
field, or a short line that is just the level. Sentences about 保密审查, 涉密信息 or
"不得泄露国家秘密" are ordinary disclosure-work text and pass.

>>> [m.group("value") for m in PATTERN.finditer("秘密★1年\\n关于…的通知")]
['秘密★1年']
>>> [m.group("value") for m in PATTERN.finditer("严格执行保密审查，不得泄露国家秘密。")]
[]
"""

from __future__ import annotations

import regex

from recognizers._base import ChineseRecognizer, Detection, compile_pattern

_LEVEL = r"(?:绝密|机密|秘密|絕密|機密|祕密)"
_TERM = r"(?:\s*(?:\d{1,2}\s*年|长期|長期|启用前|啟用前|[★☆]?\s*\d{1,2}\s*个?月))?"
PATTERN = compile_pattern(
    r"(?P<value>" + _LEVEL + r"\s*[★☆]" + _TERM
    + r"|^[ \t]*(?:密\s*级|密\s*級)\s*[:：]?\s*" + _LEVEL + _TERM
    + r"|^[ \t]*保密期限\s*[:：]\s*\S{1,12}"
    + r"|^[ \t]*" + _LEVEL + r"(?:\s*\d{1,2}\s*年)?(?=[ \t]*$))"
)
_QUOTE_BEFORE = regex.compile(r"[“\"「『‘《]\s*$")

SCORE = 0.95


class ClassifiedMarkRecognizer(ChineseRecognizer):
    ENTITIES = ("CLASSIFIED_MARK",)
    PATTERN = PATTERN
    TRIGGER = r"[★☆]|密\s*[级級]|保密期限|(?m:^[ \t]*(?:绝密|机密|秘密|絕密|機密|祕密))"

    def detect(self, match, text):
        if _QUOTE_BEFORE.search(text[max(0, match.start() - 3) : match.start()]):
            return None
        return Detection(SCORE, {"mark": regex.sub(r"\s+", "", match.group("value"))})
