"""RELIGION: a person's religious belief.

Religious belief is sensitive personal information (个人信息保护法 第二十八条); it has no
place in a 公示, a student list or a decision. Taken in three forms:

- **labelled field**: 宗教信仰 + colon + a value (宗教信仰：无 reports nothing); 宗教/信仰 + colon
  + a religion's name (宗教：佛教); 宗教信仰 + a space + a religion's name (a text table).
- **a term in prose**: 信仰/信奉/笃信/皈依 + a religion (信仰伊斯兰教), 信教, 受洗, …教徒, 基督徒,
  穆斯林. These need a person in the sentence or row (``needs_person``).
- **bare cell**: a cell that is only a religion's name (佛教); alone it scores below every
  threshold, under a 宗教信仰 column header the context enhancer lifts it.

Group statements are refused: 宗教信仰自由 and 信教和不信教的自由 (no colon, 自由 after), 信教群众,
信仰伊斯兰教的少数民族, 宗教事务管理条例 (no term at all), and clauses `is_group_statement`
recognises (尊重…, 依法…, 条例, 政策).

>>> [m.group("value") for m in PATTERN.finditer("姓名：王小红 民族：回族 宗教信仰：伊斯兰教")]
['伊斯兰教']
>>> [m.group("value") for m in PATTERN.finditer("公民有宗教信仰自由，有信教和不信教的自由。")]
[]
"""

from __future__ import annotations

import regex

from recognizers._base import ChineseRecognizer, Detection, compile_pattern
from recognizers._personal import (
    CELL_END,
    CELL_START,
    LABEL_COLON,
    any_of,
    either_script,
    field_detection,
    first_chars,
    term_detection,
)

RELIGIONS = (
    "伊斯兰教", "回教", "佛教", "藏传佛教", "汉传佛教", "南传佛教", "基督教", "新教", "天主教", "道教", "东正教", "宗教",
)
BELIEVERS = ("伊斯兰教徒", "佛教徒", "基督教徒", "基督徒", "天主教徒", "道教徒", "东正教徒", "穆斯林", "信徒")
FAITH_VERBS = ("信仰", "信奉", "笃信", "皈依", "信")
_RELIGION = any_of(RELIGIONS)
_NAMED_RELIGION = any_of(name for name in RELIGIONS if name != "宗教")
# After a term: a group, a place, a freedom or a programme, not a person's faith.
_NOT_PERSONAL_AFTER = "(?!" + any_of((
    "和", "与", "自由", "的自由", "群众", "群体", "公民", "人士", "人员", "界", "团体", "活动", "场所", "事务", "协会",
    "聚居", "地区", "们", "联盟", "组织", "世界", "国家", "民族", "食堂", "餐厅", "学校", "院校", "经典", "文化", "建筑", "政策", "工作",
    "的少数民族", "的民族", "的群众", "的学生", "的师生", "的人员", "的职工", "的教职工", "的考生", "的人士", "的公民",
)) + ")"

PATTERN = compile_pattern(
    "(?:(?=" + first_chars(("宗教", "信仰"), FAITH_VERBS, ("信教", "受洗"), BELIEVERS) + ")|" + CELL_START + ")"
    + r"(?:(?P<label>" + either_script("宗教信仰") + ")" + LABEL_COLON + r"(?P<value>[^\s,，。；;:：]{1,12})"
    + r"|(?P<label>" + any_of(("宗教信仰", "宗教", "信仰")) + ")(?:" + LABEL_COLON + r"|[ \t]{1,4})(?P<value>" + _NAMED_RELIGION + ")"
    + r"|(?P<value>(?P<verb>" + any_of(FAITH_VERBS) + ")(?P<term>" + _RELIGION + "))" + _NOT_PERSONAL_AFTER
    + r"|(?<![不无無])(?P<value>(?P<term>" + any_of(("信教", "受洗")) + "))" + _NOT_PERSONAL_AFTER
    + r"|(?P<value>(?P<term>" + any_of(BELIEVERS) + "))" + _NOT_PERSONAL_AFTER
    + r"|" + CELL_START + r"(?P<bare>(?P<value>" + _NAMED_RELIGION + "))" + CELL_END + ")"
)

SCORE_BARE_CELL = 0.2  # below the rule's 0.5: only a 宗教信仰 header lifts it (+0.35)

_EMPTY_FAITH = regex.compile(r"^(?:无|無|没有|沒有|不信|未)")


class ReligionRecognizer(ChineseRecognizer):
    ENTITIES = ("RELIGION",)
    PATTERN = PATTERN
    TRIGGER = r"宗教|信仰|信奉|篤信|笃信|皈依|信教|受洗|教徒|基督|穆斯林|信徒|伊斯[兰蘭]|回教|佛教|天主教|道教|東正教|东正教|新教"
    CONTEXT = ("宗教信仰", "宗教", "信仰")
    NEGATIVE_CONTEXT = ("宗教事务", "宗教工作", "宗教政策", "宗教场所", "宗教活动场所")

    def detect(self, match, text):
        value = match.group("value")
        if match.group("label"):
            return None if _EMPTY_FAITH.match(value) else field_detection(match.group("label"), value)
        if match.group("bare"):
            return Detection(SCORE_BARE_CELL, {"form": "cell"})
        return term_detection(text, match.start(), match.end(), match.group("term"))
