"""FAMILY_HARDSHIP: a family's hardship status — 低保, 特困, 孤儿, 建档立卡, 单亲, 留守 …

A 资助公示 lists who receives aid, never why: 教财厅函〔2017〕28号 forbids publishing a
student's family circumstances, and a 低保 or 孤儿 status is sensitive personal
information in the sense of 个人信息保护法 第二十八条 (it exposes a minor to discrimination).
Taken in two forms:

- **labelled field**: 困难类型/困难类别/困难等级/困难程度/(困难)认定等级/认定档次/贫困类型/
  家庭经济状况 + colon + a value that reports something (not 无/否/一般).
- **a term in prose or in a row**: 低保(户/家庭/对象), 城乡/农村/城市低保, 特困(供养/人员/生),
  孤儿, 事实无人抚养儿童, 建档立卡(贫困户/户), 脱贫户, 脱贫不稳定户, 边缘易致贫户, 贫困户,
  残疾人家庭, 单亲(家庭), 父母双亡, 父母离异, 留守儿童, 家庭经济特别困难, 烈士子女. These need a
  person in the sentence or table row (``needs_person``).

Policy and statistics use the same words. Refused by the pattern: a term followed by
标准/金/政策/比例/人数/工作/认定/资助 … (低保标准, 建档立卡贫困户比例) or preceded by
对/向/各类/所有/符合/帮扶/关爱 (对低保家庭学生…, 关爱留守儿童); and by `is_group_statement`
(全市共有…, …等家庭经济困难学生, 给予…).

>>> [m.group("value") for m in PATTERN.finditer("王小红，该生家庭系建档立卡贫困户，父母双亡。")]
['建档立卡贫困户', '父母双亡']
>>> [m.group("value") for m in PATTERN.finditer("今年低保标准提高，建档立卡贫困户比例下降。")]
[]
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, compile_pattern
from recognizers._personal import (
    LABEL_COLON,
    any_of,
    either_script,
    field_detection,
    first_chars,
    term_detection,
)

FIELD_LABELS = (
    "困难类型", "困难类别", "困难等级", "困难程度", "困难认定等级", "认定等级", "认定档次", "困难档次",
    "贫困类型", "贫困类别", "家庭经济状况", "家庭经济困难等级", "家庭困难类型", "特殊困难类型", "特殊群体类型",
)
NOTHING_VALUES = frozenset(["一般", "正常", "良好", "普通", "非困难", "不困难", "较好", "較好", "非贫困", "非貧困"])
TERMS = (
    "低保户", "低保家庭", "低保对象", "低保边缘户", "低保边缘家庭", "城乡低保", "农村低保", "城市低保", "低保",
    "城乡低保户", "农村低保户", "城市低保户", "城乡低保家庭", "农村低保家庭", "城市低保家庭", "城乡低保对象",
    "特困供养人员", "特困供养", "特困人员", "特困户", "特困生", "特困", "孤儿", "事实孤儿", "事实无人抚养儿童",
    "建档立卡贫困户", "建档立卡贫困家庭", "建档立卡户", "建档立卡家庭", "建档立卡", "脱贫户", "脱贫家庭", "脱贫不稳定户",
    "边缘易致贫户", "贫困户", "贫困家庭", "残疾人家庭", "单亲家庭", "单亲", "父母双亡", "父母离异", "留守儿童",
    "家庭经济特别困难", "烈士子女",
)
# After a term: a programme, a measure or a count, not a family's status.
_NOT_PERSONAL_AFTER = "(?!" + any_of((
    "标准", "金", "补助", "补贴", "政策", "制度", "资金", "比例", "率", "人数", "人口", "工作", "审核", "审批", "认定", "申请",
    "范围", "条件", "线", "保障", "救助", "兜底", "资助", "名单", "院", "福利院", "之家", "关爱", "教育", "群体", "动态",
    "对象认定", "家庭学生资助", "学生资助", "数", "户数", "管理", "办法", "证", "证明", "证书", "们", "职工", "工人",
)) + ")"
# Before a term: the term is what a measure is aimed at (对低保家庭学生, 关爱留守儿童).
_NOT_PERSONAL_BEFORE = "(?<!" + "|".join(either_script(w) for w in (
    "非", "对", "向", "给", "各类", "所有", "全部", "全体", "符合", "帮扶", "资助", "关爱", "关心", "救助", "保障", "面向",
    "针对",
)) + ")"

PATTERN = compile_pattern(
    "(?=" + first_chars(FIELD_LABELS, TERMS) + ")"
    + r"(?:(?P<label>" + any_of(FIELD_LABELS) + ")" + LABEL_COLON + r"(?P<value>[^\s,，。；;:：]{1,20})"
    + r"|" + _NOT_PERSONAL_BEFORE + r"(?P<value>(?P<term>" + any_of(TERMS) + "))" + _NOT_PERSONAL_AFTER + ")"
)



class FamilyHardshipRecognizer(ChineseRecognizer):
    ENTITIES = ("FAMILY_HARDSHIP",)
    PATTERN = PATTERN
    TRIGGER = (
        r"低保|特困|孤[儿兒]|无人抚养|無人撫養|建[档檔]立卡|[脱脫][贫貧][户戶家不]|[贫貧]困[户戶家类類]|特殊[群羣][体體]|易致[贫貧]|[残殘]疾人家庭|[单單][亲親]|"
        r"[双雙]亡|离异|離異|留守|特[别別]困[难難]|烈士|困[难難][类類等程认認档檔]|[认認]定[等档檔]|家庭[经經]"
    )
    CONTEXT = ("困难类型", "困难等级", "认定等级", "贫困")
    NEGATIVE_CONTEXT = ("资助政策", "资助标准", "低保标准", "认定办法")

    def detect(self, match, text):
        if match.group("label"):
            return field_detection(match.group("label"), match.group("value"), NOTHING_VALUES)
        return term_detection(text, match.start(), match.end(), match.group("term"))
