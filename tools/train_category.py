"""Train the category model (screening/engine/category_model.py) on labelled real notices.

    python tools/train_category.py                       # train on the training splits, write the model
    python tools/train_category.py --cross-validate      # 5 folds by site over the training splits only

The notices are ``bench/data/notices.jsonl`` (real pages, pseudonymised; tools/build_devsets.py).
Trained on the splits named by --train (default: ``dev``, ``holdout`` and ``train3``); ``test``,
``holdout2`` and ``test3`` are never read here — bench/eval_category.py measures on them. The
regularisation and the probability below which a label is not trusted (the document is then
``general``) are chosen by cross-validation over sites of the training splits. The model is a
multinomial logistic regression fitted by full-batch gradient descent with numpy: a few hundred
documents and a few thousand features need nothing bigger (no scikit-learn at run time or here).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.eval_category import NOTICES, document_text  # noqa: E402
from screening.engine.category import CATEGORIES, category_features, classify, model_decides  # noqa: E402
from screening.engine.category_model import MODEL_FILE, CategoryModel  # noqa: E402
from tools.build_devsets import site_of  # noqa: E402

LABELS = tuple(CATEGORIES)
L2_CHOICES = (0.3, 1.0, 3.0)
MIN_PROBABILITY_CHOICES = (0.0, 0.3, 0.4, 0.5)
MIN_DOCUMENT_FREQUENCY = 2
KEYWORD_L2 = 0.1
PRUNE_BELOW = 0.01  # a feature whose every weight is smaller is dropped: a third of the file, and of the load at start-up
STEPS = 300


def notice_reading(notice: dict) -> tuple[str, str]:
    """(title, text) of a notice as a scan sees it (its title the first line)."""
    lines = [line for line in document_text(notice).splitlines() if line.strip()]
    return (lines[0].strip() if lines else ""), "\n".join(lines)


def notice_features(notice: dict) -> dict[str, float]:
    return category_features(*notice_reading(notice), ())


def vocabulary(rows: list[dict[str, float]]) -> list[str]:
    frequency = Counter(feature for row in rows for feature in row)
    return sorted(f for f, n in frequency.items() if n >= MIN_DOCUMENT_FREQUENCY or f.startswith(("kw:", "genre:")))


def matrix(rows: list[dict[str, float]], columns: dict[str, int]) -> np.ndarray:
    x = np.zeros((len(rows), len(columns)))
    for i, row in enumerate(rows):
        for feature, value in row.items():
            if (j := columns.get(feature)) is not None:
                x[i, j] = value
    return x


def fit(x: np.ndarray, y: np.ndarray, l2: np.ndarray, rate: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression, classes weighted to equal total mass, L2 per feature (`l2`, one a column;
    none on the bias); Adam."""
    n, d = x.shape
    k = len(LABELS)
    counts = np.bincount(y, minlength=k).astype(np.float64)
    sample_weight = (n / (k * np.maximum(counts, 1)))[y]
    onehot = np.eye(k)[y]
    w, b = np.zeros((d, k)), np.zeros(k)
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    beta1, beta2 = 0.9, 0.999
    for step in range(1, STEPS + 1):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - onehot) * sample_weight[:, None] / n
        grad_w = x.T @ error + l2[:, None] * w / n
        grad_b = error.sum(axis=0)
        for parameter, grad, m, v in ((w, grad_w, moments[0], moments[1]), (b, grad_b, moments[2], moments[3])):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            parameter -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return w, b


def model_of(rows: list[dict[str, float]], labels: list[str], l2: float, min_probability: float) -> CategoryModel:
    columns = {f: j for j, f in enumerate(vocabulary(rows))}
    y = np.array([LABELS.index(label) for label in labels])
    # The keyword table's points and the genre are few, dense and meant: weighed freely (lightly
    # held); the n-grams are many and sparse: held by `l2`.
    penalties = np.array([KEYWORD_L2 if f.startswith(("kw:", "genre:")) else l2 for f in columns])
    w, b = fit(matrix(rows, columns), y, penalties)
    weights = {f: tuple(round(float(v), 3) for v in w[j]) for f, j in columns.items() if np.abs(w[j]).max() >= PRUNE_BELOW}
    return CategoryModel(LABELS, tuple(round(float(v), 4) for v in b), weights, min_probability)


def folds_by_site(notices: list[dict], count: int = 5) -> list[int]:
    return [int(hashlib.sha256(site_of(n["url"]).encode()).hexdigest(), 16) % count for n in notices]


def cross_validate(notices: list[dict], rows: list[dict[str, float]]) -> tuple[float, float, dict, dict]:
    """(best l2, best min_probability, accuracy of every setting, the same on train3's notices alone)
    over 5 folds by site."""
    fold = folds_by_site(notices)
    labels = [n["label"] for n in notices]
    # as classify() decides: the model where it may, the keyword table elsewhere
    decides = [model_decides(*notice_reading(n)) for n in notices]
    table = [classify(*notice_reading(n), learned=False).label for n in notices]
    results, results_fresh = {}, {}
    for l2 in L2_CHOICES:
        predictions = {p: [None] * len(rows) for p in MIN_PROBABILITY_CHOICES}
        for held in range(5):
            train = [i for i in range(len(rows)) if fold[i] != held]
            model = model_of([rows[i] for i in train], [labels[i] for i in train], l2, 0.0)
            for i in (i for i in range(len(rows)) if fold[i] == held):
                probabilities = model.probabilities(rows[i])
                best = int(np.argmax(probabilities))
                for threshold in MIN_PROBABILITY_CHOICES:
                    label = LABELS[best] if probabilities[best] >= threshold else "general"
                    predictions[threshold][i] = label if decides[i] else table[i]
        for threshold, predicted in predictions.items():
            results[(l2, threshold)] = sum(p == g for p, g in zip(predicted, labels)) / len(labels)
            # the notices the keyword table was never written against (train3) tell how it generalises
            fresh = [i for i, n in enumerate(notices) if n["split"] == "train3"]
            if fresh:
                results_fresh[(l2, threshold)] = sum(predicted[i] == labels[i] for i in fresh) / len(fresh)
    (l2, threshold), _ = max(results.items(), key=lambda item: (item[1], -item[0][1]))
    return l2, threshold, results, results_fresh


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default="dev,holdout,train3", help="splits of bench/data/notices.jsonl to train on")
    parser.add_argument("--cross-validate", action="store_true", help="only report the 5-fold accuracy of each setting")
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    splits = set(args.train.split(","))
    if splits & {"test", "holdout2", "test3"}:
        parser.error("test, holdout2 and test3 are for measuring only")
    with open(NOTICES, encoding="utf-8") as handle:
        notices = [n for n in map(json.loads, filter(str.strip, handle)) if n["split"] in splits]
    rows = [notice_features(n) for n in notices]
    print(f"{len(notices)} notices from {len({site_of(n['url']) for n in notices})} sites: {dict(Counter(n['label'] for n in notices))}")
    l2, threshold, results, results_fresh = cross_validate(notices, rows)
    for (choice_l2, choice_threshold), accuracy in sorted(results.items()):
        fresh = results_fresh.get((choice_l2, choice_threshold))
        print(f"  l2 {choice_l2:<5} min_probability {choice_threshold:<4} 5-fold accuracy {accuracy:.3f}"
              + (f" (train3 alone {fresh:.3f})" if fresh is not None else ""))
    print(f"chosen: l2 {l2}, min_probability {threshold} ({results[(l2, threshold)]:.3f})")
    if args.cross_validate:
        return 0
    model = model_of(rows, [n["label"] for n in notices], l2, threshold)
    args.output.write_text(json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.output.relative_to(ROOT)}: {len(model.weights)} features, {args.output.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
