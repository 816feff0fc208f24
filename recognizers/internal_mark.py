"""INTERNAL_MARK: 内部资料 / 注意保存 / 内部使用 / 请勿外传 / a bare 不予公开 stamp.

Internal material is on every office's 负面清单 (条例 §14-16 and local 保密审查 rules).
Like a 密级, it is a mark by form and position: a short line that is only the mark
(the header of a page), or the mark in brackets (【内部资料】, （内部资料 注意保存）).
A sentence such as "对内部资料要加强管理" or "属于不予公开范围的信息不得公开" is
disclosure-work prose and passes.

>>> [m.group("value") for m in PATTERN.finditer("内部资料 注意保存\\n关于…的通知")]
['内部资料 注意保存']
>>> [m.group("value") for m in PATTERN.finditer("各单位要加强内部资料管理，不予公开的信息不得上网。")]
[]
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, Detection, compile_pattern

_MARK = (
    r"(?:内部资料|內部資料|内部文件|內部文件|内部使用|內部使用|内部刊物|内部传阅|内部參考|内部参考|仅供内部参考|"
    r"注意保存|注意保密|请勿外传|請勿外傳|不得外传|不予公开|不予公開|内部明电|内部事项)"
)
_MARKS = _MARK + r"(?:[ \t,，、]*" + _MARK + r")*"
PATTERN = compile_pattern(
    r"(?P<value>^[ \t]*" + _MARKS + r"(?=[ \t]*$)"
    + r"|[【\[（(〔]\s*" + _MARKS + r"\s*[】\]）)〕])"
)
SCORE = 0.9


class InternalMarkRecognizer(ChineseRecognizer):
    ENTITIES = ("INTERNAL_MARK",)
    PATTERN = PATTERN
    TRIGGER = r"内部|內部|注意保|外传|外傳|不予公"

    def detect(self, match, text):
        return Detection(SCORE, {"mark": match.group("value").strip(" \t【】[]（）()〔〕")})
