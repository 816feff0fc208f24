"""PERSON: the text rules for Chinese names that the statistical model does not see.

The name model (screening.engine.names_model) reads names from prose. Disclosures also hold
names where prose cues are missing: a 名单 line (张三、李四、王五), a cell under 姓名, a
name glued to an ID in a flattened table (张伟110101…), a name before 同学/老师/同志, after
当事人：. Those are recognised here by shape: a known surname (one or two characters)
plus a short given name, or a minority name joined by a middle dot (阿卜杜拉·买买提).
Masked names (张某, 李某某, 王*) are names too, reported as masked: they are the remedy.

The surname list is the 百家姓 (public domain) plus surnames common today that it lacks;
it decides whether a short run of characters can be a name at all, so a 名单 line of
places or subjects is not taken for people.

Roles (student, minor, official, contact, other) come from the words around a name;
`role_from_context` reads them (the engine passes the cell header and line).
"""

from __future__ import annotations

import regex

from recognizers.textnorm import simplify, to_simplified

COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "独孤", "端木", "南宫", "西门", "百里", "呼延", "轩辕", "太史", "申屠", "闻人", "赫连", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "仲孙", "钟离", "拓跋", "万俟", "司空", "左丘", "东郭", "南门", "羊舌", "微生", "梁丘", "第五", "巫马", "公良", "乐正", "漆雕", "壤驷", "谷梁", "段干", "司寇", "亓官", "鲜于", "闾丘", "子车", "颛孙", "公西", "夹谷", "东门", "西门"]
)
SINGLE_SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公闫覃付佘芦代佟么尉迟岳帅缑亢况郈有琴归海晋楚闾法"
    "汝鄢涂钦商牟佴伯赏墨哈谯笪年爱阳佟言福"
    # common today, not in the 百家姓 text (or in forms it lacks)
    # (ones that mostly start ordinary words — 信息, 过程, 来源, 区域 — are left out: a roster
    # column does not need the surname list, and a 名单 line should not match words)
    "肖兰候麦苟隋丛丘苑官南邝栗谌粟楼冼仝玉凡豆练朴漆卿敬邸鹿母亓岩赫辜鲜刀揭旷虎敖扎蹇"
)
# Characters that end a run as a place or organisation, not a person (中山大学, 岳阳楼).
NOT_A_PERSON_AFTER = regex.compile(
    r"^(?:大学|学院|中学|小学|学校|幼儿园|大道|路|街|巷|广场|公园|纪念馆|故居|陵|墓|奖|杯|楼|亭|阁(?!下)|寺|塔|桥|医院|"
    r"研究所|研究院|中心|基金|集团|公司|银行|(?:村|镇|乡|县|市|区|省)(?!长|委|民|干部)|山|湖|号|牌|体系|路线|文学|学奖)"
)
# Words in organisation names and job titles, never in a person's name: a run holding one is
# no 名单 of names (福建闽东电力股份有限公司副总经理), a model span holding one is no name.
ORGANISATION_WORDS = regex.compile(
    r"公司|有限|股份|集团|银行|大学|学院|中学|小学|医院|协会|中心|研究|政府|委员会|超市|地产|工程|机械|能源|电力|钢铁|"
    r"包装|金融|科技|实业|控股|投资|证券|经理|董事|总裁|主任|顾问|律师|会计|教授|局长|处长|科长|部长|书记|"
    r"共和国|人民|国家|联盟|主席|代表|委员|组织|联合|座谈|广播|文学|艺术|音乐|大会|会议|节目|奖|杯"
)
# Words a name-shaped run often is instead: titles, roles, subjects, common nouns.
NOT_NAMES = frozenset([
    # 全 + a unit (全班同学, 全处同志), 这/那 + a measure (那次老师): a group or a time, not a person
    "全班", "全校", "全处", "全国", "全市", "全县", "全省", "全区", "全院", "全系", "全组", "全科", "全局", "全厅", "全村",
    "全年级", "全乡", "全镇", "那次", "那位", "这位", "这次", "各班", "本班",
    "同学", "老师", "同志", "先生", "女士", "学生", "考生", "校长", "局长", "书记", "主任", "全体", "各位", "其他", "以上", "以下",
    "合计", "总计", "备注", "无", "王国", "金额", "金牌", "高中", "高校", "高级", "高等", "高考", "高分", "文件", "文化", "文明",
    "文学", "文章", "方面", "方案", "方式", "方法", "安全", "安排", "江南", "江北", "黄金", "白色", "万元", "于是", "于此", "周年",
    "周一", "周二", "周三", "周四", "周五", "周六", "周日", "周末", "时间", "时期", "常务", "常规", "明天", "明年", "明确", "平安",
    "平台", "平均", "和谐", "和平", "成绩", "成果", "成员", "成立", "程序", "任务", "任职", "任命", "钱款", "孙子", "李子", "朱红",
    "张贴", "章程", "马上", "方可", "向上", "向下", "于今", "石油", "石化", "林业", "林地", "田地", "田间", "洪水", "温度", "温馨",
    "武术", "武警", "宋体", "龙头", "华人", "华侨", "华北", "华东", "华南", "华中", "东方", "南方", "西方", "北方", "中方", "公开",
    "公示", "公布", "公告", "关于", "关注", "关键", "齐全", "齐心", "经费", "经济", "经验", "管理", "管辖", "谷物", "牛奶", "包括",
    "包含", "时任", "常州", "黄山", "杨浦", "邵阳", "郑州", "许可", "许昌", "何时", "何地", "陈列", "陈述", "杜绝", "严格", "严禁",
    "严肃", "吴江", "施工", "施行", "毛泽", "焦点", "焦作", "车辆", "车间", "路线", "连续", "连同", "余额", "余下", "叶片", "官方",
    "官网", "母亲", "母校", "南京", "南方", "南昌", "南宁", "练习", "敬请", "鲜花", "玉米", "楼房", "楼层", "虎年", "岩石", "蓝色",
    "蓝天", "金融", "金额", "安徽", "黄埔", "黄河", "黄海", "长江", "长城", "家长", "家庭", "家乡", "成长", "成才", "成为", "时代",
    "严重", "安置", "宁静", "程度", "向往", "高度",
    # form field labels a reading of a form line slides onto (学生家长邮箱：…)
    "邮箱", "邮编", "电邮", "传真", "手机", "学号", "性别", "民族", "籍贯", "住址", "班级", "单位", "职务", "职称", "年级",
])

# Characters a given name does not contain, though a cue-shaped run may (致公党的同志, 全党同志, 和领导同志).
NOT_IN_GIVEN_NAMES = frozenset("的了和与及们是在有这那各等党员部全体位个之领导官兵会")
# 王老师 is a form of address, not a name: the given name is unknown.
FORMS_OF_ADDRESS = frozenset(["老师", "同学", "同志", "先生", "女士", "教授", "校长", "主任", "书记", "局长", "处长", "科长", "院长", "老", "总", "工", "某", "某某", "家长", "师傅"])

_CJK = r"\p{Han}"
_SURNAME_ALTERNATION = "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "]"
_DOT = "[·•・．.]"
# A minority or transliterated name: 2+ segments of Han characters joined by a middle dot.
DOTTED_NAME = regex.compile(rf"{_CJK}{{1,8}}(?:{_DOT}{_CJK}{{1,8}}){{1,4}}")
# 某 also starts words (张某些 is 主张 + 某些): callers check what follows it in running text.
MASKED_NAME = regex.compile(rf"(?:{_SURNAME_ALTERNATION})(?:某某?|[*＊×xX○〇]{{1,3}})")
_HAN_2_TO_4 = regex.compile(rf"{_CJK}{{2,4}}")
_HAN_RUN = regex.compile(rf"{_CJK}+")
NAME_SHAPE = regex.compile(rf"(?:{_SURNAME_ALTERNATION}){_CJK}{{1,2}}")

# Role cues, searched in the simplified text around a name (nearest wins where it matters).
CONTACT_CUE = regex.compile(r"联系人|联络人|联系电话|联系方式|咨询电话|咨询人|经办人|受理人|监督电话|举报电话|投诉电话|办公电话|联\s*系\s*人")
OFFICIAL_CUE = regex.compile(
    r"校长|局长|厅长|部长|书记|主任|处长|科长|院长|所长|主席|委员|责任编辑|编辑|审核|签发|核稿|拟稿|校对|记者|通讯员|摄影|供稿|"
    r"教授|老师|教师|同志|代表|专家|评委|班主任|辅导员|领导|负责人|法定代表人"
)
STUDENT_CUE = regex.compile(r"同学|学生|考生|学员|本科生|研究生|毕业生|年级|班级|\d+班|[一二三四五六七八九十]班|少先队|队员|学号|学籍|录取")
MINOR_CUE = regex.compile(r"幼儿|小朋友|儿童|未成年|小学|初中|中学|中考|小升初|幼儿园|(?<!\d)(?:[1-9]|1[0-7])(?:周岁|岁)")

def simplified_for_names(text: str) -> str:
    """`text` in simplified characters, same length, surnames kept: OpenCC reads 沈 as the
    traditional form of 沉, which would turn 沈思远 into no name at all.

    >>> simplified_for_names("聯絡人：陳大文"), simplified_for_names("沈思远")
    ('联络人：陈大文', '沈思远')
    """
    simplified = simplify(text)  # whole blocks: uncached
    if simplified == text or len(simplified) != len(text):
        return text
    return "".join(original if original in SINGLE_SURNAMES else converted for original, converted in zip(text, simplified))


def is_surname_start(text: str) -> int:
    """Length of the surname `text` starts with (2 for 欧阳, 1 for 张), else 0.

    >>> is_surname_start("欧阳娜娜"), is_surname_start("张伟"), is_surname_start("的人")
    (2, 1, 0)
    """
    if text[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if text[:1] in SINGLE_SURNAMES else 0


def looks_like_name(text: str, known_surname: bool = True) -> bool:
    """Whether a whole cell or list item is shaped like a person's name. Under a 姓名 header
    the header vouches for it (`known_surname=False`): any 2-4 Han characters will do, so a
    rare surname missing from the list is still a name there.

    >>> [looks_like_name(s) for s in ("张伟", "欧阳小明", "古丽·艾力", "王*", "语文", "中山大学", "12")]
    [True, True, True, True, False, False, False]
    >>> looks_like_name("丌晓"), looks_like_name("丌晓", known_surname=False)
    (False, True)
    """
    text = text.strip()
    if not text or text in NOT_NAMES:
        return False
    if DOTTED_NAME.fullmatch(text):
        return len(text) <= 24
    if MASKED_NAME.fullmatch(text):
        return True
    if not known_surname:
        return _HAN_2_TO_4.fullmatch(text) is not None and text[1:] not in FORMS_OF_ADDRESS
    surname = is_surname_start(text)
    if not surname or not _HAN_RUN.fullmatch(text):
        return False
    given = text[surname:]
    return (
        1 <= len(given) <= 2
        and given not in FORMS_OF_ADDRESS
        and not NOT_A_PERSON_AFTER.match(given)
        and not any(ch in NOT_IN_GIVEN_NAMES for ch in given)
    )


def is_masked(text: str) -> bool:
    """Whether a name is written masked (the surname kept, the given name replaced).

    >>> is_masked("张某"), is_masked("李某某"), is_masked("王*"), is_masked("王五")
    (True, True, True, False)
    """
    return MASKED_NAME.fullmatch(text.strip()) is not None


LIST_SEPARATORS = regex.compile(r"[、，,；;\s]+")


# A two-character name padded to the width of three in an aligned list (张　伟、李　娜、王小明):
# one blank between two single characters that stand alone between the list's separators.
PADDED_NAME = regex.compile(r"(?<![^\s、，,；;：:])\p{Han}(?P<pad>[ \u3000\u00a0])\p{Han}(?![^\s、，,；;])")
_KEPT_PAD = "\ue000"  # a private-use stand-in for a padding blank while the line is split


def unpadded(item: str) -> str:
    """A list item as a name reads: a padded name's blank taken out (张　伟 → 张伟)."""
    return PADDED_NAME.sub(lambda m: m.group().replace(m.group("pad"), ""), item) if len(item) == 3 else item


def list_items(line: str) -> list[tuple[int, int]]:
    """Spans of the items of a 名单 line when at least three items and nearly all of them
    are name-shaped (a list of places or subjects is not a list of people). A padded
    two-character name (张　伟) is one item, its span holding the blank.

    >>> line = "张伟、欧阳娜娜、古丽·艾力、李娜"
    >>> [line[s:e] for s, e in list_items(line)]
    ['张伟', '欧阳娜娜', '古丽·艾力', '李娜']
    >>> line = "张　伟、李　娜、王小明、欧阳娜娜"
    >>> [line[s:e] for s, e in list_items(line)]
    ['张\u3000伟', '李\u3000娜', '王小明', '欧阳娜娜']
    >>> list_items("语文、数学、英语、物理")
    []
    """
    protected = PADDED_NAME.sub(lambda m: m.group().replace(m.group("pad"), _KEPT_PAD), line)
    spans = []
    position = 0
    for separator in LIST_SEPARATORS.finditer(protected):
        if separator.start() > position:
            spans.append((position, separator.start()))
        position = separator.end()
    if position < len(line):
        spans.append((position, len(line)))
    if len(spans) < 3 or len(line) > 8 * len(spans):  # clauses of prose, not names
        return []
    names = [(s, e) for s, e in spans if looks_like_name(unpadded(line[s:e]))]
    return names if len(names) >= max(3, 0.8 * len(spans)) else []


def _role_by_cue(text: str, official_first: bool = False) -> str | None:
    if official_first and OFFICIAL_CUE.search(text):
        return "official"
    if MINOR_CUE.search(text):
        return "minor"
    if STUDENT_CUE.search(text):
        return "student"
    return "official" if OFFICIAL_CUE.search(text) else None


def role_from_context(before: str, after: str, header: str | None = None) -> str:
    """The role a name plays, from the text before it on its line, a little after it and its
    column header. A contact line wins (联系人：张老师); then the words touching the name
    (王校长 → official even in a 中学's notice); then the header; then the nearby words.

    >>> role_from_context("联系人：", "老师，电话：0551-1234567")
    'contact'
    >>> role_from_context("市第一中学校长", "在开学典礼上说")
    'official'
    >>> role_from_context("", "同学以698分", None), role_from_context("", "", "幼儿姓名")
    ('student', 'minor')
    >>> role_from_context("", "，女，15岁，九年级学生")
    'minor'
    """
    before, after, header = to_simplified(before), to_simplified(after), to_simplified(header or "")
    if CONTACT_CUE.search(before) or CONTACT_CUE.search(header):
        return "contact"
    near = before[-12:] + "|" + after[:16]
    role = _role_by_cue(before[-4:] + "|" + after[:3], official_first=True) or _role_by_cue(header) or _role_by_cue(near) or "other"
    if role == "student" and MINOR_CUE.search(near):
        return "minor"  # 九年级学生刘晓雨同学…年仅15岁
    return role


# ---- names run together: 委员：李鹏乔石李瑞环彭真朱镕基 --------------------------------------
# A 名单 whose separators were lost (a PDF table flattened, a list typed without 、) is a run
# of names. It is cut by dynamic programming into chunks that each start with a surname and
# have a one- or two-character given name, preferring three-character names (the common
# length) and allowing a few characters to stay uncut; the caller accepts the cut only when
# it covers nearly all of a long run.
CHUNK_SCORES = {2: 1.7, 3: 2.9, 4: 3.9}  # per chunk length: 3 beats 2+1, 2+2+2 loses to 3+3
SKIP_SCORE = -0.6


# Inside a run already taken for a 名单, surnames that mostly start ordinary words elsewhere
# (区, 来, 门 …) count too, and only function words are barred from given names (谢后和, 许和震).
LIST_ONLY_SURNAMES = frozenset("区来门位原初修战达银占信过木")
NOT_IN_LISTED_GIVEN_NAMES = frozenset("的了们是在这那")


def _chunk_ok(chunk: str) -> bool:
    surname = 2 if chunk[:2] in COMPOUND_SURNAMES else 1 if chunk[:1] in SINGLE_SURNAMES or chunk[:1] in LIST_ONLY_SURNAMES else 0
    given = chunk[surname:]
    return (
        surname > 0
        and 1 <= len(given) <= 2
        and chunk not in NOT_NAMES
        and given not in FORMS_OF_ADDRESS
        and not any(ch in NOT_IN_LISTED_GIVEN_NAMES for ch in given)
    )


HINT_BONUS = 0.5  # a chunk the name model also read as one name


def segment_glued_names(run: str, hints: frozenset[tuple[int, int]] = frozenset()) -> list[tuple[int, int]]:
    """Spans of the names a run of Han characters is made of (characters left uncut are not
    covered). `hints` are spans (in `run`) the name model read as names: where two cuts are
    equally good, the model's reading decides (叶青/叶连松 rather than 叶青叶/连松).

    >>> run = "李鹏乔石李瑞环彭真朱镕基"
    >>> [run[s:e] for s, e in segment_glued_names(run)]
    ['李鹏', '乔石', '李瑞环', '彭真', '朱镕基']
    >>> run = "叶青叶连松"
    >>> [run[s:e] for s, e in segment_glued_names(run, frozenset({(0, 2)}))]
    ['叶青', '叶连松']
    """
    n = len(run)
    best: list[float] = [0.0] + [float("-inf")] * n
    back: list[int] = [0] * (n + 1)  # length of the last piece (0 = a skipped character)
    for end in range(1, n + 1):
        best[end], back[end] = best[end - 1] + SKIP_SCORE, 0
        for length, score in CHUNK_SCORES.items():
            if length <= end and _chunk_ok(run[end - length : end]):
                total = best[end - length] + score + (HINT_BONUS if (end - length, end) in hints else 0.0)
                if total > best[end]:
                    best[end], back[end] = total, length
    spans, end = [], n
    while end > 0:
        length = back[end]
        if length:
            spans.append((end - length, end))
            end -= length
        else:
            end -= 1
    return spans[::-1]
