"""INJECTED_CONTENT: gambling, pornography and fraud spam planted on published pages.

Every text here is generated for the test: the school, the news and the spam names are made up
(the betting brand names are the ones real link farms use, so the recognizer is tested on them).
"""

import pytest
import regex
from conftest import findings_of

import screening
from policies import load_policy
from recognizers.injected_content import TRIGGER
from recognizers.textnorm import to_simplified

SCHOOL_NEWS = (
    "我校举行2024年秋季田径运动会\n"
    "10月18日上午，我校第十二届秋季田径运动会在学校体育场隆重开幕。全校师生参加了开幕式，"
    "校长在讲话中勉励同学们积极锻炼身体，赛出风格、赛出水平。\n"
    "本次运动会共设田径项目24个，参赛学生800余人，历时两天。\n"
)
LINK_FARM = (
    "开云体育官网 | 米乐体育APP下载 | 九游娱乐平台注册\n"
    "澳门新葡京 | 百家乐 | 六合彩开奖 | 时时彩\n"
    "www.ky8888.com\n"
)


def injected(text: str, **kwargs):
    return findings_of(text, entity="INJECTED_CONTENT", **kwargs)


# ---- what is found ------------------------------------------------------------------------------

def test_a_link_farm_appended_to_school_news_blocks_the_page_as_urgent():
    text = SCHOOL_NEWS + LINK_FARM
    result = screening.scan_text(text)
    assert result.verdict == "block"
    [finding] = [f for f in result.findings if f.entity_type == "INJECTED_CONTENT"]
    assert (finding.action, finding.rule) == ("block", "SEC-INJECTED")
    assert finding.details["urgent"] is True
    assert finding.details["kind"] == "link-farm"
    assert {"开云体育官网", "百家乐", "澳门新葡京", "domain"} <= set(finding.details["cues"])
    # The finding covers the planted text, not the news above it.
    assert finding.start >= len(SCHOOL_NEWS) and finding.end <= len(text)


def test_the_preview_is_the_engines_masked_preview():
    [finding] = injected(SCHOOL_NEWS + LINK_FARM)
    value = (SCHOOL_NEWS + LINK_FARM)[finding.start : finding.end]
    assert "*" in finding.preview and "百家乐" not in finding.preview and finding.preview != value
    assert "百家乐" not in finding.message


def test_a_hidden_div_link_list_in_html_blocks():
    html = (
        '<html><head><meta charset="utf-8"><title>我校举行秋季运动会</title></head><body>'
        "<div class=\"article\"><h1>我校举行2024年秋季田径运动会</h1>"
        "<p>10月18日，我校第十二届秋季田径运动会在学校体育场隆重开幕，全校师生参加了开幕式。</p></div>"
        '<div style="display:none"><a href="http://ky8888.com">开云体育官网</a> '
        '<a href="http://ml99.com">米乐体育APP下载</a> <a href="#">澳门新葡京</a> <a href="#">百家乐</a></div>'
        "</body></html>"
    ).encode()
    result = screening.scan_bytes(html, "index.html")
    assert result.verdict == "block"
    [finding] = [f for f in result.findings if f.entity_type == "INJECTED_CONTENT"]
    assert (finding.action, finding.rule, finding.location.part) == ("block", "SEC-INJECTED", "hidden-text")
    assert finding.details["urgent"] is True


def test_the_same_html_without_the_hidden_div_passes():
    html = (
        '<html><head><meta charset="utf-8"></head><body><h1>我校举行2024年秋季田径运动会</h1>'
        "<p>10月18日，我校第十二届秋季田径运动会在学校体育场隆重开幕，全校师生参加了开幕式。</p>"
        '<p>详情请登录学校官网查询。<a href="/fj/1.docx">附件下载</a></p></body></html>'
    ).encode()
    assert not [f for f in screening.scan_bytes(html, "index.html").findings if f.entity_type == "INJECTED_CONTENT"]


def test_an_emoji_flood_with_spam_is_found():
    text = SCHOOL_NEWS + "🔥🔥💰💰🎰🎰🎲🎲🔥🔥 首存送彩金，娱乐城官网注册，日赚千元 🔥🔥💰💰🎰🎰🎲🎲\n"
    [finding] = injected(text)
    assert finding.details["kind"] == "emoji-flood" and finding.action == "block"
    assert any(cue.startswith("emoji×") for cue in finding.details["cues"])
    assert "彩金" in finding.details["cues"]
    assert any("娱乐城" in cue for cue in finding.details["cues"])  # a phrase, or the brand the model reads there


def test_an_emoji_flood_with_a_lure_only_goes_to_review():
    [finding] = injected("🔥🔥💰💰🎰🎰🎲🎲🔥🔥 首存送彩金 🔥🔥💰💰")
    assert (finding.details["kind"], finding.action, finding.rule) == ("emoji-flood", "review", "SEC-INJECTED")


@pytest.mark.parametrize(
    "text",
    [
        "🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉热烈祝贺我校合唱团荣获全省中小学生艺术展演一等奖！👏👏👏👏👏👏",
        "🎉🎉🎉🎉🎉🎉🎉🎉欢迎2024级新同学注册报到，请登录学校官网查看报到须知。🎈🎈🎈🎈🎈🎈🎈🎈",
    ],
)
def test_emoji_in_school_news_are_fine(text):
    assert injected(text) == []


def test_traditional_character_spam_is_found():
    text = "澳門新葡京 | 百家樂 | 真人荷官 | 六合彩開獎"
    [finding] = injected(text)
    assert finding.action == "block" and finding.details["urgent"] is True
    assert {"澳门新葡京", "百家乐", "真人荷官"} <= set(finding.details["cues"])


@pytest.mark.parametrize(
    "text, kind",
    [
        ("本站提供百家乐、真人荷官在线游戏，注册即送彩金。", "gambling"),
        ("最新色情视频在线观看，免费成人网站入口。", "porn"),
        ("某某无码高清视频在线观看,亚洲AV久久精品专区", "porn"),
        ("专业代孕，包成功，联系微信。", "fraud"),
        ("办证刻章，代开各类发票，联系电话见首页。", "fraud"),
        ("皇冠体育现金网，足球投注首选平台。", "gambling"),
    ],
)
def test_strong_terms_alone_block_with_their_kind(text, kind):
    [finding] = injected(text)
    assert (finding.details["kind"], finding.action, finding.score) == (kind, "block", 0.9)


@pytest.mark.parametrize(
    "text",
    [
        "据报道，信用卡违规套现的“灰色地带”有望在法律上得到更清晰的界定，相关司法解释正在起草。",
        "研学团参观了当地的历史建筑，导游介绍说这座老楼早年曾是一家赌场，如今已改为市民博物馆。",
    ],
)
def test_one_strong_word_in_a_news_sentence_goes_to_review_not_block(text):
    # Real news and travel prose mention such words in passing (measured on CLUENER dev and MSRA test);
    # a person decides, the page is not blocked as hacked.
    [finding] = injected(text)
    assert (finding.action, finding.score) == ("review", 0.6)


def test_one_strong_word_alone_on_its_own_line_still_blocks():
    [finding] = injected("学校新闻\n百家乐\n联系我们")
    assert finding.action == "block"


def test_three_spam_phrases_without_a_strong_term_block_as_a_link_farm():
    [finding] = injected("某某体育官网 | 某某娱乐城 | 某某彩票平台")
    assert (finding.details["kind"], finding.action) == ("link-farm", "block")
    assert finding.score < 0.9


def test_two_spam_phrases_alone_go_to_review():
    [finding] = injected("某某体育官网 | 某某娱乐平台")
    assert (finding.action, finding.rule) == ("review", "SEC-INJECTED")


# ---- what is not ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        # 彩票公益金 in budget and 资助 documents
        "2024年度体育彩票公益金资助项目绩效自评报告\n本年度使用体育彩票公益金120万元，用于学校体育设施建设。",
        "根据《彩票公益金管理办法》，现将2023年度本级彩票公益金使用情况公告如下：资助困难学生320人。",
        # 体育 in school life
        "各校要开齐开足体育课，认真组织体育中考，加强学校体育工作，确保学生每天校内体育活动时间不少于1小时。",
        "关于举办2024年全市中小学生体育节的通知，详情请登录市教育局官网查看。",
        # 注册, 下载, 官网
        "新生须于9月1日前完成学籍注册。研究生网上注册时间为8月25日至9月5日，未按时注册入学者视为放弃入学资格。",
        "附件下载：1.报名表.docx 2.推荐汇总表.xlsx\n请登录学校官网查询录取结果。",
        "欢迎访问学校官网 www.example-school.com ，或关注学校微信公众号。",
        # 娱乐
        "社区将组织丰富多彩的文化娱乐活动，严禁学生进入营业性娱乐场所。",
        # campaigns and warnings
        "我县开展打击网络赌博专项行动，严厉打击赌博违法犯罪活动，维护社会治安稳定。",
        "我校开展防范电信网络诈骗宣传活动，提醒师生警惕刷单返利、虚假投资理财、信用卡套现等骗局。",
        "防范电信网络诈骗宣传\n一、刷单返利\n二、虚假网络贷款\n三、冒充客服退款",
        "网络赌博的常见形式：\n百家乐\n六合彩\n时时彩\n请同学们提高警惕，远离赌博。",
        "警惕“网投”陷阱，远离百家乐等网络赌博，发现线索请及时举报。",
        "教育学生文明上网，不浏览色情网站，抵制低俗、暴力等不良信息。",
        "区文化市场综合执法大队联合公安部门开展扫黄打非专项行动，查处黄色网站3个。",
        "近日，某县人民法院依法审理一起开设赌场案，被告人张某被判处有期徒刑二年。",
        # one news story about one 赌博 case
        "某校学生李某因沉迷网络赌博欠下债务，在老师和家长帮助下走出困境。",
        # a geography lesson, and ordinary words that contain a cue's characters
        "澳门经济以博彩旅游业为主，旅游业是其支柱产业。",
        "请同学们打开云平台完成作业，周末注意安全。",
        "老年活动中心设有棋牌室、阅览室，社区棋牌活动深受居民欢迎。",
        "不动产登记中心办证大厅工作时间为工作日上午9:00至下午5:00。",
        "个人可向税务机关申请代开发票。",
        # a link's verb before its hook is no brand, even beside a non-official address
        "学生应在电脑上登录“超星网络教学平台”（登录网址：http://xyz.fanya.chaoxing.com/portal），检查课程。",
    ],
)
def test_ordinary_pages_pass(text):
    assert injected(text) == []


# ---- the prefilter and the policy ------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["学校体育工作", "文化娱乐活动", "学籍注册", "附件下载", "体育彩票公益金", "精彩纷呈", "成人高考", "办证大厅"],
)
def test_the_prefilter_skips_ordinary_words(text):
    assert regex.search(TRIGGER, text) is None


@pytest.mark.parametrize(
    "text",
    ["百家乐", "百家樂", "六合彩", "时时彩", "澳門新葡京", "开云体育", "米乐体育", "九游娱乐", "乐鱼体育", "皇冠体育", "博彩",
     "网投平台", "赌场", "棋牌平台", "足球投注", "色情视频", "成人网站", "约炮", "裸聊", "ＡＶ在线", "黄色网站", "代孕",
     "办证刻章", "办假证", "代开发票", "刷单", "套现", "体育官网", "体育ＡＰＰ", "娱乐城", "彩票平台", "彩金", "首存", "返水"],
)
def test_the_prefilter_lets_every_cue_through(text):
    assert regex.search(TRIGGER, text) is not None


def test_the_rule_example_is_found_by_its_rule():
    rule = load_policy("default").rule_by_id("SEC-INJECTED")
    assert rule.action == "block" and rule.review_below and rule.message_en and rule.basis_en and rule.remedy.instruction_en
    [finding] = injected(rule.example)
    assert (finding.rule, finding.action) == ("SEC-INJECTED", "block")


def test_the_strict_profile_finds_it_too():
    [finding] = injected(SCHOOL_NEWS + LINK_FARM, policy="strict")
    assert (finding.rule, finding.action) == ("SEC-INJECTED", "block")


# ---- brands no list holds: the hook model (recognizers/spam_model.py) ---------------------------
# Brand names invented here (星辰, 金象, 蓝鲸, 银狐): in no word list of the recognizer, nor in the
# model's generated training text; what gives them away is the hook and the shape around it.

@pytest.mark.parametrize(
    "text",
    [
        "学院新闻\n星辰8899体育(中国)官方网站成功举办第十届田径运动会",
        "喜报：金象娱乐app官网登录入口荣获全省大学生数学竞赛一等奖",
        "蓝鲸体育·(中国)官方网站-app下载入口召开2024年党委理论学习中心组会议",
    ],
)
def test_an_unknown_brand_with_a_link_hook_blocks_the_page(text):
    [finding] = injected(text)
    assert (finding.action, finding.rule) == ("block", "SEC-INJECTED")
    assert finding.details["cues"]  # the brand as read, digits masked
    assert not any(ch.isdigit() for cue in finding.details["cues"] for ch in cue)


@pytest.mark.parametrize(
    "text",
    [
        "请登录学校官方网站或国家中小学智慧教育平台查看。",
        "学校体育工作会议召开，教育集团各成员校参加。",
        "下载学习强国app，登录个人所得税app申报专项附加扣除。",
        "来源：市教育局 发布时间：2024-09-01",
        "我校学生在省大学生电子设计竞赛中获奖，相关视频已在学校官方微信发布。",
        "开展打击网络赌博专项行动，警惕“银狐娱乐app”等境外赌博平台。",
    ],
)
def test_ordinary_hooks_and_campaign_articles_are_not_read_as_brands(text):
    assert injected(text) == []


def test_held_out_hacked_pages_are_caught_far_more_often_than_by_the_word_lists():
    # bench/data/spam: real hacked pages (pseudonymised), split by site; the model never saw `test`.
    import json
    from pathlib import Path

    from bench.eval_injected import overlaps

    path = Path(__file__).resolve().parents[1] / "bench" / "data" / "spam" / "hacked.jsonl"
    pages = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    held_out = [page for page in pages if page["split"] == "test"]
    caught = sum(
        any(f.entity_type == "INJECTED_CONTENT" and overlaps(f, page["text"], page["spam"]) for f in screening.scan_text(page["text"]).findings)
        for page in held_out
    )
    assert len(held_out) >= 30
    assert caught / len(held_out) >= 0.42  # measured 0.473 (35/74); 0.405 without the page-level reading (bench/eval_injected.py)


# ---- a brand the page repeats: the page read as a whole ---------------------------------------
# The school's name replaced by an invented brand everywhere on the page (the commonest hack on
# real school pages): no block alone is beyond doubt, the repetition is.

def hacked_news(brand: str) -> str:
    return (
        f"11月20日晚，{brand}第27期青年党校开学典礼在尚雅楼隆重举行。\n\n"
        f"{brand}党委副书记出席典礼并讲话，勉励学员坚定理想信念。\n\n"
        f"典礼结束后，{brand}党校教师为学员讲授第一课。"
    )


@pytest.mark.parametrize("brand", ["银鲨平台", "金象娱乐城", "银狐集团"])
def test_a_brand_the_page_repeats_in_place_of_the_schools_name_blocks(brand):
    text = hacked_news(brand)
    found = injected(text)
    assert found and all(f.action == "block" for f in found)
    assert text[found[0].start :].startswith(brand)  # the finding starts at the brand, cut from what precedes it
    assert {cue for f in found for cue in f.details["cues"]} == {brand}


@pytest.mark.parametrize("brand", ["银鲨平台", "金象娱乐城", "银狐集团"])
def test_the_same_brand_once_is_not_enough_to_block(brand):
    text = hacked_news(brand).replace(f"{brand}党委", "学院党委").replace(f"{brand}党校", "学院党校")
    assert "block" not in [f.action for f in injected(text)]


@pytest.mark.parametrize(
    "text",
    [
        "鸿泰娱乐 -【鸿泰官方直营，品质如一】2024年秋季田径运动会开幕式在校田径场举行。",
        "会上，宣传部负责人解读了学院鼎盛体育,鼎盛注册庆祝建校70周年的活动安排。",
    ],
)
def test_a_brand_joined_to_two_hooks_in_a_row_is_planted(text):
    # each reading alone is ordinary or weak (鸿泰官方 1.6, 鼎盛注册 1.0): the pair is the link farm's
    found = injected(text)
    assert found and found[0].action == "block"


@pytest.mark.parametrize(
    "text",
    [
        "中国体育彩票公益金资助项目，中国国际教育展同期举行。",
        "学校体育工作会议召开，学校体育课和学校官网建设同步推进。",
    ],
)
def test_an_ordinary_word_before_two_hooks_is_no_pair(text):
    assert injected(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "请登录学校官网查询成绩。\n\n详见学校官网通知公告栏。\n\n学校官网将另行公布。",
        "学生登录国家中小学智慧教育平台学习。\n\n教师在国家中小学智慧教育平台备课。\n\n家长可通过国家中小学智慧教育平台查看。",
        "教育集团召开工作会议。\n\n教育集团各成员校校长参加。\n\n会议总结了教育集团一年来的工作。",
        # a school's own site, in a heading and twice in prose
        "一、报到须知\n二、登录迎新网站\n新生阅读完毕后，还需要登录我校迎新网站进行网上预报到。\n"
        "在出现的我校迎新网站页面中间“新生登录”栏目处进行登录。",
    ],
)
def test_an_ordinary_word_a_page_repeats_before_a_hook_is_no_brand(text):
    assert injected(text) == []


# ---- a betting-brand stem with no hook (recognizers/data/spam_brands.txt) -------------------------
# The school's name replaced by a known betting brand, with nothing after it that a link hook
# would catch: 金沙在工程楼举办…, 永利于12月26日… The stem is read in its context.

def stem_news(brand: str) -> str:
    return (
        f"4月7日，{brand}在工程楼B1区会议室举办社团会长座谈会。\n\n"
        f"{brand}党委副书记出席并讲话，勉励学生干部勇于担当。\n\n"
        f"会后，{brand}社团联合会发布了新学期工作计划。"
    )


@pytest.mark.parametrize("brand", ["金沙", "永利", "威尼斯", "尊龙凯时", "金年會"])
def test_a_betting_brand_in_place_of_the_schools_name_is_found_without_a_hook(brand):
    found = injected(stem_news(brand))
    assert found and all(f.action == "block" for f in found)
    simplified = to_simplified(brand)
    assert all(simplified in cue or cue in simplified for f in found for cue in f.details["cues"])


@pytest.mark.parametrize(
    "text",
    [
        "4月19日下午，英国威廉希尔公司在学院一楼报告厅举办了第九届教学质量奖评选比赛。",  # 国 is no person's surname here
        "根据《实验室开放实施细则》，永利总站ylzz55于2024年4月30日开展实验室常规安全检查。",  # a stem inside a hooked brand
    ],
)
def test_a_betting_brand_named_once_in_school_news_goes_to_a_person(text):
    assert [f.action for f in injected(text)] in (["review"], ["block"])


def test_a_brand_in_a_safety_notice_is_not_hidden_by_the_notices_own_warning_words():
    # 杜绝…安全事故 warns of accidents, not of the casino that replaced the school's name
    text = "为杜绝暑期实验室安全事故，7月11日下午，由3044am永利集团院长带队，开展了实验室安全检查。"
    assert injected(text)


@pytest.mark.parametrize(
    "text",
    [
        # a bookmaker in a football-odds column
        "威廉希尔初赔为3.80、3.25、1.80，同赔率下英超中战成平局；bet365则调低了主胜赔率。",
        "从赔率看，易胜博开出半球高水盘，下盘水位不断走低，伟德和立博都早早抬高主胜赔。",
        # a given name, a place, a travel page
        "新华社记者 孟鼎博 摄\n\n5月28日，皇家马德里队球员在比赛后庆祝球队夺冠。",
        "金沙江畔的学校举办了第十届运动会，全校师生参加。",
        "我校师生赴威尼斯参加双年展，与威尼斯大学师生交流。",
        # an anti-gambling notice that names the brands
        "警惕开云、金沙等网络赌博平台，切勿下载不明赌博软件，发现线索请及时举报。",
    ],
)
def test_a_brand_stem_in_ordinary_text_is_no_finding(text):
    assert injected(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "澳门博彩监察协调局公布，今年第二季各类博彩毛收入735.5亿澳门元，其中贵宾百家乐博彩毛收入346.2亿澳门元，按年跌15.6%。",
        "學院的博彩研究所多年來積極推動澳門的負責任博彩發展，合作單位包括銀河娛樂、永利等。",
    ],
)
def test_macau_gaming_industry_news_is_no_planted_spam(text):
    # the lawful industry as its press and universities discuss it: the casinos are the subject
    assert "block" not in [f.action for f in injected(text)]


def test_a_resort_named_once_in_a_travel_note_goes_to_a_person_at_most():
    # 威尼斯人 is also a Macau resort: a lone stem in prose is a review, never a block
    assert "block" not in [f.action for f in injected("下午前往威尼斯人参观，晚上回到酒店休息。")]


def test_an_obscene_phrase_spliced_into_news_is_found_even_beside_a_warning_word():
    text = "安徽开展为期半年涉疫药品等稳价保质专项行动男生干女生屄软件，中新网3月30日电"
    [finding] = injected(text)
    assert finding.details["kind"] == "porn" and finding.action in ("review", "block")
    assert injected("我校开展扫黄打非专项行动，净化校园网络环境。") == []


@pytest.mark.parametrize(
    "text",
    [
        "2021年3月19日，我校金沙城集团jsc62518cc在此次竞赛中喜获三等奖，成绩喜人。",
        "4月2日，学院党委书记带队赴威尼斯7798cc中美项目办公室调研。",
        "本次活动由葡京娱乐2046VIP协办，全体教师参加。",
    ],
)
def test_a_mirror_sites_code_glued_to_a_brand_is_caught_with_its_digits_masked(text):
    (finding,) = injected(text)
    assert finding.action in ("block", "review")
    assert not any(char.isdigit() for cue in finding.details["cues"] for char in cue)


@pytest.mark.parametrize(
    "text",
    ["学校通过ISO9001质量体系认证，执行GB50016规范。", "新款iPhone15pro与华为Mate60同时发布。", "请登录学校官网www.abc.edu.cn或拨打电话。"],
)
def test_model_numbers_and_school_domains_are_no_mirror_codes(text):
    assert injected(text) == []


@pytest.mark.parametrize("estate", ["凤凰英荟城", "凤凰锦绣城"])
def test_a_sentence_a_notice_says_twice_is_one_reading_of_its_words(estate):
    # a 学区 notice gives each school's catchment in its summary and again in the school's section:
    # a housing estate whose name reads like a brand (凤凰…城) is not a brand the page repeats
    sentence = f"学校学位在保障光明区长圳保障性住房({estate}、安居鸣鹿苑)小区住户子女需求外,剩余学位面向全区招生。"
    text = (f"各学校学区划分如下。位于凤凰街道的配套学校学区为:{sentence}\n一、实验学校同心小学\n学区为本街道。\n"
            f"二、长圳保障房配套学校\n学校位于凤凰街道甲子塘社区。学区为:{sentence}")
    assert "block" not in [f.action for f in injected(text)]
    # the same brand in two different sentences is still read as planted
    planted = text.replace(f"学校位于凤凰街道甲子塘社区。", f"{estate}党委书记出席开学典礼并讲话。")
    assert "block" in [f.action for f in injected(planted)]


@pytest.mark.parametrize(
    "text",
    [
        # the school's name replaced by a brand inside a drowning-safety notice: 预防 warns of drowning
        "每周召开一次预防溺水安全教育班会课，学习《乐鱼体育app防溺水指南》和《学校防溺水指南》。",
        # the advert's own qualifier makes 博彩公司 an advert, not a bookmaker in an odds column
        "由九游会官网_正规网络博彩公司@外国语学院两位老师指导，学生作品获一等奖。",
        # 菠菜 is the link farms' homophone of 博彩
        "本次活动由十大信誉菠菜担保平台主办，学院团委承办。",
        "此次活动进一步深化了正规赌足球的软件心理健康教育工作。",
    ],
)
def test_betting_words_planted_where_a_warning_or_an_odds_word_stands_are_found(text):
    assert injected(text)


@pytest.mark.parametrize(
    "text",
    [
        "食堂本周菜谱：菠菜炒鸡蛋、番茄蛋汤、清炒菠菜。",
        "博彩公司的赔率显示主队占优，威廉希尔初赔为1.80。",
        "警惕乐鱼体育app等网络赌博平台，切勿下载，发现线索请及时举报。",
        "严厉打击赌球，多名涉赌人员被依法处理。",
    ],
)
def test_spinach_odds_columns_and_campaigns_stay_clean(text):
    assert injected(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "狠狠色综合网站久久久久高清_国产精品成人免费久久_亚洲国产精品成人久久\n\n科技之光耀濠江——回归20年记事",
        "足球竞彩app排名召开学术茶话会",
        "大奶主播召开了“十四五”规划编制工作推进会。",
    ],
)
def test_porn_chain_and_lottery_app_words_are_found(text):
    assert injected(text)


@pytest.mark.parametrize(
    "text",
    ["今年体彩竞彩销量同比增长，公益金用于青少年体育。", "学校举行一区二区联片教研活动。", "他当年高中探花，位列一甲第三名。",
     "奶奶带着孙子参加了社区大奶牛养殖技术培训。"],
)
def test_lottery_news_districts_and_history_stay_clean(text):
    assert injected(text) == []


@pytest.mark.parametrize("text", ["澳门正版资料免费公开，学院召开教学工作会议。", "香港本港台现场报码，我校举行秋季运动会。", "今晚一肖一码，学院召开党委会。"])
def test_mark_six_tipsters_words_are_found(text):
    assert injected(text)


@pytest.mark.parametrize("text", ["肖一鸣同学获一等奖。", "学校编印正版资料供学生使用，严禁盗版。", "中国福利彩票双色球开奖直播今晚进行。"])
def test_a_surname_textbooks_and_lottery_draws_stay_clean(text):
    assert injected(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a company's own site, its name said on line after line (as a school's supplier's page is)
        "欢迎您访问郑州华辰电子股份有限公司官方网站!\n阿里巴巴诚信通企业\n全国咨询热线:40000-12345\n华辰电子,中国水控机第一品牌"
        "\n\n联系华辰电子\n\n全国咨询热线:40000-12345\n\n工厂:河南省郑州市高新区莲花街电子电器产业园\n\n"
        "“新”上人 |入学指南第九弹:一卡通还不会用?这次带你玩转校园卡!\n\nwww.huachen-card.com",
        # a forum page's login links
        "510房产论坛\n\n 找回密码\n 注册\n\nQQ登录\n\n只需一步,快速开始\n\n微信登录\n\n[综合类] 一名中学老师被教育局停职",
    ],
)
def test_a_companys_own_site_and_platform_logins_do_not_block(text):
    # the company's name on every line, with its domain, may still go to a person; it never blocks
    assert "block" not in [f.action for f in injected(text)]
    assert not [f for f in injected(text) if "有限公司" in f.details["cues"][0] or "qq" in f.details["cues"][0]]


def test_a_slot_brand_before_electronics_is_still_read():
    text = hacked_news("PG电子")
    assert "block" in [f.action for f in injected(text)]
