"""HOME_ADDRESS: a person's home or household-registration address, down to village, road or number.

资助公示 must not show a family's address (教财厅函〔2017〕28号), and a penalty decision
or a 招生 list with 家庭住址 makes a person findable at home. What counts is an address
fine enough to find a door: it reaches a village, 社区 or 组, a road, street or lane, or a
house number (…村, …3组, …路100号, …2栋1单元501室). A county or a city alone
(户籍地：安徽省合肥市) is the ordinary 生源地 of an admission list and is not taken.

Three forms:

- **labelled**: 家庭住址/家庭地址/现住址/住址/户籍地/户籍所在地/户口所在地/居住地/通讯地址 and
  their traditional spellings (戶籍地, 現住址, 通訊地址), a colon, 为/是/在 or a space, then the
  address; also the prose of a decision (…，男，住合肥市蜀山区长江西路100号; 家住…). The
  value is the address, not the label.
- a bare table cell (安徽省合肥市肥西县三河镇杨柳村 under 家庭住址) is the engine's column stage
  (screening.engine.fields): only the header tells an address cell from any other, and looking for
  bare addresses in every paragraph cost more than all other recognizers together.
- an organisation's address is not personal: a plain 地址 label is not one of ours, and
  学校/单位/办公 before the label, or a school or office right after the address, rejects it.

>>> [m.group("value") for m in PATTERN.finditer("当事人：张某，住址：安徽省合肥市蜀山区长江西路100号3栋2单元501室。")]
['安徽省合肥市蜀山区长江西路100号3栋2单元501室']
>>> [m.group("value") for m in PATTERN.finditer("学校地址：合肥市蜀山区长江西路100号")]
[]
>>> fine_enough("安徽省合肥市"), fine_enough("肥西县三河镇杨柳村"), fine_enough("门牌号")
(False, True, False)
"""

from __future__ import annotations

import regex

from recognizers._base import (
    ChineseRecognizer,
    Detection,
    compile_pattern,
    text_after,
    text_before,
)
from recognizers._personal import any_of, either_script, first_chars

LABELS = (
    "家庭住址", "家庭地址", "家庭住所", "现住址", "现居住地", "现居住地址", "现住地址", "居住地址", "居住地",
    "住址", "户籍所在地", "户籍地址", "户籍地", "户口所在地", "户口地址", "通讯地址",
)
# Prose that places a person at home: …，男，住合肥市…; 王小红家住…; 现居住于…
PROSE_LABELS = ("家住", "住在", "居住在", "居住于", "现住", "现居住于", "现居")
ADMIN_UNITS = ("省", "市", "自治区", "自治州", "地区", "盟", "县", "区", "旗", "镇", "乡", "街道", "苏木")
# Units that reach a door. 街 not before 道: 街道 is an administrative level, like 镇.
FINE_UNITS = ("村", "社区", "组", "路", "巷", "弄", "号", "栋", "幢", "单元", "室", "楼", "小区", "胡同", "屯", "大道", "嘎查")
_FINE = "(?:" + any_of(FINE_UNITS) + "|" + either_script("街") + "(?!" + either_script("道") + "))"
_ADMIN = any_of(ADMIN_UNITS)
# What an address is written with: characters (not 的), digits, dashes, #, brackets.
_ADDR = r"(?:[^\P{Han}的]|[0-9A-Za-z\-#()（）])"
_VALUE = _ADDR + "{2,60}" + _FINE
# The value of a prose label starts with a place above the township (合肥市,
# 肥西县), so 住在学校附近 and 住房和城乡建设局 are not addresses.
_PLACE = r"[^\P{Han}的住局厅廳部委会會]{1,8}?" + any_of(("省", "市", "自治区", "县", "区", "旗"))
_ADMIN_VALUE = _PLACE + _ADDR + "{0,50}" + _FINE

PATTERN = compile_pattern(
    "(?=" + first_chars(LABELS, PROSE_LABELS, ("住",)) + ")"
    + r"(?:(?P<label>" + any_of(LABELS) + r")(?:[ \t]{0,2}(?:[:：]|[为為是在])[ \t]{0,2}|[ \t]{1,4})(?P<value>" + _VALUE + ")"
    + r"|(?P<prose>" + any_of(PROSE_LABELS) + r"|(?:(?<=[，,、;；\s])|^)住)(?P<value>" + _ADMIN_VALUE + ")"
    + ")"
)

# Who else has an address: a label after one of these is an organisation's.
_ORG_BEFORE = regex.compile(r"(?:单位|單位|学校|學校|办公|辦公|机关|機關|公司|企业|企業|学院|學院|园区|園區|本院|本校|法人|机构|機構|注册|註冊|经营|經營)$")
# …an address followed by the organisation at it (长江西路100号安徽省教育厅) is an office's.
_ORG_AFTER = regex.compile(
    r"^[^，,。；;\s]{0,20}?(?:教育局|教育厅|教育廳|教体局|教體局|委员会|委員會|人民政府|学校|學校|大学|大學|学院|學院|中学|中學|小学|小學|"
    r"幼儿园|幼兒園|办公室|辦公室|服务中心|服務中心|医院|醫院|公司|研究院|派出所)"
)
_MASKED = regex.compile(r"某|[*×●○#Xx]{2}|[*×●○](?:" + _FINE + ")")
_FINE_AT_NUMBER = regex.compile(r"[0-9一二三四五六七八九十百〇零]+" + _FINE)
_ENDS_IN_VILLAGE = regex.compile(any_of(("村", "社区", "组", "屯", "嘎查")) + "$")

SCORE_LABELLED = 0.85
SCORE_PROSE = 0.75


_ADMIN_UNIT, _FINE_UNIT = regex.compile(_ADMIN), regex.compile(_FINE)


def fine_enough(address: str) -> bool:
    """An address that reaches a door: an administrative unit before a village/road/number, a
    numbered unit (3组, 100号), or a village name (杨柳村)."""
    if _FINE_AT_NUMBER.search(address) or (len(address) >= 3 and _ENDS_IN_VILLAGE.search(address)):
        return True
    admin = _ADMIN_UNIT.search(address)
    return bool(admin) and bool(_FINE_UNIT.search(address, admin.end()))


def is_masked(address: str) -> bool:
    """An address already anonymised: 某某县某某镇某某村, ***路**号.

    >>> is_masked("某某县某某镇某某村3组"), is_masked("肥西县三河镇杨柳村3组")
    (True, False)
    """
    return bool(_MASKED.search(address))


# A 通讯地址 in a notice's contact block (联系人…，联系电话…，通讯地址…，邮政编码…) is the office's.
_POSTCODE_AFTER = regex.compile(r"^[^。；;\n]{0,12}?(?:邮政编码|郵政編碼|邮编|郵編)")
_CONTACT_BLOCK_BEFORE = regex.compile(r"(?:联系人|聯繫人|联系电话|聯繫電話|联系方式|聯繫方式|咨询电话|諮詢電話|电子邮箱|電子郵箱|传真|傳真)")


def is_organisation_address(text: str, match: regex.Match) -> bool:
    r"""学校地址, 单位通讯地址, an address followed by the office at it, or a 通讯地址 in a
    contact block (with a postcode, or after 联系人/联系电话 lines).

    >>> text = "五、联系方式\n联系人：黄主任，联系电话：0757-71468088。\n通讯地址：广州市文化路181号，邮政编码：510034"
    >>> is_organisation_address(text, PATTERN.search(text))
    True
    """
    label = match.group("label")
    if label and _ORG_BEFORE.search(text_before(text, match.start("label"), 4)):
        return True
    after = text_after(text, match.end("value"), 24)
    if label in ("通讯地址", "通訊地址") and (
        _POSTCODE_AFTER.search(after) or _CONTACT_BLOCK_BEFORE.search(text_before(text, match.start("label"), 80))
    ):
        return True
    return bool(_ORG_AFTER.search(after))


class HomeAddressRecognizer(ChineseRecognizer):
    ENTITIES = ("HOME_ADDRESS",)
    PATTERN = PATTERN
    # Every match has a label.
    TRIGGER = r"住址|住所|地址|[户戶][籍口]|居住|家住|住在|现住|現住|现居|現居|[，,、;；\s]住|^住"
    CONTEXT = ("家庭住址", "家庭地址", "住址", "户籍", "户口", "居住地", "通讯地址", "家住", "现住")
    NEGATIVE_CONTEXT = ("学校地址", "单位地址", "办公地址", "单位通讯地址", "学校通讯地址", "机关地址", "地址", "注册地", "经营场所")

    def detect(self, match, text):
        value = match.group("value")
        if not fine_enough(value) or is_organisation_address(text, match) or is_masked(value):
            return None
        if match.group("label"):
            return Detection(SCORE_LABELLED, {"labelled": True, "label": match.group("label")})
        if match.group("prose"):
            return Detection(SCORE_PROSE, {"labelled": True, "label": match.group("prose")})
        return None
