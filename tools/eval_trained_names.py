"""PER exact-span P/R/F1 of a training run's best.pt — the float torch model alone, Viterbi-decoded as at
run time — on the evaluation corpora of ../shared/eval. For comparing training arms that have no export
(`tools/train_names.py --lexicon`) with one that has; `bench/eval_names.py --model OUT` reads exports.

    python tools/eval_trained_names.py OUT [--lexicon DICT] [--hidden 96] [--extra DIR]

Needs the `train` extra (torch) and the training data tools/train_names.py read (its vocabulary is rebuilt
from them, as the run built it). Options must match the run's (--hidden, --lexicon).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers.textnorm import to_halfwidth  # noqa: E402
from screening.engine.name_tagger import length_batches, tags_to_spans, viterbi  # noqa: E402
from tools import train_names as T  # noqa: E402

CORPORA = {
    "msra_test": "ner_msra_test/msra_test.per.jsonl",
    "cluener_dev": "ner_cluener2020_dev/cluener_dev.per.jsonl",
    "weibo_test": "ner_weibo_test/weibo_test.per.jsonl",
    "resume_test": "ner_resume_test/resume_test.per.jsonl",
}


def main() -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the run's folder (best.pt)")
    parser.add_argument("--lexicon", type=Path, help="the dictionary the run was trained with")
    parser.add_argument("--hidden", type=int, default=96)
    parser.add_argument("--extra", type=Path, default=T.WORK / "extra")
    args = parser.parse_args()
    train_set, _ = T.load_data(T.WORK, args.extra, T.EVAL_DIR)
    chars, bigrams = T.build_vocab(train_set, 3, 2)
    featurizer = T.LexiconFeaturizer(chars, bigrams, args.lexicon) if args.lexicon else T.Featurizer(chars, bigrams)
    options = argparse.Namespace(char_dim=100, bigram_dim=100, hidden=args.hidden, dropout=0.4)
    model = T.make_model(len(chars) + 2, len(bigrams) + 2, len(T.TAGS), options, T.LEXICON_DIM if args.lexicon else 0)
    model.load_state_dict(torch.load(args.out / "best.pt"))
    model.eval()
    trans, start, end = (p.detach().numpy() for p in model.crf_params())
    tag_index = {t: i for i, t in enumerate(T.TAGS)}
    for name, relative in CORPORA.items():
        rows = [json.loads(line) for line in (T.EVAL_DIR / relative).open(encoding="utf-8")]
        items = [(to_halfwidth(row["text"]), ["O"] * len(row["text"])) for row in rows]
        golds = [{(s[0], s[1]) for s in row["spans"]} for row in rows]
        tp = predicted = gold = 0
        with torch.no_grad():
            for batch in length_batches([len(text) for text, _ in items], 128, 16384):
                c, left, right, lengths, _, _, extra = T.tensors([items[i] for i in batch], featurizer, tag_index)
                emissions = model.emissions(c, left, right, lengths, extra).numpy()
                for i, path in zip(batch, viterbi(emissions, lengths.numpy(), trans, start, end)):
                    found = {(s, e) for s, e, label in tags_to_spans(path, T.TAGS) if label == "PER"}
                    tp, predicted, gold = tp + len(found & golds[i]), predicted + len(found), gold + len(golds[i])
        p, r, f = T.prf(tp, predicted, gold)
        print(f"{args.out.name} {name:12} P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
