"""A model of planted brand names: is the word before this link hook a betting or porn brand?

Attackers rename their brands faster than any list is updated (开云 → 米乐M6 → 乐鱼官方 →
3344体育 → yy易游平台 …), but a planted brand nearly always comes with a *hook*: 官网, 官方,
(中国), app, 平台, 入口, 网址, 集团, 体育, 娱乐, 游戏大厅, 比分直播 … Ordinary pages use the same
hooks after ordinary words (学校官网, 国家智慧教育平台, 学习强国app, 教育集团, 学校体育). So the
model looks at each hook and what stands before it (six characters) and after it (two),
and asks which of the two it resembles.

It is a naive Bayes classifier over features of that window: the hook itself, the character
n-grams (1–3) to its left, the one to three characters right before it and the two after it,
and the left side's shape (Latin letters or digits glued to it: ``tyc8722太阳集团``, ``3344体育``).
Its log-odds table is trained by ``tools/train_spam.py`` on hooks inside the spam of real hacked
pages and generated link-farm text (spam) against hooks in news, real notices and the rest of
those pages (ordinary), and shipped as ``recognizers/data/spam_hooks.json``. Text is folded
first, keeping its length so offsets hold: half-width, lower case, traditional → simplified,
Latin letters → ``a`` and digits → ``0`` (a brand's letters say nothing, their place does),
punctuation → ``|``, emoji → ``☺``, URLs and e-mail addresses → ``~`` (the rules judge addresses).

Known betting-brand stems (``data/spam_brands.txt``: 金沙, 永利, 威尼斯 …) are hooks of their own,
for the hacked page whose brand took the school's name with no hook after it (金沙在工程楼举办…):
the model scores the stem with a few features of its own (`stem_features`).

The model proposes; `recognizers.injected_content` decides: its warning and campaign contexts
still apply, so an anti-gambling article that names the brands passes.

>>> [round(hit.score) > 0 for hit in planted_brands("欢迎访问开云(中国)官方网站，成功举办运动会")]
[True]
>>> planted_brands("请登录学校官方网站或国家中小学智慧教育平台查看。")
()
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import regex

from recognizers.textnorm import to_halfwidth, to_simplified, traditional_forms, widen_characters

MODEL_PATH = Path(__file__).with_name("data") / "spam_hooks.json"
STEMS_PATH = Path(__file__).with_name("data") / "spam_brands.txt"


def read_stems(path: Path = STEMS_PATH) -> tuple[str, ...]:
    """The betting-brand stems read as hooks of their own (one per line, # comments): longest first,
    so 贵宾会 is read before the hook 贵宾."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(sorted({line.lower() for line in lines if line}, key=lambda stem: (-len(stem), stem)))


BRAND_STEMS = read_stems()
BRAND_STEM_KEYS = _STEM_SET = frozenset(BRAND_STEMS)  # a stem's page-level key is the stem itself
_HAN_STEMS = [stem for stem in BRAND_STEMS if not stem.isascii()]
_LATIN_STEMS = [stem for stem in BRAND_STEMS if stem.isascii() and not stem.isdigit()]
_DIGIT_STEMS = [stem for stem in BRAND_STEMS if stem.isdigit()]  # 365: letters may touch it (365WM), digits not
# A stem is a hook in its own right (金沙在工程楼举办…): the model reads its context, both scripts.
def trie_pattern(words: list[str]) -> str:
    """An alternation of `words` grouped by their first characters (金(?:沙|年会)|威(?:尼斯|廉希尔)):
    at a position where no word starts, the regex engine fails after one character instead of
    trying every word (the stems cost the hook pass 2x as a flat alternation).

    >>> trie_pattern(["金沙", "金年会", "威尼斯"])
    '威尼斯|金(?:年会|沙)'
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    parts = []
    for first, rests in sorted(groups.items()):
        if len(rests) == 1:
            parts.append(regex.escape(first + rests[0]))
        else:
            # longest first, so the empty rest (a word that is a prefix of another) is tried last
            inner = trie_pattern([r for r in rests if r]) + ("|" if "" in rests else "")
            parts.append(regex.escape(first) + "(?:" + inner + ")")
    return "|".join(parts)


STEM_PATTERN = widen_characters(trie_pattern(_HAN_STEMS), traditional_forms("".join(_HAN_STEMS))) + (
    "|(?i:(?<![a-z])(?:" + trie_pattern(_LATIN_STEMS) + ")(?![a-z]))" if _LATIN_STEMS else ""
) + ("|(?<![0-9])(?:" + trie_pattern(_DIGIT_STEMS) + ")(?![0-9])" if _DIGIT_STEMS else "")
STEM = regex.compile(STEM_PATTERN)
_STEM_FIRST_CHARS = "".join(
    sorted({ch for stem in _HAN_STEMS for ch in stem[0] + traditional_forms(stem[0]).get(stem[0], "")}
           | {stem[0].upper() for stem in _LATIN_STEMS} | {stem[0] for stem in _DIGIT_STEMS})
)

# What a planted brand is joined to, in either script, on raw or half-width text. The recognizer's
# prefilter uses this very pattern, so only blocks with a hook reach the model.
# The look-ahead of first characters lets the regex engine skip to candidates: without it the
# alternation is tried at every position (10x slower on the throughput corpus).
HOOK_FIRST_CHARS = "官平网網入集体體娱娛(（登注註下手游遊大国國彩电電棋真视視首客比直资資总總品影城线線主贵貴aApP"
HOOK_PATTERN = (
    f"(?=[{regex.escape(HOOK_FIRST_CHARS + _STEM_FIRST_CHARS)}a-z])"
    f"(?:(?=[{regex.escape(_STEM_FIRST_CHARS)}a-z])(?:{STEM_PATTERN})|(?=[{regex.escape(HOOK_FIRST_CHARS)}a-z])"
) + "(?:" + (
    r"官[网網]|官方|(?i:(?<![a-z])ap[pk](?![a-z]))|平[台臺]|[网網][站址]|[网網][页頁]版?|入口|集[团團]|[体體]育|[娱娛][乐樂]|[(（]中[国國][)）]"
    r"|登[录陆錄陸]|[注註][册冊]|下[载載]|手[机機]版|[游遊][戏戲]|大[厅廳]|[国國][际際]|彩票|[电電][竞競]|棋牌|真人"
    r"|[视視][讯訊]|首[页頁]|客[户戶]端|比分|直播|[资資]料|[总總主]站|品牌|[电電]子|影院|城(?![市镇乡区鎮鄉區])|[线線]路|[贵貴]宾"
    # a lower-case code glued to a brand (太阳成集团tyc33455cc, 威尼斯vns12561): a link's stub
    # (not one ending in a digit stem, bat365: the stem is read there, with the letters glued to it)
    r"|(?<![a-zA-Z0-9])" + (f"(?![a-z]{{2,5}}(?:{trie_pattern(_DIGIT_STEMS)})(?![0-9]))" if _DIGIT_STEMS else "")
    + r"[a-z]{2,5}[0-9]{2,6}(?![a-zA-Z0-9])"
) + "))"
HOOK = regex.compile(HOOK_PATTERN)
LEFT, RIGHT = 6, 2
STEM_RIGHT = 7  # a brand stem's window reaches further right: its name slot (举办, 党委书记 …)
# What follows a school's name in its own news (folded: digits are 0), where a hacked page has the brand.
_NAME_SLOT = regex.compile(
    r"(?:[在于]?[\p{Han}]{0,3}?(?:举办|举行|召开|开展))|党委|党总支|党支部|团委|研究生会|学生会|校长|院长|书记|学子"
    r"|师生|教工|校区|本科|研究生|新生|毕业生|校歌|校训|社团|第[0一二三四五六七八九十]|0{2,4}[级届]|于0|委员会"
)
MIN_BRAND_CHARS = 2
# What stands before a hook when no brand does: a link's verbs alone (（登录网址：http://…）, 点击下载, 进入官网)
_NO_BRAND = regex.compile(r"(?:登录|登陆|下载|注册|进入|访问|点击|打开|浏览)+")
CODE_HOOK = "a0"  # how a code hook (tyc151) appears among the features
KEY_CHARS = 2  # of the brand before its hook, in a page-level key: 师生来888集团 and 888集团 are one brand
# A brand its page repeats (`repeated_brands`) reads REPEATED_MARGIN over the threshold: beyond doubt.
REPEATED_MARGIN = 10.0
PAIR_GAP = 40  # characters between a brand's two hooks (`paired_brands`)
_HAN = regex.compile(r"\p{Han}")

_DIGITS = regex.compile(r"[0-9]")
_LETTERS = regex.compile(r"[a-z]")
_EMOJI = regex.compile(r"(?![©®™])\p{Extended_Pictographic}|[\U0001F170-\U0001F1FF]")
_SPACE = regex.compile(r"\s")
_PUNCTUATION = regex.compile(r"[\p{P}\p{S}--[☺~]]", regex.V1)
# Addresses are judged by the rules (a non-official domain is support there), not by their letters:
# a school's http://jwc.xxx.edu.cn and a casino's kaiyun.com look alike to character n-grams.
_ADDRESS = regex.compile(
    r"(?i:(?:https?://|www\.)[\w./?=&%#:~+-]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[a-z0-9-]+(?:\.[a-z0-9-]+)+)"
)
_BREAK = "| \n~"  # where a brand's left edge stops
LINK_REACH = 80  # how far left of a hook an address that runs into it is looked for
_LINK_TAIL = regex.compile(r"(?i)(?:https?://|www\.)[a-z0-9./?=&%#:~+_-]*$")


@dataclass(frozen=True)
class HookModel:
    weights: dict[str, float]  # feature -> log P(feature | spam) - log P(feature | ordinary)
    prior: float  # log P(spam hook) - log P(ordinary hook)
    threshold: float  # a hook scoring this or more is a planted brand
    weak_threshold: float  # from here to the threshold, a weak cue that needs company
    # Page-level repetition (`repeated_brands`): a key read twice whose second reading reaches
    # `repeat_floor`, or read three times or more whose best reaches `repeat3_floor`, is a brand
    # the page repeats. Set by the training script just above what ordinary pages reach.
    repeat_floor: float = 0.0
    repeat3_floor: float = 0.0
    # A brand stem (BRAND_STEMS) read on two lines whose second reading reaches this is repeated.
    stem_floor: float = 99.0
    # A hook key read on two lines or more in a school's name slot, its best slotted reading here or over.
    slot_floor: float = 99.0


@dataclass(frozen=True)
class BrandHit:
    start: int  # the brand's first character (offsets into the caller's text)
    end: int  # the hook's end
    score: float  # log-odds that this is a planted brand
    key: str = ""  # the brand's last KEY_CHARS characters and its hook, folded: one brand's readings across a page share it


def fold(text: str) -> str:
    """The model's view of a short stretch of `text`, same length: half-width, lower case,
    simplified (where OpenCC keeps the length), addresses, letters, digits, emoji, punctuation
    and spaces folded.

    >>> fold("Ma門ＡＰＰ下載2088體育😀（中国）官网")
    'aa门aaa下载0000体育☺|中国|官网'
    """
    folded = to_halfwidth(text).lower()
    simplified = to_simplified(folded)
    if len(simplified) == len(folded):
        folded = simplified
    folded = _ADDRESS.sub(lambda m: "~" * len(m.group()), folded)
    folded = _DIGITS.sub("0", folded)
    folded = _LETTERS.sub("a", folded)
    folded = _EMOJI.sub("☺", folded)
    folded = _PUNCTUATION.sub("|", folded)
    return _SPACE.sub(" ", folded)


@dataclass(frozen=True)
class HookWindow:
    """One hook and the stretch around it, folded: the model sees nothing else of the block."""

    offset: int  # where `folded` starts in the text
    start: int  # the hook's span within `folded`
    end: int
    folded: str
    hook: str  # the hook as written, half-width, lower case, simplified (app, 官网, (中国), 金沙)
    stem: bool = False  # a brand stem (BRAND_STEMS): the brand itself, not a word after one


def hook_windows(text: str) -> Iterator[HookWindow]:
    """Every hook of `text`, with LEFT characters before it and RIGHT after, folded on its own:
    the whole block is never converted (OpenCC on a block costs more than reading it)."""
    for match in HOOK.finditer(text):
        start, end = match.span()
        first = max(0, start - LEFT)
        # a link that runs into the hook (http://t.cn/zH4S4xq下载): the window starts with the whole
        # address, so it is folded to ~ like every address (the rules judge addresses, not the model)
        if link := _LINK_TAIL.search(text, max(0, start - LINK_REACH), start):
            first = min(first, link.start())
        hook = to_simplified(to_halfwidth(match.group()).lower())
        stem = hook in _STEM_SET
        if not stem and _DIGITS.search(hook):  # a code: its shape is the feature, not its letters
            hook = CODE_HOOK
        yield HookWindow(first, start - first, end - first, fold(text[first : end + (STEM_RIGHT if stem else RIGHT)]), hook, stem)


def features(folded: str, start: int, end: int, hook: str) -> list[str]:
    """The features of the hook at folded[start:end] (`hook`: as written, simplified)."""
    left = folded[max(0, start - LEFT) : start]
    right = folded[end : end + RIGHT]
    found = ["H" + hook]
    for n in (1, 2, 3):
        found += ["L" + left[i : i + n] for i in range(len(left) - n + 1)]
        if len(left) >= n:
            found.append(f"N{n}" + left[-n:])
    found += ["R" + right[:1], "R" + right]
    edge = left[-1:] or "^"
    found.append("S" + ("a" if edge == "a" else "0" if edge == "0" else "|" if edge in _BREAK else "^" if edge == "^" else "h"))
    return found


def stem_features(folded: str, start: int, end: int, stem: str) -> list[str]:
    """The features of the brand stem at folded[start:end]: the stem itself, what touches it on
    either side, whether letters or digits are glued to it, and whether it stands in a school's
    name slot (what follows a school's name in its own news: 举办, 党委书记, 2021级, 于2021年 …).
    Few on purpose: a stem's own evidence must not drown in the ordinary words around it."""
    left, right = folded[max(0, start - 2) : start], folded[end : end + STEM_RIGHT]
    glued = ("a" if left[-1:] in ("a", "0") else "-") + ("a" if right[:1] in ("a", "0") else "-")
    slot = "s" if _NAME_SLOT.match(right) else "-"
    return ["T" + stem, "T*", "T<" + left[-1:], "T<<" + left, "T>" + right[:1], "T>>" + right[:2], "TG" + glued, "TS" + slot]


def window_features(window: HookWindow) -> list[str]:
    """The model's features of one hook window (a stem's or a hook's)."""
    if window.stem:
        return stem_features(window.folded, window.start, window.end, window.hook)
    return features(window.folded, window.start, window.end, window.hook)


# What names its own link on ordinary pages: a company its site (…股份有限公司官方网站), a platform account its
# login (QQ登录, 微信登录).
_ORDINARY_OWNER = regex.compile(r"(?:有限公司|股份公司|(?i:qq)|微信|微博|支付宝|钉钉)(?:官方|官网)?$")  # …公司官方 before 网站


def ordinary_owner(brand: str) -> bool:
    """Whether `brand` (as written, before a hook) is how ordinary pages name their own links: a
    company's site, a login with a platform account.

    >>> ordinary_owner("郑州兴邦电子股份有限公司"), ordinary_owner("有限公司官方"), ordinary_owner("QQ")
    (True, True, True)
    >>> ordinary_owner("PP"), ordinary_owner("星空")
    (False, False)
    """
    return _ORDINARY_OWNER.search(brand) is not None


def brand_start(folded: str, start: int) -> int:
    """Where the brand before the hook at `start` begins: after the last break within LEFT characters."""
    first = max(0, start - LEFT)
    for i in range(start - 1, first - 1, -1):
        if folded[i] in _BREAK:
            return i + 1
    return first


def glued_start(folded: str, start: int) -> int:
    """Where the letters and digits glued right before `start` begin (`start` when there are none)."""
    first = max(0, start - LEFT)
    while start > first and folded[start - 1] in "a0":
        start -= 1
    return start


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> HookModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return HookModel(
        data["weights"], float(data["prior"]), float(data["threshold"]), float(data["weak_threshold"]),
        float(data["repeat_floor"]), float(data["repeat3_floor"]), float(data.get("stem_floor", 99.0)),
        float(data.get("slot_floor", 99.0)),
    )


def hook_scores(text: str, model: HookModel) -> list[BrandHit]:
    """Every hook of `text` with a brand before it, and its score (the training script reads them all)."""
    weights = model.weights
    hits = []
    for window in hook_windows(text):
        if window.stem:  # the brand is the stem, with any letters or digits glued before it (5848vip威尼斯)
            first = glued_start(window.folded, window.start)
            key = window.hook
        else:
            first = brand_start(window.folded, window.start)
            if window.start - first < MIN_BRAND_CHARS:  # nothing stands before the hook (附件：下载, a lone 城)
                continue
            if _NO_BRAND.fullmatch(window.folded, first, window.start):  # （登录网址：http://…）: a link, no brand
                continue
            if ordinary_owner(text[window.offset + first : window.offset + window.start]):
                continue
            key = window.folded[max(first, window.start - KEY_CHARS) : window.start] + window.hook
        found = window_features(window)
        score = model.prior + sum(weights.get(f, 0.0) for f in found)
        hits.append(BrandHit(window.offset + first, window.offset + window.end, round(score, 3), key))
    return hits


@lru_cache(maxsize=256)  # the prefilter, the recognizer and the page pass read one block's hooks once
def block_hooks(text: str) -> tuple[BrandHit, ...]:
    """Every scored hook of the half-width block `text` (see `hook_scores`)."""
    return tuple(hook_scores(text, load_model()))


def paired_brands(hits: Iterable[BrandHit]) -> frozenset[str]:
    """The keys of a brand one stretch of text joins to two different hooks (杏运娱乐 -【杏运官方直营】,
    日博体育,日博注册): the link farm's way of naming a brand, its site and its app in a row. Both
    within PAIR_GAP characters, the brand's last two characters the same and Chinese (not the placeholder
    某某 of an anonymised decision: 某某公司官网、某某公司平台), one of the two
    readings leaning to a brand at all (log-odds over 0). Found on 26 of 242 train and 4 of 67 dev
    hacked pages, and on no line of the clean pages, real notices or corpora bench/eval_injected.py
    reads (with no floor at all: on one MSRA and one BDCI line, 天河体育…天河城).

    >>> sorted(paired_brands(block_hooks("杏运娱乐 -【杏运官方直营,品质如一】2019年田径运动会")))
    ['杏运娱乐', '杏运官方']
    >>> paired_brands(block_hooks("请登录学校官网，或关注学校微信平台。"))
    frozenset()
    """
    ordered = sorted(hits, key=lambda hit: hit.start)
    keys: set[str] = set()
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start - first.end > PAIR_GAP:
                break
            stem = first.key[:KEY_CHARS]
            if (second.start >= first.end and second.key[:KEY_CHARS] == stem and second.key != first.key
                    and _HAN.search(stem) and "某" not in stem and max(first.score, second.score) > 0):
                keys.update((first.key, second.key))
    return frozenset(keys)


def planted_brands(text: str, promoted: frozenset[str] = frozenset()) -> tuple[BrandHit, ...]:
    """The hooks of `text` the model reads as planted brands, adjacent ones merged (开云体育官网);
    from the weak threshold up (the caller compares a hit's score with `model.threshold`).
    A hit whose key is `promoted` (a brand the page repeats: `repeated_brands`) or that the
    block pairs with two hooks (`paired_brands`) scores REPEATED_SCORE over the threshold
    whatever its own reading."""
    model = load_model()
    hits = block_hooks(text)
    promoted = promoted | paired_brands(hits) if hits else promoted
    merged: list[BrandHit] = []
    for hit in hits:
        if hit.key in promoted:
            hit = replace(hit, score=max(hit.score, model.threshold + REPEATED_MARGIN))
        elif hit.score < model.weak_threshold:
            continue
        if merged and hit.start <= merged[-1].end:
            last = merged.pop()
            hit = BrandHit(min(last.start, hit.start), max(last.end, hit.end), max(last.score, hit.score), last.key)
        merged.append(hit)
    return tuple(merged)


def repeated_brands(texts: Iterable[str]) -> frozenset[str]:
    """The brands one page (its half-width blocks `texts`) names again and again with a hook.

    A hacked school page has the school's name replaced by a betting brand everywhere
    (``星空平台第27期青年党校开学典礼 … 星空平台党委书记 …``): each reading alone may be too
    weak to trust, but an ordinary page does not repeat a brand-like word before a hook on
    line after line. A key read on two lines or more with its second reading at the model's
    ``repeat_floor`` or more, or on three lines with its best at ``repeat3_floor`` or more and none
    of the three clearly ordinary, is a planted brand on this page. (One line naming a company twice is how news reads.)

    >>> sorted(repeated_brands(["晚，星空平台第27期青年党校开学典礼举行。", "星空平台党委书记出席。"]))
    ['星空平台']
    >>> repeated_brands(["请登录学校官网查询。", "详见学校官网。"])
    frozenset()
    """
    return repeated_keys(texts, load_model(), block_hooks)


def repeated_keys(texts: Iterable[str], model: HookModel, read: Callable[[str], Iterable[BrandHit]]) -> frozenset[str]:
    """The keys `model` reads as repeated brands on the page of blocks `texts` (`read`: a block's hits),
    but a key the page names as a registered company (兴邦电子股份有限公司 … 联系兴邦电子): a supplier's own
    page repeats its name as a hacked page repeats a brand."""
    texts = list(texts)
    repeated = [key for key, readings in line_readings(texts, read).items() if repeated_reading(key, readings, model)]
    return frozenset(key for key in repeated if not any(company_named(key, text) for text in texts))


_COMPANY_FORM = r"(?:科技|技术|实业|集团)?(?:股份)?有限(?:责任)?公司"


def company_named(key: str, text: str) -> bool:
    """Whether `text` names `key` as a company (the key, then 有限公司 or 股份有限公司 …).

    >>> company_named("兴邦电子", "欢迎访问郑州兴邦电子股份有限公司官方网站"), company_named("星空平台", "星空平台党委书记")
    (True, False)
    """
    # a key is folded (letters a, digits 0): one with letters or digits never matches the page's text, so
    # only a Chinese name can be excused this way
    return key in text and regex.search(regex.escape(key) + _COMPANY_FORM, text) is not None


SAME_STRETCH = 12  # characters either side of a hit that make two readings the same sentence


def line_readings(texts: Iterable[str], read: Callable[[str], Iterable[BrandHit]]) -> dict[str, list[tuple[float, bool]]]:
    """Each key's best reading per line of the blocks `texts` (`read`: a block's hits), best first,
    with whether it stands in a name slot on that line."""
    best: dict[str, dict[tuple[int, int], float]] = {}
    places: dict[str, list[tuple[tuple[int, int], str, int]]] = {}
    seen: dict[tuple[str, str], tuple[int, int]] = {}  # (key, its stretch of text) -> the line it was first read on
    for index, text in enumerate(texts):
        for hit in read(text):
            # a sentence the page says twice (a notice's summary, then its section) is one reading:
            # a planted brand stands in the school's name in ever new sentences
            stretch = text[max(0, hit.start - SAME_STRETCH) : hit.end + SAME_STRETCH]
            line = seen.setdefault((hit.key, stretch), (index, text.count("\n", 0, hit.start)))
            lines = best.setdefault(hit.key, {})
            lines[line] = max(lines.get(line, -99.0), hit.score)
            places.setdefault(hit.key, []).append((line, text, hit.end))
    readings = {}
    for key, lines in best.items():
        # the slot is read only for a key on two lines or more: the rest never repeat
        slotted = {line for line, text, end in places[key] if in_name_slot(text, end)} if len(lines) >= 2 else set()
        readings[key] = sorted(((score, line in slotted) for line, score in lines.items()), reverse=True)
    return readings


def in_name_slot(text: str, end: int) -> bool:
    """Whether text[end:] begins with what follows a school's name in its own news (党委书记, 举行, 第27期 …)."""
    return _NAME_SLOT.match(_DIGITS.sub("0", text[end : end + STEM_RIGHT])) is not None


def repeated_reading(key: str, readings: list[tuple[float, bool]], model: HookModel) -> bool:
    """Whether one key's readings on a page (one per line, best first) make it a repeated brand."""
    if len(readings) < 2:
        return False
    scores = [score for score, _ in readings]
    slotted = [score for score, slot in readings if slot]
    in_slots = len(slotted) >= 2 and slotted[0] >= model.slot_floor  # in the school's name slot on two lines
    if key in _STEM_SET:
        return scores[1] >= model.stem_floor or in_slots
    return (
        in_slots
        or scores[1] >= model.repeat_floor
        # three lines, the best far over the weak reading and none of the three clearly ordinary (as far
        # under zero as the weak threshold is over it): a page that names its own site in a heading
        # (二、登录迎新网站 16) and in prose (登录我校迎新网站 4, 出现的我校迎新网站 -14) is no hacked page
        or (len(scores) >= 3 and scores[0] >= model.repeat3_floor and scores[2] > -model.weak_threshold)
    )


def page_repeats(texts: Iterable[str], model: HookModel) -> tuple[float, float, float, float]:
    """On one page: the highest second reading of a hook key read on two lines or more, the
    highest best reading of one read on three lines or more, the highest second reading of a
    brand stem read on two lines or more, and the highest best slotted reading of a key in a
    name slot on two lines or more (-99 when none): what the training script keeps ordinary
    pages under."""
    readings = line_readings(texts, lambda text: hook_scores(text, model))
    hooks = [[s for s, _ in r] for key, r in readings.items() if len(r) >= 2 and key not in _STEM_SET]
    stems = [[s for s, _ in r] for key, r in readings.items() if len(r) >= 2 and key in _STEM_SET]
    slotted = [[s for s, slot in r if slot] for r in readings.values()]
    return (
        max((scores[1] for scores in hooks), default=-99.0),
        max((scores[0] for scores in hooks if len(scores) >= 3), default=-99.0),
        max((scores[1] for scores in stems), default=-99.0),
        max((scores[0] for scores in slotted if len(scores) >= 2), default=-99.0),
    )
