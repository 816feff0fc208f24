"""EXAM_SCORE and EXAM_RANK: a student's exam score or rank in prose, and score publicity.

《未成年人学校保护规定》 forbids publishing a student's scores and ranks, and the 2019
教育部 ban forbids 宣传炒作 "高考状元" and 升学率. Table columns (a cell under 总分/成绩/名次)
are the engine's business; this module reads sentences. Three kinds of finding:

- ``kind: score`` (EXAM_SCORE) — 2–3 digits with an optional ``.5`` followed by 分
  (``698分``, ``689.5 分``), or a value right after a label (``总分：652``, ``成绩为A+``;
  letter grades only after 成绩). 分 that starts another word is no score: 分钟, 分之,
  分数线, 分值, 分制, 分为, 分校, 分局, 分析, 分配, 分别 … ; nor is a time (8时30分), an
  angle (117度15分) or a range (600分至650分).
- ``kind: rank`` (EXAM_RANK) — 第一名/第1名, a scope with an ordinal (全市第一,
  全省第二名, 年级排名第12名, 位列全省前十, 名列年级第一, 班级第一), 排名第5, 名次：3. An
  ordinal that counts something else is not a rank: 全省第一批, 全国第一个, 一年级第一学期,
  第一名单.

  Both carry ``needs_person: True``: a score or rank is personal only when tied to a
  person, which a sentence alone cannot tell ("考了698分" in a scoring rule, "该生总分698分"
  in a 公示). The engine keeps them only when a name, a masked name (张某) or a cue
  (该生, 该同学, 本人) is in the same sentence or table row.
- ``kind: publicity`` (EXAM_SCORE, with ``term``) — 状元 (高考状元, 理科状元 …; a bare
  状元 only in an exam sentence, never 行行出状元 or 状元路), 榜眼/探花 in an exam
  sentence, 高分考生/高分段, 清北录取12人, a 上线率/升学率/重点率 figure (升学率达98%), and
  喜报 in a paragraph about exam results. Publicity needs no person: it is blocked on
  its own.

What is not flagged, by choice:

- statistics and scoring rules: a number whose clause names a statistic or a rule
  (平均分, 及格率, 分数线, 控制线, 最低/最高分, 满分, 每题, 共计, 时长, 分值, 不低于 …) or
  that is followed by 以上/以下/为合格 — a clause, not the sentence, so "全市平均分512分，
  王小明698分" still has its second score;
- anything in a sentence that forbids or criticises it — 禁止/不得/严禁/不准/杜绝/不以/
  炒作/片面追求 … before the term ("严禁宣传炒作‘高考状元’", "不得宣传升学率");
- 升学率 without a figure (追求升学率 is the policy vocabulary), 喜报 about anything
  but exams (a 竞赛 喜报).

The text is half-width folded but not simplified, so patterns list traditional forms
(狀元, 總分, 年級); context windows are simplified before keyword checks.

>>> [m.group() for m in PATTERN.finditer("王小明同学以698分的成绩位列全省第一名，考试时长120分钟。")]
['698分', '位列全省第一名']
>>> statistic_word("全市平均分为"), statistic_word("王小明同学以")
('平均', None)
"""

from __future__ import annotations

import regex

from recognizers._base import ChineseRecognizer, Detection, compile_pattern
from recognizers.textnorm import to_simplified

# ---- scores -------------------------------------------------------------------------
_SCORE_VALUE = r"[0-9]{2,3}(?:\.5)?"
# What 分 starts when it is not "points": 分钟, 分之, 分数线, 分校 … (分成 only when not 分成绩).
_NOT_POINTS = (
    r"钟|鐘|之|数线|數線|数段|數段|析|配|别|別|校|局|类|類|管|值|制|为|為|段|档|檔|组|組|期|批|项|項|布|会|會"
    r"|院|部|册|冊|卷|队|隊|公司|中心|享|解|工|担|擔|散|摊|攤|量|子|母|贝|貝|米|秒|成(?!绩|績)|开|開|发|發|流"
    r"|班(?!级|級)|层|層|区|區|署|社|所|馆|館|店|行|站|场|場|厂|廠|片|包|割|裂|离|離|化|泌|歧|辨|外|头|頭|手"
    r"|红|紅|居|娩|寸|身|拣|揀|送|列|拆|设|設|赴|步|阶|階|拨|撥|线|線|率|差|[(（]含"
)
_POINTS = (
    r"(?<![0-9A-Za-z.时時点點度′\-~～至])(?<![0-9][ \t]?[:：])(?P<score>" + _SCORE_VALUE + r"[ \t]?分)"
    + r"(?!" + _NOT_POINTS + r")"
    + r"(?![0-9]{1,2}(?:\.[0-9]+)?秒)"  # 12分05秒: a time
    + r"(?![ \t]?[\-~～至][ \t]?[0-9])"  # 600分至650分: a range
)
_SCORE_LABEL = r"(?:总分|總分|总成绩|總成績|成绩|成績|得分|分数|分數|考分)"
_GRADE_LABEL = r"(?:成绩|成績)(?:等级|等級|等第)?"
_LABEL_GAP = r"[ \t]{0,2}(?:为|為|是|[:：])?[ \t]{0,2}"
_VALUE_END = r"(?=[ \t]*(?:[，,。；;、)）\]】!！?？\n]|$))"
_LABELLED = (
    r"(?=[0-9A-E])(?:"
    + r"(?<=" + _SCORE_LABEL + _LABEL_GAP + r")(?P<labelled>" + _SCORE_VALUE + r")(?![0-9.])"
    + r"|(?<=" + _GRADE_LABEL + _LABEL_GAP + r")(?P<grade>[A-E][+\-]?)(?![0-9A-Za-z+\-])"
    + r")" + _VALUE_END
)

# ---- ranks --------------------------------------------------------------------------
_CN_NUMBER = r"[一二两兩三四五六七八九十百零〇]{1,4}"
_RANK_NUMBER = r"(?:[0-9]{1,4}(?![0-9.])|" + _CN_NUMBER + r")"
# An ordinal that counts batches, times, schools, terms … is no rank: 全省第一批, 一年级第一学期.
_COUNTS_SOMETHING = (
    r"[批次个個所家届屆期季轮輪阶階条條款项項章节節部天年月日号號类類种種档檔步级級线線梯学學课課志责責书書"
    r"时時中小高初实實医醫人单單编編篇卷册冊页頁段组組排行列周週代只套台件把张張辆輛份点點秒分元万萬亿億倍%]"
)
_NOT_RANK_NAME = r"(?![称稱单單义義额額字录錄片牌著言气氣校师師册冊次句词詞])"  # 第一名称, 第一名单
_ORDINAL = (
    r"(?:第" + _RANK_NUMBER + r"(?:名" + _NOT_RANK_NAME + r"|(?!" + _COUNTS_SOMETHING + r"|名))"
    + r"|前" + _RANK_NUMBER + r"(?:名|%|(?!" + _COUNTS_SOMETHING + r"|名)))"
)
_SCOPE = r"(?:全[国國省市县縣区區州盟旗校镇鎮乡鄉班]|(?:全|同)?年[级級]|班[级級]|本校|本班)"
_SUBJECT = (
    r"(?:文科|理科|物理类|物理類|历史类|歷史類|总分|總分|成绩|成績|单科|單科|语文|語文|数学|數學|英语|英語|中考|高考)"
)
_RANK_WORD = r"(?:排名|排行|名次|排位)"
_PLACED = r"(?:位列|名列|位居|排在|居)"
_RANK = (
    r"(?P<rank>"
    + r"(?:(?:" + _PLACED + r"|排名)[ \t]?)?" + _SCOPE + _SUBJECT + r"?" + _RANK_WORD
    + r"?[ \t]?(?:[:：为為是])?[ \t]?" + _ORDINAL
    + r"|(?:" + _RANK_WORD + r"|位列|名列|位居)[ \t]?(?:[:：为為是])?[ \t]?"
    + r"(?:" + _ORDINAL + r"|[0-9]{1,4}(?![0-9.%])(?:名|位|" + _VALUE_END + r"))"
    + r"|第" + _RANK_NUMBER + r"名" + _NOT_RANK_NAME
    + r")"
)

# ---- publicity ----------------------------------------------------------------------
_ZHUANGYUAN = (
    r"(?P<zhuangyuan>(?P<titled>(?:高考|中考|理科|文科|物理类|物理類|历史类|歷史類|单科|單科|学科|學科|总分|總分"
    r"|全省|全市|全县|全縣|全区|全區|省|市|县|縣|区|區))?(?<!行行出)(?:状元|狀元)"
    r"(?!路|街|桥|橋|坊|府|楼|樓|巷|村|阁|閣|里|门|門|及第|红|紅|糕|饼|餅|园|園|湖|山|岭|嶺|镇|鎮|小学|小學|中学|中學))"
)
_RUNNER_UP = r"(?P<runner_up>榜眼|探花)"
_HIGH_SCORERS = r"(?P<high>高分(?:考生|段|学生|學生|层|層))"
_QINGBEI = (
    r"(?P<qingbei>(?:清北|清[华華]北大|北大清[华華]|清[华華]、北大|北大、清[华華]"
    r"|清[华華]大[学學][、和与與及]北京大[学學]|北京大[学學][、和与與及]清[华華]大[学學])[^。；;，,\n]{0,8}?"
    r"(?:[0-9]{1,4}|" + _CN_NUMBER + r")[ \t]?(?:人|名))"
)
_RATE_FIGURE = (
    r"[^。；;，,\n]{0,6}?(?:[0-9]{1,3}(?:\.[0-9]{1,2})?[ \t]?[%％]|百分之|位居|名列|稳居|穩居|第一|创新高|創新高)"
)
_RATE = (
    r"(?P<rate>(?P<rate_term>(?:一本|二本|本科|重点|重點|重本|一批|本一|特控|清北)?"
    r"(?:上线率|上線率|达线率|達線率|升学率|升學率|重点率|重點率|一本率|本科率|重本率)"
    r"|(?:一本|本科|重点|重點|重本|清北|名校)(?:录取率|錄取率))" + _RATE_FIGURE + r")"
)
_GOOD_NEWS = r"(?P<good_news>喜[报報])"

_PARTS = (_POINTS, _LABELLED, _RANK, _ZHUANGYUAN, _RUNNER_UP, _HIGH_SCORERS, _QINGBEI, _RATE, _GOOD_NEWS)
PATTERN = compile_pattern("|".join(_PARTS))
# The same alternatives one by one, each run only when the text holds a literal every match
# of it contains: one pattern of nine look-behind-laden alternatives tried at every position
# cost 4.5 s on 1.1 M characters of news and notices; gated parts cost 0.2 s.
GATED_PARTS: tuple[tuple[tuple[str, ...], regex.Pattern], ...] = tuple(
    (gate, compile_pattern(part))
    for gate, part in (
        (("分",), _POINTS),
        (("分", "绩", "績"), _LABELLED),
        (("第", "前", "排", "名次", "位列", "位居"), _RANK),
        (("状元", "狀元"), _ZHUANGYUAN),
        (("榜眼", "探花"), _RUNNER_UP),
        (("高分",), _HIGH_SCORERS),
        (("清", "北大"), _QINGBEI),
        (("率",), _RATE),
        (("喜报", "喜報"), _GOOD_NEWS),
    )
)


def _group(match: regex.Match, name: str) -> str | None:
    """A named group's value, None when the sub-pattern that matched has no such group."""
    return match.groupdict().get(name)


def gated_matches(text: str) -> list[regex.Match]:
    """What PATTERN.finditer(text) finds, but sub-pattern by sub-pattern: the earliest match
    wins, an earlier alternative wins a tie, overlapping later matches are dropped."""
    found = [
        (match.start(), index, match)
        for index, (gate, pattern) in enumerate(GATED_PARTS)
        if any(literal in text for literal in gate)
        for match in pattern.finditer(text)
    ]
    kept, free = [], 0
    for start, _, match in sorted(found, key=lambda item: item[:2]):
        if start >= free:
            kept.append(match)
            free = max(match.end(), start + 1)
    return kept

# Every match contains one of these (raw text: full-width digits, ideographic space).
_D = "[0-9０-９]"
TRIGGER = (
    _D + "[ \t\u3000]?分"
    + "|(?:分[数數]?|成[绩績]|等[级級第])[ \t\u3000]{0,2}[为為是:：]?[ \t\u3000]{0,2}(?:" + _D + "|[A-EＡ-Ｅ])"
    + "|第[一二两兩三四五六七八九十百零〇0-9０-９]{1,4}名"
    + "|(?:全[国國省市县縣区區州盟旗校镇鎮乡鄉班]|年[级級]|班[级級]|本校|本班)[^\n第前]{0,12}[第前]"
    + "|排名|排行|名次|排位|位列|名列|位居"
    + "|状元|狀元|榜眼|探花|高分|清北|清[华華]|北大|喜[报報]|[线線学學点點科本取]率"
)

SCORE_PERSONAL = 0.6
SCORE_PUBLICITY = 0.8

# ---- context checks (on simplified text) --------------------------------------------
SENTENCE_WIDTH = 80
CLAUSE_WIDTH = 24
PARAGRAPH_WIDTH = 300
HEADING_CHARS = 30
_SENTENCE_END = regex.compile(r"[。！？!?；;\n]")
_CLAUSE_END = regex.compile(r"[。！？!?；;\n，,]")
_BLANK_LINE = regex.compile(r"\n[ \t\u3000]*\n")

# Words that make a sentence a rule against the thing, or a criticism of it.
FORBIDDING = (
    "禁止", "不得", "严禁", "不准", "杜绝", "不许", "不允许", "不要", "不宜", "不搞", "不以", "不公布", "不公开",
    "不宣传", "避免", "防止", "反对", "纠正", "克服", "遏制", "查处", "整治", "炒作", "片面追求", "单纯以",
)
# Words that make a number in their clause a statistic or part of a scoring rule.
STATISTIC_WORDS = (
    "平均", "均分", "及格", "合格", "优秀率", "优良率", "率", "线", "最低", "最高", "满分", "总分值", "分值",
    "每", "共计", "合计", "总计", "时长", "不低于", "不少于", "不超过", "不足", "低于", "分差", "相差",
    "投档", "提档", "录取分", "划定", "区间", "分段",
)
# What after a score makes it a threshold: 60分以上为合格.
THRESHOLD_AFTER = ("以上", "以下", "及以上", "及以下", "以内", "为合格", "为及格", "为优秀", "合格", "及格")
# An exam sentence (for 榜眼/探花 and a bare 状元), an exam paragraph (for 喜报).
_EXAM_WORDS = regex.compile(r"高考|中考|学考|考生|录取|理科|文科|状元|分数|成绩|[0-9]{2,3}[ \t]?分")
_EXAM_RESULT_WORDS = regex.compile(
    r"高考|中考|录取|上线|一本|本科线|重点线|状元|清华|北大|清北|升学|考生|分数|高分|[0-9]{2,3}[ \t]?分"
)


def sentence_before(text: str, start: int, width: int = SENTENCE_WIDTH) -> str:
    """The part of `start`'s sentence before it (simplified), at most `width` characters.

    >>> text = "王小明考了698分。严禁炒作“高考状元"
    >>> sentence_before(text, text.index("状元"))
    '严禁炒作“高考'
    """
    return to_simplified(_SENTENCE_END.split(text[max(0, start - width) : start])[-1])


def sentence_around(text: str, start: int, end: int, width: int = SENTENCE_WIDTH) -> str:
    """The sentence of text[start:end] (simplified), at most `width` characters either side."""
    after = _SENTENCE_END.split(text[end : end + width], maxsplit=1)[0]
    return sentence_before(text, start, width) + to_simplified(text[start:end] + after)


def clause_before(text: str, start: int, width: int = CLAUSE_WIDTH) -> str:
    """The part of `start`'s clause (up to a comma) before it, simplified.

    >>> text = "全市平均分512分，王小明同学以698分"
    >>> clause_before(text, text.index("698"))
    '王小明同学以'
    """
    return to_simplified(_CLAUSE_END.split(text[max(0, start - width) : start])[-1])


def paragraph_around(text: str, start: int, end: int, width: int = PARAGRAPH_WIDTH) -> str:
    """The paragraph of text[start:end] (up to blank lines), at most `width` characters either
    side; a heading line (short, like 喜报 on its own) also takes the paragraph after it."""
    before = _BLANK_LINE.split(text[max(0, start - width) : start])[-1]
    following = text[end : end + width]
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    heading = line_end >= 0 and line_end - line_start <= HEADING_CHARS
    after = following if heading else _BLANK_LINE.split(following, maxsplit=1)[0]
    return to_simplified(before + text[start:end] + after)


def forbids(sentence_before: str) -> str | None:
    """The word that makes the sentence a rule against (or a criticism of) what follows.

    >>> forbids("严禁宣传炒作“"), forbids("热烈祝贺我校李某同学荣获")
    ('严禁', None)
    """
    return next((word for word in FORBIDDING if word in sentence_before), None)


def statistic_word(clause_before: str) -> str | None:
    """The word that makes a number in this clause a statistic or a scoring rule.

    >>> statistic_word("试卷满分"), statistic_word("每题"), statistic_word("该生总分")
    ('满分', '每', None)
    """
    return next((word for word in STATISTIC_WORDS if word in clause_before), None)


def is_threshold(after: str) -> bool:
    """Whether what follows a score makes it a threshold (60分以上为合格).

    >>> is_threshold("以上为合格。"), is_threshold("的成绩")
    (True, False)
    """
    after = to_simplified(after.lstrip(" \t"))
    return after.startswith(THRESHOLD_AFTER) or after.startswith(("(含", "（含"))


class ExamScoreRecognizer(ChineseRecognizer):
    ENTITIES = ("EXAM_SCORE", "EXAM_RANK")
    PATTERN = PATTERN
    TRIGGER = TRIGGER
    CONTEXT = ("总分", "成绩", "得分", "分数", "考分", "名次", "排名")

    def _matches(self, text):
        return gated_matches(text)

    def detect(self, match, text):
        start, end = match.span()
        if forbids(sentence_before(text, start)):
            return None
        if _group(match, "score") or _group(match, "labelled") or _group(match, "grade"):
            if statistic_word(clause_before(text, start)) or is_threshold(text[end : end + 6]):
                return None
            return Detection(SCORE_PERSONAL, {"needs_person": True, "kind": "score"})
        if _group(match, "rank"):
            return Detection(SCORE_PERSONAL, {"needs_person": True, "kind": "rank"}, "EXAM_RANK")
        return self._publicity(match, text)

    @staticmethod
    def _publicity(match, text) -> Detection | None:
        start, end = match.span()
        if _group(match, "zhuangyuan"):
            sentence = sentence_around(text, start, end).replace("状元", "", 1)
            if not _group(match, "titled") and not _EXAM_WORDS.search(sentence):
                return None
            term = "状元"
        elif _group(match, "runner_up"):
            if not _EXAM_WORDS.search(sentence_around(text, start, end)):
                return None
            term = to_simplified(_group(match, "runner_up"))
        elif _group(match, "high"):
            term = to_simplified(_group(match, "high"))
        elif _group(match, "qingbei"):
            term = "清北"
        elif _group(match, "rate"):
            term = to_simplified(_group(match, "rate_term"))
        else:
            if not _EXAM_RESULT_WORDS.search(paragraph_around(text, start, end)):
                return None
            term = "喜报"
        return Detection(SCORE_PUBLICITY, {"kind": "publicity", "term": term})
