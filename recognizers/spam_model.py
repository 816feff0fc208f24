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
[]
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from recognizers.textnorm import simplify, to_halfwidth

MODEL_PATH = Path(__file__).with_name("data") / "spam_hooks.json"

# On the plain text (half-width, lower case, simplified): what a planted brand is joined to.
HOOK = regex.compile(
    r"官网|官方|app|apk|平台|网站|网址|网页版?|入口|集团|体育|娱乐|\(中国\)|登[录陆]|注册|下载|手机版|游戏|大厅"
    r"|国际|彩票|电竞|棋牌|真人|视讯|首页|客户端|比分|直播|资料|总站|品牌|电子|影院|城(?![市镇乡区])"
)
LEFT, RIGHT = 6, 2
MIN_BRAND_CHARS = 2

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


@dataclass(frozen=True)
class BrandHit:
    start: int  # the brand's first character (offsets into the caller's text)
    end: int  # the hook's end
    score: float  # log-odds that this is a planted brand


def plain(text: str) -> str:
    """Half-width, lower case, simplified where OpenCC keeps the length; same length as `text`."""
    folded = to_halfwidth(text).lower()
    simplified = simplify(folded)
    return simplified if len(simplified) == len(folded) else folded


def fold(plain_text: str) -> str:
    """The model's view of `plain_text`, same length.

    >>> fold(plain("Ma門ＡＰＰ下載2088體育😀（中国）官网"))
    'aa门aaa下载0000体育☺|中国|官网'
    """
    folded = _ADDRESS.sub(lambda m: "~" * len(m.group()), plain_text)
    folded = _DIGITS.sub("0", folded)
    folded = _LETTERS.sub("a", folded)
    folded = _EMOJI.sub("☺", folded)
    folded = _PUNCTUATION.sub("|", folded)
    return _SPACE.sub(" ", folded)


def hooks(plain_text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of every hook in `plain_text`."""
    for match in HOOK.finditer(plain_text):
        yield match.span()


def features(folded: str, start: int, end: int, hook: str) -> list[str]:
    """The features of the hook at folded[start:end] (`hook`: its plain text)."""
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
    return HookModel(data["weights"], float(data["prior"]), float(data["threshold"]), float(data["weak_threshold"]))


def hook_scores(text: str, model: HookModel) -> list[BrandHit]:
    """Every hook of `text` with its score (the training script reads them all)."""
    plain_text = plain(text)
    folded = fold(plain_text)
    weights = model.weights
    hits = []
    for start, end in hooks(plain_text):
        first = brand_start(folded, start)
        if start - first < MIN_BRAND_CHARS:  # nothing stands before the hook (附件：下载, a lone 城)
            continue
        score = model.prior + sum(weights.get(f, 0.0) for f in features(folded, start, end, plain_text[start:end]))
        hits.append(BrandHit(first, end, round(score, 3)))
    return hits


def planted_brands(text: str, model: HookModel | None = None) -> list[BrandHit]:
    """The hooks of `text` the model reads as planted brands, adjacent ones merged (开云体育官网);
    from the weak threshold up (the caller compares a hit's score with `model.threshold`)."""
    model = model or load_model()
    merged: list[BrandHit] = []
    for hit in hook_scores(text, model):
        if hit.score < model.weak_threshold:
            continue
        if merged and hit.start <= merged[-1].end:
            last = merged.pop()
            hit = BrandHit(min(last.start, hit.start), max(last.end, hit.end), max(last.score, hit.score))
        merged.append(hit)
    return merged
