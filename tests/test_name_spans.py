"""PERSON spans on real-page shapes: always a clean name, never whitespace, bullets,
punctuation or a neighbouring character; office contacts found and allowed; numbered lists.

Names are generated from surname and given-name characters (invented people), many per
template, so a rule that works for one lucky name does not pass.
"""

from __future__ import annotations

import random

import pytest
import regex

import screening
from tests.conftest import findings_of

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑"]
COMPOUND = ["欧阳", "司马", "诸葛", "上官"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红文辉力晓梓涵博嘉怡浩宇欣然子轩思雨"
CLEAN_SPAN = regex.compile(r"\p{Han}+(?:·\p{Han}+)*")


def generated_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = set()
    while len(names) < count:
        surname = rng.choice(COMPOUND) if rng.random() < 0.15 else rng.choice(SURNAMES)
        names.add(surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
    return sorted(names)


def person_texts(text: str, **kwargs) -> list[str]:
    return [f.text for f in findings_of(text, entity="PERSON", **kwargs)]


def assert_clean(spans: list[str]) -> None:
    for span in spans:
        assert CLEAN_SPAN.fullmatch(span), f"PERSON span {span!r} is not a clean name"


OFFICE_CONTACTS = [
    "联系人：省教育厅学生资助管理中心{name}，联系电话：0551-62881234，邮箱：xszz2024@126.com",
    "联系人：县教育局基础教育股　{name}\n联系电话：0551-62881234",
    "联系人：市教育局办公室{name}，电话：0551-62881234",
    "联系人：学校招生办 {name}（0551-62881234）",
]


@pytest.mark.parametrize("template", OFFICE_CONTACTS)
def test_an_office_contact_is_found_as_contact_and_allowed(template):
    notice = "关于做好2025年秋季学期学生资助工作的通知\n各学校：\n请按要求做好相关工作。\n"
    for name in generated_names(12, seed=len(template)):
        result = screening.scan_text(notice + template.format(name=name), show_values=True)
        people = [(f.text, f.role, f.action) for f in result.findings if f.entity_type == "PERSON"]
        assert people == [(name, "contact", "allow")], (template, people)
        assert all(f.action == "allow" for f in result.findings), [(f.entity_type, f.rule, f.action) for f in result.findings]


def test_an_office_email_on_a_free_mail_domain_is_allowed_but_a_parents_is_not():
    office = screening.scan_text("联系人：教育局资助中心王红，邮箱：xszz2024@126.com", show_values=True)
    assert [(f.entity_type, f.action) for f in office.findings if f.entity_type == "EMAIL_ADDRESS"] == [("EMAIL_ADDRESS", "allow")]
    parent = screening.scan_text("学生家长邮箱：wangxm2010@qq.com", show_values=True)
    assert [(f.entity_type, f.action) for f in parent.findings] == [("EMAIL_ADDRESS", "review")]


def test_numbered_award_lists_give_every_name_and_nothing_else():
    names = generated_names(30, seed=3)
    line = " ".join(f"{i}. {name}" for i, name in enumerate(names, 1))
    found = person_texts("2024年度优秀学生干部获奖名单：" + line)
    assert found == names
    assert person_texts("工作要求：1. 提高认识 2. 加强领导 3. 严格落实") == []


@pytest.mark.parametrize("template", [
    "  •  {name}同学荣获一等奖",
    "（1）班{name}同学被评为三好学生。",
    "获奖名单 | {name} | {other} | 二等奖",
    "{name},{other},同学们\n2 ->",
    "三、表彰名单\n(二) {name}、{other}、{third}\n",
])
def test_spans_are_trimmed_names_on_real_page_shapes(template):
    # Every span is a clean name inside one of the row's names: it never reaches whitespace, a
    # separator or the neighbouring name. A name the model cuts short (李红 of 李红然) is a boundary
    # error of the model, counted by bench/eval_names.py, not a trimming fault: over seeds 1-12 the
    # MSRA-only model gave 0-12 cut-short spans per seed here (both profiles counted; none at 4 seeds,
    # seed 11 among them), its retraining on more corpora 0-10 (none at 2), and no span of either ever
    # crossed into a neighbour: an exact-name check passed at seed 11 by luck.
    names = generated_names(60, seed=11)
    spans_found, whole = 0, 0
    for i in range(0, 60, 3):
        text = template.format(name=names[i], other=names[i + 1], third=names[i + 2])
        for policy in ("default", "strict"):
            spans = person_texts(text, policy=policy)
            assert_clean(spans)
            for span in spans:
                assert any(span in name and len(span) >= 2 for name in names[i : i + 3]), (text, span)
            spans_found += len(spans)
            whole += sum(span in names[i : i + 3] for span in spans)
    assert spans_found >= 40 and whole >= 0.9 * spans_found, (whole, spans_found)  # cut-short names stay rare


def test_a_lone_surname_before_a_title_is_no_name():
    for surname in SURNAMES:
        spans = person_texts(f"请各班同学将材料交给{surname}老师。", policy="strict")
        assert surname not in spans


def test_a_name_before_gexia_is_not_cut_or_dropped():
    spans = person_texts("张建国阁下：来函收悉。", policy="strict")
    assert spans == ["张建国"]


def test_a_form_label_is_no_name():
    assert person_texts("学生家长邮箱：wangxm2010@qq.com", policy="strict") == []


@pytest.mark.parametrize(("template", "role"), [
    ("经评审，{name}获得一等奖。", "other"),
    ("三年级二班{name}在比赛中表现突出。", "student"),
    ("2021级{name}同学被评为优秀学生干部。", "student"),
    ("拟录取{name}为我校2025级硕士研究生。", "student"),
])
def test_award_class_and_admission_cues_reach_the_name_model_in_the_default_profile(template, role):
    # The name model reads these sentences: a statistical reader. 17 of 20 generated names found
    # whole with their role (what it misses here are compound surnames with rare given names,
    # 上官萍娟: issue 17's model work), and nothing found that is not part of the name.
    names = generated_names(20, seed=len(template))
    found = {name: [(f.text, f.role) for f in findings_of(template.format(name=name), entity="PERSON")] for name in names}
    exact = [name for name in names if found[name] == [(name, role)]]
    assert len(exact) >= 17, {name: spans for name, spans in found.items() if name not in exact}
    assert all(text in name for name in names for text, _ in found[name])


def test_award_words_without_a_person_give_no_name():
    for text in ("我校在全省比赛中获得一等奖。", "开展省级文明校园创建。", "二年级共有学生312人。"):
        assert person_texts(text) == []


# ---- padded two-character names in aligned lists, and traditional script ----------------------

PADDED_LISTS = [
    "2024年度三好学生名单：{items}",  # items joined by 、
    "获奖名单\n一等奖：{items}",  # items joined by two blanks
    "表彰名单：\n{items}",  # items joined by tabs
    "获奖学生：\n{items}",  # numbered, one a line
]


def padded(name: str, blank: str) -> str:
    return name[0] + blank + name[1] if len(name) == 2 else name


@pytest.mark.parametrize("template", PADDED_LISTS)
@pytest.mark.parametrize("blank", [" ", "\u3000"])
def test_padded_two_character_names_in_aligned_lists_are_each_one_name(template, blank):
    names = [name for name in generated_names(40, seed=21) if len(name) <= 3][:12]
    written = [padded(name, blank) for name in names]
    if template.startswith("获奖学生"):
        items = "\n".join(f"{i}. {item}" for i, item in enumerate(written, 1))
    elif template.startswith("表彰"):
        items = "\t".join(written)
    elif template.startswith("获奖名单"):
        items = "  ".join(written)
    else:
        items = "、".join(written)
    found = person_texts(template.format(items=items))
    assert found == written, (template, found)


def test_single_characters_with_blanks_that_are_no_names_stay_unread():
    assert person_texts("本学期课程名单：语 文、数 学、英 语、物 理") == []
    assert person_texts("学生名单：\n开幕式\t主题报告\t分组讨论") == []


@pytest.mark.parametrize(
    "template, action",
    [
        ("聯絡人：教育局學生資助中心{name}，電話：0551-62881234", "allow"),
        ("得獎學生：{name}、{other}、{third}", "review"),
        ("本校學生{name}同學榮獲全市中學生作文比賽一等獎。", "review"),
    ],
)
def test_traditional_script_people_are_found_in_the_default_profile(template, action):
    import opencc

    to_traditional = opencc.OpenCC("s2t").convert
    names = [to_traditional(name) for name in generated_names(30, seed=5)]
    for i in range(0, 30, 3):
        text = template.format(name=names[i], other=names[i + 1], third=names[i + 2])
        found = [(f.text, f.action) for f in findings_of(text, entity="PERSON")]
        expected = [name for name in names[i : i + 3] if name in text]
        assert [name for name, _ in found] == expected, (text, found)
        assert {a for _, a in found} == {action}
