"""Word pools for the synthetic disclosure corpus (bench/corpus.py).

Kept apart from the generator so the generator reads as logic. Every pool is plain data: fictional
schools and organisations, common surnames and given-name characters (names are generated, never
taken from real people), and sentence templates modelled on the wording of real 政府信息公开 items
(通知, 公示, 行政处罚决定书, 统计公报). Slots in templates are ``{name}`` fields filled by the
generator; templates never contain personal values themselves.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    """A province the generated documents "come from": it sets region codes, phone area codes,
    文号 prefixes, ICP/公网安备 prefixes and postcodes, so one document stays internally consistent."""

    name: str
    short: str  # 皖, 京 … used in 文号 and ICP/公网安备 numbers
    code: str  # 2-digit province part of the administrative division code
    capital: str
    area_codes: tuple[str, ...]  # first one is the capital's
    postcode: str  # capital's postcode prefix (first 3 digits)
    gongan_region: str  # 6-digit district code used in 公网安备 numbers


PROVINCES: tuple[Province, ...] = (
    Province("安徽省", "皖", "34", "合肥市", ("0551", "0553", "0552", "0554", "0556"), "230", "340104"),
    Province("北京市", "京", "11", "北京市", ("010",), "100", "110105"),
    Province("广东省", "粤", "44", "广州市", ("020", "0755", "0756", "0757"), "510", "440106"),
    Province("浙江省", "浙", "33", "杭州市", ("0571", "0574", "0577"), "310", "330106"),
    Province("江苏省", "苏", "32", "南京市", ("025", "0512", "0510"), "210", "320106"),
    Province("四川省", "川", "51", "成都市", ("028", "0816"), "610", "510107"),
    Province("湖北省", "鄂", "42", "武汉市", ("027", "0710"), "430", "420106"),
    Province("河南省", "豫", "41", "郑州市", ("0371", "0379"), "450", "410105"),
    Province("山东省", "鲁", "37", "济南市", ("0531", "0532"), "250", "370102"),
    Province("陕西省", "陕", "61", "西安市", ("029",), "710", "610113"),
)

# Weight Anhui higher: the sample drafts and most fixtures are from an Anhui authority.
PROVINCE_WEIGHTS: tuple[int, ...] = (5, 2, 2, 2, 2, 1, 1, 1, 1, 1)

SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "欧阳", "司马", "诸葛",
)

GIVEN_CHARS: str = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩然子轩梓涵一诺欣怡"
    "雨桐佳琪思远博文俊杰晨曦嘉怡诗琪雅婷梦瑶天佑泽宇家豪志强海燕春梅晓东立新永刚德华丹阳"
)

SCHOOLS: tuple[tuple[str, str], ...] = (
    # (name, e-mail domain stem) — fictional institutions
    ("江淮师范学院", "jhnu"),
    ("皖中职业技术学院", "wzvtc"),
    ("东岳理工大学", "dyut"),
    ("南湖财经学院", "nhufe"),
    ("滨江医学院", "bjmc"),
    ("青山农林大学", "qsafu"),
    ("临川工程职业学院", "lcevc"),
    ("北辰外国语学院", "bcfsu"),
    ("云岭艺术学院", "ylart"),
    ("海西交通职业技术学院", "hxjt"),
)

LOCAL_SCHOOLS: tuple[str, ...] = (
    "第十二中学", "实验小学", "第一初级中学", "城南中学", "育才小学", "高新区实验学校", "第三中学",
    "师范附属小学", "外国语学校", "职业教育中心",
)

COLLEGES: tuple[str, ...] = (
    "文学院", "数学与统计学院", "物理与电子工程学院", "化学与材料学院", "计算机与信息学院",
    "经济与管理学院", "外国语学院", "教育科学学院", "艺术学院", "体育学院", "机械工程学院",
    "土木与建筑学院", "马克思主义学院", "护理学院", "生命科学学院",
)

MAJORS: tuple[str, ...] = (
    "汉语言文学", "数学与应用数学", "计算机科学与技术", "软件工程", "会计学", "财务管理",
    "英语", "学前教育", "小学教育", "临床医学", "护理学", "机械设计制造及其自动化", "土木工程",
    "视觉传达设计", "体育教育", "电子信息工程", "数据科学与大数据技术", "农学", "园林",
)

TRAINING_ORGS: tuple[str, ...] = (
    "启明星教育咨询有限公司", "博学堂文化艺术培训中心", "优才教育科技有限公司", "智慧树课外辅导中心",
    "新航道学科培训学校", "金太阳教育信息咨询有限公司", "书香门第培训学校",
)

SUPPLIERS: tuple[str, ...] = (
    "华信智慧教育科技有限公司", "皖新教学装备有限公司", "联创信息技术股份有限公司",
    "长江仪器设备有限公司", "星火文体用品有限公司", "同创网络工程有限公司", "立德家具制造有限公司",
)

ROADS: tuple[str, ...] = (
    "长江中路", "黄山路", "金寨路", "芜湖路", "人民路", "解放路", "建设大道", "文化路", "学府路",
    "和平路", "中山路", "望江西路", "繁华大道", "青年路", "幸福路",
)

BANKS: tuple[str, ...] = (
    "中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国邮政储蓄银行",
    "徽商银行", "农村商业银行",
)

TOPICS: tuple[str, ...] = (
    "普通高校毕业生就业创业", "学生资助", "义务教育招生入学", "中小学教师培训", "校园安全",
    "教育信息化", "职业教育产教融合", "教育督导评估", "学前教育普及普惠", "语言文字规范化",
    "学校食品安全", "中小学体育美育", "减轻义务教育阶段学生作业负担", "师德师风建设",
    "教育系统安全生产", "高校实验室安全", "民办教育规范管理", "校外培训机构监管",
    "家庭经济困难学生认定", "教育经费统计",
)

POLICIES: tuple[str, ...] = (
    "《学生资助资金管理办法》", "《中华人民共和国教育法》", "《中华人民共和国政府信息公开条例》",
    "《中华人民共和国民办教育促进法》", "《校外培训行政处罚暂行办法》", "《中小学教师继续教育规定》",
    "《普通高等学校学生管理规定》", "《国家教育考试违规处理办法》", "《义务教育法》",
    "《关于进一步加强学生资助信息公开工作的通知》",
)

GOALS: tuple[str, ...] = (
    "提升教育治理能力和水平", "推动教育高质量发展", "切实保障学生合法权益", "规范办学行为",
    "加强教师队伍建设", "促进教育公平", "健全学生资助体系", "防范化解重大风险",
    "深化教育领域综合改革", "办好人民满意的教育",
)

ACTIONS: tuple[str, ...] = (
    "开展专项检查", "组织集中培训", "启动年度评审", "开展自查自纠", "组织申报工作",
    "开展满意度测评", "实施督导评估", "组织经验交流", "推进试点工作", "开展数据核查",
)

# Prose sentence templates. Slots: {org} {city} {year} {date} {n} {m} {amount} {pct} {topic}
# {policy} {goal} {action} {docno} {school}. None of them produces a personal value.
SENTENCES: tuple[str, ...] = (
    "为深入贯彻落实{policy}，{goal}，经研究，决定于{date}起在全省范围内{action}。",
    "各地各校要高度重视{topic}工作，成立由主要负责同志牵头的工作专班，明确责任分工，确保各项任务落到实处。",
    "{year}年，全省共有各级各类学校{n}所，在校生{m}万人，专任教师{n}人，较上年增长{pct}。",
    "省级财政安排{topic}专项资金{amount}，其中中央资金{amount}，省级资金{amount}。",
    "请各单位于{date}前将有关材料报送{org}，逾期不再受理。",
    "根据{policy}和{docno}精神，结合我省实际，制定本实施方案。",
    "{city}教育局会同财政、人社等部门，对{topic}情况进行了全面梳理，共发现问题{n}个，已整改{n}个。",
    "本次{action}覆盖{n}个县（市、区），抽查学校{n}所，涉及学生{m}万人。",
    "各高校要将{topic}纳入年度工作要点，定期研究部署，每学期至少专题研究一次。",
    "{org}将适时组织督查，对工作不力、问题突出的单位予以通报。",
    "全年累计投入{amount}，完成校舍改造{n}平方米，新增学位{n}个。",
    "截至{date}，全省{topic}工作完成率达到{pct}，高于全国平均水平。",
    "请于{date}前登录{org}门户网站下载相关表格，填写后加盖公章报送。",
    "经费从{school}年度预算中列支，严格执行{policy}有关规定，专款专用。",
    "对在{topic}工作中表现突出的单位，{org}将予以通报表扬。",
    "{year}年第{n}次党组会议审议通过了《{topic}工作实施方案》，现印发给你们，请认真贯彻执行。",
    "各地要加强统筹协调，建立健全{topic}长效机制，确保{date}前完成全部任务。",
    "培训采取线上与线下相结合的方式进行，共{n}学时，考核合格者计入继续教育学分{n}分。",
    "全省普通高校毕业生{m}万人，截至{date}去向落实率为{pct}。",
    "会议指出，要坚持稳中求进工作总基调，以{topic}为抓手，{goal}。",
    "本通知自印发之日起施行，{docno}同时废止。",
    "项目资金实行国库集中支付，单笔支出超过{amount}的须经集体研究决定。",
    "各单位要严格落实信息公开审查制度，坚持先审后发、一事一审，严防泄露个人隐私。",
    "{org}共受理政府信息公开申请{n}件，办结{n}件，办结率{pct}。",
)

HEADINGS: tuple[str, ...] = (
    "总体要求", "工作目标", "主要任务", "实施步骤", "保障措施", "工作要求", "申报条件", "评审程序",
    "时间安排", "有关事项", "组织领导", "监督检查", "经费保障", "宣传引导",
)

CN_NUMERALS: tuple[str, ...] = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

ETHNICITIES: tuple[str, ...] = ("汉族", "汉族", "汉族", "汉族", "回族", "满族", "壮族", "土家族")

POSITIONS: tuple[str, ...] = (
    "副校长", "教务处处长", "国际交流处副处长", "教授", "副教授", "讲师", "科研处科长", "学院院长",
)

COUNTRIES: tuple[str, ...] = ("英国", "德国", "日本", "新加坡", "澳大利亚", "法国", "新西兰", "加拿大")

PERSONAL_MAIL_DOMAINS: tuple[str, ...] = ("163.com", "126.com", "qq.com", "sina.com", "foxmail.com")

PINYIN_SURNAMES: tuple[str, ...] = (
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma",
    "zhu", "hu", "guo", "he", "gao", "lin", "luo",
)

PINYIN_GIVEN: tuple[str, ...] = (
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie",
    "tao", "ming", "chao", "xia", "ping", "gang", "hua", "yu", "hao", "xin", "yi", "ting", "bo",
)

OFFICE_MAILBOXES: tuple[str, ...] = (
    "xxgk", "zsb", "xszz", "jwc", "rsc", "office", "xsc", "jxjy", "gjc", "bgs", "jyzx", "zzzx",
)
