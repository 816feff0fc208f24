"""The candidate pass answers exactly what the prefilter's patterns searched one by one answer."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import regex
from charset_normalizer import from_path
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import generate_throughput_corpus
from recognizers.digit_view import VIEW_HINT_BEFORE_FOLDING, needs_view
from recognizers.textnorm import to_halfwidth
from screening.engine import candidates
from screening.engine.analyzer import PEOPLE_CUE, VIEW_HINT, shared_analyzer
from screening.engine.candidates import CandidatePass
from screening.sources.text import text_blocks

pytestmark = pytest.mark.skipif(candidates.hyperscan is None, reason="hyperscan is not installed on this platform")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Blocks as a scan sees them: generated notices and rosters, the bundled samples, and the forms
# the triggers were written for (full-width digits, masks, traditional script, disguised digits).
HAND_WRITTEN = [
    "联系电话：０５５１－６２８８１２３４，邮箱ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ",
    "身份证号 3401\u200b0419 8506 1236 36",
    "三四〇一〇四一九八五〇六一二三六三六",
    "電話 1 3 8 0 0 1 3 8 0 0 0。",
    "★秘密 1年\n绝密",
    "  机密★5年",
    "本件为内部资料，注意保存，不得外传",
    "澳门葡京娱乐官网 8888.com 首存返水",
    "张同学（1）班，成绩：92分，全省第3名",
    "户籍所在地：安徽省合肥市 家住幸福路1号",
    "确诊为白血病，家庭为低保户，父母离异",
    "信仰基督教",
    "出生日期：2010年3月7日",
    "",
    " ",
]


def corpus_blocks() -> list[str]:
    documents = generate_throughput_corpus(150_000, seed=5)
    documents += [str(from_path(p).best()) for p in SAMPLES.glob("*.txt")]  # UTF-8 and GB18030
    return [block.text for document in documents for block in text_blocks(document)] + HAND_WRITTEN


def engine_patterns() -> dict[str, str]:
    analyzer = shared_analyzer()
    return {name: analyzer.candidates._regex[name].pattern for name in analyzer.candidates.names}


def searched_one_by_one(patterns: dict[str, str], text: str) -> frozenset[str]:
    return frozenset(name for name, source in patterns.items() if regex.search(source, text, regex.MULTILINE))


def test_the_engines_pass_answers_as_each_pattern_searched_alone():
    analyzer = shared_analyzer()
    patterns = engine_patterns()
    assert {PEOPLE_CUE, VIEW_HINT} <= set(patterns) and len(patterns) == len(analyzer.groups) + 2
    # most patterns are answered by Hyperscan alone; the spam trigger's look-arounds make it a superset
    assert len(analyzer.candidates.by_hyperscan) >= len(patterns) - 2
    blocks = corpus_blocks()
    assert sum(map(len, blocks)) > 150_000
    differing = [b for b in blocks if analyzer.candidates.hits(b) != searched_one_by_one(patterns, b)]
    assert differing == []


def test_without_hyperscan_every_pattern_is_searched_with_regex(monkeypatch):
    patterns = engine_patterns()
    monkeypatch.setattr(candidates, "hyperscan", None)
    fallback = CandidatePass(patterns)
    assert fallback.by_regex == tuple(patterns) and not fallback.by_hyperscan
    for block in corpus_blocks()[:400]:
        assert fallback.hits(block) == searched_one_by_one(patterns, block)


def test_among_limits_what_is_confirmed():
    found = CandidatePass({"code": "[0-9]{6}", "cue": "(?<=班)[0-9]"})
    assert found.confirmed == {"cue"}
    assert found.hits("班级 202401") == {"code"}  # the widened cue ([0-9]) hit, regex said no
    assert found.hits("三班2人 202401") == {"code", "cue"}
    assert found.hits("三班2人", among=frozenset({"cue"})) == {"cue"}


def test_a_pattern_hyperscan_rejects_is_searched_with_regex():
    found = CandidatePass({"repeat": r"([0-9])\1{5}", "plain": "密级"})
    assert found.by_regex == ("repeat",) and found.by_hyperscan == {"plain"}
    assert found.hits("账号 111111，密级") == {"repeat", "plain"}
    assert found.hits("账号 123456") == frozenset()


# Characters that disguise digits, or look like it, and what folding changes.
_DISGUISE = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９ .-．－—‐−　·•・∙\u200b\u00a0①③⑨٣𝟏三四〇一九零壹年月号X")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_DISGUISE)
def test_the_view_hint_occurs_in_every_block_whose_folded_form_needs_a_view(text):
    if needs_view(to_halfwidth(text)):
        assert regex.search(VIEW_HINT_BEFORE_FOLDING, text)


def test_the_compiled_database_is_cached_and_a_broken_cache_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv(candidates.CACHE_VARIABLE, str(tmp_path))
    patterns = {"code": "[0-9]{6}", "cue": "(?<=班)[0-9]", "mark": "密\\s*级"}
    first = CandidatePass(patterns)
    assert not first.from_cache and len(list(tmp_path.glob("candidates-*.hsdb"))) == 1
    second = CandidatePass(patterns)
    assert second.from_cache and second.confirmed == first.confirmed
    assert second.hits("三班2人 密 级") == first.hits("三班2人 密 级") == {"cue", "mark"}
    next(tmp_path.glob("candidates-*.hsdb")).write_bytes(b"not a database")
    third = CandidatePass(patterns)
    assert not third.from_cache and third.hits("202401") == {"code"}


def test_an_empty_cache_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(candidates.CACHE_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    CandidatePass({"code": "[0-9]{6}"})
    assert list(tmp_path.rglob("*")) == []


def test_threads_scan_at_once_with_their_own_scratch():
    analyzer = shared_analyzer()
    blocks = corpus_blocks()[:300] * 4
    expected = [analyzer.candidates.hits(b) for b in blocks]
    threads: set[int] = set()

    def hits(block: str) -> frozenset[str]:
        threads.add(threading.get_ident())
        return analyzer.candidates.hits(block)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(hits, blocks)) == expected
    assert len(threads) > 1


def test_no_home_folder_means_no_cache_not_a_failure(monkeypatch):
    monkeypatch.delenv(candidates.CACHE_VARIABLE, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(candidates.Path, "home", staticmethod(no_home))
    found = CandidatePass({"code": "[0-9]{6}"})
    assert not found.from_cache and found.hits("202401") == {"code"}


def test_a_lone_surrogate_is_answered_by_regex():
    found = CandidatePass({"code": "[0-9]{6}", "mark": "密\\s*级"})
    assert found.hits("学号 202401 \ud800 密级") == {"code", "mark"}
    assert found.hits("\udfff") == frozenset()
