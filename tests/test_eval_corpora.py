"""Accuracy on real annotated text (../shared/eval), when it is present beside the checkout.

The corpora are evaluation data only: read here, never bundled. The thresholds are
below what bench/eval_bdci.py measures today, so a regression fails the suite.
"""

from pathlib import Path

import pytest

BDCI = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pii_bdci2020_privacy_train" / "bdci2020_privacy_train.spans.jsonl"


@pytest.mark.skipif(not BDCI.is_file(), reason="shared/eval corpora not present")
def test_bdci2020_phone_and_email_accuracy():
    from bench.eval_bdci import load_corpus, score

    scores = score(load_corpus(BDCI), "strict")
    assert scores["EMAIL"].labels == 259 and scores["PHONE"].labels == 277
    assert scores["EMAIL"].precision >= 0.97 and scores["EMAIL"].recall >= 0.95
    assert scores["PHONE"].precision >= 0.93 and scores["PHONE"].recall >= 0.80


def test_generated_identifier_corpus_meets_the_issue_goals():
    import screening
    from bench.corpus import generate_labelled_documents
    from bench.eval_identifiers import TypeScore, score_document

    scores: dict[str, TypeScore] = {}
    for doc in generate_labelled_documents(count=60, seed=5):
        scores.update({span.entity_type: scores.get(span.entity_type, TypeScore()) for span in doc.spans})
        findings = screening.scan_text(doc.text, policy="strict").findings
        for finding in findings:
            scores.setdefault(finding.entity_type, TypeScore())
        score_document(doc, findings, scores)
    assert scores["CN_RESIDENT_ID"].precision >= 0.99 and scores["CN_RESIDENT_ID"].recall >= 0.99
    for entity in ("CN_MOBILE_PHONE", "BANK_CARD", "EMAIL_ADDRESS"):
        assert scores[entity].precision >= 0.98 and scores[entity].recall >= 0.98, entity
