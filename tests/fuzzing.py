"""Hypothesis strategies and checks shared by tests/test_fuzz.py (a short budget in every test run)
and bench/fuzz.py (a long run whose failures become regression tests).

Every value planted here is generated (valid check digits, never a real person's).
"""

from __future__ import annotations

import io
import json
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[1]

# "ci": a short budget with fixed examples, so every test run checks the same ones and stays fast;
# "long" (bench/fuzz.py): many examples, fresh randomness each run.
PROFILE = os.environ.get("SCREENING_FUZZ", "ci")
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=int(os.environ.get("SCREENING_FUZZ_EXAMPLES", "1000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
TEXT_BUDGET = settings.get_profile(PROFILE)
FILE_BUDGET = settings(TEXT_BUDGET, max_examples=6 if PROFILE == "ci" else max(TEXT_BUDGET.max_examples // 10, 10))

# Prose that holds no identifier of its own: common Han characters and Chinese punctuation.
HAN_PROSE = "我校举行了关于学生资助工作的会议各学院教师参加本次活动通知如下请按时完成相关材料报送"
PUNCTUATION = "，。、；：！？（）《》“”—…\n "
ODD_CHARACTERS = "\u200b\u200d\ufeff\u00ad\u3000\u00a0\t\r０１２３٣①𝟏〇一二三\ud800\udfff🔥é"


@st.composite
def resident_ids(draw) -> str:
    """A resident ID with a correct check digit (region, birth date and sequence drawn)."""
    region = draw(st.sampled_from(("110101", "340104", "440305", "510107", "650102")))
    year = draw(st.integers(1950, 2015))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    sequence = draw(st.integers(0, 999))
    body = f"{region}{year:04d}{month:02d}{day:02d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


@st.composite
def mobiles(draw) -> str:
    return draw(st.sampled_from(("139", "158", "186", "177", "135"))) + f"{draw(st.integers(0, 99_999_999)):08d}"


@st.composite
def bank_cards(draw) -> str:
    body = draw(st.sampled_from(("622202", "621700", "622848"))) + f"{draw(st.integers(0, 10**12 - 1)):012d}"
    return body + luhn.calc_check_digit(body)


def prose(max_size: int = 60) -> st.SearchStrategy[str]:
    return st.text(alphabet=HAN_PROSE + PUNCTUATION, max_size=max_size)


@dataclass(frozen=True)
class PlantedText:
    text: str
    values: tuple[str, ...]  # the identifiers planted in it, raw


@st.composite
def texts_with_identifiers(draw) -> PlantedText:
    """Prose, odd characters and labelled identifiers in any order."""
    pieces: list[str] = []
    values: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("prose", "odd", "id", "mobile", "card", "digits")))
        if kind == "prose":
            pieces.append(draw(prose()))
        elif kind == "odd":
            pieces.append(draw(st.text(alphabet=ODD_CHARACTERS + HAN_PROSE, max_size=20)))
        elif kind == "digits":
            pieces.append(draw(st.text(alphabet="0123456789-— X", max_size=30)))
        else:
            value = draw({"id": resident_ids(), "mobile": mobiles(), "card": bank_cards()}[kind])
            label = {"id": "身份证号：", "mobile": "联系电话：", "card": "银行卡号："}[kind]
            pieces.append(label + value)
            values.append(value)
    return PlantedText("".join(pieces), tuple(values))


def report_text(result) -> str:
    """Everything a JSON report of `result` would print."""
    return json.dumps(result.to_dict(), ensure_ascii=False)


# ---- files, mutated ------------------------------------------------------------------------------
SAMPLE_FILES = tuple(
    sorted(
        p for p in (ROOT / "samples").rglob("*")
        if p.suffix.lower() in {".docx", ".xlsx", ".pdf", ".html", ".txt", ".csv", ".zip"}
    )
)


def mutate(data: bytes, how: str, rng: random.Random) -> bytes:
    """`data` damaged as files are in the wild: bytes flipped, cut short, or a zip part removed."""
    if how == "flip" and data:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    if how == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if how == "drop-part" and data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as source:
                names = source.namelist()
                dropped = rng.choice(names) if names else None
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                    for name in names:
                        if name != dropped:
                            target.writestr(name, source.read(name))
            return out.getvalue()
        except (zipfile.BadZipFile, OSError, EOFError):
            return data
    return data
