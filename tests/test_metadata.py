"""Document metadata for sweeps (publish date, publisher, 公示期) and the owners file (谁公开、谁清理).

All people, numbers and offices here are generated; 某某 stands for a place.
"""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest

from screening.engine.metadata import (
    DocumentMetadata,
    extract_metadata,
    parse_date,
    working_days_end,
)
from screening.sweeps.owners import Owner, OwnerMap, OwnersFileError

D = datetime.date

NEWS_PAGE = """首页 > 通知公告 > 正文
关于2024年秋季学期普通高中国家助学金拟资助学生名单的公示
来源：某某市教育局  发布时间：2024-09-02 10:30  浏览次数：128  【字号：大 中 小】
根据有关规定，经学生申请、学校评审，现将拟资助学生名单予以公示。
公示期为5个工作日。公示期间如有异议，请与学生资助管理中心联系（联系电话：0000-00000000）。
"""

ROSTER = """2024年秋季学期国家助学金拟资助学生名单
序号\t姓名\t性别\t出生日期\t班级\t资助档次
1\t王一鸣\t男\t2010-01-05\t七(1)班\t一档
2\t李思涵\t女\t2009年12月3日\t七(2)班\t二档
3\t赵子轩\t男\t2010.03.17\t七(3)班\t一档
出生年月：2010.03
"""

OFFICIAL_DOCUMENT_TAIL = """三、工作要求
各学校要高度重视，按时完成有关工作。

附件：1.某某县2024年义务教育招生工作日程安排

某某县教育局
二〇二四年三月十五日
"""


def workdays_from(start: datetime.date, count: int) -> list[datetime.date]:
    """The first `count` working days from `start`, straight from the package (the test's own oracle)."""
    days, day = [], start
    while len(days) < count:
        if chinese_calendar.is_workday(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


# --- publish date ------------------------------------------------------------------------------------


def test_news_page_info_line_gives_date_and_publisher():
    meta = extract_metadata(NEWS_PAGE, NEWS_PAGE[-3000:], [], "https://www.example.gov.cn/zwgk/tzgg/index_1.html")
    assert meta.published == D(2024, 9, 2)
    assert meta.published_evidence == "发布时间：2024-09-02"
    assert meta.publisher == "某某市教育局"
    assert meta.publisher_evidence == "来源（文中）"


@pytest.mark.parametrize(
    "line, evidence",
    [
        ("发布日期：2024-09-02", "发布日期：2024-09-02"),
        ("发布时间: 2024/9/2 08:00:00", "发布时间：2024-09-02"),
        ("成文日期：2024年9月2日", "成文日期：2024-09-02"),
        ("发文日期：2024.09.02", "发文日期：2024-09-02"),
        ("印发日期：二〇二四年九月二日", "印发日期：2024-09-02"),
        ("公文生成日期：2024-09-02", "公文生成日期：2024-09-02"),
        ("日期：２０２４年９月２日", "日期：2024-09-02"),
        ("【发布时间：2024-09-02】", "发布时间：2024-09-02"),
        ("信息发布时间：2024-09-02 10:30", "发布时间：2024-09-02"),
    ],
)
def test_labelled_dates(line, evidence):
    meta = extract_metadata(f"标题\n{line}\n正文", "", [], "a.html")
    assert (meta.published, meta.published_evidence) == (D(2024, 9, 2), evidence)


def test_publication_label_is_preferred_to_signing_label_and_bare_date():
    opening = "索引号：000000000/2024-00012\n日期：2024-08-20\n成文日期：2024-08-28\n发布日期：2024-09-02\n"
    assert extract_metadata(opening, "", [], "a.html").published == D(2024, 9, 2)
    assert extract_metadata(opening.replace("发布日期", "说明"), "", [], "a.html").published == D(2024, 8, 28)


def test_roster_birth_dates_never_become_the_publish_date():
    meta = extract_metadata(ROSTER, ROSTER, [], "zzgz/名单.xlsx")
    assert meta.published is None and meta.published_evidence is None
    assert meta.notice_evidence is None


def test_roster_falls_back_to_file_time_and_says_it_is_weak():
    meta = extract_metadata(ROSTER, ROSTER, [], "zzgz/名单.xlsx", file_mtime=datetime.datetime(2024, 9, 3, 8, 15))
    assert meta.published == D(2024, 9, 3)
    assert meta.published_evidence.startswith("文件修改时间") and "最弱" in meta.published_evidence


@pytest.mark.parametrize(
    "text",
    [
        "报名截止日期：2024年10月10日\n请按时报名。",
        "证书有效期至2025年8月31日。有效日期：2025-08-31",
        "出生日期：2010-01-05\n出生年月：2010年1月",
        "成绩发布时间：2024年7月25日",
    ],
)
def test_dates_in_other_roles_are_ignored(text):
    meta = extract_metadata(text, text, [], "a.docx")
    assert (meta.published, meta.notice_start, meta.notice_end) == (None, None, None)


def test_meta_lines_give_date_and_organisation_but_not_a_person():
    lines = [
        "ArticleTitle: 关于拟资助学生名单的公示",
        "PubDate: 2024-09-02 10:30",
        "author: 王一鸣",
        "ContentSource: 某某市教育局",
        "SiteName: 某某市教育局门户网站",
    ]
    meta = extract_metadata("关于拟资助学生名单的公示\n正文", "", lines, "https://www.example.gov.cn/art.html")
    assert (meta.published, meta.published_evidence) == (D(2024, 9, 2), "meta PubDate")
    assert (meta.publisher, meta.publisher_evidence) == ("某某市教育局", "meta ContentSource")


@pytest.mark.parametrize(
    "line, evidence",
    [
        ("publishdate: 2024-09-02", "meta publishdate"),
        ("firstpublishedtime: 2024-09-02-10:30:00", "meta firstpublishedtime"),
        ("article:published_time: 2024-09-02T10:30:00+08:00", "meta article:published_time"),
        ("dc.date: 2024/09/02", "meta dc.date"),
    ],
)
def test_other_cms_meta_dates(line, evidence):
    meta = extract_metadata("", "", [line], "a.html")
    assert (meta.published, meta.published_evidence) == (D(2024, 9, 2), evidence)


def test_person_as_document_author_is_not_a_publisher():
    meta = extract_metadata("正文", "", ["author: 李思涵", "last_modified_by: Administrator", "title: 名单"], "a.docx")
    assert meta.publisher is None


def test_official_document_signature_date_in_chinese_numerals():
    meta = extract_metadata("某某县教育局关于做好2024年义务教育招生工作的通知\n各学校：", OFFICIAL_DOCUMENT_TAIL, [], "tzgg/通知.docx")
    assert (meta.published, meta.published_evidence) == (D(2024, 3, 15), "成文日期（文末）")
    assert (meta.publisher, meta.publisher_evidence) == ("某某县教育局", "落款（文末）")


def test_signature_with_seal_note_joint_offices_and_print_line():
    tail = "特此通知。\n\n某某县教育局  某某县财政局\n（盖章）\n2024年3月15日\n\n抄送：某某市教育局。\n某某县教育局办公室  2024年3月16日印发\n"
    meta = extract_metadata("", tail, [], "a.pdf")
    assert (meta.published, meta.published_evidence, meta.publisher) == (D(2024, 3, 15), "成文日期（文末）", "某某县教育局")
    only_print_line = extract_metadata("", "抄送：某某市教育局。\n某某县教育局办公室  2024年3月16日印发", [], "a.pdf")
    assert (only_print_line.published, only_print_line.published_evidence) == (D(2024, 3, 16), "印发日期（版记）")


def test_a_lone_date_after_a_person_is_not_a_signature():
    meta = extract_metadata("", "联系人：王一鸣老师\n2024年3月15日", [], "a.docx")
    assert meta.published is None


@pytest.mark.parametrize(
    "name, published, evidence",
    [
        ("https://www.example.gov.cn/zwgk/202409/t20240902_123456.html", D(2024, 9, 2), "path t20240902"),
        ("https://www.example.gov.cn/art/2024/9/2/art_1229_1.html?from=list", D(2024, 9, 2), "path /2024/9/2"),
        ("xxgk/2024/09/02/index.html", D(2024, 9, 2), "path /2024/09/02"),
        ("D:\\公开\\资助名单20240902.xlsx", D(2024, 9, 2), "path 20240902"),
        ("xxgk/资助名单20241350.xlsx", None, None),  # month 13
        ("xxgk/19850101.doc", None, None),  # before 1990
        ("xxgk/20990101.doc", None, None),  # far in the future
        ("https://www.example.gov.cn/art.html?d=20240902", None, None),  # the query is not the path
    ],
)
def test_dates_in_paths_and_urls(name, published, evidence):
    meta = extract_metadata("正文", "", [], name)
    assert (meta.published, meta.published_evidence) == (published, evidence)


def test_order_of_trust():
    text, meta_lines = "发布日期：2024-09-05\n正文", ["PubDate: 2024-09-04"]
    tail, url = "某某县教育局\n2024年9月3日", "https://www.example.gov.cn/zwgk/202409/t20240902_1.html"
    mtime = datetime.datetime(2024, 9, 1, 12, 0)
    assert extract_metadata(text, tail, meta_lines, url, file_mtime=mtime).published == D(2024, 9, 5)
    assert extract_metadata("正文", tail, meta_lines, url, file_mtime=mtime).published == D(2024, 9, 4)
    assert extract_metadata("正文", tail, [], url, file_mtime=mtime).published == D(2024, 9, 3)
    assert extract_metadata("正文", "", [], url, file_mtime=mtime).published == D(2024, 9, 2)
    assert extract_metadata("正文", "", [], "a.html", file_mtime=mtime).published == D(2024, 9, 1)


@pytest.mark.parametrize(
    "text, date",
    [
        ("2024-09-02", D(2024, 9, 2)),
        ("2024/9/2 10:30", D(2024, 9, 2)),
        ("2024.09.02", D(2024, 9, 2)),
        ("2024年9月2日", D(2024, 9, 2)),
        ("2024年09月02号", D(2024, 9, 2)),
        ("二〇二四年九月二日", D(2024, 9, 2)),
        ("二○二四年十二月三十一日", D(2024, 12, 31)),
        ("二〇二四年元月二十日", D(2024, 1, 20)),
        ("２０２４－０９－０２", D(2024, 9, 2)),
        ("2024-13-02", None),
        ("2024年2月30日", None),
    ],
)
def test_parse_date_formats(text, date):
    assert parse_date(text) == date


# --- publisher ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, publisher, label",
    [
        ("来源：某某市教育局发布时间：2024-09-02", "某某市教育局", "来源"),
        ("信息来源：某某区教育体育局 作者：王一鸣", "某某区教育体育局", "信息来源"),
        ("发布机构：某某市教育局\t生成日期：2024-09-01", "某某市教育局", "发布机构"),
        ("责任科室：学生资助科", "学生资助科", "责任科室"),
        ("主办单位：某某大学党政办公室", "某某大学党政办公室", "主办单位"),
        ("文章来源：某某市第一中学", "某某市第一中学", "文章来源"),
    ],
)
def test_labelled_publishers(line, publisher, label):
    meta = extract_metadata(f"标题\n{line}\n正文", "", [], "a.html")
    assert (meta.publisher, meta.publisher_evidence) == (publisher, f"{label}（文中）")


@pytest.mark.parametrize("line", ["来源：王一鸣", "来源：本站", "资金来源：中央财政", "来源：0000-00000000"])
def test_no_publisher_from_a_person_or_other_sources(line):
    assert extract_metadata(line, "", [], "a.html").publisher is None


# --- 公示 period -------------------------------------------------------------------------------------


def test_aid_notice_five_working_days_across_national_day_2024():
    text = NEWS_PAGE.replace("2024-09-02 10:30", "2024-09-27 17:30")
    meta = extract_metadata(text, "", [], "a.html")
    expected = workdays_from(D(2024, 9, 27), 5)
    assert expected == [D(2024, 9, 27), D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8), D(2024, 10, 9)]
    assert (meta.notice_start, meta.notice_end) == (D(2024, 9, 27), expected[-1])
    assert meta.notice_evidence == "公示期：5个工作日（自发布日期起算）"


def test_stated_start_beats_publish_date_for_a_duration():
    text = "发布日期：2024-09-20\n公示时间自2024年9月27日起5个工作日。"
    meta = extract_metadata(text, "", [], "a.html")
    assert (meta.notice_start, meta.notice_end) == (D(2024, 9, 27), D(2024, 10, 9))
    assert meta.notice_evidence == "公示时间：2024年9月27日起，5个工作日"


@pytest.mark.parametrize(
    "sentence, start, end, evidence",
    [
        ("公示期5天。", D(2024, 9, 2), D(2024, 9, 6), "公示期：5天（自发布日期起算）"),
        ("公示期为七天。", D(2024, 9, 2), D(2024, 9, 8), "公示期：7天（自发布日期起算）"),
        ("公示时间为2024年9月2日至9月6日。", D(2024, 9, 2), D(2024, 9, 6), "公示时间：2024年9月2日至9月6日"),
        ("公示期：9月3日—9月9日。", D(2024, 9, 3), D(2024, 9, 9), "公示期：9月3日至9月9日"),
        ("现予公示，公示期：自2024年9月2日起至2024年9月6日止。", D(2024, 9, 2), D(2024, 9, 6),
         "公示期：2024年9月2日至2024年9月6日"),
        ("自2024年9月3日起至2024年9月9日止在学校公示栏进行公示。", D(2024, 9, 3), D(2024, 9, 9),
         "公示时间：2024年9月3日至2024年9月9日"),
        ("公示期自即日起至9月6日。", D(2024, 9, 2), D(2024, 9, 6), "公示期：即日起至9月6日"),
        ("公示截止日期：2024年9月6日。", None, D(2024, 9, 6), "公示：至2024年9月6日"),
        ("公示时间：2024.09.02-2024.09.08。", D(2024, 9, 2), D(2024, 9, 8), "公示时间：2024.09.02至2024.09.08"),
    ],
)
def test_notice_period_forms(sentence, start, end, evidence):
    meta = extract_metadata(f"发布日期：2024-09-02\n{sentence}", "", [], "a.html")
    assert (meta.notice_start, meta.notice_end, meta.notice_evidence) == (start, end, evidence)


def test_notice_range_across_the_new_year():
    meta = extract_metadata("发布日期：2024-12-27\n公示时间：12月30日至1月6日。", "", [], "a.html")
    assert (meta.notice_start, meta.notice_end) == (D(2024, 12, 30), D(2025, 1, 6))
    from_the_end = extract_metadata("公示时间：12月30日至2025年1月6日。", "", [], "a.html")
    assert (from_the_end.notice_start, from_the_end.notice_end) == (D(2024, 12, 30), D(2025, 1, 6))


def test_yearless_notice_published_in_late_december_lands_in_january():
    meta = extract_metadata("发布日期：2024-12-31\n公示期：1月2日至1月8日。", "", [], "a.html")
    assert (meta.notice_start, meta.notice_end) == (D(2025, 1, 2), D(2025, 1, 8))


def test_notice_that_cannot_be_placed_keeps_its_evidence():
    meta = extract_metadata("关于拟资助学生名单的公示\n公示期为5个工作日。", "", [], "名单.docx")
    assert (meta.notice_start, meta.notice_end, meta.notice_evidence) == (None, None, "公示期：5个工作日")
    yearless = extract_metadata("公示时间：9月2日至9月6日。", "", [], "名单.docx")
    assert (yearless.notice_start, yearless.notice_end, yearless.notice_evidence) == (None, None, "公示时间：9月2日至9月6日")


def test_working_days_outside_the_calendar_years_fall_back_to_monday_to_friday():
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(D(2003, 6, 2))
    meta = extract_metadata("发布日期：2003-06-06\n公示期为3个工作日。", "", [], "a.html")
    assert (meta.notice_start, meta.notice_end) == (D(2003, 6, 6), D(2003, 6, 10))  # Fri, Mon, Tue
    assert meta.notice_evidence == "公示期：3个工作日（自发布日期起算）（按周一至周五计）"
    assert working_days_end(D(2003, 6, 6), 3) == (D(2003, 6, 10), False)


def test_objection_deadline_and_validity_are_not_the_notice_end():
    text = "发布日期：2024-09-02\n公示期间如有异议，请于2024年9月10日前反映。证书有效期至2025年8月31日。"
    meta = extract_metadata(text, "", [], "a.html")
    assert (meta.notice_start, meta.notice_end, meta.notice_evidence) == (None, None, None)


def test_notice_in_the_tail_is_found_too():
    meta = extract_metadata("发布日期：2024-09-02\n名单如下：", "……\n以上名单公示期为5天。", [], "a.html")
    assert (meta.notice_start, meta.notice_end) == (D(2024, 9, 2), D(2024, 9, 6))


def test_evidence_never_quotes_the_text_around_a_label():
    text = "王一鸣 发布时间：2024-09-02 身份证号：000000000000000000\n来源：王一鸣\n公示对象李思涵，公示期5天"
    meta = extract_metadata(text, text, ["author: 赵子轩"], "a.html")
    evidence = " ".join(value for value in meta.to_dict().values())
    assert meta.published == D(2024, 9, 2) and meta.notice_end == D(2024, 9, 6)
    for personal in ("王一鸣", "李思涵", "赵子轩", "000000"):
        assert personal not in evidence


def test_to_dict_uses_iso_dates_and_leaves_out_none():
    meta = DocumentMetadata(published=D(2024, 9, 2), published_evidence="meta PubDate", notice_end=D(2024, 9, 6))
    assert meta.to_dict() == {"published": "2024-09-02", "published_evidence": "meta PubDate", "notice_end": "2024-09-06"}
    assert DocumentMetadata().to_dict() == {}


# --- owners file ---------------------------------------------------------------------------------------

OWNERS_YAML = """\
# owners.yaml
owners:
  - match: "zsxx/**"
    owner: 招生办公室
  - match: "https://www.example.edu.cn/xxgk/zzgz/*"
    owner: 学生资助管理中心
    contact: 资助中心 0000-00000000
  - match: "xxgk/*.html"
    owner: 党政办公室信息公开科
  - match: "**/成绩*.xlsx"
    owner: 教务处
  - match: "xxgk/**"
    owner: 党政办公室
default: 党政办公室
"""


@pytest.fixture
def owners(tmp_path):
    path = tmp_path / "owners.yaml"
    path.write_text(OWNERS_YAML, encoding="utf-8")
    return OwnerMap.load(path)


@pytest.mark.parametrize(
    "key, name, source",
    [
        ("zsxx/2024/录取名单.html", "招生办公室", "owners.yaml: zsxx/**"),
        ("zsxx/a.html", "招生办公室", "owners.yaml: zsxx/**"),
        ("./zsxx/a.html", "招生办公室", "owners.yaml: zsxx/**"),
        ("zsxx\\2024\\a.html", "招生办公室", "owners.yaml: zsxx/**"),
        ("xxgk/index.html", "党政办公室信息公开科", "owners.yaml: xxgk/*.html"),
        ("xxgk/2024/index.html", "党政办公室", "owners.yaml: xxgk/**"),  # * stays within one folder
        ("jwc/2024/成绩汇总.xlsx", "教务处", "owners.yaml: **/成绩*.xlsx"),
        ("成绩汇总.xlsx", "教务处", "owners.yaml: **/成绩*.xlsx"),
        ("ZSXX/a.html", "党政办公室", "owners.yaml: default"),  # paths are case-sensitive
        ("tzgg/a.html", "党政办公室", "owners.yaml: default"),
    ],
)
def test_owner_for_paths(owners, key, name, source):
    owner = owners.owner_for(key, publisher="某某大学")
    assert (owner.name, owner.source) == (name, source)


@pytest.mark.parametrize(
    "key, name",
    [
        ("https://www.example.edu.cn/xxgk/zzgz/2024.html", "学生资助管理中心"),
        ("HTTPS://WWW.EXAMPLE.EDU.CN/xxgk/zzgz/2024.html?id=7#top", "学生资助管理中心"),  # host case, query ignored
        ("https://www.example.edu.cn/xxgk/zzgz/2024/a.html", "党政办公室"),  # one folder too deep for *
        ("https://www.example.edu.cn/XXGK/zzgz/2024.html", "党政办公室"),  # the path stays case-sensitive
        ("https://www.example.edu.cn/zsxx/a.html", "党政办公室"),  # path patterns are for path keys
    ],
)
def test_owner_for_urls(owners, key, name):
    assert owners.owner_for(key).name == name


def test_owner_contact_is_carried(owners):
    assert owners.owner_for("https://www.example.edu.cn/xxgk/zzgz/a.html") == Owner(
        "学生资助管理中心", "owners.yaml: https://www.example.edu.cn/xxgk/zzgz/*", "资助中心 0000-00000000"
    )


def test_without_default_the_publisher_then_nobody(tmp_path):
    path = tmp_path / "owners.yaml"
    path.write_text("owners:\n  - match: zsxx/\n    owner: 招生办公室\n", encoding="utf-8")
    owners = OwnerMap.load(path)
    assert owners.owner_for("zsxx/2024/a.html").name == "招生办公室"  # "zsxx/" is the whole folder
    assert owners.owner_for("tzgg/a.html", publisher="某某市教育局") == Owner("某某市教育局", "发布机构（文中）")
    assert owners.owner_for("tzgg/a.html") is None
    assert OwnerMap.empty().owner_for("tzgg/a.html") is None


def test_url_pattern_with_percent_escapes_and_chinese_folder(tmp_path):
    path = tmp_path / "owners.yaml"
    path.write_text('owners:\n  - match: "https://Www.Example.edu.cn/招生/**"\n    owner: 招生办公室\n', encoding="utf-8")
    owners = OwnerMap.load(path)
    assert owners.owner_for("https://www.example.edu.cn/%E6%8B%9B%E7%94%9F/2024/a.html").name == "招生办公室"


@pytest.mark.parametrize(
    "content, fragments",
    [
        ("owners:\n  - match: zsxx/**\n    owner: 招生办公室\n  - match: xxgk/**\n    contact: 0000-00000000\n",
         ["owners.yaml", "owners[1] (match: xxgk/**)", "owner", "Field required"]),
        ("owners:\n  - match: zsxx/**\n    owner: 招生办公室\n    ownr: 教务处\n",
         ["owners[0] (match: zsxx/**) ownr", "Extra inputs are not permitted"]),
        ("owners:\n  - match: /srv/www/zsxx/**\n    owner: 招生办公室\n", ["owners[0] (match: /srv/www/zsxx/**) match", "relative"]),
        ("owners:\n  - match: https:///xxgk/*\n    owner: 招生办公室\n", ["owners[0]", "host"]),
        ("owners:\n  - match: ''\n    owner: 招生办公室\n", ["owners[0] (match: ) match"]),
        ("owners:\n  - zsxx/**\n", ["owners[0]", "valid dictionary"]),
        ("default: ''\n", ["default"]),
        ("owner:\n  - match: a\n", ["owner", "Extra inputs"]),
        ("- match: a\n  owner: b\n", ["owners.yaml", "mapping"]),
        ("", ["owners.yaml", "mapping"]),
        ("owners: [\n", ["owners.yaml", "not valid YAML"]),
    ],
)
def test_invalid_owners_files_name_the_file_and_entry(tmp_path, content, fragments):
    path = tmp_path / "owners.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(OwnersFileError) as raised:
        OwnerMap.load(path)
    message = str(raised.value)
    for fragment in fragments:
        assert fragment in message
    assert "0000-00000000" not in message  # a contact value is never echoed


def test_unreadable_owners_files(tmp_path):
    with pytest.raises(OwnersFileError, match="cannot read owners file .*missing.yaml"):
        OwnerMap.load(tmp_path / "missing.yaml")
    path = tmp_path / "gbk.yaml"
    path.write_bytes("owners:\n  - match: a\n    owner: 招生办公室\n".encode("gbk"))
    with pytest.raises(OwnersFileError, match="not UTF-8"):
        OwnerMap.load(path)


def test_a_dated_notice_period_dates_an_undated_notice_better_than_the_mtime():
    import datetime as dt

    text = "某学院2024年艺术类专业测试合格考生名单公示\n公示时间：2024年6月10日至6月16日。\n考生姓名 专业\n"
    meta = extract_metadata(text, text, [], "名单公示.txt", file_mtime=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc))
    assert (meta.published, meta.published_evidence) == (dt.date(2024, 6, 10), "公示开始日期（正文）")
    assert meta.notice_end == dt.date(2024, 6, 16)
    undated = "公示期为5个工作日。\n"  # no year anywhere: only the mtime can place it, and the mtime stays the date
    meta = extract_metadata(undated, undated, [], "a.txt", file_mtime=dt.datetime(2024, 9, 2, tzinfo=dt.timezone.utc))
    assert meta.published == dt.date(2024, 9, 2) and meta.notice_end is not None
