"""Document category: which kind of disclosure a draft is (资助公示, 录取名单, 处罚决定书 …).

The category decides which rules apply — student names are ordinary in a 资助 or 招生 公示 and
suspicious elsewhere — so a reviewer must be able to see *why* a document was put in one. The
guess starts from a keyword table a 政务公开 office can read, argue with and amend; every guess
carries its evidence (``标题：资助``, ``表头：困难等级``, ``正文：助学金×3``). Written against a few
hundred notices, the table does not generalise well to pages it was not written against, so a
linear model trained on labelled real notices (`screening.engine.category_model`) reads the same
document and decides where the two disagree — for a document with a body of prose; a title or a
roster is the table's — and its evidence is words too (``模型：标题「仪式」``).

How the score is built:

- One keyword table for all categories, each keyword with a weight (2 = specific such as
  处罚决定书 or 拟录取, 1 = suggestive such as 成绩 or 补助). All keywords are matched in one
  regex pass, longest first, so a compound claims its characters for its own category:
  职称评审 is personnel (not project review), 优秀学生干部 is student aid (not a 干部 post),
  招生考试 is admission (not a bare 考试).
- Where a keyword sits matters: title ×3, table header ×2, body ×(1 + ln count). The log
  gives repeats diminishing returns, and the body's total per category is capped
  (``BODY_CAP``), so one long body cannot outweigh what the title says.
- Exams happen inside recruitment and admission: once personnel or admission has a case of
  its own, exam cues count half (招聘考试成绩公示 is personnel, 招生考试录取名单 admission,
  期末考试成绩 alone stays exam).
- Below ``THRESHOLD`` the document is ``general`` (news, 工作动态, plain notices): one
  passing mention of 考试 in a body is not a category.

Traditional characters are folded (學生資助 → 学生资助) with ``to_simplified``, but only when the
text has a traditional form of some keyword character (one cheap regex search), so simplified
text, nearly all of it, is never converted.

>>> classify("关于2024年国家助学金拟资助学生名单的公示", "").label
'student_aid'
>>> guess = classify(None, "1 张小明 高一 一般困难 1000", headers=["姓名", "困难等级", "资助金额"])
>>> guess.label, guess.evidence
('student_aid', ('表头：困难等级', '表头：资助'))
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from recognizers.textnorm import TRADITIONAL_CONFIGS, converter, simplify, to_simplified, to_traditional
from screening.engine.category_model import features, shipped_model

CATEGORIES: dict[str, str] = {
    "student_aid": "学生资助/奖助",
    "admission": "招生录取",
    "exam": "考试",
    "penalty": "行政处罚",
    "project_review": "项目评审",
    "personnel": "人事任免",
    "service": "政务服务",
    "general": "一般信息",
}

# label -> {keyword: weight}. 2 = the keyword alone names the category; 1 = suggestive, needs company.
KEYWORDS: dict[str, dict[str, float]] = {
    "student_aid": {
        "资助": 2, "助学金": 2, "奖学金": 2, "国家励志奖学金": 2, "奖助": 2, "困难学生": 2,
        "家庭经济困难": 2, "经济困难": 1, "困难等级": 2, "助学贷款": 2, "勤工助学": 2,
        "营养改善计划": 2, "补助": 1, "减免": 1, "评优": 2, "三好学生": 2, "优秀学生干部": 2,
        "优秀学生": 1, "优秀毕业生": 2, "先进个人": 1, "表彰": 1, "建档立卡": 1, "绿色通道": 1,
    },
    "admission": {
        "招生": 2, "录取": 2, "拟录取": 2, "录取名单": 2, "招生简章": 2, "招生计划": 1,
        "招生考试": 2, "保送": 2, "特长生": 2, "自主招生": 2, "强基计划": 2, "专业测试": 2,
        "艺术类": 1, "体育类": 1, "入学": 1, "划片": 2, "新生": 1, "转学": 1,
    },
    "exam": {
        "考试": 1, "成绩": 1, "考生": 1, "准考证": 2, "分数线": 2, "中考": 2, "高考": 2,
        "学业水平": 2, "成绩公布": 2, "成绩查询": 2, "考试成绩": 2, "期末考试": 2, "期中考试": 2,
        "考场": 1, "考点": 1, "监考": 1, "四六级": 2, "补考": 2, "缓考": 1,
    },
    "penalty": {
        "行政处罚": 2, "处罚决定书": 2, "处罚决定": 2, "当事人": 2, "违法事实": 2, "罚款": 2,
        "没收违法所得": 2, "吊销": 2, "责令": 1, "警告": 1, "立案": 1, "陈述申辩": 1,
    },
    "project_review": {
        "项目评审": 2, "评审结果": 2, "专家评审": 2, "立项": 2, "结题": 2, "课题": 2,
        "申报": 1, "验收": 1, "评审会": 1, "项目": 0.5,
    },
    "personnel": {
        "任前公示": 2, "拟任": 2, "任职": 1, "免去": 2, "干部": 0.5, "人事任免": 2, "任免": 2, "录用": 2, "公务员": 1,
        "拟提拔": 2, "聘用": 2, "拟聘用人员": 2, "招聘": 2, "公开招聘": 2, "招聘考试": 2,
        "职称评审": 2, "职称": 1, "考察": 1, "试用期": 1,
        "人才引进": 2, "引进人才": 2, "试讲": 1, "岗位聘任": 2, "竞聘": 2,
    },
    "service": {
        # a guide names what the document is, whatever service it guides to (国家助学金事项办事指南)
        "办事指南": 4, "服务指南": 4, "办理指南": 4, "办理流程": 2, "申请材料": 2, "办理时限": 2, "办理条件": 2,
        "政务服务": 2, "一网通办": 2, "受理": 1, "办理地点": 1, "咨询电话": 1, "网上办理": 1,
        "办理流程": 2, "申请流程": 2, "办理手续": 2, "流程图": 2, "补办": 2, "所需材料": 2, "流程": 1, "手续": 1,
        "申请表": 1, "办理": 1, "办理时间": 1,
    },
}

# Genre: a news report of an event (召开…会议, 本网讯, 记者) or a policy document (实施意见, 工作要点,
# 管理办法, 任务清单) is not a disclosure of the kind its topic words suggest — a report on 招生工作
# lists no admitted student, a 干部 training notice appoints no one. Unless the title names a
# disclosure form (公示, 名单, 公告, 决定书, 简章, 指南 …), every category's points are scaled by
# GENRE_FACTOR, so only strong, repeated evidence still makes one. (关于举办…的通知 is a notice, not a
# report: news words count in a title that does not open with 关于.)
NEWS_TITLE = re.compile(
    r"召开|举行|举办|参加|出席|调研|检查|指导|座谈|研讨|开展|启动|圆满|顺利|走进|看望|慰问|莅临|会见|部署|"
    r"推进会|工作会|总结会|动员会|培训班|开幕|闭幕|开班|结业|喜迎|迎来|获评|荣获|成功"
)
NEWS_OPENING = re.compile(r"本网讯|通讯员|记者|(?:^|[。，,])\s*\d{1,2}月\d{1,2}日(?:上午|下午|晚|晚上)?[，,]", re.MULTILINE)
# In a lead sentence (a page without a title) only verbs that report a past event count: a notice's
# opening (根据…，开展…工作) uses 开展 and 启动 too.
NEWS_LEAD = re.compile(r"召开|举行|参加了|出席|莅临|看望|慰问|调研|座谈|迎来")
POLICY_TITLE = re.compile(r"意见|要点|清单|方案|办法|规定|条例|规划|细则|制度|章程|规程|总结")
DISCLOSURE_TITLE = re.compile(r"公示|名单|公告|公布|决定书|结果|简章|招生章程|指南|流程|须知|通告|拟录取|拟聘|任免|一览表")
# A call for applications (关于组织申报…“十四五”规划…课题的通知) is the notice itself, whatever its
# title names (a 规划 there is the programme, not a policy document).
CALL_TITLE = re.compile(r"^关于.{0,12}申报")
GENRE_FACTOR = 0.15
NEWS_OPENING_CHARS = 80
MAX_TITLE_CHARS = 40

TITLE_WEIGHT = 3.0
HEADER_WEIGHT = 2.0
# A title keyword of weight 1 (3.0) or a specific body keyword seen twice (2 × 1.69) makes a category;
# a single body mention (≤ 2.0) does not.
THRESHOLD = 3.0
# Many different keywords in a long body still add up; capped below one specific title keyword
# (2 × TITLE_WEIGHT), so what the title says wins over what the body merely mentions.
BODY_CAP = 5.0
# Exams sit inside recruitment and admission (笔试成绩 in a 拟聘用 list, 考生 in a 录取 list).
SUBSUMED_BY = {"exam": ("personnel", "admission")}
SUBSUMED_FACTOR = 0.5
# Ties go to the more specific category; exam, the most generic, last.
TIE_ORDER = ("penalty", "personnel", "admission", "student_aid", "project_review", "service", "exam")
MAX_BODY_CHARS = 6000
# The category model decides a document whose body opens with this much Han text (below: the table).
MODEL_MIN_HAN = 150
MODEL_BODY_CHARS = 600
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_EVIDENCE = 6

_WHERE = {"title": "标题", "headers": "表头", "body": "正文"}
_LABEL_OF = {keyword: label for label, words in KEYWORDS.items() for keyword in words}


def _trie_pattern(words: Iterable[str]) -> str:
    """An alternation of `words` with shared prefixes factored out.

    re then tests a shared prefix once instead of once per keyword (1.2–1.5× faster than a flat
    alternation on 6000 characters), and an optional tail is greedy, so the longest keyword
    wins: 优秀学生干部 over 优秀学生.

    >>> _trie_pattern(["专业测试", "专家评审", "中考", "优秀学生", "优秀学生干部"])
    '(?:专(?:业测试|家评审)|中考|优秀学生(?:干部)?)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def alternation(node: dict) -> str:
        branches = [re.escape(ch) + alternation(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return group + ("?" if "" in node else "")

    return alternation(trie)


_KEYWORD_PATTERN = re.compile(_trie_pattern(_LABEL_OF))


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern[str]:
    """Any traditional form of a keyword character (資, 學, 錄 …).

    Only those can turn into a keyword match when folded, so text without one (nearly all of
    it) is never converted. A separate pass: merged into the keyword regex it would cost re its
    first-character prefilter and run ~10× slower.
    """
    keywords = "\n".join(_LABEL_OF)
    variants = {ch for config in TRADITIONAL_CONFIGS for ch in to_traditional(keywords, config)}
    to_simple = converter("t2s")
    traditional = sorted(ch for ch in variants - set(keywords) if to_simple.convert(ch) != ch)
    return re.compile("[" + re.escape("".join(traditional)) + "]")


@dataclass(frozen=True)
class CategoryGuess:
    """The guessed category, the cues behind it (strongest first) and every label's score."""

    label: str
    evidence: tuple[str, ...] = ()
    scores: dict[str, float] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        return {"label": self.label, "name": CATEGORIES[self.label], "evidence": list(self.evidence)}


@dataclass(frozen=True)
class _Cue:
    label: str
    keyword: str
    where: str
    count: int
    points: float

    def describe(self) -> str:
        repeat = f"×{self.count}" if self.count > 1 else ""
        return f"{_WHERE[self.where]}：{self.keyword}{repeat}"


def classify(title: str | None, text: str, headers: Iterable[str] = (), *, learned: bool = True) -> CategoryGuess:
    """Guess the category of a document from its title, opening text and table headers
    (`learned`: with the category model where it may decide; False: the keyword table alone).

    >>> classify("2024年公开招聘教师考试成绩公示", "").label
    'personnel'
    >>> classify("我局召开2024年上半年工作总结会", "会上通报了考试安全工作。").label
    'general'
    """
    places, cues, scores, genre = _reading(title, text, headers)
    if genre:
        scores = {label: round(score * GENRE_FACTOR, 3) if label != "general" else score for label, score in scores.items()}
    label = _best_label(scores)
    evidence = _evidence(label, cues, scores)
    model = shipped_model() if learned else None
    if model is not None and _model_reads(places):
        prediction = model.predict(features(places["title"], places["headers"], places["body"], _points_by_place(cues), genre))
        if prediction.label != label:  # the model overrules the table: say which words moved it
            overruled = f"模型：未采信{CATEGORIES[label]}的关键词" if label != "general" else None
            label = prediction.label
            found = _evidence(label, cues, scores) if label != "general" else ()
            evidence = tuple(e for e in (*found, overruled, *prediction.reasons) if e)[:MAX_EVIDENCE]
    return CategoryGuess(label, (genre, *evidence) if genre and label == "general" else evidence, scores)


def _model_reads(places: Mapping[str, str]) -> bool:
    """Whether the model may decide: it learnt from notices with a body of prose under their title;
    a document that is little more than a title or a table (a roster) is outside what it knows,
    and the keyword table, which reads titles and headers well, decides it."""
    return not places["headers"] and len(_HAN.findall(places["body"][:MODEL_BODY_CHARS])) >= MODEL_MIN_HAN


def model_decides(title: str | None, text: str, headers: Iterable[str] = ()) -> bool:
    return _model_reads(_reading(title, text, headers)[0])


def category_features(title: str | None, text: str, headers: Iterable[str] = ()) -> dict[str, float]:
    """What the category model reads of a document (tools/train_category.py trains on it)."""
    places, cues, _, genre = _reading(title, text, headers)
    return features(places["title"], places["headers"], places["body"], _points_by_place(cues), genre)


def _points_by_place(cues: Iterable[_Cue]) -> dict[str, float]:
    """The keyword table's points per place and label (``title:personnel``), the body's capped."""
    points: Counter[str] = Counter()
    for cue in cues:
        points[f"{cue.where}:{cue.label}"] += cue.points
    return {key: min(value, BODY_CAP) if key.startswith("body:") else value for key, value in points.items()}


def _reading(title: str | None, text: str, headers: Iterable[str]):
    """(places, cues strongest first, the keyword table's points before the genre, the genre)."""
    places = {"title": (title or "").strip(), "headers": "\n".join(dict.fromkeys(headers)), "body": _body(title, text)}
    cues = sorted((cue for where, part in places.items() for cue in _cues_in(where, part)), key=lambda cue: -cue.points)
    return places, cues, _scores(cues), _genre(places["title"], places["body"])


def _genre(title: str, body: str) -> str | None:
    """Why the document reads as a news report or a policy document rather than a disclosure, or None.

    >>> _genre("校长到本科招生录取现场检查指导工作", "")
    '新闻报道：检查'
    >>> _genre("关于印发学生资助工作要点的通知", ""), _genre("2024年国家助学金拟资助学生名单公示", "")
    ('政策文件：要点', None)
    """
    opening = f"{title}\n{body.lstrip()}"[:NEWS_OPENING_CHARS]  # a page without a title opens with its lead
    if news := NEWS_OPENING.search(opening):  # 本网讯, 记者, 7月21日上午，: a report, whatever its lead says
        return f"新闻报道：{news.group().strip()[:8].rstrip('，,')}"
    if title.endswith((":", "：")):  # 各学院、各单位： — an addressee line, not a title
        return None
    if title.endswith(("?", "？")):  # 公立幼儿园招生信息在哪里查询？ — a Q&A page explains a topic, it discloses nothing
        return "问答：" + title[-8:]
    if len(title) > MAX_TITLE_CHARS:  # a first line this long is a lead sentence, not a title
        lead = NEWS_LEAD.search(title)
        return f"新闻报道：{lead.group()}" if lead else None
    if DISCLOSURE_TITLE.search(title) or CALL_TITLE.search(title):
        return None
    if news := None if title.startswith("关于") else NEWS_TITLE.search(title):
        return f"新闻报道：{news.group()}"
    if policy := POLICY_TITLE.search(title):
        return f"政策文件：{policy.group()}"
    return None


def _body(title: str | None, text: str) -> str:
    """The opening of the text, without its first line when that repeats the title."""
    body = text[:MAX_BODY_CHARS].lstrip()
    if title and title.strip() and body.startswith(title.strip()):
        body = body[len(title.strip()) :]  # the title already scored ×3; do not count it twice
    return body


def _cues_in(where: str, text: str) -> list[_Cue]:
    """The keywords found in one place, each once with its count and the points it earns there."""
    return [
        _Cue(_LABEL_OF[keyword], keyword, where, count, KEYWORDS[_LABEL_OF[keyword]][keyword] * _place_factor(where, count))
        for keyword, count in _count_keywords(text).items()
    ]


def _count_keywords(text: str) -> Counter[str]:
    """How often each keyword occurs in `text`, traditional characters folded first when there are any."""
    if _traditional_chars().search(text):
        # to_simplified's cache is for short context windows; a long body is seen once and would fill it.
        text = to_simplified(text) if len(text) <= 200 else simplify(text)
    return Counter(_KEYWORD_PATTERN.findall(text))


def _place_factor(where: str, count: int) -> float:
    """Title and headers count once (a header repeats per table); body repeats with diminishing returns."""
    if where == "title":
        return TITLE_WEIGHT
    if where == "headers":
        return HEADER_WEIGHT
    return 1.0 + math.log(count)


def _scores(cues: Iterable[_Cue]) -> dict[str, float]:
    """Points per label; ``general`` holds the threshold the others must reach."""
    scores = dict.fromkeys(KEYWORDS, 0.0)
    body = dict.fromkeys(KEYWORDS, 0.0)
    for cue in cues:
        if cue.where == "body":
            body[cue.label] += cue.points
        else:
            scores[cue.label] += cue.points
    for label, points in body.items():
        scores[label] += min(points, BODY_CAP)
    for label, parents in SUBSUMED_BY.items():
        if any(scores[parent] >= THRESHOLD for parent in parents):
            scores[label] *= SUBSUMED_FACTOR
    return {label: round(score, 3) for label, score in scores.items()} | {"general": THRESHOLD}


def _top_label(scores: Mapping[str, float]) -> str:
    """The highest-scoring category, ties going to the one earlier in ``TIE_ORDER``."""
    return max(TIE_ORDER, key=lambda label: (scores[label], -TIE_ORDER.index(label)))


def _best_label(scores: Mapping[str, float]) -> str:
    top = _top_label(scores)
    return top if scores[top] >= THRESHOLD else "general"


def _evidence(label: str, cues: list[_Cue], scores: Mapping[str, float]) -> tuple[str, ...]:
    """The winning label's cues, strongest first; for ``general``, why no category was reached."""
    if label != "general":
        return tuple(cue.describe() for cue in cues if cue.label == label)[:MAX_EVIDENCE]
    if not cues:
        return ("无类别关键词",)
    nearest = _top_label(scores)
    near_cues = [cue.describe() for cue in cues if cue.label == nearest][:2]
    return (f"线索不足：{CATEGORIES[nearest]} {scores[nearest]:g} < {THRESHOLD:g}", *near_cues)
