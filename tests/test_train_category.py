"""tools/train_category.py: the category model's training on the committed labelled notices."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import train_category  # noqa: E402

from screening.engine.category_model import CategoryModel  # noqa: E402


@pytest.fixture(scope="module")
def dev_notices() -> list[dict]:
    with open(train_category.NOTICES, encoding="utf-8") as handle:
        return [n for n in map(json.loads, filter(str.strip, handle)) if n["split"] == "dev"]


def test_a_model_fitted_to_notices_reads_them_and_survives_its_json(dev_notices):
    rows = [train_category.notice_features(n) for n in dev_notices]
    labels = [n["label"] for n in dev_notices]
    model = train_category.model_of(rows, labels, l2=1.0, min_probability=0.0)
    predicted = [model.predict(row).label for row in rows]
    assert sum(p == g for p, g in zip(predicted, labels)) / len(labels) >= 0.95  # it can fit what it learnt from
    again = CategoryModel.from_dict(json.loads(json.dumps(model.to_dict())))
    assert [again.predict(row).label for row in rows] == predicted


def test_the_measuring_splits_are_refused_for_training():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "train_category.py"), "--train", "dev,test3", "--cross-validate"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "for measuring only" in result.stderr
