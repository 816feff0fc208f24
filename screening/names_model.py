"""The shipped Chinese name model: a small spaCy `ner` pipeline over single characters.

The model lives in `screening/models/names/` (trained by `tools/train_names.py` on the MSRA
training split; see its MODEL_CARD.md). It predicts PER, LOC and ORG; the name recognizer keeps
PER and uses LOC/ORG only to tell 中山大学 from a person.

Why characters and a bigram feature: Chinese has no spaces, and a word segmenter (jieba,
pkuseg) would cut names it does not know. One token per character keeps offsets equal to
string indices, and hashing each character with its right neighbour into the NORM attribute
gives the encoder the bigram statistics (张伟, 伟说) that character NER relies on, without a
vocabulary file. The hash is stored, not the string, so the model carries no bigram list.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

MODEL_PATH = Path(__file__).parent / "models" / "names"
FEATURES_COMPONENT = "screening_char_features"
# A token that stands for any whitespace: the training text has none, and one symbol keeps
# newlines and spaces from looking like rare characters.
SPACE_TOKEN = "␣"


@Language.component(FEATURES_COMPONENT)
def add_char_bigrams(doc: Doc) -> Doc:
    """Store the hash of each character joined to the next one in `token.norm`."""
    words = [token.text for token in doc]
    words.append("")
    hashes = numpy.fromiter((get_string_id(words[i] + words[i + 1]) for i in range(len(doc))), dtype="uint64", count=len(doc))
    return doc.from_array([NORM], hashes.reshape(-1, 1))


def char_doc(vocab, text: str) -> Doc:
    """A Doc with one token per character, whitespace folded into SPACE_TOKEN."""
    words = [SPACE_TOKEN if ch.isspace() else ch for ch in text]
    return Doc(vocab, words=words, spaces=[False] * len(words))


@lru_cache(maxsize=1)
def _loaded_model() -> Language:
    return spacy.load(MODEL_PATH)


_lock = threading.Lock()


def load_model() -> Language:
    """The name pipeline, loaded once per process (about 0.3 s)."""
    with _lock:
        return _loaded_model()


def model_available() -> bool:
    return (MODEL_PATH / "config.cfg").is_file()


def predict_entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) character spans per text, labels PER/LOC/ORG."""
    nlp = load_model()
    docs = (char_doc(nlp.vocab, text) for text in texts)
    return [[(ent.start, ent.end, ent.label_) for ent in doc.ents] for doc in nlp.pipe(docs, batch_size=64)]
