"""The check that lets the form matchers pass over a text: it may skip work, never a match."""

from __future__ import annotations

import pytest
from spacy.matcher import Matcher

from pipeline.tagging.forms import _FormFinder, _read
from pipeline.tagging.needs import Needs
from pipeline.tagging.nlp import _read_jsonl, build_nlp

TEXTS = [
    "Kent County Council will pay the Kent and Medway Business Fund £2m in 2024/25.",
    "Maidstone and Tunbridge Wells NHS Trust and the Department for Education agreed.",
    "The savings were delivered on time and the budget balanced.",
    "Payments to Hodson Developments Ltd rose; the Troubled Families Grant ended.",
    "NHS Kent and Medway Integrated Care Board (the ICB) funds the scheme.",
    "Money for  schools\nwas   spent",
    "the county council (kcc) and the grant fund",
    "",
]


@pytest.mark.parametrize("file", ["org_forms.jsonl", "fund_forms.jsonl", "partner_forms.jsonl"])
def test_a_text_passed_over_is_one_the_matcher_finds_nothing_in(file: str) -> None:
    nlp = build_nlp()
    rows = _read_jsonl(file) if file.startswith("partner") else _read(file)
    needs = Needs(row["pattern"] for row in rows)
    assert not needs.always  # every form names a head word: the check does skip work
    matcher = Matcher(nlp.vocab)
    for i, row in enumerate(rows):
        matcher.add(str(i), [row["pattern"]])
    skipped = 0
    for text in TEXTS:
        doc = nlp.make_doc(text)
        if not needs.met(text):
            skipped += 1
            assert matcher(doc) == [], text
    assert 0 < skipped < len(TEXTS)


def test_the_finder_gives_the_same_forms_with_the_check_as_without() -> None:
    nlp = build_nlp()
    finder = _FormFinder(nlp, "org_forms.jsonl")
    docs = [nlp(t) for t in TEXTS]
    with_check = [[(s.start, s.end, k) for s, k in finder.found(d)] for d in docs]
    finder.needs.always = True
    without = [[(s.start, s.end, k) for s, k in finder.found(d)] for d in docs]
    assert with_check == without
    assert any(with_check)


def test_a_pattern_with_no_word_required_lets_every_text_through() -> None:
    needs = Needs([[{"IS_TITLE": True, "OP": "+"}, {"LOWER": "council", "OP": "?"}]])
    assert needs.always and needs.met("nothing of the kind")
    words = Needs([[{"LOWER": {"IN": ["council", "board"]}}], [{"ORTH": "NHS", "OP": "+"}]])
    assert words.met("the COUNCIL met") and words.met("an NHS body")
    assert not words.met("the nhs met") and not words.met("")
    assert Needs([[{"LOWER": "straße"}]]).always  # a non-ASCII lower case: not checked
