"""The checks that let the matchers pass over a text: they may skip work, never a match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler

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
    skipped = skipped_doc = 0
    for text in TEXTS:
        doc = nlp.make_doc(text)
        if not needs.met(text):
            skipped += 1
            assert matcher(doc) == [], text
        if not needs.met_by_tokens(doc):
            skipped_doc += 1
            assert matcher(doc) == [], text
    assert 0 < skipped <= skipped_doc < len(TEXTS)


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


def test_words_are_checked_against_whole_tokens() -> None:
    nlp = build_nlp()
    words = Needs([[{"LOWER": {"IN": ["council", "board"]}}], [{"ORTH": "NHS", "OP": "+"}]])
    assert words.met_by_tokens(nlp.make_doc("the COUNCIL met"))
    assert words.met_by_tokens(nlp.make_doc("an NHS body"))
    assert not words.met_by_tokens(nlp.make_doc("the nhs met"))  # "NHS" is matched by its text
    assert not words.met_by_tokens(nlp.make_doc("Councillors met on the boardwalk"))
    assert not words.met_by_tokens(nlp.make_doc(""))


_RULER_WORDS = ["£", "%", "m", "million", "pounds", "per", "cent", "percent", "Red", "GREEN"]
_RULER_WORDS += ["amber", "Blue", "belt", "1,200", "4.5", "12", "2024/25", "rated", "the"]
_RULER_WORDS += ["Council", "-", "/", "(", ")", "£3m", "5%", "redeem", "greenery", "\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_RULER_WORDS), max_size=12), st.sampled_from([" ", "", "\n"]))
def test_the_gated_ruler_finds_what_spacys_ruler_finds(words: list[str], sep: str) -> None:
    """The pipeline's ruler passes over a Doc only where spaCy's own, with the same
    patterns, finds nothing; where it runs, it is spaCy's own."""
    nlp = build_nlp()
    gated = nlp.get_pipe("entity_ruler")
    stock = EntityRuler(nlp, "stock", overwrite_ents=True)
    stock.add_patterns(
        [*_read_jsonl("money.jsonl"), *_read_jsonl("percent.jsonl"), *_read_jsonl("rag.jsonl")]
    )
    text = sep.join(words)
    want = [(e.start, e.end, e.label_) for e in stock(nlp.make_doc(text)).ents]
    got = [(e.start, e.end, e.label_) for e in gated(nlp.make_doc(text)).ents]
    assert got == want
    if want:
        assert gated.needs.met_by_tokens(nlp.make_doc(text))


def test_the_gated_ruler_does_pass_over_texts() -> None:
    gated = build_nlp().get_pipe("entity_ruler")
    assert not gated.needs.always
    assert not gated.needs.met_by_tokens(build_nlp().make_doc("The savings were delivered."))
    assert gated.needs.met_by_tokens(build_nlp().make_doc("Savings of £3m, rated Green."))
