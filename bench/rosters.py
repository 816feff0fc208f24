"""Generated 公示 rosters with exact name labels: the "names in 公示 tables and lists" benchmark.

Why generated: no crawled 公示名单 is available (shared/eval/README.txt: "NOT found"), and a real
one would carry real students' names. Every person here is invented: a surname drawn from the
2008 NCIIC surname counts plus one or two given-name characters from ``GIVEN_CHARS``, or a
minority name composed from syllables (``DOTTED_*``), so any resemblance to a real person is a
coincidence of common names, never a copy.

Surnames: ``shared/eval/surnames_chinesenames_2008/familyname.csv`` (GPL-3 + CC BY-NC-SA,
non-commercial) is read at bench time only and never copied into the repository; without it the
generator refuses to run. Its tail below ~100,000 bearers holds given-name characters counted as
surnames (伟, 勇, 星 …), so single surnames are taken from rows with at least ``MIN_SINGLE_COUNT``
bearers (373 surnames, 99% of the population) and compound surnames from rows with at least
``MIN_COMPOUND_COUNT`` (14: 欧阳, 上官, 皇甫, 令狐, 司徒, 诸葛, 司马 …). Drawn by frequency alone,
a compound surname would turn up once in a thousand names, so the classes are mixed by share
(``CLASS_SHARES``): most names by frequency ("common"), some with a surname drawn uniformly from the
long tail ("rare": fewer than ``RARE_BELOW`` bearers, e.g. 冼, 亓, 谌, 郄), some compound, ~5% dotted
minority names (阿卜杜拉·买买提 style). Each name carries its class, so recall is reported per class.

Shapes (``SHAPES``), each a realistic document around the names (title, intro, 公示期 footer with a
supervision phone, issuing office, date — none of which contains a person):
- ``text_table``: a plain-text table, header 序号 姓名 学校 年级 资助金额, cells separated by a tab
  or by aligned runs of spaces, 20–60 rows;
- ``list_line``: 1–3 名单 lines (获奖学生名单：张三、李四、王五 …), 10–30 names each, separated by
  、 or ， or two spaces;
- ``xlsx`` / ``docx``: a table with header 序号/姓名/性别/学校/年级/金额, 20–60 rows, in a workbook
  (half of them with a title row above the header) or a Word document (title, intro, table, footer).

All randomness comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import _vocab as V

SURNAME_CSV = Path("surnames_chinesenames_2008") / "familyname.csv"
MIN_SINGLE_COUNT = 100_000
MIN_COMPOUND_COUNT = 1_000
RARE_BELOW = 1_000_000
# Share of each name class; "dotted" names have no surname from the table.
CLASS_SHARES: tuple[tuple[str, float], ...] = (("common", 0.80), ("rare", 0.10), ("compound", 0.05), ("dotted", 0.05))
NAME_CLASSES: tuple[str, ...] = tuple(name for name, _ in CLASS_SHARES)
SHAPES: tuple[str, ...] = ("text_table", "list_line", "xlsx", "docx")

# Common given-name characters (written here, not taken from any name list), by the sex they
# mostly go with; ``NEUTRAL`` ones are drawn for both.
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭龙林阳东亮成建峰博轩睿哲昊然泽航诚彬毅锋志国海振宏政天晗骏驰铭鸿"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧琳颖倩洁萍红梅莉兰琴云璐怡悦婧雯蕾晶薇瑶妍涵萱彤馨琪晴露媛蓉秀菲丹"
GIVEN_NEUTRAL = "子一欣佳晨安诗文若雨思紫梓家宁心乐嘉可毅嘉润清逸星"
# Uyghur-style names are composed as onset (+ middle) + ending; two parts joined by a middle dot.
DOTTED_ONSETS = ("阿", "艾", "买", "吐", "热", "迪", "古", "帕", "努", "米", "依", "再", "哈", "玉", "克", "麦", "阿卜", "阿依", "布")
DOTTED_MIDDLES = ("丽", "依", "尔", "力", "合", "克", "卜", "拜", "素", "孜", "热", "买")
DOTTED_ENDINGS = ("娜尔", "拉", "提", "江", "木", "汗", "古丽", "曼", "甫", "尔", "明", "逊", "力", "沙", "买提", "杜拉", "努尔", "热木")

PLACES = ("城东", "河西", "青山", "新华", "红星", "长安", "临湖", "北关", "南塘", "柳营", "桥头", "东坪")
LOCAL_SCHOOL_KINDS = ("第{n}中学", "实验小学", "第{n}初级中学", "中心小学", "实验学校", "职业高级中学", "第{n}小学")
PRIMARY_GRADES = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级")
JUNIOR_GRADES = ("初一", "初二", "初三", "七年级", "八年级", "九年级")
SENIOR_GRADES = ("高一", "高二", "高三")
COLLEGE_GRADES = ("2021级", "2022级", "2023级", "2024级", "大一", "大二", "大三", "大四")
AID_AMOUNTS = (1000, 1500, 2000, 2500, 3000, 3300, 4000, 5000)
ORGS = ("教育局", "教育体育局", "学生资助管理中心")

TABLE_TITLES = (
    "{year}年秋季学期国家助学金受助学生名单公示",
    "{year}年春季学期普通高中国家助学金受助学生名单公示",
    "{year}年度{school}学生资助名单公示",
    "{year}—{next}学年国家励志奖学金拟获奖学生名单公示",
    "{year}年度家庭经济困难学生生活补助发放名单公示",
)
LIST_TITLES = (
    "{year}年度市级“三好学生”“优秀学生干部”拟表彰名单公示",
    "{year}年全市中小学生作文竞赛获奖名单公示",
    "{year}年度{school}优秀学生拟表彰名单公示",
    "关于{year}年度校级奖学金获得者名单的公示",
)
INTROS = (
    "根据上级有关文件精神，经个人申请、学校评审，现将有关名单公示如下：",
    "经学校推荐、评审委员会审核，现将拟表彰名单予以公示。",
    "按照公开、公平、公正的原则，经评审，现将结果公示如下：",
)
LIST_LABELS = (
    "获奖学生名单：", "三好学生（{n}人）：", "优秀学生干部（{n}人）：", "一等奖：", "二等奖：", "三等奖：",
    "拟推荐人选：", "获奖者名单：", "优秀学生名单：",
)
FOOTERS = (
    "公示时间：{year}年{month}月{day}日至{month}月{day2}日。如有异议，请在公示期内向学校学生资助管理中心反映，监督电话：{phone}。",
    "公示期为5个工作日。对公示对象如有异议，请以书面形式实名反映，联系电话：{phone}。",
)
TEXT_TABLE_HEADER = ("序号", "姓名", "学校", "年级", "资助金额")
FILE_TABLE_HEADER = ("序号", "姓名", "性别", "学校", "年级", "金额")


@dataclass(frozen=True)
class Person:
    name: str
    kind: str  # one of NAME_CLASSES
    sex: str  # 男 / 女
    surname: str  # "" for a dotted name


@dataclass(frozen=True)
class NameLabel:
    """``text[start:end]`` is the name exactly as written."""

    start: int
    end: int
    person: Person


@dataclass(frozen=True)
class TextRoster:
    """A plain-text 公示 (shapes text_table and list_line) with its name spans."""

    shape: str
    text: str
    labels: tuple[NameLabel, ...]


@dataclass(frozen=True)
class TableRoster:
    """A 公示 to be written as a file (xlsx, docx): paragraphs around one table."""

    shape: str
    title: str
    intro: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    footer: tuple[str, ...]
    people: tuple[Person, ...]
    title_row: bool = True  # xlsx only: a merged title row above the header


class SurnameTable:
    """The surname pools the generator draws from, read from familyname.csv."""

    def __init__(self, csv_path: Path) -> None:
        with open(csv_path, encoding="utf-8-sig", newline="") as handle:
            rows = [(row["surname"], row["compound"] == "1", int(row["n.1930_2008"])) for row in csv.DictReader(handle)]
        singles = [(name, n) for name, compound, n in rows if not compound and n >= MIN_SINGLE_COUNT]
        self.common = [name for name, _ in singles]
        self.cumulative = list(itertools.accumulate(n for _, n in singles))
        self.rare = [name for name, n in singles if n < RARE_BELOW]
        self.compound = [name for name, compound, n in rows if compound and n >= MIN_COMPOUND_COUNT]

    def by_frequency(self, rng: random.Random) -> str:
        return self.common[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


class RosterGenerator:
    def __init__(self, surnames: SurnameTable, seed: int) -> None:
        self.surnames = surnames
        self.rng = random.Random(seed)

    # ---- people -----------------------------------------------------------------------------
    def person(self) -> Person:
        rng = self.rng
        kind = rng.choices(NAME_CLASSES, weights=[share for _, share in CLASS_SHARES])[0]
        sex = rng.choice("男女")
        if kind == "dotted":
            return Person(f"{self._dotted_part()}·{self._dotted_part()}", kind, sex, "")
        surname = {
            "common": lambda: self.surnames.by_frequency(rng),
            "rare": lambda: rng.choice(self.surnames.rare),
            "compound": lambda: rng.choice(self.surnames.compound),
        }[kind]()
        pool = (GIVEN_MALE if sex == "男" else GIVEN_FEMALE) + GIVEN_NEUTRAL
        given = "".join(rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2))
        return Person(surname + given, kind, sex, surname)

    def _dotted_part(self) -> str:
        rng = self.rng
        middle = rng.choice(DOTTED_MIDDLES) if rng.random() < 0.4 else ""
        return rng.choice(DOTTED_ONSETS) + middle + rng.choice(DOTTED_ENDINGS)

    def people(self, low: int, high: int) -> list[Person]:
        return [self.person() for _ in range(self.rng.randint(low, high))]

    # ---- surroundings ---------------------------------------------------------------------
    def school(self) -> str:
        rng = self.rng
        if rng.random() < 0.25:
            return rng.choice(V.SCHOOLS)[0]
        return rng.choice(PLACES) + rng.choice(LOCAL_SCHOOL_KINDS).format(n=rng.choice(V.CN_NUMERALS))

    def grade(self, school: str) -> str:
        if school.endswith(("学院", "大学")):
            grades = COLLEGE_GRADES
        elif school.endswith("小学"):
            grades = PRIMARY_GRADES
        elif school.endswith("初级中学"):
            grades = JUNIOR_GRADES
        elif school.endswith("高级中学"):
            grades = SENIOR_GRADES
        elif school.endswith("中学"):
            grades = JUNIOR_GRADES + SENIOR_GRADES
        else:  # 实验学校: nine-year schools
            grades = PRIMARY_GRADES + JUNIOR_GRADES
        return self.rng.choice(grades)

    def title(self, templates: Sequence[str]) -> str:
        year = self.rng.randint(2019, 2025)
        return self.rng.choice(templates).format(year=year, next=year + 1, school=self.school())

    def footer(self) -> list[str]:
        rng = self.rng
        month, day = rng.randint(1, 12), rng.randint(1, 20)
        phone = f"0{rng.randint(311, 999)}-{rng.randint(6, 8)}{rng.randint(0, 9_999_999):07d}"
        line = rng.choice(FOOTERS).format(year=rng.randint(2019, 2025), month=month, day=day, day2=day + 6, phone=phone)
        place = rng.choice(PLACES)
        return [line, f"{place}区{rng.choice(ORGS)}", f"{rng.randint(2019, 2025)}年{month}月{day}日"]

    # ---- shapes ---------------------------------------------------------------------------
    def text_table(self) -> TextRoster:
        rng = self.rng
        people = self.people(20, 60)
        rows = [[str(i), p.name, school := self.school(), self.grade(school), f"{rng.choice(AID_AMOUNTS)}元"]
                for i, p in enumerate(people, 1)]
        tabbed = rng.random() < 0.5
        widths = [max(len(r[c]) for r in [list(TEXT_TABLE_HEADER), *rows]) for c in range(len(TEXT_TABLE_HEADER))]
        builder = _TextBuilder()
        builder.line(self.title(TABLE_TITLES))
        if rng.random() < 0.6:
            builder.line(rng.choice(INTROS))
        for cells, person in [(list(TEXT_TABLE_HEADER), None), *zip(rows, people)]:
            for c, cell in enumerate(cells):
                if c:
                    builder.add("\t" if tabbed else " " * (widths[c - 1] - len(cells[c - 1]) + 2))
                builder.add(cell, person if c == 1 else None)
            builder.add("\n")
        for line in self.footer():
            builder.line(line)
        return builder.build("text_table")

    def list_line(self) -> TextRoster:
        rng = self.rng
        builder = _TextBuilder()
        builder.line(self.title(LIST_TITLES))
        builder.line(rng.choice(INTROS))
        for label in rng.sample(LIST_LABELS, rng.randint(1, 3)):
            people = self.people(10, 30)
            separator = rng.choice(("、", "，", "  "))
            builder.add(label.format(n=len(people)))
            for i, person in enumerate(people):
                if i:
                    builder.add(separator)
                builder.add(person.name, person)
            builder.add("。\n" if rng.random() < 0.3 else "\n")
        for line in self.footer():
            builder.line(line)
        return builder.build("list_line")

    def file_table(self, shape: str) -> TableRoster:
        rng = self.rng
        people = self.people(20, 60)
        rows = []
        for i, p in enumerate(people, 1):
            school = self.school()
            rows.append((i, p.name, p.sex, school, self.grade(school), rng.choice(AID_AMOUNTS)))
        return TableRoster(
            shape=shape, title=self.title(TABLE_TITLES), intro=rng.choice(INTROS), header=FILE_TABLE_HEADER,
            rows=tuple(rows), footer=tuple(self.footer()), people=tuple(people), title_row=rng.random() < 0.5,
        )


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.labels: list[NameLabel] = []

    def add(self, text: str, person: Person | None = None) -> None:
        if person is not None:
            self.labels.append(NameLabel(self.length, self.length + len(text), person))
        self.parts.append(text)
        self.length += len(text)

    def line(self, text: str) -> None:
        self.add(text + "\n")

    def build(self, shape: str) -> TextRoster:
        text = "".join(self.parts)
        return TextRoster(shape, text, tuple(self.labels))


def generate_rosters(surnames_csv: Path, count: int, seed: int) -> dict[str, list[TextRoster | TableRoster]]:
    """``count`` documents per shape, deterministic in ``seed``."""
    generator = RosterGenerator(SurnameTable(surnames_csv), seed)
    rosters: dict[str, list[TextRoster | TableRoster]] = {shape: [] for shape in SHAPES}
    for _ in range(count):
        rosters["text_table"].append(generator.text_table())
        rosters["list_line"].append(generator.list_line())
        rosters["xlsx"].append(generator.file_table("xlsx"))
        rosters["docx"].append(generator.file_table("docx"))
    return rosters


def write_xlsx(roster: TableRoster, path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    if roster.title_row:
        sheet.append([roster.title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(roster.header))
    sheet.append(list(roster.header))
    for row in roster.rows:
        sheet.append(list(row))
    workbook.save(path)


def write_docx(roster: TableRoster, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(roster.title, level=1)
    document.add_paragraph(roster.intro)
    table = document.add_table(rows=1, cols=len(roster.header))
    for cell, value in zip(table.rows[0].cells, roster.header):
        cell.text = value
    for row in roster.rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = str(value)
    for line in roster.footer:
        document.add_paragraph(line)
    document.save(path)
