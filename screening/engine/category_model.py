"""The learned half of the document category: a linear model over what a notice says.

The keyword table (`screening.engine.category`) reads well and argues well, but written against
a few hundred notices it does not generalise to pages it was not written against (0.661 on a
collection never used while writing it). This model reads what the keyword table reads — its
points per place and category and the genre it sees (a news report, a policy document) — and
beside it the character n-grams of the title (1–4), the table headers and the body's opening (2),
each weighed per category by a multinomial logistic regression trained on labelled real notices
(`tools/train_category.py`, from `bench/data/notices.jsonl`). Every weight belongs to a
readable feature, so the model's evidence is still words (``模型：标题「拟聘用」``).

The model ships as JSON beside the name model (`models/category.json`, 1.2 MB, read once on the
first classification); without it the keyword table decides alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from recognizers.person_name import COMPOUND_SURNAMES, SINGLE_SURNAMES

if TYPE_CHECKING:  # numpy is imported on the first classification: `--help` and `policy list` read CATEGORIES only
    import numpy as np

MODEL_FILE = Path(__file__).parent / "models" / "category.json"
BODY_CHARS = 600  # the opening that says what a notice is; the rest repeats it or lists names
TITLE_CHARS = 60
_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_PLACES = {"t": "标题", "h": "表头", "b": "正文"}


def _grams(text: str, sizes: Iterable[int]) -> set[str]:
    """The character n-grams inside runs of Han, Latin and digit characters, digits folded to 0.

    >>> sorted(_grams("2024年拟聘用", (2,)))
    ['00', '0年', '年拟', '拟聘', '聘用']
    """
    grams: set[str] = set()
    for run in _RUN.findall(_DIGIT.sub("0", text)):
        for size in sizes:
            grams.update(run[i : i + size] for i in range(len(run) - size + 1))
    return grams


def features(title: str, headers: str, body: str, points: Mapping[str, float], genre: str | None) -> dict[str, float]:
    """A document's features: the keyword table's points per place and category (`points`, keyed
    ``title:personnel``; its threshold = 1), the genre it sees, and the n-grams of the title (1–4),
    the headers (2) and the body's opening (2).

    >>> sorted(features("拟聘用人员公示", "", "", {"title:personnel": 6.0}, None))[:4]
    ['kw:plain:title:personnel', 'kw:title:personnel', 't:人', 't:人员']
    """
    table = {key: min(value, 12.0) / 3.0 for key, value in points.items() if value}
    found: dict[str, float] = {f"kw:{key}": value for key, value in table.items()}
    if genre:
        found[f"genre:{genre.split('：', 1)[0]}"] = 1.0
    else:  # the table's points where no news or policy genre discounts them (their meaning differs)
        found.update({f"kw:plain:{key}": value for key, value in table.items()})
    for place, grams in (("t", _grams(title[:TITLE_CHARS], (1, 2, 3, 4))), ("h", _grams(headers, (2,))),
                         ("b", _grams(body[:BODY_CHARS], (2,)))):
        for gram in grams:
            found[f"{place}:{gram}"] = 1.0
    return found


def describe(feature: str) -> str:
    """A feature as a reviewer reads it.

    >>> describe("t:拟聘用"), describe("genre:新闻报道")
    ('模型：标题「拟聘用」', '模型：新闻报道')
    """
    kind, _, value = feature.partition(":")
    return f"模型：{_PLACES[kind]}「{value}」" if kind in _PLACES else f"模型：{value}"


def _shown(feature: str) -> bool:
    """Whether a feature may be named as a reason: never the table's points (its evidence names them),
    never a body n-gram (the body is where the people are: 小红 of 王小红 holds no surname character)
    and never a title or header n-gram with a surname character in it, which may be part of a
    person's name — reports show no unmasked name.

    >>> _shown("t:仪式"), _shown("t:王伟"), _shown("b:获评"), _shown("kw:title:personnel"), _shown("genre:新闻报道")
    (True, False, False, False, True)
    """
    kind, _, value = feature.partition(":")
    if kind in ("kw", "b"):
        return False
    return kind not in _PLACES or not (SINGLE_SURNAMES.intersection(value) or any(s in value for s in COMPOUND_SURNAMES))


@dataclass(frozen=True)
class Prediction:
    label: str
    reasons: tuple[str, ...]  # the features that pushed most towards `label`, strongest first


@dataclass(frozen=True)
class CategoryModel:
    """Weights per feature and label; a label below `min_probability` is not trusted (general)."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]
    min_probability: float

    @classmethod
    def from_dict(cls, data: Mapping) -> CategoryModel:
        # the weight lists are kept as JSON gives them: converting 18 k of them costs a CLI start ~0.1 s
        return cls(tuple(data["labels"]), tuple(data["bias"]), data["weights"], float(data["min_probability"]))

    def to_dict(self) -> dict:
        return {"labels": list(self.labels), "bias": list(self.bias), "min_probability": self.min_probability,
                "weights": {f: list(w) for f, w in self.weights.items()}}

    @cached_property
    def _table(self) -> tuple[dict[str, int], np.ndarray]:
        """Each feature's row, and the weights as one matrix: a document's ~1,000 features are then
        one gather and one product instead of a Python loop over every label (built once, ~10 ms)."""
        import numpy as np

        rows = {feature: row for row, feature in enumerate(self.weights)}
        return rows, np.array(list(self.weights.values()), dtype=np.float64).reshape(len(rows), len(self.labels))

    def _known(self, found: Mapping[str, float]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The features the model has weights for, their rows of the matrix and their values."""
        import numpy as np

        rows, _ = self._table
        known = [feature for feature in found if feature in rows]
        return known, np.fromiter((rows[f] for f in known), dtype=np.intp, count=len(known)), \
            np.fromiter((found[f] for f in known), dtype=np.float64, count=len(known))

    def probabilities(self, found: Mapping[str, float]) -> list[float]:
        return self._softmax(*self._known(found)[1:]).tolist()

    def _softmax(self, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
        import numpy as np

        logits = np.asarray(self.bias, dtype=np.float64) + values @ self._table[1][rows]
        exps = np.exp(logits - logits.max())
        return exps / exps.sum()

    def predict(self, found: Mapping[str, float], reasons: int = 3) -> Prediction:
        import numpy as np

        known, rows, values = self._known(found)
        probabilities = self._softmax(rows, values)
        best = int(probabilities.argmax())
        label = self.labels[best]
        if probabilities[best] < self.min_probability and "general" in self.labels:
            label, best = "general", self.labels.index("general")
        # the words that pushed (the keyword table's points are not words: its own evidence names them);
        # `_shown` only on the strongest, in order: it tests every compound surname (a thousand features a document)
        pushes = self._table[1][rows, best] * values
        shown: list[str] = []
        for position in np.argsort(-pushes, kind="stable"):
            if pushes[position] <= 0 or len(shown) == reasons:
                break
            if _shown(known[position]):
                shown.append(describe(known[position]))
        return Prediction(label, tuple(shown))


@lru_cache(maxsize=1)
def shipped_model() -> CategoryModel | None:
    """The model shipped in the package, or None (the keyword table then decides alone)."""
    try:
        return CategoryModel.from_dict(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
