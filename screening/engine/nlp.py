"""The spaCy `zh` NLP engine Presidio runs on: a blank pipeline with spaCy's character
segmenter, which needs no model package and no download.

Our recognizers work on characters and the context enhancer on raw text, so nothing
here computes lemmas or keywords (Chinese has no lemmas; Presidio would spend a
vocabulary lookup per character on keywords nobody reads). The spaCy Doc is still
built, so a later NER component (names) plugs into the same artifacts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

LANGUAGE = "zh"


class ChineseNlpEngine(NlpEngine):
    def __init__(self) -> None:
        self._nlp = None

    def load(self) -> None:
        self._nlp = spacy.blank(LANGUAGE)

    def is_loaded(self) -> bool:
        return self._nlp is not None

    def _artifacts(self, doc) -> NlpArtifacts:
        return NlpArtifacts(
            entities=list(doc.ents),
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[],
            nlp_engine=self,
            language=LANGUAGE,
        )

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._artifacts(self._nlp(text))

    def process_batch(self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs) -> Iterator:
        texts = list(texts)
        for text, doc in zip(texts, self._nlp.pipe(texts, batch_size=batch_size)):
            yield text, self._artifacts(doc)

    def is_stopword(self, word: str, language: str) -> bool:
        return self._nlp.vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        return self._nlp.vocab[word].is_punct

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]
