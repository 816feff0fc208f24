"""Synthetic Chinese disclosure documents with exact labels, for accuracy and throughput benchmarks.

Why synthetic: the documents this tool screens carry real people's IDs, phones and bank cards, so no
real sample may be stored or shared. Every personal value here is generated and made *valid* by the
same validators the recognizers use (python-stdnum for IDs, USCC and Luhn; phonenumbers for phones),
so a recognizer that validates is measured on its real job, not on checksum noise.

Why so many non-personal numbers: in real 政府信息公开 items most long digit runs are not personal
at all — 文号, 索引号, ICP/公网安备 numbers, amounts, dates, project/contract/order numbers,
postcodes, statistics. Those are the false positives that make a screening tool unusable, so every
document carries several of them, unlabelled.

Labels cover only identifier types (see ``LABELLED_TYPES``); person names, addresses and birth dates
appear in the text but are deliberately not labelled yet. A label's span is the exact character
range of the value *as it appears* (full-width digits, inner spaces/hyphens, ``+86`` prefixes, a
line break inside a wrapped ID — all included), asserted when the document is built.

Both generators are deterministic: all randomness comes from one ``random.Random(seed)``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import phonenumbers
import stdnum
from stdnum import luhn
from stdnum.cn import ric, uscc

from bench import _vocab as V

RESIDENT_ID = "CN_RESIDENT_ID"
RESIDENT_ID_MASKED = "CN_RESIDENT_ID_MASKED"
MOBILE = "CN_MOBILE_PHONE"
LANDLINE = "CN_LANDLINE_PHONE"
BANK_CARD = "BANK_CARD"
EMAIL = "EMAIL_ADDRESS"
SOCIAL_CREDIT_CODE = "CN_SOCIAL_CREDIT_CODE"
PASSPORT = "CN_PASSPORT"
EXAM_NUMBER = "CN_EXAM_NUMBER"

LABELLED_TYPES: tuple[str, ...] = (
    RESIDENT_ID, RESIDENT_ID_MASKED, MOBILE, LANDLINE, BANK_CARD, EMAIL, SOCIAL_CREDIT_CODE,
    PASSPORT, EXAM_NUMBER,
)


@dataclass(frozen=True)
class Span:
    """A labelled value: ``text[start:end]`` is the value exactly as written in the document."""

    start: int
    end: int
    entity_type: str


@dataclass(frozen=True)
class LabelledDoc:
    """One generated document; ``name`` says which template made it (useful when reading errors)."""

    name: str
    text: str
    spans: tuple[Span, ...]


# --------------------------------------------------------------------------------------------
# Building text and labels together
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ent:
    """A value to be written *and* labelled; anything else written is unlabelled text."""

    value: str
    entity_type: str


Piece = str | Ent


class _Builder:
    """Accumulates a document piece by piece, recording label offsets as the text grows.

    Computing offsets while writing (instead of searching for values afterwards) is what makes the
    labels exact even when the same digits occur twice or a value is split by a line break.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._labels: list[tuple[Span, str]] = []

    def add(self, *pieces: Piece) -> None:
        for piece in pieces:
            if isinstance(piece, Ent):
                start = self._size
                self._write(piece.value)
                self._labels.append((Span(start, self._size, piece.entity_type), piece.value))
            else:
                self._write(piece)

    def line(self, *pieces: Piece) -> None:
        self.add(*pieces, "\n")

    def blank(self) -> None:
        self._write("\n")

    def _write(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)

    def build(self, name: str) -> LabelledDoc:
        text = "".join(self._parts)
        for span, value in self._labels:
            assert text[span.start:span.end] == value, (name, span, value)
        spans = tuple(span for span, _ in self._labels)
        for before, after in zip(spans, spans[1:]):
            assert before.end <= after.start, (name, before, after)
        return LabelledDoc(name=name, text=text, spans=spans)


# --------------------------------------------------------------------------------------------
# Presentation helpers (how values look on real pages)
# --------------------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789Xx-+()", "０１２３４５６７８９Ｘｘ－＋（）")


def to_fullwidth(text: str) -> str:
    """Full-width digits, as typed with a Chinese IME in full-width mode (common in Word drafts)."""
    return text.translate(_FULLWIDTH)


def wrap_inside(value: str, cut: int) -> str:
    """The value broken by a line wrap after ``cut`` characters (PDF/Word text extraction)."""
    return value[:cut] + "\n" + value[cut:]


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


def _current_county_name(field: str) -> str | None:
    """The name a loc.dat county entry has today, or None when the code was abolished.

    Entries look like ``county="[1983-2001]东市区,[2002-]瑶海区"``; an open end means current.
    """
    value = field.split("=", 1)[1].strip().strip('"')
    for part in value.split(","):
        if not part.startswith("["):
            return part
        period, name = part[1:].split("]", 1)
        if not period.split("-")[1]:
            return name
    return None


@lru_cache(maxsize=1)
def region_codes() -> dict[str, tuple[tuple[str, str], ...]]:
    """County-level administrative division codes in use today, per 2-digit province code.

    Read from python-stdnum's own ``cn/loc.dat`` because that is the table ``stdnum.cn.ric``
    checks birth places against: an ID built from it validates exactly as recognizers will check it.
    Prefecture rows (``xxxx00``) and 市辖区 placeholders are skipped; real IDs rarely use them.
    """
    path = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    found: dict[str, list[tuple[str, str]]] = {}
    province = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        if not raw.startswith(" "):
            province = raw.split()[0]
            continue
        suffix, _, field = raw.strip().partition(" ")
        if suffix.endswith("00") or "county=" not in field:
            continue
        name = _current_county_name(field)
        if name and name not in ("市辖区", "郊区", "市区"):
            found.setdefault(province, []).append((province + suffix, name))
    return {key: tuple(value) for key, value in found.items()}


MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
    "151", "152", "153", "155", "156", "157", "158", "159", "166", "172", "173", "175", "176",
    "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190",
    "191", "193", "195", "196", "197", "198", "199",
)

# (issuer prefix, card length). UnionPay 62x debit cards dominate student aid payouts.
CARD_BINS: tuple[tuple[str, int], ...] = (
    ("622202", 19), ("621700", 19), ("622848", 19), ("621661", 19), ("622588", 16),
    ("622260", 19), ("623058", 19), ("621226", 19), ("622700", 19), ("621799", 19),
    ("625965", 16), ("621483", 18), ("621485", 17), ("436742", 16), ("427020", 16),
    ("524047", 16), ("518905", 16),
)

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_digit(body: str) -> str:
    """GB 11714 check character of an 8-character 组织机构代码 body (the USCC's digits 9–17)."""
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_resident_id(value: str) -> bool:
    """``stdnum.cn.ric.is_valid`` that never raises.

    python-stdnum 2.2 raises KeyError (not a ValidationError) when only the province part of a
    region code is known, e.g. ``622202…``; such a number is simply not a valid ID.
    """
    try:
        return ric.is_valid(value)
    except KeyError:
        return False


def _is_identifier_lookalike(value: str) -> bool:
    """True if a would-be hard negative accidentally validates as an ID or USCC.

    Hard negatives must be negatives by construction, otherwise a correct recognizer is penalised.
    """
    return len(value) == 18 and (is_valid_resident_id(value) or uscc.is_valid(value))


# --------------------------------------------------------------------------------------------
# The value generator
# --------------------------------------------------------------------------------------------


class _Gen:
    """All random choices for one corpus. One instance, one ``random.Random``: deterministic."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.province: V.Province = V.PROVINCES[0]
        self.school: tuple[str, str] = V.SCHOOLS[0]
        self.publisher = ""

    def start_document(self) -> None:
        """Pick where the next document comes from, so its codes, numbers and publisher agree."""
        self.province = self.rng.choices(V.PROVINCES, weights=V.PROVINCE_WEIGHTS)[0]
        self.school = self.rng.choice(V.SCHOOLS)
        self.publisher = self.authority()

    # -- small helpers ------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick_form(self, forms: Sequence[tuple[float, Callable[[], str]]]) -> str:
        """One of several ways to write a value, by weight (weights need not sum to 1)."""
        makers = [make for _, make in forms]
        return self.rng.choices(makers, weights=[w for w, _ in forms])[0]()

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def date(self, first_year: int = 2021, last_year: int = 2025) -> dt.date:
        start = dt.date(first_year, 1, 1)
        span = (dt.date(last_year, 12, 31) - start).days
        return start + dt.timedelta(days=self.rng.randrange(span + 1))

    def date_text(self, day: dt.date | None = None) -> str:
        day = day or self.date()
        r = self.rng.random()
        if r < 0.7:
            return f"{day.year}年{day.month}月{day.day}日"
        if r < 0.82:
            return day.strftime("%Y-%m-%d")
        if r < 0.92:
            return day.strftime("%Y%m%d")
        return f"{day.year}.{day.month}.{day.day}"

    def date_range(self, days: int = 5) -> str:
        """A 公示期 "from … to …" with the end after the start."""
        start = self.date()
        end = start + dt.timedelta(days=days + self.rng.randint(0, 9))
        return f"{self.date_text(start)}至{self.date_text(end)}"

    def year(self) -> int:
        return self.rng.randint(2019, 2025)

    # -- people, places, organisations (unlabelled) -------------------------------------------

    def person_name(self) -> str:
        given_len = 1 if self.chance(0.3) else 2
        given = "".join(self.rng.choice(V.GIVEN_CHARS) for _ in range(given_len))
        return self.rng.choice(V.SURNAMES) + given

    def contact_name(self) -> str:
        if self.chance(0.6):
            return self.rng.choice(V.SURNAMES) + self.rng.choice(("老师", "老师", "科长", "主任"))
        return self.person_name()

    def gender(self) -> str:
        return self.rng.choice("男女")

    def county(self) -> tuple[str, str]:
        return self.rng.choice(region_codes()[self.province.code])

    def address(self) -> str:
        r = self.rng
        building = f"{r.randint(1, 30)}栋{r.randint(1, 4)}单元{r.randint(1, 33)}0{r.randint(1, 4)}室"
        return f"{self.province.name}{self.county()[1]}{self.rng.choice(V.ROADS)}{self.rng.randint(1, 999)}号{building}"

    def office_address(self) -> str:
        return f"{self.province.capital}{self.rng.choice(V.ROADS)}{self.rng.randint(1, 399)}号"

    def provincial_authority(self) -> str:
        p = self.province
        return f"{p.name}教育委员会" if p.name == p.capital else f"{p.name}教育厅"

    def authority(self) -> str:
        return self.rng.choice((self.provincial_authority(), f"{self.province.capital}教育局", self.school[0]))

    def local_school(self) -> str:
        return f"{self.province.capital}{self.rng.choice(V.LOCAL_SCHOOLS)}"

    # -- labelled identifiers: canonical values ------------------------------------------------

    def _region_for_person(self) -> str:
        if self.chance(0.75):
            return self.county()[0]
        province = self.rng.choice(list(region_codes()))
        return self.rng.choice(region_codes()[province])[0]

    def resident_id(self, first_year: int = 1965, last_year: int = 2007) -> str:
        """A valid 18-digit ID: region code in use at the birth date, real date, stdnum check digit."""
        for _ in range(1000):
            born = self.date(first_year, last_year)
            body = f"{self._region_for_person()}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = body + ric.calc_check_digit(body + "0")
            if is_valid_resident_id(number):
                return number
        raise RuntimeError("could not generate a valid resident ID")

    def legacy_resident_id(self, first_year: int = 1940, last_year: int = 1984) -> tuple[str, str]:
        """A 15-digit first-generation ID (YYMMDD, no check digit) and its 18-digit upgrade."""
        for _ in range(1000):
            born = self.date(first_year, last_year)
            region, seq = self._region_for_person(), f"{self.rng.randrange(1000):03d}"
            body18 = f"{region}{born:%Y%m%d}{seq}"
            upgraded = body18 + ric.calc_check_digit(body18 + "0")
            if is_valid_resident_id(upgraded):
                return f"{region}{born:%y%m%d}{seq}", upgraded
        raise RuntimeError("could not generate a valid legacy ID")

    def mobile(self) -> str:
        """An 11-digit number phonenumbers accepts as a valid CN number with a current prefix."""
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + self.digits(8)
            if phonenumbers.is_valid_number(phonenumbers.parse(number, "CN")):
                return number

    def landline(self, area: str | None = None) -> tuple[str, str]:
        """(area code, 8-digit local number) that phonenumbers accepts as valid."""
        while True:
            code = area or self.rng.choice(self.province.area_codes)
            local = self.rng.choice("2345678") + self.digits(7)
            if phonenumbers.is_valid_number(phonenumbers.parse(code + local, "CN")):
                return code, local

    def bank_card(self) -> str:
        """A 16–19 digit card number with a real issuer prefix and a valid Luhn check digit."""
        while True:
            prefix, length = self.rng.choice(CARD_BINS)
            body = prefix + self.digits(length - len(prefix) - 1)
            number = body + luhn.calc_check_digit(body)
            if not _is_identifier_lookalike(number):
                return number

    def social_credit_code(self, kind: str = "12") -> str:
        """A valid USCC. kind: 11 机关, 12 事业单位 (schools), 52 民办非企业 (private schools), 91 company."""
        while True:
            region = self.province.code + self.rng.choice(("0000", "0100", self.county()[0][2:]))
            if self.chance(0.5):
                org_body = self.rng.choice(("MB", "MA", "MJ")) + "".join(
                    self.rng.choice(_USCC_ALPHABET) for _ in range(6))
            else:
                org_body = self.digits(8)
            body = kind + region + org_body + org_code_check_digit(org_body)
            code = body + uscc.calc_check_digit(body + "0")
            if uscc.is_valid(code) and not is_valid_resident_id(code):
                return code

    def passport(self) -> str:
        """An ordinary e-passport number: E + 8 digits, or E + letter (no I/O) + 7 digits."""
        if self.chance(0.6):
            return "E" + self.digits(8)
        return "E" + self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7)

    def exam_number(self) -> str:
        """A 14-digit 高考考生号: year(2) province(2) city(2) county(2) type(1) serial(5)."""
        year = self.rng.randint(19, 25)
        r = self.rng
        return (f"{year}{self.province.code}{r.randint(1, 18):02d}{r.randint(1, 30):02d}"
                f"{r.randint(1, 9)}{r.randrange(100000):05d}")

    def office_email(self) -> str:
        box = self.rng.choice(V.OFFICE_MAILBOXES)
        if self.chance(0.25):
            return f"{box}@jyt.{self._gov_domain()}"
        return f"{box}@{self.school[1]}.edu.cn"

    def _gov_domain(self) -> str:
        return {"皖": "ah", "京": "beijing", "粤": "gd", "浙": "zj", "苏": "js", "川": "sc", "鄂": "hubei",
                "豫": "henan", "鲁": "shandong", "陕": "shaanxi"}[self.province.short] + ".gov.cn"

    def personal_email(self) -> str:
        if self.chance(0.4):
            local = str(self.rng.randint(10_000_000, 2_999_999_999))  # QQ-number mailbox
        else:
            local = self.rng.choice(V.PINYIN_SURNAMES) + self.rng.choice(V.PINYIN_GIVEN)
            if self.chance(0.6):
                local += str(self.rng.randint(1, 2005))
        domain = self.rng.choice(V.PERSONAL_MAIL_DOMAINS)
        if self.chance(0.2):
            domain = f"stu.{self.school[1]}.edu.cn"
        return f"{local}@{domain}"

    # -- labelled identifiers: how they are written --------------------------------------------

    def show_id(self, number: str, *, spaced: bool = True) -> str:
        """A resident ID as drafts write it: mostly plain; some lower-case x, full-width, or split."""
        if number.endswith("X") and self.chance(0.35):
            number = number[:-1] + "x"
        forms: list[tuple[float, Callable[[], str]]] = [
            (0.86, lambda: number),
            (0.07, lambda: to_fullwidth(number)),
            (0.02, lambda: f"{number[:6]}-{number[6:14]}-{number[14:]}"),
        ]
        if spaced:
            forms.append((0.06, lambda: f"{number[:6]} {number[6:14]} {number[14:]}"))
        return self.pick_form(forms)

    def masked_id(self, pattern: int | None = None) -> str:
        """A masked ID in one of the mask patterns seen on published lists."""
        number = self.resident_id(1995, 2007)
        pattern = self.rng.randrange(5) if pattern is None else pattern
        star = "*"
        if pattern == 0:
            return number[:6] + star * 8 + number[14:]
        if pattern == 1:
            return number[:4] + star * 10 + number[14:]
        if pattern == 2:
            return number[:3] + star * 11 + number[14:]
        if pattern == 3:
            return number[:6] + star * 10 + number[16:]
        return number[:10] + star * 4 + number[14:]  # keeps the birth year: a weak mask

    def show_mobile(self, number: str, *, spaced: bool = True) -> str:
        """A mobile as written: plain, 3-4-4 with hyphens or spaces, +86 forms, full-width."""
        forms: list[tuple[float, Callable[[], str]]] = [
            (0.60, lambda: number),
            (0.06, lambda: to_fullwidth(number)),
            (0.10, lambda: f"{number[:3]}-{number[3:7]}-{number[7:]}"),
            (0.05, lambda: "+86" + number),
            (0.03, lambda: f"+86-{number}"),
        ]
        if spaced:
            forms += [
                (0.10, lambda: f"{number[:3]} {number[3:7]} {number[7:]}"),
                (0.06, lambda: f"+86 {number[:3]} {number[3:7]} {number[7:]}"),
            ]
        return self.pick_form(forms)

    def show_landline(self, area: str | None = None) -> str:
        code, local = self.landline(area)
        r = self.rng.random()
        if r < 0.5:
            return f"{code}-{local}"
        if r < 0.6:
            return f"({code}){local}"
        if r < 0.65:
            return f"（{code}）{local}"
        if r < 0.75:
            return f"{code}-{local}转{self.rng.randint(800, 8999)}"
        if r < 0.8:
            return f"{code}-{local}-{self.rng.randint(800, 8999)}"
        if r < 0.86:
            return f"{code} {local}"
        if r < 0.92:
            return to_fullwidth(f"{code}-{local}")
        return f"{code}－{local}"

    def show_card(self, number: str, *, spaced: bool = True) -> str:
        """A card number as written: plain, full-width, or (where spaces are safe) in groups of 4."""
        forms: list[tuple[float, Callable[[], str]]] = [
            (0.65, lambda: number),
            (0.05, lambda: to_fullwidth(number)),
        ]
        if spaced:
            forms.append((0.30, lambda: " ".join(number[i:i + 4] for i in range(0, len(number), 4))))
        return self.pick_form(forms)

    def masked_mobile(self) -> str:
        """A masked phone (unlabelled: no full number is disclosed)."""
        number = self.mobile()
        return number[:3] + "****" + number[7:]

    # -- hard negatives (never labelled) -------------------------------------------------------

    def doc_number(self) -> str:
        p, year, n = self.province, self.rng.randint(2015, 2025), self.rng.randint(1, 320)
        forms = (
            f"{p.short}教秘〔{year}〕{n}号",
            f"{p.short}教{self.rng.choice('发函财基高职督')}〔{year}〕{n}号",
            "教财厅函〔2017〕28号",
            f"{p.short}教办函〔{year}〕{n}号",
            f"{p.capital[0]}教〔{year}〕{n}号",
            f"{p.short}财教〔{year}〕{n}号",
            f"教育部令第{self.rng.randint(20, 55)}号",
            f"{p.short}教发[{year}]{n}号",
        )
        return self.rng.choice(forms)

    def index_number(self) -> str:
        """索引号: agency code / year-serial. The code part is never a valid ID or USCC."""
        tail = f"/{self.rng.randint(2019, 2025)}-{self.rng.randrange(1, 99999):05d}"
        while True:
            if self.chance(0.5):
                head = "11" + self.province.code + "0000" + self.digits(10)
                if _is_identifier_lookalike(head):
                    continue
            else:
                head = self.digits(9) if self.chance(0.5) else "00" + self.digits(7)
            return head + tail

    def icp_number(self) -> str:
        suffix = f"-{self.rng.randint(1, 5)}" if self.chance(0.5) else ""
        return f"{self.province.short}ICP备{self.rng.randint(10**7, 10**8 - 1)}号{suffix}"

    def gongan_number(self) -> str:
        """公网安备 number: 6-digit district code + 8 digits — 14 digits, like a 考生号."""
        return f"{self.province.short}公网安备 {self.province.gongan_region}{self.digits(8)}号"

    def website_code(self) -> str:
        return f"{self.province.code}{self.digits(8)}"

    def postcode(self) -> str:
        return f"{self.province.postcode}0{self.rng.randint(0, 9)}{self.rng.randint(1, 9)}"

    def amount(self) -> str:
        r = self.rng.random()
        if r < 0.3:
            return f"{self.rng.randint(10, 99999)}.{self.rng.randint(0, 99):02d}万元"
        if r < 0.6:
            return f"{self.rng.randint(1000, 99_999_999):,}.00元"
        if r < 0.8:
            return f"{self.rng.randint(100, 999_999)}元"
        if r < 0.95:
            return f"人民币{self.rng.randint(1, 500)}万元"
        return self.mobile() + "元"  # an amount that reads like a mobile number

    def percent(self) -> str:
        return f"{self.rng.uniform(50, 100):.1f}%"

    def project_number(self) -> str:
        year = self.year()
        return self.rng.choice((
            f"ZJ{year}-{self.rng.randint(1, 9999):04d}",
            f"{self.rng.choice(('AH', 'BJ', 'GD', 'ZJ'))}JY-{year}-GK-{self.rng.randint(1, 999):04d}",
            f"CG{year}{self.rng.randint(1, 999999):06d}",
            f"{self.province.short}财采〔{year}〕{self.rng.randint(1, 999)}号",
        ))

    def contract_number(self) -> str:
        return f"HT{self.date():%Y%m%d}{self.rng.randint(1, 999):03d}"

    def order_number(self) -> str:
        """18–20 digit order/transaction numbers starting with a date (not valid IDs)."""
        while True:
            value = f"{self.date():%Y%m%d}{self.digits(self.rng.choice((10, 11, 12)))}"
            if not _is_identifier_lookalike(value):
                return value

    def student_number(self) -> str:
        """A school's own 学号 (10 digits); not a 学籍号, not labelled."""
        r = self.rng
        return f"{r.randint(2019, 2024)}{r.randint(1, 30):02d}{r.randint(1, 20):02d}{r.randint(1, 60):02d}"

    # -- prose ---------------------------------------------------------------------------------

    def _slot(self, name: str) -> str:
        fillers: dict[str, Callable[[], str]] = {
            "org": self.authority,
            "city": lambda: self.province.capital,
            "year": lambda: str(self.year()),
            "date": self.date_text,
            "n": lambda: str(self.rng.randint(3, 3000)),
            "m": lambda: f"{self.rng.uniform(1, 900):.2f}",
            "amount": self.amount,
            "pct": self.percent,
            "topic": lambda: self.rng.choice(V.TOPICS),
            "policy": lambda: self.rng.choice(V.POLICIES),
            "goal": lambda: self.rng.choice(V.GOALS),
            "action": lambda: self.rng.choice(V.ACTIONS),
            "docno": lambda: f"（{self.doc_number()}）",
            "school": lambda: self.school[0],
        }
        return fillers[name]()

    def sentence(self) -> str:
        template = self.rng.choice(V.SENTENCES)
        return re.sub(r"\{(\w+)\}", lambda m: self._slot(m.group(1)), template)

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(2, 5)
        return "　　" + "".join(self.sentence() for _ in range(count))


# --------------------------------------------------------------------------------------------
# Shared document parts
# --------------------------------------------------------------------------------------------


def _metadata_box(g: _Gen, b: _Builder, category: str, docno: str | None = None) -> None:
    """The 信息公开目录 box gov sites print above an item: 索引号, 发布机构, 文号."""
    b.line("索 引 号：", g.index_number(), "　　信息分类：", category)
    b.line("发布机构：", g.publisher, "　　生成日期：", g.date_text())
    if docno:
        b.line("文　　号：", docno, "　　有 效 性：有效")
    b.blank()


def _site_footer(g: _Gen, b: _Builder) -> None:
    """Page furniture: ICP and 公网安备 numbers, 网站标识码, postcode (all hard negatives)."""
    b.blank()
    if g.chance(0.5):
        b.line(f"第 {g.rng.randint(1, 3)} 页 共 {g.rng.randint(3, 9)} 页")
    b.line(f"主办单位：{g.publisher}　地址：{g.office_address()}　邮编：{g.postcode()}")
    b.line(f"网站标识码：{g.website_code()}　{g.icp_number()}　{g.gongan_number()}")


def _prose_sections(g: _Gen, b: _Builder, sections: int) -> int:
    """Numbered sections of ordinary policy prose (一、… （一）…), no personal values.

    Returns how many sections were written, so a caller can number the next one."""
    headings = g.rng.sample(V.HEADINGS, k=min(sections, len(V.HEADINGS)))
    for number, heading in zip(V.CN_NUMERALS, headings):
        b.line(f"{number}、{heading}")
        for sub in range(g.rng.randint(1, 3)):
            prefix = f"（{V.CN_NUMERALS[sub]}）" if g.chance(0.5) else ""
            b.line(g.paragraph().replace("　　", "　　" + prefix, 1))
        if g.chance(0.15):
            b.line(f"— {g.rng.randint(2, 12)} —")
    return len(headings)


def _contact_lines(g: _Gen, b: _Builder, *, personal: bool) -> None:
    """联系人/联系电话 lines: office landlines and e-mails always; a personal mobile if asked."""
    for _ in range(g.rng.randint(1, 2)):
        pieces: list[Piece] = ["联系人：", g.contact_name(), "，联系电话：", Ent(g.show_landline(), LANDLINE)]
        if personal and g.chance(0.6):
            pieces += [g.rng.choice(("，", "、", "；手机：", "，手机 ")), Ent(g.show_mobile(g.mobile()), MOBILE)]
        b.line(*pieces, "。")
    if g.chance(0.7):
        b.line("电子邮箱：", Ent(g.office_email(), EMAIL))
    if g.chance(0.4):
        b.line(f"通讯地址：{g.office_address()}，邮政编码：{g.postcode()}")


def _sign_off(g: _Gen, b: _Builder, org: str | None = None) -> None:
    b.blank()
    b.line("　" * 16 + (org or g.publisher))
    b.line("　" * 16 + g.date_text())
    if g.chance(0.6):
        b.line(g.rng.choice(("（此件主动公开）", "（此件公开发布）", "此件主动公开")))


def _table_line(b: _Builder, cells: Sequence[Piece], sep: str) -> None:
    pieces: list[Piece] = []
    for index, cell in enumerate(cells):
        if index:
            pieces.append(sep)
        pieces.append(cell)
    b.line(*pieces)


def _table_separator(g: _Gen) -> str:
    return g.rng.choice(("  ", "\t", ",", "   ", " ", "，"))


# --------------------------------------------------------------------------------------------
# Document templates. Each writes one document into the builder.
# --------------------------------------------------------------------------------------------


def aid_list(g: _Gen, b: _Builder) -> None:
    """资助公示 with the columns 教财厅函〔2017〕28号 forbids (ID, phone, bank card)."""
    school, year = g.school[0], g.year()
    award = g.rng.choice(("国家助学金", "国家励志奖学金", "学校助学金", "生源地信用助学贷款"))
    _metadata_box(g, b, "学生资助", None)
    b.line(f"{school}{year}年{g.rng.choice(('秋季', '春季'))}学期{award}拟资助学生名单公示")
    b.blank()
    count = g.rng.randint(4, 24)
    b.line(f"　　根据{g.rng.choice(V.POLICIES)}（{g.doc_number()}）有关规定，经个人申请、班级评议、学院审核、"
           f"学校学生资助工作领导小组审定，拟资助以下{count}名学生，现予以公示。"
           f"公示期为{g.date_range()}（共5个工作日）。")
    columns = ["身份证号", "联系电话", "银行卡号"]
    if g.chance(0.4):
        columns = sorted(g.rng.sample(columns, g.rng.randint(1, 2)), key=columns.index)
    extra = g.chance(0.5)
    sep = _table_separator(g)
    spaced = sep == ","  # inner spaces only where spaces do not separate cells
    _table_line(b, ["序号", "姓名", "学院", *columns, *(["资助等级", "金额（元）"] if extra else [])], sep)
    for row in range(1, count + 1):
        full = g.chance(0.05)
        cells: list[Piece] = [str(row), g.person_name(), g.rng.choice(V.COLLEGES)]
        for column in columns:
            if column == "身份证号":
                value = g.show_id(g.resident_id(1999, 2007), spaced=spaced)
                cells.append(Ent(to_fullwidth(value) if full else value, RESIDENT_ID))
            elif column == "联系电话":
                value = g.show_mobile(g.mobile(), spaced=spaced)
                cells.append(Ent(to_fullwidth(value) if full else value, MOBILE))
            else:
                value = g.show_card(g.bank_card(), spaced=spaced)
                cells.append(Ent(to_fullwidth(value) if full else value, BANK_CARD))
        if extra:
            level = g.rng.choice(("一等", "二等", "三等"))
            cells += [level, {"一等": "4400", "二等": "3300", "三等": "2200"}[level]]
        _table_line(b, cells, sep)
    b.blank()
    b.line("　　公示期间如有异议，请以书面形式向学校学生资助管理中心反映。")
    b.line("监督电话：", Ent(g.show_landline(), LANDLINE), "；电子邮箱：", Ent(g.office_email(), EMAIL))
    b.line(f"地址：{g.office_address()}，邮编：{g.postcode()}")
    _sign_off(g, b, f"{school}学生资助管理中心")
    _site_footer(g, b)


def admission_list(g: _Gen, b: _Builder) -> None:
    """招生/录取公示: 考生号 and sometimes (masked or full) IDs next to allowed fields."""
    school, year = g.school[0], g.year()
    kind = g.rng.choice(("保送生", "高水平运动队", "专升本", "综合评价招生", "艺术类专业", "少数民族预科班"))
    _metadata_box(g, b, "招生考试", None)
    b.line(f"{school}{year}年{kind}拟录取名单公示")
    b.blank()
    b.line(f"　　根据教育部有关规定和《{school}{year}年{kind}招生简章》，经学校招生工作领导小组研究，"
           f"拟录取以下考生，现予以公示。公示时间：{g.date_range()}。")
    id_mode = g.rng.choices(("none", "masked", "full"), weights=(4, 3, 3))[0]
    with_exam = g.chance(0.85)
    sep = _table_separator(g)
    header = ["序号", "姓名", "性别", *(["考生号"] if with_exam else []), "生源省份", "录取专业"]
    header += {"none": [], "masked": ["身份证号"], "full": ["身份证号"]}[id_mode]
    if g.chance(0.4):
        header.append("测试成绩")
    _table_line(b, header, sep)
    mask_pattern = g.rng.randrange(5)
    for row in range(1, g.rng.randint(4, 30) + 1):
        cells: list[Piece] = [str(row), g.person_name(), g.gender()]
        if with_exam:
            cells.append(Ent(g.exam_number(), EXAM_NUMBER))
        cells += [g.province.name, g.rng.choice(V.MAJORS)]
        if id_mode == "masked":
            cells.append(Ent(g.masked_id(mask_pattern), RESIDENT_ID_MASKED))
        elif id_mode == "full":
            cells.append(Ent(g.show_id(g.resident_id(2003, 2007), spaced=sep == ","), RESIDENT_ID))
        if header[-1] == "测试成绩":
            cells.append(f"{g.rng.uniform(60, 98):.1f}")
        _table_line(b, cells, sep)
    b.blank()
    b.line("　　公示期内，如对拟录取考生有异议，请向学校纪委（监察专员办）实名反映。")
    b.line("招生咨询电话：", Ent(g.show_landline(), LANDLINE), "　监督电话：", Ent(g.show_landline(), LANDLINE))
    if g.chance(0.7):
        b.line("监督邮箱：", Ent(g.office_email(), EMAIL))
    _sign_off(g, b, f"{school}招生办公室")
    _site_footer(g, b)


def _id_after_label(g: _Gen, number: str) -> str:
    """An ID in running prose: sometimes split by a line wrap (first part ends a line)."""
    if g.chance(0.2):
        return wrap_inside(number, g.rng.randint(4, 15))
    return g.show_id(number)


def penalty_decision(g: _Gen, b: _Builder) -> None:
    """行政处罚决定书 against a training institution's legal representative (当事人 details)."""
    p, year = g.province, g.year()
    bureau = f"{p.capital}{g.county()[1]}教育局" if g.chance(0.6) else f"{p.capital}教育局"
    org = g.rng.choice(V.TRAINING_ORGS)
    _metadata_box(g, b, "行政执法", None)
    b.line(bureau)
    b.line("行政处罚决定书")
    b.line(f"{p.capital[0]}教罚决字〔{year}〕{g.rng.randint(1, 60)}号")
    b.blank()
    b.line(f"当事人：{g.person_name()}")
    b.line(f"性别：{g.gender()}　　民族：{g.rng.choice(V.ETHNICITIES)}")
    b.line(g.rng.choice(("身份证号码：", "公民身份号码：", "身份证号：")),
           Ent(_id_after_label(g, g.resident_id(1960, 1995)), RESIDENT_ID))
    b.line(f"住址：{g.address()}")
    b.line(g.rng.choice(("联系电话：", "手机号码：", "电话：")), Ent(g.show_mobile(g.mobile()), MOBILE))
    org_code = g.social_credit_code(g.rng.choice(("52", "91")))
    b.line(f"　　当事人系{org}（统一社会信用代码：", Ent(org_code, SOCIAL_CREDIT_CODE), "）法定代表人。")
    b.blank()
    b.line(f"　　经查，当事人于{g.date_range(60)}期间，在未取得办学许可证的情况下，"
           f"擅自在{g.office_address()}开展面向中小学生的学科类培训，共招收学员{g.rng.randint(12, 300)}名，"
           f"收取培训费用共计{g.amount()}。")
    b.line("　　以上事实有现场检查笔录、询问笔录、收费凭证、学员名册等证据为证。")
    b.line(f"　　本机关于{g.date_text()}向当事人送达了《行政处罚告知书》（{p.capital[0]}教罚告字〔{year}〕"
           f"{g.rng.randint(1, 60)}号），当事人在法定期限内未提出陈述、申辩。")
    b.line("　　依据《中华人民共和国民办教育促进法》第六十四条、"
           "《校外培训行政处罚暂行办法》第十三条之规定，本机关决定：")
    b.line("　　1.责令停止违法办学行为；")
    b.line("　　2.退还所收费用；")
    b.line(f"　　3.处以罚款人民币{g.rng.randint(1, 10) * 10000}元。")
    b.line("　　当事人应自收到本决定书之日起十五日内，持本决定书到指定银行缴纳罚款。逾期不缴纳的，"
           "每日按罚款数额的百分之三加处罚款。")
    b.line(f"　　如不服本决定，可以在收到本决定书之日起六十日内向{p.capital}人民政府申请行政复议，"
           f"或者在六个月内向{p.capital}{g.county()[1]}人民法院提起行政诉讼。")
    b.line("　　本机关联系电话：", Ent(g.show_landline(), LANDLINE))
    _sign_off(g, b, bureau)
    _site_footer(g, b)


def notice(g: _Gen, b: _Builder, *, personal: bool = True) -> None:
    """An ordinary 通知 with 文号 and prose; contacts at the end (mobile only when personal)."""
    year, topic = g.year(), g.rng.choice(V.TOPICS)
    docno = g.doc_number()
    _metadata_box(g, b, "通知公告", docno)
    title = g.rng.choice((
        f"关于举办{year}年{topic}培训班的通知",
        f"关于开展{year}年{topic}{g.rng.choice(V.ACTIONS)}的通知",
        f"关于做好{year}年{topic}工作的通知",
        f"关于印发《{topic}工作实施方案》的通知",
    ))
    b.line(title)
    b.line(docno)
    b.blank()
    b.line("各市、县（区）教育局，各高等学校，厅直属各单位：")
    b.line(g.paragraph())
    written = _prose_sections(g, b, g.rng.randint(2, 5))
    b.line(f"{V.CN_NUMERALS[written]}、联系方式")
    _contact_lines(g, b, personal=personal)
    if g.chance(0.5):
        b.blank()
        b.line("附件：1.报名回执表")
        b.line("　　　2.培训日程安排")
        b.line("报名回执表")
        b.line("单位名称　　姓名　　职务　　手机号码　　电子邮箱　　是否住宿")
    _sign_off(g, b)
    _site_footer(g, b)


def passport_delegation(g: _Gen, b: _Builder) -> None:
    """因公出国（境）团组公示 listing members with their 护照 numbers."""
    school, year = g.school[0], g.year()
    country = g.rng.choice(V.COUNTRIES)
    _metadata_box(g, b, "外事工作", None)
    b.line(f"{school}关于{year}年赴{country}开展学术交流团组的公示")
    b.blank()
    b.line(f"　　根据因公出国（境）管理有关规定，现将我校赴{country}团组情况公示如下：")
    b.line(f"　　出访任务：参加国际学术会议并开展合作交流。出访日期：{g.date_range(7)}，"
           f"在外停留{g.rng.randint(5, 14)}天。经费来源：学校国际交流专项经费，预算{g.amount()}。")
    b.line("　　团组成员：")
    in_table = g.chance(0.3)
    sep = _table_separator(g)
    if in_table:
        _table_line(b, ["序号", "姓名", "单位及职务", "护照号码"], sep)
    for row in range(1, g.rng.randint(2, 6) + 1):
        member = [g.person_name(), f"{g.rng.choice(V.COLLEGES)}{g.rng.choice(V.POSITIONS)}"]
        if in_table:
            _table_line(b, [str(row), *member, Ent(g.passport(), PASSPORT)], sep)
        else:
            label = g.rng.choice(("护照号码：", "护照号：", "因公护照号 ", "护照号码 "))
            b.line(f"　　{row}.{member[0]}，{member[1]}，", label, Ent(g.passport(), PASSPORT), "；")
    b.line(f"　　公示期：{g.date_range()}。如有异议，请与国际合作与交流处联系。")
    b.line("联系电话：", Ent(g.show_landline(), LANDLINE))
    _sign_off(g, b, f"{school}国际合作与交流处")
    _site_footer(g, b)


def information_request_reply(g: _Gen, b: _Builder) -> None:
    """政府信息公开申请答复书 that repeats the applicant's ID, phone and e-mail (a common leak)."""
    year = g.year()
    authority = g.provincial_authority()
    _metadata_box(g, b, "依申请公开", None)
    b.line(f"{authority}政府信息公开申请答复书")
    b.line(f"{g.province.short}教信公复〔{year}〕{g.rng.randint(1, 200)}号")
    b.blank()
    name = g.person_name()
    b.line(f"{name}：")
    number = g.resident_id(1960, 2000)
    if g.chance(0.3):
        # glued: 申请人张三110101…男 (no label, no separator — as PDF extraction leaves it)
        id_piece: list[Piece] = [
            f"　　本机关于{g.date_text()}收到申请人{name}", Ent(g.show_id(number, spaced=False), RESIDENT_ID),
            f"{g.gender()}，通过{g.rng.choice(('信函', '网络平台', '当面'))}方式提交的政府信息公开申请。"]
    else:
        id_piece = [f"　　本机关于{g.date_text()}收到您（身份证号：", Ent(_id_after_label(g, number), RESIDENT_ID),
                    f"）通过{g.rng.choice(('信函', '网络平台', '当面'))}方式提交的政府信息公开申请。"]
    b.line(*id_piece)
    b.line(f"　　您申请获取“{year}年{g.rng.choice(V.TOPICS)}相关文件及资金分配情况”。经审查，现答复如下：")
    b.line(f"　　您申请的信息已于{g.date_text()}在本机关门户网站主动公开（{g.doc_number()}），"
           f"索引号为{g.index_number()}，您可自行查阅。")
    b.line("　　如对本答复不服，可以自收到本答复之日起六十日内申请行政复议，或者在六个月内提起行政诉讼。")
    b.line("　　本机关联系电话：", Ent(g.show_landline(g.province.area_codes[0]), LANDLINE))
    b.line(f"　　本答复书将通过{g.rng.choice(('邮寄', '电子邮件'))}方式送达，申请人预留联系方式：手机",
           Ent(g.show_mobile(g.mobile()), MOBILE), "，电子邮箱", Ent(g.personal_email(), EMAIL), "。")
    b.line(f"　　送达地址：{g.address()}，邮政编码：{g.postcode()}。")
    _sign_off(g, b, authority)
    _site_footer(g, b)


def masked_list(g: _Gen, b: _Builder) -> None:
    """公示 with masked IDs (one pattern, or mixed patterns — the 信息汇聚 risk); rarely a full ID slips in."""
    school, year = g.school[0], g.year()
    honour = g.rng.choice(("优秀学生干部", "三好学生", "优秀毕业生", "社会实践先进个人", "励志之星"))
    _metadata_box(g, b, "评优评先", None)
    b.line(f"{school}{year}年度{honour}拟表彰名单公示")
    b.blank()
    b.line(f"　　经学生个人申请、学院推荐、学校审核，拟表彰以下同学为{year}年度{honour}，现予以公示。")
    sep = _table_separator(g)
    with_phone = g.chance(0.4)
    _table_line(b, ["序号", "姓名", "班级", "身份证号", *(["联系电话"] if with_phone else [])], sep)
    pattern = None if g.chance(0.3) else g.rng.randrange(5)
    for row in range(1, g.rng.randint(5, 25) + 1):
        clazz = f"{g.rng.choice(V.MAJORS)}{g.rng.randint(19, 24)}{g.rng.randint(1, 4)}班"
        if g.chance(0.04):
            id_cell = Ent(g.resident_id(1999, 2007), RESIDENT_ID)
        else:
            id_cell = Ent(g.masked_id(pattern), RESIDENT_ID_MASKED)
        cells: list[Piece] = [str(row), g.person_name(), clazz, id_cell]
        if with_phone:
            cells.append(g.masked_mobile())
        _table_line(b, cells, sep)
    b.blank()
    b.line("联系电话：", Ent(g.show_landline(), LANDLINE))
    _sign_off(g, b, f"{school}学生工作部（处）")
    _site_footer(g, b)


def legacy_roster(g: _Gen, b: _Builder) -> None:
    """An archived staff record with first-generation 15-digit IDs, some with their 18-digit upgrade."""
    year = g.rng.randint(2003, 2012)
    _metadata_box(g, b, "人事管理", None)
    b.line(f"{g.local_school()}{year}年退休教职工名单")
    b.blank()
    for _ in range(g.rng.randint(3, 12)):
        old, new = g.legacy_resident_id(1940, year - 60)
        born_year = 1900 + int(old[6:8])
        born = f"{born_year}年{int(old[8:10])}月"
        label = g.rng.choice(("身份证号：", "身份证号码：", "身份证号 "))
        person = f"{g.person_name()}　性别：{g.gender()}　出生年月：{born}　"
        pieces: list[Piece] = [person, label, Ent(old, RESIDENT_ID)]
        if g.chance(0.3):
            pieces += ["（现身份证号：", Ent(new, RESIDENT_ID), "）"]
        pieces.append(f"　参加工作时间：{born_year + g.rng.randint(18, 24)}年{g.rng.randint(1, 12)}月")
        b.line(*pieces)
    b.line("经办人联系电话：", Ent(g.show_landline(), LANDLINE))
    _sign_off(g, b)


def procurement_result(g: _Gen, b: _Builder) -> None:
    """采购结果公告: supplier USCCs, project/contract numbers, amounts; office contacts only."""
    school, year = g.school[0], g.year()
    _metadata_box(g, b, "政府采购", None)
    b.line(f"{school}{g.rng.choice(V.TOPICS)}设备采购项目中标（成交）结果公告")
    b.blank()
    b.line(f"一、项目编号：{g.project_number()}")
    b.line(f"二、项目名称：{school}{year}年智慧教室建设项目")
    b.line(f"三、采购方式：{g.rng.choice(('公开招标', '竞争性磋商', '询价'))}，预算金额：{g.amount()}")
    b.line("四、中标（成交）信息")
    for _ in range(g.rng.randint(1, 3)):
        b.line(f"　　供应商名称：{g.rng.choice(V.SUPPLIERS)}，统一社会信用代码：",
               Ent(g.social_credit_code("91"), SOCIAL_CREDIT_CODE))
        b.line(f"　　供应商地址：{g.office_address()}，中标金额：{g.amount()}")
    b.line(f"五、合同编号：{g.contract_number()}，电子交易订单号：{g.order_number()}")
    b.line(f"六、评审专家名单：{'、'.join(g.person_name() for _ in range(5))}")
    b.line(f"七、公告期限：自本公告发布之日起1个工作日（{g.date_text()}）。")
    b.line("八、联系方式")
    b.line(f"　　采购人：{school}（统一社会信用代码：", Ent(g.social_credit_code("12"), SOCIAL_CREDIT_CODE), "）")
    b.line(f"　　地址：{g.office_address()}　联系人：{g.contact_name()}　电话：", Ent(g.show_landline(), LANDLINE))
    b.line("　　采购代理机构联系电话：", Ent(g.show_landline(), LANDLINE))
    if g.chance(0.6):
        b.line("　　电子邮箱：", Ent(g.office_email(), EMAIL))
    _site_footer(g, b)


def statistics_bulletin(g: _Gen, b: _Builder) -> None:
    """教育统计公报: numbers everywhere, none personal."""
    year = g.year()
    _metadata_box(g, b, "统计信息", g.doc_number())
    b.line(f"{year}年{g.province.name}教育事业发展统计公报")
    b.blank()
    for level in ("学前教育", "义务教育", "高中阶段教育", "高等教育", "民办教育"):
        b.line(f"（{V.CN_NUMERALS[g.rng.randint(0, 9)]}）{level}")
        b.line(f"　　全省共有{level}学校{g.rng.randint(100, 9000)}所，比上年增加{g.rng.randint(1, 90)}所；"
               f"在校生{g.rng.randint(100_000, 9_999_999):,}人，专任教师{g.rng.randint(10_000, 400_000)}人，"
               f"生师比{g.rng.uniform(10, 20):.2f}:1。{g.sentence()}")
    b.line(f"　　全年教育经费总投入{g.amount()}，其中财政性教育经费{g.amount()}，占比{g.percent()}。")
    if g.chance(0.4):
        b.line(f"　　学生资助累计发放{g.mobile()}元，惠及学生{g.rng.randint(100, 999)}万人次。")
    b.line("　　注：本公报数据截至", g.date_text(), "，统计口径见附表1至附表8。")
    b.line("统计数据咨询：发展规划处，电话：", Ent(g.show_landline(g.province.area_codes[0]), LANDLINE))
    _site_footer(g, b)


def exam_violation(g: _Gen, b: _Builder) -> None:
    """考试违规处理决定 naming candidates with 考生号 and ID numbers."""
    year = g.year()
    office = f"{g.province.name}教育考试院"
    _metadata_box(g, b, "招生考试", None)
    b.line(f"{office}关于{year}年普通高校招生考试违规考生处理情况的通告")
    b.blank()
    for _ in range(g.rng.randint(1, 4)):
        subject = g.rng.choice(("语文", "数学", "外语", "物理", "历史", "化学"))
        pieces: list[Piece] = [f"　　考生{g.person_name()}，考生号：", Ent(g.exam_number(), EXAM_NUMBER)]
        if g.chance(0.6):
            if g.chance(0.3):
                pieces += ["，身份证号：", Ent(g.masked_id(), RESIDENT_ID_MASKED)]
            else:
                pieces += ["，身份证号：", Ent(_id_after_label(g, g.resident_id(2004, 2008)), RESIDENT_ID)]
        pieces.append(f"，在{year}年普通高考{subject}科目考试中携带具有通讯功能的电子设备进入考场。"
                      f"依据{g.rng.choice(V.POLICIES)}，认定其行为属于考试作弊，当次报名参加考试的各科成绩无效。")
        b.line(*pieces)
    b.line("　　监督举报电话：", Ent(g.show_landline(g.province.area_codes[0]), LANDLINE))
    _sign_off(g, b, office)
    _site_footer(g, b)


def refund_list(g: _Gen, b: _Builder) -> None:
    """学费退费/补助发放名单 with bank cards (often grouped in fours) and school 学号."""
    school, year = g.school[0], g.year()
    _metadata_box(g, b, "财务信息", None)
    b.line(f"{school}{year}年{g.rng.choice(('退役士兵学费减免', '学费退费', '临时困难补助发放'))}名单")
    b.blank()
    sep = g.rng.choice(("  ", "\t", ","))
    _table_line(b, ["序号", "姓名", "学号", "金额（元）", "开户行", "银行卡号"], sep)
    for row in range(1, g.rng.randint(4, 20) + 1):
        card = g.show_card(g.bank_card(), spaced=sep == ",")
        _table_line(b, [str(row), g.person_name(), g.student_number(), f"{g.rng.randint(500, 9000)}.00",
                        g.rng.choice(V.BANKS), Ent(card, BANK_CARD)], sep)
    b.line("　　经办：计划财务处　联系电话：", Ent(g.show_landline(), LANDLINE))
    _sign_off(g, b, f"{school}计划财务处")


def glued_roster(g: _Gen, b: _Builder) -> None:
    """A PDF-extracted roster: columns glued together (张三110101…男), some IDs wrapped across lines."""
    year = g.year()
    _metadata_box(g, b, "教师管理", None)
    b.line(f"{g.province.capital}{year}年{g.rng.choice(('春季', '秋季'))}中小学教师资格认定通过人员名单")
    b.line("序号姓名身份证号性别任教学科")
    for row in range(1, g.rng.randint(5, 25) + 1):
        number = g.resident_id(1985, 2002)
        if number.endswith("X") and g.chance(0.4):
            number = number[:-1] + "x"
        if g.chance(0.1):
            number = wrap_inside(number, g.rng.randint(6, 16))
        subject = g.rng.choice(("小学语文", "初中数学", "高中英语", "小学科学", "初中物理", "幼儿园"))
        b.line(f"{row}{g.person_name()}", Ent(number, RESIDENT_ID), f"{g.gender()}{subject}")
    b.line(f"共{g.rng.randint(100, 900)}人")
    _site_footer(g, b)


def work_report(g: _Gen, b: _Builder) -> None:
    """A long 工作报告/年度报告: many sections of prose; office contacts only."""
    year = g.year()
    _metadata_box(g, b, "工作报告", g.doc_number())
    b.line(f"{g.publisher}{year}年政府信息公开工作年度报告")
    b.blank()
    _prose_sections(g, b, g.rng.randint(6, 12))
    b.line(f"　　本报告电子版可在门户网站下载，索引号：{g.index_number()}。")
    _contact_lines(g, b, personal=False)
    _site_footer(g, b)


def news_item(g: _Gen, b: _Builder) -> None:
    """A short 工作动态 news item: dates, numbers, no contacts at all."""
    b.line(f"{g.publisher}召开{g.rng.choice(V.TOPICS)}工作推进会")
    b.line(f"发布时间：{g.date_text()}　来源：办公室　浏览次数：{g.rng.randint(20, 99999)}")
    for _ in range(g.rng.randint(2, 4)):
        b.line(g.paragraph())
    _site_footer(g, b)


def _plain_notice(g: _Gen, b: _Builder) -> None:
    notice(g, b, personal=False)


Template = Callable[[_Gen, _Builder], None]

# (template, weight) — personal-data templates for the labelled corpus
LABELLED_TEMPLATES: tuple[tuple[Template, int], ...] = (
    (aid_list, 14), (admission_list, 10), (penalty_decision, 8), (notice, 12),
    (passport_delegation, 5), (information_request_reply, 7), (masked_list, 8), (legacy_roster, 5),
    (procurement_result, 7), (statistics_bulletin, 6), (exam_violation, 6), (refund_list, 6),
    (glued_roster, 5), (work_report, 2),
)

# throughput corpus: ~90% ordinary prose without personal data …
PROSE_TEMPLATES: tuple[tuple[Template, int], ...] = (
    (_plain_notice, 10), (work_report, 4), (news_item, 6), (statistics_bulletin, 3), (procurement_result, 3),
)
# … and ~10% lists with personal data
PERSONAL_TEMPLATES: tuple[tuple[Template, int], ...] = (
    (aid_list, 4), (admission_list, 3), (penalty_decision, 2), (masked_list, 2), (refund_list, 2),
    (information_request_reply, 1), (exam_violation, 1), (glued_roster, 1), (passport_delegation, 1),
    (legacy_roster, 1),
)


def _pick(g: _Gen, templates: Sequence[tuple[Template, int]]) -> Template:
    return g.rng.choices([t for t, _ in templates], weights=[w for _, w in templates])[0]


def _render(g: _Gen, template: Template, name: str) -> LabelledDoc:
    g.start_document()
    builder = _Builder()
    template(g, builder)
    return builder.build(name)


def _template_name(template: Template) -> str:
    return template.__name__.lstrip("_")


def generate_labelled_documents(count: int = 300, seed: int = 7) -> list[LabelledDoc]:
    """``count`` documents with exact identifier labels, the same for the same seed."""
    g = _Gen(random.Random(seed))
    docs = []
    for index in range(count):
        template = _pick(g, LABELLED_TEMPLATES)
        docs.append(_render(g, template, f"{index:04d}-{_template_name(template)}"))
    return docs


def generate_throughput_corpus(target_chars: int = 2_000_000, seed: int = 11) -> list[str]:
    """Documents totalling at least ``target_chars``: ~90% ordinary prose (文号, dates, amounts, office
    phone lines, no personal data), ~10% lists with personal data — the mix a real site sweep sees."""
    g = _Gen(random.Random(seed))
    docs: list[str] = []
    total = 0
    while total < target_chars:
        templates = PERSONAL_TEMPLATES if g.chance(0.1) else PROSE_TEMPLATES
        template = _pick(g, templates)
        text = _render(g, template, _template_name(template)).text
        docs.append(text)
        total += len(text)
    return docs


def _summary(docs: Sequence[LabelledDoc]) -> str:
    """Counts per entity type and per template (for ``python -m bench.corpus``)."""
    from collections import Counter

    types = Counter(span.entity_type for doc in docs for span in doc.spans)
    kinds = Counter(doc.name.split("-", 1)[1] for doc in docs)
    chars = sum(len(doc.text) for doc in docs)
    lines = [f"{len(docs)} documents, {chars:,} characters"]
    lines += [f"  {name:<24}{n:>6}" for name, n in sorted(types.items())]
    lines += [f"  {'[' + name + ']':<24}{n:>6}" for name, n in sorted(kinds.items())]
    return "\n".join(lines)


if __name__ == "__main__":
    print(_summary(generate_labelled_documents()))
