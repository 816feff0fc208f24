"""Personal details read from table columns, and the rule that a detail needs a person.

A roster cell holds a bare value: ``712`` under 总分, ``2010-03-07`` under 出生日期,
``低保户`` under 困难类型. No pattern can tell 712 is a score; its header can. A score or
a diagnosis is personal only when it belongs to someone, so each column detail — and
every recognizer detection marked ``needs_person`` (a score in a sentence, 低保 in prose)
— is kept only when a person is in the same table row or sentence: a PERSON finding
(masked names included) or a cue such as 该生 / 本人. Statistics tables (学校, 平均分,
及格率) have no person in their rows and produce nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from presidio_analyzer import RecognizerResult

from recognizers import DETAILS_KEY
from recognizers.textnorm import to_simplified
from screening.engine.cells import Cell, scope_of
from screening.model import Block
from screening.engine.people import PERSON

PERSON_CUE = regex.compile(r"[该該](?:生|同学|同學|考生|幼儿|幼兒|学生|學生|名学生|名學生|儿童|兒童)|本人|患[儿兒]")
# Headers of figures, not of a person's details (平均分, 及格率, 资助金额, 家庭经济困难学生资助标准).
STATISTIC_HEADER = regex.compile(r"平均|最高|最低|及格|合格率|优秀率|优良率|分数线|录取线|控制线|人数|比例|率$|金额|标准|[(（]元[)）]")
EMPTY_VALUE = regex.compile(r"^(?:无|否|没有|/|／|-|—+|－|\\|空|暂无|不详|健康|良好|正常|一般|不信教|无宗教信仰)?$")
COLUMN_SCORE = 0.85


@dataclass(frozen=True)
class ColumnField:
    entity: str
    header: regex.Pattern
    value: regex.Pattern
    # A score or a category (视力残疾, 低保户) also fills statistics tables: it needs a person in
    # its row. A village-level address or a date under 住址/出生日期 is someone's on its own.
    needs_person: bool = True


COLUMN_FIELDS: tuple[ColumnField, ...] = (
    ColumnField(
        "EXAM_SCORE",
        regex.compile(r"总分|成绩|分数|得分|语文|数学|英语|外语|物理|化学|生物|政治|历史|地理|综合|体育"),
        regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})?\s*分?|[A-E][+-]?|优秀|良好|合格|不合格|及格|不及格)$"),
    ),
    ColumnField("EXAM_RANK", regex.compile(r"名次|排名|位次"), regex.compile(r"^(?:第?\s*\d{1,6}\s*名?)$")),
    ColumnField(
        "BIRTH_DATE",
        regex.compile(r"出生|生日"),
        regex.compile(r"^(?:(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}(?:\s*[-./月]\s*\d{1,2}\s*日?)?\s*月?|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-3]\d)?)$"),
        needs_person=False,
    ),
    ColumnField(
        "HOME_ADDRESS",
        regex.compile(r"住址|家庭地址|户籍|居住地|通讯地址|详细地址|家庭住所"),
        regex.compile(r"\p{Han}{2}.*(?:村|组|路|街|巷|号|镇|乡|社区|小区|栋|幢|单元|室|屯|队)"),
        needs_person=False,
    ),
    ColumnField("HEALTH_INFO", regex.compile(r"残疾|疾病|病种|病情|健康状况|病史|诊断"), regex.compile(r".")),
    ColumnField(
        "FAMILY_HARDSHIP",
        regex.compile(r"困难类型|困难类别|困难等级|困难程度|致困|家庭经济|家庭情况|认定类别|认定等级|是否低保|是否孤儿|是否建档|特殊群体|特殊困难"),
        regex.compile(r"."),
    ),
    ColumnField("RELIGION", regex.compile(r"宗教"), regex.compile(r".")),
)


@lru_cache(maxsize=1024)
def fields_for_header(header: str) -> tuple[ColumnField, ...]:
    """The personal details a column with this header can hold (a roster repeats its headers
    on every row: decided once per header)."""
    header = to_simplified(header)
    if STATISTIC_HEADER.search(header):
        return ()
    return tuple(field for field in COLUMN_FIELDS if field.header.search(header))


def column_fields(text: str, cells: Sequence[Cell]) -> list[RecognizerResult]:
    """A result for each cell whose header names a personal detail and whose value fits it
    (those marked needs_person are kept only with a person in the row: `tied_to_people`)."""
    results = []
    for cell in cells:
        fields = fields_for_header(cell.header)
        if not fields:
            continue
        value = text[cell.start : cell.end]
        if EMPTY_VALUE.match(value):
            continue
        field = next((field for field in fields if field.value.search(value)), None)
        if field is not None:
            details = {"needs_person": field.needs_person, "source": "column", "header": cell.header}
            results.append(RecognizerResult(field.entity, cell.start, cell.end, COLUMN_SCORE, recognition_metadata={DETAILS_KEY: details}))
    return results


def needs_person(result: RecognizerResult) -> bool:
    return bool((result.recognition_metadata.get(DETAILS_KEY) or {}).get("needs_person"))


def tied_to_people(block: Block, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
    """`results` without the needs_person ones that have no person in their row or sentence."""
    if not any(needs_person(result) for result in results):
        return results
    people = [result.start for result in results if result.entity_type == PERSON]
    kept = []
    for result in results:
        if needs_person(result):
            left, right = scope_of(block, result.start)
            if not any(left <= start < right for start in people) and not PERSON_CUE.search(text, left, right):
                continue
        kept.append(result)
    return kept
