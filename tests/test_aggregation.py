"""Aggregation risk across documents: scans of generated 公示 documents → fragments → risks.

Every ID is generated (conftest.make_id: valid check digit, no real person).
"""

from __future__ import annotations

import json

import pytest
from conftest import make_id

import screening
from screening.sweeps.aggregation import (
    AggregationRisk,
    Fragment,
    aggregation_risks,
    fragment_from_value,
    fragments_of,
    pattern_label,
    pattern_outliers,
    person_key,
)

KEY = b"test-ledger-secret-0001"
ID = make_id("110101", "20090307", "123")  # 王小明
OTHER_ID = make_id("110102", "20090307", "456")  # another 王小明, another district


def aid_list(*rows: tuple[str, str]) -> str:
    """A 资助公示 as offices publish it: a title, a header and one line per student."""
    lines = ["2024年秋季学期国家助学金获得者名单公示", "序号 姓名 班级 身份证号"]
    lines += [f"{n} {name} 高一(3)班 {masked}" for n, (name, masked) in enumerate(rows, 1)]
    return "\n".join(lines + ["公示期：5个工作日。监督电话：010-12345678"])


def fragments(document: str, text: str) -> list[Fragment]:
    result = screening.scan_text(text, show_values=True)
    return fragments_of(result, KEY, document=document)


def csv_fragments(document: str, rows: list[tuple[str, str]]) -> list[Fragment]:
    data = "姓名,班级,身份证号\n" + "".join(f"{name},高一3班,{masked}\n" for name, masked in rows)
    result = screening.scan_bytes(data.encode(), document, show_values=True)
    return fragments_of(result, KEY)


def test_fragments_hold_positions_tokens_and_a_keyed_name():
    [fragment] = fragments("https://edu.example.gov.cn/a.html", aid_list(("王小明", "110101********" + ID[-4:])))
    assert fragment.document == "https://edu.example.gov.cn/a.html"
    assert (fragment.kind, fragment.length, fragment.pattern) == ("resident_id", 18, "999999********9999")
    assert [position for position, _ in fragment.exposed] == [0, 1, 2, 3, 4, 5, 14, 15, 16, 17]
    assert fragment.person_key == person_key("王小明", KEY) and len(fragment.person_key) == 16
    assert fragment.name_hint == "王**"
    assert ID[-4:] not in repr(fragment) and "小明" not in repr(fragment)


def test_csv_rows_link_the_id_to_the_name_in_its_row():
    found = csv_fragments("a.csv", [("王小明", ID[:10] + "****" + ID[-4:]), ("李四", "110101********5678")])
    assert [(f.person_key == person_key(name, KEY), f.pattern) for f, name in zip(found, ("王小明", "李四"))] == [
        (True, "9999999999****9999"),
        (True, "999999********9999"),
    ]


def test_two_masks_of_one_student_combine_into_the_whole_id_and_birth_date():
    a = fragments("2024/zizhu.html", aid_list(("欧阳娜娜", "110101********5678"), ("王小明", "110101********" + ID[-4:])))
    b = fragments("2024/sanhao.html", aid_list(("王小明", ID[:14] + "****")))
    [risk] = aggregation_risks(a + b)
    assert risk.documents == ("2024/sanhao.html", "2024/zizhu.html")
    assert risk.exposed == "身份证号 18 位中 18 位（完整号码）；出生日期"
    assert risk.reason == (
        "2 份文件中同一姓名的身份证号分别以 14+4*、6+8*+4 方式遮盖，重叠位置的数字一致，"
        "单份最多显示 14 位，合起来显示 18 位，可拼出完整号码。"
    )
    assert risk.person_key == "王**·" + person_key("王小明", KEY)[:6]


def test_masks_that_together_reach_the_threshold_without_the_birth_day():
    a = csv_fragments("a.csv", [("王小明", ID[:10] + "****" + ID[-4:])])  # 14 shown
    b = fragments("b.txt", aid_list(("王小明", ID[:12] + "******")))  # 12 shown
    [risk] = aggregation_risks(a + b)
    assert (risk.documents, risk.exposed) == (("a.csv", "b.txt"), "身份证号 18 位中 16 位；出生年月")
    assert aggregation_risks(a + b, id_threshold=17) == []


def test_a_birth_date_no_single_document_shows_is_a_risk_below_the_threshold():
    a = fragments("a.txt", aid_list(("王小明", ID[:2] + "****" + ID[6:12] + "******")))  # year and month
    b = fragments("b.txt", aid_list(("王小明", ID[:2] + "**********" + ID[12:14] + "****")))  # day
    [risk] = aggregation_risks(a + b)
    assert risk.exposed == "身份证号 18 位中 10 位；出生日期"
    assert risk.reason.endswith("合起来显示 10 位，并还原任何一份都未显示的出生日期。")


def test_same_name_with_conflicting_digits_is_two_people():
    a = fragments("a.txt", aid_list(("王小明", "110101********" + ID[-4:])))
    b = fragments("b.txt", aid_list(("王小明", OTHER_ID[:14] + "****")))  # district 110102: conflicts at position 5
    c = fragments("c.txt", aid_list(("王小明", ID[:10] + "****" + OTHER_ID[-4:])))  # conflicts at 14-17
    assert aggregation_risks(a + b) == []
    assert aggregation_risks(a + c) == []


def test_one_document_alone_is_no_aggregation_risk():
    a = fragments("a.txt", aid_list(("王小明", "110101********" + ID[-4:]), ("王小明", ID[:14] + "****")))
    assert len(a) == 2
    assert aggregation_risks(a) == []  # a per-document matter: the birth-date mask is flagged by the scan itself


def test_the_same_mask_everywhere_combines_to_nothing_new():
    masked = "110101********" + ID[-4:]
    assert aggregation_risks(fragments("a.txt", aid_list(("王小明", masked))) + fragments("b.txt", aid_list(("王小明", masked)))) == []


def test_masked_mobiles_combine_into_the_whole_number():
    mobile = "13800135678"
    a = fragments("a.txt", f"获奖学生：张三丰  手机 {mobile[:3]}****{mobile[-4:]}")
    assert [(f.kind, f.pattern) for f in a] == [("mobile", "999****9999")]
    # The mobile recognizer does not yet read a mask at the end (1380013****): built directly.
    b = [fragment_from_value("b.txt", "mobile", mobile[:7] + "****", KEY, name="张三丰")]
    [risk] = aggregation_risks(a + b)
    assert (risk.documents, risk.exposed) == (("a.txt", "b.txt"), "手机号 11 位中 11 位（完整号码）")
    assert risk.person_key.startswith("张**·")


def test_unnamed_fragments_combine_only_on_the_same_region_and_last_four_digits():
    birth_hidden = fragment_from_value("a.txt", "resident_id", "110101********" + ID[-4:], KEY)
    tail_hidden = fragment_from_value("b.txt", "resident_id", ID[:14] + "****", KEY)
    assert birth_hidden.person_key == tail_hidden.person_key == ""
    assert aggregation_risks([birth_hidden, tail_hidden]) == []  # only the district links them
    month_shown = fragment_from_value("e.txt", "resident_id", ID[:12] + "******", KEY)
    day_hidden = fragment_from_value("c.txt", "resident_id", ID[:10] + "****" + ID[-4:], KEY)
    assert aggregation_risks([day_hidden, month_shown]) == []  # district and birth year: a whole cohort
    year_hidden = fragment_from_value("d.txt", "resident_id", ID[:6] + "****" + ID[10:], KEY)
    [risk] = aggregation_risks([day_hidden, year_hidden])  # the last four digits agree: one number
    assert (risk.documents, risk.exposed) == (("c.txt", "d.txt"), "身份证号 18 位中 18 位（完整号码）；出生日期")
    assert risk.person_key.startswith("未署名·")


def test_a_masked_name_does_not_link_documents():
    a = fragments("a.txt", aid_list(("王*", "110101********" + ID[-4:])))
    b = fragments("b.txt", aid_list(("王*", ID[:14] + "****")))
    assert [f.person_key for f in a + b] == ["", ""]
    assert aggregation_risks(a + b) == []


def test_reports_never_carry_the_name_or_the_digits():
    a = fragments("a.txt", aid_list(("欧阳娜娜", "110101********" + ID[-4:])))
    b = fragments("b.txt", aid_list(("欧阳娜娜", ID[:14] + "****")))
    [risk] = aggregation_risks(a + b)
    report = json.dumps({"aggregation": [risk.to_dict()]}, ensure_ascii=False)
    assert risk.to_dict().keys() == {"person_key", "documents", "exposed", "reason"}
    assert risk.person_key.startswith("欧阳**·")
    for secret in ("娜娜", ID, ID[-4:], ID[6:14], person_key("欧阳娜娜", KEY)):
        assert secret not in report


def test_person_keys_are_normalised_and_keyed():
    assert person_key("陳 小明", KEY) == person_key("陈小明", KEY) != person_key("陈小明", b"another-ledger-secret")
    assert person_key("阿卜杜拉．艾力", KEY) == person_key("阿卜杜拉·艾力", KEY)
    with pytest.raises(ValueError):
        person_key("陈小明", b"short")


def test_pattern_outliers_name_the_one_document_masking_differently():
    found = []
    for n in range(1, 5):
        found += fragments(f"list{n}.txt", aid_list(("王小明", "110101********" + make_id("110101", "20090307", f"{n}00")[-4:])))
    found += fragments("list5.txt", aid_list(("李四", make_id("110101", "20080101", "500")[:10] + "****1234")))
    [outlier] = pattern_outliers(found)
    assert (outlier.document, outlier.kind) == ("list5.txt", "resident_id")
    assert (pattern_label(outlier.pattern), pattern_label(outlier.archive_pattern)) == ("10+4*+4", "6+8*+4")
    assert outlier.to_dict()["reason"] == "身份证号遮盖方式 10+4*+4 与本档案统一方式 6+8*+4 不同，不同遮盖方式相互拼合可还原号码。"


def test_whole_numbers_expose_everything_but_are_no_mask_pattern():
    [full] = fragments("a.txt", f"王小明 {ID}")
    assert full.is_full and full.pattern == "9" * 18
    assert pattern_outliers([full] + fragments("b.txt", aid_list(("王小明", "110101********" + ID[-4:])))) == []
    assert aggregation_risks([full] + fragments("b.txt", aid_list(("王小明", "110101********" + ID[-4:])))) == []


def test_fragments_of_needs_values_and_a_document_name():
    result = screening.scan_text(aid_list(("王小明", "110101********" + ID[-4:])), show_values=True)
    with pytest.raises(ValueError):
        fragments_of(result, KEY)
    hidden = screening.scan_text(aid_list(("王小明", "110101********" + ID[-4:])))
    with pytest.raises(ValueError):
        fragments_of(hidden, KEY, document="a.txt")


def test_risk_to_dict_shape():
    risk = AggregationRisk("王**·abcdef", ("a", "b"), "手机号 11 位中 11 位（完整号码）", "…")
    assert risk.to_dict() == {"person_key": "王**·abcdef", "documents": ["a", "b"], "exposed": "手机号 11 位中 11 位（完整号码）", "reason": "…"}
