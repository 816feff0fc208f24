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
    tag_index = {t: i for i, t in enumerate(T.TAGS)}
    for name, relative in CORPORA.items():
        rows = [json.loads(line) for line in (T.EVAL_DIR / relative).open(encoding="utf-8")]
        # gold PER spans as BMES tags: the training script's own dev scoring reads them (exact span, micro)
        items = [(to_halfwidth(row["text"]), T.spans_to_bmes(len(row["text"]), [tuple(s) for s in row["spans"]])[0])
                 for row in rows]
        p, r, f = T.dev_scores(model, items, featurizer, tag_index)["PER"]
        print(f"{args.out.name} {name:12} P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
