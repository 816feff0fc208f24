"""The spaCy `zh` NLP engine Presidio runs on: a blank pipeline with spaCy's character
segmenter, which needs no model package and no download.

Our recognizers work on characters and the context enhancer on raw text, so nothing
here computes lemmas or keywords (Chinese has no lemmas; Presidio would spend a
vocabulary lookup per character on keywords nobody reads). The spaCy Doc is still
built, so a later NER component (names) plugs into the same artifacts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

LANGUAGE = "zh"


class ChineseNlpEngine(NlpEngine):
    def __init__(self) -> None:
        self._loaded = False
        self._nlp = None

    def load(self) -> None:
        # Ready at once; the spaCy pipeline itself (~0.2 s: spaCy's language registry) is built
        # on the first text to tokenize, which none of the bundled recognizers asks for.
        self._loaded = True

    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def pipeline(self):
        """The blank `zh` spaCy pipeline, built on first use."""
        if self._nlp is None:
            # imported here, not with the module: the engine needs spaCy only to tokenize (today
            # presidio_analyzer imports it anyway, through nlp_engine.nlp_artifacts)
            import spacy

            self._nlp = spacy.blank(LANGUAGE)
        return self._nlp

    def no_artifacts(self) -> NlpArtifacts:
        """Artifacts without tokens, for analyses whose recognizers read none (no spaCy run)."""
        return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=LANGUAGE)

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
        return self._artifacts(self.pipeline(text))

    def process_batch(self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs) -> Iterator:
        texts = list(texts)
        for text, doc in zip(texts, self.pipeline.pipe(texts, batch_size=batch_size)):
            yield text, self._artifacts(doc)

    def is_stopword(self, word: str, language: str) -> bool:
        return self.pipeline.vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        return self.pipeline.vocab[word].is_punct

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]
