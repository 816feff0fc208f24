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

from recognizers.textnorm import to_halfwidth, to_simplified

MODEL_PATH = Path(__file__).with_name("data") / "spam_hooks.json"

# What a planted brand is joined to, in either script, on raw or half-width text. The recognizer's
# prefilter uses this very pattern, so only blocks with a hook reach the model.
# The look-ahead of first characters lets the regex engine skip to candidates: without it the
# alternation is tried at every position (10x slower on the throughput corpus).
HOOK_FIRST_CHARS = "官平网網入集体體娱娛(（登注註下手游遊大国國彩电電棋真视視首客比直资資总總品影城线線主贵貴aApP"
HOOK_PATTERN = f"(?=[{regex.escape(HOOK_FIRST_CHARS)}a-z])(?:" + (
    r"官[网網]|官方|(?i:(?<![a-z])ap[pk](?![a-z]))|平[台臺]|[网網][站址]|[网網][页頁]版?|入口|集[团團]|[体體]育|[娱娛][乐樂]|[(（]中[国國][)）]"
    r"|登[录陆錄陸]|[注註][册冊]|下[载載]|手[机機]版|[游遊][戏戲]|大[厅廳]|[国國][际際]|彩票|[电電][竞競]|棋牌|真人"
    r"|[视視][讯訊]|首[页頁]|客[户戶]端|比分|直播|[资資]料|[总總主]站|品牌|[电電]子|影院|城(?![市镇乡区鎮鄉區])|[线線]路|[贵貴]宾"
    # a lower-case code glued to a brand (太阳成集团tyc33455cc, 威尼斯vns12561): a link's stub
    r"|(?<![a-zA-Z0-9])[a-z]{2,5}[0-9]{2,6}(?![a-zA-Z0-9])"
) + ")"
HOOK = regex.compile(HOOK_PATTERN)
LEFT, RIGHT = 6, 2
MIN_BRAND_CHARS = 2
CODE_HOOK = "a0"  # how a code hook (tyc151) appears among the features
KEY_CHARS = 2  # of the brand before its hook, in a page-level key: 师生来888集团 and 888集团 are one brand
# A brand its page repeats (`repeated_brands`) reads REPEATED_MARGIN over the threshold: beyond doubt.
REPEATED_MARGIN = 10.0

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
    hook: str  # the hook as written, half-width, lower case, simplified (app, 官网, (中国))


def hook_windows(text: str) -> Iterator[HookWindow]:
    """Every hook of `text`, with LEFT characters before it and RIGHT after, folded on its own:
    the whole block is never converted (OpenCC on a block costs more than reading it)."""
    for match in HOOK.finditer(text):
        start, end = match.span()
        first = max(0, start - LEFT)
        hook = to_simplified(to_halfwidth(match.group()).lower())
        if _DIGITS.search(hook):  # a code: its shape is the feature, not its letters
            hook = CODE_HOOK
        yield HookWindow(first, start - first, end - first, fold(text[first : end + RIGHT]), hook)


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


def brand_start(folded: str, start: int) -> int:
    """Where the brand before the hook at `start` begins: after the last break within LEFT characters."""
    first = max(0, start - LEFT)
    for i in range(start - 1, first - 1, -1):
        if folded[i] in _BREAK:
            return i + 1
    return first


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> HookModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return HookModel(
        data["weights"], float(data["prior"]), float(data["threshold"]), float(data["weak_threshold"]),
        float(data["repeat_floor"]), float(data["repeat3_floor"]),
    )


def hook_scores(text: str, model: HookModel) -> list[BrandHit]:
    """Every hook of `text` with a brand before it, and its score (the training script reads them all)."""
    weights = model.weights
    hits = []
    for window in hook_windows(text):
        first = brand_start(window.folded, window.start)
        if window.start - first < MIN_BRAND_CHARS:  # nothing stands before the hook (附件：下载, a lone 城)
            continue
        found = features(window.folded, window.start, window.end, window.hook)
        score = model.prior + sum(weights.get(f, 0.0) for f in found)
        key = window.folded[max(first, window.start - KEY_CHARS) : window.start] + window.hook
        hits.append(BrandHit(window.offset + first, window.offset + window.end, round(score, 3), key))
    return hits


@lru_cache(maxsize=256)  # the prefilter, the recognizer and the page pass read one block's hooks once
def block_hooks(text: str) -> tuple[BrandHit, ...]:
    """Every scored hook of the half-width block `text` (see `hook_scores`)."""
    return tuple(hook_scores(text, load_model()))


def planted_brands(text: str, promoted: frozenset[str] = frozenset()) -> tuple[BrandHit, ...]:
    """The hooks of `text` the model reads as planted brands, adjacent ones merged (开云体育官网);
    from the weak threshold up (the caller compares a hit's score with `model.threshold`).
    A hit whose key is `promoted` (a brand the page repeats: `repeated_brands`) scores
    REPEATED_SCORE over the threshold whatever its own reading."""
    model = load_model()
    merged: list[BrandHit] = []
    for hit in block_hooks(text):
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
    ``repeat_floor`` or more, or on three lines with its best at ``repeat3_floor`` or more, is a
    planted brand on this page. (One line naming a company twice is how news reads.)

    >>> sorted(repeated_brands(["晚，星空平台第27期青年党校开学典礼举行。", "星空平台党委书记出席。"]))
    ['星空平台']
    >>> repeated_brands(["请登录学校官网查询。", "详见学校官网。"])
    frozenset()
    """
    return repeated_keys(texts, load_model(), block_hooks)


def repeated_keys(texts: Iterable[str], model: HookModel, read: Callable[[str], Iterable[BrandHit]]) -> frozenset[str]:
    """The keys `model` reads as repeated brands on the page of blocks `texts` (`read`: a block's hits)."""
    return frozenset(key for key, scores in line_readings(texts, read).items() if repeated_reading(scores, model))


def line_readings(texts: Iterable[str], read: Callable[[str], Iterable[BrandHit]]) -> dict[str, list[float]]:
    """Each key's best reading per line of the blocks `texts` (`read`: a block's hits), best first."""
    best: dict[str, dict[tuple[int, int], float]] = {}
    for index, text in enumerate(texts):
        for hit in read(text):
            line = (index, text.count("\n", 0, hit.start))
            lines = best.setdefault(hit.key, {})
            lines[line] = max(lines.get(line, -99.0), hit.score)
    return {key: sorted(lines.values(), reverse=True) for key, lines in best.items()}


def repeated_reading(scores: list[float], model: HookModel) -> bool:
    """Whether one key's readings on a page (one per line, best first) make it a repeated brand."""
    return len(scores) >= 2 and (scores[1] >= model.repeat_floor or (len(scores) >= 3 and scores[0] >= model.repeat3_floor))


def page_repeats(texts: Iterable[str], model: HookModel) -> tuple[float, float]:
    """The highest second reading of a key read on two lines or more, and the highest best
    reading of a key read on three lines or more, on one page (-99 when none): what the
    training script keeps ordinary pages under."""
    ranked = [s for s in line_readings(texts, lambda text: hook_scores(text, model)).values() if len(s) >= 2]
    return (
        max((scores[1] for scores in ranked), default=-99.0),
        max((scores[0] for scores in ranked if len(scores) >= 3), default=-99.0),
    )
