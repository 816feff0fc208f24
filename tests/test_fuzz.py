"""Property-based tests (Hypothesis) over the engine and the readers, on a short budget.

The budget is small and derandomized here, so every CI run checks the same examples and stays
fast; `python bench/fuzz.py` runs the same properties long and with fresh randomness, and what it
finds becomes a test below.
"""

from __future__ import annotations

import random

import pytest
from fuzzing import FILE_BUDGET, SAMPLE_FILES, TEXT_BUDGET, mutate, prose, report_text, resident_ids, texts_with_identifiers
from hypothesis import given
from hypothesis import strategies as st

import screening
from screening.api import scan_bytes
from screening.sources.document import Limits

@TEXT_BUDGET
@given(texts_with_identifiers())
def test_any_text_is_screened_and_nothing_raw_leaves_in_a_report(planted):
    result = screening.scan_text(planted.text)
    assert result.error is None
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(planted.text)
        assert finding.text is None  # values only when asked for
    shown = report_text(result)
    for value in planted.values:
        assert value not in shown


@TEXT_BUDGET
@given(resident_ids(), prose(), prose())
def test_a_labelled_id_is_found_at_its_place_whatever_prose_surrounds_it(value, before, after):
    text = f"{before}\n身份证号：{value}\n{after}"
    start = text.index(value)
    found = [f for f in screening.scan_text(text).findings if f.entity_type == "CN_RESIDENT_ID"]
    assert [(f.start, f.end) for f in found] == [(start, start + len(value))]
    assert found[0].action == "block" and value not in found[0].preview


@TEXT_BUDGET
@given(st.text(max_size=200))
def test_any_unicode_string_is_screened_without_an_exception(text):
    # lone surrogates, control characters, every plane
    result = screening.scan_text(text)
    assert all(0 <= f.start < f.end <= len(text) for f in result.findings)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.name)
@FILE_BUDGET
@given(how=st.sampled_from(("flip", "truncate", "drop-part")), seed=st.integers(0, 2**32 - 1))
def test_a_damaged_file_is_a_per_file_result_never_an_exception(sample, how, seed):
    data = mutate(sample.read_bytes(), how, random.Random(seed))
    result = scan_bytes(data, sample.name, limits=Limits(seconds_per_file=30, ocr="never"))
    assert result.verdict in ("pass", "review", "block", "error")
    if result.verdict == "error":
        assert result.error  # a reason, not a traceback


# ---- what the long run found -------------------------------------------------------------------


def test_a_lone_surrogate_beside_an_id_neither_fails_nor_moves_the_finding():
    # found by the fuzzer: OpenCC cannot encode a lone surrogate, and scan_text raised
    value = "110101195001010009"
    text = f"身份证号：{value}\ud800"
    [found] = [f for f in screening.scan_text(text).findings if f.entity_type == "CN_RESIDENT_ID"]
    assert text[found.start : found.end] == value
