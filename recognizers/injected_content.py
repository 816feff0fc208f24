"""INJECTED_CONTENT: gambling, pornography and fraud spam planted on a published page.

Attackers who get into a school's or an education authority's CMS append link-farm text
to real pages (often in a CSS-hidden ``<div>``): 澳门新葡京 | 百家乐 | XX体育官网 | APP下载 …,
emoji floods around 彩金/返水 offers, 代孕 / 办假证 / 刷单 adverts. On a 政府网站 that is a
single-veto item of the 政府网站与政务新媒体检查指标, so the policy blocks it, marked urgent.

A block is read as *cues*, each a short word with a kind:

- **strong** terms, each enough on its own: 百家乐, 六合彩, 时时彩, 北京赛车pk10, 真人荷官,
  新葡京, casino names with a suffix (威尼斯人娱乐, 金沙官网, 银河娱乐场), 皇冠体育, betting
  brands with a suffix (开云体育, 米乐APP, 九游娱乐, 乐鱼体育), 博彩 (not 博彩业, 博彩公司), 网投平台,
  赌场, 棋牌平台, 足球投注 (``kind: gambling``); 色情视频, 成人网站, 约炮, 裸聊, AV在线,
  黄色网站, and the words of planted porn titles (无码, 亚洲AV, 人妻, 久久精品) (``porn``);
  代孕, 办证刻章/办假证, 代开发票 (not after 税务机关), 刷单, 套现 (``fraud``). A few more
  brand names (华体会, 亚博, bet365 …) add evidence to a block the prefilter let through;
- **phrases**, spam-shaped but not enough alone: a gambling topic joined to a link hook —
  体育官网, 体育APP, 娱乐平台, 娱乐城, 彩票平台 (体育课, 体育中考, 学籍注册, 学校官网,
  文化娱乐活动, 彩票公益金 have no such join);
- **support**: lures (彩金, 首存, 返水, 稳赚, 赌博), a non-official domain (``ab123.com``;
  ``.gov.cn``/``.edu.cn``/``.com.cn`` never count) and emoji floods (8 or more
  pictographs within 24 characters).

- **brands no list holds**: `recognizers.spam_model` reads the word before each link hook
  (官网, 官方, (中国), app, 平台, 集团, 体育, 游戏大厅 …) and scores how much it looks like a
  planted brand (星辰8899体育(中国)官方网站, yy易游平台) rather than an ordinary one (学校官方网站,
  学习强国app). A hit over the model's threshold counts as a strong term (kind from its words:
  porn, fraud, else gambling; 10 log-odds over it: enough alone, even in prose, else review);
  a weaker hit counts as a phrase. A hit over a listed word is that word again, but a
  confident hit replaces a mere phrase of the lists there (its cue is then the brand as read,
  digits masked). Only blocks with a hook (``MODEL_TRIGGER``) reach the model.

- **a brand its page repeats**: `page_injections` reads a page's blocks together; a brand the
  hook model reads on line after line (`recognizers.spam_model.repeated_brands`) is a planted
  brand on every line of it, however weak each reading alone (the school's name replaced by a
  betting brand throughout a news page). The screener calls it once per chunk of blocks.

A cue inside a warning or campaign context is no cue: a warning word (打击, 防范, 严禁,
警惕, 整治, 专项, 远离, 拒绝, 诈骗, 犯罪, 判处 …) in its sentence or the sentence before
it, or a block about that very topic (赌博/色情/诈骗 with a warning word anywhere in the
block). "开展打击网络赌博专项行动" and "警惕网投陷阱，远离百家乐" pass.

Cues closer than 120 characters form one cluster; a cluster is one finding, spanning its
first to its last accepted cue, scored by what it holds:

- a strong term: 0.9;
- three distinct phrases, or two with a domain, lure or emoji flood: 0.8;
- two phrases, one phrase with a domain, lure or flood, or a flood with a lure: 0.6
  (the policy sends findings below 0.7 to review).

A *link list* — three or more distinct strong terms or phrases, each in its own short
segment between line breaks, spaces, ``|``, ``·`` or emoji — is judged segment by segment:
a warning in the line above does not hide it. Inside a campaign article it counts only
when its names carry link hooks (官网, APP, 登录 …) or a domain, and then at 0.6: a page
that lists spam sites under a warning needs a person's eye, a list of game names does not.

Details: ``kind`` (link-farm when the cues form a link list, emoji-flood when a flood is
part of the evidence, else the strong terms' topic: gambling, porn or fraud; link-farm for
phrases alone), ``cues`` (the distinct cue words, simplified, at most ten, plus
``domain`` and ``emoji×N``) and ``urgent: True``.

The prefilter TRIGGER (rare characters such as 赌 荷 葡 plus a few literal branches) keeps
ordinary blocks away; `find_injections` checks it again, so the strict profile, which
skips the prefilter, pays for the cue pattern only where a cue can be. Patterns are
written in simplified characters; `with_traditional` adds each character's
traditional form (百家乐 → 百家[乐樂]), so 澳門新葡京 and 百家樂 are found on the
half-width block text without changing offsets. Every alternative is a literal word with
bounded optional parts, so matching is linear in the block length.

>>> [(i.details["kind"], i.details["cues"], i.score) for i in find_injections("澳門新葡京 百家樂 六合彩開獎")]
[('link-farm', ['澳门新葡京', '百家乐', '六合彩'], 0.9)]
>>> find_injections("我校开展打击网络赌博专项行动，提醒学生远离百家乐等赌博游戏。")
[]
>>> find_injections("学校体育工作会议召开，体育课、体育中考和学籍注册工作请登录学校官网查看。")
[]
>>> with_traditional("百家乐")
'百家[乐樂]'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex
from presidio_analyzer import RecognizerResult

from recognizers._base import DETAILS_KEY, ChineseRecognizer, compile_pattern
from recognizers.spam_model import BRAND_STEM_KEYS, HOOK_PATTERN, STEM, BrandHit, block_hooks, load_model, planted_brands, repeated_brands
from recognizers.textnorm import simplify, to_simplified, widen_characters

ENTITY = "INJECTED_CONTENT"

# ---- simplified → traditional, for the characters the patterns use ----------------------
_TRADITIONAL = {
    "乐": "樂", "门": "門", "时": "時", "赛": "賽", "车": "車", "体": "體", "网": "網", "赌": "賭", "场": "場",
    "视": "視", "频": "頻", "约": "約", "黄": "黃", "办": "辦", "证": "證", "开": "開", "发": "發", "单": "單",
    "现": "現", "银": "銀", "娱": "娛", "录": "錄", "陆": "陸", "载": "載", "册": "冊", "注": "註", "游": "遊",
    "鱼": "魚", "岛": "島", "云": "雲", "竞": "競", "电": "電", "讯": "訊", "码": "碼", "奖": "獎", "导": "導",
    "戏": "戲", "会": "會", "华": "華", "亚": "亞", "宝": "寶", "龙": "龍", "凯": "凱", "阳": "陽", "机": "機",
    "线": "線", "台": "臺", "赚": "賺", "稳": "穩", "赢": "贏", "图": "圖", "说": "說", "际": "際", "国": "國",
    "页": "頁", "艺": "藝", "篮": "籃", "计": "計", "划": "劃畫", "凭": "憑", "学": "學", "历": "歷", "飞": "飛",
    "运": "運", "尔": "爾", "无": "無", "专": "專", "动": "動", "级": "級", "带": "帶", "庄": "莊",
    "韩": "韓", "欧": "歐", "处": "處", "帐": "帳", "账": "賬",
}


def with_traditional(pattern: str) -> str:
    """`pattern` with every simplified character that has a traditional form widened to both.

    >>> with_traditional("澳门(?:娱乐|[赌])")
    '澳[门門](?:[娱娛][乐樂]|[赌賭])'
    """
    return widen_characters(pattern, _TRADITIONAL)


# ---- strong terms -----------------------------------------------------------------------
_CASINO_SUFFIX = r"(?:国际)?(?:娱乐|赌场|官网|官方网站|棋牌)"
_BRAND_SUFFIX = (
    r"(?:体育|娱乐|电竞|官网|官方网站|(?i:app)|平台|登录|登陆|注册|入口|网址|下载|网页版|手机版|彩票|棋牌|真人)"
)
# A link hook after a brand stays part of its cue word (开云体育官网), so a list of them reads as links.
_HOOK_TAIL = r"(?:官网|官方网站|(?i:app)(?:下载)?|登录|登陆|注册|入口|网址|下载|平台|导航)?"
# Betting brands that are also ordinary words (半岛, 开云 in 打开云…) count only with a suffix.
_BRANDS = r"(?:(?<![打展公召敞离分避放张睁拉翻揭解])开云|半岛|米乐|九游|乐鱼|亚博|必威|宝博|尊龙|博狗|沙巴|(?i:kaiyun)|(?i:leyu))"
_CASINOS = r"威尼斯人|金沙|银河|永利|美高梅|太阳城|巴黎人"
_BOOKMAKERS = r"九游会|华体会|金宝博|雷竞技|威廉希尔|尊龙凯时|凯发(?i:k8)|(?<![A-Za-z0-9])(?i:bet365)"
_GAMBLING = (
    r"百家乐",
    r"(?:香港|澳门)?六合彩",
    r"时时彩",
    r"幸运飞艇",
    r"北京赛车[ \t]?(?:(?i:pk)[ \t]?(?:10|拾)|开奖|计划|投注|平台|官网)",
    r"(?:真人)?荷官",
    r"(?:澳门)?新葡京|葡京(?:娱乐|赌场|官网|平台|国际|网址)",
    r"(?:澳门)?(?:" + _CASINOS + ")" + _CASINO_SUFFIX + _HOOK_TAIL,
    r"皇冠(?:体育|足球|现金|网址|官网|平台|娱乐|投注|(?i:app)|代理|信用|(?i:hg)|比分)" + _HOOK_TAIL,
    _BRANDS + _BRAND_SUFFIX + _HOOK_TAIL,
    _BOOKMAKERS,
    r"博彩(?!业|旅游|税|行业|监察|管理|公司)",  # 澳门博彩业 in a geography lesson, 博彩公司的赔率 in sports news: no advert
    r"(?:正规|网络|网上|在线|十大|最大|靠谱|信誉)(?:的)?(?:网络|网上|在线)?博彩公司",  # …官网_正规网络博彩公司: an advert's
    # 菠菜 (spinach) is the link farms' homophone of 博彩: only with a platform word or a trust claim
    r"(?:信誉|十大|正规|靠谱)菠菜|菠菜(?:担保|平台|网站|网址|论坛|导航|(?i:app)|圈|大全)",
    r"赌(?:足球|篮球|球)的?(?:软件|平台|网站|网址|(?i:app))|(?:正规|靠谱|十大)赌(?:足球|篮球|球)",
    r"(?:正规|靠谱|信誉|十大|最大|专业)网投|网投(?:平台|网站|网址|官网|(?i:app)|导航|娱乐|注册|代理|技巧|计划)",
    r"赌场",
    r"棋牌(?:游戏)?(?:平台|官网|下载|(?i:app)|注册|现金|网址)",
    r"(?:足球|体育|篮球|在线|网上|电竞|滚球)投注|投注(?:平台|网站|网址|官网|(?i:app))",
    r"竞彩(?:(?i:app)|平台|网站|网址|官网|软件)",  # the lottery's name with a platform word: an app advert, not 体彩 news
    # the Mark Six tipsters' vocabulary (澳门正版资料免费公开, 香港本港台现场报码, 一肖一码)
    r"一肖一码|平特一肖|[一六]肖[一中必]|(?:澳门|香港)(?:正版|内部)资料|正版资料(?:免费|大全|公开)"
    r"|管家婆(?:资料|彩图|一肖|一码|必中)|心水论坛|现场报码|本港台(?:现场|直播|开奖)",
    r"电子游艺|老虎机|真人视讯|捕鱼(?:游戏)?(?:平台|官网|(?i:app))",
)
_PORN = (
    r"色情(?:视频|电影|网站|直播|小说|图片|影院|影片|(?i:av)|在线|网址|片)",
    r"成人(?:视频|电影|网站|影院|直播|影片)",
    r"约炮|裸聊|一夜情|援交",
    r"(?:亚洲|日韩|欧美|国产)(?i:av)|(?<![A-Za-z])(?i:av)(?:在线|网站|视频|电影|女优|无码|成人)",
    r"黄色(?:网站|视频|电影|小说|直播|图片|网址)",
    # the vocabulary of the porn titles planted in a page's <title> or first line
    r"无码(?!化)(?:视频|在线|(?i:av)|高清|专区|区|精品|久久)?|人妻|久久精品|又黄又爽",
    # the porn-site SEO chains' own words (狠狠色综合网站久久久久_四虎国产精品成人免费久久, 一卡二卡三卡)
    r"国产精品|(?:精品|免费)成人|成人(?:免费|在线|精品)|色综合|狠狠(?:色|干|爱|撸)|久久久久|[一二三四无]卡[二三四精]"
    r"|(?:日韩|欧美|国产)(?:精品|无码|一区)|(?:大奶|巨乳)(?:主播|美女|视频|直播)|巨乳|91探花|探花(?:视频|直播|精选)",
)
_FRAUD = (
    r"代孕",
    r"办证刻章|刻章办证|办假证|(?:办理|制作|代办)(?:各类)?假(?:证|文凭|学历)|假(?:证|文凭|学历)(?:办理|制作)",
    r"代开(?:各类|各种|全国|正规)?(?:增值税)?(?:普通|专用)?发票|发票代开",
    r"刷单",
    r"套现",
)
# ---- phrases: a gambling topic joined to a link hook ----------------------------------------
_PHRASES = (
    r"体育(?:官网|官方网站|(?i:app)|登录|登陆|入口|网址|下载|网页版|手机版|导航)",
    r"娱乐(?:官网|官方网站|(?i:app)|平台|登录|登陆|注册|入口|网址|下载|网页版|手机版|导航|城|场(?!所|地|馆|合))",
    r"电竞(?:官网|(?i:app)|平台|登录|注册|入口|网址|下载)",
    r"彩票(?:官网|官方网站|(?i:app)|平台|登录|注册|入口|网址|下载|计划|代理)",
)
# ---- support --------------------------------------------------------------------------------
_LURES = r"彩金|首存|首充|返水|洗码|日赚|稳赚|包赢|赌博|网赌|赌球|色情"
_TLDS = r"com|net|cc|vip|top|xyz|me|tv|app|bet|club|live|fun|win|one|site|shop|online|info|biz|co|io|la|ws|in|pw"
_DOMAIN = r"(?i:(?<![a-z0-9.\-@])(?:www\.)?[a-z0-9][a-z0-9\-]{0,30}\.(?:" + _TLDS + r")(?![a-z0-9.\-]))"
# A mirror site's code glued to a brand, the dot left out (太阳成集团tyc33455cc, 威尼斯7798cc,
# 澳门新葡京1088vip): casino mirrors are numbered so. Once in 6 M characters of the clean corpora
# (a user name in BDCI), on 15 of 330 hacked pages.
_MIRROR = r"(?<=\p{Han})(?i:[a-z]{0,5}[0-9]{3,6}(?:cc|com|vip|net|me|tv|co))(?![a-z0-9])"


def _group(name: str, alternatives: Iterable[str]) -> str:
    return f"(?P<{name}>" + "|".join(with_traditional(a) for a in alternatives) + ")"


CUES = compile_pattern(
    "|".join((
        _group("gambling", _GAMBLING), _group("porn", _PORN), _group("fraud", _FRAUD), _group("phrase", _PHRASES),
        _group("lure", (_LURES,)), f"(?P<domain>{_DOMAIN})", f"(?P<mirror>{_MIRROR})",
        # obscene characters no school, campaign or government text writes: a porn phrase spliced
        # into news (…专项行动男生干女生屄软件) is spam whatever warning stands in its sentence
        "(?P<obscene>[屄屌肏])",
    ))
)
STRONG_KINDS = ("gambling", "porn", "fraud")
# The gambling cues that name a betting brand (simplified, lower case), not the trade: see `find_cues`.
_BRAND_NAME = regex.compile(
    "|".join((_BRANDS, _BOOKMAKERS, _CASINOS, "皇冠|葡京"))
)
# A link hook inside a cue word (simplified, lower case): what makes a name a link.
LINK_HOOK = regex.compile(r"官网|官方|app|平台|登录|登陆|注册|入口|网址|下载|导航|网页版|手机版")
EMOJI = regex.compile(r"\p{Extended_Pictographic}")
FLOOD_EMOJI, FLOOD_SPAN = 8, 24


# The prefilter's gate, on raw text (simplified or traditional, half- or full-width): every
# finding holds one of these. A class of characters rare in school and government prose
# (赌 荷 葡 艇 皇 棋 虎 鱼 裸 炮 孕 刷 赚 妻 …) and a few literal-first branches for
# cues made of common characters. One branch per cue family, not one per word: every
# top-level alternative costs a test at every position of every block (~1 ms per branch
# on the 2 M-character throughput corpus; this gate costs about as much as the RELIGION one).
_A, _V = "[AaＡａ]", "[VvＶｖ]"
TRIGGER = with_traditional(
    r"[赌荷葡艇皇棋虎鱼岛黎裸炮孕刷赚妻屄屌肏菠]|码(?<=无码)|久久精|又黄"
    r"|娱(?:(?<=[沙河人利梅城际冠]娱)|(?=乐(?:官|" + _A + r"|平台|登|注|入口|网址|下载|网页|手机|导航|城|场(?!所|地|馆|合))))"
    r"|肖(?<=[一六平]肖)|版资料|报码|本港台|管家婆|心水论"
    r"|百家|彩(?:(?<=[合时博竞]彩)|(?=金|票(?:官|" + _A + r"|平台|登|注|入口|网址|下载|计划|代理)))|北京赛|开云|米乐|九游|投(?:(?<=网投)|(?=注))"
    r"|色(?:(?=情)|(?<=黄色))|成人[视电网影直免在精]|国产精|色综合|狠狠|[一二三四无]卡[二三四精]|久久久|大奶[主美视直]|巨乳|探花|" + _A + _V + r"|刻章|假(?:证|文凭|学历)|代开|套现"
    r"|体育(?:官|" + _A + r"|登|入口|网址|下载|网页|手机|导航)|官(?=网|方网)|首[存充]|返水"
    # a mirror code (_MIRROR), letter first: a branch opening with [0-9] made this gate 2.5x slower
    r"|[cCvVnNmMtT](?<=[0-9][cCvVnNmMtT])(?i:c|om?|ip|et|e|v)(?![A-Za-z0-9])"
)
_TRIGGER = regex.compile(TRIGGER, regex.MULTILINE)


@lru_cache(maxsize=8)  # the prefilter's `wants` and then `find_injections` ask of the same block
def rules_may_fire(folded: str) -> bool:
    """Whether the half-width block holds a word-list cue's gate (`TRIGGER`): its ~1,400-character
    pattern costs as much as the hook model's reading of a block, so it is searched once."""
    return _TRIGGER.search(folded) is not None
# The hook model's gate: its hooks (`recognizers.spam_model.HOOK_PATTERN`, either script).
MODEL_TRIGGER = HOOK_PATTERN
_PORN_WORDS = regex.compile(r"视频|无码|精品|av|成人|黄|色|[屄屌肏逼淫骚奸]|人妻|自拍|偷拍|一区|二区|伦理|福利|午夜")
_DIGIT = regex.compile(r"\d")
_FRAUD_WORDS = regex.compile(r"代孕|办证|假证|发票|刷单|套现|贷款|代办")

# ---- warning and campaign contexts (checked on simplified text) -------------------------------
WARNING_WORDS = (
    "打击", "防范", "严禁", "禁止", "警惕", "整治", "专项", "抵制", "远离", "拒绝", "谨防", "不要", "不得", "切勿", "勿",
    "举报", "查处", "取缔", "扫黄", "打非", "反诈", "诈", "骗", "预防", "识别", "提醒", "侦破", "破获", "捣毁", "抓获",
    "犯罪", "违法", "非法", "清理", "净化", "不良", "危害", "涉黄", "涉赌", "治理", "查获", "依法", "严厉", "防止",
    "杜绝", "警示", "案例", "案件", "判处", "判决", "刑", "处罚", "拘留", "陷阱", "沉迷", "暴力", "低俗", "淫秽",
    "不浏览", "不观看", "不参与", "不点击", "戒", "受害", "税务",
)
# Topic words that, with a warning word anywhere in the block, make it a campaign article
# about that kind of spam (fraud: 诈/骗 are warning words themselves).
CAMPAIGN_TOPICS = {
    "gambling": ("赌博", "赌球", "网赌", "涉赌", "禁赌", "反赌", "赌资"),
    "porn": ("色情", "淫秽", "涉黄", "扫黄"),
    "fraud": ("诈", "骗"),
}
# The words that tie a warning to a topic (see `warns_of`).
_TOPIC_WORDS = {
    "gambling": regex.compile(r"[赌博]|彩票|投注|下注|押注|菠菜|棋牌|娱乐场|六合彩|时时彩"),
    "porn": regex.compile(r"[黄色淫]|裸|成人|视频"),
    "fraud": regex.compile(r"[诈骗]|刷单|套现|贷|代办|办证|发票"),
}
# Macau's lawful gaming industry as its press, government and universities discuss it (revenue,
# regulator, research): the casinos and games named there are the article's subject, as in a
# campaign article, not planted spam.
_GAMING_INDUSTRY = regex.compile(
    r"博彩(?:业|毛收入|收益|收入|监察|经营|中介人|研究|企业|股|营运|旅游)|博监局|赌收|赌权|负责任博彩|博彩.{0,6}(?:毛收入|按年|按季)"
)
_SENTENCE_END = regex.compile(r"[。！？!?；;\n]")
_SENTENCE_ENDS = regex.compile(r"[。！？!?；;\n][。！？!?；;\s]*")  # a run of terminators and blank lines
_SEGMENT_BREAK = regex.compile(r"[\n|｜丨¦·•●○◆◇■□▪★☆/\\\t ]|\p{Extended_Pictographic}")
BEFORE_WIDTH, AFTER_WIDTH = 80, 40
SHORT_SEGMENT = 24
LIST_TERMS = 3
CLUSTER_GAP = 120
MAX_CUES = 10
CONFIDENT_MARGIN = 10.0  # log-odds over the model's threshold: a planted brand beyond doubt
MODEL_WORD_CHARS = 16  # a model run's text, as listed in the finding's cues

SCORE_STRONG = 0.9
SCORE_SHAPE = 0.8
SCORE_WEAK = 0.6


@dataclass(frozen=True)
class Cue:
    """One matched cue: its span, what it is (gambling/porn/fraud/phrase/lure/domain/mirror/flood),
    its word (simplified), and whether a warning hides it in its sentence or its segment."""

    start: int
    end: int
    kind: str
    word: str
    warned_in_sentence: bool = False  # a warning word in its sentence (or the one before), or a campaign block
    warned_in_segment: bool = False  # a warning word in its own link-list segment
    segment: int | None = None  # where its segment starts, when the segment is short (as in a link list)
    in_campaign: bool = False  # the block is a campaign article about this kind of spam
    topic: str | None = None  # the spam kind it speaks of (a model cue: as its words read)
    confident: bool = False  # a model cue far over the model's threshold: enough alone, even in prose


@dataclass(frozen=True)
class Injection:
    start: int
    end: int
    score: float
    details: dict[str, Any] = field(default_factory=dict)


def warning_word(window: str) -> str | None:
    """The first warning word in `window` (any script), else None.

    >>> warning_word("开展打击网络赌博专项行动"), warning_word("澳门新葡京官网")
    ('打击', None)
    """
    simplified = to_simplified(window)
    return next((word for word in WARNING_WORDS if word in simplified), None)


def sentence_window(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end] and the one before it (the heading or lead-in),
    at most BEFORE_WIDTH characters before and AFTER_WIDTH after.

    >>> text = "开展专项行动。\\n\\n近日，百家乐等游戏。下一句"
    >>> sentence_window(text, text.index("百家乐"), text.index("百家乐") + 3)
    '开展专项行动。\\n\\n近日，百家乐等游戏'
    """
    before = text[max(0, start - BEFORE_WIDTH) : start]
    ends = [m.start() for m in _SENTENCE_ENDS.finditer(before)]
    if len(ends) >= 2:
        before = before[ends[-2] + 1 :]
    after = _SENTENCE_END.split(text[end : end + AFTER_WIDTH], maxsplit=1)[0]
    return before + text[start:end] + after


def segment_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of text around text[start:end] between link-list separators (line breaks,
    spaces, |, ·, emoji …), at most SHORT_SEGMENT + 1 characters either side.

    >>> text = "学校新闻 | 开云体育官网 | 百家乐"
    >>> text[slice(*segment_span(text, text.index("开云"), text.index("开云") + 6))]
    '开云体育官网'
    """
    first = max(0, start - SHORT_SEGMENT - 1)
    for cut in _SEGMENT_BREAK.finditer(text, first, start):
        first = cut.end()
    stop = _SEGMENT_BREAK.search(text, end, end + SHORT_SEGMENT + 1)
    return first, stop.start() if stop else min(len(text), end + SHORT_SEGMENT + 1)


def campaign_kinds(text: str) -> frozenset[str]:
    """The spam kinds this block discusses as a campaign or warning (topic + warning word).

    >>> sorted(campaign_kinds("严厉打击赌博违法犯罪，防范电信网络诈骗"))
    ['fraud', 'gambling']
    """
    simplified = simplify(text)
    industry = frozenset({"gambling"}) if _GAMING_INDUSTRY.search(simplified) else frozenset()
    if not any(word in simplified for word in WARNING_WORDS):
        return industry
    return industry | frozenset(kind for kind, topics in CAMPAIGN_TOPICS.items() if any(t in simplified for t in topics))


def emoji_floods(text: str) -> list[Cue]:
    """Runs of FLOOD_EMOJI or more pictographs, each within FLOOD_SPAN characters, merged.

    >>> [(c.word, c.start, c.end) for c in emoji_floods("百家乐" + "🔥💰" * 5 + "官网")]
    [('emoji×10', 3, 13)]
    >>> emoji_floods("🎉🎉热烈祝贺我校合唱团获得一等奖🎉🎉👏👏")
    []
    """
    positions = [m.start() for m in EMOJI.finditer(text)]
    floods: list[list[int]] = []  # [start, end, count]
    for i in range(len(positions) - FLOOD_EMOJI + 1):
        first, last = positions[i], positions[i + FLOOD_EMOJI - 1]
        if last - first >= FLOOD_SPAN:
            continue
        if floods and first <= floods[-1][1]:
            floods[-1][1] = last + 1
        else:
            floods.append([first, last + 1])
    return [
        Cue(start, end, "flood", f"emoji×{sum(start <= p < end for p in positions)}")
        for start, end in floods
    ]


def warns_of(window: str, topic: str | None, topic_bound: bool) -> bool:
    """Whether a warning word in `window` speaks of `topic`: always, unless `topic_bound`; then
    only with one of the topic's words beside it. A brand the model reads is a guess about a
    name, not a spam word: 杜绝…安全事故 in a safety notice whose school name was replaced by
    a casino's says nothing about it, 警惕…网赌平台 does.

    >>> warns_of("杜绝暑期实验室安全事故，由永利集团院长带队", "gambling", True)
    False
    >>> warns_of("警惕开云体育等网赌平台", "gambling", True)
    True
    """
    if not topic_bound or not topic:
        return True
    return _TOPIC_WORDS[topic].search(to_simplified(window)) is not None


def _cue_word(match: regex.Match) -> str:
    return to_simplified(match.group().replace(" ", "").replace("\t", "")).lower()


def placed_cue(
    text: str, start: int, end: int, kind: str, word: str, topic: str | None, campaign: frozenset[str],
    confident: bool = False, topic_bound: bool = False,
) -> Cue:
    """A cue at text[start:end] with its place read: its link-list segment, and whether a warning
    (in its sentence, its segment) or a campaign about its `topic` hides it. `topic_bound`: a
    warning counts only beside a word of that topic (see `warns_of`)."""
    first, last = segment_span(text, start, end)
    segment = first if len(text[first:last].strip()) <= SHORT_SEGMENT else None
    in_campaign = topic in campaign if topic else bool(campaign)
    window = sentence_window(text, start, end)
    warned_in_sentence = (
        in_campaign
        or (warning_word(window) is not None and warns_of(window, topic, topic_bound))
        or (topic == "gambling" and _ODDS_NEWS.search(window) is not None)  # bookmakers in a football-odds column
    )
    warned_in_segment = warning_word(text[first:last]) is not None and warns_of(text[first:last], topic, topic_bound)
    return Cue(start, end, kind, word, warned_in_sentence, warned_in_segment, segment, in_campaign, topic, confident)


def find_cues(text: str, campaign: frozenset[str] = frozenset()) -> list[Cue]:
    """Every cue in half-width `text`, with its warning flags; emoji floods included."""
    cues: list[Cue] = []
    for match in CUES.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind in ("domain", "obscene", "mirror"):  # no warning hides these
            first, last = segment_span(text, start, end)
            segment = first if len(text[first:last].strip()) <= SHORT_SEGMENT else None
            word, kind, topic = {
                "domain": ("domain", "domain", None),
                "obscene": (_cue_word(match), "porn", "porn"),
                # the brand before it, digits masked: the word goes into every report
                "mirror": (_DIGIT.sub("*", _cue_word(match)), "mirror", "gambling"),
            }[kind]
            cues.append(Cue(start, end, kind, word, segment=segment, topic=topic))
            continue
        topic = kind if kind in STRONG_KINDS else "gambling" if kind == "phrase" else None
        word = _cue_word(match)
        # a betting brand's name is a name: a warning beside it hides it only when the warning speaks of
        # gambling (学习《开云体育app防溺水指南》 is a drowning warning with the school's name replaced)
        named = kind == "gambling" and _BRAND_NAME.search(word) is not None
        cues.append(placed_cue(text, start, end, kind, word, topic, campaign, topic_bound=named))
    cues += emoji_floods(text)
    return sorted(cues, key=lambda cue: (cue.start, cue.end))


def clusters(cues: Sequence[Cue], gap: int = CLUSTER_GAP) -> list[list[Cue]]:
    """Cues in groups: a cue more than `gap` characters after the previous one starts a new group."""
    groups: list[list[Cue]] = []
    for cue in cues:
        if groups and cue.start - max(c.end for c in groups[-1]) <= gap:
            groups[-1].append(cue)
        else:
            groups.append([cue])
    return groups


def judge(cluster: Sequence[Cue]) -> Injection | None:
    """The finding one cluster of cues makes, or None (see the module docstring for the scores)."""
    listed = [c for c in cluster if c.segment is not None and (c.kind in STRONG_KINDS or c.kind == "phrase")]
    link_list = min(len({c.word for c in listed}), len({c.segment for c in listed})) >= LIST_TERMS
    accepted = [
        c for c in cluster
        if c.kind in ("domain", "flood", "mirror")
        or not (c.warned_in_segment if link_list and c.segment is not None else c.warned_in_sentence)
    ]
    # a mirror code is evidence beside the brand the model reads before it, not instead of it
    strong = _distinct(c for c in accepted if c.kind in STRONG_KINDS or c.kind in ("model", "mirror"))
    phrases = _distinct(c for c in accepted if c.kind == "phrase")
    lure = any(c.kind == "lure" for c in accepted)
    domain = any(c.kind == "domain" for c in accepted)
    # A list of names inside a campaign article (网络赌博的形式：百家乐 / 六合彩 / 时时彩) is
    # the article's; one whose names carry link hooks or a domain is a planted link list.
    in_campaign = link_list and any(c.in_campaign for c in accepted)
    if in_campaign and not (domain or any(LINK_HOOK.search(c.word) for c in strong + phrases)):
        return None
    floods = [c for c in accepted if c.kind == "flood"]
    points = len(phrases) + lure + domain + bool(floods)
    if strong:
        # One strong word alone in a sentence of prose, with nothing else around it, is how news
        # mentions a 赌场 or 信用卡套现: a person looks (review). Planted spam comes with company —
        # more spam words, a lure, a domain, a flood — or as a short link-list segment.
        # A model run is a guess about words no list holds: alone it needs a confident score, and a
        # short segment (a link-list look) is no company for it.
        only = strong[0]
        lone = len(strong) == 1 and points == 0 and (
            not only.confident if only.kind == "model" else only.segment is None
        )
        score = SCORE_WEAK if lone else SCORE_STRONG
    elif phrases and points >= 3:
        score = SCORE_SHAPE
    elif (phrases and points >= 2) or (floods and lure):
        score = SCORE_WEAK
    else:
        return None
    if in_campaign:
        score = min(score, SCORE_WEAK)
    if link_list:
        kind = "link-farm"
    elif floods:
        kind = "emoji-flood"
    elif strong:
        kinds = [c.topic or c.kind for c in strong]
        kind = max(dict.fromkeys(kinds), key=kinds.count)  # the commonest; a tie goes to the first seen
    else:
        kind = "link-farm"
    listed_words = sorted((c for c in accepted if c.kind not in ("domain", "flood")), key=lambda c: c.start)
    words = [c.word for c in _distinct(listed_words)][:MAX_CUES]
    if domain:
        words.append("domain")
    words += [c.word for c in floods[:1]]
    return Injection(
        min(c.start for c in accepted), max(c.end for c in accepted), score, {"kind": kind, "cues": words, "urgent": True}
    )


def _distinct(cues: Iterable[Cue]) -> list[Cue]:
    """The first cue of each distinct word, in order."""
    seen: dict[str, Cue] = {}
    for cue in cues:
        seen.setdefault(cue.word, cue)
    return list(seen.values())


def find_injections(text: str, promoted: frozenset[str] = frozenset()) -> list[Injection]:
    """The injected-spam findings of one half-width block; `promoted`: the brand keys its page
    repeats (`recognizers.spam_model.repeated_brands`), read as planted brands here.

    >>> [(i.details["kind"], i.score) for i in find_injections("🔥🔥🔥🔥🔥🔥🔥🔥 首存送彩金，百家乐")]
    [('emoji-flood', 0.9)]
    """
    by_rules = rules_may_fire(text)
    hits = planted_brands(text, promoted)  # () without a hook
    if not (by_rules or hits):
        return []
    campaign = campaign_kinds(text)  # the whole block simplified once: only when there is a cue to judge
    cues = find_cues(text, campaign) if by_rules else []
    if hits:
        cues = sorted(merge_guesses(cues, model_cues(text, hits, campaign)), key=lambda cue: (cue.start, cue.end))
    return [injection for group in clusters(cues) if (injection := judge(group)) is not None]


def merge_guesses(known: list[Cue], guesses: list[Cue]) -> list[Cue]:
    """The rules' cues and the model's, a word counted once: a model hit over a word the rules
    know is that word's evidence again — except that a confident reading of the brand (kind
    ``model``) replaces a mere phrase of the rules there (金象娱乐app官网: a brand, not a phrase)."""

    def overlaps(a: Cue, b: Cue) -> bool:
        return a.start < b.end and b.start < a.end

    strong = [g for g in guesses if g.kind == "model" and not any(overlaps(g, c) and c.kind in STRONG_KINDS for c in known)]
    kept = [c for c in known if not (c.kind == "phrase" and any(overlaps(c, g) for g in strong))]
    weak = [g for g in guesses if g.kind == "phrase" and not any(overlaps(g, c) for c in known + strong)]
    return kept + strong + weak


def model_topic(word: str) -> str:
    """The spam kind a model run reads as, from its words (gambling unless it says otherwise).

    >>> model_topic("国产精品视频在线观看"), model_topic("乐鱼官方(中国)集团")
    ('porn', 'gambling')
    """
    if _PORN_WORDS.search(word):
        return "porn"
    return "fraud" if _FRAUD_WORDS.search(word) else "gambling"


# The words of a football-odds column, where bookmakers' names are the news (sports pages, lottery columns).
_ODDS_NEWS = regex.compile(r"赔率|初赔|[主客]胜|平赔|[让受]球|受注|盘口|[高低]水盘|凯利|凯比|赔付|(?<!正规|网络|网上|在线|十大|最大|靠谱|信誉)博彩公司|澳彩|欧赔|亚盘")


# The hundred commonest surnames (a rare one such as 国 in 英国威廉希尔 is no person), less 于,
# which is an everyday preposition (于金沙举办).
_COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)


def holds_stem(text: str, run: BrandHit) -> bool:
    """Whether the brand `run` read is, or holds, a betting-brand stem (永利, 永利总站ylzz55)."""
    return run.key in BRAND_STEM_KEYS or STEM.search(text, run.start, run.end) is not None


def after_surname(text: str, start: int) -> bool:
    """Whether a surname stands right before text[start:], so the brand stem there may be a
    given name (新华社记者 孟鼎博 摄, 王永利同志).

    >>> after_surname("记者孟鼎博摄", 3), after_surname("由永利集团主办", 1)
    (True, False)
    """
    before = to_simplified(text[start - 1 : start])
    return bool(before) and before in _COMMON_SURNAMES


def model_cues(text: str, hits: Sequence[BrandHit], campaign: frozenset[str] = frozenset()) -> list[Cue]:
    """The brands the hook model (`recognizers.spam_model.planted_brands`) reads as planted, as cues
    of kind ``model`` (or ``phrase`` below its threshold), with the warning flags every cue gets:
    one inside an anti-gambling article is no cue."""
    cues = []
    model = load_model()
    for run in hits:
        # digits masked: a run is page text, and a finding's cues go into every report
        word = _DIGIT.sub("*", to_simplified(text[run.start : run.end].strip()).lower())[:MODEL_WORD_CHARS]
        topic = model_topic(word)
        # A weak hit needs company, as a phrase does; a betting-brand stem over the weak threshold
        # is a brand read in brand-like context: alone in prose it goes to a person (review).
        strong = run.score >= model.threshold or (
            run.score >= model.weak_threshold and holds_stem(text, run) and not after_surname(text, run.start)
        )
        kind = "model" if strong else "phrase"
        cues.append(placed_cue(
            text, run.start, run.end, kind, word, topic, campaign,
            confident=run.score >= model.threshold + CONFIDENT_MARGIN, topic_bound=True,
        ))
    return cues


def page_injections(texts: Sequence[str]) -> dict[int, list[Injection]]:
    """The page-level reading of a page's half-width blocks `texts`: for each block holding a
    brand the page repeats (`repeated_brands`), its findings with that brand read as planted
    (index -> findings). Empty for nearly every page: a repeated brand-like word is rare."""
    promoted = repeated_brands(texts)
    if not promoted:
        return {}
    return {
        index: find_injections(text, promoted)
        for index, text in enumerate(texts)
        if any(hit.key in promoted for hit in block_hooks(text))
    }


def as_results(injections: Iterable[Injection], recognizer: str, identifier: str) -> list[RecognizerResult]:
    return [
        RecognizerResult(
            entity_type=ENTITY,
            start=injection.start,
            end=injection.end,
            score=injection.score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: recognizer,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: identifier,
                DETAILS_KEY: injection.details,
            },
        )
        for injection in injections
    ]


class InjectedContentRecognizer(ChineseRecognizer):
    """Clusters of spam cues in a block; one result per cluster (see the module docstring)."""

    ENTITIES = (ENTITY,)
    PATTERN = CUES
    TRIGGER = TRIGGER + "|" + MODEL_TRIGGER

    @staticmethod
    def wants(folded: str) -> bool:
        # One block in eight of ordinary prose has a hook (平台, 体育, 资料 …) and one in a hundred a
        # planted-brand reading: the model decides here, so the rest never reaches Presidio.
        return rules_may_fire(folded) or bool(planted_brands(folded))

    def analyze(self, text: str, entities, nlp_artifacts=None) -> list[RecognizerResult]:
        if entities and ENTITY not in entities:
            return []
        return as_results(find_injections(text), self.name, self.id)
