"""The shipped Chinese name model: a char + bigram BiLSTM-CRF tagger (PER/LOC/ORG), run with
onnxruntime (screening.engine.name_tagger holds the runtime; tools/train_names.py trains and exports it
on the MSRA training split; screening/engine/models/MODEL_CARD.md has its data, command and figures).

The name recognizer keeps PER and uses LOC/ORG only to tell 中山大学 from a person. Offsets
are string indices: the model reads one character per step.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from screening.engine.name_tagger import META_NAME, ONNX_NAME, NameTagger

MODEL_PATH = Path(__file__).parent / "models" / "names"

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _loaded_model(path: Path) -> NameTagger:
    return NameTagger(path)


def load_model() -> NameTagger:
    """The name tagger, loaded once per process (about 0.3 s)."""
    with _lock:
        return _loaded_model(MODEL_PATH)


def model_available() -> bool:
    return (MODEL_PATH / ONNX_NAME).is_file() and (MODEL_PATH / META_NAME).is_file()


def predict_entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) character spans per text, labels PER/LOC/ORG."""
    return load_model().predict_entities(texts)
