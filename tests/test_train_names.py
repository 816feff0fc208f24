"""The readers of tools/train_names.py for the extra training splits (CLUENER, Weibo, Resume): label
mapping onto PER/LOC/ORG in BMES, half-width folding, Weibo's segmentation digits, and the drop of
sentences that occur in an evaluation corpus. Small inline files; no torch needed."""

from __future__ import annotations

import json

from tools import train_names as T


def test_bio_and_bmes_tags_become_mapped_spans_and_unmapped_labels_are_dropped():
    weibo = "B-PER.NAM I-PER.NAM O B-PER.NOM I-PER.NOM B-GPE.NAM I-LOC.NAM B-ORG.NAM".split()
    assert T.tagged_spans(weibo, T.WEIBO_LABELS) == [(0, 2, "PER"), (5, 6, "LOC"), (6, 7, "LOC"), (7, 8, "ORG")]
    resume = "B-NAME E-NAME S-NAME B-TITLE E-TITLE B-ORG M-ORG E-ORG O".split()
    assert T.tagged_spans(resume, T.RESUME_LABELS) == [(0, 2, "PER"), (2, 3, "PER"), (5, 8, "ORG")]


def test_spans_to_bmes_skips_a_span_that_overlaps_one_already_placed():
    tags, skipped = T.spans_to_bmes(6, [(0, 3, "ORG"), (2, 4, "PER"), (5, 6, "LOC")])
    assert tags == ["B-ORG", "M-ORG", "E-ORG", "O", "O", "S-LOC"]
    assert skipped == 1


def test_weibo_tokens_lose_their_segmentation_digits(tmp_path):
    path = tmp_path / "weibo.train"
    path.write_text("我0\tO\n叫1\tO\n张0\tB-PER.NAM\n三1\tI-PER.NAM\n３0\tO\np10\tO\n\ufffd\ufffd0\tO\n\n"
                    "北0\tB-GPE.NAM\n京1\tI-GPE.NAM\n宾0\tB-LOC.NOM\n馆1\tI-LOC.NOM\n", encoding="utf-8")
    assert T.read_weibo(path) == [
        ("我叫张三3p\ufffd", ["O", "O", "B-PER", "E-PER", "O", "O", "O"], 0),  # ３ folded to half-width
        ("北京宾馆", ["B-LOC", "E-LOC", "O", "O"], 0),  # a nominal mention is no name
    ]


def test_cluener_records_one_per_line_or_pretty_printed(tmp_path):
    records = [
        {"text": "浙商银行的叶老桂在杭州", "label": {"company": {"浙商银行": [[0, 3]]}, "name": {"叶老桂": [[5, 7]]},
                                           "address": {"杭州": [[9, 10]]}}},
        {"text": "玩ＣＳＯＬ", "label": {"game": {"ＣＳＯＬ": [[1, 4]]}}},
    ]
    for text in ("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                 "\n".join(json.dumps(r, ensure_ascii=False, indent=2) for r in records)):
        (tmp_path / "train.json").write_text(text, encoding="utf-8")
        assert T.read_cluener(tmp_path / "train.json") == [
            ("浙商银行的叶老桂在杭州", ["B-ORG", "M-ORG", "M-ORG", "E-ORG", "O", "B-PER", "M-PER", "E-PER", "O", "B-LOC", "E-LOC"], 0),
            ("玩CSOL", ["O"] * 5, 0),  # a game is none of PER/LOC/ORG
        ]


def test_resume_reads_bmes_columns(tmp_path):
    (tmp_path / "train.char.bmes").write_text("高 B-NAME\n勇 E-NAME\n， O\n男 O\n\n任 O\n董 B-TITLE\n事 E-TITLE\n", encoding="utf-8")
    assert T.read_resume(tmp_path / "train.char.bmes") == [("高勇，男", ["B-PER", "E-PER", "O", "O"], 0),
                                                           ("任董事", ["O", "O", "O"], 0)]


def test_sentences_in_an_evaluation_corpus_are_dropped_before_the_dev_split():
    sentences = [(f"句子{n}", ["O"] * (len(str(n)) + 2)) for n in range(45)]
    train, dev = [], {}
    stats = T.split_corpus("toy", sentences, {"句子3", "句子40"}, train, dev)
    assert stats["dropped_in_eval"] == 2 and stats["train"] + stats["dev"] == 43
    assert [text for text, _ in dev["toy"]] == ["句子20", "句子41"]  # every 20th of the 43 kept
    assert not {"句子3", "句子40"} & {text for text, _ in train}


def test_lexicon_features_mark_where_dictionary_words_and_names_begin_continue_and_end(tmp_path):
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("北京大学 100 nt\n王小明 5 nr\n小明 9 nr\n大 8 a\n", encoding="utf-8")
    featurizer = T.LexiconFeaturizer(["王", "小"], ["王小"], dictionary)
    found = featurizer.lexicon_features("王小明在北京大学")
    # columns: any word B, M, E; a name (nr) B, M, E
    assert found[0].tolist() == [1, 0, 0, 1, 0, 0]  # 王 begins 王小明
    assert found[1].tolist() == [1, 1, 0, 1, 1, 0]  # 小 continues 王小明 and begins 小明
    assert found[2].tolist() == [0, 0, 1, 0, 0, 1]  # 明 ends both
    assert found[3].tolist() == [0] * 6  # 在: no word of two characters or more
    assert found[4:].tolist() == [[1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0]]
